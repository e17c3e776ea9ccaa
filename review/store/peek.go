package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Open, and the revision a screen polls, need only a few small values near
// the root of the file: the marker, the schema version and a bucket's
// sequence. Opening the file with bbolt for them costs a memory map, page
// faults on every page touched and an unmap, several times what reading
// them takes. List reads one small bucket spread thinly over the file; in
// a memory map every page it touches brings its neighbours along (the
// kernel maps up to 64 KiB around each fault), so listing 10,000 reviews
// in a 1 GB file touched some 70 MB. So these are read here with plain
// reads (pread), under the same shared lock and after the same header
// check as every session, following bbolt's page format (go.etcd.io/bbolt
// v1.5.0, as header.go).
//
// Peeking is an optimisation only. Whatever it does not expect (a value
// missing, a page of an odd kind, a bucket too big to read) is errPeek, and
// the caller then asks bbolt, whose answer and errors are the reference.
// Every read is bounds-checked against the header's high-water mark and a
// size limit, and a panic inside is recovered as errPeek, so a damaged file
// costs a fallback, never a crash.

// errPeek means "peeking cannot answer this; ask bbolt".
var errPeek = errors.New("store: cannot read this without bbolt")

const (
	maxPeekBytes = 1 << 20 // the largest page (with overflow) peek reads
	bucketFlag   = 0x01    // a leaf element that is a bucket
	bucketHdrLen = 16      // root page id and sequence, before an inline page
)

// pageReader reads a checked bbolt file's pages with plain reads.
type pageReader struct {
	f *os.File
	h *header
}

// bucketRef is a bucket: its root page, or its inline page (root 0).
type bucketRef struct {
	root   uint64
	seq    uint64
	inline []byte
}

// peekFile opens the file read-only, takes the shared lock (waiting at most
// timeout) and checks its header, exactly as a read session does before
// bbolt would map it, then runs fn on its pages. The lock goes with the
// file, closed on return. Errors from opening and checking are the
// store's (ErrLocked, ErrCorrupt, ...); fn's errPeek asks for bbolt.
func peekFile(path string, timeout time.Duration, fn func(p *pageReader) error) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return openError(path, err, timeout)
	}
	defer f.Close()
	sess := &session{path: path}
	if err := sess.check(f, false, timeout); err != nil {
		return openError(path, err, timeout)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", errPeek, r)
		}
	}()
	return fn(&pageReader{f: f, h: sess.hdr})
}

// root is the file's root bucket, which holds the top-level buckets.
func (p *pageReader) root() bucketRef {
	return bucketRef{root: p.h.current().root}
}

// bucket finds the sub-bucket name of b.
func (p *pageReader) bucket(b bucketRef, name []byte) (bucketRef, error) {
	v, flags, err := p.get(b, name)
	if err != nil {
		return bucketRef{}, err
	}
	if flags&bucketFlag == 0 || len(v) < bucketHdrLen {
		return bucketRef{}, errPeek
	}
	sub := bucketRef{root: binary.LittleEndian.Uint64(v), seq: binary.LittleEndian.Uint64(v[8:])}
	if sub.root == 0 {
		sub.inline = v[bucketHdrLen:]
	}
	return sub, nil
}

// value finds the plain value under key in b.
func (p *pageReader) value(b bucketRef, key []byte) ([]byte, error) {
	v, flags, err := p.get(b, key)
	if err != nil {
		return nil, err
	}
	if flags&bucketFlag != 0 {
		return nil, errPeek
	}
	return v, nil
}

// get finds key in b and returns its value and element flags; a missing
// key is errPeek (bbolt then tells what that means). It descends branch
// pages as bbolt's cursor does: to the last element whose key is not
// greater than the one sought (or the first).
func (p *pageReader) get(b bucketRef, key []byte) ([]byte, uint32, error) {
	buf, err := b.inline, error(nil)
	if buf == nil {
		if buf, err = p.page(b.root); err != nil {
			return nil, 0, err
		}
	}
	le := binary.LittleEndian
	for depth := 0; depth <= maxTreeDepth; depth++ {
		if len(buf) < pageHeaderSize {
			return nil, 0, errPeek
		}
		ph := decodePageHeader(buf)
		n := int(ph.count)
		if n == 0 || pageHeaderSize+16*n > len(buf) {
			return nil, 0, errPeek
		}
		elem := func(i int) (key []byte, e []byte, ok bool) {
			e = buf[pageHeaderSize+16*i:]
			pos, ksize := int(le.Uint32(e[4:])), int(le.Uint32(e[8:]))
			if ph.flags == branchPageFlag {
				pos, ksize = int(le.Uint32(e)), int(le.Uint32(e[4:]))
			}
			start := pageHeaderSize + 16*i + pos
			if pos < 0 || ksize < 0 || start+ksize > len(buf) || start+ksize < start {
				return nil, nil, false
			}
			return buf[start : start+ksize], e, true
		}
		switch {
		case ph.flags == leafPageFlag:
			for i := range n {
				k, e, ok := elem(i)
				if !ok {
					return nil, 0, errPeek
				}
				if bytes.Equal(k, key) {
					vsize := int(le.Uint32(e[12:]))
					start := pageHeaderSize + 16*i + int(le.Uint32(e[4:])) + len(k)
					if vsize < 0 || start+vsize > len(buf) || start+vsize < start {
						return nil, 0, errPeek
					}
					return buf[start : start+vsize], le.Uint32(e), nil
				}
			}
			return nil, 0, errPeek
		case ph.flags == branchPageFlag && b.inline == nil:
			child := uint64(0)
			for i := range n {
				k, e, ok := elem(i)
				if !ok {
					return nil, 0, errPeek
				}
				if i > 0 && bytes.Compare(k, key) > 0 {
					break
				}
				child = le.Uint64(e[8:])
			}
			if buf, err = p.page(child); err != nil {
				return nil, 0, err
			}
		default:
			return nil, 0, errPeek
		}
	}
	return nil, 0, errPeek
}

