package boltpage

import (
	"encoding/binary"
	"fmt"
)

// The page format of bbolt (internal/common/page.go).
const (
	// PageHeaderSize is the header every page starts with: id uint64,
	// flags uint16, count uint16, overflow uint32.
	PageHeaderSize = 16
	// elementSize is the size of a branch or leaf element in a page's
	// element table.
	elementSize = 16
	// bucketHeaderSize is the header of a bucket's value in its parent's
	// leaf: root page id and sequence, each a uint64; an inline bucket's
	// page follows it.
	bucketHeaderSize = 16

	branchPage   = 0x01
	leafPage     = 0x02
	metaPage     = 0x04
	freelistPage = 0x10

	bucketLeafFlag = 0x01 // a leaf element whose value is a bucket

	// MaxDepth bounds how deep a tree, and how deeply nested buckets, may
	// go. A bbolt tree of any real size is a handful of levels deep.
	MaxDepth = 64
)

var le = binary.LittleEndian

// pageHeader is the header every page starts with.
type pageHeader struct {
	id       uint64
	flags    uint16
	count    uint16
	overflow uint32
}

func decodePageHeader(b []byte) pageHeader {
	return pageHeader{id: le.Uint64(b[0:]), flags: le.Uint16(b[8:]), count: le.Uint16(b[10:]), overflow: le.Uint32(b[12:])}
}

// checkElements checks that the element table of the branch or leaf page
// in buf, and every element's key (and value), lie inside buf: what bbolt
// turns into slices without looking. where names the page in messages.
func checkElements(buf []byte, flags uint16, where string) error {
	if len(buf) < PageHeaderSize {
		return fmt.Errorf("%s is shorter than a page header", where)
	}
	h := decodePageHeader(buf)
	count, size := uint64(h.count), uint64(len(buf))
	if PageHeaderSize+count*elementSize > size {
		return fmt.Errorf("%s claims %d elements, more than it holds", where, h.count)
	}
	if flags == branchPage && count == 0 {
		return fmt.Errorf("%s is a branch page without children", where)
	}
	for i := range count {
		off := PageHeaderSize + i*elementSize
		var end uint64
		if flags == branchPage {
			end = off + uint64(le.Uint32(buf[off:])) + uint64(le.Uint32(buf[off+4:]))
		} else {
			end = off + uint64(le.Uint32(buf[off+4:])) + uint64(le.Uint32(buf[off+8:])) + uint64(le.Uint32(buf[off+12:]))
		}
		if end > size {
			return fmt.Errorf("%s: element %d lies outside the page", where, i)
		}
	}
	return nil
}

// branchElement returns the key and child page id of element i of a
// checked branch page.
func branchElement(buf []byte, i int) (key []byte, child uint64) {
	off := PageHeaderSize + i*elementSize
	pos, ksize := int(le.Uint32(buf[off:])), int(le.Uint32(buf[off+4:]))
	return buf[off+pos : off+pos+ksize], le.Uint64(buf[off+8:])
}

// leafElement returns the flags, key and value of element i of a checked
// leaf page.
func leafElement(buf []byte, i int) (flags uint32, key, value []byte) {
	off := PageHeaderSize + i*elementSize
	pos, ksize, vsize := int(le.Uint32(buf[off+4:])), int(le.Uint32(buf[off+8:])), int(le.Uint32(buf[off+12:]))
	start := off + pos
	return le.Uint32(buf[off:]), buf[start : start+ksize], buf[start+ksize : start+ksize+vsize]
}
