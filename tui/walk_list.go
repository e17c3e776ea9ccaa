package tui

// The walk screen's list: which items j/k/[/] visit (the filter), moving
// the cursor, and the sections pane (or, on a narrow terminal, the strip
// that stands in for it).

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// filterMode is which items j/k/[/] visit.
type filterMode int

const (
	filterAll filterMode = iota
	filterUnanswered
	filterFailing
	filterRequired
	filterParked
	filterCount
)

func (f filterMode) String() string {
	return [...]string{"all", "unanswered", "failing", "required", "parked"}[f]
}

// matches reports whether item i passes the filter.
func (w *walkModel) matches(i int) bool {
	it := w.items[i].item
	switch w.filter {
	case filterUnanswered: // an answer still to confirm does not count yet either
		a := w.answer(it.ID)
		return a.Status == review.Unanswered || a.ToConfirm
	case filterFailing:
		return w.answer(it.ID).Status.Waivable() // fail or partial
	case filterRequired:
		return it.Required
	case filterParked:
		_, parked := w.rev.IsParked(it.ID)
		return parked
	}
	return true
}

func (w *walkModel) countMatching() int {
	n := 0
	for i := range w.items {
		if w.matches(i) {
			n++
		}
	}
	return n
}

// step finds the next item from `from` in direction d (±1) that passes the
// filter, or -1.
func (w *walkModel) step(from, d int) int {
	for i := from + d; i >= 0 && i < len(w.items); i += d {
		if w.matches(i) {
			return i
		}
	}
	return -1
}

func (w *walkModel) moveTo(i int) tea.Cmd {
	if i < 0 || i >= len(w.items) {
		return nil
	}
	w.cursor = i
	return w.refresh()
}

func (w *walkModel) moveBy(d int) tea.Cmd {
	next := w.step(w.cursor, d)
	if next < 0 {
		switch {
		case w.filter != filterAll && w.countMatching() == 0:
			w.c.info("no " + w.filter.String() + " items; f changes the filter")
		case d > 0:
			w.c.info("that was the last " + w.noun())
		default:
			w.c.info("this is the first " + w.noun())
		}
		return nil
	}
	return w.moveTo(next)
}

func (w *walkModel) noun() string {
	if w.filter == filterAll {
		return "item"
	}
	return w.filter.String() + " item"
}

// sectionEnd is the index after the last item of section s.
func (w *walkModel) sectionEnd(s int) int {
	if s+1 < len(w.secFirst) {
		return w.secFirst[s+1]
	}
	return len(w.items)
}

// moveSection goes to the first item of the next (d=1) or previous (d=-1)
// section that has an item passing the filter.
func (w *walkModel) moveSection(d int) tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	for s := cur.section + d; s >= 0 && s < len(w.secFirst); s += d {
		for i := w.secFirst[s]; i < w.sectionEnd(s); i++ {
			if w.matches(i) {
				return w.moveTo(i)
			}
		}
	}
	if d > 0 {
		w.c.info("this is the last section")
	} else {
		w.c.info("this is the first section")
	}
	return nil
}

func (w *walkModel) cycleFilter() tea.Cmd {
	w.filter = (w.filter + 1) % filterCount
	n := w.countMatching()
	if n == 0 {
		w.c.info(fmt.Sprintf("filter: %s — no items match", w.filter))
		return w.refresh()
	}
	w.c.info(fmt.Sprintf("filter: %s (%d items)", w.filter, n))
	if !w.matches(w.cursor) {
		next := w.step(w.cursor, 1)
		if next < 0 {
			next = w.step(w.cursor, -1)
		}
		return w.moveTo(next)
	}
	return w.refresh()
}

// sectionStrip is the narrow layout's line for the section: where it is,
// how far it got, and what fails.
func (w *walkModel) sectionStrip() string {
	st := w.c.styles
	cur, _ := w.current()
	ss := w.assess.Sections[cur.section]
	s := st.Subtle.Render(fmt.Sprintf("§ %d/%d ", cur.section+1, len(w.secFirst))) +
		st.Bold.Render(oneLine(ss.Title)) + st.Subtle.Render(fmt.Sprintf(" · %d/%d answered", ss.Answered, ss.Total))
	if ss.Failed > 0 {
		s += " " + st.Fail.Render(fmt.Sprintf("%s %d failing", review.Fail.Glyph(), ss.Failed))
	}
	return s
}

// parkMark is the mark of a parked item in the lists.
const parkMark = "‖"

// itemMark is an item's status glyph, and its parking mark.
func (w *walkModel) itemMark(it review.Item, a review.Answer, faint bool) string {
	st := w.c.styles
	g := st.StatusGlyph(a.Status)
	if faint {
		g = st.Faint.Render(a.Status.Glyph())
	}
	if _, parked := w.rev.IsParked(it.ID); parked {
		return g + st.WarnText.Render(parkMark)
	}
	return g + " "
}

