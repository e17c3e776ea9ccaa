package review

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Meeting is how the review's meeting went: who came and who did not, who
// drove the screen and who typed, the sittings and the time spent on each
// section, the items the team parked for later, and where the facilitator
// left off. It records the meeting, not the service: none of it is in the
// content hash, so keeping time or marking someone present never makes a
// sign-off stale. Parked items do count for the verdict (Assess).
type Meeting struct {
	// Attendance is everyone marked at the roll call, present or absent,
	// in the order they were first marked. Participants not in it have not
	// been marked yet.
	Attendance  []Attendee `json:"attendance,omitempty"`
	Facilitator string     `json:"facilitator,omitempty"`
	Scribe      string     `json:"scribe,omitempty"`
	// Sittings are the meetings held on the review, oldest first.
	Sittings []Sitting `json:"sittings,omitempty"`
	// SectionSeconds is the time the walk screen spent on each section,
	// by section id, over every sitting.
	SectionSeconds map[string]int `json:"section_seconds,omitempty"`
	// Parked holds the items deferred to later, by item id.
	Parked map[string]Parking `json:"parked,omitempty"`
	// Position is the item the walk screen was on when last left.
	Position string `json:"position,omitempty"`
}

// Attendee is someone marked at the roll call.
type Attendee struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`
	Present bool   `json:"present"`
}

// Sitting is one meeting on a review: from the first to the last moment
// the review was open on the walk screen, with no pause longer than
// SittingGap, and who was present.
type Sitting struct {
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Present []string  `json:"present,omitempty"`
}

// Duration is how long the sitting ran.
func (s Sitting) Duration() time.Duration { return s.End.Sub(s.Start) }

// Parking is an item deferred to later in the meeting, with a short note
// ("ask the DBA").
type Parking struct {
	Note string    `json:"note,omitempty"`
	At   time.Time `json:"at"`
}

// SittingGap is the longest pause within one sitting: time counted after
// a longer one starts a new sitting.
const SittingGap = 30 * time.Minute

// Limits on what a meeting may hold; a real one is far inside them.
const (
	MaxAttendees  = 100
	MaxSittings   = 1000
	MaxParkNote   = 200
	maxSectionSec = 10 * 365 * 24 * 3600
)

// ErrUnknownPerson is a name that is neither a participant nor marked at
// the roll call.
var ErrUnknownPerson = errors.New("no such person in this review")

// Clone returns a deep copy.
func (m Meeting) Clone() Meeting {
	m.Attendance = slices.Clone(m.Attendance)
	m.Sittings = slices.Clone(m.Sittings)
	for i := range m.Sittings {
		m.Sittings[i].Present = slices.Clone(m.Sittings[i].Present)
	}
	m.SectionSeconds = maps.Clone(m.SectionSeconds)
	m.Parked = maps.Clone(m.Parked)
	return m
}

// Person is someone on a review's roll call: a participant, someone added
// at the roll call, or both, with whether they were marked present.
type Person struct {
	Name   string
	Role   string
	Marked bool // marked present or absent at the roll call
	// Present is meaningful only when Marked.
	Present bool
}

// People is the roll call: the participants in their order, then those
// added at the roll call, each with their mark.
func (r *Review) People() []Person {
	var out []Person
	seen := map[string]int{}
	for _, p := range r.Participants {
		key := personKey(p.Name)
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = len(out)
		out = append(out, Person{Name: p.Name, Role: p.Role})
	}
	for _, a := range r.Meeting.Attendance {
		i, ok := seen[personKey(a.Name)]
		if !ok {
			seen[personKey(a.Name)] = len(out)
			out = append(out, Person{Name: a.Name, Role: a.Role})
			i = len(out) - 1
		}
		if out[i].Role == "" {
			out[i].Role = a.Role
		}
		out[i].Marked, out[i].Present = true, a.Present
	}
	return out
}

// PresentNames lists the people marked present, in roll-call order.
func (r *Review) PresentNames() []string {
	var out []string
	for _, p := range r.People() {
		if p.Marked && p.Present {
			out = append(out, p.Name)
		}
	}
	return out
}

// personKey is how names are matched: without surrounding space, and
// without regard to case ("kari nordmann" is Kari Nordmann).
func personKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// findPerson returns the roll call's spelling of name.
func (r *Review) findPerson(name string) (Person, bool) {
	for _, p := range r.People() {
		if personKey(p.Name) == personKey(name) {
			return p, true
		}
	}
	return Person{}, false
}

// Mark marks name present or absent. The name must be on the roll call (a
// participant, or added with AddAttendee): ErrUnknownPerson otherwise.
func (r *Review) Mark(name string, present bool) error {
	p, ok := r.findPerson(name)
	if !ok {
		return fmt.Errorf("%q: %w", truncate(strings.TrimSpace(name), 60), ErrUnknownPerson)
	}
	m := &r.Meeting
	for i, a := range m.Attendance {
		if personKey(a.Name) == personKey(p.Name) {
			m.Attendance[i].Present = present
			return nil
		}
	}
	m.Attendance = append(m.Attendance, Attendee{Name: p.Name, Role: p.Role, Present: present})
	return nil
}

// AddAttendee adds someone who joined (late, or without being listed as a
// participant) and marks them present. Someone already on the roll call is
// marked present, and given the role if they had none.
func (r *Review) AddAttendee(p Participant) error {
	p.Name, p.Role = strings.TrimSpace(p.Name), strings.ToLower(strings.TrimSpace(p.Role))
	if err := checkPerson(p.Name, p.Role); err != nil {
		return err
	}
	m := &r.Meeting
	for i, a := range m.Attendance {
		if personKey(a.Name) == personKey(p.Name) {
			m.Attendance[i].Present = true
			if m.Attendance[i].Role == "" {
				m.Attendance[i].Role = p.Role
			}
			return nil
		}
	}
	if known, ok := r.findPerson(p.Name); ok {
		p.Name = known.Name
		if known.Role != "" {
			p.Role = known.Role
		}
	}
	m.Attendance = append(m.Attendance, Attendee{Name: p.Name, Role: p.Role, Present: true})
	return nil
}

// SetFacilitator names who drives the screen; "" clears it. The name must
// be on the roll call, and is stored as spelled there.
func (r *Review) SetFacilitator(name string) error {
	return r.setRole(&r.Meeting.Facilitator, name)
}

// SetScribe names who types; "" clears it. As SetFacilitator.
func (r *Review) SetScribe(name string) error {
	return r.setRole(&r.Meeting.Scribe, name)
}

func (r *Review) setRole(field *string, name string) error {
	if strings.TrimSpace(name) == "" {
		*field = ""
		return nil
	}
	p, ok := r.findPerson(name)
	if !ok {
		return fmt.Errorf("%q: %w", truncate(strings.TrimSpace(name), 60), ErrUnknownPerson)
	}
	*field = p.Name
	return nil
}

// CountTime adds a stretch of time on the walk screen, from from to to,
// with the seconds spent on each section in it (by section id; ids the
// template lacks are ignored). A stretch that starts more than SittingGap
// after the last sitting ended starts a new sitting; otherwise the last
// sitting runs on to to. The sitting's present people are those present
// now.
func (r *Review) CountTime(from, to time.Time, sections map[string]int) {
	from, to = from.UTC().Truncate(time.Second), to.UTC().Truncate(time.Second)
	if to.Before(from) {
		return
	}
	m := &r.Meeting
	n := len(m.Sittings)
	if n == 0 || from.Sub(m.Sittings[n-1].End) > SittingGap || from.Before(m.Sittings[n-1].Start) {
		if n >= MaxSittings {
			m.Sittings = m.Sittings[1:] // the oldest goes; its time stays in the sections
		}
		m.Sittings = append(m.Sittings, Sitting{Start: from, End: to})
	} else if to.After(m.Sittings[n-1].End) {
		m.Sittings[n-1].End = to
	}
	m.Sittings[len(m.Sittings)-1].Present = r.PresentNames()
	for _, id := range slices.Sorted(maps.Keys(sections)) {
		secs := sections[id]
		if secs <= 0 || !r.Template.hasSectionID(id) {
			continue
		}
		if m.SectionSeconds == nil {
			m.SectionSeconds = map[string]int{}
		}
		m.SectionSeconds[id] = min(m.SectionSeconds[id]+secs, maxSectionSec)
	}
}

// SetPosition remembers the item the walk screen is on; an id the
// template lacks clears it.
func (r *Review) SetPosition(itemID string) {
	if _, _, ok := r.Template.Find(itemID); !ok {
		itemID = ""
	}
	r.Meeting.Position = itemID
}

// MeetingTime is the time of all sittings together.
func (m *Meeting) MeetingTime() time.Duration {
	var d time.Duration
	for _, s := range m.Sittings {
		d += s.Duration()
	}
	return d
}

// SectionTime is the time spent on a section over every sitting.
func (m *Meeting) SectionTime(sectionID string) time.Duration {
	return time.Duration(m.SectionSeconds[sectionID]) * time.Second
}

// Over reports whether a section has run past its timebox.
func (m *Meeting) Over(s *Section) bool {
	return s.Timebox > 0 && m.SectionTime(s.ID) > time.Duration(s.Timebox)*time.Minute
}

func checkPerson(name, role string) error {
	if name == "" {
		return errors.New("a person needs a name")
	}
	if err := checkLine("a name", name, 200); err != nil {
		return err
	}
	if err := checkVisible("a name", name); err != nil {
		return err
	}
	return checkLine("a role", role, 100)
}

// validate checks a meeting against its review's template: names and
// notes are single visible lines, parked items and timed sections exist,
// times are in order.
func (m *Meeting) validate(t *Template) error {
	if len(m.Attendance) > MaxAttendees {
		return fmt.Errorf("%d people at the roll call; at most %d are allowed", len(m.Attendance), MaxAttendees)
	}
	seen := map[string]bool{}
	for _, a := range m.Attendance {
		if err := checkPerson(a.Name, a.Role); err != nil {
			return fmt.Errorf("roll call: %w", err)
		}
		if seen[personKey(a.Name)] {
			return fmt.Errorf("roll call: %q is marked twice", truncate(a.Name, 60))
		}
		seen[personKey(a.Name)] = true
	}
	for what, v := range map[string]string{"the facilitator": m.Facilitator, "the scribe": m.Scribe} {
		if v == "" {
			continue
		}
		if err := checkLine(what, v, 200); err != nil {
			return err
		}
		if err := checkVisible(what, v); err != nil {
			return err
		}
	}
	if len(m.Sittings) > MaxSittings {
		return fmt.Errorf("%d sittings; at most %d are allowed", len(m.Sittings), MaxSittings)
	}
	for i, s := range m.Sittings {
		if s.Start.IsZero() || s.End.Before(s.Start) {
			return fmt.Errorf("sitting %d ends before it starts", i+1)
		}
		if len(s.Present) > MaxAttendees+MaxParticipants {
			return fmt.Errorf("sitting %d lists %d people", i+1, len(s.Present))
		}
		for _, p := range s.Present {
			if err := checkLine("a name", p, 200); err != nil {
				return fmt.Errorf("sitting %d: %w", i+1, err)
			}
		}
	}
	for id, secs := range m.SectionSeconds {
		if !t.hasSectionID(id) {
			return fmt.Errorf("time is counted for section %q, which the template does not have", truncate(id, 60))
		}
		if secs < 0 || secs > maxSectionSec {
			return fmt.Errorf("section %q: %d seconds is not a time a meeting takes", truncate(id, 60), secs)
		}
	}
	for id, p := range m.Parked {
		if _, _, ok := t.Find(id); !ok {
			return fmt.Errorf("item %q is parked, but the template does not have it: %w", truncate(id, 60), ErrUnknownItem)
		}
		if err := checkParkNote(p.Note); err != nil {
			return err
		}
	}
	if m.Position != "" {
		if _, _, ok := t.Find(m.Position); !ok {
			return fmt.Errorf("the walk was left on item %q, which the template does not have: %w", truncate(m.Position, 60), ErrUnknownItem)
		}
	}
	return nil
}

func (t *Template) hasSectionID(id string) bool {
	for _, s := range t.Sections {
		if s.ID == id {
			return true
		}
	}
	return false
}
