package tui

// The walk screen's editors: the note editor (a textarea; esc keeps and
// saves) and the small Huh forms (walk_forms.go; and, in walk_manage.go,
// for marking done and removing). Each builds a review edit; a field is
// checked by making the edit on a copy of the answer and asking the domain
// (Answer.Validate) about it. What is typed is kept as a draft (drafts.go)
// until it is saved or discarded; keys typed while a form moves its focus
// wait for the move (formgate.go).

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

type formKind int

const (
	formNA formKind = iota + 1
	formEvidence
	formAction
	formWaiver
	formManage   // d: which action item, evidence link or waiver
	formManageOp // d: what to do with it
	formPark     // P: park the item with a note
)

type formValues struct {
	Reason                    string
	Link                      string
	Text, Owner, Due          string
	WaiverReason, By, Expires string
	Note                      string // the parking note
	// d: what there was to choose from, the choice and what to do with it.
	targets []manageTarget
	Pick    int
	Op      manageOp
}

func (w *walkModel) openNote() tea.Cmd {
	cur, _ := w.current()
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "┃ "
	ta.Placeholder = "What was said; what is missing; who knows more…"
	ta.CharLimit = 0
	ta.MaxHeight = 0
	// ctrl+j makes a new line in every multi-line field, as in Huh's.
	ta.KeyMap.InsertNewline.SetKeys("enter", "ctrl+m", "ctrl+j")
	w.note = ta
	w.styleNote()
	w.noteIt = cur.item.ID
	text := safeBlock(w.answer(cur.item.ID).Note)
	w.noteWas = text
	w.restored = ""
	if d, ok := w.drafts[draftKey{cur.item.ID, "note"}]; ok && d.Values["text"] != text {
		text = d.Values["text"]
		w.restored = fmt.Sprintf("Your unsaved note from %s is back.", d.At.In(w.c.now().Location()).Format("15:04"))
	}
	w.note.SetValue(text)
	w.mode = modeNote
	w.sizeEditors()
	return w.note.Focus()
}

func (w *walkModel) styleNote() {
	s := textarea.DefaultStyles(w.c.isDark)
	s.Cursor.Blink = false
	w.note.SetStyles(s)
}

func (w *walkModel) updateNote(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, w.c.keys.SaveNote) {
		return w.saveNote()
	}
	var cmd tea.Cmd
	w.note, cmd = w.note.Update(msg)
	k := draftKey{w.noteIt, "note"}
	if v := w.note.Value(); strings.TrimRight(v, "\n ") != w.noteWas {
		return tea.Batch(cmd, w.keepDraft(k, map[string]string{"text": v}))
	}
	return tea.Batch(cmd, w.dropDraft(k))
}

// noteChanged reports whether the note editor holds text not saved.
func (w *walkModel) noteChanged() bool {
	return w.mode == modeNote && strings.TrimRight(w.note.Value(), "\n ") != w.noteWas
}

// saveNote closes the editor and saves the note. The domain checks it first
// (an n/a item needs its note), so a refused note stays in the editor.
func (w *walkModel) saveNote() tea.Cmd {
	text := strings.TrimRight(w.note.Value(), "\n ")
	itemID := w.noteIt
	k := draftKey{itemID, "note"}
	if text == w.noteWas {
		w.mode = modeBrowse
		w.c.info("note unchanged")
		return tea.Batch(w.dropDraft(k), w.refresh())
	}
	edit := review.Edits{review.SetNote(text)}
	if err := w.check(itemID, edit); err != nil {
		w.c.fail("note not saved", err)
		return nil
	}
	w.mode = modeBrowse
	keep := w.keepDraft(k, map[string]string{"text": text}) // until the store says saved
	return tea.Batch(keep, w.save(itemID, edit.Label(), edit, &text), w.refresh())
}

// check makes edit on a copy of an item's answer as the screen has it, and
// asks the domain whether the result may be saved.
func (w *walkModel) check(itemID string, edit review.Edits) error {
	it, _, _ := w.rev.Template.Find(itemID)
	a := w.answer(itemID).Clone()
	if err := edit.Apply(&a); err != nil {
		return err
	}
	return a.Validate(it)
}

// validator is a form field's check: the edit its text makes, checked.
func (w *walkModel) validator(itemID string, edit func(s string) review.Edits) func(string) error {
	return func(s string) error { return w.check(itemID, edit(s)) }
}

// The edits the forms make, from what was typed.

func naEdit(reason string) review.Edits {
	return review.Edits{review.SetStatus(review.NA), review.SetNote(strings.TrimSpace(reason))}
}

func evidenceEdit(link string) review.Edits {
	return review.Edits{review.AddEvidence(strings.TrimSpace(link))}
}

