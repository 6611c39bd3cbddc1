// Package deploy reads the Netlify configuration of a site (netlify.toml) and
// answers what headers Netlify sends for a path, so that tests, and the
// preview server, can apply the same Content-Security-Policy and caching as
// the published site.
package deploy

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the part of netlify.toml this project uses.
type Config struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Context   map[string]Context `toml:"context"`
	Redirects []Redirect         `toml:"redirects"`
	Headers   []HeaderRule       `toml:"headers"`
}

// Context overrides build settings for one kind of deploy.
type Context struct {
	Command string `toml:"command"`
}

// Redirect is one [[redirects]] rule.
type Redirect struct {
	From   string `toml:"from"`
	To     string `toml:"to"`
	Status int    `toml:"status"`
}

// HeaderRule is one [[headers]] rule.
type HeaderRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Load reads a netlify.toml file.
func Load(path string) (*Config, error) {
	var c Config
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		// Unknown keys are fine for Netlify, but here they mean this
		// package would silently ignore a rule: name them.
		return &c, fmt.Errorf("%s: keys this project does not read: %v", path, keys)
	}
	return &c, nil
}

// Matches reports whether a Netlify path pattern matches a URL path. A * in
// the pattern matches any run of characters, slashes included, as Netlify's
// splats do in header rules.
func Matches(pattern, urlPath string) bool {
	var re strings.Builder
	re.WriteString("^")
	for i, part := range strings.Split(pattern, "*") {
		if i > 0 {
			re.WriteString(".*")
		}
		re.WriteString(regexp.QuoteMeta(part))
	}
	re.WriteString("$")
	ok, _ := regexp.MatchString(re.String(), urlPath)
	return ok
}

// HeadersFor returns the headers Netlify sends for urlPath: every matching
// rule applies, and Netlify joins repeated names with ", ".
func (c *Config) HeadersFor(urlPath string) http.Header {
	h := http.Header{}
	for _, r := range c.Headers {
		if !Matches(r.For, urlPath) {
			continue
		}
		for k, v := range r.Values {
			if old := h.Get(k); old != "" {
				v = old + ", " + v
			}
			h.Set(k, strings.TrimSpace(v))
		}
	}
	return h
}

// Find returns the netlify.toml of a site folder, or nil when it has none.
func Find(siteDir string) (*Config, error) {
	p := filepath.Join(siteDir, "netlify.toml")
	if _, err := os.Stat(p); err != nil {
		return nil, nil
	}
	return Load(p)
}
