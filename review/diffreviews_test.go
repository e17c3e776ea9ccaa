package review

import (
	"testing"
	"time"
)

// TestCompare: a carried-over, then changed review against the last one:
// a change in the checklist is reported apart from the service's.
func TestCompare(t *testing.T) {
	prev := lastReview(t)
	next, err := NewReview("efgh6789", nextTemplate(), Meta{Service: "svc"}, day.AddDate(0, 3, 0), "tester")
	if err != nil {
		t.Fatal(err)
	}
	CarryOver(next, prev)
	next.UpdatedAt = day.AddDate(0, 3, 0)
	// req1 confirmed with new evidence; req2 fixed; new1 answered.
	next.Answers["req1"] = Answer{Status: Pass, Note: "rota in Opsgenie", Evidence: []string{"https://wiki.example/oncall"}}
	next.Answers["req2"] = Answer{Status: Pass}
	next.Answers["new1"] = Answer{Status: Fail}
	c := Compare(prev, next, time.UTC)
	if c.A.ID != prev.ID || c.B.ID != next.ID || c.A.TemplateVersion != 1 || c.B.TemplateVersion != 2 {
		t.Fatalf("standings: %+v / %+v", c.A, c.B)
	}
	byItem := map[string]ItemDelta{}
	for _, d := range c.Items {
		byItem[d.Item] = d
	}
	if d := byItem["req1"]; d.Change != Unchanged || !d.NoteChanged || len(d.EvidenceAdded) != 1 || len(d.EvidenceRemoved) != 1 || !d.Moved() {
		t.Errorf("req1: %+v", d)
	}
	if d := byItem["req2"]; d.Change != Improved || d.From != Fail || d.To != Pass || d.Waiver != "removed" || len(d.Method) == 0 {
		t.Errorf("req2 (its requirement changed too): %+v", d)
	}
	if d := byItem["new1"]; d.Change != NewItem || d.To != Fail {
		t.Errorf("new1: %+v", d)
	}
	if d := byItem["opt2"]; d.Change != Removed || d.From != Partial {
		t.Errorf("opt2: %+v", d)
	}
	if d := byItem["opt1"]; d.Change != Unchanged || d.Moved() || len(d.Method) != 1 {
		t.Errorf("opt1 (only its level moved): %+v", d)
	}
	if c.Count(Improved) != 1 || c.Count(NewItem) != 1 || c.Count(Removed) != 1 || len(c.Template.Changed) != 2 {
		t.Errorf("counts: %+v", c.Template)
	}
	// The service's part: req1 and req2 moved; opt1 stayed unanswered
	// (nothing was carried, so nothing is to confirm); new1 and opt2 are
	// the checklist's. (The scenario overtime.txtar counts answers carried
	// and still to confirm.)
	moved, unchanged, toConfirm := c.InService()
	if len(moved) != 2 || moved[0].Item != "req1" || moved[1].Item != "req2" || unchanged != 1 || toConfirm != 0 {
		t.Errorf("InService: moved %+v, %d unchanged, %d to confirm", moved, unchanged, toConfirm)
	}
	if got := byItem["req1"].Details(); got != "note changed; evidence +1 −1" {
		t.Errorf("req1's details: %q", got)
	}
	if got := byItem["req2"].Details(); got != "waiver removed" {
		t.Errorf("req2's details: %q", got)
	}
}

// TestChange: the order of statuses, and a waiver that lapses between the
// two reviews is a regression of the same status.
func TestChange(t *testing.T) {
	at := day
	for _, c := range []struct {
		a, b Answer
		want Change
	}{
		{Answer{Status: Fail}, Answer{Status: Partial}, Improved},
		{Answer{Status: Pass}, Answer{Status: Unanswered}, Regressed},
		{Answer{Status: Pass}, Answer{Status: NA, Note: "gone"}, Switched},
		{Answer{Status: Fail, Waiver: waiver("2027-01-01")}, Answer{Status: Fail, Waiver: waiver("2026-01-01")}, Regressed},
		{Answer{Status: Fail}, Answer{Status: Fail, Waiver: waiver("2027-01-01")}, Improved},
		{Answer{Status: Partial}, Answer{Status: Partial, Note: "x"}, Unchanged},
	} {
		if got := change(c.a, at, c.b, at); got != c.want {
			t.Errorf("%+v → %+v: %s, want %s", c.a, c.b, got, c.want)
		}
	}
	d := ItemDelta{}
	describeAnswers(&d, Answer{Status: Fail, Waiver: waiver("2026-12-01")}, at, Answer{Status: Fail, Waiver: waiver("2026-12-01")}, at.AddDate(0, 1, 0))
	if d.Waiver != "expired" {
		t.Errorf("a waiver that lapsed: %q", d.Waiver)
	}
}
