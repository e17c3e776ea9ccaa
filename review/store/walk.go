package store

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Limits of the structural walk: bbolt trees are a few levels deep, and a
// report with more than a screenful of problems helps nobody.
const (
	maxTreeDepth   = 64
	maxWalkReports = 20
)

// walkFile checks the page structure of a bbolt file with ordinary reads,
// without bbolt: every page reachable from the root lies inside the file,
// names itself, is a branch or leaf page, is reached only once (no cycles),
// and every element's key and value lie inside its page; inline buckets
// likewise; the freelist names only pages inside the file.
//
// It exists because bbolt's own consistency check (tx.Check) runs in a
// goroutine of its own, where a fault on a wild pointer in a damaged file
// cannot be turned into an error and would crash prr doctor, the very
// command meant for damaged files. When this walk passes, tx.Check only
// ever reads inside the file.
func walkFile(r io.ReaderAt, h *header) []string {
	m := h.current()
	w := &walker{r: r, pageSize: h.pageSize, hwm: m.hwm, seen: map[uint64]bool{}}
	if m.freelist != noFreelist {
		w.freelist(m.freelist)
	}
	w.page(m.root, 0)
	return w.problems
}

// freelistProblems checks only the freelist page, as walkFile does. bbolt
// reads the freelist when it opens a file for writing (or with
// PreLoadFreelist), before any of our checks of the tree could run, and
// trusts its count: a damaged one makes it read stray memory.
func freelistProblems(r io.ReaderAt, h *header) []string {
	m := h.current()
	if m.freelist == noFreelist {
		return nil
	}
	w := &walker{r: r, pageSize: h.pageSize, hwm: m.hwm, seen: map[uint64]bool{}}
	w.freelist(m.freelist)
	return w.problems
}

type walker struct {
	r        io.ReaderAt
	mem      []byte // if set, pages are read from here without copying
	pageSize int
	hwm      uint64
	seen     map[uint64]bool
	problems []string
}

