// Second Round: progressive enhancements. Every page reads and works
// without this script. ("/" to focus the search box lives in search.js,
// with the rest of search.)
