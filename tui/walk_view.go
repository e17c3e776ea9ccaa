package tui

// The walk screen's layout and drawing. Everything that costs (wrapping,
// styling, measuring) happens in rebuild, on Update; View only slices and
// joins what was built.

import (
	"fmt"
	"strings"

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
		w.leftW = min(max(w.w*30/100, 26), 44)
		w.rightW = w.w - w.leftW - 3
		w.contentW = min(w.rightW-1, maxMeasure)
		w.paneH = w.bodyH
	} else {
		w.leftW = 0
		w.rightW = w.w
		w.contentW = min(max(w.w-2, 1), maxMeasure)
		w.paneH = max(w.bodyH-2, 1) // the section strip and a blank line
	}
	w.sizeEditors()
}

func (w *walkModel) sizeEditors() {
	switch w.mode {
	case modeNote:
		w.note.SetWidth(w.contentW)
		w.note.SetHeight(max(w.paneH-4, 3))
	case modeForm:
		if w.form != nil {
			// Huh sizes itself from a WindowSizeMsg: as tall as its fields
			// need, up to what we give it; its error lines come below that,
			// so leave room for them.
			w.form.Update(tea.WindowSizeMsg{Width: w.contentW, Height: max(w.paneH-5, 4)})
		}
	}
}

func (w *walkModel) keyFor(it review.Item) guidanceKey {
	return guidanceKey{text: it.Guidance, width: w.contentW, dark: w.c.isDark}
}

// refresh rebuilds the item pane for the current item and asks for any
// guidance it (or the next item) still needs. Rendering happens in a
// command; until it is back the plain text is shown.
func (w *walkModel) refresh() tea.Cmd {
	if !w.rebuild() {
		return nil
	}
	return w.askGuidance()
}

// rebuild draws the header, the sections pane and the item pane again.
func (w *walkModel) rebuild() bool {
	cur, ok := w.current()
	if !ok || w.contentW <= 0 {
		return false
	}
	w.pane = w.itemView(cur)
	if w.paneItem != w.cursor {
		w.scroll, w.paneItem = 0, w.cursor
	}
	w.scrollBy(0)
	w.head = w.header()
	w.prompt = w.prompt[:0]
	if w.confirmEdit != nil {
		st := w.c.styles
		for _, l := range hangWrap(st.WarnText.Render(w.confirmText)+st.Bold.Render(" y/n"), st.WarnText.Render("┃ "), st.WarnText.Render("┃ "), w.contentW) {
			w.prompt = append(w.prompt, truncate(l, w.contentW))
		}
		w.prompt = append(w.prompt, "")
	}
	if w.twoPane {
		w.left = w.leftPane()
	}
	return true
}

// askGuidance asks for the rendering of the current item's guidance, and
// the next one's, unless they are rendered or on their way.
func (w *walkModel) askGuidance() tea.Cmd {
	var need []guidanceKey
	for _, i := range []int{w.cursor, w.step(w.cursor, 1)} {
		if i < 0 || w.items[i].item.Guidance == "" {
			continue
		}
		k := w.keyFor(w.items[i].item)
		if _, done := w.c.guide[k]; !done && !w.c.guideAsked[k] {
			w.c.guideAsked[k] = true
			need = append(need, k)
		}
	}
	if len(need) == 0 {
		return nil
	}
	md := w.c.md
	return func() tea.Msg {
		// Render the current item first; the next one comes as its own
		// message so the current one shows as soon as it is ready.
		k := need[0]
		out, err := md.Render(k.text, k.width, k.dark)
		msg := guidanceMsg{key: k, out: out, err: err}
		if len(need) == 1 {
			return msg
		}
		return tea.BatchMsg{
			func() tea.Msg { return msg },
			func() tea.Msg {
				k := need[1]
				out, err := md.Render(k.text, k.width, k.dark)
				return guidanceMsg{key: k, out: out, err: err}
			},
		}
	}
}