// forEach calls fn with every key and plain value of b, in key order, as
// bbolt's ForEach does; the slices are valid after the call. A sub-bucket
// is errPeek. A page reached twice or too deep a tree is ErrCorrupt, not
// errPeek: no bbolt file is like that, and bbolt itself, asked instead,
// would follow the cycle until memory runs out.
func (p *pageReader) forEach(b bucketRef, fn func(k, v []byte) error) error {
	if b.inline != nil {
		return p.forEachIn(b.inline, true, 0, map[uint64]bool{}, fn)
	}
	return p.forEachPage(b.root, 0, map[uint64]bool{}, fn)
}

func (p *pageReader) forEachPage(id uint64, depth int, seen map[uint64]bool, fn func(k, v []byte) error) error {
	if depth > maxTreeDepth || seen[id] {
		return fileError(ErrCorrupt, p.f.Name(), fmt.Sprintf("page %d of it is reached twice or too deep (its tree has a cycle)", id),
			"run prr doctor, or restore it from a backup (see prr backup)")
	}
	seen[id] = true
	buf, err := p.page(id)
	if err != nil {
		return err
	}
	return p.forEachIn(buf, false, depth, seen, fn)
}

// forEachIn walks the elements of one page held in buf.
func (p *pageReader) forEachIn(buf []byte, inline bool, depth int, seen map[uint64]bool, fn func(k, v []byte) error) error {
	if len(buf) < pageHeaderSize {
		return errPeek
	}
	ph := decodePageHeader(buf)
	n := int(ph.count)
	if pageHeaderSize+16*n > len(buf) {
		return errPeek
	}
	le := binary.LittleEndian
	for i := range n {
		off := pageHeaderSize + 16*i
		e := buf[off : off+16]
		switch {
		case ph.flags == branchPageFlag && !inline:
			if err := p.forEachPage(le.Uint64(e[8:]), depth+1, seen, fn); err != nil {
				return err
			}
		case ph.flags == leafPageFlag:
			if le.Uint32(e)&bucketFlag != 0 {
				return errPeek
			}
			start := off + int(le.Uint32(e[4:]))
			ksize, vsize := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
			end := start + ksize + vsize
			if ksize < 0 || vsize < 0 || start < off || end < start || end > len(buf) {
				return errPeek
			}
			if err := fn(buf[start:start+ksize], buf[start+ksize:end]); err != nil {
				return err
			}
		default:
			return errPeek
		}
	}
	return nil
}

// page reads page id with its overflow pages, after checking that it lies
// below the high-water mark, names itself and is a branch or leaf page.
func (p *pageReader) page(id uint64) ([]byte, error) {
	if id < 2 {
		return nil, errPeek
	}
	ph, err := p.h.checkPage(p.f, id, p.h.current().hwm, branchPageFlag, leafPageFlag)
	if err != nil {
		return nil, errPeek
	}
	size := (int64(ph.overflow) + 1) * int64(p.h.pageSize)
	if size > maxPeekBytes {
		return nil, errPeek
	}
	buf, err := readAtMost(p.f, int64(id)*int64(p.h.pageSize), int(size))
	if err != nil || int64(len(buf)) != size {
		return nil, errPeek
	}
	return buf, nil
}

// peekSchema reads the marker and the schema version. It answers only for
// a prr database with a well-formed version; anything else is errPeek.
func (p *pageReader) peekSchema() (int, error) {
	meta, err := p.bucket(p.root(), bucketMeta)
	if err != nil {
		return 0, err
	}
	app, err := p.value(meta, keyApp)
	if err != nil || !bytes.Equal(app, appName) {
		return 0, errPeek
	}
	raw, err := p.value(meta, keySchema)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return 0, errPeek
	}
	return v, nil
}
