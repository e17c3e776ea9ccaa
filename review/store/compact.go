package store

import (
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A migration that rewrites every review (v5 does) leaves the pages it
// replaced free. bbolt keeps free pages in a list that every later commit
// writes out in full, and reuses them only as the database grows again:
// after the v4 migration of 10,000 reviews, each answer wrote some 200
// pages of free list instead of 13. So when a migration leaves at least
// compactMinFree pages and a quarter of the file free, the database is
// compacted: copied key by key into a new file, which is then renamed over
// the old one.
const compactMinFree = 256

// compactAfterMigration compacts the database h has open (exclusively
// locked, just migrated, every page checked) if it is bloated. It is best effort: the migrated
// database is sound either way, so a compaction that cannot be done (a
// full disk, say) leaves it as it is and is not an error.
//
// The copy is made under the old file's lock, synced, checked to be a prr
// database at this schema, and renamed into place; the folder is synced so
// the rename survives a crash. A process that opened the old file and is
// waiting for its lock sees, once it has it, that the path names another
// file, and opens the path again (openHandle).
func compactAfterMigration(h *handle, timeout time.Duration) {
	if !bloated(h.db) {
		return
	}
	dir, base := filepath.Dir(h.path), filepath.Base(h.path)
	tmp, err := os.CreateTemp(dir, "."+base+".compact-*") // mode 0600
	if err != nil {
		return
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op once renamed
	if err := tmp.Close(); err != nil {
		return
	}
	err = guard(h.path, "compacting it", func() error {
		dst, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: timeout})
		if err != nil {
			return err
		}
		err = bolt.Compact(dst, h.db, 64<<20) // every commit synced
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil || confirmBackup(name, timeout) != nil {
		return
	}
	if os.Rename(name, h.path) == nil {
		_ = syncDir(dir)
	}
}

// bloated reports whether at least compactMinFree pages, and a quarter of
// the file, are free or freed by the last commit.
func bloated(db *bolt.DB) bool {
	st := db.Stats()
	free := st.FreePageN + st.PendingPageN // the migration's own are pending
	if free < compactMinFree {
		return false
	}
	var pages int64
	_ = db.View(func(tx *bolt.Tx) error {
		pages = tx.Size() / int64(db.Info().PageSize)
		return nil
	})
	return int64(free)*4 >= pages
}
