package serve

// retiredCap bounds the memory that retired files hold: on a 1,000-page
// site an edit retires about 0.5MB of search-index shards, so a page left
// open keeps a working search for some thirty edits (the soak in
// bench/watch saw RSS climb by twice the cap with 32MB).
const retiredCap = 16 << 20

// retired are the fingerprinted files of earlier builds, oldest first,
// still served so that pages open in browsers keep working without a
// reload when only an asset they link to was renamed.
type retired struct {
	files []retiredFile
	names map[string]bool
	bytes int
}

type retiredFile struct {
	name string
	f    file
}

// keep goes on serving the fingerprinted files of old that cur dropped,
// adding them to cur, oldest dropped first past retiredCap.
func (r *retired) keep(old, cur map[string]file) {
	for name, f := range old {
		if _, ok := cur[name]; ok || r.names[name] {
			continue
		}
		if _, ok := hashed(name); !ok {
			continue
		}
		r.files = append(r.files, retiredFile{name, f})
		r.names[name] = true
		r.bytes += len(f.data)
	}
	keep := r.files[:0]
	for i, rf := range r.files {
		_, back := cur[rf.name] // the same version came back
		if back || r.bytes > retiredCap && i < len(r.files)-1 {
			r.bytes -= len(rf.f.data)
			delete(r.names, rf.name)
			continue
		}
		keep = append(keep, rf)
	}
	clear(r.files[len(keep):])
	r.files = keep
	for _, rf := range r.files {
		cur[rf.name] = rf.f
	}
}
