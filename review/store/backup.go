package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to dst while other
// processes keep working: the copy is taken inside one read transaction
// (tx.WriteTo), so it is the database as of one moment.
//
// It is written to a temporary file (mode 0600) in dst's folder and synced
// (bbolt's own CopyFile does not sync), then checked like Doctor checks a
// database: page structure, bbolt's consistency check, schema. Only a copy
// that passes is renamed over dst, and the folder synced so the rename
// survives a crash; a failed backup never replaces an earlier good one.
// Finally dst is reopened read-only to confirm it is the prr database just
// written. dst's folder must exist; dst may not be the database itself.
//
// A copy of a rolled-back file (ErrRolledBack) is a sound database as the
// file reads now, without the lost change.
func (s *Store) Backup(dst string) error {
	unlock, err := s.lockRead()
	if err != nil {
		return err
	}
	defer unlock()
	dst = filepath.Clean(dst)
	dir := filepath.Dir(dst)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return wrapError(fs.ErrNotExist, err, "backup to %s: the folder %s does not exist", dst, dir)
	case err != nil:
		return fmt.Errorf("backup to %s: %w", dst, err)
	case !fi.IsDir():
		return fmt.Errorf("backup to %s: %s is not a folder", dst, dir)
	case sameFile(dst, s.path):
		return fmt.Errorf("backup to %s: that is the database itself", dst)
	}
	if fi, err := os.Stat(dst); err == nil && fi.IsDir() {
		return fmt.Errorf("backup to %s: it is a folder, not a file", dst)
	}
	tmpName, err := s.writeCopy(dir, filepath.Base(dst))
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	defer os.Remove(tmpName) // a no-op once renamed
	rep, err := s.inspect(tmpName)
	if err != nil {
		return fmt.Errorf("backup to %s: check the copy: %w", dst, err)
	}
	if !rep.OK {
		return newError(ErrCorrupt, "backup to %s: the copy failed its check (%s), so the database itself is likely damaged", dst, rep.Findings[0])
	}
	if err := os.Rename(tmpName, dst); err != nil {
		return fmt.Errorf("backup to %s: %w", dst, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("backup to %s: sync the folder: %w", dst, err)
	}
	if err := confirmBackup(dst, s.opts.LockTimeout); err != nil {
		return fmt.Errorf("backup to %s: reopen the copy: %w", dst, err)
	}
	return nil
}

// writeCopy writes the database, as of one read transaction, to a new
// synced temporary file in dir and returns its name.
func (s *Store) writeCopy(dir, base string) (string, error) {
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*") // mode 0600
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	err = func() error {
		h, release, err := s.acquire(false)
		if err != nil {
			return err
		}
		defer release()
		s.noteRollback(h)
		return h.view(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(tmp)
			return err
		})
	}()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}

// confirmBackup reopens a copy read-only and checks that it is a prr
// database at this prr's schema.
func confirmBackup(path string, timeout time.Duration) error {
	h, err := openHandle(path, false, timeout)
	if err != nil {
		return err
	}
	defer h.close()
	return h.view(func(tx *bolt.Tx) error {
		info, err := readSchema(newTxn(tx, path, true))
		if err != nil {
			return err
		}
		if !info.isPrr || info.version != len(migrations()) {
			return fmt.Errorf("the copy is not a prr database at schema v%d", len(migrations()))
		}
		return nil
	})
}
