package review

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// AsOf is the moment a review describes: the latest of its last change
// and its sign-offs. A review is judged as of that moment wherever it is
// compared with others (Compare, a service's history) and in its record,
// so that the same review always says the same thing, and an old one
// still says what was true when it was signed.
func AsOf(r *Review) time.Time {
	t := r.UpdatedAt
	for _, s := range r.SignOffs {
		if s.At.After(t) {
			t = s.At
		}
	}
	return t.UTC()
}

// Outcome is where one review stood, as of its AsOf.
type Outcome struct {
	ID              string    `json:"id"`
	Service         string    `json:"service"`
	Created         time.Time `json:"created_at"`
	AsOf            time.Time `json:"as_of"`
	TemplateID      string    `json:"template_id"`
	TemplateVersion int       `json:"template_version"`
	Verdict         Verdict   `json:"verdict"`
	Score           float64   `json:"score"`
	Level           int       `json:"level"`
	Answered        int       `json:"answered"`
	Total           int       `json:"total"`
	State           State     `json:"state"`
}

// OutcomeOf is r as of AsOf(r), read in loc (prr's time zone).
func OutcomeOf(r *Review, loc *time.Location) Outcome {
	at := AsOf(r).In(loc)
	as := Assess(r, at)
	return Outcome{
		ID: r.ID, Service: r.Service, Created: r.CreatedAt, AsOf: at,
		TemplateID: r.Template.ID, TemplateVersion: r.Template.Version,
		Verdict: as.Verdict, Score: as.Score, Level: as.Level, Answered: as.Answered, Total: as.Total,
		State: StateOf(r),
	}
}

// Change is how one item moved from one review to the next.
type Change string

const (
	Improved  Change = "improved"  // a better status, or a waiver now in force
	Regressed Change = "regressed" // a worse status, or a waiver no longer in force
	Unchanged Change = "unchanged" // the same status and standing
	Switched  Change = "changed"   // as good, but another status (pass and n/a)
	NewItem   Change = "new"       // the earlier review's checklist did not have it
	Removed   Change = "removed"   // the later review's checklist dropped it
)

// ItemDelta is one item in a comparison of two reviews.
type ItemDelta struct {
	Item    string `json:"item"`
	Title   string `json:"title"`
	Section string `json:"section"`
	Change  Change `json:"change"`
	From    Status `json:"from,omitempty"` // empty for a new item
	To      Status `json:"to,omitempty"`   // empty for a removed item
	// ToConfirm: the later answer was carried over and is not confirmed
	// yet, so To is what the last review said, not a new finding.
	ToConfirm bool `json:"to_confirm,omitempty"`
	// Method says what of the item's definition changed between the two
	// checklists ("required", "level", "guidance", "title"): a different
	// status may then be a different question rather than a different
	// service.
	Method          []string `json:"method,omitempty"`
	NoteChanged     bool     `json:"note_changed,omitempty"`
	OldNote         string   `json:"old_note,omitempty"`
	NewNote         string   `json:"new_note,omitempty"`
	EvidenceAdded   []string `json:"evidence_added,omitempty"`
	EvidenceRemoved []string `json:"evidence_removed,omitempty"`
	// Waiver says what happened to a waiver: "added", "removed",
	// "expired" (in force in the earlier review, not in the later) or
	// "renewed" (a new expiry date); empty if nothing did.
	Waiver string `json:"waiver,omitempty"`
}

// Moved reports whether anything about the item differs.
func (d ItemDelta) Moved() bool {
	return d.Change != Unchanged || d.NoteChanged || len(d.EvidenceAdded)+len(d.EvidenceRemoved) > 0 || d.Waiver != ""
}

// Details says in one line what changed about the item besides its
// status: "note changed; evidence +1 −0; waiver expired". Every front end
// and the record say it the same way. The text holds no user input.
func (d ItemDelta) Details() string {
	var parts []string
	if d.NoteChanged {
		parts = append(parts, "note changed")
	}
	if n, m := len(d.EvidenceAdded), len(d.EvidenceRemoved); n+m > 0 {
		parts = append(parts, fmt.Sprintf("evidence +%d −%d", n, m))
	}
	if d.Waiver != "" {
		parts = append(parts, "waiver "+d.Waiver)
	}
	return strings.Join(parts, "; ")
}

// Comparison is what changed from review A to review B of a service:
// their standings, item by item (B's checklist in its order, then the
// items only A's had), and how the checklist itself changed, a change in
// the method kept apart from a change in the service.
type Comparison struct {
	A        Outcome         `json:"a"`
	B        Outcome         `json:"b"`
	Items    []ItemDelta     `json:"items"`
	Template TemplateChanges `json:"template"`
	// Assessments says in words how the skill matrix, the risks, the DPIA
	// screening and the runbook coverage changed (CompareAssessments).
	Assessments []string `json:"assessments,omitempty"`
}

