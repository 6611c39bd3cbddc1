// Package secondround holds the default theme: the repository's own layouts/
// and static/ folders, embedded in the binary so that a site folder with only
// content/ builds. It lives at the root because go:embed reaches only files
// beside and below the embedding package.
package secondround

import (
	"embed"
	"io/fs"
)

// all: because go:embed otherwise skips names starting with _ (_default/).
//
//go:embed all:layouts all:static
var theme embed.FS

// Theme returns the default theme as a file system rooted at the repository
// root: layouts/... and static/....
func Theme() fs.FS { return theme }
