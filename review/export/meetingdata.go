package export

import (
	"strings"

	"github.com/prr-dev/prr/review"
)

// Standing is where the review stands (see review.StandingOf): not
// started, in progress, blocked, ready with conditions or ready.
type Standing struct {
	Value   string // not-started, in-progress, blocked, ready-with-conditions, ready
	Label   string // "⏳ In progress — 12 required left", "❌ Blocked — 2 required failing"
	Left    int    // required items unanswered or parked
	Failing int    // required items failing, not waived
	Parked  int    // items on the parking lot
}

// Meeting is how the review's meeting went: who was there, the sittings,
// the time. Every name is inline.
type Meeting struct {
	Facilitator string // may be empty
	Scribe      string // may be empty
	Present     []Participant
	Absent      []Participant
	// PresentLine and AbsentLine are Present and Absent as one line each:
	// "Kari Nordmann (owner), Ola Nordmann (sre)"; empty if nobody.
	PresentLine string
	AbsentLine  string
	Sittings    []Sitting
	Time        string // all sittings together: "1h05m"; empty if none
}

// Sitting is one meeting on the review.
type Sitting struct {
	Date     string // YYYY-MM-DD (UTC)
	Start    string // HH:MM (UTC)
	End      string // HH:MM (UTC)
	Duration string // "1h05m"
	Present  string // inline: who was present, one line; may be empty
}

// Parked is an item on the parking lot.
type Parked struct {
	ItemNumber string // "2.3"
	ItemTitle  string // inline
	Status     string // the item's status
	Required   bool
	Note       string // inline, may be empty
	Since      string // "YYYY-MM-DD HH:MM" (UTC) it was parked
}

func newStanding(s review.Standing) Standing {
	label := s.Label()
	if s.Kind.Valid() {
		label = s.Kind.Emoji() + " " + sentence(label)
	} else {
		label = Inline(label)
	}
	return Standing{Value: string(s.Kind), Label: label, Left: s.Left, Failing: s.Failing, Parked: s.Parked}
}

// newMeeting escapes the roll call and the sittings.
func newMeeting(r *review.Review) Meeting {
	m := Meeting{Facilitator: Inline(r.Meeting.Facilitator), Scribe: Inline(r.Meeting.Scribe)}
	var present, absent []review.Participant
	for _, p := range r.People() {
		switch {
		case !p.Marked:
		case p.Present:
			present = append(present, review.Participant{Name: p.Name, Role: p.Role})
		default:
			absent = append(absent, review.Participant{Name: p.Name, Role: p.Role})
		}
	}
	m.Present, m.PresentLine = escapers.participants(present)
	m.Absent, m.AbsentLine = escapers.participants(absent)
	for _, s := range r.Meeting.Sittings {
		names := make([]string, len(s.Present))
		for i, n := range s.Present {
			names[i] = Inline(n)
		}
		m.Sittings = append(m.Sittings, Sitting{
			Date: day(s.Start), Start: s.Start.UTC().Format("15:04"), End: s.End.UTC().Format("15:04"),
			Duration: review.FormatDuration(s.Duration()), Present: strings.Join(names, ", "),
		})
	}
	if len(r.Meeting.Sittings) > 0 {
		m.Time = review.FormatDuration(r.Meeting.MeetingTime())
	}
	return m
}

func parkedItems(as review.Assessment, numbers map[string]string) []Parked {
	var out []Parked
	for _, f := range as.Parked {
		out = append(out, Parked{
			ItemNumber: numbers[f.ItemID], ItemTitle: Inline(f.Title), Status: escapers.statusText(f.Status),
			Required: f.Required, Note: Inline(f.Parked.Note), Since: f.Parked.At.UTC().Format("2006-01-02 15:04"),
		})
	}
	return out
}

// sectionTime fills in the time spent on a section and its timebox.
func (s *Section) setTime(r *review.Review, sec *review.Section) {
	spent := r.Meeting.SectionTime(sec.ID)
	if spent > 0 {
		s.Time = review.FormatDuration(spent)
	}
	s.Timebox = sec.Timebox
	s.Over = r.Meeting.Over(sec)
}
