package main

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
	"github.com/prr-dev/prr/tui/hub"
)

// TestSessionStoreSignsWithTheKey: a sign-off over SSH is the session's
// own, under its name, with its key's fingerprint, in one write.
func TestSessionStoreSignsWithTheKey(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "prr.db"), store.Options{Actor: "prr serve", KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := cat.Lookup("standard")
	r, err := st.Create(*e.Template, review.Meta{Service: "checkout"})
	if err != nil {
		t.Fatal(err)
	}
	who := hub.Identity{Name: "carol", Fingerprint: "SHA256:carolskey"}
	ss := sessionStore{Store: st.As(who.Name), who: who, log: slog.New(slog.DiscardHandler), now: time.Now}
	if _, err := ss.SignOff(r.ID, "mallory", "sre", review.Approve, ""); err == nil || !strings.Contains(err.Error(), "as yourself") {
		t.Errorf("signing as someone else: %v", err)
	}
	so, err := ss.SignOff(r.ID, "carol", "sre", review.Approve, "fine")
	if err != nil {
		t.Fatal(err)
	}
	got, hist, err := st.GetWithHistory(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SignOffs) != 1 || got.SignOffs[0] != so || so.KeyFingerprint != who.Fingerprint || so.Hash != review.ContentHash(got) {
		t.Fatalf("stored %+v, returned %+v", got.SignOffs, so)
	}
	last := hist[len(hist)-1]
	if last.Actor != "carol" || !strings.Contains(last.New, "key SHA256:carolskey") {
		t.Errorf("audit event %+v", last)
	}
}
