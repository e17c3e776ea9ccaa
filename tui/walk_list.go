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
	filterCount
)

func (f filterMode) String() string {
	return [...]string{"all", "unanswered", "failing", "required"}[f]
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

// sectionStrip is the narrow layout's stand-in for the left pane.
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
			mark = st.Fail.Render(review.Fail.Glyph())
		case ss.Answered == ss.Total:
			mark = st.Pass.Render(review.Pass.Glyph())
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
	start, end := w.secFirst[cur.section], w.sectionEnd(cur.section)
	from := start
	if end-start > room {
		from = min(max(w.cursor-room/2, start), end-room)
	}
	for i := from; i < end && i < from+room; i++ {
		fi := w.items[i]
		a := w.answer(fi.item.ID)
		title := truncate(oneLine(fi.item.Title), lw-4)
		if a.ToConfirm { // carried over: the status is last review's word
			title = truncate(oneLine(fi.item.Title), lw-6) + " " + st.WarnText.Render("?")
		}
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