// itemView draws the current item: where it is, its title and badges, the
// answer (note, evidence, action items, waiver), then the guidance.
func (w *walkModel) itemView(cur flatItem) []string {
	st := w.c.styles
	it := cur.item
	a := w.answer(it.ID)
	cw := w.contentW
	sec := w.rev.Template.Sections[cur.section]
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }

	pos := fmt.Sprintf("%s · item %d of %d", oneLine(sec.Title), cur.index+1, len(sec.Items))
	add(st.Subtle.Render(truncate(pos, cw)))
	for _, l := range wrapLines(oneLine(it.Title), cw) {
		add(st.Title.Render(l))
	}
	var badges []string
	if it.Required {
		badges = append(badges, st.Required.Render("[REQUIRED]"))
	} else {
		badges = append(badges, st.Subtle.Render("[optional]"))
	}
	if it.Level > 1 {
		badges = append(badges, st.Subtle.Render(fmt.Sprintf("[level %d]", it.Level)))
	}
	badges = append(badges, st.StatusBadge(a.Status))
	if a.Waiver != nil && (a.Status == review.Fail || a.Status == review.Partial) {
		if review.WaiverActive(a.Waiver, w.c.now()) {
			badges = append(badges, st.WarnText.Render("⚑ waived"))
		} else {
			badges = append(badges, st.ErrorText.Render("⚑ waiver expired"))
		}
	}
	add(wrapLines(strings.Join(badges, "  "), cw)...)
	add("")

	if d, ok := w.drafts[it.ID]; ok && w.mode != modeNote {
		add(st.ErrorText.Render("Unsaved note draft") + st.Subtle.Render(" (e to retry)"))
		add(indentWrap(safeBlock(d), "  ", cw)...)
	}
	empty := true
	if a.Note != "" {
		empty = false
		add(st.Label.Render("Note"))
		add(indentWrap(safeBlock(a.Note), "  ", cw)...)
	}
	if len(a.Evidence) > 0 {
		empty = false
		add(st.Label.Render("Evidence"))
		for _, e := range a.Evidence {
			add(hangWrap("• "+oneLine(e), "  ", "    ", cw)...)
		}
	}
	if len(a.Actions) > 0 {
		empty = false
		add(st.Label.Render("Action items"))
		for _, ac := range a.Actions {
			add(hangWrap(w.actionLine(ac), "  ", "    ", cw)...)
		}
	}
	if a.Waiver != nil {
		empty = false
		wv := a.Waiver
		add(st.Label.Render("Waiver"))
		line := fmt.Sprintf("%s — accepted by %s, expires %s", oneLine(wv.Reason), oneLine(wv.AcceptedBy), oneLine(string(wv.Expires)))
		if !review.WaiverActive(wv, w.c.now()) {
			line += " " + st.ErrorText.Render("[EXPIRED]")
		}
		add(indentWrap(line, "  ", cw)...)
	}
	if empty {
		add(st.Faint.Render(truncate("No note, evidence or action items yet.", cw)))
	}
	add("")
	add(st.Label.Render("Guidance ") + st.Rule.Render(strings.Repeat("─", max(cw-9, 0))))
	switch {
	case it.Guidance == "":
		add(st.Faint.Render("This item has no guidance."))
	default:
		if g, ok := w.c.guide[w.keyFor(it)]; ok {
			add(strings.Split(g, "\n")...)
		} else {
			for _, l := range wrapLines(safeBlock(it.Guidance), cw) {
				add(st.Subtle.Render(l))
			}
		}
	}
	if len(it.Refs) > 0 || len(it.Sources) > 0 {
		add("")
		for _, r := range it.Refs {
			add(indentWrap(st.Subtle.Render("↗ ")+oneLine(r), "", cw)...)
		}
		for _, s := range it.Sources {
			add(indentWrap(st.Subtle.Render("Source: ")+oneLine(s), "", cw)...)
		}
	}
	for i, l := range lines {
		lines[i] = truncate(l, cw)
	}
	return lines
}

