package store

import (
	"encoding/binary"
	"sync"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// bbolt follows the page numbers in a branch page without looking back: a
// damaged branch page that names itself or an ancestor as a child sends
// its cursor round forever, appending to its stack until memory runs out,
// which no recover catches. checkTree walks the branch pages of a bucket
// the way bbolt would, before bbolt does, and reports such a tree as
// ErrCorrupt: every page reached lies below the high-water mark, names
// itself, is a branch or a leaf, and every branch page is reached once,
// within maxTreeDepth levels. Leaves are read no further than their header, so a check costs
// one look at each child of each branch page: a few microseconds for the
// reviews of a 10,000-review database.
//
// Reads check every tree they enter. A write checks only on a session just
// opened: a session kept open between writes (holder) has checked the
// trees once, and every page written since is bbolt's own.

// sessions maps each open bbolt handle to its session, so that the tree
// check can tell a fresh session from a kept one, and find the mapping.
var sessions sync.Map // *bolt.DB → *session

// checkTree checks the tree of bucket b (see above).
func checkTree(b *bolt.Bucket) error {
	root := uint64(b.Root())
	if root == 0 {
		return nil // inline: it lives inside its parent's leaf, checked with it
	}
	return checkPages(b.Tx(), root)
}

// checkPages checks the tree below page root in tx's file.
func checkPages(tx *bolt.Tx, root uint64) error {
	v, ok := sessions.Load(tx.DB())
	if !ok {
		return nil // not opened by a session of ours (tests, compaction)
	}
	sess := v.(*session)
	if tx.Writable() && sess.wrote {
		return nil
	}
	info := tx.DB().Info()
	ps := uint64(info.PageSize)
	size := uint64(tx.Size())
	hwm := size / ps
	data := mapping(info, size)
	bad := func(id uint64, why string) error {
		return newError(ErrCorrupt, "%s: %s: page %d %s; run prr doctor, or restore it from a backup (see prr backup)",
			sess.path, ErrCorrupt, id, why)
	}
	seen := map[uint64]bool{}
	level := []uint64{root}
	for depth := 0; len(level) > 0; depth++ {
		if depth > maxTreeDepth {
			return bad(level[0], "lies deeper than any bbolt tree")
		}
		var next []uint64
		for _, id := range level {
			if id < 2 || id >= hwm {
				return bad(id, "lies outside the database")
			}
			ph := decodePageHeader(data[id*ps : (id+1)*ps])
			switch {
			case ph.id != id:
				return bad(id, "calls itself another page")
			case ph.flags == leafPageFlag:
				continue // a leaf reached twice repeats keys, but ends
			case seen[id]:
				return bad(id, "is reached twice: its tree has a cycle")
			case ph.flags != branchPageFlag:
				return bad(id, "is neither a branch nor a leaf where one belongs")
			case id+uint64(ph.overflow) >= hwm || pageHeaderSize+16*uint64(ph.count) > (uint64(ph.overflow)+1)*ps:
				return bad(id, "runs past the end of the database")
			}
			seen[id] = true
			whole := data[id*ps : (id+1+uint64(ph.overflow))*ps]
			for i := range uint64(ph.count) {
				e := whole[pageHeaderSize+16*i:]
				next = append(next, binary.LittleEndian.Uint64(e[8:])) // the child's page id
			}
		}
		level = next
	}
	return nil
}

// forEachInFile is b.ForEach, refusing any key or value that does not lie
// inside the file's mapping: then the review id (or, for "", the list) is
// damaged. bbolt trusts the offsets and sizes in a leaf, and on a damaged
// one hands out slices that point anywhere. Decoding such a slice reads
// stray memory, hundreds of megabytes of it, and keeping one makes the
// garbage collector stop the program ("found bad pointer in Go heap"),
// which no recover catches.
//
// An inline bucket may lie in memory of bbolt's own (it copies one that is
// not aligned in the file), whose address tells nothing; but bbolt only
// keeps a bucket inline while it is a fraction of a page, so a key and
// value larger than a page are damage there.
func forEachInFile(b *bolt.Bucket, id string, fn func(k, v []byte) error) error {
	inside := mapped(b.Tx())
	if b.Root() == 0 {
		page := uint64(b.Tx().DB().Info().PageSize)
		inside = func(s []byte) bool { return uint64(len(s)) <= page }
	}
	return b.ForEach(func(k, v []byte) error {
		if !inside(k) || !inside(v) {
			if id == "" {
				return newError(ErrCorrupt, "%s: a summary record lies outside the file; run prr doctor, or restore it from a backup", ErrCorrupt)
			}
			return damaged(id, "a record lies outside the file")
		}
		return fn(k, v)
	})
}

// mapped returns a test of whether a slice lies inside tx's mapping of the
// file (an empty one always does). In a write transaction every slice
// passes: a bucket changed in it hands out slices of bbolt's own memory,
// which are sound, and a write reads what the reads before it checked.
func mapped(tx *bolt.Tx) func(s []byte) bool {
	if tx.Writable() {
		return func([]byte) bool { return true }
	}
	start := tx.DB().Info().Data
	end := start + uintptr(tx.Size())
	return func(s []byte) bool {
		if len(s) == 0 {
			return true
		}
		p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
		return p >= start && p <= end && uintptr(len(s)) <= end-p
	}
}

// checkReviewTree walks the pages of one review's bucket, its sub-buckets
// included, with the structural walk prr doctor uses (walk.go), before a
// read gives them to bbolt: a review then reads back or is reported
// damaged, and bbolt never meets a page that would send it astray (a leaf
// element pointing outside its page, an inline bucket that claims to be a
// branch, a cycle). It reads the pages through the file's mapping, some
// 200 pages for a large review with a long history, none of them copied.
func checkReviewTree(rb *bolt.Bucket, id string) error {
	tx := rb.Tx()
	if _, ok := sessions.Load(tx.DB()); !ok {
		return nil // not opened by a session of ours
	}
	root := uint64(rb.Root())
	if root == 0 {
		return damaged(id, "its bucket is inline, though it holds buckets")
	}
	info := tx.DB().Info()
	size := uint64(tx.Size())
	data := mapping(info, size)
	w := &walker{mem: data, pageSize: info.PageSize, hwm: size / uint64(info.PageSize), seen: map[uint64]bool{}}
	w.page(root, 0)
	if len(w.problems) > 0 {
		return damaged(id, "its pages are damaged (%s)", w.problems[0])
	}
	return nil
}

// mapping is the first size bytes of the file's mapping, which bbolt reads
// the file through. Info.Data is its address; reading the field through a
// pointer turns it into a pointer without converting a uintptr, which the
// garbage collector could not follow (it ignores memory outside its heap
// either way).
func mapping(info *bolt.Info, size uint64) []byte {
	return unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&info.Data))), size)
}

// checkWholeFile runs the structural walk of prr doctor over the file tx
// reads, as a last line before bbolt reads a file that peeking could not.
func checkWholeFile(tx *bolt.Tx) error {
	v, ok := sessions.Load(tx.DB())
	if !ok {
		return nil
	}
	sess := v.(*session)
	if problems := walkFile(sess.file, sess.hdr); len(problems) > 0 {
		return fileError(ErrCorrupt, sess.path, "its pages are damaged ("+problems[0]+")",
			"run prr doctor, or restore it from a backup (see prr backup)")
	}
	return nil
}
