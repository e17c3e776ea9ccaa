package tui

// The walk screen's small forms: n/a (a reason), evidence (a link), an
// action item (text, owner, due), a waiver (reason, who accepts, expiry)
// and parking (a note). Owners and who accepts a risk are picked from the
// people present (tab completes a name; any name may still be typed).
// Each form's fields can be kept as a draft and filled in from one.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

// draftField is the name a form's draft is kept under.
func (k formKind) draftField() string {
	switch k {
	case formNA:
		return "na"
	case formEvidence:
		return "evidence"
	case formAction:
		return "action"
	case formWaiver:
		return "waiver"
	case formPark:
		return "park"
	}
	return "" // the d forms hold no typed text
}

// fields are a form's typed values by name, as kept in a draft.
func (v *formValues) fields(k formKind) map[string]string {
	switch k {
	case formNA:
		return map[string]string{"reason": v.Reason}
	case formEvidence:
		return map[string]string{"link": v.Link}
	case formAction:
		return map[string]string{"text": v.Text, "owner": v.Owner, "due": v.Due}
	case formWaiver:
		return map[string]string{"reason": v.WaiverReason, "by": v.By, "expires": v.Expires}
	case formPark:
		return map[string]string{"note": v.Note}
	}
	return nil
}

// setFields fills a form's values in from a draft.
func (v *formValues) setFields(k formKind, m map[string]string) {
	switch k {
	case formNA:
		v.Reason = m["reason"]
	case formEvidence:
		v.Link = m["link"]
	case formAction:
		v.Text, v.Owner, v.Due = m["text"], m["owner"], m["due"]
	case formWaiver:
		v.WaiverReason, v.By, v.Expires = m["reason"], m["by"], m["expires"]
	case formPark:
		v.Note = m["note"]
	}
}

// peopleHint describes a name field: who is present, to pick from.
func (w *walkModel) peopleHint(what string) (string, []string) {
	present := w.rev.PresentNames()
	if len(present) == 0 {
		return what + " Nobody is marked present yet (r takes the roll call).", nil
	}
	names := make([]string, len(present))
	for i, n := range present {
		names[i] = oneLine(n)
	}
	return what + " Present: " + strings.Join(names, ", ") + " (tab completes).", names
}

// buildForm builds the form of kind for the current item, with v filled
// in as it should start.
func (w *walkModel) buildForm(kind formKind, it review.Item, a review.Answer, v *formValues) *huh.Group {
	switch kind {
	case formNA:
		return huh.NewGroup(
			huh.NewText().Title("Why does this item not apply?").
				Description("n/a needs a short reason; it is saved as the item's note.").
				Lines(4).ExternalEditor(false).Value(&v.Reason).
				Validate(w.validator(it.ID, naEdit)),
		)
	case formEvidence:
		check := w.validator(it.ID, evidenceEdit)
		return huh.NewGroup(
			huh.NewInput().Title("Evidence link").
				Description("A URL, or where to find it (dashboard, ticket, doc).").
				Placeholder("e.g. https://grafana.example.com/d/payments").Value(&v.Link).
				Validate(func(s string) error {
					if strings.TrimSpace(s) == "" {
						return errNoLink
					}
					return check(s)
				}),
		)
	case formAction:
		hint, names := w.peopleHint("Who does it?")
		return huh.NewGroup(
			huh.NewInput().Key("text").Title("Action item").Description("What needs to be done?").
				Value(&v.Text).Validate(func(s string) error { return review.Action{Text: s}.Validate() }),
			huh.NewInput().Key("owner").Title("Owner").Description(hint).Placeholder("optional").
				Suggestions(names).
				Value(&v.Owner).Validate(func(s string) error { return review.Action{Text: "x", Owner: s}.Validate() }),
			huh.NewInput().Key("due").Title("Due").Description("YYYY-MM-DD, or +14d, +6w, +3m; empty for none.").
				Value(&v.Due).Validate(func(s string) error { _, err := review.ParseDate(s, w.c.now()); return err }),
		)
	case formWaiver:
		hint, names := w.peopleHint("Who accepts the risk?")
		return huh.NewGroup(
			huh.NewInput().Title("Why is the risk accepted?").Value(&v.WaiverReason).
				Validate(func(s string) error {
					return review.Waiver{Reason: s, AcceptedBy: "x", Expires: "2000-01-01"}.Validate()
				}),
			huh.NewInput().Title("Accepted by").Description(hint).Placeholder("e.g. Kari Nordmann").
				Suggestions(names).Value(&v.By).
				Validate(func(s string) error {
					return review.Waiver{Reason: "x", AcceptedBy: s, Expires: "2000-01-01"}.Validate()
				}),
			huh.NewInput().Title("Expires").Description("YYYY-MM-DD, or +30d, +6w, +3m.").Placeholder("e.g. +90d").Value(&v.Expires).
				Validate(func(s string) error {
					d, err := review.ParseDate(s, w.c.now())
					if err != nil {
						return err
					}
					return review.Waiver{Reason: "x", AcceptedBy: "x", Expires: d}.Validate()
				}),
		)
	case formPark:
		return huh.NewGroup(
			huh.NewInput().Title("Park this item for later").
				Description("A short note on what it waits for; it shows in the parking lot. Optional.").
				Placeholder("e.g. ask the DBA").CharLimit(review.MaxParkNote).Value(&v.Note).
				Validate(func(s string) error {
					r := review.Review{Template: w.rev.Template}
					return r.Park(it.ID, s, w.c.now())
				}),
		)
	}
	return nil
}

