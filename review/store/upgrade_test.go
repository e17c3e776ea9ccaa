package store

import (
	"errors"
	"slices"
	"testing"

	"github.com/prr-dev/prr/review"
)

// TestUpgrade moves a signed-off review to the next version of its
// checklist: the new snapshot is stored and the old one, now unused,
// removed; answers to items kept stay, the removed one is listed; the
// sign-off is stale; the history says so; the file stays consistent.
func TestUpgrade(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "team payments"))
	mustAnswer(t, s, r.ID, "dashboards", setStatus(review.Partial, ""))
	if _, err := s.SignOff(r.ID, "Kari", "owner", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	next := testTemplate()
	next.Version = 4
	next.Sections[1].Items = next.Sections[1].Items[:2] // dashboards goes
	next.Sections[0].Items[0].Guidance = "Name the team in the service catalogue."
	refused := errors.New("not without asking")
	if _, err := s.Upgrade(r.ID, next, func(*review.Review) error { return refused }); !errors.Is(err, refused) {
		t.Fatalf("a refusing check: %v", err)
	}
	got, err := s.Upgrade(r.ID, next, nil)
	if err != nil {
		t.Fatal(err)
	}
	stored, hist, err := s.GetWithHistory(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Template.Version != 4 || review.ContentHash(stored) != review.ContentHash(got) {
		t.Fatalf("stored v%d", stored.Template.Version)
	}
	if a := stored.Answer("owner"); a.Note != "team payments" || !a.ToConfirm {
		t.Errorf("owner (its guidance changed): %+v", a)
	}
	if _, ok := stored.Answers["dashboards"]; ok || stored.Origin == nil || len(stored.Origin.Template.Removed) != 1 {
		t.Errorf("dashboards: %+v", stored.Origin)
	}
	if st := review.SignOffState(stored); st.Stale != 1 {
		t.Errorf("sign-off state after the move: %+v", st)
	}
	var fields []string
	for _, e := range hist {
		fields = append(fields, e.Field)
	}
	if !slices.Contains(fields, "template") {
		t.Errorf("history: %v", fields)
	}
	if n := countKeys(t, path, bucketTemplates); n != 1 {
		t.Errorf("%d snapshots stored for one review", n)
	}
	if _, err := s.Upgrade(r.ID, next, nil); !errors.Is(err, review.ErrNotNewer) {
		t.Errorf("a second move to the same version: %v", err)
	}
	assertDoctorOK(t, s)
}
