package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
	"unicode/utf8"
)

// The on-disk layout of a bbolt file, as written by go.etcd.io/bbolt v1.5.0
// (internal/common/page.go and meta.go). bbolt trusts these bytes and reads
// them through unsafe pointers from a memory map: a truncated file makes it
// touch memory past the end of the file (SIGBUS), a wild page id makes it
// touch memory that is not mapped at all. Neither is a panic that recover can
// catch by default, so the header is checked here, with ordinary reads,
// before bbolt ever sees the file.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16 // id uint64, flags uint16, count uint16, overflow uint32
	metaSumLen     = 56 // the meta struct up to its checksum field
	metaLen        = metaSumLen + 8
	noFreelist     = ^uint64(0)
	minPageSize    = 1024
	maxPageSize    = 1 << 24 // bbolt looks for the second meta page up to 16 MiB

	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
)

// boltMeta is one decoded meta page.
type boltMeta struct {
	magic, version, pageSize, flags uint32
	root, rootSeq                   uint64
	freelist, hwm, txid, checksum   uint64
}

// header is what the two meta pages of a file say, once checked.
type header struct {
	size     int64
	pageSize int
	meta     [2]boltMeta
	metaErr  [2]error // why a meta page is unusable, nil if it is fine
	use      int      // the meta page bbolt will use: the valid one with the higher txid
}

// current is the meta page bbolt will open the database at.
func (h *header) current() boltMeta { return h.meta[h.use] }

// Reasons a single meta page is unusable. bbolt keeps two meta pages and
// writes them alternately, so that a crash in the middle of writing one
// leaves the other, the previous commit, intact.
var (
	errMetaMagic    = errors.New("no bbolt marker")
	errMetaVersion  = errors.New("unsupported bbolt file version")
	errMetaChecksum = errors.New("checksum mismatch")
)

// decodeMeta reads the meta struct of the page starting at buf[0].
func decodeMeta(buf []byte) (boltMeta, error) {
	if len(buf) < pageHeaderSize+metaLen {
		return boltMeta{}, errMetaMagic
	}
	b := buf[pageHeaderSize : pageHeaderSize+metaLen]
	le := binary.LittleEndian
	m := boltMeta{
		magic:    le.Uint32(b[0:]),
		version:  le.Uint32(b[4:]),
		pageSize: le.Uint32(b[8:]),
		flags:    le.Uint32(b[12:]),
		root:     le.Uint64(b[16:]),
		rootSeq:  le.Uint64(b[24:]),
		freelist: le.Uint64(b[32:]),
		hwm:      le.Uint64(b[40:]),
		txid:     le.Uint64(b[48:]),
		checksum: le.Uint64(b[56:]),
	}
	switch {
	case m.magic != boltMagic:
		return m, errMetaMagic
	case m.version != boltVersion:
		return m, errMetaVersion
	}
	h := fnv.New64a()
	_, _ = h.Write(b[:metaSumLen])
	if h.Sum64() != m.checksum {
		return m, errMetaChecksum
	}
	return m, nil
}

// readAtMost reads up to n bytes at off, tolerating the end of the file.
func readAtMost(r io.ReaderAt, off int64, n int) ([]byte, error) {
	buf := make([]byte, n)
	got, err := r.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:got], nil
}

