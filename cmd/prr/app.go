package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
	"github.com/prr-dev/prr/tui"
)

// app is what every command works with: the resolved configuration and
// the things built from it on first use (store, catalog, logger).
type app struct {
	cfg    Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    func() time.Time

	store   *store.Store
	catalog *review.Catalog
	allowed *sshsign.AllowedSigners
	// agent is the ssh-agent the sign-off screen lists and signs with,
	// dialled on first use (agentMu: the screen asks from its commands).
	agent   *sshsign.Agent
	agentMu sync.Mutex
	logger  *slog.Logger
	logFile *os.File
}

// openStore opens the database on first use.
func (a *app) openStore(readOnly bool) (*store.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	if _, err := os.Stat(a.cfg.DBPath); readOnly && errors.Is(err, fs.ErrNotExist) {
		readOnly = false // first use: create the database rather than fail a read
	}
	opts := store.Options{LockTimeout: a.cfg.LockTimeout, Actor: a.cfg.Actor, Now: a.now, ReadOnly: readOnly, ValidFor: a.cfg.ValidFor}
	s, err := store.Open(a.cfg.DBPath, opts)
	if readOnly && errors.Is(err, store.ErrReadOnly) {
		// The database is from an older prr and must be upgraded first,
		// which a read-only open cannot do: the first command after an
		// upgrade of prr does it, whichever it is.
		a.log().Info("upgrading the database", "db", a.cfg.DBPath)
		opts.ReadOnly = false
		s, err = store.Open(a.cfg.DBPath, opts)
	}
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// loadCatalog reads built-in and custom templates on first use. A broken
// custom template does not stop the others from being used; it is logged
// and reported by "prr templates list".
func (a *app) loadCatalog() (*review.Catalog, error) {
	if a.catalog != nil {
		return a.catalog, nil
	}
	c, err := review.LoadCatalog(templates.Checklists, a.cfg.TemplatesDir)
	if c == nil {
		return nil, err
	}
	if err != nil {
		a.log().Warn("custom templates skipped", "err", err)
	}
	a.catalog = c
	return c, nil
}

// template finds a template by id, or loads it from a file path.
func (a *app) template(idOrFile string) (*review.Template, error) {
	if filepath.Ext(idOrFile) == ".yaml" || filepath.Ext(idOrFile) == ".yml" {
		return review.LoadTemplateFile(idOrFile)
	}
	c, err := a.loadCatalog()
	if err != nil {
		return nil, err
	}
	e, ok := c.Lookup(idOrFile)
	if !ok {
		return nil, usageErr("no template %q; see \"prr templates list\"", idOrFile)
	}
	return e.Template, nil
}

// log returns the logger, opening the log file in the state dir on first
// use. Logs never go to the terminal; if the file cannot be opened they are
// dropped rather than failing the command.
func (a *app) log() *slog.Logger {
	if a.logger != nil {
		return a.logger
	}
	var w io.Writer = io.Discard
	if err := os.MkdirAll(filepath.Dir(a.cfg.LogFile), 0o700); err == nil {
		if f, err := os.OpenFile(a.cfg.LogFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
			a.logFile, w = f, f
		}
	}
	a.logger = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: a.cfg.LogLevel}))
	return a.logger
}

func (a *app) close() {
	if a.store != nil {
		_ = a.store.Close()
	}
	if a.logFile != nil {
		_ = a.logFile.Close()
	}
}

// interactive reports whether we can ask the user a question.
func (a *app) interactive() bool {
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(in.Fd()) {
		return false
	}
	out, ok := a.stdout.(*os.File)
	return ok && term.IsTerminal(out.Fd())
}

// confirm asks a yes/no question on the terminal; without one it says no.
func (a *app) confirm(ctx context.Context, question string) bool {
	if !a.interactive() {
		return false
	}
	fmt.Fprintf(a.stdout, "%s [y/N] ", question)
	answer := make(chan string, 1)
	go func() {
		var s string
		_, _ = fmt.Fscanln(a.stdin, &s)
		answer <- s
	}()
	select {
	case s := <-answer:
		return s == "y" || s == "Y" || s == "yes"
	case <-ctx.Done():
		return false
	}
}

// getReview opens the store for reading and loads one whole review: the
// start of every command that reports on a review.
func (a *app) getReview(idOrPrefix string) (*store.Store, *review.Review, error) {
	s, err := a.openStore(true)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.Get(idOrPrefix)
	return s, r, err
}

// getReviewWith is getReview with the review's history too when history
// is set, from the same read of the database.
func (a *app) getReviewWith(idOrPrefix string, history bool) (*review.Review, []review.Event, error) {
	if !history {
		_, r, err := a.getReview(idOrPrefix)
		return r, nil, err
	}
	s, err := a.openStore(true)
	if err != nil {
		return nil, nil, err
	}
	return s.GetWithHistory(idOrPrefix)
}

// The store is what the screens need (tui imports no database code).
var _ tui.Store = (*store.Store)(nil)
