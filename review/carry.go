package review

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Origin is where a review's answers came from when it did not start
// blank: the last review of the service it carries over (CarryOver), and
// how its checklist differs from the one those answers were given against,
// also after a move to a newer template (Upgrade). It is set when the
// review starts or moves, and only then.
type Origin struct {
	// From is the id of the review carried over; empty for a review that
	// was only moved to a newer template.
	From string `json:"from,omitempty"`
	// Template is how the review's checklist differs from the one its
	// answers were given against.
	Template TemplateChanges `json:"template"`
}

// Validate checks an origin that came from outside (an imported record).
func (o *Origin) Validate() error {
	if o.From != "" && (!ValidIDPrefix(o.From) || len(o.From) != IDLength) {
		return fmt.Errorf("origin: %q is not a prr review id", truncate(o.From, 40))
	}
	return o.Template.Validate()
}

// carriedFields copies, one line a field, what a review holds about its
// service rather than about one meeting, from the last review (prev) to
// the next one (next), where next does not say otherwise. A field the
// domain adds that describes the service (a skill matrix, a risk
// register, a DPIA screening, a runbook list) is one more line here;
// sign-offs, history and whatever belongs to one meeting are not carried.
var carriedFields = []func(next, prev *Review){
	func(next, prev *Review) { next.Team = cmp.Or(next.Team, prev.Team) },
	func(next, prev *Review) { next.Owner = cmp.Or(next.Owner, prev.Owner) },
	func(next, prev *Review) { next.Assessments = cmp.Or(next.Assessments, prev.Assessments.CarryOver()) },
	func(next, prev *Review) {
		if len(next.Participants) == 0 {
			next.Participants = slices.Clone(prev.Participants) // the people; who attends is taken again
		}
	},
}

// CarryOver fills r, a review just started (NewReview) on the newest
// version of the checklist, from prev, the last review of the service:
// every field carriedFields names, and every answer to an item r's
// template still has — note, evidence, status, waiver with its expiry,
// and the action items not done — marked to confirm (Answer.ToConfirm),
// so that none counts until the team confirms or changes it. Items new
// since prev's template are left unanswered; r.Origin lists them with the
// changed and removed ones, so that a change in the checklist is never
// read as a change in the service.
func CarryOver(r, prev *Review) {
	for _, carry := range carriedFields {
		carry(r, prev)
	}
	ch := CompareTemplates(&prev.Template, &r.Template)
	for i, rm := range ch.Removed {
		ch.Removed[i].Status = prev.Answer(rm.Item).Status
	}
	if r.Answers == nil {
		r.Answers = map[string]Answer{}
	}
	for id, a := range prev.Answers {
		if _, _, ok := r.Template.Find(id); !ok || a.IsZero() {
			continue
		}
		c := a.Clone()
		c.Actions = slices.DeleteFunc(c.Actions, func(ac Action) bool { return ac.Done })
		c.ToConfirm = true
		c.UpdatedAt, c.UpdatedBy = time.Time{}, "" // the store stamps what it writes
		r.Answers[id] = c
	}
	r.Origin = &Origin{From: prev.ID, Template: ch}
}

// ErrNotNewer is a move to a template version that is not newer than the
// review's own.
var ErrNotNewer = errors.New("is not newer than the review's")

// Upgrade moves r onto t, a newer version of its own checklist: answers to
// items t still has are kept, and those whose item changed are to confirm
// again; answers to items t dropped are removed, and listed with their
// status in r.Origin, with the new and changed items, on top of what the
// review carried over already. Its sign-offs turn stale (the template is
// part of the content hash). Nothing is changed if it returns an error.
func Upgrade(r *Review, t Template) error {
	switch {
	case t.ID != r.Template.ID:
		return fmt.Errorf("template %s is another checklist than the review's (%s)", t.ID, r.Template.ID)
	case t.Version <= r.Template.Version:
		return fmt.Errorf("template %s v%d %w (v%d)", t.ID, t.Version, ErrNotNewer, r.Template.Version)
	}
	ch := CompareTemplates(&r.Template, &t)
	answers := make(map[string]Answer, len(r.Answers))
	for id, a := range r.Answers {
		answers[id] = a.Clone()
	}
	for i, rm := range ch.Removed {
		ch.Removed[i].Status = r.Answer(rm.Item).Status
		delete(answers, rm.Item)
	}
	for _, ic := range ch.Changed {
		if a, ok := answers[ic.Item]; ok && !a.IsZero() {
			a.ToConfirm = true
			answers[ic.Item] = a
		}
	}
	if r.Origin != nil {
		ch = r.Origin.Template.then(ch)
		r.Origin = &Origin{From: r.Origin.From, Template: ch}
	} else {
		r.Origin = &Origin{Template: ch}
	}
	r.Template, r.Answers = t, answers
	return nil
}

// ValidateStart checks a review as a front end filled it in right after
// NewReview (start), before it is first stored: what ValidateChange checks
// of a change, and the origin CarryOver set.
func ValidateStart(start, r *Review) error {
	if r.Origin != nil {
		if err := r.Origin.Validate(); err != nil {
			return err
		}
	}
	s := *start
	s.Origin = r.Origin
	return ValidateChange(&s, r)
}

// ValidateUpgrade checks a move of a stored review (old) to a newer
// version of its template (new, as Upgrade left it): what ValidateChange
// checks, but the snapshot and the origin change, and every answer is
// checked again against the new template.
func ValidateUpgrade(old, new *Review) error {
	if new.Template.ID != old.Template.ID || new.Template.Version <= old.Template.Version {
		return fmt.Errorf("review %s: the template snapshot %w but for a newer version of its own checklist", old.ID, ErrFixed)
	}
	if err := new.Template.Validate(); err != nil {
		return err
	}
	if new.Origin != nil {
		if err := new.Origin.Validate(); err != nil {
			return err
		}
	}
	s := *old
	s.Template, s.Origin, s.Answers = new.Template, new.Origin, nil
	return ValidateChange(&s, new)
}
