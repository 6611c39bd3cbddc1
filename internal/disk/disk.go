// Package disk reads and writes whole files on the local disk with as few
// system calls as the system allows. A build reads every Markdown file of a
// site and writes three times as many files, most of them a few kilobytes:
// at that size what each file costs is its system calls, not its bytes.
package disk

import (
	"errors"
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

// Lstat implements fs.ReadLinkFS, with ReadLink, as os.DirFS does.
func (f *Folder) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.FS, name) }

// ReadLink implements fs.ReadLinkFS, with Lstat.
func (f *Folder) ReadLink(name string) (string, error) { return fs.ReadLink(f.FS, name) }

// ReadFile implements fs.ReadFileFS.
func (f *Folder) ReadFile(name string) ([]byte, error) {
	return f.AppendFile(nil, name)
}

// AppendFile appends the bytes of the file name to b. A regular file's
// size is known before reading, so b grows once at most: a loader reading
// many files can keep reusing one slice.
func (f *Folder) AppendFile(b []byte, name string) ([]byte, error) {
	full, err := f.join(name)
	if err != nil {
		return b, &fs.PathError{Op: "readfile", Path: name, Err: err}
	}
	b, err = appendFile(b, full)
	if pe, ok := err.(*fs.PathError); ok {
		// As os.DirFS does: an error names the file as the caller did.
		pe.Path = name
	}
	return b, err
}

// join is name's path on the disk, refused as os.DirFS refuses it: a name
// that is not a valid fs.FS path, or that means something else to the
// system (a\..\x on Windows), would read outside the folder.
func (f *Folder) join(name string) (string, error) {
	if f.root == "" {
		return "", errors.New("disk: a folder with an empty root")
	}
	if !fs.ValidPath(name) {
		return "", fs.ErrInvalid
	}
	local, err := filepath.Localize(name)
	if err != nil {
		return "", fs.ErrInvalid
	}
	if os.IsPathSeparator(f.root[len(f.root)-1]) {
		return f.root + local, nil
	}
	return f.root + string(filepath.Separator) + local, nil
}

// WriteFile writes data to the file name, creating it or replacing what
// it held, with the permissions 0644.
func WriteFile(name string, data []byte) error {
	return writeFile(name, data)
}
