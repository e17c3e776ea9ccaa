package boltpage

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/bits"
)

// The meta page (internal/common/meta.go). bbolt keeps two and writes them
// alternately, transaction n to page n%2, so that a crash while one is
// written leaves the other, the commit before, intact.
const (
	magic       = 0xED0CDAED
	fileVersion = 2
	metaSumLen  = 56 // the meta struct up to its checksum field
	metaLen     = metaSumLen + 8
	noFreelist  = ^uint64(0)
	minPageSize = 1024
	maxPageSize = 1 << 24 // bbolt looks for the second meta page up to 16 MiB
)

// Meta is one decoded meta page.
type Meta struct {
	Magic, Version, PageSize, Flags uint32
	Root, RootSeq, Freelist         uint64
	HWM                             uint64 // the high-water mark: the number of pages in use
	Txid, Checksum                  uint64
}

// Why a single meta page is unusable.
var (
	errMetaMagic    = errors.New("no bbolt marker")
	errMetaVersion  = errors.New("unsupported bbolt file version")
	errMetaChecksum = errors.New("checksum mismatch")
)

// decodeMeta reads the meta struct of the page starting at buf[0].
func decodeMeta(buf []byte) (Meta, error) {
	if len(buf) < PageHeaderSize+metaLen {
		return Meta{}, errMetaMagic
	}
	b := buf[PageHeaderSize : PageHeaderSize+metaLen]
	m := Meta{
		Magic: le.Uint32(b[0:]), Version: le.Uint32(b[4:]), PageSize: le.Uint32(b[8:]), Flags: le.Uint32(b[12:]),
		Root: le.Uint64(b[16:]), RootSeq: le.Uint64(b[24:]), Freelist: le.Uint64(b[32:]),
		HWM: le.Uint64(b[40:]), Txid: le.Uint64(b[48:]), Checksum: le.Uint64(b[56:]),
	}
	switch {
	case m.Magic != magic:
		return m, errMetaMagic
	case m.Version != fileVersion:
		return m, errMetaVersion
	case metaSum(b) != m.Checksum:
		return m, errMetaChecksum
	}
	return m, nil
}

func metaSum(b []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(b[:metaSumLen])
	return h.Sum64()
}

// Error is a file that bbolt must not open, and why.
type Error struct {
	NotBolt bool // it is not a bbolt file at all; otherwise a damaged one
	Reason  string
}

func (e *Error) Error() string { return e.Reason }

