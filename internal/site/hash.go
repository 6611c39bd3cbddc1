package site

import (
	"encoding/binary"
	"hash/maphash"
	"sort"
	"time"
)

// hashWriter writes values into a hash so that no two sequences of
// values write the same bytes: strings end in a zero byte, lists start
// with their length.
type hashWriter struct{ h *maphash.Hash }

func (w hashWriter) str(vs ...string) {
	for _, v := range vs {
		w.h.WriteString(v)
		w.h.WriteByte(0)
	}
}

func (w hashWriter) num(v int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	w.h.Write(b[:])
}

func (w hashWriter) time(ts ...time.Time) {
	for _, t := range ts {
		w.num(int(t.UnixNano()))
	}
}

func (w hashWriter) flag(vs ...bool) {
	for _, v := range vs {
		if v {
			w.h.WriteByte(1)
		} else {
			w.h.WriteByte(0)
		}
	}
}

func (w hashWriter) list(vs []string) {
	w.num(len(vs))
	w.str(vs...)
}

// sorted writes a map in key order.
func (w hashWriter) sorted(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.num(len(keys))
	for _, k := range keys {
		w.str(k, m[k])
	}
}
