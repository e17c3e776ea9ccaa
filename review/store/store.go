package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
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
	// Now is the clock; time.Now if nil. Tests inject a fixed one.
	Now func() time.Time
	// ReadOnly opens the database for reading only (a shared lock, so any
	// number of readers run together); writes fail with ErrReadOnly.
	ReadOnly bool
}

// Store is a prr database file. It does not keep the file open for long:
// a read opens it, runs one short transaction and closes it, and a write
// does the same except that the file stays open, under a shared lock, for
// a moment after it (up to holdIdle, never past holdMax; see holder), so a
// burst of answers does not pay for opening the file each time. A second
// prr process (prr export next to the TUI) therefore reads at any time,
// and writes after waiting that moment at most. A Store is safe for
// concurrent use by several goroutines; within one process its operations
// are serialised (writes) or shared (reads) by a mutex, so they do not
// contend on the file lock.
type Store struct {
	path   string
	opts   Options
	schema int // the schema version this store reads and writes

	// mu serialises this process's writes and lets its reads share, so
	// that they queue here rather than poll each other's file locks. Close
	// does not take it (see Close).
	mu     sync.RWMutex
	closed atomic.Bool

	// cache keeps decoded template snapshots and answers for writes.
	cache reviewCache
	// hold keeps the file open between the writes of a burst (hold.go).
	hold holder

	// inRead, if set (by tests), runs inside every read (view and peek),
	// with the read lock and the file's lock held.
	inRead func()
}

// errClosed is returned by operations on a closed Store: a programming error.
var errClosed = errors.New("store: the store is closed")

// errNoChange rolls back a write transaction that turned out to change
// nothing, so that no-op edits cost no disk sync and leave no history.
var errNoChange = errors.New("store: no change")

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Close marks the store closed and returns at once: operations that start
// afterwards fail, and those already running finish on their own, on their
// own open of the file. It closes the file a write left open (there is
// nothing to flush: every change was already synced to disk when it
// returned), and a write still running closes its own when it ends. Close
// does not wait for running operations (quitting the TUI must not wait for
// a List); a write still running when the process exits was never
// acknowledged, and bbolt leaves the file at the last acknowledged change.
func (s *Store) Close() error {
	s.closed.Store(true)
	s.hold.stop()
	return nil
}

// lockShared takes the process's read lock, unless the store is closed.
// The closed flag is checked again once the lock is held: Close may have
// come while this waited behind a write.
func (s *Store) lockShared() error {
	if s.closed.Load() {
		return errClosed
	}
	s.mu.RLock()
	if s.closed.Load() {
		s.mu.RUnlock()
		return errClosed
	}
	return nil
}

// lockExclusive is lockShared for writes.
func (s *Store) lockExclusive() error {
	if s.closed.Load() {
		return errClosed
	}
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return errClosed
	}
	return nil
}

func (s *Store) now() time.Time { return s.opts.Now() }

// view runs fn in a read transaction on a read-only, shared-locked open of
// the file.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	if err := s.lockShared(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	sess, err := openSession(s.path, sessionOptions{readOnly: true, timeout: s.opts.LockTimeout})
	if err != nil {
		return err
	}
	defer sess.close()
	return sess.view(func(tx *bolt.Tx) error {
		if err := checkPages(tx, sess.hdr.current().root); err != nil {
			return err
		}
		if err := s.checkSchema(tx); err != nil {
			return err
		}
		if s.inRead != nil {
			s.inRead()
		}
		return fn(tx)
	})
}

// update runs fn in one write transaction: it commits (and syncs) if fn
// returns nil, and rolls back otherwise. errNoChange from fn means "nothing
// to do" and is not an error for the caller.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	if s.opts.ReadOnly {
		return newError(ErrReadOnly, "%s: the database is open read-only; nothing was changed", s.path)
	}
	if err := s.lockExclusive(); err != nil {
		return err
	}
	defer s.mu.Unlock()
	sess := s.hold.take(s.opts.LockTimeout)
	if sess == nil {
		var err error
		if sess, err = openSession(s.path, sessionOptions{timeout: s.opts.LockTimeout}); err != nil {
			return err
		}
	}
	err := sess.update(func(tx *bolt.Tx) error {
		if err := checkPages(tx, sess.hdr.current().root); err != nil {
			return err
		}
		if err := s.checkSchema(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	if errors.Is(err, errNoChange) {
		err = nil
	}
	if err != nil {
		// A failure to close after a commit cannot lose the change (it is
		// on disk), so it is not reported: the caller would retry a done
		// change. After a failed write the session is not kept: bbolt may
		// have found the file damaged.
		_ = sess.close()
		return err
	}
	s.hold.keep(sess)
	return nil
}

// checkSchema makes sure the file is still at the schema this store was
// opened for. Another prr, newer, may have upgraded it since (a TUI left
// open across an upgrade): its format must then be neither read with old
// rules nor written in the old format. One small read per operation.
func (s *Store) checkSchema(tx *bolt.Tx) error {
	info, err := readSchema(tx)
	if err != nil {
		return err
	}
	return s.schemaError(info)
}

// schemaError says why a database with this marker and version cannot be
// used by this store, or returns nil.
func (s *Store) schemaError(info schemaInfo) error {
	switch {
	case !info.isPrr:
		return fileError(ErrNotDatabase, s.path, "it is no longer a prr database (it was replaced)", "check the --db path or PRR_DB")
	case info.version > s.schema:
		return newerSchemaError(s.path, info.version, s.schema)
	case info.version < s.schema:
		return fmt.Errorf("%s: the database went back to schema v%d (was an older copy restored?); open it again to upgrade it", s.path, info.version)
	}
	return nil
}

// peek runs fn on the file's pages without bbolt (see peek.go), as a read
// of this store: after the closed check, sharing the process's read lock,
// and after checking that the file is at this store's schema.
func (s *Store) peek(fn func(p *pageReader) error) error {
	if err := s.lockShared(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	return peekFile(s.path, s.opts.LockTimeout, func(p *pageReader) error {
		v, err := p.peekSchema()
		if err != nil {
			return err
		}
		if err := s.schemaError(schemaInfo{isPrr: true, version: v}); err != nil {
			return err
		}
		if s.inRead != nil {
			s.inRead()
		}
		return fn(p)
	})
}

// userPanic carries a panic raised by a caller's callback out of the
// transaction, so the transaction is rolled back and the database closed
// before the panic resumes in the caller's goroutine. A bug in the caller's
// callback is not a damaged database and is not reported as one.
type userPanic struct{ value any }

func (userPanic) Error() string { return "store: callback panicked" }

// callUser runs a caller's callback, turning its panic into a userPanic.
func callUser(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = userPanic{r}
		}
	}()
	return fn()
}

// rethrow resumes a caller's panic that callUser caught.
func rethrow(err error) error {
	var up userPanic
	if errors.As(err, &up) {
		panic(up.value)
	}
	return err
}

// contextError wraps err with what was being done, unless err is already a
// complete one-line store error (those carry their own context).
func contextError(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var se *storeError
	if errors.As(err, &se) || errors.Is(err, errClosed) {
		return err
	}
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}
