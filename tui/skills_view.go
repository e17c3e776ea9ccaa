package tui

// Drawing the skill matrix: a title line, a row of names, a row per area
// with a level per person and the area's bus factor, and below them what
// the cell under the cursor means. The grid scrolls both ways; every cell
// is measured in terminal cells (fit, truncate: x/ansi), so wide names
// stay aligned.

import (
	"fmt"
	"strings"

	"github.com/prr-dev/prr/review"
)

const (
	skillColW   = 7 // a person's column: a name cut to 6 cells and a space
	skillBusW   = 6 // the bus factor column: " bus ✗"
	skillHeadH  = 2 // title and names
	skillFootH  = 4 // a blank line, the cell, its area's bus factor, the legend
	skillMinRow = 1
)

// areaW is the width of the area titles' column.
func (s *skillsModel) areaW() int { return min(max(s.w/3, 10), 30) }

// visibleCols is how many people fit beside the area titles.
func (s *skillsModel) visibleCols() int {
	return max((s.w-1-s.areaW()-skillBusW)/skillColW, 1)
}

// visibleRows is how many areas fit above the footer.
func (s *skillsModel) visibleRows() int {
	return max(s.h-skillHeadH-skillFootH, skillMinRow)
}

// scrollToCursor moves the window so that the cursor's cell is on show.
func (s *skillsModel) scrollToCursor() {
	rows, cols := s.visibleRows(), s.visibleCols()
	s.rowOff = clampOffset(s.rowOff, s.row, rows, len(s.areas))
	s.colOff = clampOffset(s.colOff, s.col, cols, len(s.people))
}

func clampOffset(off, cur, n, total int) int {
	if cur < off {
		off = cur
	}
	if cur >= off+n {
		off = cur - n + 1
	}
	return max(min(off, total-n), 0)
}

func (s *skillsModel) View() string {
	if s.rev == nil {
		return ""
	}
	st := s.c.styles
	w := s.w
	var lines []string
	add := func(l string) { lines = append(lines, truncate(l, w)) }

	title := " Skill matrix · " + oneLine(s.rev.Service)
	right := fmt.Sprintf("bus factor needed: %d ", s.report.Threshold)
	add(st.Title.Render(fit(title, max(w-width(right), 1))) + st.Subtle.Render(right))

	aw, cols := s.areaW(), s.visibleCols()
	last := min(s.colOff+cols, len(s.people))
	head := " " + fit(scrollHint(s.colOff > 0, last < len(s.people)), aw)
	for i := s.colOff; i < last; i++ {
		name := fit(oneLine(s.people[i]), skillColW-1) + " "
		if i == s.col {
			name = st.Accent.Render(name)
		} else {
			name = st.Bold.Render(name)
		}
		head += name
	}
	add(head + st.Bold.Render(padLeft("bus", skillBusW-1)))

	rows := s.visibleRows()
	for i := s.rowOff; i < min(s.rowOff+rows, len(s.areas)); i++ {
		add(s.gridRow(i, aw, last))
	}
	lines = append(lines, s.footer()...)
	return strings.Join(lines, "\n")
}

// scrollHint marks a grid that goes on to the left or right.
func scrollHint(left, right bool) string {
	switch {
	case left && right:
		return "← more people →"
	case left:
		return "← more people"
	case right:
		return "more people →"
	}
	return ""
}

// gridRow draws one area: its title, a level per person on show, its bus
// factor.
func (s *skillsModel) gridRow(i, aw, last int) string {
	st := s.c.styles
	a := s.areas[i]
	t := fit(oneLine(a.Title), aw)
	if i == s.row {
		t = st.Selected.Render(t)
	}
	row := " " + t
	for j := s.colOff; j < last; j++ {
		lv := s.rev.SkillLevel(s.people[j], a.ID)
		cell := levelGlyph(lv)
		if i == s.row && j == s.col {
			row += st.Selected.Render(fit("["+cell+"]", skillColW-1)) + " "
			continue
		}
		row += " " + s.levelPaint(lv).Render(cell) + strings.Repeat(" ", skillColW-2)
	}
	bf := s.report.Areas[i]
	mark := st.OKText.Render("✓")
	if bf.Below {
		mark = st.Fail.Render("✗")
	}
	return row + padLeft(fmt.Sprint(bf.Factor), skillBusW-3) + " " + mark
}

// levelGlyph is a level in one cell: a dot for none.
func levelGlyph(l int) string {
	if l == review.LevelNone {
		return "·"
	}
	return fmt.Sprint(l)
}

func (s *skillsModel) levelPaint(l int) Paint {
	st := s.c.styles
	switch l {
	case review.LevelNone:
		return st.Faint
	case review.LevelHelp:
		return st.Partial
	}
	return st.Pass
}

// footer says what the cell under the cursor holds and what its area's
// bus factor means, or shows the input or question open.
func (s *skillsModel) footer() []string {
	st := s.c.styles
	w := s.w
	out := []string{""}
	switch {
	case s.confirm != nil:
		out = append(out, truncate(" "+st.WarnText.Render("This review has current sign-offs; changing the matrix makes them stale. Continue?")+st.Bold.Render(" y/n"), w))
	case s.adding != addNone:
		out = append(out, truncate(" "+s.input.View(), w))
	}
	if len(s.areas) == 0 || len(s.people) == 0 {
		what := "This checklist names no knowledge areas: A adds one."
		if len(s.areas) > 0 {
			what = "The review has no participants: P adds a person."
		}
		return append(out, truncate(" "+st.Subtle.Render(what), w), truncate(" "+st.Faint.Render(levelLegend), w))
	}
	person, area := s.people[s.col], s.areas[s.row]
	lv := s.rev.SkillLevel(person, area.ID)
	out = append(out, truncate(fmt.Sprintf(" %s · %s: %s", oneLine(person), oneLine(area.Title), st.Bold.Render(fmt.Sprintf("%d %s", lv, review.SkillLevelLabel(lv)))), w))
	bf := s.report.Areas[s.row]
	line := fmt.Sprintf(" Bus factor %d: %s", bf.Factor, oneLine(review.HoldersText(bf.Holders)))
	if bf.Below {
		line = st.Fail.Render(fmt.Sprintf(" Bus factor %d of %d: a single point of knowledge", bf.Factor, s.report.Threshold)) + st.Subtle.Render(" ("+oneLine(review.HoldersText(bf.Holders))+")")
		if bf.Factor == 0 {
			line = st.Fail.Render(fmt.Sprintf(" Bus factor 0 of %d: nobody can work on this alone", s.report.Threshold))
		}
	}
	out = append(out, truncate(line, w))
	if s.adding == addNone && s.confirm == nil {
		out = append(out, truncate(" "+st.Faint.Render(levelLegend), w))
	}
	return out
}

const levelLegend = "0 none · 1 can with help · 2 can alone · 3 can teach"
