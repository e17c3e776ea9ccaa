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

// Open opens the prr database at path, creating it if it does not exist
// (unless opts.ReadOnly): the file with mode 0600, missing folders with
// 0700.
//
// An existing file is checked before bbolt reads it (see readHeader): a
// file that is empty, of another format, truncated or damaged is refused
// with ErrNotDatabase or ErrCorrupt, and is not changed in any way. A
// database from a newer prr is refused with ErrNewerSchema without ever
// being opened for writing. One from an older prr is upgraded by running
// the pending migrations in one write transaction.
//
// Open does not keep the database open; see Store. Waiting for another
// process's lock is bounded by opts.LockTimeout (ErrLocked).
func Open(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open the database: no path given")
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.Actor == "" {
		opts.Actor = "unknown"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Store{path: filepath.Clean(path), opts: opts, schema: len(migrations())}
	if err := s.open(migrations()); err != nil {
		return nil, err
	}
	return s, nil
}

// open brings the file at s.path to the schema of list, creating it if
// needed. Tests pass their own list to exercise the mechanism.
func (s *Store) open(list []migration) error {
	s.schema = len(list)
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && s.opts.ReadOnly:
		return wrapError(fs.ErrNotExist, err, "%s: there is no prr database here yet (it is created by the first change)", s.path)
	case errors.Is(err, fs.ErrNotExist):
		created, err := s.create(list)
		if err != nil || created {
			return err
		}
		// Another process created it first: open theirs like any other.
	case err != nil:
		return fmt.Errorf("open the database: %w", err)
	case fi.IsDir():
		return fileError(ErrNotDatabase, s.path, "it is a folder", "point --db or PRR_DB at a file")
	case !fi.Mode().IsRegular():
		// Opening a FIFO or a device could block or read forever.
		return fileError(ErrNotDatabase, s.path, "it is not a regular file", "point --db or PRR_DB at a file")
	}

	info, err := s.version()
	if err != nil {
		return err
	}
	switch {
	case info.version == len(list):
		return nil
	case info.version > len(list):
		return newerSchemaError(s.path, info.version, len(list))
	case s.opts.ReadOnly:
		return newError(ErrReadOnly, "%s: the database is at schema v%d and must be upgraded to v%d, which a read-only open cannot do; run prr once without read-only",
			s.path, info.version, len(list))
	}
	return s.migrate(list)
}

// version reads the marker and version under a shared lock, with plain
// reads where it can (peek.go): the common case, a database at this
// schema, then costs no memory map at all, and the first operation maps
// the file for itself. Whatever peeking cannot answer is asked of bbolt.
func (s *Store) version() (schemaInfo, error) {
	var v int
	err := peekFile(s.path, s.opts.LockTimeout, func(p *pageReader) (err error) {
		v, err = p.peekSchema()
		return err
	})
	switch {
	case err == nil:
		return schemaInfo{isPrr: true, version: v}, nil
	case !errors.Is(err, errPeek):
		return schemaInfo{}, err
	}
	return s.readVersion()
}

// readVersion reads the marker and version under a shared lock, so that a
// database that turns out to be foreign or newer is never opened for
// writing at all.
func (s *Store) readVersion() (schemaInfo, error) {
	sess, err := openSession(s.path, sessionOptions{readOnly: true, timeout: s.opts.LockTimeout})
	if err != nil {
		return schemaInfo{}, err
	}
	defer sess.close()
	var info schemaInfo
	err = sess.view(func(tx *bolt.Tx) error {
		info, err = readSchema(tx)
		return err
	})
	if err != nil {
		return info, contextError(err, "%s: read the schema version", s.path)
	}
	if !info.isPrr {
		return info, fileError(ErrNotDatabase, s.path, "it is a bbolt database, but not one of prr's", "check the --db path or PRR_DB")
	}
	return info, nil
}

// migrate upgrades the database in one write transaction. It checks the
// marker and version again under the exclusive lock: another prr may have
// upgraded it in the meantime.
func (s *Store) migrate(list []migration) error {
	sess, err := openSession(s.path, sessionOptions{timeout: s.opts.LockTimeout})
	if err != nil {
		return err
	}
	defer sess.close()
	// A migration reads every review through bbolt, which trusts what it
	// finds; on a damaged file that can mean reading stray memory. The
	// structural walk (as prr doctor does it) comes first: rare, and cheap
	// next to the migration itself.
	if problems := walkFile(sess.file, sess.hdr); len(problems) > 0 {
		return fileError(ErrCorrupt, s.path, "it must be upgraded, but it is damaged: "+problems[0],
			"run prr doctor, or restore it from a backup (see prr backup)")
	}
	err = sess.update(func(tx *bolt.Tx) error {
		info, err := readSchema(tx)
		if err != nil {
			return err
		}
		if !info.isPrr {
			return fileError(ErrNotDatabase, s.path, "it is a bbolt database, but not one of prr's", "check the --db path or PRR_DB")
		}
		return migrate(tx, list, s.now(), s.path)
	})
	if err == nil {
		compactAfterMigration(sess, s.opts.LockTimeout)
	}
	return contextError(err, "%s", s.path)
}

// create makes a new database at s.path without ever letting a half-made
// one appear there: it is built and synced under a temporary name in the
// same folder, then hard-linked into place, which fails if the path exists.
// So two processes starting at once cannot clobber each other, and a crash
// leaves at most a stray temporary file, never an empty or foreign-looking
// database. It reports false if another process created the file first.
func (s *Store) create(list []migration) (created bool, err error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create the database folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".new-*") // mode 0600
	if err != nil {
		return false, fmt.Errorf("create the database: %w", err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("create the database: %w", err)
	}
	err = guard(name, "creating it", func() error {
		db, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: s.opts.LockTimeout})
		if err != nil {
			return err
		}
		err = db.Update(func(tx *bolt.Tx) error { return migrate(tx, list, s.now(), s.path) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("create the database %s: %w", s.path, err)
	}
	if err := os.Link(name, s.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		// No hard links on this file system: rename, which is atomic too
		// but would replace a file created since the check just above.
		if _, statErr := os.Lstat(s.path); !errors.Is(statErr, fs.ErrNotExist) {
			return false, nil
		}
		if err := os.Rename(name, s.path); err != nil {
			return false, fmt.Errorf("create the database %s: %w", s.path, err)
		}
	}
	if err := syncDir(dir); err != nil {
		return true, fmt.Errorf("create the database %s: sync its folder: %w", s.path, err)
	}
	return true, nil
}
