package tui

// The walk screen's layout and drawing. Everything that costs (wrapping,
// styling, measuring) happens in rebuild, on Update; View only joins what
// was built.
//
// Wide (100 columns and more): the sections and the current section's
// items on the left, as wide as the room the item pane leaves; the item
// on the right. Narrow (an 80×24 terminal, a large shared font): a line
// for the section, a compact list of its items around the current one,
// then the item. Either way the team sees where it is in the section.

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

func (w *walkModel) SetSize(width, height int) {
	w.w, w.h = width, height
	w.layout()
	w.rebuild() // the root asks for the guidance at the new width
}

// maxMeasure caps the item pane's text width: on a wide projector screen,
// lines of 150 characters are hard to follow across the room.
const maxMeasure = 100

func (w *walkModel) layout() {
	w.bodyH = max(w.h-headerHeight, 1)
	w.twoPane = w.w >= 100 && w.bodyH >= 8
	if w.twoPane {
		// The item pane takes up to maxMeasure; the list takes the rest,
		// so that titles on a wide screen are not cut short.
		w.leftW = min(max(w.w*30/100, w.w-3-maxMeasure-1, 26), w.w/2)
		w.rightW = w.w - w.leftW - 3
		w.contentW = min(w.rightW-1, maxMeasure)
		w.paneH = w.bodyH
		w.listRows = 0
	} else {
		w.leftW = 0
		w.rightW = w.w
		w.contentW = min(max(w.w-2, 1), maxMeasure)
		// The section line, the compact list and a rule above the item.
		w.listRows = 0
		if w.bodyH >= 12 {
			w.listRows = max(3, (w.bodyH-2)/3)
		}
		w.paneH = max(w.bodyH-2-w.listRows, 1)
	}
	w.vp.SetWidth(max(w.contentW, 1))
	w.vp.SetHeight(w.paneH)
	w.sizeEditors()
}

func (w *walkModel) sizeEditors() {
	switch w.mode {
	case modeNote:
		w.note.SetWidth(w.contentW)
		w.note.SetHeight(max(w.paneH-5, 3))
	case modeForm:
		if w.form != nil {
			// Huh sizes itself from a WindowSizeMsg: as tall as its fields
			// need, up to what we give it; its error lines come below that,
			// so leave room for them.
			w.form.Update(tea.WindowSizeMsg{Width: w.contentW, Height: max(w.paneH-5, 4)})
		}
	}
}

// refresh rebuilds the screen for the current item and asks for any
// guidance it (or the next item) still needs. Rendering happens in a
// command; until it is back the plain text is shown.
func (w *walkModel) refresh() tea.Cmd {
	if !w.rebuild() {
		return nil
	}
	return w.askGuidance()
}

// rebuild draws the header, the list and the item pane again.
func (w *walkModel) rebuild() bool {
	cur, ok := w.current()
	if !ok || w.contentW <= 0 {
		return false
	}
	w.prompt = w.prompt[:0]
	if w.confirmEdit != nil {
		st := w.c.styles
		for _, l := range hangWrap(st.WarnText.Render(w.confirmText)+st.Bold.Render(" y/n"), st.WarnText.Render("┃ "), st.WarnText.Render("┃ "), w.contentW) {
			w.prompt = append(w.prompt, truncate(l, w.contentW))
		}
		w.prompt = append(w.prompt, "")
	}
	if !w.twoPane {
		// The item pane takes the rows a short section leaves.
		w.paneH = max(w.bodyH-2-min(w.listRows, w.sectionEnd(cur.section)-w.secFirst[cur.section]), 1)
	}
	// The question takes the top of the pane; the item scrolls below it.
	w.vp.SetHeight(max(w.paneH-len(w.prompt), 1))
	w.pane = w.itemView(cur)
	w.vp.SetContentLines(w.blanks(len(w.pane)))
	if w.paneItem != w.cursor {
		w.vp.GotoTop()
		w.paneItem = w.cursor
	}
	w.head = w.header()
	if w.twoPane {
		w.left = w.leftPane()
	} else {
		w.left = w.compactList()
	}
	if w.mode == modeSearch {
		w.found = w.searchPane(w.paneH)
	}
	return true
}

// blanks returns n empty lines: the viewport is given as many lines as the
// pane has, for its scroll position, and not the pane's text, which it
// would measure line by line on every key press without drawing it.
func (w *walkModel) blanks(n int) []string {
	for len(w.blank) < n {
		w.blank = append(w.blank, "")
	}
	return w.blank[:n:n]
}

func (w *walkModel) View() string {
	st := w.c.styles
	if w.rev == nil {
		if w.loadErr != nil {
			return " " + st.ErrorText.Render("This review could not be opened.") + "\n\n " +
				st.Subtle.Render("The status bar says why. esc goes back to the list.")
		}
		return " " + st.Subtle.Render("Opening the review…")
	}
	if len(w.items) == 0 {
		return " " + st.Title.Render(oneLine(w.rev.Service)) + "\n\n " +
			st.Subtle.Render("This review's checklist has no items. esc goes back to the list.")
	}
	var b strings.Builder
	b.Grow(w.viewLen) // the last frame's size: one allocation, not a doubling series
	defer func() { w.viewLen = b.Len() }()
	b.WriteString(w.head)
	var pane []string
	switch w.mode {
	case modeNote:
		pane = w.editorPane("Note", w.note.View())
	case modeForm:
		pane = w.editorPane(w.formTitle(), w.form.View())
	case modeSearch:
		pane = w.found
	default:
		pane = append(append(pane, w.prompt...), w.vp.window(w.pane)...)
	}
	if w.twoPane {
		// The left lines are exactly leftW cells and the pane lines at most
		// contentW: no measuring needed here.
		sep := st.Rule.Render(" │ ")
		blank := strings.Repeat(" ", w.leftW)
		for i := range w.bodyH {
			if i > 0 {
				b.WriteByte('\n')
			}
			if i < len(w.left) {
				b.WriteString(w.left[i])
			} else {
				b.WriteString(blank)
			}
			b.WriteString(sep)
			if i < len(pane) {
				b.WriteString(pane[i])
			}
		}
		return b.String()
	}
	b.WriteString(" " + w.strip)
	for _, l := range w.left {
		b.WriteString("\n " + l)
	}
	b.WriteString("\n" + w.listRule)
	for _, l := range pane {
		b.WriteString("\n " + l)
	}
	return b.String()
}

