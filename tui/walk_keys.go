package tui

// The walk screen's keys: what each does while browsing, the question
// before a change to a signed review, and the help built from the same
// bindings.

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// keyPress handles a key while browsing (no editor open).
func (w *walkModel) keyPress(k tea.KeyPressMsg) tea.Cmd {
	if w.confirmEdit != nil {
		return w.confirm(k)
	}
	km := w.c.keys
	switch {
	case key.Matches(k, km.Down):
		return w.moveBy(1)
	case key.Matches(k, km.Up):
		return w.moveBy(-1)
	case key.Matches(k, km.NextSection):
		return w.moveSection(1)
	case key.Matches(k, km.PrevSection):
		return w.moveSection(-1)
	case key.Matches(k, km.First):
		return w.moveTo(w.step(-1, 1))
	case key.Matches(k, km.Last):
		return w.moveTo(w.step(len(w.items), -1))
	case w.vp.scroll(k): // pgup, pgdn
		return nil
	case key.Matches(k, km.Pass):
		return w.guardStatus(review.Pass)
	case key.Matches(k, km.Partial):
		return w.guardStatus(review.Partial)
	case key.Matches(k, km.Fail):
		return w.guardStatus(review.Fail)
	case key.Matches(k, km.Unanswer):
		return w.guardStatus(review.Unanswered)
	case key.Matches(k, km.Confirm):
		return w.confirmAnswer()
	case key.Matches(k, km.NA):
		return w.guard(func() tea.Cmd { return w.openForm(formNA) })
	case key.Matches(k, km.Note):
		return w.guard(w.openNote)
	case key.Matches(k, km.Evidence):
		return w.guard(func() tea.Cmd { return w.openForm(formEvidence) })
	case key.Matches(k, km.Action):
		return w.guard(func() tea.Cmd { return w.openForm(formAction) })
	case key.Matches(k, km.Waive):
		if cur, ok := w.current(); ok && !w.answer(cur.item.ID).Status.Waivable() {
			return w.openForm(formWaiver) // says why not; changes nothing
		}
		return w.guard(func() tea.Cmd { return w.openForm(formWaiver) })
	case key.Matches(k, km.Manage):
		if !w.hasManageable() {
			return w.openManage() // says there is nothing; changes nothing
		}
		return w.guard(w.openManage)
	case key.Matches(k, km.Undo):
		if len(w.undo) == 0 && w.wr.idle() {
			return w.undoLast() // says there is nothing to undo
		}
		return w.guard(w.undoLast)
	case key.Matches(k, km.SignOff):
		return navigate(stateSignOff, w.rev, "")
	case key.Matches(k, km.Export):
		return navigate(stateExport, w.rev, "")
	case key.Matches(k, km.CycleView):
		return w.cycleFilter()
	case key.Matches(k, km.Find):
		return w.openSearch()
	case key.Matches(k, km.Section):
		return w.gotoSection(int(k.Code - '0'))
	case key.Matches(k, km.NextOpen):
		return w.nextOpen(false)
	case key.Matches(k, km.NextRequired):
		return w.nextOpen(true)
	case key.Matches(k, km.Park):
		return w.openForm(formPark)
	case key.Matches(k, km.Unpark):
		return w.unpark()
	case key.Matches(k, km.RollCall):
		return navigate(stateRollCall, w.rev, "")
	case key.Matches(k, km.Summary):
		return navigate(stateSummary, w.rev, "")
	case key.Matches(k, km.SkillMatrix):
		return w.openAssessment()
	case key.Matches(k, km.Accept):
		return w.acceptSuggestion()
	case key.Matches(k, km.Back):
		return navigate(stateHome, nil, "")
	}
	return nil
}

// guard runs change now, or first asks whether to go on when the review
// has sign-offs that the change would make stale.
func (w *walkModel) guard(change func() tea.Cmd) tea.Cmd {
	if w.signedNow == 0 || w.editOK && len(w.rev.SignOffs) <= w.editOKSigs {
		return change()
	}
	w.confirmEdit = change
	w.confirmText = fmt.Sprintf("This review has %s; changing it makes them stale. Continue?",
		plural(w.signedNow, "current sign-off", "current sign-offs"))
	w.c.info("")
	return w.refresh()
}

