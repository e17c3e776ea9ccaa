package review

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// clone copies a review deeply enough for a test to change one side.
func clone(r *Review) *Review {
	c := *r
	c.Answers = map[string]Answer{}
	for k, v := range r.Answers {
		c.Answers[k] = v.Clone()
	}
	c.SignOffs = append([]SignOff(nil), r.SignOffs...)
	c.Participants = append([]Participant(nil), r.Participants...)
	return &c
}

func fields(evs []Event) []string {
	var out []string
	for _, ev := range evs {
		f := ev.Field
		if ev.Item != "" {
			f = ev.Item + "." + f
		}
		out = append(out, f)
	}
	return out
}

func TestDiffReview(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 7200))
	old := pinnedReview()
	so, err := NewSignOff(old, "Kari", "owner", Approve, "fine", at)
	if err != nil {
		t.Fatal(err)
	}
	old.SignOffs = []SignOff{so}

	if evs := DiffReview(old, clone(old), at, "ola"); len(evs) != 0 {
		t.Errorf("no change gave events %v", fields(evs))
	}
	next := clone(old)
	next.Service = "payments-v2"
	next.Answers["opt1"] = Answer{Status: Pass}
	delete(next.Answers, "req1")
	next.Answers["req2"] = Answer{Status: NA, Note: "no"}
	later := so
	later.Name, later.Decision, later.Comment = "Ola", Reject, ""
	next.SignOffs = append(next.SignOffs, later)
	evs := DiffReview(old, next, at, "ola")
	want := []string{"service", "opt1.status", "opt1.actions", "opt1.waiver", "req1.status", "req1.note", "req1.evidence", "req2.status", "req2.note", "signoff"}
	if got := fields(evs); !reflect.DeepEqual(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for _, ev := range evs {
		if !ev.At.Equal(at) || ev.At.Location() != time.UTC || ev.Actor != "ola" {
			t.Errorf("event %+v is not stamped with the time (UTC) and the actor", ev)
		}
	}
	if s := evs[len(evs)-1]; s.Old != "" || !strings.HasPrefix(s.New, "Ola (owner): reject, content ") {
		t.Errorf("sign-off event %+v", s)
	}
	// A withdrawn sign-off is recorded with its old text.
	evs = DiffReview(next, old, at, "ola")
	if s := evs[len(evs)-1]; s.Field != "signoff" || s.New != "" || !strings.HasPrefix(s.Old, "Ola (owner): reject") {
		t.Errorf("withdrawn sign-off: %+v", s)
	}
}

