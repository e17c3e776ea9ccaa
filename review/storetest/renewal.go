package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// signedOff is a review of tmpl whose required items pass, signed off.
func signedOff(t *testing.T, s Store, tmpl review.Template, service string) *review.Review {
	t.Helper()
	m := meta
	m.Service = service
	r, err := s.Create(tmpl, m)
	if err != nil {
		t.Fatal(err)
	}
	update(t, s, r.ID, "owner", review.SetStatus(review.Pass), review.SetNote("team payments"))
	update(t, s, r.ID, "oncall", review.SetStatus(review.Fail),
		review.Waive(review.Waiver{Reason: "rota grows in May", AcceptedBy: "CTO", Expires: "2026-06-30"}),
		review.AddAction(review.Action{Text: "Grow the rota", Due: "2026-05-01"}))
	if _, err := s.SignOff(r.ID, "Kari Nordmann", "owner", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	return get(t, s, r.ID)
}

// testCreateWith: the next review of a service starts from the last one
// in one step, its carried answers to confirm; what fn refuses or leaves
// invalid is not stored at all.
func testCreateWith(t *testing.T, s Store, c *Clock) {
	prev := signedOff(t, s, Template(), "payments-api")
	c.Advance(time.Hour)
	next := Template()
	next.Version = 3
	next.Sections[1].Items = append(next.Sections[1].Items, review.Item{ID: "restore", Title: "Restores are tested", Level: 1})
	r, err := s.CreateWith(next, review.Meta{Service: prev.Service}, func(r *review.Review) error {
		review.CarryOver(r, prev)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := get(t, s, r.ID)
	if !reflect.DeepEqual(got.Origin, r.Origin) || got.Origin == nil || got.Origin.From != prev.ID || !got.Origin.Template.IsNew("restore") {
		t.Fatalf("origin %+v", got.Origin)
	}
	owner := got.Answer("owner")
	if !owner.ToConfirm || owner.Note != "team payments" || !owner.UpdatedAt.Equal(c.Now()) {
		t.Fatalf("the carried answer %+v", owner)
	}
	if got.Team != meta.Team || len(got.SignOffs) != 0 || got.Template.Version != 3 {
		t.Fatalf("carried review %+v", got.Meta())
	}
	if review.Assess(got, c.Now()).Answered != 0 {
		t.Fatal("carried answers count before they are confirmed")
	}
	if a := update(t, s, r.ID, "owner", review.Confirm()); a.ToConfirm || a.Note != "team payments" {
		t.Fatalf("confirmed: %+v", a)
	}
	before := len(list(t, s))
	boom := errors.New("boom")
	if _, err := s.CreateWith(next, review.Meta{Service: "x"}, func(*review.Review) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("fn's error: %v", err)
	}
	if _, err := s.CreateWith(next, review.Meta{Service: "x"}, func(r *review.Review) error {
		r.Answers["nosuch"] = review.Answer{Status: review.Pass}
		return nil
	}); err == nil {
		t.Fatal("an answer to an item the template lacks was stored")
	}
	if n := len(list(t, s)); n != before {
		t.Fatalf("%d reviews after two refused creations, %d before", n, before)
	}
}

// testListRenewal: a signed-off review of a template with valid_for lists
// its renewal date, and as expired from the day after, without being
// written again.
func testListRenewal(t *testing.T, s Store, c *Clock) {
	tmpl := Template()
	tmpl.ValidFor = "30d"
	r := signedOff(t, s, tmpl, "payments-api")
	create(t, s, "unsigned")
	at := func() review.Summary {
		t.Helper()
		for _, sum := range list(t, s) {
			rec := review.Summarize(get(t, s, sum.ID), nil, c.Now())
			if want := rec.At(c.Now(), ""); !reflect.DeepEqual(normal(sum), normal(want)) {
				t.Fatalf("the summary of %s is\n%+v\nthe domain's is\n%+v", sum.Service, sum, want)
			}
			if sum.Service == "unsigned" && (sum.ValidUntil != "" || sum.Expired) {
				t.Fatalf("a review not signed off has a renewal: %+v", sum)
			}
		}
		for _, sum := range list(t, s) {
			if sum.ID == r.ID {
				return sum
			}
		}
		t.Fatal("the review is not listed")
		return review.Summary{}
	}
	if sum := at(); sum.ValidUntil != "2026-04-01" || sum.Expired || !sum.SignedAt.Equal(c.Now()) {
		t.Fatalf("on the day of the sign-off: %+v", sum)
	}
	c.Advance(31 * 24 * time.Hour)
	if sum := at(); !sum.Expired || sum.ValidFor != "30d" {
		t.Fatalf("31 days later: %+v", sum)
	}
}
