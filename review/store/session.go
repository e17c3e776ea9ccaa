package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// errLockTimeout is lockFile's "gave up waiting"; sessions report ErrLocked.
var errLockTimeout = errors.New("lock wait timed out")

// session is the database open for one operation.
type session struct {
	path string
	db   *bolt.DB
	file *os.File // the file bbolt reads, as opened (and checked) by us
	hdr  *header  // its header, read under the lock

	opened time.Time // when it was opened (holder keeps it open a while)
	txid   uint64    // the last commit this session saw or made
	wrote  bool      // it has committed: the trees were checked (treecheck.go)
}

type sessionOptions struct {
	readOnly bool
	timeout  time.Duration
	// preloadFreelist makes bbolt read the freelist while opening, in our
	// guarded goroutine, rather than lazily inside tx.Check's goroutine
	// where a damaged freelist could not be recovered from.
	preloadFreelist bool
}

// openSession opens the existing database at path. Before bbolt sees the
// file it is locked (shared for reading, exclusive for writing, waiting at
// most o.timeout) and its header checked, on the very file descriptor bbolt
// then uses: there is no window in which another process could swap or
// change the file between the check and the open. The file is never
// created here: a database that disappeared is reported, not silently
// replaced by an empty one.
//
// A file renamed over the path while this waited for its lock (a
// compaction after a migration, see compact.go) is not the database any
// more: then the path is opened again, a few times at most.
func openSession(path string, o sessionOptions) (*session, error) {
	for attempt := 1; ; attempt++ {
		sess, err := openSessionOnce(path, o)
		if !errors.Is(err, errReplaced) || attempt == 3 {
			return sess, err
		}
	}
}

// errReplaced is check's answer when the path no longer names the file it
// locked.
var errReplaced = errors.New("the database file was replaced while waiting for its lock")

func openSessionOnce(path string, o sessionOptions) (*session, error) {
	sess := &session{path: path, opened: time.Now()}
	bo := &bolt.Options{
		Timeout:         o.timeout,
		ReadOnly:        o.readOnly,
		PreLoadFreelist: o.preloadFreelist,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			if err != nil {
				return nil, err
			}
			if err := sess.check(f, !o.readOnly, o.timeout); err != nil {
				_ = f.Close()
				return nil, err
			}
			if !o.readOnly || o.preloadFreelist {
				if problems := freelistProblems(f, sess.hdr); len(problems) > 0 {
					_ = f.Close()
					return nil, &headerError{kind: ErrCorrupt, reason: "its list of free pages is damaged (" + problems[0] + ")",
						advice: "run prr doctor, or restore it from a backup (see prr backup)"}
				}
			}
			sess.file = f
			return f, nil
		},
	}
	err := guard(path, "opening it", func() error {
		db, err := bolt.Open(path, 0o600, bo)
		sess.db = db
		return err
	})
	if err != nil {
		if sess.db == nil && sess.file != nil {
			// bbolt panicked after we handed it the file: release the lock.
			_ = sess.file.Close()
		}
		return nil, openError(path, err, o.timeout)
	}
	sessions.Store(sess.db, sess)
	return sess, nil
}

// check locks f and validates its header.
func (sess *session) check(f *os.File, exclusive bool, timeout time.Duration) error {
	if err := lockFile(f, exclusive, timeout); err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &headerError{kind: ErrNotDatabase, reason: "it is not a regular file", advice: "check the --db path or PRR_DB"}
	}
	at, err := os.Stat(sess.path)
	if err != nil {
		return err // gone since it was opened: reported as missing
	}
	if !os.SameFile(fi, at) {
		return errReplaced
	}
	hdr, err := readHeader(f, fi.Size())
	if err != nil {
		return err
	}
	sess.hdr, sess.txid = hdr, hdr.current().txid
	return nil
}

// openError turns what went wrong while opening into the store's errors.
func openError(path string, err error, timeout time.Duration) error {
	var he *headerError
	var se *storeError
	switch {
	case errors.As(err, &he):
		return he.withPath(path)
	case errors.As(err, &se):
		return err
	case errors.Is(err, errLockTimeout), errors.Is(err, berrors.ErrTimeout):
		return newError(ErrLocked, "%s: %s (waited %s); try again, or raise --lock-timeout", path, ErrLocked, timeout)
	case errors.Is(err, fs.ErrNotExist):
		return wrapError(fs.ErrNotExist, err, "%s: the database file is missing: it was moved or deleted", path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return fileError(ErrCorrupt, path, err.Error(), "restore it from a backup (see prr backup)")
	}
	return fmt.Errorf("open the database %s: %w", path, err)
}

// view runs fn in a read transaction, guarded against bbolt panics.
func (sess *session) view(fn func(tx *bolt.Tx) error) error {
	return guard(sess.path, "reading it", func() error { return sess.db.View(fn) })
}

// update runs fn in a write transaction, guarded against bbolt panics,
// and notes the commit's txid (see holder).
func (sess *session) update(fn func(tx *bolt.Tx) error) error {
	return guard(sess.path, "writing it", func() error {
		var txid uint64
		err := sess.db.Update(func(tx *bolt.Tx) error {
			txid = uint64(tx.ID())
			return fn(tx)
		})
		if err == nil {
			sess.txid, sess.wrote = txid, true
		}
		return err
	})
}

// close closes the database (unmapping it and releasing the lock).
func (sess *session) close() error {
	sessions.Delete(sess.db)
	return guard(sess.path, "closing it", sess.db.Close)
}

// guard runs fn, turning a panic inside it into ErrCorrupt. bbolt reads
// the file through a memory map and trusts what it finds: on a damaged
// file it may panic, or fault on an address outside the map. The header
// check rules out the common cases (truncation, a foreign file, wild root
// pointers); this is the second line. SetPanicOnFault makes such a fault a
// recoverable panic instead of a crash, for this goroutine only.
//
// A panic from a caller's callback is not caught here: callUser wraps it
// as a userPanic error before it reaches bbolt.
func guard(path, doing string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = newError(ErrCorrupt, "%s: %s: bbolt failed while %s (%v); run prr doctor, or restore it from a backup",
				path, ErrCorrupt, doing, r)
		}
	}()
	return fn()
}
