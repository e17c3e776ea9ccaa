package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// DefaultLockTimeout is how long an operation waits for another process to
// release the database when Options.LockTimeout is zero.
const DefaultLockTimeout = 3 * time.Second

// Options configure a Store.
type Options struct {
	// LockTimeout bounds the wait for another process's lock; after it the
	// operation fails with ErrLocked. Zero means DefaultLockTimeout.
	LockTimeout time.Duration
	// Actor is who makes the changes, recorded in every audit event. The
	// caller resolves it (--as, PRR_ACTOR, the OS user); "unknown" if empty.
	Actor string
	// Now is the clock; time.Now if nil. Tests inject a fixed one. Its
	// time zone is the one dates are judged in (see review.Date): pass
	// the clock in prr's time zone.
	Now func() time.Time
	// ValidFor is how long a signed-off review stays valid when its
	// template does not say (the valid_for setting); empty for no limit.
	// Listings judge renewal with it (review.SummaryRecord.At).
	ValidFor review.Period
	// ReadOnly opens the database for reading only (a shared lock, so any
	// number of readers run together); writes fail with ErrReadOnly.
	ReadOnly bool
	// KeepOpen keeps the database open from Open to Close, locked all the
	// while (exclusively, unless ReadOnly): for a server that holds the
	// database while it runs. Other processes then wait for the lock and
	// give up with ErrLocked after their lock timeout. Operations run the
	// same way either way, on that one handle instead of one of their own.
	KeepOpen bool
}

// Store is a prr database file. Unless Options.KeepOpen, it does not keep
// the file open: each operation opens it, runs one transaction and closes
// it again (reads under a shared lock, writes under an exclusive one), so
// a second prr process (prr export next to the TUI) reads and writes
// between this one's operations. A Store is safe for concurrent use by
// several goroutines; within one process its writes are serialised and
// its reads shared by a mutex, so they queue there rather than on the
// file lock.
//
// As gives views of one Store under other actors' names: they share
// everything but the name on their changes.
type Store struct {
	*core
	actor string // who makes the changes through this view (Options.Actor, or As)
}

// core is a Store's state, common to all its views (As).
type core struct {
	path   string
	opts   Options
	schema int // the schema version this store reads and writes

	// mu serialises this process's writes and lets its reads share.
	mu     sync.RWMutex
	closed atomic.Bool
	kept   *handle // the handle of a KeepOpen store

	templates        templateCache
	revisions        revisionCache // what Revision read last (revision.go)
	checkedTemplates keySet        // snapshots that passed review.Template.Validate (put.go)

	warnMu   sync.Mutex
	warnings []error

	// inRead, if set (by tests), runs inside every read transaction.
	inRead func()
}

func newStore(path string, opts Options) *Store {
	return &Store{core: &core{path: path, opts: opts}, actor: opts.Actor}
}

// As returns a view of the store whose changes are recorded as made by
// actor ("unknown" if empty): same database, same handle, same locks. A
// server holding one database for many users gives each connection its own
// view (prr serve).
func (s *Store) As(actor string) *Store {
	if actor == "" {
		actor = "unknown"
	}
	return &Store{core: s.core, actor: actor}
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Open opens the prr database at path, creating it if it does not exist
// (unless opts.ReadOnly): the file with mode 0600, missing folders with
// 0700.
//
// An existing file is checked before bbolt reads it (boltpage): a file
// that is empty, of another format, truncated or damaged is refused with
// ErrNotDatabase or ErrCorrupt, and is not changed in any way. A database
// from a newer prr is refused with ErrNewerSchema without ever being
// opened for writing. One from an older prr is upgraded by running the
// pending migrations in one write transaction (migrate.go).
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
	s := newStore(filepath.Clean(path), opts)
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
		if _, err := s.create(list); err != nil {
			return err
		}
		// Created, or another process created it first: open it like any other.
	case err != nil:
		return fmt.Errorf("open the database: %w", err)
	case fi.IsDir():
		return fileError(ErrNotDatabase, s.path, "it is a folder")
	case !fi.Mode().IsRegular():
		// Opening a FIFO or a device could block or read forever.
		return fileError(ErrNotDatabase, s.path, "it is not a regular file")
	}
	for upgraded := false; ; upgraded = true {
		// The version is read under the lock the store will work with (a
		// kept handle's), or a shared one: a foreign or newer file is never
		// opened for writing.
		h, err := openHandle(s.path, s.opts.KeepOpen && !s.opts.ReadOnly, s.opts.LockTimeout)
		if err != nil {
			return err
		}
		s.noteRollback(h)
		var info schemaInfo
		err = h.view(func(tx *bolt.Tx) error {
			info, err = readSchema(newTxn(tx, s.path, true))
			return err
		})
		if err == nil && info.version == len(list) && s.opts.KeepOpen {
			s.kept = h
			return nil
		}
		_ = h.close()
		switch {
		case err != nil:
			return contextError(err, "%s: read the schema version", s.path)
		case !info.isPrr:
			return fileError(ErrNotDatabase, s.path, "it is a bbolt database, but not one of prr's")
		case info.version == len(list):
			return nil
		case info.version > len(list):
			return newerSchemaError(s.path, info.version, len(list))
		case upgraded:
			return fmt.Errorf("%s: the database is still at schema v%d after its upgrade to v%d", s.path, info.version, len(list))
		case s.opts.ReadOnly:
			return newError(ErrReadOnly, "%s: the database is at schema v%d and must be upgraded to v%d, which a read-only open cannot do",
				s.path, info.version, len(list))
		}
		if err := s.migrate(list); err != nil {
			return err
		}
	}
}

