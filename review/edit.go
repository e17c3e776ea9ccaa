package review

import (
	"errors"
	"fmt"
	"slices"
)

// EditOp names what an AnswerEdit changes.
type EditOp string

const (
	OpStatus         EditOp = "status"          // set the status (and drop a waiver it no longer allows)
	OpNote           EditOp = "note"            // replace the note
	OpAddEvidence    EditOp = "add-evidence"    // add an evidence link, once
	OpRemoveEvidence EditOp = "remove-evidence" // remove an evidence link
	OpAddAction      EditOp = "add-action"      // add an action item at the end
	OpActionDone     EditOp = "action-done"     // mark action item N done
	OpActionUndone   EditOp = "action-undone"   // mark action item N not done
	OpRemoveAction   EditOp = "remove-action"   // remove action item N
	OpWaive          EditOp = "waive"           // set the waiver of a failing or partial item
	OpClearWaiver    EditOp = "clear-waiver"    // remove the waiver
	OpRestore        EditOp = "restore"         // put a whole earlier answer back (an undo)
	OpConfirm        EditOp = "confirm"         // confirm an answer carried over as it is
)

// AnswerEdit is one change to one answer, as data rather than as a
// function: both front ends build edits (the CLI from the flags of prr
// answer, the TUI from the walk's keys and forms) and hand Apply to the
// store, so each rule is written once, here. Being data, an edit can also
// be checked before it is made (who may change a status) and undone (the
// inverse of an edit is Restore of the answer it replaced).
type AnswerEdit struct {
	Op     EditOp `json:"op"`
	Status Status `json:"status,omitempty"` // OpStatus
	// Text is the note (OpNote) or the evidence link (OpAddEvidence,
	// OpRemoveEvidence).
	Text string `json:"text,omitempty"`
	// N numbers an action item, 1 for the first, as prr show prints them
	// (OpActionDone, OpActionUndone, OpRemoveAction).
	N int `json:"n,omitempty"`
	// Action is the new action item (OpAddAction). With N, it is the action
	// item as the user saw it, when they chose it from a list: the edit then
	// finds it again even if it moved, and refuses if it is gone.
	Action *Action `json:"action,omitempty"`
	// Waiver is the new waiver (OpWaive). For OpClearWaiver it is the
	// waiver as the user saw it, if the edit should only remove that one.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Answer is the answer to put back (OpRestore).
	Answer *Answer `json:"answer,omitempty"`
}

// ErrChangedMeanwhile is the refusal of an edit whose action item or
// waiver, as the user saw it, is no longer on the answer: someone else
// changed it in the meantime, and the edit would touch something the user
// did not choose.
var ErrChangedMeanwhile = errors.New("it changed meanwhile (another prr?); nothing was changed")

// SetStatus sets the status. A status that is not a shortfall (fail or
// partial) also removes the waiver: there is no risk left to accept.
func SetStatus(s Status) AnswerEdit { return AnswerEdit{Op: OpStatus, Status: s} }

// SetNote replaces the note.
func SetNote(text string) AnswerEdit { return AnswerEdit{Op: OpNote, Text: text} }

// AddEvidence adds an evidence link; a link the answer already has is not
// added twice.
func AddEvidence(link string) AnswerEdit { return AnswerEdit{Op: OpAddEvidence, Text: link} }

// RemoveEvidence removes an evidence link.
func RemoveEvidence(link string) AnswerEdit { return AnswerEdit{Op: OpRemoveEvidence, Text: link} }

// AddAction adds an action item after the others.
func AddAction(a Action) AnswerEdit { return AnswerEdit{Op: OpAddAction, Action: &a} }

// MarkAction marks action item n (1 for the first) done or not done.
func MarkAction(n int, done bool) AnswerEdit {
	if done {
		return AnswerEdit{Op: OpActionDone, N: n}
	}
	return AnswerEdit{Op: OpActionUndone, N: n}
}

// RemoveAction removes action item n (1 for the first).
func RemoveAction(n int) AnswerEdit { return AnswerEdit{Op: OpRemoveAction, N: n} }

// RemoveActions removes several action items, numbered as they are before
// any of them goes: it removes from the highest number down, so that every
// number keeps meaning what prr show printed. A number given twice counts
// once.
func RemoveActions(ns ...int) Edits {
	ns = slices.Clone(ns)
	slices.Sort(ns)
	ns = slices.Compact(ns)
	var out Edits
	for _, n := range slices.Backward(ns) {
		out = append(out, RemoveAction(n))
	}
	return out
}

// Waive sets the waiver of a failing or partial item.
func Waive(w Waiver) AnswerEdit { return AnswerEdit{Op: OpWaive, Waiver: &w} }

// ClearWaiver removes the waiver, if there is one.
func ClearWaiver() AnswerEdit { return AnswerEdit{Op: OpClearWaiver} }

// Restore puts an earlier answer back: the inverse of any edit, given the
// answer it replaced.
func Restore(a Answer) AnswerEdit {
	a = a.Clone()
	return AnswerEdit{Op: OpRestore, Answer: &a}
}

// Confirm confirms an answer carried over from the last review as it
// stands. Any other edit (but Restore) confirms it too: changing an answer
// is the team's word on it.
func Confirm() AnswerEdit { return AnswerEdit{Op: OpConfirm} }

// Seen returns the edit of action item N (done, not done, remove) bound to
// the action item as the user saw it: if another change moved it, the edit
// finds it by its text, owner and due date; if it is gone, the edit fails
// with ErrChangedMeanwhile instead of changing another one.
func (e AnswerEdit) Seen(a Action) AnswerEdit {
	e.Action = &a
	return e
}

