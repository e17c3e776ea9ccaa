package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// AcceptRollback is the way out of ErrRolledBack for the database at path:
// it gives up the lost change for good, so that the database can be
// written again from the state reads already show. It overwrites the
// damaged meta page with a copy of the sound one (boltpage.RestoreMeta)
// and syncs the file; nothing else in the file changes. Store.Doctor says
// beforehand what is lost. A file that is not rolled back is left alone
// (ErrNotRolledBack).
//
// It needs no Store (a database that must be upgraded first could not be
// opened as one: the upgrade is a write) and takes the file's lock
// exclusively, waiting at most lockTimeout, so no prr has it open
// meanwhile.
func AcceptRollback(path string, lockTimeout time.Duration) error {
	if lockTimeout <= 0 {
		lockTimeout = DefaultLockTimeout
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return openError(path, err, lockTimeout)
	}
	defer f.Close()
	if err := lockFile(f, true, lockTimeout); err != nil {
		return openError(path, err, lockTimeout)
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fileError(ErrNotDatabase, path, "it is not a regular file")
	}
	hdr, err := boltpage.ReadHeader(f, fi.Size())
	if err != nil {
		return headerError(path, f, err)
	}
	if !hdr.RolledBack() {
		return fmt.Errorf("%s: %w", path, ErrNotRolledBack)
	}
	if err := boltpage.RestoreMeta(f, hdr); err != nil {
		return fmt.Errorf("%s: accept the rollback: %w", path, err)
	}
	return nil
}

// ErrNotRolledBack is AcceptRollback's answer for a file with nothing to
// accept.
var ErrNotRolledBack = errors.New("the database is not rolled back: its newest commit reads; nothing was changed")