// compactList is the narrow layout's list: the current section's items
// around the current one, one line each, with their statuses. It sets the
// section line above it and the rule below it.
func (w *walkModel) compactList() []string {
	st := w.c.styles
	lw := max(w.w-2, 10)
	w.strip = truncate(w.sectionStrip(), lw)
	w.listRule = " " + st.Rule.Render(strings.Repeat("─", lw))
	if w.listRows == 0 {
		return nil
	}
	cur, _ := w.current()
	start, end := w.secFirst[cur.section], w.sectionEnd(cur.section)
	rows := w.listRows
	from := start
	if end-start > rows {
		from = min(max(w.cursor-rows/2, start), end-rows)
	}
	var out []string
	for i := from; i < end && i < from+rows; i++ {
		fi := w.items[i]
		a := w.answer(fi.item.ID)
		num := fmt.Sprintf("%d.%d ", fi.section+1, fi.index+1)
		title := truncate(num+oneLine(fi.item.Title), lw-5)
		switch {
		case i == w.cursor:
			out = append(out, st.Accent.Render("› ")+w.itemMark(fi.item, a, false)+" "+st.Selected.Render(title))
		case !w.matches(i):
			out = append(out, "  "+w.itemMark(fi.item, a, true)+" "+st.Faint.Render(title))
		default:
			out = append(out, "  "+w.itemMark(fi.item, a, false)+" "+title)
		}
	}
	if more := end - (from + len(out)); more > 0 && len(out) > 0 {
		out[len(out)-1] = truncate(out[len(out)-1], lw-12) // room for the count
		out[len(out)-1] = pad(out[len(out)-1], lw-10) + st.Faint.Render(fmt.Sprintf("  +%d more", more))
	}
	return out
}

// leftPane lists the sections, then the items of the current section,
// their titles wrapped over up to two lines.
func (w *walkModel) leftPane() []string {
	st := w.c.styles
	lw := w.leftW
	cur, _ := w.current()
	var out []string
	out = append(out, st.Faint.Render("SECTIONS"))
	secs := w.assess.Sections
	maxSec := max(w.bodyH/3, 3)
	first := 0
	if len(secs) > maxSec {
		first = min(max(cur.section-maxSec/2, 0), len(secs)-maxSec)
	}
	for si := first; si < len(secs) && si < first+maxSec; si++ {
		ss := secs[si]
		mark := " "
		switch {
		case ss.Failed > 0:
			mark = st.Fail.Render(review.Fail.Glyph())
		case ss.Answered == ss.Total:
			mark = st.Pass.Render(review.Pass.Glyph())
		}
		count := fmt.Sprintf("%d/%d", ss.Answered, ss.Total)
		num := "  " // 1-9 go to a section; the others keep the column
		if si < 9 {
			num = fmt.Sprintf("%d ", si+1)
		}
		tw := lw - 2 - len(num) - len(count) - 3
		title := fit(oneLine(ss.Title), tw)
		if si == cur.section {
			out = append(out, st.Accent.Render("› ")+st.Selected.Render(num+title+" "+count)+" "+mark)
		} else {
			out = append(out, "  "+st.Faint.Render(num)+title+" "+st.Subtle.Render(count)+" "+mark)
		}
	}
	room := w.bodyH - len(out) - 2
	if room < 3 {
		return fitAll(out, lw)
	}
	out = append(out, "", st.Faint.Render(truncate("ITEMS · "+strings.ToUpper(oneLine(secs[cur.section].Title)), lw)))
	return fitAll(append(out, w.itemBlocks(cur.section, lw, room)...), lw)
}

// itemBlocks draws the items of section si in at most room lines,
// keeping the current item in sight. Titles wrap in full when the whole
// section fits; otherwise the others take up to two lines and only the
// current one wraps in full.
func (w *walkModel) itemBlocks(si, lw, room int) []string {
	st := w.c.styles
	start, end := w.secFirst[si], w.sectionEnd(si)
	wrapped := make([][]string, 0, end-start)
	total := 0
	for i := start; i < end; i++ {
		tl := wrapLines(oneLine(w.items[i].item.Title), lw-5)
		wrapped = append(wrapped, tl)
		total += len(tl)
	}
	blocks := make([][]string, 0, end-start)
	for i := start; i < end; i++ {
		fi := w.items[i]
		a := w.answer(fi.item.ID)
		tl := wrapped[i-start]
		if total > room && i != w.cursor && len(tl) > 2 {
			tl = []string{tl[0], truncate(tl[1]+" "+strings.Join(tl[2:], " "), lw-5)}
		}
		if a.ToConfirm { // carried over: the status is last review's word
			last := len(tl) - 1
			tl[last] = truncate(tl[last], lw-7) + " " + st.WarnText.Render("?")
		}
		var bl []string
		for j, t := range tl {
			switch {
			case i == w.cursor && j == 0:
				bl = append(bl, st.Accent.Render("› ")+w.itemMark(fi.item, a, false)+" "+st.Selected.Render(t))
			case i == w.cursor:
				bl = append(bl, "     "+st.Selected.Render(t))
			case j > 0:
				bl = append(bl, "     "+w.faintIf(!w.matches(i), t))
			case !w.matches(i):
				bl = append(bl, "  "+w.itemMark(fi.item, a, true)+" "+st.Faint.Render(t))
			default:
				bl = append(bl, "  "+w.itemMark(fi.item, a, false)+" "+t)
			}
		}
		blocks = append(blocks, bl)
	}
	// The first block shown: as early as lets the cursor's block show,
	// with the cursor near the middle once the list is longer than room.
	c := w.cursor - start
	from := c
	used := len(blocks[c])
	for from > 0 && used+len(blocks[from-1]) <= room/2+1 {
		from--
		used += len(blocks[from])
	}
	var out []string
	for i := from; i < len(blocks); i++ {
		if len(out)+len(blocks[i]) > room {
			break
		}
		out = append(out, blocks[i]...)
	}
	// Fill the room from above when the end of the list came early.
	for from > 0 && len(out)+len(blocks[from-1]) <= room {
		from--
		out = append(append([]string(nil), blocks[from]...), out...)
	}
	return out
}

func (w *walkModel) faintIf(faint bool, s string) string {
	if faint {
		return w.c.styles.Faint.Render(s)
	}
	return s
}

func fitAll(lines []string, w int) []string {
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	return lines
}