// SeenWaiver returns a ClearWaiver that removes only this waiver: if the
// answer has another one (or none), it fails with ErrChangedMeanwhile.
func (e AnswerEdit) SeenWaiver(w Waiver) AnswerEdit {
	e.Waiver = &w
	return e
}

// Waivable reports whether an answer with status s may carry a waiver:
// only a shortfall can be accepted as a risk.
func (s Status) Waivable() bool { return s == Fail || s == Partial }

// Apply makes the change on a. It either makes all of it or returns an
// error and leaves a as it was. It checks what the edit itself needs (an
// action item number in range, a waiver only on a shortfall); the answer as
// a whole is checked against its item by Answer.Validate, which the store
// runs after every change. Every edit but Restore confirms an answer
// carried over (Answer.ToConfirm).
func (e AnswerEdit) Apply(a *Answer) error {
	toConfirm := a.ToConfirm
	a.ToConfirm = false
	err := e.apply(a)
	if err != nil {
		a.ToConfirm = toConfirm
	}
	return err
}

func (e AnswerEdit) apply(a *Answer) error {
	switch e.Op {
	case OpConfirm:
		if a.IsZero() {
			return errors.New("there is no answer to confirm")
		}
	case OpStatus:
		if !e.Status.Valid() {
			return fmt.Errorf("unknown status %q; use pass, partial, fail, n/a or unanswered", e.Status)
		}
		a.Status = e.Status
		if !e.Status.Waivable() {
			a.Waiver = nil
		}
	case OpNote:
		a.Note = CleanNote(e.Text)
	case OpAddEvidence:
		if text := CleanLine(e.Text); !slices.Contains(a.Evidence, text) {
			a.Evidence = append(slices.Clip(a.Evidence), text)
		}
	case OpRemoveEvidence:
		i := slices.Index(a.Evidence, e.Text)
		if i < 0 {
			i = slices.Index(a.Evidence, CleanLine(e.Text))
		}
		if i < 0 {
			return fmt.Errorf("the item has no evidence link %q", e.Text)
		}
		a.Evidence = slices.Delete(slices.Clone(a.Evidence), i, i+1)
	case OpAddAction:
		if e.Action == nil {
			return errors.New("add an action item: the edit carries no action item")
		}
		ac := *e.Action
		ac.Text, ac.Owner = CleanLine(ac.Text), CleanLine(ac.Owner)
		a.Actions = append(slices.Clip(a.Actions), ac)
	case OpActionDone, OpActionUndone, OpRemoveAction:
		i, err := e.actionIndex(a.Actions)
		if err != nil {
			return err
		}
		a.Actions = slices.Clone(a.Actions)
		if e.Op == OpRemoveAction {
			a.Actions = slices.Delete(a.Actions, i, i+1)
		} else {
			a.Actions[i].Done = e.Op == OpActionDone
		}
	case OpWaive:
		if e.Waiver == nil {
			return errors.New("waive: the edit carries no waiver")
		}
		if !a.Status.Waivable() {
			return fmt.Errorf("only a failing or partial item can be waived (it is %s now)", a.Status.Label())
		}
		w := *e.Waiver
		w.Reason, w.AcceptedBy = CleanLine(w.Reason), CleanLine(w.AcceptedBy)
		a.Waiver = &w
	case OpClearWaiver:
		if e.Waiver != nil && (a.Waiver == nil || *a.Waiver != *e.Waiver) {
			return ErrChangedMeanwhile
		}
		a.Waiver = nil
	case OpRestore:
		if e.Answer == nil {
			return errors.New("restore: the edit carries no answer")
		}
		*a = e.Answer.Clone()
	default:
		return fmt.Errorf("unknown change %q to an answer", e.Op)
	}
	return nil
}

// actionIndex finds the action item the edit means, as an index.
func (e AnswerEdit) actionIndex(as []Action) (int, error) {
	i := e.N - 1
	if e.Action == nil {
		if i < 0 || i >= len(as) {
			return 0, fmt.Errorf("the item has %d action item(s); there is no number %d", len(as), e.N)
		}
		return i, nil
	}
	same := func(x Action) bool {
		return x.Text == e.Action.Text && x.Owner == e.Action.Owner && x.Due == e.Action.Due
	}
	if i >= 0 && i < len(as) && same(as[i]) {
		return i, nil
	}
	if j := slices.IndexFunc(as, same); j >= 0 {
		return j, nil
	}
	return 0, ErrChangedMeanwhile
}

// Label says in a few words what the edit does, for a status line or a
// log: "pass", "note", "evidence removed", "action item done".
func (e AnswerEdit) Label() string {
	switch e.Op {
	case OpStatus:
		return e.Status.Label()
	case OpNote:
		return "note"
	case OpAddEvidence:
		return "evidence"
	case OpRemoveEvidence:
		return "evidence removed"
	case OpAddAction:
		return "action item"
	case OpActionDone:
		return "action item done"
	case OpActionUndone:
		return "action item not done"
	case OpRemoveAction:
		return "action item removed"
	case OpWaive:
		return "waiver"
	case OpClearWaiver:
		return "waiver removed"
	case OpRestore:
		return "restore"
	case OpConfirm:
		return "confirmed"
	}
	return string(e.Op)
}

// Edits are several changes to one answer, made in order, all or nothing:
// prr answer with several flags, or n/a with its reason.
type Edits []AnswerEdit

// Apply makes every edit in order on a. If one fails, a is left as it was
// and that edit's error is returned.
func (es Edits) Apply(a *Answer) error {
	next := a.Clone()
	for _, e := range es {
		if err := e.Apply(&next); err != nil {
			return err
		}
	}
	*a = next
	return nil
}

// Label names the edits by the first, the main change by convention ("n/a"
// for n/a with its reason).
func (es Edits) Label() string {
	if len(es) == 0 {
		return "nothing"
	}
	return es[0].Label()
}
