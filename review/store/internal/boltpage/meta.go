package boltpage

import (
	"fmt"
	"os"
)

// RestoreMeta overwrites the meta page bbolt cannot use with a copy of the
// one it uses (only the page id differs), and syncs the file. Afterwards
// both meta pages name the commit bbolt opens the file at, so the file no
// longer looks rolled back, and whatever the damaged page pointed to is
// given up for good. The caller must hold f's lock exclusively and have
// read h from f under that lock.
func RestoreMeta(f *os.File, h *Header) error {
	bad := 1 - h.Use
	if h.MetaErr[bad] == nil {
		return fmt.Errorf("both meta pages are sound; nothing to restore")
	}
	page := make([]byte, h.PageSize)
	if _, err := f.ReadAt(page, int64(h.Use)*int64(h.PageSize)); err != nil {
		return fmt.Errorf("read meta page %d: %w", h.Use, err)
	}
	if _, err := decodeMeta(page); err != nil {
		return fmt.Errorf("meta page %d changed since it was checked: %v", h.Use, err)
	}
	le.PutUint64(page[0:], uint64(bad)) // the page header's id; the meta itself is not checksummed with it
	if _, err := f.WriteAt(page, int64(bad)*int64(h.PageSize)); err != nil {
		return fmt.Errorf("write meta page %d: %w", bad, err)
	}
	return f.Sync()
}
