package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/prr-dev/prr/review"
)

// TestCacheNeverServesStaleReviews: a write works from the review as
// stored, whatever another store (another process) changed since this one
// last cached it: answers, the metadata, or the whole review replaced with
// one of another template.
func TestCacheNeverServesStaleReviews(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	other, err := Open(path, Options{Actor: "someone else", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "")) // caches the review

	mustAnswer(t, other, r.ID, "oncall", setStatus(review.Fail, "nobody"))
	if err := other.UpdateMeta(r.ID, func(m *review.Meta) error { m.Service = "billing"; return nil }); err != nil {
		t.Fatal(err)
	}
	mustAnswer(t, s, r.ID, "slo", setStatus(review.Pass, ""))
	list, _ := s.List()
	if list[0].Service != "billing" || list[0].Answered != 3 {
		t.Errorf("summary after changes elsewhere: %s with %d answered, want billing with 3", list[0].Service, list[0].Answered)
	}
	got, _ := s.Get(r.ID)
	if got.Answer("oncall").Note != "nobody" || got.Service != "billing" {
		t.Errorf("a write through a cached review lost a change made elsewhere: %+v", got)
	}

	// Replaced by an import of another template under the same id: the
	// old template's items are gone, the new one's are there.
	replaced := *got
	replaced.Template = manyItemTemplate(3)
	replaced.Answers = map[string]review.Answer{"item-0": {Status: review.Pass}}
	replaced.SignOffs = nil
	if err := other.Put(&replaced, nil, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Fail, "")); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("answer to an item of the replaced template: %v, want ErrUnknownItem", err)
	}
	mustAnswer(t, s, r.ID, "item-2", setStatus(review.Pass, ""))
	if list, _ := s.List(); list[0].TemplateID != "many" || list[0].Answered != 2 || list[0].Total != 3 {
		t.Errorf("summary after the replace: %+v", list[0])
	}
	assertDoctorOK(t, s)
}

// TestCachedAnswersAreNotShared: what UpdateAnswer hands out, and what fn
// is given, are the caller's own; changing them afterwards changes nothing
// stored or cached.
func TestCachedAnswersAreNotShared(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", func(a *review.Answer) error {
		a.Status, a.Evidence = review.Fail, []string{"https://example.com/a"}
		a.Waiver = &review.Waiver{Reason: "r", AcceptedBy: "CTO", Expires: "2030-01-01"}
		return nil
	})
	unchanged, err := s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	unchanged.Evidence[0] = "changed by the caller"
	unchanged.Waiver.Reason = "changed by the caller"
	var seen review.Answer
	if _, err := s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error {
		seen = a.Clone()
		a.Evidence[0] = "changed inside fn, then refused"
		return errors.New("refused")
	}); err == nil {
		t.Fatal("the refusing fn was not reported")
	}
	mustAnswer(t, s, r.ID, "owner", func(a *review.Answer) error { seen = a.Clone(); return nil })
	want := []string{"https://example.com/a"}
	if !reflect.DeepEqual(seen.Evidence, want) || seen.Waiver.Reason != "r" {
		t.Errorf("the next write saw %v / %q, want the stored answer", seen.Evidence, seen.Waiver.Reason)
	}
	if got, _ := s.Get(r.ID); !reflect.DeepEqual(got.Answer("owner").Evidence, want) {
		t.Errorf("stored evidence %v", got.Answer("owner").Evidence)
	}
}
