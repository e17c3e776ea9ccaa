package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
)

// Exit codes. Scripts and CI gates can tell "the answer is no" (1) from
// "you called me wrong" (2) and "the database is busy or damaged" (3, 4).
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitBusy     = 3
	exitDatabase = 4
)

// exitError carries an exit code with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// silentErr ends the command with a code after it printed its own output
// (prr check prints its reasons on stdout).
type silentErr struct{ code int }

func (e *silentErr) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ee *exitError
	var se *silentErr
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		return se.code
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, store.ErrLocked):
		return exitBusy
	case errors.Is(err, store.ErrNotDatabase), errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrNewerSchema):
		return exitDatabase
	case isUsage(err):
		return exitUsage
	}
	return exitFailure
}

// isUsage spots cobra's own usage errors, which are plain errors.
func isUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "required flag"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// advice says what the user can do about an error of the store, in terms
// of prr's commands and flags: the store says what happened, the CLI what
// to do about it.
func advice(err error) string {
	switch {
	case errors.Is(err, store.ErrRolledBack):
		return "keep a copy of the database file as it is, then see what is lost with prr doctor and go on from the older state with prr doctor --accept-rollback"
	case errors.Is(err, store.ErrLocked):
		return "try again, or raise --lock-timeout; a prr serve holds its database for as long as it runs: go through it (ssh -p PORT HOST, and ssh -p PORT HOST backup > FILE for a copy)"
	case errors.Is(err, store.ErrNewerSchema):
		return "upgrade prr to open it"
	case errors.Is(err, store.ErrNotDatabase):
		return "check the --db path or PRR_DB"
	case errors.Is(err, store.ErrCorrupt):
		return "run prr doctor, and restore a backup (prr backup) if it finds damage"
	case errors.Is(err, store.ErrExists):
		return "replace it with prr import --replace, or delete it first"
	case errors.Is(err, store.ErrAmbiguous):
		return "type more of the id"
	case errors.Is(err, store.ErrNotFound):
		return "prr list shows the reviews"
	case errors.Is(err, store.ErrUnknownItem):
		return "prr show REVIEW lists the items"
	}
	return ""
}

// printError writes err as "prr: message", one line per line of the error
// (joined errors, such as several template problems, keep one per line),
// with the advice for it at the end. Error text can quote user input, so it
// is sanitised like anything else.
func printError(w io.Writer, err error) {
	var se *silentErr
	if errors.As(err, &se) {
		return
	}
	var lines []string
	for _, line := range strings.Split(textsafe.Block(err.Error()), "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	if a := advice(err); a != "" && len(lines) > 0 {
		lines[len(lines)-1] += "; " + a
	}
	for _, line := range lines {
		fmt.Fprintf(w, "prr: %s\n", line)
	}
}

// printWarnings writes, once, what the store noticed without failing the
// command (a database that reads as it was one change ago), unless the
// command's own error already said it.
func printWarnings(w io.Writer, s *store.Store, err error) {
	if s == nil {
		return
	}
	for _, warn := range s.Warnings() {
		if errors.Is(err, store.ErrRolledBack) && errors.Is(warn, store.ErrRolledBack) {
			continue
		}
		line := textsafe.Line(warn.Error())
		if a := advice(warn); a != "" {
			line += "; " + a
		}
		fmt.Fprintf(w, "prr: warning: %s\n", line)
	}
}
