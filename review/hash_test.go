package review

import (
	"testing"
	"time"
)

func pinnedReview() *Review {
	r := reviewWith(map[string]Answer{
		"req1": {Status: Pass, Note: "Grafana: «SLO» board ✓", Evidence: []string{"https://grafana.example/d/slo"}},
		"opt1": {Status: Fail, Waiver: waiver("2027-01-31"), Actions: []Action{{Text: "Add alerts", Owner: "Ola", Due: "2026-12-15"}}},
	})
	r.Team, r.Owner = "Payments", "Kari"
	r.Participants = []Participant{{Name: "Kari", Role: "owner"}, {Name: "Ola", Role: "sre"}}
	return r
}

// TestContentHashPinned pins the hash of a fixed review. If this test fails,
// the canonical encoding changed and every existing sign-off would turn
// stale: bump HashPrefix and keep the old encoding readable instead.
func TestContentHashPinned(t *testing.T) {
	const want = "sha256:a08179ebbb20511fbd739faf44d752d5c5c3039e61da6a811040232198391380"
	if got := ContentHash(pinnedReview()); got != want {
		t.Fatalf("ContentHash = %s, want %s", got, want)
	}
}

func TestContentHashIgnoresBookkeeping(t *testing.T) {
	base := ContentHash(pinnedReview())
	r := pinnedReview()
	a := r.Answers["req1"]
	a.UpdatedAt, a.UpdatedBy = time.Now(), "someone else"
	r.Answers["req1"] = a
	r.UpdatedAt = time.Now()
	r.SignOffs = append(r.SignOffs, SignOff{Name: "x", Decision: Approve})
	r.Answers["opt2"] = Answer{Status: Unanswered} // an explicit blank answer is no answer
	if got := ContentHash(r); got != base {
		t.Errorf("hash changed on bookkeeping-only change: %s != %s", got, base)
	}
}

func TestContentHashSeesContent(t *testing.T) {
	base := ContentHash(pinnedReview())
	changes := map[string]func(r *Review){
		"status":      func(r *Review) { a := r.Answers["req1"]; a.Status = Partial; r.Answers["req1"] = a },
		"note":        func(r *Review) { a := r.Answers["req1"]; a.Note += "."; r.Answers["req1"] = a },
		"evidence":    func(r *Review) { a := r.Answers["req1"]; a.Evidence = nil; r.Answers["req1"] = a },
		"action done": func(r *Review) { a := r.Answers["opt1"]; a.Actions[0].Done = true; r.Answers["opt1"] = a },
		"waiver":      func(r *Review) { a := r.Answers["opt1"]; a.Waiver = nil; r.Answers["opt1"] = a },
		"service":     func(r *Review) { r.Service = "other" },
		"participant": func(r *Review) { r.Participants = r.Participants[:1] },
		"template":    func(r *Review) { r.Template.Version = 2 },
		"new answer":  func(r *Review) { r.Answers["opt2"] = Answer{Status: Pass} },
	}
	for name, change := range changes {
		r := pinnedReview()
		change(r)
		if ContentHash(r) == base {
			t.Errorf("%s: hash did not change", name)
		}
	}
}