// TestDiffJSONFields: a field DiffReview has no rule for is audited by its
// JSON name and value.
func TestDiffJSONFields(t *testing.T) {
	a := []byte(`{"attendance":[{"name":"Kari"}],"parking":null,"gone":1}`)
	b := []byte(`{"attendance":[{"name":"Kari"},{"name":"Ola"}],"parking":null,"new":"x"}`)
	evs := diffJSONFields(a, b, time.Unix(0, 0), "me")
	got := map[string][2]string{}
	for _, ev := range evs {
		got[ev.Field] = [2]string{ev.Old, ev.New}
	}
	want := map[string][2]string{
		"attendance": {`[{"name":"Kari"}]`, `[{"name":"Kari"},{"name":"Ola"}]`},
		"gone":       {"1", ""},
		"new":        {"", `"x"`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if evs := diffJSONFields(a, a, time.Unix(0, 0), "me"); evs != nil {
		t.Errorf("equal objects gave %v", evs)
	}
}

// TestOtherFieldsLeaveOutTheKnownOnes: fields with rules of their own do
// not show up again as generic changes.
func TestOtherFieldsLeaveOutTheKnownOnes(t *testing.T) {
	a := pinnedReview()
	b := &Review{ID: "zzzz9999", Service: "x", Team: "y", Owner: "z", Participants: []Participant{{Name: "n"}},
		Template: Template{ID: "other"}, Answers: map[string]Answer{"q": {Status: Fail}},
		SignOffs: []SignOff{{Name: "s"}}, CreatedAt: time.Now(), UpdatedAt: time.Now(), CreatedBy: "c"}
	if x, y := otherFields(a), otherFields(b); string(x) != string(y) {
		t.Errorf("otherFields differ:\n%s\n%s", x, y)
	}
}

func TestValidateChange(t *testing.T) {
	old := pinnedReview()
	ok := clone(old)
	ok.Answers["opt2"] = Answer{Status: Pass, Note: "fine"}
	if err := ValidateChange(old, ok); err != nil {
		t.Fatalf("a valid change: %v", err)
	}
	// An answer that was already stored is not checked again.
	stored := clone(old)
	stored.Answers["req1"] = Answer{Status: NA}
	if err := ValidateChange(stored, clone(stored)); err != nil {
		t.Errorf("an unchanged answer was checked again: %v", err)
	}
	for name, tc := range map[string]struct {
		change func(r *Review)
		want   string
		is     error
	}{
		"id":             {func(r *Review) { r.ID = "other123" }, "id", ErrFixed},
		"created":        {func(r *Review) { r.CreatedAt = r.CreatedAt.Add(time.Second) }, "created", ErrFixed},
		"template":       {func(r *Review) { r.Template.Sections[0].Items[0].Title = "new title" }, "template", ErrFixed},
		"unknown item":   {func(r *Review) { r.Answers["ghost"] = Answer{Status: Pass} }, "ghost", ErrUnknownItem},
		"invalid answer": {func(r *Review) { r.Answers["opt2"] = Answer{Status: NA} }, "n/a needs", nil},
		"empty service":  {func(r *Review) { r.Service = "" }, "service name is empty", nil},
		"bad sign-off":   {func(r *Review) { r.SignOffs = append(r.SignOffs, SignOff{Name: "x", Decision: Approve}) }, "content hash", nil},
	} {
		t.Run(name, func(t *testing.T) {
			next := clone(old)
			next.Template = deepTemplate(old.Template)
			tc.change(next)
			err := ValidateChange(old, next)
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("ValidateChange: %v, want an error about %q", err, tc.want)
			}
		})
	}
}

// deepTemplate copies a template through JSON, sharing nothing.
func deepTemplate(t Template) Template {
	var c Template
	b, _ := json.Marshal(t)
	_ = json.Unmarshal(b, &c)
	return c
}

func TestTemplateHash(t *testing.T) {
	a := testTemplate()
	b := deepTemplate(a)
	if TemplateHash(&a) != TemplateHash(&b) {
		t.Error("equal snapshots hash differently")
	}
	raw, _ := json.Marshal(a)
	sum := sha256.Sum256(raw)
	if got, want := TemplateHash(&a), "sha256:"+hex.EncodeToString(sum[:]); got != want {
		t.Errorf("TemplateHash = %s, want the sha256 of the snapshot's JSON %s", got, want)
	}
	b.Sections[0].Items[0].Guidance += " More."
	if TemplateHash(&a) == TemplateHash(&b) {
		t.Error("different snapshots hash alike")
	}
	if h := NewHasher(&a); string(h.TemplateJSON()) != string(raw) {
		t.Error("TemplateJSON is not the snapshot's canonical JSON")
	}
}

// TestValidateWithKnownTemplateAgrees: without the snapshot's check,
// reviews are accepted and refused as Validate does.
func TestValidateWithKnownTemplateAgrees(t *testing.T) {
	cases := map[string]func(r *Review){
		"valid":             func(r *Review) {},
		"bad id":            func(r *Review) { r.ID = "NOT AN ID" },
		"no service":        func(r *Review) { r.Service = "" },
		"no times":          func(r *Review) { r.UpdatedAt = time.Time{} },
		"updated before":    func(r *Review) { r.UpdatedAt = r.CreatedAt.Add(-time.Hour) },
		"unknown item":      func(r *Review) { r.Answers["ghost"] = Answer{Status: Pass} },
		"invalid answer":    func(r *Review) { r.Answers["opt2"] = Answer{Status: NA} },
		"unhashed sign-off": func(r *Review) { r.SignOffs = []SignOff{{Name: "x", Decision: Approve, At: day}} },
		"nameless sign-off": func(r *Review) {
			r.SignOffs = []SignOff{{Decision: Approve, At: day, Hash: ContentHash(r)}}
		},
	}
	for name, change := range cases {
		r := pinnedReview()
		change(r)
		full, known := r.Validate(), ValidateWithKnownTemplate(r)
		if (full == nil) != (known == nil) {
			t.Errorf("%s: Validate says %v, ValidateWithKnownTemplate %v", name, full, known)
		}
	}
}

// TestSignOffKeyFingerprint: a sign-off made over SSH names its key in the
// audit event, validation bounds the fingerprint, and one that differs only
// in its key is a different sign-off.
func TestSignOffKeyFingerprint(t *testing.T) {
	so := SignOff{Name: "Ola", Decision: Approve, Hash: "sha256:" + strings.Repeat("a", 64), KeyFingerprint: "SHA256:abc"}
	if got := describeSignOff(so); !strings.Contains(got, "key SHA256:abc") {
		t.Errorf("audit text %q does not name the key", got)
	}
	if signOffEqual(so, SignOff{Name: "Ola", Decision: Approve, Hash: so.Hash}) {
		t.Error("sign-offs with and without a key compare equal")
	}
	so.KeyFingerprint = "SHA256:a\nb"
	if so.Validate() == nil {
		t.Error("a fingerprint over two lines was accepted")
	}
}
