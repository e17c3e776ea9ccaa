package review

import (
	"strings"
	"testing"
)

func TestSignOffState(t *testing.T) {
	sign := func(r *Review, name, role string, d Decision) {
		s, err := NewSignOff(r, name, role, d, "", day)
		if err != nil {
			t.Fatal(err)
		}
		r.SignOffs = append(r.SignOffs, s)
	}
	t.Run("draft", func(t *testing.T) {
		if st := SignOffState(reviewWith(nil)); st.State != Draft {
			t.Errorf("state = %s", st.State)
		}
	})
	t.Run("in review", func(t *testing.T) {
		if st := SignOffState(reviewWith(map[string]Answer{"req1": {Status: Pass}})); st.State != InReview || !strings.Contains(strings.Join(st.Reasons, ";"), "no current approval") {
			t.Errorf("state = %+v", st)
		}
	})
	t.Run("approved", func(t *testing.T) {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		sign(r, "Kari", "Owner", Approve)
		if st := SignOffState(r); st.State != SignedOff || st.Stale != 0 || st.Current != 1 {
			t.Errorf("state = %+v", st)
		}
		if r.SignOffs[0].Role != "owner" {
			t.Errorf("role not normalised: %q", r.SignOffs[0].Role)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		sign(r, "Kari", "owner", Approve)
		sign(r, "Sec", "security", Reject)
		if st := SignOffState(r); st.State != Rejected {
			t.Errorf("state = %+v", st)
		}
	})
	t.Run("changed mind", func(t *testing.T) {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		sign(r, "Sec", "security", Reject)
		sign(r, "Sec", "security", ApproveWithConditions)
		if st := SignOffState(r); st.State != SignedOff {
			t.Errorf("state = %+v", st)
		}
	})
	t.Run("stale after edit", func(t *testing.T) {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		sign(r, "Kari", "owner", Approve)
		r.Answers["req2"] = Answer{Status: Fail}
		st := SignOffState(r)
		if st.State != InReview || st.Stale != 1 || st.Current != 0 || !r.SignOffs[0].Stale(st.Hash) {
			t.Errorf("state = %+v", st)
		}
	})
	t.Run("roles required", func(t *testing.T) {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		r.Template.SignoffRoles = []string{"owner", "security"}
		sign(r, "Kari", "owner", Approve)
		st := SignOffState(r)
		if st.State != InReview || len(st.MissingRoles) != 1 || st.MissingRoles[0] != "security" {
			t.Errorf("state = %+v", st)
		}
		sign(r, "Sec", "security", Approve)
		if st := SignOffState(r); st.State != SignedOff {
			t.Errorf("state = %+v", st)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		r := reviewWith(nil)
		if _, err := NewSignOff(r, " ", "x", Approve, "", day); err == nil {
			t.Error("nameless sign-off accepted")
		}
		if _, err := NewSignOff(r, "a", "x", "maybe", "", day); err == nil {
			t.Error("unknown decision accepted")
		}
	})
}

func TestDiffAnswer(t *testing.T) {
	old := Answer{Status: Fail, Note: "a"}
	nw := Answer{Status: Pass, Note: "a", Evidence: []string{"https://x"}, Actions: []Action{{Text: "t", Owner: "o", Due: "2026-12-01"}}}
	evs := DiffAnswer("slo", old, nw, day, "me")
	got := map[string]string{}
	for _, e := range evs {
		if e.Item != "slo" || e.Actor != "me" || !e.At.Equal(day) {
			t.Errorf("event = %+v", e)
		}
		got[e.Field] = e.Old + "→" + e.New
	}
	want := map[string]string{"status": "fail→pass", "evidence": "→https://x", "actions": "→[ ] t (owner o) due 2026-12-01"}
	if len(got) != len(want) {
		t.Fatalf("events = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if evs := DiffAnswer("x", Answer{}, Answer{Status: Unanswered}, day, "me"); len(evs) != 0 {
		t.Errorf("no-op diff gave %v", evs)
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := NewID()
		if len(id) != IDLength || !ValidIDPrefix(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", "ABC", "abc-", "123456789", "il0u"} {
		if ValidIDPrefix(bad) {
			t.Errorf("ValidIDPrefix(%q) = true", bad)
		}
	}
}

func TestParseParticipant(t *testing.T) {
	p, err := ParseParticipant(" Kari Nordmann : SRE ")
	if err != nil || p.Name != "Kari Nordmann" || p.Role != "sre" {
		t.Errorf("got %+v %v", p, err)
	}
	if _, err := ParseParticipant(":sre"); err == nil {
		t.Error("nameless participant accepted")
	}
	// A name may hold a colon: the role is after the last one.
	p, err = ParseParticipant("Dr. Who: The Doctor:sre")
	if err != nil || p.Name != "Dr. Who: The Doctor" || p.Role != "sre" {
		t.Errorf("got %+v %v", p, err)
	}
	if p, err := ParseParticipant("Kari Nordmann"); err != nil || p.Name != "Kari Nordmann" || p.Role != "" {
		t.Errorf("no role: %+v %v", p, err)
	}
}

// A name made only of what does not show (white space, zero-width and
// bidi characters, fillers) would show blank in every list and record.
func TestInvisibleNamesAreRefused(t *testing.T) {
	if err := (Meta{Service: "\u00a0\u3000"}).Normalize().Validate(); err == nil || !strings.Contains(err.Error(), "the service name is empty") {
		t.Errorf("a service of white space: %v", err)
	}
	for _, s := range []string{"\u200b", "\u200e\u200f", "\u202e \u2066\u2069", "\u3164", "\u2800", "\ufeff\u2060", "\u180e\u034f", "\U000e0041", "\ufe0f", "\u200b\u3000"} {
		if err := (Meta{Service: s}).Normalize().Validate(); err == nil || !strings.Contains(err.Error(), "the service name has nothing visible") {
			t.Errorf("service %q: %v", s, err)
		}
		if err := (Meta{Service: "svc", Team: s}).Normalize().Validate(); err == nil || !strings.Contains(err.Error(), "team has nothing visible") {
			t.Errorf("team %q: %v", s, err)
		}
		if err := (Meta{Service: "svc", Participants: []Participant{{Name: s}}}).Normalize().Validate(); err == nil {
			t.Errorf("participant %q accepted", s)
		}
		if err := (SignOff{Name: s, Decision: Approve}).Validate(); err == nil {
			t.Errorf("sign-off name %q accepted", s)
		}
	}
	for _, s := range []string{"payments-api", "a\u200bb", "\u202eevil", "支付", "ÿ", "x\u0301"} {
		if err := (Meta{Service: s}).Normalize().Validate(); err != nil {
			t.Errorf("service %q refused: %v", s, err)
		}
	}
}

// TestStateOfAgreesWithSignOffState: the shortcut must never disagree with
// the full derivation.
func TestStateOfAgreesWithSignOffState(t *testing.T) {
	cases := []*Review{reviewWith(nil), reviewWith(map[string]Answer{"req1": {Status: Pass}})}
	signed := reviewWith(map[string]Answer{"req1": {Status: Pass}})
	s, _ := NewSignOff(signed, "Kari", "owner", Approve, "", day)
	signed.SignOffs = append(signed.SignOffs, s)
	stale := reviewWith(map[string]Answer{"req1": {Status: Pass}})
	s, _ = NewSignOff(stale, "Kari", "owner", Approve, "", day)
	stale.SignOffs = append(stale.SignOffs, s)
	stale.Answers["req2"] = Answer{Status: Fail}
	cases = append(cases, signed, stale)
	for i, r := range cases {
		if got, want := StateOf(r), SignOffState(r).State; got != want {
			t.Errorf("case %d: StateOf = %s, SignOffState = %s", i, got, want)
		}
	}
}

// TestAndList: the roles without approval are named in a sentence, never
// as a Go slice.
func TestAndList(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"owner"}, "owner"}, {[]string{"owner", "sre"}, "owner and sre"}, {[]string{"owner", "sre", "dpo"}, "owner, sre and dpo"}} {
		if got := andList(tt.in); got != tt.want {
			t.Errorf("andList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
