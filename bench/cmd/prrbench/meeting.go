package main

import (
	"fmt"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
)

// meetingService is the service of the meeting review. Generated services
// end in a number, so no other review has this name.
const meetingService = "payments-gateway"

// meetingSeed makes the meeting review's answers, the same in every
// database.
const meetingSeed = 1 << 41

// meeting is a review in progress: the standard checklist with its second
// half answered and its first half still open. The suite makes one in each
// database before measuring and deletes it afterwards, so that every run
// starts from the same file. It is the newest review, on top of the home
// screen; the TUI's key presses answer its first half, prr answer changes
// answers in its second half.
type meeting struct {
	id      string
	items   []review.Item
	answers map[string]review.Answer // as stored, for the floor's event count
	next    int                      // how many answers prr answer has given
}

// open is how many of the meeting's first items are left unanswered.
func (m *meeting) open() int { return len(m.items) / 2 }

// startMeeting makes the meeting review in db, removing one left by an
// interrupted run first.
func startMeeting(db string) (*meeting, error) {
	st, err := store.Open(db, store.Options{Actor: actor})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if err := deleteMeetings(st); err != nil {
		return nil, err
	}
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		return nil, err
	}
	e, ok := cat.Lookup("standard")
	if !ok {
		return nil, fmt.Errorf("no standard checklist among the built-in ones")
	}
	w := newWriter(meetingSeed)
	at := time.Now().Add(-time.Hour)
	r, err := review.NewReview(review.NewID(), *e.Template, w.meta(meetingService), at, actor)
	if err != nil {
		return nil, err
	}
	hist := []review.Event{{At: at.UTC(), Actor: actor, Field: "created", New: "review of " + meetingService}}
	m := &meeting{id: r.ID, items: e.Template.Items(), answers: map[string]review.Answer{}}
	for _, it := range m.items[m.open():] {
		at = at.Add(time.Minute)
		a := w.answer(it, meetingService, at)
		a.UpdatedAt, a.UpdatedBy = at.UTC(), actor
		r.Answers[it.ID] = a
		m.answers[it.ID] = a
		hist = append(hist, review.DiffAnswer(it.ID, review.Answer{Status: review.Unanswered}, a, at, actor)...)
	}
	r.UpdatedAt = time.Now().UTC()
	if err := st.Put(r, hist, false); err != nil {
		return nil, err
	}
	return m, st.Close()
}

// end deletes the meeting review.
func (m *meeting) end(db string) error {
	st, err := store.Open(db, store.Options{Actor: actor})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Delete(m.id); err != nil {
		return err
	}
	return st.Close()
}

func deleteMeetings(st *store.Store) error {
	list, err := st.List()
	if err != nil {
		return err
	}
	for _, s := range list {
		if s.Service == meetingService {
			if err := st.Delete(s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// cliAnswer is the next change prr answer makes to the meeting: an
// answered item, a status other than the one it has, and a new note. It
// returns the command's arguments, the item, and how many audit events
// the change appends (what the floor writes again).
func (m *meeting) cliAnswer() (args []string, item string, events int) {
	answered := m.items[m.open():]
	it := answered[m.next%len(answered)]
	m.next++
	old := m.answers[it.ID]
	next := old.Clone()
	next.Status = review.Pass
	if old.Status == review.Pass {
		next.Status = review.Partial
	}
	if next.Status != review.Partial {
		next.Waiver = nil // prr answer drops a waiver with the shortfall it covered
	}
	next.Note = fmt.Sprintf("Looked at again in the meeting (%d).", m.next)
	events = len(review.DiffAnswer(it.ID, old, next, time.Now(), actor))
	m.answers[it.ID] = next
	return []string{"answer", m.id, it.ID, "--status", string(next.Status), "--note", next.Note}, it.ID, events
}
