package store

import (
	"errors"
	"fmt"

	"github.com/prr-dev/prr/review"
)

// Sentinel errors. Every error the store returns for one of these cases
// wraps the sentinel (test with errors.Is) and reads as one complete line
// on its own, naming the file or the review it concerns and saying what
// happened. What to do about it is the front end's to say: the CLI knows
// its flags and commands, the store does not.
var (
	// ErrNotFound: no review has that id, or starts with that prefix.
	ErrNotFound = errors.New("no review matches")
	// ErrAmbiguous: the prefix matches several reviews; the message lists them.
	ErrAmbiguous = errors.New("the review id is ambiguous")
	// ErrLocked: another process held the database for longer than
	// Options.LockTimeout.
	ErrLocked = errors.New("the database is busy: another prr holds it")
	// ErrNewerSchema: the file was written by a newer prr. It is refused,
	// and never opened for writing.
	ErrNewerSchema = errors.New("the database was written by a newer prr")
	// ErrNotDatabase: the file is not a prr database (empty, another file
	// format, or a bbolt database of another program). It is not changed.
	ErrNotDatabase = errors.New("not a prr database")
	// ErrCorrupt: the file looks like a prr database but is truncated or
	// damaged. It is not changed.
	ErrCorrupt = errors.New("the database is damaged")
	// ErrRolledBack: the meta page of the newest commit is damaged, so the
	// file opens as it was one commit earlier (see Store.AcceptRollback).
	// Reads go on and say so (Store.Warnings); writes are refused with an
	// error that is ErrCorrupt as well.
	ErrRolledBack = errors.New("the newest change to the database cannot be read")
	// ErrReadOnly: a write through a store opened with Options.ReadOnly, or a
	// read-only open of a database that first needs a schema upgrade.
	ErrReadOnly = errors.New("the database is open read-only")
	// ErrUnknownItem: the review's template snapshot has no item with that id.
	ErrUnknownItem = review.ErrUnknownItem
	// ErrExists: Put was asked to import a review whose id is taken, without
	// replace.
	ErrExists = errors.New("a review with this id already exists")
)

// storeError is an error with a complete, human-readable message that still
// matches its sentinels (kinds) and its underlying cause with errors.Is.
type storeError struct {
	kinds []error
	msg   string
	cause error
}

func (e *storeError) Error() string { return e.msg }

func (e *storeError) Unwrap() []error {
	if e.cause == nil {
		return e.kinds
	}
	return append(e.kinds[:len(e.kinds):len(e.kinds)], e.cause)
}

// newError builds an error of the given kind whose whole message is the
// formatted text.
func newError(kind error, format string, args ...any) error {
	return &storeError{kinds: []error{kind}, msg: fmt.Sprintf(format, args...)}
}

// wrapError is newError with an underlying cause kept for errors.Is/As.
func wrapError(kind, cause error, format string, args ...any) error {
	return &storeError{kinds: []error{kind}, msg: fmt.Sprintf(format, args...), cause: cause}
}

// fileError is the one-line message for a refused file: the path, the
// sentinel's text, the reason, and the reassurance that nothing was written.
func fileError(kind error, path, reason string) error {
	return &storeError{kinds: []error{kind}, msg: fmt.Sprintf("%s: %s: %s; the file was not changed", path, kind, reason)}
}

// corruptError is fileError for a damaged file.
func corruptError(path, format string, args ...any) error {
	return fileError(ErrCorrupt, path, fmt.Sprintf(format, args...))
}

// damaged reports a review whose stored records do not read back.
func damaged(id, format string, args ...any) error {
	return newError(ErrCorrupt, "%s: review %s: %s", ErrCorrupt, id, fmt.Sprintf(format, args...))
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

// errClosed is returned by operations on a closed Store: a programming error.
var errClosed = errors.New("store: the store is closed")

// errNoChange rolls back a write transaction that turned out to change
// nothing, so that no-op edits cost no disk sync and leave no history.
var errNoChange = errors.New("store: no change")

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
