// Package webapp makes the files that let a site install as a web app and
// be read without a connection: the web app manifest, which names the site
// and its icons, and the service worker, which keeps the site's pages on
// the reader's device.
//
// The worker keeps a list of files on a reader's first visit (the pages a
// reader needs on the day, and every stylesheet, script and icon), and any
// other page as it is read. It fetches pages from the network first, so
// that a reader online always sees the current site, and falls back on the
// copy it kept, or on the offline page, when there is no connection (or
// when the network has not answered within a few seconds and a copy is
// kept). Every file pages link through the asset function has its content
// hash in its name, so that a kept page and the files it needs are always
// of one version: a worker never keeps a page that links a file it does
// not keep. Each build's worker names the version of what it keeps, a hash
// of every kept file, so a deploy that changes any of them installs a new
// worker, which keeps the new files, fetches again the pages the reader had
// read, and then deletes what the old one kept.
//
// The preview server (internal/serve) serves Retire at the worker's address
// instead, a worker that removes itself and what it kept, so that a worker
// left from a deployed copy on the same address never shows an author a
// stale page.
package webapp

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

var (
	//go:embed worker.js
	workerJS []byte
	//go:embed retire.js
	retireJS []byte
)

// CachePrefix starts the name of every cache the worker keeps files in,
// and nothing else's.
const CachePrefix = "secondround-"

// An Icon is one icon of the manifest.
type Icon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// iconFiles are the static files that are the site's icons, by name below
// static/: the favicon, drawn to any size, and the PNGs that installing
// asks for (192 and 512 px, and a maskable one whose glyph keeps to the
// middle 80%, which Android crops to its own shape).
var iconFiles = []Icon{
	{Src: "favicon.svg", Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
	{Src: "icons/icon-192.png", Sizes: "192x192", Type: "image/png", Purpose: "any"},
	{Src: "icons/icon-512.png", Sizes: "512x512", Type: "image/png", Purpose: "any"},
	{Src: "icons/maskable-512.png", Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
}

// Icons lists the site's icons that exist, at the URLs asset gives them.
func Icons(asset func(name string) (string, bool)) []Icon {
	var out []Icon
	for _, ic := range iconFiles {
		if u, ok := asset(ic.Src); ok {
			ic.Src = u
			out = append(out, ic)
		}
	}
	return out
}

// An App is what the manifest says of a site.
type App struct {
	Name        string
	Description string
	Language    string
	Icons       []Icon
}

// The colours the browser shows around the installed app before its page
// draws (the default theme's background and header).
const (
	backgroundColour = "#fbfaf8"
	themeColour      = "#ffffff"
)

// Manifest returns the web app manifest of a site served from the root of
// its host.
func Manifest(a App) []byte {
	m := struct {
		ID              string `json:"id"`
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		Description     string `json:"description,omitempty"`
		Lang            string `json:"lang"`
		Dir             string `json:"dir"`
		StartURL        string `json:"start_url"`
		Scope           string `json:"scope"`
		Display         string `json:"display"`
		BackgroundColor string `json:"background_color"`
		ThemeColor      string `json:"theme_color"`
		Icons           []Icon `json:"icons"`
	}{
		ID: "/", Name: a.Name, ShortName: shortName(a.Name), Description: a.Description, Lang: a.Language, Dir: "auto",
		StartURL: "/", Scope: "/", Display: "standalone", BackgroundColor: backgroundColour, ThemeColor: themeColour, Icons: a.Icons,
	}
	if m.Icons == nil {
		m.Icons = []Icon{}
	}
	b, _ := json.MarshalIndent(m, "", "  ") // cannot fail: strings only
	return append(b, '\n')
}

// shortName is the name under the icon on a home screen, which shows about
// 12 characters: the name, or its first words that fit.
func shortName(name string) string {
	if len([]rune(name)) <= 12 {
		return name
	}
	short := ""
	for _, w := range strings.Fields(name) {
		next := strings.TrimSpace(short + " " + w)
		if len([]rune(next)) > 12 {
			break
		}
		short = next
	}
	if short == "" {
		return string([]rune(name)[:12])
	}
	return short
}

// A Kept file is one the worker keeps on a first visit, with the digest of
// its content, or "" when its URL names its content (a fingerprinted file).
type Kept struct {
	URL    string
	Digest string
}

// Version names what a worker keeps: a hash of every kept file's URL and
// content, which changes whenever any of them does.
func Version(kept []Kept) string {
	h := sha256.New()
	for _, k := range kept {
		fmt.Fprintf(h, "%s %s\n", k.URL, k.Digest)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Digest is the digest of a file's content, for Kept.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// Worker returns the service worker script that keeps the files of kept on
// a first visit and shows offlineURL for a page it has not kept when there
// is no connection.
func Worker(kept []Kept, offlineURL string) []byte {
	var b bytes.Buffer
	b.WriteString("// This site's service worker, made by secondround build: it keeps these\n" +
		"// files on a first visit, other pages as they are read, and shows the\n" +
		"// offline page for any other page when there is no connection.\n")
	urls := make([]string, len(kept))
	for i, k := range kept {
		urls[i] = k.URL
	}
	version, _ := json.Marshal(Version(kept))
	offline, _ := json.Marshal(offlineURL)
	list, _ := json.MarshalIndent(urls, "", "  ")
	fmt.Fprintf(&b, "const VERSION = %s;\nconst OFFLINE = %s;\nconst KEEP = %s;\n\n", version, offline, list)
	b.Write(workerJS)
	return b.Bytes()
}

// Retire returns the worker the preview server serves at the worker's
// address: it deletes what any worker of the site kept, unregisters itself
// and reloads the pages it controlled, from the network.
func Retire() []byte { return retireJS }