func (w *walker) report(format string, args ...any) {
	if len(w.problems) < maxWalkReports {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

// read returns n whole pages starting at page id.
func (w *walker) read(id uint64, n uint64) ([]byte, error) {
	if w.mem != nil {
		start, end := id*uint64(w.pageSize), (id+n)*uint64(w.pageSize)
		if end > uint64(len(w.mem)) || end < start {
			return nil, io.ErrUnexpectedEOF
		}
		return w.mem[start:end:end], nil
	}
	buf := make([]byte, n*uint64(w.pageSize))
	_, err := w.r.ReadAt(buf, int64(id)*int64(w.pageSize))
	return buf, err
}

// claim marks pages [id, id+n) as used, reporting any used twice.
func (w *walker) claim(id, n uint64) bool {
	for p := id; p < id+n; p++ {
		if w.seen[p] {
			w.report("page %d is used twice", p)
			return false
		}
		w.seen[p] = true
	}
	return true
}

func (w *walker) freelist(id uint64) {
	head, err := w.read(id, 1)
	if err != nil {
		w.report("freelist page %d is unreadable: %v", id, err)
		return
	}
	p := decodePageHeader(head)
	buf, err := w.read(id, uint64(p.overflow)+1)
	if err != nil {
		w.report("freelist page %d is unreadable: %v", id, err)
		return
	}
	w.claim(id, uint64(p.overflow)+1)
	count, first := uint64(p.count), uint64(0)
	if p.count == 0xFFFF {
		count, first = binary.LittleEndian.Uint64(buf[pageHeaderSize:]), 1
	}
	if (first+count)*8 > uint64(len(buf)-pageHeaderSize) {
		w.report("freelist page %d claims %d free pages, more than it holds", id, count)
		return
	}
	for i := first; i < first+count; i++ {
		free := binary.LittleEndian.Uint64(buf[pageHeaderSize+8*i:])
		if free < 2 || free >= w.hwm {
			w.report("the freelist names page %d, outside the database", free)
			return
		}
		w.claim(free, 1)
	}
}

// page checks the branch or leaf page id and everything below it.
func (w *walker) page(id uint64, depth int) {
	switch {
	case depth > maxTreeDepth:
		w.report("the tree is deeper than %d levels at page %d", maxTreeDepth, id)
		return
	case id < 2 || id >= w.hwm:
		w.report("a reference to page %d, outside the database", id)
		return
	}
	head, err := w.read(id, 1)
	if err != nil {
		w.report("page %d is unreadable: %v", id, err)
		return
	}
	p := decodePageHeader(head)
	switch {
	case p.id != id:
		w.report("page %d calls itself page %d", id, p.id)
		return
	case id+uint64(p.overflow) >= w.hwm:
		w.report("page %d runs past the end of the database", id)
		return
	case !w.claim(id, uint64(p.overflow)+1):
		return
	}
	buf := head
	if p.overflow > 0 {
		if buf, err = w.read(id, uint64(p.overflow)+1); err != nil {
			w.report("page %d is unreadable: %v", id, err)
			return
		}
	}
	switch p.flags {
	case branchPageFlag:
		w.branch(id, buf, depth)
	case leafPageFlag:
		w.leaf(fmt.Sprintf("page %d", id), buf, depth)
	default:
		w.report("page %d has type %#x where a branch or leaf page belongs", id, p.flags)
	}
}

func (w *walker) branch(id uint64, buf []byte, depth int) {
	p := decodePageHeader(buf)
	if pageHeaderSize+uint64(p.count)*16 > uint64(len(buf)) {
		w.report("page %d claims %d elements, more than it holds", id, p.count)
		return
	}
	le := binary.LittleEndian
	for i := range uint64(p.count) {
		off := pageHeaderSize + i*16
		pos, ksize, child := uint64(le.Uint32(buf[off:])), uint64(le.Uint32(buf[off+4:])), le.Uint64(buf[off+8:])
		if off+pos+ksize > uint64(len(buf)) {
			w.report("page %d: element %d lies outside the page", id, i)
			return
		}
		w.page(child, depth+1)
	}
}

// leaf checks a leaf page held in buf (a page of the file, or an inline
// bucket's page inside a value) and the buckets it holds.
func (w *walker) leaf(where string, buf []byte, depth int) {
	if len(buf) < pageHeaderSize {
		w.report("%s is shorter than a page header", where)
		return
	}
	p := decodePageHeader(buf)
	if pageHeaderSize+uint64(p.count)*16 > uint64(len(buf)) {
		w.report("%s claims %d elements, more than it holds", where, p.count)
		return
	}
	le := binary.LittleEndian
	for i := range uint64(p.count) {
		off := pageHeaderSize + i*16
		flags := le.Uint32(buf[off:])
		pos, ksize, vsize := uint64(le.Uint32(buf[off+4:])), uint64(le.Uint32(buf[off+8:])), uint64(le.Uint32(buf[off+12:]))
		start := off + pos
		if start+ksize+vsize > uint64(len(buf)) {
			w.report("%s: element %d lies outside the page", where, i)
			return
		}
		if flags&1 == 0 {
			continue // a plain key/value pair
		}
		value := buf[start+ksize : start+ksize+vsize]
		if len(value) < 16 {
			w.report("%s: bucket %d has a value too short for a bucket header", where, i)
			continue
		}
		root := le.Uint64(value)
		if root != 0 {
			w.page(root, depth+1)
			continue
		}
		inline := value[16:]
		switch {
		case depth+1 > maxTreeDepth:
			w.report("%s: buckets nest deeper than %d levels", where, maxTreeDepth)
		case len(inline) < pageHeaderSize || decodePageHeader(inline).flags != leafPageFlag:
			w.report("%s: inline bucket %d is damaged", where, i)
		default:
			w.leaf(fmt.Sprintf("an inline bucket in %s", where), inline, depth+1)
		}
	}
}
