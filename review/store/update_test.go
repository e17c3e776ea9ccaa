package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

func TestUpdate(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "alerts", setStatus(review.Partial, "business hours"))
	rev, _ := s.Revision(r.ID)

	got, err := s.Update(r.ID[:5], func(r *review.Review) error {
		r.Service = "  payments-api "
		r.Answers["owner"] = review.Answer{Status: review.Pass, Note: "team payments"}
		delete(r.Answers, "alerts")
		r.Template.Title = "changed in the copy, then changed back"
		r.Template.Title = "Test readiness"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Service != "payments-api" || got.Answers["owner"].UpdatedBy != "tester" || got.Answers["owner"].UpdatedAt.IsZero() {
		t.Errorf("the change is not normalised and stamped: %+v", got)
	}
	if _, ok := got.Answers["alerts"]; ok {
		t.Error("an answer taken back to nothing is still stored")
	}
	stored, _ := s.Get(r.ID)
	if !reflect.DeepEqual(stored, got) {
		t.Errorf("Update returned\n%+v\nbut Get reads\n%+v", got, stored)
	}
	if now, _ := s.Revision(r.ID); now <= rev {
		t.Error("the revision did not move")
	}
	evs, _ := s.History(r.ID)
	var fields []string
	for _, ev := range evs[2+1:] { // created, and the alerts answer's status and note
		fields = append(fields, ev.Item+"."+ev.Field)
	}
	if want := []string{".service", "alerts.status", "alerts.note", "owner.status", "owner.note"}; !reflect.DeepEqual(fields, want) {
		t.Errorf("events %v, want %v", fields, want)
	}
	// The returned review is the caller's: changing it changes nothing stored.
	got.Template.Sections[0].Items[0].Title = "scribbled"
	if again, _ := s.Get(r.ID); again.Template.Sections[0].Items[0].Title == "scribbled" {
		t.Error("a returned review shares its snapshot with the store")
	}
	assertDoctorOK(t, s)
}

func TestUpdateRefusals(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	before := readFile(t, path)
	boom := errors.New("user cancelled")
	for name, tc := range map[string]struct {
		fn   func(r *review.Review) error
		want error
		text string
	}{
		"fn fails":         {func(r *review.Review) error { r.Service = "x"; return boom }, boom, "cancelled"},
		"template changed": {func(r *review.Review) error { r.Template.Sections[0].Items[0].Title = "x"; return nil }, review.ErrFixed, "template"},
		"id changed":       {func(r *review.Review) error { r.ID = "zzzz0000"; return nil }, review.ErrFixed, "id"},
		"unknown item":     {func(r *review.Review) error { r.Answers["ghost"] = review.Answer{Status: review.Pass}; return nil }, ErrUnknownItem, "ghost"},
		"invalid answer":   {func(r *review.Review) error { r.Answers["owner"] = review.Answer{Status: review.NA}; return nil }, nil, "n/a needs"},
		"no service":       {func(r *review.Review) error { r.Service = " "; return nil }, nil, "service name is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.Update(r.ID, tc.fn)
			if err == nil || !strings.Contains(err.Error(), tc.text) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("Update: %v, want an error about %q", err, tc.text)
			}
		})
	}
	func() {
		defer func() {
			if recover() != "callback bug" {
				t.Error("a panic in fn was not re-raised to the caller")
			}
		}()
		_, _ = s.Update(r.ID, func(r *review.Review) error { panic("callback bug") })
	}()
	// Nothing changed: nothing written, the review returned as it is.
	same, err := s.Update(r.ID, func(r *review.Review) error {
		r.Service = r.Service + "  " // normalised away
		return nil
	})
	if err != nil || same.ID != r.ID {
		t.Errorf("a no-op Update: %v, %+v", err, same)
	}
	assertUnchanged(t, path, before)
}

// TestSignOffThroughUpdate: a sign-off appended by Update is audited like
// one given with SignOff.
func TestSignOffThroughUpdate(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	var so review.SignOff
	_, err := s.Update(r.ID, func(r *review.Review) error {
		var err error
		so, err = review.NewSignOff(r, "Kari", "owner", review.Approve, "fine", r.UpdatedAt)
		r.SignOffs = append(r.SignOffs, so)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := s.History(r.ID)
	last := evs[len(evs)-1]
	if last.Field != "signoff" || !strings.HasPrefix(last.New, "Kari (owner): approve, content ") || !strings.HasSuffix(last.New, "; fine") {
		t.Errorf("sign-off event %+v", last)
	}
	if _, err := s.Update(r.ID, func(r *review.Review) error {
		r.SignOffs = append(r.SignOffs, review.SignOff{Name: "Ola", Decision: review.Approve})
		return nil
	}); err == nil {
		t.Error("a sign-off without time and hash was stored")
	}
	for range 3 {
		if _, err := s.SignOff(r.ID, "Ola", "sre", review.Reject, ""); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.Get(r.ID); len(got.SignOffs) != 4 {
		t.Errorf("%d sign-offs, want 4", len(got.SignOffs))
	}
}
