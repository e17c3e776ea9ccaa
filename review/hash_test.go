package review

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
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
		"to confirm":  func(r *Review) { a := r.Answers["req1"]; a.ToConfirm = true; r.Answers["req1"] = a },
		"valid for":   func(r *Review) { r.Template.ValidFor = "1y" },
	}
	for name, change := range changes {
		r := pinnedReview()
		change(r)
		if ContentHash(r) == base {
			t.Errorf("%s: hash did not change", name)
		}
	}
}

// referenceHash is the definition of the content hash: sha256 over
// json.Marshal of canonicalReview. ContentHash writes the same bytes in
// pieces; these tests hold the two equal.
func referenceHash(r *Review) string {
	c := canonicalReview{
		canonicalHead: canonicalHead{
			Format: HashPrefix, ID: r.ID, Service: r.Service, Team: r.Team, Owner: r.Owner,
			Participants: nonNil(r.Participants), Created: r.CreatedAt.UTC().Format(time.RFC3339),
		},
		Template: r.Template, Answers: canonicalAnswers(r), Assessments: canonicalAssessments(r),
	}
	sum := sha256.Sum256(mustMarshal(c))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// hostileReview fills every hashed field with text that encoding/json
// escapes: HTML characters, line separators, invalid UTF-8, quotes.
func hostileReview(s string) *Review {
	r := pinnedReview()
	r.Service, r.Team, r.Owner = s, "<team>&"+s, "\u2028"+s+"\xff"
	r.Participants = append(r.Participants, Participant{Name: s, Role: `"` + s})
	r.Template.Title, r.Template.Description = s, "<script>"+s
	r.Template.SignoffRoles = []string{"owner", s}
	sec := &r.Template.Sections[0]
	sec.Title, sec.Description = s, s+"&"
	it := &sec.Items[0]
	it.Guidance = s + "\u2029\\"
	it.Title, it.Level, it.Tags, it.Refs, it.Sources = s, len(s)%4, []string{s}, []string{"https://" + s}, []string{s, ""}
	a := r.Answers["req1"]
	a.Note, a.Evidence = s, []string{"https://x.example/?a=1&b=<" + s}
	a.Actions = []Action{{Text: s, Owner: s, Due: Date(s), Done: len(s)%2 == 0}, {Text: "plain"}}
	a.Waiver = &Waiver{Reason: s, AcceptedBy: "<" + s, Expires: Date(s)}
	r.Answers["req1"] = a
	return r
}

// TestCanonicalEncoderIsInUse: the hand-written encoder is only used while
// the hashed types have the fields it was written for, and falls back to
// encoding/json otherwise. A change to those types must come with the
// encoder's: this fails until canonicalEncoder and canonicalShape follow.
func TestCanonicalEncoderIsInUse(t *testing.T) {
	if !canonicalShapeOK() {
		t.Fatal("the hashed types changed: teach canonicalEncoder the change and update canonicalShape")
	}
}

func TestContentHashMatchesTheCanonicalStruct(t *testing.T) {
	reviews := map[string]*Review{
		"pinned":          pinnedReview(),
		"hostile":         hostileReview("a<b>&c\"d\\e\u2028f\x00g\xff"),
		"no participants": func() *Review { r := pinnedReview(); r.Participants = nil; return r }(),
		"no answers":      func() *Review { r := pinnedReview(); r.Answers = nil; return r }(),
		"signing rules": func() *Review {
			r := pinnedReview()
			r.Template.SignoffRoles = []string{"owner", "sre"}
			r.Template.SignoffRules = []RoleRule{{Role: "sre", Signed: true, Principals: []string{"*@x<y>"}}, {Role: "owner", Signed: true}}
			return r
		}(),
		"renewal and an answer to confirm": func() *Review {
			r := pinnedReview()
			r.Template.ValidFor = "180d"
			for id, a := range r.Answers {
				a.ToConfirm = true
				r.Answers[id] = a
			}
			return r
		}(),
		"skill matrix": skilledReview(),
	}
	for name, r := range reviews {
		if got, want := ContentHash(r), referenceHash(r); got != want {
			t.Errorf("%s: ContentHash = %s, the canonical struct gives %s", name, got, want)
		}
	}
}

// TestHasherFollowsTheAnswers reuses one Hasher across answer changes, as
// the store does, and checks each hash against a fresh ContentHash.
func TestHasherFollowsTheAnswers(t *testing.T) {
	r := pinnedReview()
	h := NewHasher(&r.Template)
	seen := map[string]bool{}
	for i, st := range []Status{Pass, Fail, Partial, NA, Unanswered, Pass} {
		a := r.Answers["req1"]
		a.Status, a.Note = st, strings.Repeat("n", i)
		r.Answers["req1"] = a
		if i == 3 {
			r.Service = "renamed" // a new head: the cached prefix must not serve it
		}
		got := h.Hash(r)
		if want := ContentHash(r); got != want {
			t.Fatalf("after %s: Hasher gives %s, ContentHash %s", st, got, want)
		}
		if seen[got] {
			t.Fatalf("after %s: the hash %s was seen before", st, got)
		}
		seen[got] = true
	}
}

func FuzzContentHashEncoding(f *testing.F) {
	for _, s := range []string{"", "plain", "<>&", "\u2028\u2029", "\xff\xfe", `"\`, "\x00\x1b[31m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := hostileReview(s)
		want := referenceHash(r)
		if got := ContentHash(r); got != want {
			t.Fatalf("ContentHash = %s, the canonical struct gives %s", got, want)
		}
		h := NewHasher(&r.Template)
		for range 2 { // the second time from the cached prefix
			if got := h.Hash(r); got != want {
				t.Fatalf("Hasher.Hash = %s, the canonical struct gives %s", got, want)
			}
		}
	})
}
