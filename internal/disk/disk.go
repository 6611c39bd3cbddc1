// Package disk reads and writes whole files on the local disk with as few
// system calls as the system allows. A build reads every Markdown file of a
// site and writes three times as many files, most of them a few kilobytes:
// at that size what each file costs is its system calls, not its bytes.
package disk

import (
	"io/fs"
	"os"
	"path/filepath"
)

// A Folder is a site's folder on the local disk: os.DirFS, whose whole-file
// reads skip opening an os.File.
type Folder struct {
	fs.FS
	root string
}

// Open returns the folder root as an fs.FS.
func Open(root string) *Folder {
	return &Folder{FS: os.DirFS(root), root: root}
}

// Stat implements fs.StatFS, as os.DirFS does.
func (f *Folder) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.FS, name) }

// ReadDir implements fs.ReadDirFS, as os.DirFS does.
func (f *Folder) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }

// ReadFile implements fs.ReadFileFS.
func (f *Folder) ReadFile(name string) ([]byte, error) {
	return f.AppendFile(nil, name)
}

// AppendFile appends the bytes of the file name to b, growing b at most
// once: a loader reading many files can keep reusing one slice.
func (f *Folder) AppendFile(b []byte, name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return b, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	b, err := appendFile(b, filepath.Join(f.root, filepath.FromSlash(name)))
	if pe, ok := err.(*fs.PathError); ok {
		// As os.DirFS does: an error names the file as the caller did.
		pe.Path = name
	}
	return b, err
}

// WriteFile writes data to the file name, creating it or replacing what
// it held, with the permissions 0644.
func WriteFile(name string, data []byte) error {
	return writeFile(name, data)
}
