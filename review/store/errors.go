package store

import (
	"errors"
	"fmt"

	"github.com/prr-dev/prr/review"
)

// Sentinel errors. Every error the store returns for one of these cases
// wraps the sentinel (test with errors.Is) and reads as one complete line
// on its own, naming the file or the review it concerns, so that the CLI and
// the TUI can print err.Error() as is and pick an exit code with errors.Is.
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
// matches its sentinel (kind) and its underlying cause with errors.Is.
type storeError struct {
	kind  error
	msg   string
	cause error
}

func (e *storeError) Error() string { return e.msg }

func (e *storeError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// newError builds an error of the given kind whose whole message is the
// formatted text.
func newError(kind error, format string, args ...any) error {
	return &storeError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// wrapError is newError with an underlying cause kept for errors.Is/As.
func wrapError(kind, cause error, format string, args ...any) error {
	return &storeError{kind: kind, msg: fmt.Sprintf(format, args...), cause: cause}
}

// fileError builds the one-line message for a refused file: the path, the
// sentinel's text, the reason, and the reassurance that nothing was written.
func fileError(kind error, path, reason, advice string) error {
	msg := fmt.Sprintf("%s: %s: %s", path, kind, reason)
	if advice != "" {
		msg += "; " + advice
	}
	return &storeError{kind: kind, msg: msg + "; the file was not changed"}
}
