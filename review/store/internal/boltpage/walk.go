package boltpage

import (
	"fmt"
	"io"
)

// maxReports bounds a walk's report: more than a screenful helps nobody.
const maxReports = 20

// Walk checks the page structure of the whole file behind r with plain
// reads: every page reachable from the root lies inside the database,
// names itself, is a branch or a leaf, is used once (no cycles, no page
// shared by two trees), and every element lies inside its page; inline
// buckets likewise; the free list names only pages inside the database,
// none of them in use. It returns what it found, nothing if the file is
// sound. When Walk passes, bbolt reads only inside the file, wherever it
// goes (tx.Check, a migration, a compaction).
func Walk(r io.ReaderAt, h *Header) []string {
	m := h.Current()
	w := &walker{src: fileSource{r: r, pageSize: h.PageSize}, hwm: m.HWM, seen: map[uint64]bool{}}
	if m.Freelist != noFreelist {
		ids, err := freelistIDs(w.src, m.Freelist, m.HWM)
		if err != nil {
			w.report("%v", err)
		} else {
			w.claim(m.Freelist, 1)
			for _, id := range ids {
				w.claim(id, 1)
			}
		}
	}
	w.tree(m.Root, nil, 0)
	return w.problems
}

// CheckFreelist checks the free list alone, as bbolt's open for writing is
// about to load it.
func CheckFreelist(r io.ReaderAt, h *Header) error {
	_, err := FreePages(r, h)
	return err
}

// FreePages returns the pages the free list names, once it is checked
// (none when the file has no stored free list).
func FreePages(r io.ReaderAt, h *Header) ([]uint64, error) {
	m := h.Current()
	if m.Freelist == noFreelist {
		return nil, nil
	}
	return freelistIDs(fileSource{r: r, pageSize: h.PageSize}, m.Freelist, m.HWM)
}

type walker struct {
	src      source
	hwm      uint64
	seen     map[uint64]bool
	problems []string
}

func (w *walker) report(format string, args ...any) {
	if len(w.problems) < maxReports {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
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

// tree checks the tree at root (or, for root 0, the inline page) and every
// bucket nested in it.
func (w *walker) tree(root uint64, inline []byte, depth int) {
	if root == 0 {
		w.leaf("an inline bucket", inline, depth)
		return
	}
	w.page(root, depth)
}

// page checks the branch or leaf page id and everything below it.
func (w *walker) page(id uint64, depth int) {
	if depth > MaxDepth {
		w.report("the tree is deeper than %d levels at page %d", MaxDepth, id)
		return
	}
	h, buf, err := readPage(w.src, id, w.hwm)
	if err != nil {
		w.report("%v", err)
		return
	}
	if !w.claim(id, uint64(h.overflow)+1) {
		return
	}
	if h.flags == leafPage {
		w.leaf(fmt.Sprintf("page %d", id), buf, depth)
		return
	}
	for i := range int(h.count) {
		_, child := branchElement(buf, i)
		w.page(child, depth+1)
	}
}

// leaf checks the buckets a checked leaf page (or inline page) holds.
func (w *walker) leaf(where string, buf []byte, depth int) {
	for i := range int(decodePageHeader(buf).count) {
		flags, _, value := leafElement(buf, i)
		if flags&bucketLeafFlag == 0 {
			continue
		}
		t, err := bucketTree(value, fmt.Sprintf("%s: bucket %d", where, i))
		switch {
		case err != nil:
			w.report("%v", err)
		case depth+1 > MaxDepth:
			w.report("%s: buckets nest deeper than %d levels", where, MaxDepth)
		default:
			w.tree(t.root, t.inline, depth+1)
		}
	}
}
