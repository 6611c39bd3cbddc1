package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/secondround/secondround/internal/site"
)

// PageSize is how many pages a section or tag lists before the list goes on
// at .../page/2/: a list of thousands would be a page of megabytes.
const PageSize = 50

// A Pager is one page of a long list.
type Pager struct {
	Pages  []*site.Page // the part of the list on this page
	Number int          // from 1
	Total  int
	Prev   string // URL of the previous part, "" on the first
	Next   string // URL of the next part, "" on the last
}

// pagerURL is where part n of the list at base is.
func pagerURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// paginate splits the list shown by page p into parts, calling add with the
// page to render for each part: p itself for the first, and for the others
// a copy at its own URL, titled with its number, without the section's
// introduction.
func paginate(s *site.Site, p *site.Page, list []*site.Page, add func(*site.Page, *Pager)) {
	total := (len(list) + PageSize - 1) / PageSize
	if total < 1 {
		total = 1
	}
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*PageSize, n*PageSize
		if hi > len(list) {
			hi = len(list)
		}
		pg := &Pager{Pages: list[lo:hi], Number: n, Total: total}
		if n > 1 {
			pg.Prev = pagerURL(p.URL, n-1)
		}
		if n < total {
			pg.Next = pagerURL(p.URL, n+1)
		}
		page := p
		if n > 1 {
			cp, cc := *p, *p.Page
			cc.Title = fmt.Sprintf("%s, page %d of %d", p.Title, n, total)
			cp.SetSource(&cc)
			cp.URL = pagerURL(p.URL, n)
			cp.Permalink = s.Abs(cp.URL)
			cp.OutFile = strings.TrimPrefix(cp.URL, "/") + "index.html"
			cp.Content = template.HTML("")
			page = &cp
		}
		add(page, pg)
	}
}
