package boltpage

import (
	"fmt"
	"io"
)

// source reads whole pages of a file: with plain reads (fileSource), or
// from the memory bbolt maps the file into (Pages).
type source interface {
	// read returns n whole pages starting at page id.
	read(id, n uint64) ([]byte, error)
}

// fileSource reads pages with ReadAt.
type fileSource struct {
	r        io.ReaderAt
	pageSize int
}

func (s fileSource) read(id, n uint64) ([]byte, error) {
	buf := make([]byte, n*uint64(s.pageSize))
	if _, err := s.r.ReadAt(buf, int64(id)*int64(s.pageSize)); err != nil {
		return nil, fmt.Errorf("page %d is unreadable: %v", id, err)
	}
	return buf, nil
}

// readPage reads branch or leaf page id with its overflow pages and checks
// it: it lies below hwm, names itself, is a branch or a leaf, and its
// elements lie inside it.
func readPage(src source, id, hwm uint64) (pageHeader, []byte, error) {
	if id < 2 || id >= hwm {
		return pageHeader{}, nil, fmt.Errorf("a reference to page %d, outside the database", id)
	}
	head, err := src.read(id, 1)
	if err != nil {
		return pageHeader{}, nil, err
	}
	h := decodePageHeader(head)
	switch {
	case h.id != id:
		return h, nil, fmt.Errorf("page %d calls itself page %d", id, h.id)
	case h.flags != branchPage && h.flags != leafPage:
		return h, nil, fmt.Errorf("page %d has type %#x where a branch or leaf page belongs", id, h.flags)
	case id+uint64(h.overflow) >= hwm:
		return h, nil, fmt.Errorf("page %d runs past the end of the database (%d overflow pages)", id, h.overflow)
	}
	buf := head
	if h.overflow > 0 {
		if buf, err = src.read(id, uint64(h.overflow)+1); err != nil {
			return h, nil, err
		}
	}
	return h, buf, checkElements(buf, h.flags, fmt.Sprintf("page %d", id))
}

// freelistIDs reads the free list at page id and returns the pages it
// names, after checking that its count fits the page and every page it
// names lies inside the database. bbolt trusts the count when it loads the
// list (at every open for writing) and reads that many ids.
func freelistIDs(src source, id, hwm uint64) ([]uint64, error) {
	head, err := src.read(id, 1)
	if err != nil {
		return nil, err
	}
	h := decodePageHeader(head)
	switch {
	case h.id != id:
		return nil, fmt.Errorf("freelist page %d calls itself page %d", id, h.id)
	case h.flags != freelistPage:
		return nil, fmt.Errorf("page %d has type %#x where the free list belongs", id, h.flags)
	case id+uint64(h.overflow) >= hwm:
		return nil, fmt.Errorf("freelist page %d runs past the end of the database", id)
	}
	buf := head
	if h.overflow > 0 {
		if buf, err = src.read(id, uint64(h.overflow)+1); err != nil {
			return nil, err
		}
	}
	count, first := uint64(h.count), uint64(0)
	if h.count == 0xFFFF { // the count did not fit: it is the first id's slot
		count, first = le.Uint64(buf[PageHeaderSize:]), 1
	}
	capacity := uint64(len(buf)-PageHeaderSize) / 8
	if count > capacity || first+count > capacity {
		return nil, fmt.Errorf("freelist page %d claims %d free pages, more than it holds", id, count)
	}
	ids := make([]uint64, count)
	for i := range ids {
		ids[i] = le.Uint64(buf[PageHeaderSize+8*(first+uint64(i)):])
		if ids[i] < 2 || ids[i] >= hwm {
			return nil, fmt.Errorf("the free list names page %d, outside the database", ids[i])
		}
	}
	return ids, nil
}