// Count says how many items changed the way c says.
func (cmp Comparison) Count(c Change) int {
	n := 0
	for _, d := range cmp.Items {
		if d.Change == c {
			n++
		}
	}
	return n
}

// InService splits the items both checklists have into those that moved
// and a count of those that did not, and of how many of these were
// carried over and are still to confirm: the service's part of the
// comparison, which every front end shows apart from the checklist's.
func (cmp Comparison) InService() (moved []ItemDelta, unchanged, toConfirm int) {
	for _, d := range cmp.Items {
		switch {
		case d.Change == NewItem || d.Change == Removed:
		case d.Moved():
			moved = append(moved, d)
		default:
			unchanged++
			if d.ToConfirm {
				toConfirm++
			}
		}
	}
	return moved, unchanged, toConfirm
}

// Compare compares two reviews, each judged as of its own AsOf in loc.
func Compare(a, b *Review, loc *time.Location) Comparison {
	out := Comparison{A: OutcomeOf(a, loc), B: OutcomeOf(b, loc), Template: CompareTemplates(&a.Template, &b.Template)}
	for _, s := range b.Template.Sections {
		for _, it := range s.Items {
			d := ItemDelta{Item: it.ID, Title: it.Title, Section: s.Title, Method: out.Template.ChangedIn(it.ID)}
			nb := b.Answer(it.ID)
			d.To, d.ToConfirm = orUnanswered(nb.Status), nb.ToConfirm
			if _, _, ok := a.Template.Find(it.ID); !ok {
				d.Change = NewItem
				out.Items = append(out.Items, d)
				continue
			}
			na := a.Answer(it.ID)
			d.From = orUnanswered(na.Status)
			d.Change = change(na, out.A.AsOf, nb, out.B.AsOf)
			describeAnswers(&d, na, out.A.AsOf, nb, out.B.AsOf)
			out.Items = append(out.Items, d)
		}
	}
	for _, rm := range out.Template.Removed {
		out.Items = append(out.Items, ItemDelta{Item: rm.Item, Title: rm.Title, Section: rm.Section, Change: Removed, From: orUnanswered(a.Answer(rm.Item).Status)})
	}
	out.Assessments = CompareAssessments(a, b, out.B.AsOf)
	return out
}

// orUnanswered is s with "" read as unanswered, as Review.Answer does.
func orUnanswered(s Status) Status {
	if s == "" {
		return Unanswered
	}
	return s
}

// statusRank orders statuses from worst to best; pass and n/a are alike.
var statusRank = map[Status]int{Unanswered: 0, Fail: 1, Partial: 2, Pass: 3, NA: 3}

// change says how an item moved from answer a (as of atA) to b (as of
// atB): by status, then, for the same shortfall, by whether a waiver
// covers it.
func change(a Answer, atA time.Time, b Answer, atB time.Time) Change {
	ra, rb := statusRank[orUnanswered(a.Status)], statusRank[orUnanswered(b.Status)]
	switch {
	case rb > ra:
		return Improved
	case rb < ra:
		return Regressed
	case orUnanswered(a.Status) != orUnanswered(b.Status):
		return Switched
	}
	wa, wb := a.Status.Waivable() && WaiverActive(a.Waiver, atA), b.Status.Waivable() && WaiverActive(b.Waiver, atB)
	switch {
	case wb && !wa:
		return Improved
	case wa && !wb:
		return Regressed
	}
	return Unchanged
}

// describeAnswers fills in what changed in the note, the evidence and the
// waiver between two answers to one item.
func describeAnswers(d *ItemDelta, a Answer, atA time.Time, b Answer, atB time.Time) {
	if a.Note != b.Note {
		d.NoteChanged, d.OldNote, d.NewNote = true, a.Note, b.Note
	}
	for _, e := range b.Evidence {
		if !slices.Contains(a.Evidence, e) {
			d.EvidenceAdded = append(d.EvidenceAdded, e)
		}
	}
	for _, e := range a.Evidence {
		if !slices.Contains(b.Evidence, e) {
			d.EvidenceRemoved = append(d.EvidenceRemoved, e)
		}
	}
	switch {
	case a.Waiver == nil && b.Waiver != nil:
		d.Waiver = "added"
	case a.Waiver != nil && b.Waiver == nil:
		d.Waiver = "removed"
	case a.Waiver == nil:
	case WaiverActive(a.Waiver, atA) && !WaiverActive(b.Waiver, atB):
		d.Waiver = "expired"
	case a.Waiver.Expires != b.Waiver.Expires:
		d.Waiver = "renewed"
	}
}
