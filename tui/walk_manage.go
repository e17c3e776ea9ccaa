package tui

// d on the walk screen: what was added to an item can be changed again.
// Two small Huh selects, one after the other (as on the sign-off screen):
// first which action item, evidence link or waiver, then what to do with
// it — mark an action item done or not done, or remove the thing. The
// change is a review edit bound to the thing as the form showed it: if
// another prr changed the item meanwhile, it refuses rather than touch
// something else.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

type manageKind int

const (
	manageAction manageKind = iota + 1
	manageEvidence
	manageWaiver
)

// manageTarget is one thing on an item that d can change, as the screen
// showed it when the form opened.
type manageTarget struct {
	kind   manageKind
	index  int // in the answer's Actions or Evidence
	action review.Action
	link   string
	waiver review.Waiver
	label  string // sanitised, one line
}

type manageOp int

const (
	opDone manageOp = iota + 1
	opNotDone
	opRemove
)

// manageTargets lists what d can change on an answer: its action items,
// evidence links and waiver, in the order the item pane shows them.
func (w *walkModel) manageTargets(a review.Answer) []manageTarget {
	var out []manageTarget
	for i, ac := range a.Actions {
		out = append(out, manageTarget{kind: manageAction, index: i, action: ac, label: actionLabel(ac)})
	}
	for i, e := range a.Evidence {
		out = append(out, manageTarget{kind: manageEvidence, index: i, link: e, label: "evidence · " + oneLine(e)})
	}
	if a.Waiver != nil {
		wv := *a.Waiver
		out = append(out, manageTarget{kind: manageWaiver, waiver: wv,
			label: fmt.Sprintf("waiver · %s · %s · expires %s", oneLine(wv.Reason), oneLine(wv.AcceptedBy), oneLine(string(wv.Expires)))})
	}
	return out
}

// actionLabel is an action item on one line: "[ ] text · owner · due D",
// "[x] …" once done.
func actionLabel(ac review.Action) string {
	box := "[ ] "
	if ac.Done {
		box = "[x] "
	}
	parts := []string{box + oneLine(ac.Text)}
	if o := oneLine(ac.Owner); o != "" {
		parts = append(parts, o)
	}
	if ac.Due != "" {
		parts = append(parts, "due "+oneLine(string(ac.Due)))
	}
	return strings.Join(parts, " · ")
}

// hasManageable reports whether the current item has anything for d.
func (w *walkModel) hasManageable() bool {
	cur, ok := w.current()
	if !ok {
		return false
	}
	a := w.answer(cur.item.ID)
	return len(a.Actions) > 0 || len(a.Evidence) > 0 || a.Waiver != nil
}

// openManage asks which action item, evidence link or waiver to change.
func (w *walkModel) openManage() tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	ts := w.manageTargets(w.answer(cur.item.ID))
	if len(ts) == 0 {
		w.c.info("no action items, evidence or waiver on this item")
		return nil
	}
	// One line per option: the item pane above shows the full text.
	lw := max(w.contentW-4, 10)
	opts := make([]huh.Option[int], len(ts))
	for i, t := range ts {
		opts[i] = huh.NewOption(truncate(t.label, lw), i)
	}
	v := &formValues{targets: ts}
	desc := "Choose what to remove."
	if ts[0].kind == manageAction {
		desc = "Then: mark done or not done (action items), or remove."
	}
	// The first open action item is the likeliest one to be done.
	for i, t := range ts {
		if t.kind == manageAction && !t.action.Done {
			v.Pick = i
			break
		}
	}
	sel := huh.NewSelect[int]().Key("pick").Title("Which one?").Description(desc).
		Options(opts...).Value(&v.Pick)
	w.fv, w.formKind, w.formIt = v, formManage, cur.item.ID
	return w.showForm(huh.NewForm(huh.NewGroup(sel)))
}

// openManageOp asks what to do with the chosen thing.
func (w *walkModel) openManageOp() tea.Cmd {
	v := w.fv
	if v.Pick < 0 || v.Pick >= len(v.targets) {
		return w.refresh()
	}
	t := v.targets[v.Pick]
	var title string
	var opts []huh.Option[manageOp]
	switch t.kind {
	case manageAction:
		title = "This action item:"
		if t.action.Done {
			opts = append(opts, huh.NewOption("mark not done", opNotDone))
		} else {
			opts = append(opts, huh.NewOption("mark done", opDone))
		}
		opts = append(opts, huh.NewOption("remove", opRemove))
	case manageEvidence:
		title = "This evidence link:"
		opts = append(opts, huh.NewOption("remove", opRemove))
	case manageWaiver:
		title = "This waiver:"
		opts = append(opts, huh.NewOption("remove waiver", opRemove))
	}
	v.Op = opts[0].Value
	// The description wraps: here the whole of a long text is seen, up to
	// a few lines.
	desc := t.label
	if t.kind == manageAction {
		desc = strings.TrimPrefix(strings.TrimPrefix(desc, "[ ] "), "[x] ")
		if t.action.Done {
			desc += " (done)"
		}
	} else {
		_, desc, _ = strings.Cut(desc, " · ")
	}
	desc = truncate(desc, max(w.contentW-2, 10)*3)
	sel := huh.NewSelect[manageOp]().Key("op").Title(title).Description(desc).
		Options(opts...).Value(&v.Op)
	w.formKind = formManageOp
	return w.showForm(huh.NewForm(huh.NewGroup(sel)))
}

// manageEdit is the edit that the chosen operation makes, bound to the
// thing as the form showed it.
func manageEdit(t manageTarget, op manageOp) review.AnswerEdit {
	switch t.kind {
	case manageAction:
		n := t.index + 1
		if op == opRemove {
			return review.RemoveAction(n).Seen(t.action)
		}
		return review.MarkAction(n, op == opDone).Seen(t.action)
	case manageEvidence:
		return review.RemoveEvidence(t.link)
	}
	return review.ClearWaiver().SeenWaiver(t.waiver)
}

// submitManage turns the chosen thing and operation into an edit.
func (w *walkModel) submitManage() tea.Cmd {
	v := *w.fv
	if v.Pick < 0 || v.Pick >= len(v.targets) {
		return w.refresh()
	}
	edit := manageEdit(v.targets[v.Pick], v.Op)
	return tea.Batch(w.save(w.formIt, edit.Label(), review.Edits{edit}, nil), w.refresh())
}
