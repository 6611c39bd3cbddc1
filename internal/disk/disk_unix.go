//go:build unix

package disk

import (
	"io"
	"io/fs"
	"slices"
	"syscall"
)

// These are os.ReadFile and os.WriteFile without an os.File. Opening one
// costs five system calls more than the open itself: Go offers the
// descriptor to its network poller, which refuses a disk file, and
// switches the descriptor to non-blocking and back around the offer. On
// Linux that was more than a third of what writing a 20 KB file cost, and
// more than half of what reading an 8 KB one did (BenchmarkWriteFile,
// BenchmarkAppendFile).

func appendFile(b []byte, name string) ([]byte, error) {
	fd, err := retry(func() (int, error) { return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return b, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG && st.Size < int64(maxInt) {
		// One byte more than the size, so that the read which finds
		// the end needs no growing.
		b = slices.Grow(b, int(st.Size)+1)
	}
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, 4096)
		}
		n, err := retry(func() (int, error) { return syscall.Read(fd, b[len(b):min(cap(b), len(b)+maxIO)]) })
		if err != nil {
			return b, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
	}
}

func writeFile(name string, data []byte) error {
	fd, err := retry(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := retry(func() (int, error) { return syscall.Write(fd, data[:min(len(data), maxIO)]) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// maxIO bounds one read or write, as package os does: some systems refuse
// more than 2 GiB in one call.
const maxIO = 1 << 30

// maxInt is the largest int: a file that large or larger (on a 32-bit
// system) is read as it comes, its size not being one to grow a slice by.
const maxInt = int(^uint(0) >> 1)

// retry calls fn again while a signal interrupts it, as package os does.
func retry(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
