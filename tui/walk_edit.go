package tui

// The walk screen's editors: the note editor (a textarea; esc keeps and
// saves) and the small Huh forms for n/a, evidence, action items and
// waivers (and, in walk_manage.go, for marking done and removing them).
// Each builds a review edit; a field is checked by making the edit on a
// copy of the answer and asking the domain (Answer.Validate) about it.

import (
	"errors"
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
)

type formValues struct {
	Reason                    string
	Link                      string
	Text, Owner, Due          string
	WaiverReason, By, Expires string
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
	if d, ok := w.drafts[cur.item.ID]; ok {
		text = d
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
	return cmd
}

// saveNote closes the editor and saves the note. The domain checks it first
// (an n/a item needs its note), so a refused note stays in the editor.
func (w *walkModel) saveNote() tea.Cmd {
	text := strings.TrimRight(w.note.Value(), "\n ")
	itemID := w.noteIt
	if text == w.noteWas {
		delete(w.drafts, itemID)
		w.mode = modeBrowse
		w.c.info("note unchanged")
		return w.refresh()
	}
	edit := review.Edits{review.SetNote(text)}
	if err := w.check(itemID, edit); err != nil {
		w.c.fail("note not saved", err)
		return nil
	}
	w.mode = modeBrowse
	w.drafts[itemID] = text
	return tea.Batch(w.save(itemID, edit.Label(), edit, &text), w.refresh())
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

func (w *walkModel) openForm(kind formKind) tea.Cmd {
	cur, _ := w.current()
	it := cur.item
	a := w.answer(it.ID)
	v := &formValues{}
	var g *huh.Group
	switch kind {
	case formNA:
		v.Reason = safeBlock(a.Note)
		g = huh.NewGroup(
			huh.NewText().Title("Why does this item not apply?").
				Description("n/a needs a short reason; it is saved as the item's note.").
				Lines(4).ExternalEditor(false).Value(&v.Reason).
				Validate(w.validator(it.ID, naEdit)),
		)
	case formEvidence:
		check := w.validator(it.ID, evidenceEdit)
		g = huh.NewGroup(
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
		g = huh.NewGroup(
			huh.NewInput().Key("text").Title("Action item").Description("What needs to be done?").
				Value(&v.Text).Validate(func(s string) error { return review.Action{Text: s}.Validate() }),
			huh.NewInput().Key("owner").Title("Owner").Placeholder("optional").
				Value(&v.Owner).Validate(func(s string) error { return review.Action{Text: "x", Owner: s}.Validate() }),
			huh.NewInput().Key("due").Title("Due").Description("YYYY-MM-DD, or +14d, +6w, +3m; empty for none.").
				Value(&v.Due).Validate(func(s string) error { _, err := review.ParseDate(s, w.c.now()); return err }),
		)
	case formWaiver:
		if !a.Status.Waivable() {
			w.c.info("only a failing or partial item can be waived")
			return nil
		}
		if a.Waiver != nil {
			v.WaiverReason, v.By, v.Expires = oneLine(a.Waiver.Reason), oneLine(a.Waiver.AcceptedBy), string(a.Waiver.Expires)
		}
		g = huh.NewGroup(
			huh.NewInput().Title("Why is the risk accepted?").Value(&v.WaiverReason).
				Validate(func(s string) error {
					return review.Waiver{Reason: s, AcceptedBy: "x", Expires: "2000-01-01"}.Validate()
				}),
			huh.NewInput().Title("Accepted by").Placeholder("e.g. Kari Nordmann").Value(&v.By).
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
	}
	w.fv, w.formKind, w.formIt = v, kind, it.ID
	return w.showForm(huh.NewForm(g))
}

// showForm opens a form in the item pane.
func (w *walkModel) showForm(f *huh.Form) tea.Cmd {
	w.c.info("") // what the status bar said was about something else
	w.form = f.WithShowHelp(false).WithTheme(huhTheme(w.c))
	w.mode = modeForm
	w.sizeEditors()
	return w.form.Init()
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
	case formManage, formManageOp:
		return "Done / remove"
	}
	return ""
}

func (w *walkModel) updateForm(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, w.c.keys.CancelForm) {
		w.mode = modeBrowse
		w.form = nil
		w.c.info("cancelled")
		return w.refresh()
	}
	f, cmd := w.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		w.form = ff
	}
	switch w.form.State {
	case huh.StateCompleted:
		w.mode = modeBrowse
		w.form = nil
		return tea.Batch(cmd, w.submitForm())
	case huh.StateAborted:
		w.mode = modeBrowse
		w.form = nil
		return w.refresh()
	}
	return cmd
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
	cmd := w.save(w.formIt, edit.Label(), edit, nil)
	// n/a, like the other statuses, moves on to the next item.
	if w.formKind == formNA && w.items[w.cursor].item.ID == w.formIt {
		if next := w.step(w.cursor, 1); next >= 0 {
			return tea.Batch(cmd, w.moveTo(next))
		}
	}
	return tea.Batch(cmd, w.refresh())
}
