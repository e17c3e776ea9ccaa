package review

import (
	"fmt"
	"strings"
	"time"
)

// DiffAnswer lists what changed between two answers to one item, as audit
// events. It is how every front end produces history: they change an
// answer, and the difference is what gets recorded.
func DiffAnswer(itemID string, old, new Answer, at time.Time, actor string) []Event {
	var evs []Event
	add := func(field, o, n string) {
		if o != n {
			evs = append(evs, Event{At: at.UTC(), Actor: actor, Item: itemID, Field: field, Old: o, New: n})
		}
	}
	os, ns := old.Status, new.Status
	if os == "" {
		os = Unanswered
	}
	if ns == "" {
		ns = Unanswered
	}
	add("status", string(os), string(ns))
	add("note", old.Note, new.Note)
	add("evidence", strings.Join(old.Evidence, "\n"), strings.Join(new.Evidence, "\n"))
	add("actions", formatActions(old.Actions), formatActions(new.Actions))
	add("waiver", formatWaiver(old.Waiver), formatWaiver(new.Waiver))
	if old.ToConfirm != new.ToConfirm {
		ev := Event{At: at.UTC(), Actor: actor, Item: itemID, Field: "confirmation", Old: "to confirm", New: "confirmed"}
		if new.ToConfirm {
			ev.Old, ev.New = "", "to confirm"
		}
		evs = append(evs, ev)
	}
	return evs
}

// DiffMeta lists what changed in a review's metadata.
func DiffMeta(old, new Meta, at time.Time, actor string) []Event {
	var evs []Event
	add := func(field, o, n string) {
		if o != n {
			evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: field, Old: o, New: n})
		}
	}
	add("service", old.Service, new.Service)
	add("team", old.Team, new.Team)
	add("owner", old.Owner, new.Owner)
	add("participants", formatParticipants(old.Participants), formatParticipants(new.Participants))
	return evs
}

func formatActions(as []Action) string {
	var b strings.Builder
	for i, a := range as {
		if i > 0 {
			b.WriteByte('\n')
		}
		done := " "
		if a.Done {
			done = "x"
		}
		fmt.Fprintf(&b, "[%s] %s", done, a.Text)
		if a.Owner != "" {
			fmt.Fprintf(&b, " (owner %s)", a.Owner)
		}
		if a.Due != "" {
			fmt.Fprintf(&b, " due %s", a.Due)
		}
	}
	return b.String()
}

func formatWaiver(w *Waiver) string {
	if w == nil {
		return ""
	}
	return fmt.Sprintf("%s; accepted by %s until %s", w.Reason, w.AcceptedBy, w.Expires)
}

func formatParticipants(ps []Participant) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name
		if p.Role != "" {
			parts[i] += " (" + p.Role + ")"
		}
	}
	return strings.Join(parts, ", ")
}
