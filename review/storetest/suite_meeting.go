package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// testUpdateMeeting changes the meeting through Update, as the roll call,
// the clock and the parking lot do: in place, in the copy fn is given.
func testUpdateMeeting(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "payments-api")
	rev := revision(t, s, r.ID)
	c.Advance(time.Minute)
	start := c.Now()
	got, err := s.Update(r.ID[:5], func(r *review.Review) error {
		if err := r.Mark("kari nordmann", true); err != nil {
			return err
		}
		if err := r.AddAttendee(review.Participant{Name: "Åse", Role: "dpo"}); err != nil {
			return err
		}
		if err := r.Park("oncall", "ask the on-call lead", c.Now()); err != nil {
			return err
		}
		r.CountTime(start.Add(-90*time.Second), start, map[string]int{"basics": 90})
		r.SetPosition("oncall")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	stored := get(t, s, r.ID)
	for what, rr := range map[string]*review.Review{"returned": got, "stored": stored} {
		m := rr.Meeting
		if len(m.Attendance) != 2 || m.Attendance[0].Name != "Kari Nordmann" || !m.Attendance[1].Present ||
			m.Parked["oncall"].Note != "ask the on-call lead" || m.SectionSeconds["basics"] != 90 ||
			len(m.Sittings) != 1 || m.Position != "oncall" {
			t.Fatalf("%s meeting: %+v", what, m)
		}
	}
	if revision(t, s, r.ID) == rev || !stored.UpdatedAt.Equal(c.Now()) {
		t.Fatal("a change to the meeting did not move the revision and the update time")
	}
	if review.ContentHash(stored) != review.ContentHash(r) {
		t.Fatal("the meeting changed the content hash")
	}
	row := list(t, s)[0]
	if row.Parked != 1 || row.RequiredLeft != 2 || row.Standing != review.NotStarted {
		t.Fatalf("the list row: %d parked, %d left, %s", row.Parked, row.RequiredLeft, row.Standing)
	}

	// A map changed in place in the copy is a change (the store must not
	// hand fn the stored maps themselves).
	if _, err := s.Update(r.ID, func(r *review.Review) error {
		r.Meeting.Parked["oncall"] = review.Parking{Note: "done", At: r.Meeting.Parked["oncall"].At}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := get(t, s, r.ID).Meeting.Parked["oncall"].Note; n != "done" {
		t.Fatalf("a note changed in place was stored as %q", n)
	}

	// Nothing changed: nothing written.
	rev = revision(t, s, r.ID)
	if _, err := s.Update(r.ID, func(r *review.Review) error { r.SetPosition("oncall"); return nil }); err != nil {
		t.Fatal(err)
	}
	if revision(t, s, r.ID) != rev {
		t.Fatal("an update that changed nothing moved the revision")
	}
	// What the domain refuses is not written.
	before := get(t, s, r.ID)
	if _, err := s.Update(r.ID, func(r *review.Review) error {
		r.Meeting.Parked = map[string]review.Parking{"no-such-item": {}}
		return nil
	}); err == nil {
		t.Fatal("a parked item the template lacks was taken")
	}
	if after := get(t, s, r.ID); !reflect.DeepEqual(after.Meeting, before.Meeting) || revision(t, s, r.ID) != rev {
		t.Fatal("a refused change was written")
	}
}