func (w *walkModel) actionLine(ac review.Action) string {
	st := w.c.styles
	box := "☐ "
	if ac.Done {
		box = "☑ "
	}
	s := box + oneLine(ac.Text)
	var meta []string
	if ac.Owner != "" {
		meta = append(meta, "owner "+oneLine(ac.Owner))
	}
	if ac.Due != "" {
		d := "due " + oneLine(string(ac.Due))
		if !ac.Done && ac.Due.Before(w.c.now()) {
			d += " " + st.ErrorText.Render("(overdue)")
		}
		meta = append(meta, d)
	}
	if len(meta) > 0 {
		s += st.Subtle.Render(" — ") + strings.Join(meta, ", ")
	}
	return s
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
	b.WriteString(w.head)
	var pane []string
	switch w.mode {
	case modeNote:
		pane = w.editorPane("Note", w.note.View())
	case modeForm:
		pane = w.editorPane(w.formTitle(), w.form.View())
	default:
		pane = w.pane[w.scroll:min(w.scroll+w.paneH, len(w.pane))]
		if len(w.prompt) > 0 {
			pane = append(append([]string(nil), w.prompt...), pane...)
			pane = pane[:min(len(pane), w.paneH)]
		}
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
	b.WriteString(" " + truncate(w.sectionStrip(), w.w-2) + "\n\n")
	for i, l := range pane {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(" " + l)
	}
	return b.String()
}

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
		"",
	}
	lines = append(lines, strings.Split(body, "\n")...)
	if w.mode == modeNote {
		lines = append(lines, "", st.Faint.Render("esc saves and closes · enter starts a new line"))
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
	badge := st.VerdictBadge(w.assess.Verdict, w.w < 70)
	if s := w.signText(); s != "" {
		badge = s + "  " + badge
	}
	left := " " + st.Title.Render(oneLine(w.rev.Service)) + st.Subtle.Render(fmt.Sprintf(" · %s v%d", oneLine(t.Title), t.Version))
	bw := ansi.StringWidth(badge)
	b.WriteString(pad(truncate(left, w.w-bw-3), w.w-bw-1) + badge + "\n")

	barW := min(max(w.w/4, 10), 30)
	info := fmt.Sprintf("  %d/%d answered · score %s", w.assess.Answered, w.assess.Total, pct(w.assess.Score))
	if n := len(w.assess.Blocking); n > 0 {
		info += fmt.Sprintf(" · %d blocking", n)
	}
	if w.filter != filterAll {
		info += " · filter: " + w.filter.String()
	}
	b.WriteString(truncate(" "+bar(w.assess.Progress(), barW, st)+info, w.w) + "\n")
	b.WriteString(rule(w.w, st) + "\n")
	return b.String()
}