// startValues are the values a form of kind starts with: what the answer
// holds (the n/a reason, the waiver, the parking note).
func (w *walkModel) startValues(kind formKind, itemID string, a review.Answer) *formValues {
	v := &formValues{}
	switch kind {
	case formNA:
		v.Reason = safeBlock(a.Note)
	case formWaiver:
		if a.Waiver != nil {
			v.WaiverReason, v.By, v.Expires = oneLine(a.Waiver.Reason), oneLine(a.Waiver.AcceptedBy), string(a.Waiver.Expires)
		}
	case formPark:
		if p, ok := w.rev.IsParked(itemID); ok {
			v.Note = oneLine(p.Note)
		}
	}
	return v
}

func (w *walkModel) openForm(kind formKind) tea.Cmd {
	cur, _ := w.current()
	it := cur.item
	a := w.answer(it.ID)
	if kind == formWaiver && !a.Status.Waivable() {
		w.c.info("only a failing or partial item can be waived")
		return nil
	}
	v := w.startValues(kind, it.ID, a)
	w.fvStart = v.fields(kind)
	w.restored = ""
	if d, ok := w.drafts[draftKey{it.ID, kind.draftField()}]; ok {
		v.setFields(kind, d.Values)
		w.restored = fmt.Sprintf("Your unsaved text from %s is back; esc discards it.", d.At.In(w.c.now().Location()).Format("15:04"))
	}
	g := w.buildForm(kind, it, a, v)
	w.fv, w.formKind, w.formIt = v, kind, it.ID
	return w.showForm(huh.NewForm(g))
}

// formChanged reports whether the open form holds text other than it
// started with.
func (w *walkModel) formChanged() bool {
	if w.fv == nil || w.formKind.draftField() == "" {
		return false
	}
	now := w.fv.fields(w.formKind)
	for k, v := range now {
		if w.fvStart[k] != v {
			return true
		}
	}
	return false
}

func (w *walkModel) formTitle() string {
	switch w.formKind {
	case formNA:
		return "Not applicable"
	case formEvidence:
		return "Add evidence"
	case formAction:
		return "Add an action item"
	case formWaiver:
		return "Waive (accept the risk)"
	case formPark:
		return "Park"
	case formManage, formManageOp:
		return "Done / remove"
	}
	return ""
}