// readHeader checks that the file behind r (of the given size) is a whole,
// undamaged bbolt file that bbolt can open without reading outside it, and
// says what its meta pages hold. Its errors are ErrNotDatabase or ErrCorrupt
// with a reason, to be wrapped with the path by the caller (see headerError).
// Only reads; never writes.
func readHeader(r io.ReaderAt, size int64) (*header, error) {
	if size == 0 {
		return nil, &headerError{kind: ErrNotDatabase, reason: "the file is empty (0 bytes)",
			advice: "if prr was interrupted while creating it, delete it and run prr again"}
	}
	first, err := readAtMost(r, 0, 4096)
	if err != nil {
		return nil, fmt.Errorf("read the database header: %w", err)
	}
	h := &header{size: size}

	// Find the page size as bbolt does: from the first meta page if it is
	// sound, otherwise by looking for the second one at each possible size.
	m0, err0 := decodeMeta(first)
	if err0 == nil {
		h.pageSize = int(m0.pageSize)
	} else {
		for i := 0; i <= 14; i++ {
			pos := int64(minPageSize) << i
			if pos >= size-minPageSize {
				break
			}
			buf, err := readAtMost(r, pos, 4096)
			if err != nil {
				return nil, fmt.Errorf("read the database header: %w", err)
			}
			if m, err := decodeMeta(buf); err == nil {
				h.pageSize = int(m.pageSize)
				break
			}
		}
	}
	if h.pageSize == 0 {
		switch {
		case errors.Is(err0, errMetaMagic):
			return nil, &headerError{kind: ErrNotDatabase, reason: "it " + sniff(first), advice: "check the --db path or PRR_DB"}
		case size < 4*minPageSize:
			return nil, corruptHeader("the file is truncated (%d bytes)", size)
		default:
			return nil, corruptHeader("both meta pages are damaged (%v)", err0)
		}
	}
	if h.pageSize < minPageSize || h.pageSize > maxPageSize || bits.OnesCount(uint(h.pageSize)) != 1 {
		return nil, corruptHeader("its page size (%d) is impossible", h.pageSize)
	}
	if size < 4*int64(h.pageSize) {
		return nil, corruptHeader("the file is truncated: %d bytes, but a database has at least 4 pages of %d bytes", size, h.pageSize)
	}
	if size%int64(h.pageSize) != 0 {
		return nil, corruptHeader("the file is truncated or padded: %d bytes is not a whole number of %d-byte pages", size, h.pageSize)
	}

	for i := range h.meta {
		buf, err := readAtMost(r, int64(i*h.pageSize), pageHeaderSize+metaLen)
		if err != nil {
			return nil, fmt.Errorf("read the database header: %w", err)
		}
		h.meta[i], h.metaErr[i] = decodeMeta(buf)
		if h.metaErr[i] == nil && int(h.meta[i].pageSize) != h.pageSize {
			// Sound checksums, conflicting page sizes: bbolt would read one
			// meta page's pointers with the other's page size.
			return nil, corruptHeader("its meta pages disagree on the page size (%d and %d)", h.pageSize, h.meta[i].pageSize)
		}
	}
	switch {
	case h.metaErr[0] != nil && h.metaErr[1] != nil:
		return nil, corruptHeader("both meta pages are damaged (%v; %v)", h.metaErr[0], h.metaErr[1])
	case h.metaErr[0] != nil:
		h.use = 1
	case h.metaErr[1] != nil:
		h.use = 0
	case h.meta[1].txid > h.meta[0].txid:
		h.use = 1
	}
	if err := h.checkBounds(r); err != nil {
		return nil, err
	}
	return h, nil
}

// checkBounds makes sure every page the current meta page points at lies
// inside the file and is of the kind it should be.
func (h *header) checkBounds(r io.ReaderAt) error {
	m := h.current()
	pages := uint64(h.size / int64(h.pageSize))
	if m.hwm < 4 {
		return corruptHeader("its high-water mark (page %d) is impossible", m.hwm)
	}
	if m.hwm > pages {
		return corruptHeader("the file is truncated: the database needs %d pages of %d bytes (%d bytes) but the file has %d bytes",
			m.hwm, h.pageSize, m.hwm*uint64(h.pageSize), h.size)
	}
	if m.root < 2 || m.root >= m.hwm {
		return corruptHeader("its root page (%d) lies outside the database", m.root)
	}
	if _, err := h.checkPage(r, m.root, m.hwm, branchPageFlag, leafPageFlag); err != nil {
		return corruptHeader("its root page is damaged: %v", err)
	}
	if m.freelist == noFreelist {
		return nil
	}
	if m.freelist < 2 || m.freelist >= m.hwm || m.freelist == m.root {
		return corruptHeader("its freelist page (%d) lies outside the database", m.freelist)
	}
	hdr, err := h.checkPage(r, m.freelist, m.hwm, freelistPageFlag)
	if err != nil {
		return corruptHeader("its freelist page is damaged: %v", err)
	}
	count, first := uint64(hdr.count), uint64(0)
	if hdr.count == 0xFFFF {
		buf, err := readAtMost(r, int64(m.freelist)*int64(h.pageSize)+pageHeaderSize, 8)
		if err != nil || len(buf) < 8 {
			return corruptHeader("its freelist page is unreadable")
		}
		count, first = binary.LittleEndian.Uint64(buf), 1
	}
	capacity := (uint64(hdr.overflow)+1)*uint64(h.pageSize) - pageHeaderSize
	if count > capacity/8 || (count+first)*8 > capacity {
		return corruptHeader("its freelist page claims %d free pages, more than it can hold", count)
	}
	return nil
}