// confirm handles the answer to guard's question.
func (w *walkModel) confirm(k tea.KeyPressMsg) tea.Cmd {
	km := w.c.keys
	switch {
	case key.Matches(k, km.EditYes):
		change := w.confirmEdit
		w.confirmEdit = nil
		w.editOK, w.editOKSigs = true, len(w.rev.SignOffs)
		return tea.Batch(w.refresh(), change())
	case key.Matches(k, km.EditNo):
		w.confirmEdit = nil
		w.c.info("nothing changed; the sign-offs stay current")
		return w.refresh()
	}
	return nil
}

func (w *walkModel) statusInfo() string {
	if w.rev == nil || len(w.items) == 0 {
		return ""
	}
	s := fmt.Sprintf("item %d/%d", w.cursor+1, len(w.items))
	if w.mode == modeBrowse && !w.vp.AtBottom() {
		s = "pgdn more · " + s
	}
	if !w.wr.idle() {
		s = "saving… · " + s
	}
	return s
}

func (w *walkModel) ShortHelp() []keyBinding {
	k := w.c.keys
	if w.confirmEdit != nil {
		return []keyBinding{k.EditYes, k.EditNo, k.Quit}
	}
	switch w.mode {
	case modeNote:
		return []keyBinding{k.SaveNote, k.NewLine, k.Quit}
	case modeForm:
		var out []keyBinding
		if w.form != nil {
			out = w.form.KeyBinds()
		}
		return append(out, k.CancelForm, k.Quit)
	}
	if w.mode == modeSearch {
		return []keyBinding{k.SearchGo, k.SearchDown, k.SearchUp, k.SearchCancel, k.Quit}
	}
	// Most used first: the help bar drops what does not fit from the end,
	// and ? shows every key.
	return []keyBinding{k.Pass, k.Partial, k.Fail, k.NA, k.Note, k.Help, k.Action, k.Find, k.NextOpen, k.Summary, k.Park, k.RollCall, k.Evidence, k.Waive, k.Manage, k.Undo, k.CycleView, k.SignOff, k.Export, k.Back}
}

// helpNotes explains, under the full help, what the keys do beyond their
// names.
func (w *walkModel) helpNotes() []string {
	return []string{
		"y p n a 0 save the status at once and move to the next item.",
		"a asks why the item does not apply; the reason is saved as its note.",
		"e opens the note editor; esc keeps the text and saves it.",
		"w waives a failing or partial item: reason, who accepts the risk, expiry.",
		"d marks action items done or not, and removes actions, evidence, waivers.",
		"u undoes the last change, and the one before, and so on.",
		"f cycles the items j/k visit: all, unanswered, failing, required, parked.",
		"/ finds an item by title, id or tag; 1-9 go to a section; tab goes to the next unanswered item, ! to the next required one.",
		"P parks the item with a note for later in the meeting; U takes it off the parking lot. A parked required item keeps the review from being ready.",
		"r takes the roll call: who is present, who facilitates, who writes. Owners are picked from the people present.",
		"The header counts the meeting's time and the section's, against its timebox; the time is saved with the review.",
		"ctrl+c in the note editor saves the note first; a half-filled form is kept and offered again.",
		"Dates: YYYY-MM-DD, or +14d, +6w, +3m from today.",
		"S records sign-offs; x previews the Markdown record and writes it to a file.",
		"Changing a signed review makes its sign-offs stale: prr asks first.",
	}
}

func (w *walkModel) FullHelp() [][]keyBinding {
	k := w.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.NextSection, k.PrevSection, k.First, k.Last, k.PageDown, k.PageUp},
		{k.Find, k.Section, k.NextOpen, k.NextRequired, k.CycleView},
		{k.Pass, k.Partial, k.Fail, k.NA, k.Unanswer, k.Confirm, k.Undo},
		{k.Note, k.Evidence, k.Action, k.Waive, k.Manage},
		{k.Park, k.Unpark, k.RollCall},
		{k.Summary, k.SignOff, k.Export, k.SkillMatrix, k.Accept, k.Help, k.Back, k.Quit},
	}
}
