package review

// The parking lot: items the meeting defers with a short note ("ask the
// DBA"), listed until they are unparked. A parked required item keeps the
// review from being ready (Assess).

import (
	"fmt"
	"strings"
	"time"
)

// Park defers an item to later in the meeting with a short note; parking
// it again changes the note.
func (r *Review) Park(itemID, note string, now time.Time) error {
	if _, _, ok := r.Template.Find(itemID); !ok {
		return fmt.Errorf("review %s has no item %q: %w", r.ID, truncate(itemID, 60), ErrUnknownItem)
	}
	note = strings.TrimSpace(note)
	if err := checkParkNote(note); err != nil {
		return err
	}
	m := &r.Meeting
	if m.Parked == nil {
		m.Parked = map[string]Parking{}
	}
	at := now.UTC().Truncate(time.Second)
	if old, ok := m.Parked[itemID]; ok {
		at = old.At // parked since then; the note changed
	}
	m.Parked[itemID] = Parking{Note: note, At: at}
	return nil
}

// Unpark takes an item off the parking lot; it reports whether it was on it.
func (r *Review) Unpark(itemID string) bool {
	m := &r.Meeting
	if _, ok := m.Parked[itemID]; !ok {
		return false
	}
	delete(m.Parked, itemID)
	if len(m.Parked) == 0 {
		m.Parked = nil
	}
	return true
}

// IsParked reports whether an item is parked, and its parking.
func (r *Review) IsParked(itemID string) (Parking, bool) {
	p, ok := r.Meeting.Parked[itemID]
	return p, ok
}

func checkParkNote(note string) error {
	if len(note) > MaxParkNote {
		return fmt.Errorf("the parking note is %d bytes long; keep it under %d", len(note), MaxParkNote)
	}
	return checkLine("the parking note", note, MaxParkNote)
}
