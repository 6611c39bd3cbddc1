package site

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/secondround/secondround/internal/content"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/slug"
)

// TagKey is what makes two spellings one tag: case, and spaces, hyphens and
// underscores between words, do not count; everything else does. Tags with
// different keys but one slug ("négociation" and "negociation", "C" and "C--")
// would share a page, so New reports them.
func TagKey(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// TagSlug is the URL word of a tag, never empty.
func TagSlug(name string) string {
	if s := slug.Tag(name); s != "" {
		return s
	}
	// A tag in a script with no ASCII letters gets a stable made-up slug.
	var h uint32 = 2166136261
	for _, c := range []byte(TagKey(name)) {
		h = (h ^ uint32(c)) * 16777619
	}
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := []byte("tag-")
	for i := 0; i < 6; i++ {
		b = append(b, digits[h%36])
		h /= 36
	}
	return string(b)
}

type tagUse struct {
	key      string
	spelling map[string]int
	files    []string
	tag      *Tag
}

func (s *Site) tags(descs []*content.Page, probs *diag.List) {
	bySlug := map[string]*tagUse{}
	// A site has far fewer spellings than tag uses: fold each once.
	type folded struct{ key, slug string }
	fold := map[string]folded{}
	for _, p := range s.Regular {
		if len(p.Page.Tags) > 0 {
			p.TagList = make([]*Tag, 0, len(p.Page.Tags))
		}
		for i, name := range p.Page.Tags {
			f, ok := fold[name]
			if !ok {
				f = folded{TagKey(name), TagSlug(name)}
				fold[name] = f
			}
			key, sl := f.key, f.slug
			u := bySlug[sl]
			if u == nil {
				u = &tagUse{key: key, spelling: map[string]int{}, tag: &Tag{Slug: sl, URL: "/tags/" + sl + "/"}}
				bySlug[sl] = u
			} else if u.key != key {
				line, col := p.Pos(fmt.Sprintf("tags.%d", i))
				probs.AddAt(p.File, line, col, "tag %q and tag %q (in %s) both become /tags/%s/: spell them the same, or rename one",
					name, firstSpelling(u), u.files[0], sl)
				continue
			}
			u.spelling[name]++
			if slices.Contains(p.TagList, u.tag) {
				continue
			}
			u.files = append(u.files, p.File)
			u.tag.Pages = append(u.tag.Pages, p)
			if p.Kind == "checklist" {
				u.tag.checklists = append(u.tag.checklists, p)
			}
			p.TagList = append(p.TagList, u.tag)
		}
	}
	for _, u := range bySlug {
		u.tag.Name = firstSpelling(u)
		s.Tags = append(s.Tags, u.tag)
	}
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].Slug < s.Tags[j].Slug })
	for _, p := range s.Pages {
		if p.Unlisted && len(p.Page.Tags) > 0 {
			probs.Warn(p.File, p.Line("tags"), "tags: a page with list: false is on no tag's page: remove its tags")
		}
	}
	for _, d := range descs {
		name := strings.TrimSuffix(d.File[strings.LastIndexByte(d.File, '/')+1:], ".md")
		u := bySlug[TagSlug(name)]
		if u == nil {
			probs.Warn(d.File, 1, "describes tag %q, which no page uses: remove the file or tag a page with it", name)
			continue
		}
		if d.TitleSet {
			u.tag.Name = d.Title
		}
		u.tag.Summary = d.Summary
		u.tag.desc = d
	}
}

// firstSpelling picks the most common spelling, and among equals the one
// that sorts first, so the choice is the same on every build.
func firstSpelling(u *tagUse) string {
	best, n := "", -1
	for sp, c := range u.spelling {
		if c > n || (c == n && sp < best) {
			best, n = sp, c
		}
	}
	return best
}

// TagsByCount returns the tags with the most pages first, then by name.
func (s *Site) TagsByCount() []*Tag {
	out := append([]*Tag(nil), s.Tags...)
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Pages) != len(out[j].Pages) {
			return len(out[i].Pages) > len(out[j].Pages)
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}

// TagsByName returns the tags in the order of their display names, as a
// reader looks one up: case and accents aside ("About this site" before
// "Écrire" before "second interviews"), then as written, then by slug.
// Tags is by slug, which sorts a tag whose title differs from its file
// name ("site" titled "About this site") out of place.
func (s *Site) TagsByName() []*Tag {
	type keyed struct {
		key string
		tag *Tag
	}
	ks := make([]keyed, len(s.Tags))
	for i, t := range s.Tags {
		ks[i] = keyed{slug.Fold(t.Name), t}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.key != b.key {
			return a.key < b.key
		}
		if a.tag.Name != b.tag.Name {
			return a.tag.Name < b.tag.Name
		}
		return a.tag.Slug < b.tag.Slug
	})
	out := make([]*Tag, len(ks))
	for i, k := range ks {
		out[i] = k.tag
	}
	return out
}

// Checklists returns the tag's checklist pages, newest first.
func (t *Tag) Checklists() []*Page {
	return slices.Clip(t.checklists)
}
