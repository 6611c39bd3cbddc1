package search

// RankingQueries lists the ranking table's queries for the browser test.
func RankingQueries() []string {
	var qs []string
	for _, tc := range rankingTable {
		qs = append(qs, tc.q)
	}
	return qs
}
