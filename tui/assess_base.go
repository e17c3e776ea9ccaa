package tui

// What the risk register, DPIA and runbook screens share: the review they
// show, saving a change through the writer (answered with a
// reviewSavedMsg) and undoing it, the question before staling sign-offs,
// and a chain of one-line prompts (a title; or a reason, a name and a
// date) at the foot of the screen.

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

type assessBase struct {
	c    *common
	wr   *writer
	me   state
	kind review.AssessmentKind

	rev  *review.Review
	undo []skillUndo

	confirm func() tea.Cmd
	editOK  bool

	// The open prompts: the questions left, the answers so far, and what
	// to do with them all.
	prompts []string
	answers []string
	values  []string // prefilled answers
	onDone  func(answers []string) tea.Cmd
	input   textinput.Model

	w, h int
}

func newAssessBase(c *common, wr *writer, me state, kind review.AssessmentKind) assessBase {
	b := assessBase{c: c, wr: wr, me: me, kind: kind, input: textinput.New()}
	b.input.CharLimit = 2048
	st := textinput.DefaultStyles(c.isDark)
	st.Cursor.Blink = false
	b.input.SetStyles(st)
	return b
}

// openBase takes the review the walk screen has.
func (b *assessBase) openBase(n navMsg) bool {
	if n.review == nil {
		return false
	}
	if b.rev == nil || b.rev.ID != n.review.ID {
		b.undo = nil
	}
	b.rev, b.prompts, b.confirm, b.editOK = n.review, nil, nil, false
	return true
}

func (b *assessBase) capturing() bool { return len(b.prompts) > 0 || b.confirm != nil }

func (b *assessBase) back() tea.Cmd { return navigate(stateWalk, b.rev, "") }

// save queues a change of the review.
func (b *assessBase) save(label string, change func(r *review.Review) error) tea.Cmd {
	return b.guard(func() tea.Cmd {
		b.c.info("saving " + label + "…")
		return b.wr.enqueue(assessmentChange(b.rev.ID, label, b.me, false, change))
	})
}

func (b *assessBase) undoLast() tea.Cmd {
	if len(b.undo) == 0 {
		b.c.info("nothing to undo")
		return nil
	}
	return b.guard(func() tea.Cmd {
		u := b.undo[len(b.undo)-1]
		b.undo = b.undo[:len(b.undo)-1]
		kind := b.kind
		return b.wr.enqueue(assessmentChange(b.rev.ID, "undo "+u.label, b.me, true,
			func(r *review.Review) error { r.RestoreAssessment(kind, u.prev); return nil }))
	})
}

// saved takes in the store's reply; true when the review changed.
func (b *assessBase) saved(msg answerSavedMsg) bool {
	r := msg.req
	if msg.err != nil {
		b.c.fail("not saved: "+r.label, msg.err)
		return false
	}
	if r.undo {
		b.c.ok("undone: " + r.label[len("undo "):])
	} else {
		b.undo = append(b.undo, skillUndo{label: r.label, prev: r.kept.prev})
		if len(b.undo) > maxUndo {
			b.undo = b.undo[len(b.undo)-maxUndo:]
		}
		b.c.ok("saved " + r.label)
	}
	if b.rev == nil || msg.review == nil || msg.review.ID != b.rev.ID {
		return false
	}
	b.rev = msg.review
	return true
}

func (b *assessBase) guard(change func() tea.Cmd) tea.Cmd {
	if b.editOK || review.SignOffState(b.rev).Current == 0 {
		return change()
	}
	b.confirm = change
	return nil
}

// ask opens prompts, one after another, prefilled with values (if any).
func (b *assessBase) ask(prompts, values []string, done func(answers []string) tea.Cmd) tea.Cmd {
	b.prompts, b.answers, b.values, b.onDone = prompts, nil, values, done
	b.input.SetValue("")
	if len(values) > 0 {
		b.input.SetValue(values[0])
	}
	b.input.Prompt = prompts[0] + ": "
	b.input.CursorEnd()
	return b.input.Focus()
}

// baseKey handles a key while a prompt or the question is open; false
// when neither is.
func (b *assessBase) baseKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := b.c.keys
	switch {
	case b.confirm != nil:
		switch {
		case key.Matches(k, km.EditYes):
			change := b.confirm
			b.confirm, b.editOK = nil, true
			return change(), true
		case key.Matches(k, km.EditNo):
			b.confirm = nil
			b.c.info("nothing changed; the sign-offs stay current")
		}
		return nil, true
	case len(b.prompts) == 0:
		return nil, false
	case key.Matches(k, km.InputCancel):
		b.prompts = nil
		b.input.Blur()
		return nil, true
	case key.Matches(k, km.InputDone):
		b.answers = append(b.answers, b.input.Value())
		b.prompts = b.prompts[1:]
		if len(b.prompts) == 0 {
			b.input.Blur()
			return b.onDone(b.answers), true
		}
		b.input.SetValue("")
		if i := len(b.answers); i < len(b.values) {
			b.input.SetValue(b.values[i])
		}
		b.input.Prompt = b.prompts[0] + ": "
		b.input.CursorEnd()
		return nil, true
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(k)
	return cmd, true
}

// footer is the prompt or the question, one line, or nothing.
func (b *assessBase) footer() []string {
	st := b.c.styles
	switch {
	case b.confirm != nil:
		return []string{truncate(" "+st.WarnText.Render("This review has current sign-offs; changing it makes them stale. Continue?")+st.Bold.Render(" y/n"), b.w)}
	case len(b.prompts) > 0:
		return []string{truncate(" "+b.input.View(), b.w)}
	}
	return nil
}

// suggestionLine says what the assessment suggests for the items it feeds.
func (b *assessBase) suggestionLines() []string {
	st := b.c.styles
	var out []string
	for _, id := range b.rev.Template.Feeds(b.kind) {
		s, ok := review.Suggest(b.rev, id, b.c.now())
		if !ok {
			continue
		}
		a := b.rev.Answer(id)
		line := " Suggests " + st.StatusBadge(s.Status) + " for " + oneLine(id)
		if s.Disagrees(a) {
			line += st.WarnText.Render(" — the answer (" + a.Status.Label() + ") disagrees")
		}
		out = append(out, truncate(line, b.w))
	}
	return out
}

func (b *assessBase) baseHelp() ([]keyBinding, bool) {
	k := b.c.keys
	switch {
	case b.confirm != nil:
		return []keyBinding{k.EditYes, k.EditNo, k.Quit}, true
	case len(b.prompts) > 0:
		return []keyBinding{k.InputDone, k.InputCancel, k.Quit}, true
	}
	return nil, false
}

func (b *assessBase) SetSize(w, h int) {
	b.w, b.h = w, h
	b.input.SetWidth(max(w-30, 10))
}
