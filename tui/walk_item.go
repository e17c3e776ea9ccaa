package tui

// The walk screen's item pane: where the item is, its title and badges,
// the answer (note, evidence, action items, waiver), then the guidance,
// rendered by Glamour in a command and cached for the session.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// guidanceKey identifies one rendering of guidance: the same text at the
// same width on the same background renders the same.
type guidanceKey struct {
	text  string
	width int
	dark  bool
}

type guidanceMsg struct {
	key guidanceKey
	out string
	err error
}

func (guidanceMsg) to() state { return stateWalk }

func (w *walkModel) keyFor(it review.Item) guidanceKey {
	return guidanceKey{text: it.Guidance, width: w.contentW, dark: w.c.isDark}
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

// guidanceRendered keeps a rendering, and shows it if it is the current
// item's.
func (w *walkModel) guidanceRendered(msg guidanceMsg) tea.Cmd {
	delete(w.c.guideAsked, msg.key)
	if msg.err != nil {
		w.c.logger.Warn("render guidance", "err", msg.err)
		w.c.guide[msg.key] = w.c.styles.Subtle.Render(safeBlock(msg.key.text))
	} else {
		w.c.guide[msg.key] = msg.out
	}
	if cur, ok := w.current(); ok && w.keyFor(cur.item) == msg.key {
		return w.refresh()
	}
	return nil
}

// itemView draws the current item, every line at most contentW cells.
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
	badges = append(badges, carriedBadges(st, w.rev, it.ID, a)...)
	if a.Waiver != nil && a.Status.Waivable() {
		if review.WaiverActive(a.Waiver, w.c.now()) {
			badges = append(badges, st.WarnText.Render("⚑ waived"))
		} else {
			badges = append(badges, st.ErrorText.Render("⚑ waiver expired "+oneLine(string(a.Waiver.Expires))))
		}
	}
	add(wrapLines(strings.Join(badges, "  "), cw)...)
	if p, ok := w.rev.IsParked(it.ID); ok {
		line := "‖ parked"
		if p.Note != "" {
			line += ": " + oneLine(p.Note)
		}
		add(indentWrap(st.WarnText.Render(line)+st.Subtle.Render(" (U unparks)"), "", cw)...)
	}
	add("")
	add(w.suggestionView(it, a)...)

	if d, ok := w.noteDraft(it.ID); ok && w.mode != modeNote {
		add(st.ErrorText.Render("Unsaved note draft") + st.Subtle.Render(" (e to go on with it)"))
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

// actionLine is an action item in the pane: a box, the text, its owner and
// due date (marked when overdue).
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

// carriedBadges mark an answer carried over and still to confirm, and an
// item new or changed in the checklist since the answers were given
// (review.Origin): a change in the checklist, not in the service.
func carriedBadges(st *Styles, r *review.Review, item string, a review.Answer) []string {
	var out []string
	if a.ToConfirm {
		out = append(out, st.WarnText.Render("[to confirm: c]"))
	}
	if r.Origin == nil {
		return out
	}
	if r.Origin.Template.IsNew(item) {
		out = append(out, st.Accent.Render("[new in this checklist]"))
	}
	if ch := r.Origin.Template.ChangedIn(item); len(ch) > 0 {
		out = append(out, st.WarnText.Render("[changed: "+strings.Join(ch, ", ")+"]"))
	}
	return out
}
