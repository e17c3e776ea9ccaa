package review

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// nextTemplate is testTemplate's version 2: opt2 is gone, req2 became
// optional with new guidance, opt1 moved up a level, and new1 is new.
func nextTemplate() Template {
	return Template{ID: "t", Version: 2, Title: "T", Sections: []Section{
		{ID: "a", Title: "A", Items: []Item{
			{ID: "req1", Title: "Required one", Required: true, Level: 1},
			{ID: "opt1", Title: "Optional one", Level: 3},
			{ID: "new1", Title: "New one", Required: true, Level: 1},
		}},
		{ID: "b", Title: "B", Items: []Item{
			{ID: "req2", Title: "Required two", Level: 1, Guidance: "Now with guidance."},
		}},
	}}
}

func TestCompareTemplates(t *testing.T) {
	old, new := testTemplate(), nextTemplate()
	got := CompareTemplates(&old, &new)
	want := TemplateChanges{
		FromVersion: 1, ToVersion: 2,
		New:     []string{"new1"},
		Changed: []ItemChange{{Item: "opt1", What: []string{"level"}}, {Item: "req2", What: []string{"required", "guidance"}}},
		Removed: []RemovedItem{{Item: "opt2", Title: "Optional two", Section: "B"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if same := CompareTemplates(&old, &old); !same.Empty() {
		t.Errorf("a template compared with itself: %+v", same)
	}
	if err := got.Validate(); err != nil {
		t.Error(err)
	}
}

// lastReview is a signed-off review of testTemplate with a note and
// evidence, an open and a done action item, and a waiver.
func lastReview(t *testing.T) *Review {
	r := reviewWith(map[string]Answer{
		"req1": {Status: Pass, Note: "rota in PagerDuty", Evidence: []string{"https://wiki.example/rota"}},
		"req2": {Status: Fail, Waiver: waiver("2027-01-31"), Actions: []Action{{Text: "restore test", Due: "2027-01-15"}, {Text: "old work", Done: true}}},
		"opt2": {Status: Partial},
	})
	r.Participants = []Participant{{Name: "Kari", Role: "owner"}}
	r.Team, r.Owner = "payments", "Kari"
	so, err := NewSignOff(r, "Kari", "owner", Approve, "", day)
	if err != nil {
		t.Fatal(err)
	}
	r.SignOffs = []SignOff{so}
	return r
}

func TestCarryOver(t *testing.T) {
	prev := lastReview(t)
	next, err := NewReview("efgh6789", nextTemplate(), Meta{Service: "svc"}, day.AddDate(0, 6, 0), "tester")
	if err != nil {
		t.Fatal(err)
	}
	start := *next
	start.Answers = map[string]Answer{}
	CarryOver(next, prev)
	if err := ValidateStart(&start, next); err != nil {
		t.Fatalf("a carried-over review does not validate: %v", err)
	}
	if next.Team != "payments" || next.Owner != "Kari" || len(next.Participants) != 1 || len(next.SignOffs) != 0 {
		t.Errorf("carried fields: %+v", next.Meta())
	}
	req1 := next.Answer("req1")
	if !req1.ToConfirm || req1.Note != "rota in PagerDuty" || len(req1.Evidence) != 1 {
		t.Errorf("req1 = %+v", req1)
	}
	req2 := next.Answer("req2")
	if !req2.ToConfirm || req2.Waiver == nil || req2.Waiver.Expires != "2027-01-31" || len(req2.Actions) != 1 || req2.Actions[0].Text != "restore test" {
		t.Errorf("req2 = %+v (the waiver with its expiry and the open action only)", req2)
	}
	if _, ok := next.Answers["opt2"]; ok {
		t.Error("an answer to a removed item was carried")
	}
	o := next.Origin
	if o == nil || o.From != prev.ID || !o.Template.IsNew("new1") || len(o.Template.Removed) != 1 || o.Template.Removed[0].Status != Partial {
		t.Fatalf("origin = %+v", o)
	}
	if !slices.Contains(o.Template.ChangedIn("req2"), "required") {
		t.Errorf("req2's change: %v", o.Template.ChangedIn("req2"))
	}
	// Nothing carried counts until confirmed: the review is not ready.
	as := Assess(next, day.AddDate(0, 6, 0))
	if as.Verdict != Blocked || as.Answered != 0 || as.ToConfirm() != 2 {
		t.Errorf("carried, unconfirmed: %s, %d answered, %d to confirm", as.Verdict, as.Answered, as.ToConfirm())
	}
	if !strings.Contains(strings.Join(as.Reasons, "; "), "2 answers carried over are still to confirm") {
		t.Errorf("reasons: %v", as.Reasons)
	}
	if len(as.OpenActions) != 1 {
		t.Errorf("a carried open action item is not open: %v", as.OpenActions)
	}
	// The previous review is left as it was.
	if prev.Answer("req1").ToConfirm || len(prev.Answer("req2").Actions) != 2 {
		t.Error("CarryOver changed the last review")
	}
}

// TestConfirming: the confirm edit, and any other edit but a restore,
// makes a carried answer count.
func TestConfirming(t *testing.T) {
	carried := Answer{Status: Pass, Note: "n", ToConfirm: true}
	for _, e := range []AnswerEdit{Confirm(), SetStatus(Pass), SetNote("new"), AddEvidence("https://x.example")} {
		a := carried.Clone()
		if err := e.Apply(&a); err != nil || a.ToConfirm {
			t.Errorf("%s: %+v, %v", e.Op, a, err)
		}
	}
	a := Answer{Status: Pass}
	if err := Restore(carried).Apply(&a); err != nil || !a.ToConfirm {
		t.Errorf("restore of a carried answer: %+v, %v", a, err)
	}
	a = carried.Clone()
	if err := MarkAction(3, true).Apply(&a); err == nil || !a.ToConfirm {
		t.Errorf("a failed edit confirmed the answer: %+v, %v", a, err)
	}
	a = Answer{Status: Unanswered}
	if err := Confirm().Apply(&a); err == nil {
		t.Error("confirming no answer at all")
	}
	evs := DiffAnswer("req1", carried, Answer{Status: Pass, Note: "n"}, day, "kari")
	if len(evs) != 1 || evs[0].Field != "confirmation" || evs[0].New != "confirmed" {
		t.Errorf("the audit of a confirmation: %+v", evs)
	}
	// Confirmed, the carried review counts.
	r := reviewWith(map[string]Answer{"req1": carried, "req2": {Status: Pass}})
	if as := Assess(r, day); as.Verdict != Blocked {
		t.Errorf("with req1 to confirm: %s", as.Verdict)
	}
	r.Answers["req1"] = Answer{Status: Pass, Note: "n"}
	if as := Assess(r, day); as.Verdict == Blocked {
		t.Errorf("with req1 confirmed: %s %v", as.Verdict, as.Reasons)
	}
}

func TestUpgrade(t *testing.T) {
	r := lastReview(t)
	before := ContentHash(r)
	if err := Upgrade(r, testTemplate()); !errors.Is(err, ErrNotNewer) {
		t.Errorf("upgrade to the same version: %v", err)
	}
	other := nextTemplate()
	other.ID = "other"
	if err := Upgrade(r, other); err == nil || ContentHash(r) != before {
		t.Errorf("upgrade to another checklist: %v", err)
	}
	old := clone(r)
	if err := Upgrade(r, nextTemplate()); err != nil {
		t.Fatal(err)
	}
	if err := ValidateUpgrade(old, r); err != nil {
		t.Fatalf("the upgraded review does not validate: %v", err)
	}
	if r.Template.Version != 2 || r.Answer("req1").ToConfirm || !r.Answer("req2").ToConfirm {
		t.Errorf("kept answers: req1 %+v, req2 %+v (req2 changed: to confirm again)", r.Answer("req1"), r.Answer("req2"))
	}
	if _, ok := r.Answers["opt2"]; ok || r.Origin == nil || r.Origin.Template.Removed[0].Status != Partial {
		t.Errorf("removed item: %+v", r.Origin)
	}
	if st := SignOffState(r); st.Stale != 1 {
		t.Errorf("sign-offs after an upgrade: %+v", st)
	}
	evs := DiffReview(old, r, day, "kari")
	if !slices.Contains(fields(evs), "template") || !slices.Contains(fields(evs), "origin") {
		t.Errorf("the upgrade's audit: %v", fields(evs))
	}
	// A second step composes with the first.
	v3 := nextTemplate()
	v3.Version = 3
	v3.Sections[1].Items = append(v3.Sections[1].Items, Item{ID: "new3", Title: "Newer", Level: 1})
	v3.Sections[0].Items[2].Title = "New one, renamed"
	if err := Upgrade(r, v3); err != nil {
		t.Fatal(err)
	}
	ch := r.Origin.Template
	if ch.FromVersion != 1 || ch.ToVersion != 3 || !ch.IsNew("new1") || !ch.IsNew("new3") || ch.ChangedIn("new1") != nil || len(ch.Removed) != 1 {
		t.Errorf("composed changes: %+v", ch)
	}
	// A review refuses any other change to its template or origin.
	changed := clone(r)
	changed.Origin = nil
	if err := ValidateChange(r, changed); !errors.Is(err, ErrFixed) {
		t.Errorf("dropping the origin: %v", err)
	}
}

func TestOriginValidate(t *testing.T) {
	for name, o := range map[string]Origin{
		"id":     {From: "not an id"},
		"new":    {Template: TemplateChanges{New: []string{"Not A Slug"}}},
		"what":   {Template: TemplateChanges{Changed: []ItemChange{{Item: "x", What: []string{"colour"}}}}},
		"status": {Template: TemplateChanges{Removed: []RemovedItem{{Item: "x", Status: "great"}}}},
	} {
		if err := o.Validate(); err == nil {
			t.Errorf("%s: a bad origin validates", name)
		}
	}
}