// signText is the sign-off state for the header: "signed off",
// "rejected", "2 stale sign-offs", "1 sign-off"; nothing before anyone
// signed.
func (w *walkModel) signText() string {
	st := w.c.styles
	var parts []string
	switch w.signoff.State {
	case review.SignedOff:
		parts = append(parts, st.Ready.Render("signed off"))
	case review.Rejected:
		parts = append(parts, st.Blocked.Render("rejected"))
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

// scrollBy scrolls the item pane by d lines, within its content.
func (w *walkModel) scrollBy(d int) {
	w.scroll = max(min(w.scroll+d, len(w.pane)-w.paneH), 0)
}

// sectionStrip is the narrow layout's stand-in for the left pane.
func (w *walkModel) sectionStrip() string {
	st := w.c.styles
	cur, _ := w.current()
	ss := w.assess.Sections[cur.section]
	s := st.Subtle.Render(fmt.Sprintf("§ %d/%d ", cur.section+1, len(w.secFirst))) +
		st.Bold.Render(oneLine(ss.Title)) + st.Subtle.Render(fmt.Sprintf(" · %d/%d answered", ss.Answered, ss.Total))
	if ss.Failed > 0 {
		s += " " + st.Fail.Render(fmt.Sprintf("✗ %d failing", ss.Failed))
	}
	return s
}

// leftPane lists the sections, then the items of the current section.
func (w *walkModel) leftPane() []string {
	st := w.c.styles
	lw := w.leftW
	cur, _ := w.current()
	var out []string
	out = append(out, st.Faint.Render("SECTIONS"))
	secs := w.assess.Sections
	maxSec := max(w.bodyH/2-1, 3)
	first := 0
	if len(secs) > maxSec {
		first = min(max(cur.section-maxSec/2, 0), len(secs)-maxSec)
	}
	for si := first; si < len(secs) && si < first+maxSec; si++ {
		ss := secs[si]
		mark := " "
		switch {
		case ss.Failed > 0:
			mark = st.Fail.Render("✗")
		case ss.Answered == ss.Total:
			mark = st.Pass.Render("✓")
		}
		count := fmt.Sprintf("%d/%d", ss.Answered, ss.Total)
		tw := lw - 2 - len(count) - 3
		title := fit(oneLine(ss.Title), tw)
		if si == cur.section {
			out = append(out, st.Accent.Render("› ")+st.Selected.Render(title+" "+count)+" "+mark)
		} else {
			out = append(out, "  "+title+" "+st.Subtle.Render(count)+" "+mark)
		}
	}
	room := w.bodyH - len(out) - 2
	if room < 3 {
		return fitAll(out, lw)
	}
	out = append(out, "", st.Faint.Render(truncate("ITEMS · "+strings.ToUpper(oneLine(secs[cur.section].Title)), lw)))
	start := w.secFirst[cur.section]
	end := len(w.items)
	if cur.section+1 < len(w.secFirst) {
		end = w.secFirst[cur.section+1]
	}
	from := start
	if end-start > room {
		from = min(max(w.cursor-room/2, start), end-room)
	}
	for i := from; i < end && i < from+room; i++ {
		fi := w.items[i]
		a := w.answer(fi.item.ID)
		title := truncate(oneLine(fi.item.Title), lw-4)
		switch {
		case i == w.cursor:
			out = append(out, st.Accent.Render("› ")+st.StatusGlyph(a.Status)+" "+st.Selected.Render(title))
		case !w.matches(i):
			out = append(out, "  "+st.Faint.Render(a.Status.Glyph()+" "+title))
		default:
			out = append(out, "  "+st.StatusGlyph(a.Status)+" "+title)
		}
	}
	return fitAll(out, lw)
}

func fitAll(lines []string, w int) []string {
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	return lines
}

func (w *walkModel) statusInfo() string {
	if w.rev == nil || len(w.items) == 0 {
		return ""
	}
	s := fmt.Sprintf("item %d/%d", w.cursor+1, len(w.items))
	if w.mode == modeBrowse && w.scroll+w.paneH < len(w.pane) {
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
	// Most used first: the help bar drops what does not fit from the end.
	return []keyBinding{k.Pass, k.Partial, k.Fail, k.NA, k.Note, k.Action, k.Help, k.Manage, k.Summary, k.SignOff, k.Export, k.Undo, k.Down, k.Up, k.Back}
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
		"f cycles the items j/k visit: all, unanswered, failing, required.",
		"Dates: YYYY-MM-DD, or +14d, +6w, +3m from today.",
		"S records sign-offs; x previews the Markdown record and writes it to a file.",
		"Changing a signed review makes its sign-offs stale: prr asks first.",
	}
}

func (w *walkModel) FullHelp() [][]keyBinding {
	k := w.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.NextSection, k.PrevSection, k.First, k.Last, k.PageDown, k.PageUp},
		{k.Pass, k.Partial, k.Fail, k.NA, k.Unanswer, k.Undo},
		{k.Note, k.Evidence, k.Action, k.Waive, k.Manage, k.CycleView},
		{k.Summary, k.SignOff, k.Export, k.Help, k.Back, k.Quit},
	}
}
