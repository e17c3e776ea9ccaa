package review

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// DiffMeeting lists what changed in a review's meeting, as audit events
// people can read: who was marked present or absent (or added), who
// facilitates and who writes, which items were parked or unparked and
// with what note, the time counted (one event per save, with the section
// it went to) and where the walk was left.
func DiffMeeting(old, new *Meeting, at time.Time, actor string) []Event {
	var evs []Event
	add := func(item, field, o, n string) {
		if o != n {
			evs = append(evs, Event{At: at.UTC(), Actor: actor, Item: item, Field: field, Old: o, New: n})
		}
	}
	was := map[string]Attendee{}
	for _, a := range old.Attendance {
		was[personKey(a.Name)] = a
	}
	is := map[string]bool{}
	for _, a := range new.Attendance {
		is[personKey(a.Name)] = true
		o, ok := was[personKey(a.Name)]
		if !ok {
			add("", "attendance", "", describeAttendee(a))
		} else {
			add("", "attendance", describeAttendee(o), describeAttendee(a))
		}
	}
	for _, a := range old.Attendance {
		if !is[personKey(a.Name)] {
			add("", "attendance", describeAttendee(a), "")
		}
	}
	add("", "facilitator", old.Facilitator, new.Facilitator)
	add("", "scribe", old.Scribe, new.Scribe)

	ids := slices.Sorted(maps.Keys(new.Parked))
	for id := range old.Parked {
		if _, ok := new.Parked[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		add(id, "parked", describeParking(old.Parked, id), describeParking(new.Parked, id))
	}

	if t := timeChange(old, new); t != "" {
		add("", "time", FormatDuration(old.MeetingTime()), FormatDuration(new.MeetingTime())+t)
	}
	add("", "position", old.Position, new.Position)
	return evs
}

func describeAttendee(a Attendee) string {
	who := a.Name
	if a.Role != "" {
		who += " (" + a.Role + ")"
	}
	if a.Present {
		return who + ": present"
	}
	return who + ": absent"
}

func describeParking(ps map[string]Parking, id string) string {
	p, ok := ps[id]
	if !ok {
		return ""
	}
	if p.Note == "" {
		return "parked"
	}
	return "parked: " + p.Note
}

// timeChange says what time was counted between two versions of a
// meeting: "" if none, else the sections it went to, " (observability
// +2m, alerting +45s)", and a new sitting if one began. It is not empty
// whenever the counters or the sittings differ, so that the store (which
// writes only what makes an event) keeps every second counted.
func timeChange(old, new *Meeting) string {
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(new.SectionSeconds)) {
		if d := new.SectionSeconds[id] - old.SectionSeconds[id]; d != 0 {
			sign := "+"
			if d < 0 {
				sign = "-"
				d = -d
			}
			parts = append(parts, id+" "+sign+FormatDuration(time.Duration(d)*time.Second))
		}
	}
	for id := range old.SectionSeconds {
		if _, ok := new.SectionSeconds[id]; !ok {
			parts = append(parts, id+" reset")
		}
	}
	if len(new.Sittings) != len(old.Sittings) && len(new.Sittings) > 0 {
		parts = append(parts, "sitting from "+new.Sittings[len(new.Sittings)-1].Start.Format("2006-01-02 15:04"))
	} else if !slices.EqualFunc(old.Sittings, new.Sittings, sameSitting) && len(parts) == 0 {
		parts = append(parts, "sitting times")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func sameSitting(a, b Sitting) bool {
	return a.Start.Equal(b.Start) && a.End.Equal(b.End) && slices.Equal(a.Present, b.Present)
}