// pageHeader is the 16-byte header every bbolt page starts with.
type pageHeader struct {
	id       uint64
	flags    uint16
	count    uint16
	overflow uint32
}

// checkPage reads the header of page id and checks that it names itself,
// has one of the wanted types, and that its overflow pages stay below hwm.
func (h *header) checkPage(r io.ReaderAt, id, hwm uint64, flags ...uint16) (pageHeader, error) {
	buf, err := readAtMost(r, int64(id)*int64(h.pageSize), pageHeaderSize)
	if err != nil || len(buf) < pageHeaderSize {
		return pageHeader{}, fmt.Errorf("page %d is unreadable", id)
	}
	p := decodePageHeader(buf)
	if p.id != id {
		return p, fmt.Errorf("page %d calls itself page %d", id, p.id)
	}
	ok := false
	for _, f := range flags {
		ok = ok || p.flags == f
	}
	if !ok {
		return p, fmt.Errorf("page %d has unexpected type %#x", id, p.flags)
	}
	if id+uint64(p.overflow) >= hwm {
		return p, fmt.Errorf("page %d runs past the end of the database (%d overflow pages)", id, p.overflow)
	}
	return p, nil
}

func decodePageHeader(b []byte) pageHeader {
	le := binary.LittleEndian
	return pageHeader{id: le.Uint64(b[0:]), flags: le.Uint16(b[8:]), count: le.Uint16(b[10:]), overflow: le.Uint32(b[12:])}
}

// headerError is a refused file, before the path is known to the message.
type headerError struct {
	kind   error
	reason string
	advice string
}

func (e *headerError) Error() string { return e.kind.Error() + ": " + e.reason }
func (e *headerError) Unwrap() error { return e.kind }

// withPath turns a headerError into the store's one-line file error.
func (e *headerError) withPath(path string) error {
	return fileError(e.kind, path, e.reason, e.advice)
}

func corruptHeader(format string, args ...any) error {
	return &headerError{kind: ErrCorrupt, reason: fmt.Sprintf(format, args...),
		advice: "restore it from a backup (see prr backup)"}
}

// sniff names what a file that is not a bbolt database probably is, so the
// error says "it is a PNG image" rather than only "invalid".
func sniff(b []byte) string {
	formats := []struct {
		magic []byte
		name  string
	}{
		{[]byte("\x89PNG\r\n\x1a\n"), "is a PNG image"},
		{[]byte("SQLite format 3\x00"), "is an SQLite database"},
		{[]byte("\xff\xd8\xff"), "is a JPEG image"},
		{[]byte("GIF8"), "is a GIF image"},
		{[]byte("%PDF-"), "is a PDF document"},
		{[]byte("PK\x03\x04"), "is a zip archive"},
		{[]byte("\x1f\x8b"), "is gzip-compressed"},
		{[]byte("\x7fELF"), "is a program (ELF)"},
	}
	for _, f := range formats {
		if bytes.HasPrefix(b, f.magic) {
			return f.name
		}
	}
	if looksLikeText(b) {
		return "is a text file"
	}
	if len(b) < pageHeaderSize+4 {
		return fmt.Sprintf("is too short to be a database (%d bytes)", len(b))
	}
	return "has no bbolt database header"
}

// looksLikeText reports whether b is UTF-8 without NUL bytes, forgiving a
// character cut in half at the end of the sample.
func looksLikeText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for cut := 0; cut < utf8.UTFMax && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}
