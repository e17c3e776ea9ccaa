package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

// isMarkdown says whether prr import reads a file as a Markdown record.
func isMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// importMarkdown reads one Markdown record back into the database: with
// the checklist the record names when prr has it (built in, the templates
// folder, or a review in the database), so the review is the one exported;
// rebuilt from the record otherwise, saying what that lacks. Replacing a
// review shows what changes first, and asks (or wants --yes) before
// current sign-offs turn stale.
func (a *app) importMarkdown(ctx context.Context, cmd *cobra.Command, s *store.Store, name string, replace, yes bool) error {
	data, err := userfile.Read(name, export.MaxMarkdownBytes)
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	rec, err := export.ReadMarkdown(data, a.checklistLookup(s), a.now())
	if err != nil {
		return fmt.Errorf("import %s: %w", name, err)
	}
	r, out := rec.Review, cmd.OutOrStdout()
	old, history, err := s.GetWithHistory(r.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		old = nil
	case err != nil:
		return err
	case !replace:
		return fmt.Errorf("import review %s: %w", r.ID, store.ErrExists)
	}
	if old != nil {
		if err := a.confirmReplace(ctx, out, old, r, yes); err != nil {
			return err
		}
		// The review keeps its audit history, and the import adds what it
		// changed: a record carries no history of its own.
		history = append(history, review.DiffReview(old, r, a.now().UTC(), a.cfg.Actor)...)
	}
	if err := s.Put(r, history, replace); err != nil {
		return err
	}
	reportMarkdownImport(out, cmd.ErrOrStderr(), name, rec)
	return nil
}

// checklistLookup finds a record's checklist by id, version and snapshot
// hash: built in or in the templates folder first, then the database.
func (a *app) checklistLookup(s *store.Store) export.TemplateLookup {
	return func(id string, version int, hash string) (*review.Template, string) {
		if c, err := a.loadCatalog(); err == nil {
			if e, ok := c.Lookup(id); ok && e.Template.Version == version && review.TemplateHash(e.Template) == hash {
				return e.Template, e.Source
			}
		}
		if t, err := s.Template(hash); err == nil && t != nil && t.ID == id && t.Version == version {
			return t, "the database"
		}
		return nil, ""
	}
}

// confirmReplace shows how the record differs from the review in the
// database and, when current sign-offs would turn stale, asks first on a
// terminal and refuses without --yes elsewhere.
func (a *app) confirmReplace(ctx context.Context, w io.Writer, old, r *review.Review, yes bool) error {
	events := review.DiffReview(old, r, a.now(), a.cfg.Actor)
	if len(events) == 0 {
		fmt.Fprintf(w, "review %s: the record says what the database holds\n", r.ID)
	} else {
		fmt.Fprintf(w, "review %s: the record differs from the database in %d place(s):\n", r.ID, len(events))
		for _, e := range events {
			where := e.Field
			if e.Item != "" {
				where = e.Item + " " + e.Field
			}
			fmt.Fprintf(w, "  %s: %s → %s\n", where, shorten(e.Old), shorten(e.New))
		}
	}
	hash := review.ContentHash(r)
	current := 0
	for _, s := range review.CurrentSignOffs(old) {
		if !s.Stale(review.ContentHash(old)) && s.Stale(hash) {
			current++
		}
	}
	if current == 0 || yes {
		return nil
	}
	se := &signedError{id: r.ID, current: current}
	if !a.interactive() {
		return &exitError{code: exitUsage, err: se}
	}
	if !a.confirm(ctx, fmt.Sprintf("Replacing review %s makes %d current sign-off(s) stale. Continue?", r.ID, current)) {
		return &exitError{code: exitFailure, err: errors.New("not changed")}
	}
	return nil
}

// shorten is a value of a difference on one line of a terminal.
func shorten(s string) string {
	s = textsafe.Line(s)
	if s == "" {
		return "(none)"
	}
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// reportMarkdownImport says what was imported, where its checklist came
// from, whether its sign-offs still hold, and what was skipped.
func reportMarkdownImport(out, errw io.Writer, name string, rec *export.MarkdownRecord) {
	r := rec.Review
	fmt.Fprintf(out, "imported %s (%s) from %s\n", r.ID, textsafe.Line(r.Service), name)
	if rec.TemplateSource != "" {
		fmt.Fprintf(out, "checklist: %s v%d from %s\n", textsafe.Line(r.Template.ID), r.Template.Version, textsafe.Line(rec.TemplateSource))
	} else {
		fmt.Fprintf(out, "checklist: %s v%d rebuilt from the record; missing: %s\n", textsafe.Line(r.Template.ID), r.Template.Version, strings.Join(rec.Missing, "; "))
	}
	switch hash := review.ContentHash(r); {
	case rec.Edited:
		fmt.Fprintln(out, "the record was edited after prr wrote it: its changes are imported, and sign-offs given before them are stale")
	case hash == rec.StatedHash:
		fmt.Fprintln(out, "content hash: as the record states; its sign-offs keep their state")
	}
	for _, n := range rec.Notes {
		fmt.Fprintf(errw, "prr: note: %s\n", textsafe.Line(n))
	}
}
