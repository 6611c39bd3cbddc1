//go:build !unix

package disk

import (
	"bytes"
	"os"
)

// Where the system calls of disk_unix.go are not there to be made, package
// os does the work.

func appendFile(b []byte, name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return b, err
	}
	defer f.Close()
	buf := bytes.NewBuffer(b)
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), err
}

func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