// Close marks the store closed: operations that start afterwards fail. A
// store that keeps the database open waits for the operations running and
// then closes it. Otherwise Close returns at once, and operations already
// running finish on their own open of the file (quitting the TUI must not
// wait for a List); a write still running when the process exits was
// never acknowledged, and bbolt leaves the file at the last acknowledged
// change.
func (s *Store) Close() error {
	if s.closed.Swap(true) || s.kept == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kept.close()
}

// Warnings returns what reads found wrong without failing, each once:
// ErrRolledBack when the file opened at an older commit than its newest.
// A front end shows them (the CLI prints them on stderr after the
// command).
func (s *Store) Warnings() []error {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	return append([]error(nil), s.warnings...)
}

// noteRollback keeps a warning when h opened the file at an older commit.
func (s *Store) noteRollback(h *handle) {
	if !h.rolledBack {
		return
	}
	w := rollbackError(s.path, h.hdr, "reads show it as it was then, and writes are refused")
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	for _, old := range s.warnings {
		if old.Error() == w.Error() {
			return
		}
	}
	s.warnings = append(s.warnings, w)
}

func (s *Store) now() time.Time { return s.opts.Now() }

// acquire returns the handle an operation works on: the kept one, or one
// of its own, opened for it (release closes it).
func (s *Store) acquire(write bool) (*handle, func(), error) {
	if s.kept != nil {
		return s.kept, func() {}, nil
	}
	h, err := openHandle(s.path, write, s.opts.LockTimeout)
	if err != nil {
		return nil, nil, err
	}
	// A failure to close after the transaction cannot lose a change (it is
	// on disk), so it is not reported: the caller would retry a done one.
	return h, func() { _ = h.close() }, nil
}

// lockRead takes this process's read lock, unless the store is closed.
// The closed flag is checked again once the lock is held: Close may have
// come while this waited behind a write.
func (s *Store) lockRead() (unlock func(), err error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	s.mu.RLock()
	if s.closed.Load() {
		s.mu.RUnlock()
		return nil, errClosed
	}
	return s.mu.RUnlock, nil
}

// view runs fn in a read transaction, after checking that the file is at
// this store's schema.
func (s *Store) view(fn func(t *txn) error) error {
	unlock, err := s.lockRead()
	if err != nil {
		return err
	}
	defer unlock()
	h, release, err := s.acquire(false)
	if err != nil {
		return err
	}
	defer release()
	s.noteRollback(h)
	return h.view(func(tx *bolt.Tx) error {
		t := newTxn(tx, s.path, true)
		if err := s.checkSchema(t); err != nil {
			return err
		}
		if s.inRead != nil {
			s.inRead()
		}
		return fn(t)
	})
}

// update runs fn in one write transaction: it commits (and syncs) if fn
// returns nil, and rolls back otherwise. errNoChange from fn means "nothing
// to do" and is not an error for the caller.
func (s *Store) update(fn func(t *txn) error) error {
	if s.opts.ReadOnly {
		return newError(ErrReadOnly, "%s: the database is open read-only; nothing was changed", s.path)
	}
	if s.closed.Load() {
		return errClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return errClosed
	}
	h, release, err := s.acquire(true)
	if err != nil {
		return err
	}
	defer release()
	err = h.update(func(tx *bolt.Tx) error {
		t := newTxn(tx, s.path, true)
		if err := s.checkSchema(t); err != nil {
			return err
		}
		return fn(t)
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// checkSchema makes sure the file is still at the schema this store was
// opened for. Another prr, newer, may have upgraded it since (a TUI left
// open across an upgrade): its format must then be neither read with old
// rules nor written in the old format. One small read per operation.
func (s *Store) checkSchema(t *txn) error {
	info, err := readSchema(t)
	switch {
	case err != nil:
		return err
	case !info.isPrr:
		return fileError(ErrNotDatabase, s.path, "it is no longer a prr database (it was replaced)")
	case info.version > s.schema:
		return newerSchemaError(s.path, info.version, s.schema)
	case info.version < s.schema:
		return fmt.Errorf("%s: the database went back to schema v%d (was an older copy restored?); open it again to upgrade it", s.path, info.version)
	}
	return nil
}

// schemaInfo is what the meta bucket says about a database.
type schemaInfo struct {
	isPrr   bool // it carries prr's marker
	version int
}

// readSchema reads the marker and the schema version. A version that is
// not a number is damage (ErrCorrupt): prr never writes one.
func readSchema(t *txn) (schemaInfo, error) {
	meta, err := t.bucket(t.root(), bucketMeta)
	if err != nil || meta == nil {
		return schemaInfo{}, err
	}
	app, err := t.get(meta, keyApp)
	if err != nil || string(app) != string(appName) {
		return schemaInfo{}, err
	}
	raw, err := t.get(meta, keySchema)
	if err != nil || raw == nil {
		return schemaInfo{isPrr: true}, err
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 0 {
		return schemaInfo{isPrr: true}, corruptError(t.path, "its schema version %q is not a number", shorten(string(raw)))
	}
	return schemaInfo{isPrr: true, version: v}, nil
}

func newerSchemaError(path string, found, known int) error {
	return fileError(ErrNewerSchema, path, fmt.Sprintf("it is at schema v%d, and this prr knows up to v%d", found, known))
}