func (w *walkModel) actionEdit(v formValues) (review.Edits, error) {
	due, err := review.ParseDate(v.Due, w.c.now())
	ac := review.Action{Text: strings.TrimSpace(v.Text), Owner: strings.TrimSpace(v.Owner), Due: due}
	if err == nil {
		err = ac.Validate()
	}
	return review.Edits{review.AddAction(ac)}, err
}

func (w *walkModel) waiverEdit(v formValues) (review.Edits, error) {
	exp, err := review.ParseDate(v.Expires, w.c.now())
	wv := review.Waiver{Reason: strings.TrimSpace(v.WaiverReason), AcceptedBy: strings.TrimSpace(v.By), Expires: exp}
	if err == nil {
		err = wv.Validate()
	}
	return review.Edits{review.Waive(wv)}, err
}

var errNoLink = errors.New("type a link or where to find the evidence")

// showForm opens a form in the item pane.
func (w *walkModel) showForm(f *huh.Form) tea.Cmd {
	w.c.info("") // what the status bar said was about something else
	w.form = f.WithShowHelp(false).WithTheme(huhTheme(w.c))
	w.mode = modeForm
	w.askDiscard = false
	w.gate.reset()
	w.sizeEditors()
	return w.form.Init()
}

// closeForm leaves the form; keys held for it go on to the screen.
func (w *walkModel) closeForm() []tea.Msg {
	w.mode = modeBrowse
	w.form = nil
	w.askDiscard = false
	return w.gate.reset()
}

func (w *walkModel) updateForm(msg tea.Msg) tea.Cmd {
	if t, ok := msg.(gateTimeoutMsg); ok {
		return w.replay(w.gate.timeout(t))
	}
	if w.gate.hold(msg) {
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if w.askDiscard {
			return w.answerDiscard(k)
		}
		if key.Matches(k, w.c.keys.CancelForm) {
			if w.formChanged() {
				w.askDiscard = true // typed text is not thrown away on one key
				return nil
			}
			held := w.closeForm()
			w.c.info("cancelled")
			return tea.Batch(w.refresh(), w.replay(held))
		}
	}
	w.gate.before(w.form)
	f, cmd := w.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		w.form = ff
	}
	wait, held := w.gate.after(w.form, msg)
	cmd = tea.Batch(cmd, wait)
	switch w.form.State {
	case huh.StateCompleted:
		held = append(held, w.closeForm()...)
		return tea.Batch(cmd, w.submitForm(), w.replay(held))
	case huh.StateAborted:
		held = append(held, w.closeForm()...)
		return tea.Batch(w.refresh(), w.replay(held))
	}
	if k := w.formKind.draftField(); k != "" && w.fv != nil {
		if w.formChanged() {
			cmd = tea.Batch(cmd, w.keepDraft(draftKey{w.formIt, k}, w.fv.fields(w.formKind)))
		} else {
			cmd = tea.Batch(cmd, w.dropDraft(draftKey{w.formIt, k}))
		}
	}
	return tea.Batch(cmd, w.replay(held))
}

// replay hands keys held while a form moved on to the screen, in order.
func (w *walkModel) replay(held []tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, m := range held {
		cmds = append(cmds, w.Update(m))
	}
	return tea.Batch(cmds...)
}

// answerDiscard handles the answer to "discard what you typed?".
func (w *walkModel) answerDiscard(k tea.KeyPressMsg) tea.Cmd {
	km := w.c.keys
	switch {
	case key.Matches(k, km.EditYes):
		drop := w.dropDraft(draftKey{w.formIt, w.formKind.draftField()})
		held := w.closeForm()
		w.c.info("discarded")
		return tea.Batch(drop, w.refresh(), w.replay(held))
	case key.Matches(k, km.EditNo):
		w.askDiscard = false
	}
	return nil
}

// submitForm turns the finished form into an edit of the answer.
func (w *walkModel) submitForm() tea.Cmd {
	v := *w.fv
	var edit review.Edits
	var err error
	switch w.formKind {
	case formManage:
		return w.openManageOp() // the second question
	case formManageOp:
		return w.submitManage()
	case formPark:
		return w.park(w.formIt, v.Note)
	case formNA:
		edit = naEdit(v.Reason)
	case formEvidence:
		edit = evidenceEdit(v.Link)
	case formAction:
		if edit, err = w.actionEdit(v); err != nil {
			w.c.fail("action item not added", err)
			return w.refresh()
		}
	case formWaiver:
		if edit, err = w.waiverEdit(v); err != nil {
			w.c.fail("waiver not saved", err)
			return w.refresh()
		}
	}
	cmd := w.saveDraft(w.formIt, edit.Label(), edit, draftKey{w.formIt, w.formKind.draftField()})
	// n/a, like the other statuses, moves on to the next item.
	if w.formKind == formNA && w.items[w.cursor].item.ID == w.formIt {
		if next := w.step(w.cursor, 1); next >= 0 {
			return tea.Batch(cmd, w.moveTo(next))
		}
	}
	return tea.Batch(cmd, w.refresh())
}
