package store

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// AcceptRollback is the way out of ErrRolledBack: it gives up the lost
// change for good, so that the database can be written again from the
// state reads already show. It overwrites the damaged meta page with a
// copy of the sound one (boltpage.RestoreMeta) and syncs the file; nothing
// else in the file changes. Doctor says beforehand what is lost. A file
// that is not rolled back is left alone, with an error saying so.
//
// It takes the file's lock exclusively, so no other prr has it open
// meanwhile. A store that keeps the database open (Options.KeepOpen)
// cannot do this: close it and use another.
func (s *Store) AcceptRollback() error {
	if s.opts.ReadOnly {
		return newError(ErrReadOnly, "%s: the database is open read-only; nothing was changed", s.path)
	}
	if s.kept != nil {
		return fmt.Errorf("%s: this store keeps the database open; it cannot rewrite its meta page", s.path)
	}
	if s.closed.Load() {
		return errClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.path, os.O_RDWR, 0)
	if err != nil {
		return openError(s.path, err, s.opts.LockTimeout)
	}
	defer f.Close()
	if err := lockFile(f, true, s.opts.LockTimeout); err != nil {
		return openError(s.path, err, s.opts.LockTimeout)
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	hdr, err := boltpage.ReadHeader(f, fi.Size())
	if err != nil {
		return headerError(s.path, f, err)
	}
	if !hdr.RolledBack() {
		return ErrNotRolledBack
	}
	if err := boltpage.RestoreMeta(f, hdr); err != nil {
		return fmt.Errorf("%s: accept the rollback: %w", s.path, err)
	}
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	s.warnings = slices.DeleteFunc(s.warnings, func(w error) bool { return errors.Is(w, ErrRolledBack) })
	return nil
}

// ErrNotRolledBack is AcceptRollback's answer for a file with nothing to
// accept.
var ErrNotRolledBack = errors.New("the database is not rolled back: its newest commit reads; nothing was changed")