// editorPane frames the note editor or a form: what is being edited, for
// which item, then the editor.
func (w *walkModel) editorPane(title, body string) []string {
	st := w.c.styles
	cur, _ := w.current()
	if w.mode == modeForm {
		if it, _, ok := w.rev.Template.Find(w.formIt); ok {
			cur.item = it
		}
	} else if it, _, ok := w.rev.Template.Find(w.noteIt); ok {
		cur.item = it
	}
	lines := []string{
		st.Label.Render(title) + st.Subtle.Render(" · ") + truncate(oneLine(cur.item.Title), w.contentW-ansi.StringWidth(title)-3),
	}
	if w.restored != "" {
		lines = append(lines, st.WarnText.Render(w.restored))
	}
	lines = append(lines, "")
	lines = append(lines, strings.Split(body, "\n")...)
	k := w.c.keys
	switch {
	case w.mode == modeNote:
		lines = append(lines, "", st.Faint.Render(k.SaveNote.Help().Key+" saves and closes · "+k.NewLine.Help().Key+" starts a new line · ctrl+c saves and quits"))
	case w.askDiscard:
		lines = append(lines, "", st.WarnText.Render("┃ Throw away what you typed? ")+st.Bold.Render("y")+st.Subtle.Render(" discard · ")+st.Bold.Render("n")+st.Subtle.Render(" keep editing"))
	}
	for i, l := range lines {
		lines[i] = truncate(l, w.contentW)
	}
	return lines
}

func (w *walkModel) header() string {
	var b strings.Builder
	st := w.c.styles
	t := w.rev.Template
	standing := w.assess.Standing
	badge := st.StandingBadge(standing, w.w < 70)
	if s := w.signText(); s != "" {
		badge = s + "  " + badge
	}
	left := " " + st.Title.Render(oneLine(w.rev.Service)) + st.Subtle.Render(fmt.Sprintf(" · %s v%d", oneLine(t.Title), t.Version))
	bw := ansi.StringWidth(badge)
	b.WriteString(pad(truncate(left, w.w-bw-3), w.w-bw-1) + badge + "\n")

	barW := min(max(w.w/5, 8), 30)
	info := fmt.Sprintf("  %d/%d answered", w.assess.Answered, w.assess.Total)
	if w.w >= 90 {
		info += " · score " + pct(w.assess.Score)
	}
	if n := standing.Parked; n > 0 {
		info += fmt.Sprintf(" · %d parked", n)
	}
	if w.filter != filterAll {
		info += " · filter: " + w.filter.String()
	}
	clock := w.clockText()
	line := " " + bar(w.assess.Progress(), barW, st) + st.Subtle.Render(info)
	if cw := ansi.StringWidth(clock); cw > 0 && ansi.StringWidth(line)+cw+2 <= w.w {
		line = pad(line, w.w-cw-1) + clock
	}
	b.WriteString(truncate(line, w.w) + "\n")
	b.WriteString(rule(w.w, st) + "\n")
	return b.String()
}

// clockText is the meeting's time and the current section's, against
// its timebox: "meeting 42m · section 3m/10m"; the section in amber
// once it runs over.
func (w *walkModel) clockText() string {
	cur, ok := w.current()
	if !ok || w.clock.last.IsZero() {
		return ""
	}
	st := w.c.styles
	sec := &w.rev.Template.Sections[cur.section]
	spent := w.sectionTime(cur.section)
	s := "section " + review.FormatClock(spent)
	paint := st.Subtle
	if sec.Timebox > 0 {
		s += fmt.Sprintf("/%dm", sec.Timebox)
		// Whole seconds, as the store keeps them: the screen and the record
		// agree on whether the section ran over.
		if spent.Truncate(time.Second) > timeboxOf(sec) {
			s += " over"
			paint = st.WarnText
		}
	}
	return st.Subtle.Render("meeting "+review.FormatClock(w.elapsed())+" · ") + paint.Render(s)
}

// signText is the sign-off state for the header: "signed off",
// "rejected", "2 stale sign-offs", "1 sign-off"; nothing before anyone
// signed.
func (w *walkModel) signText() string {
	st := w.c.styles
	var parts []string
	switch w.signoff.State {
	case review.SignedOff:
		parts = append(parts, st.Ready.Render(review.SignedOff.Label()))
	case review.Rejected:
		parts = append(parts, st.Blocked.Render(review.Rejected.Label()))
	default:
		if w.signedNow > 0 {
			parts = append(parts, st.Subtle.Render(plural(w.signedNow, "sign-off", "sign-offs")))
		}
	}
	if w.signoff.Stale > 0 {
		parts = append(parts, st.WarnText.Render(plural(w.signoff.Stale, "stale sign-off", "stale sign-offs")))
	}
	return strings.Join(parts, st.Subtle.Render(" · "))
}
