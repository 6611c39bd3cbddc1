package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/site"
)

func TestCacheReusesParsedLayouts(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/_default/baseof.html": {Data: []byte(`<link href="{{asset "css/site.css"}}">{{block "main" .}}{{end}}`)},
		"layouts/_default/single.html": {Data: []byte(`{{define "main"}}<h1>{{.Page.Title}}</h1>{{end}}`)},
	}
	var c Cache
	render := func(l *Layouts) string {
		t.Helper()
		tpl, name, ok := l.Lookup("_default/single.html")
		if !ok {
			t.Fatal("no single layout")
		}
		b, err := l.Execute(tpl, name, &Data{Page: &site.Page{Page: &content.Page{Meta: content.Meta{Title: "T"}}}})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	l1, probs := c.Load(nil, fsys, Assets{"css/site.css": "/a.css"})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	// Same files, new assets: the parsed layouts serve again, with the
	// new build's assets.
	l2, _ := c.Load(nil, fsys, Assets{"css/site.css": "/b.css"})
	if l1 != l2 {
		t.Error("unchanged layouts were parsed again")
	}
	if got := render(l2); !strings.Contains(got, `/b.css`) {
		t.Errorf("rendered %q: want the new asset name", got)
	}
	// A changed layout is parsed again.
	fsys["layouts/_default/single.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h2>changed</h2>{{end}}`)}
	l3, _ := c.Load(nil, fsys, Assets{"css/site.css": "/b.css"})
	if l3 == l2 || !strings.Contains(render(l3), "<h2>changed</h2>") {
		t.Error("a changed layout was not parsed again")
	}
	// A broken layout's problems come back every time until it is fixed.
	fsys["layouts/_default/single.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if}}{{end}}`)}
	for i := 0; i < 2; i++ {
		if _, probs := c.Load(nil, fsys, nil); len(probs) == 0 {
			t.Errorf("load %d: a broken layout gave no problem", i)
		}
	}
}
