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

	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// handle is the database file open with bbolt, its header checked first.
type handle struct {
	path       string
	db         *bolt.DB
	file       *os.File         // the file bbolt reads, as opened and checked by us
	hdr        *boltpage.Header // its header, read under the lock
	rolledBack bool             // bbolt opened it at an older commit (see boltpage.Header.RolledBack)
	write      bool
}

// errLockTimeout is lockFile's "gave up waiting"; handles report ErrLocked.
var errLockTimeout = errors.New("lock wait timed out")

// errReplaced is the check's answer when the path no longer names the file
// it locked.
var errReplaced = errors.New("the database file was replaced while waiting for its lock")

// openHandle opens the existing database at path, for writing or for
// reading. Before bbolt sees the file it is locked (exclusively for
// writing, shared for reading, waiting at most timeout) and its header is
// checked on the very file descriptor bbolt then uses, so no other process
// can swap or change the file in between. For writing, the free list is
// checked too (bbolt loads it while opening), and a rolled-back file is
// refused. The file is never created here: a database that disappeared is
// reported, not silently replaced by an empty one.
//
// A file renamed over the path while this waited for its lock (a
// compaction after a migration) is not the database any more: then the
// path is opened again, a few times at most.
func openHandle(path string, write bool, timeout time.Duration) (*handle, error) {
	for attempt := 1; ; attempt++ {
		h, err := openHandleOnce(path, write, timeout)
		if !errors.Is(err, errReplaced) || attempt == 3 {
			return h, err
		}
	}
}

func openHandleOnce(path string, write bool, timeout time.Duration) (*handle, error) {
	h := &handle{path: path, write: write}
	bo := &bolt.Options{
		Timeout:  timeout,
		ReadOnly: !write,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			if err != nil {
				return nil, err
			}
			if err := h.check(f, timeout); err != nil {
				_ = f.Close()
				return nil, err
			}
			h.file = f
			return f, nil
		},
	}
	err := guard(path, "opening it", func() error {
		db, err := bolt.Open(path, 0o600, bo)
		h.db = db
		return err
	})
	if err != nil {
		if h.db == nil && h.file != nil {
			// bbolt panicked after we handed it the file: release the lock.
			_ = h.file.Close()
		}
		return nil, openError(path, err, timeout)
	}
	return h, nil
}

// check locks f and checks its header (and, for writing, its free list).
func (h *handle) check(f *os.File, timeout time.Duration) error {
	if err := lockFile(f, h.write, timeout); err != nil {
		return err
	}
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fileError(ErrNotDatabase, h.path, "it is not a regular file")
	}
	at, err := os.Stat(h.path)
	if err != nil {
		return err // gone since it was opened: reported as missing
	}
	if !os.SameFile(fi, at) {
		return errReplaced
	}
	hdr, err := boltpage.ReadHeader(f, fi.Size())
	if err != nil {
		return headerError(h.path, f, err)
	}
	h.hdr = hdr
	if hdr.RolledBack() {
		h.rolledBack = true
		if h.write {
			return rollbackError(h.path, hdr, "nothing was written, so that the change is not lost for good")
		}
	}
	if !h.write {
		return nil
	}
	if err := boltpage.CheckFreelist(f, hdr); err != nil {
		return corruptError(h.path, "its list of free pages is damaged (%v)", err)
	}
	if hdr.Current().Freelist == ^uint64(0) {
		// Without a stored free list bbolt rebuilds it from every page of
		// the file, which it would read unchecked. prr always stores one.
		if problems := boltpage.Walk(f, hdr); len(problems) > 0 {
			return corruptError(h.path, "its pages are damaged (%s)", problems[0])
		}
	}
	return nil
}

// rollbackError says that the file opens at an older commit than its
// newest, and what that means for this operation (then).
func rollbackError(path string, hdr *boltpage.Header, then string) error {
	lost := "the newest transaction"
	if t := hdr.LostTxid(); t != 0 {
		lost = fmt.Sprintf("transaction %d", t)
	}
	msg := fmt.Sprintf("%s: %s: meta page %d, which records %s, is damaged, so the database opens as it was at transaction %d, without the last change made to it; %s",
		path, ErrRolledBack, 1-hdr.Use, lost, hdr.Current().Txid, then)
	return &storeError{kinds: []error{ErrCorrupt, ErrRolledBack}, msg: msg}
}

// headerError turns boltpage's refusal of a file into the store's error.
func headerError(path string, f *os.File, err error) error {
	var be *boltpage.Error
	switch {
	case !errors.As(err, &be):
		return err
	case be.NotBolt && be.Reason != "" && f != nil:
		first := make([]byte, 4096)
		n, _ := f.ReadAt(first, 0)
		if n == 0 {
			return fileError(ErrNotDatabase, path, be.Reason)
		}
		return fileError(ErrNotDatabase, path, "it "+sniff(first[:n]))
	case be.NotBolt:
		return fileError(ErrNotDatabase, path, be.Reason)
	}
	return corruptError(path, "%s", be.Reason)
}

// openError turns what went wrong while opening into the store's errors.
func openError(path string, err error, timeout time.Duration) error {
	var se *storeError
	switch {
	case errors.As(err, &se):
		return err
	case errors.Is(err, errLockTimeout), errors.Is(err, berrors.ErrTimeout):
		return newError(ErrLocked, "%s: %s (waited %s)", path, ErrLocked, timeout)
	case errors.Is(err, fs.ErrNotExist):
		return wrapError(fs.ErrNotExist, err, "%s: the database file is missing: it was moved or deleted", path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return corruptError(path, "%v", err)
	}
	return fmt.Errorf("open the database %s: %w", path, err)
}

// view runs fn in a read transaction, guarded against bbolt panics.
func (h *handle) view(fn func(tx *bolt.Tx) error) error {
	return guard(h.path, "reading it", func() error { return h.db.View(fn) })
}

// update runs fn in a write transaction, guarded against bbolt panics.
func (h *handle) update(fn func(tx *bolt.Tx) error) error {
	return guard(h.path, "writing it", func() error { return h.db.Update(fn) })
}

// close closes the database (unmapping it and releasing the lock).
func (h *handle) close() error {
	return guard(h.path, "closing it", h.db.Close)
}

// guard runs fn, turning a panic inside it into ErrCorrupt. bbolt reads
// the file through a memory map and trusts what it finds: on a damaged
// file it may panic, or fault on an address outside the map. The page
// checks (boltpage) rule out what they can before bbolt reads a page; this
// is the second line. SetPanicOnFault makes such a fault a recoverable
// panic instead of a crash, for this goroutine only.
//
// A panic from a caller's callback is not caught here: callUser wraps it
// as a userPanic error before it reaches bbolt.
func guard(path, doing string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = newError(ErrCorrupt, "%s: %s: bbolt failed while %s (%v)", path, ErrCorrupt, doing, r)
		}
	}()
	return fn()
}