func damaged(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Header is what the two meta pages of a file say, once checked.
type Header struct {
	Size     int64
	PageSize int
	Meta     [2]Meta
	MetaErr  [2]error // why a meta page is unusable; nil if it is sound
	Use      int      // the meta page bbolt opens the file at
	raw      [2][]byte
}

// Current is the meta page bbolt will open the file at.
func (h *Header) Current() Meta { return h.Meta[h.Use] }

// ReadHeader checks that the file behind r (size bytes) is a whole bbolt
// file that bbolt can open without reading outside it: a page size bbolt
// accepts, a meta page it will use, and a root page and free list inside
// the file and of their kind. It only reads. A refusal is an *Error.
func ReadHeader(r io.ReaderAt, size int64) (*Header, error) {
	if size == 0 {
		return nil, &Error{NotBolt: true, Reason: "the file is empty (0 bytes)"}
	}
	first, err := readAtMost(r, 0, 4096)
	if err != nil {
		return nil, err
	}
	h := &Header{Size: size}

	// Find the page size as bbolt does: from the first meta page if it is
	// sound, otherwise by looking for the second one at each possible size.
	m0, err0 := decodeMeta(first)
	if err0 == nil {
		h.PageSize = int(m0.PageSize)
	} else {
		for i := 0; i <= 14; i++ {
			pos := int64(minPageSize) << i
			if pos >= size-minPageSize {
				break
			}
			buf, err := readAtMost(r, pos, PageHeaderSize+metaLen)
			if err != nil {
				return nil, err
			}
			if m, err := decodeMeta(buf); err == nil {
				h.PageSize = int(m.PageSize)
				break
			}
		}
	}
	if h.PageSize == 0 {
		switch {
		case errors.Is(err0, errMetaMagic):
			return nil, &Error{NotBolt: true, Reason: "it has no bbolt database header"}
		case size < 4*minPageSize:
			return nil, damaged("the file is truncated (%d bytes)", size)
		default:
			return nil, damaged("both meta pages are damaged (%v)", err0)
		}
	}
	if h.PageSize < minPageSize || h.PageSize > maxPageSize || bits.OnesCount(uint(h.PageSize)) != 1 {
		return nil, damaged("its page size (%d) is impossible", h.PageSize)
	}
	if size < 4*int64(h.PageSize) {
		return nil, damaged("the file is truncated: %d bytes, but a database has at least 4 pages of %d bytes", size, h.PageSize)
	}
	if size%int64(h.PageSize) != 0 {
		return nil, damaged("the file is truncated or padded: %d bytes is not a whole number of %d-byte pages", size, h.PageSize)
	}
	for i := range h.Meta {
		if h.raw[i], err = readAtMost(r, int64(i*h.PageSize), PageHeaderSize+metaLen); err != nil {
			return nil, err
		}
		h.Meta[i], h.MetaErr[i] = decodeMeta(h.raw[i])
		if h.MetaErr[i] == nil && int(h.Meta[i].PageSize) != h.PageSize {
			// Sound checksums, conflicting page sizes: bbolt would read one
			// meta page's pointers with the other's page size.
			return nil, damaged("its meta pages disagree on the page size (%d and %d)", h.PageSize, h.Meta[i].PageSize)
		}
	}
	switch {
	case h.MetaErr[0] != nil && h.MetaErr[1] != nil:
		return nil, damaged("both meta pages are damaged (%v; %v)", h.MetaErr[0], h.MetaErr[1])
	case h.MetaErr[0] != nil:
		h.Use = 1
	case h.MetaErr[1] != nil:
		h.Use = 0
	case h.Meta[1].Txid > h.Meta[0].Txid:
		h.Use = 1
	}
	if err := h.checkBounds(r); err != nil {
		return nil, err
	}
	return h, nil
}

// RolledBack reports whether bbolt opens the file at an older commit than
// the newest one written to it: one meta page is damaged, and it may have
// held a later transaction than the sound one. bbolt then falls back to the
// sound one without a word, and the next write makes the loss permanent (it
// writes over the damaged page and may reuse the pages the lost commit
// wrote). A damaged page that held the transaction before the sound one
// loses nothing: that is a crash while writing it, or harmless damage.
//
// A single flipped bit is undone to read the damaged page's transaction
// for certain; other damage counts as a rollback unless the page still
// names the transaction before the sound one.
func (h *Header) RolledBack() bool {
	bad := 1 - h.Use
	if h.MetaErr[bad] == nil {
		return false
	}
	good := h.Meta[h.Use].Txid
	if m, ok := undoOneBitFlip(h.raw[bad]); ok {
		return m.Txid > good
	}
	return h.Meta[bad].Txid+1 != good
}

// LostTxid is the transaction the damaged meta page held, when RolledBack
// and it can be told (0 otherwise).
func (h *Header) LostTxid() uint64 {
	if !h.RolledBack() {
		return 0
	}
	if m, ok := undoOneBitFlip(h.raw[1-h.Use]); ok {
		return m.Txid
	}
	if t := h.Meta[1-h.Use].Txid; t == h.Current().Txid+1 {
		return t
	}
	return 0
}

// undoOneBitFlip finds the one bit whose flip makes the damaged meta page
// in raw sound again, if there is one.
func undoOneBitFlip(raw []byte) (Meta, bool) {
	if len(raw) < PageHeaderSize+metaLen {
		return Meta{}, false
	}
	buf := append([]byte(nil), raw[:PageHeaderSize+metaLen]...)
	for i := PageHeaderSize; i < len(buf); i++ {
		for bit := range 8 {
			buf[i] ^= 1 << bit
			m, err := decodeMeta(buf)
			buf[i] ^= 1 << bit
			if err == nil {
				return m, true
			}
		}
	}
	return Meta{}, false
}

// checkBounds makes sure every page the current meta page points at lies
// inside the file and is of the kind it should be.
func (h *Header) checkBounds(r io.ReaderAt) error {
	m := h.Current()
	pages := uint64(h.Size / int64(h.PageSize))
	if m.HWM < 4 {
		return damaged("its high-water mark (page %d) is impossible", m.HWM)
	}
	if m.HWM > pages {
		return damaged("the file is truncated: the database needs %d pages of %d bytes (%d bytes) but the file has %d bytes",
			m.HWM, h.PageSize, m.HWM*uint64(h.PageSize), h.Size)
	}
	src := fileSource{r: r, pageSize: h.PageSize}
	if m.Root < 2 || m.Root >= m.HWM {
		return damaged("its root page (%d) lies outside the database", m.Root)
	}
	if _, _, err := readPage(src, m.Root, m.HWM); err != nil {
		return damaged("its root page is damaged: %v", err)
	}
	if m.Freelist == noFreelist {
		return nil
	}
	if m.Freelist < 2 || m.Freelist >= m.HWM || m.Freelist == m.Root {
		return damaged("its freelist page (%d) lies outside the database", m.Freelist)
	}
	if _, err := freelistIDs(src, m.Freelist, m.HWM); err != nil {
		return damaged("its freelist page is damaged: %v", err)
	}
	return nil
}

// readAtMost reads up to n bytes at off, tolerating the end of the file.
func readAtMost(r io.ReaderAt, off int64, n int) ([]byte, error) {
	buf := make([]byte, n)
	got, err := r.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read the database header: %w", err)
	}
	return buf[:got], nil
}
