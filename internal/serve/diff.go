package serve

import (
	"bytes"
	"path"
	"sort"
	"strings"
)

// diff finds what changed between two builds: changed holds the files of
// cur that differ from old, or are new. A page whose only difference is
// the new name of a fingerprinted stylesheet needs no reload (it swaps
// the stylesheet), nor does one that only links to a renamed data file
// (the search index: the old one stays served); a renamed script, or any
// other difference, reloads it.
func diff(old, cur map[string]file, changed map[string]bool) Change {
	var c Change
	for name := range changed {
		switch {
		case strings.HasSuffix(name, ".css"):
			c.CSS = true
		case strings.HasSuffix(name, ".html"):
			o, ok := old[name]
			if ok && !needsReload(o.data, cur[name].data, cur) {
				continue
			}
			if u, ok := pageURL(name); ok {
				c.Pages = append(c.Pages, u)
			}
		}
	}
	sort.Strings(c.Pages)
	return c
}

// needsReload compares a page with its new version: false when they differ
// only where the old links to a fingerprinted file and the new links to
// another version of it (same name but for the hash, present in cur), and
// none of those is a script.
func needsReload(old, cur []byte, files map[string]file) bool {
	if len(old) != len(cur) {
		return true
	}
	const chunk = 4096
	for at := 0; at < len(old); {
		end := min(at+chunk, len(old))
		if bytes.Equal(old[at:end], cur[at:end]) {
			at = end
			continue
		}
		i := at
		for old[i] == cur[i] {
			i++
		}
		start := bytes.LastIndexAny(old[:i], "\"' =(<>") + 1
		stop := bytes.IndexAny(old[i:], "\"' )<>")
		if stop < 0 {
			return true
		}
		stop += i
		o, n := strings.TrimPrefix(string(old[start:stop]), "/"), strings.TrimPrefix(string(cur[start:stop]), "/")
		if b, ok := hashed(o); !ok || b != unhashedOK(n) {
			return true
		}
		if _, ok := files[n]; !ok {
			return true
		}
		if ext := path.Ext(n); ext == ".js" || ext == ".mjs" {
			return true
		}
		at = stop
	}
	return false
}

// hashed returns a fingerprinted name without its hash
// (_assets/css/site.3f2a9c1e07.css → _assets/css/site.css).
func hashed(name string) (string, bool) {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndexByte(stem, '.')
	if i < 0 || len(stem)-i-1 != 10 {
		return "", false
	}
	for _, r := range stem[i+1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return "", false
		}
	}
	return stem[:i] + ext, true
}

func unhashedOK(name string) string {
	b, ok := hashed(name)
	if !ok {
		return "\x00" // never equal to a name
	}
	return b
}

// pageURL is the URL of an HTML output file, which pages compare with
// their own location.
func pageURL(name string) (string, bool) {
	switch {
	case name == "index.html":
		return "/", true
	case strings.HasSuffix(name, "/index.html"):
		return "/" + strings.TrimSuffix(name, "index.html"), true
	case strings.HasSuffix(name, ".html"):
		return "/" + name, true
	}
	return "", false
}
