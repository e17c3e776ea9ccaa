package tui

import (
	"fmt"
	"strings"

	"github.com/prr-dev/prr/review"
)

const (
	// riskSuffixW is a row after the title: a space, four scores of three
	// cells, " 16→ 8 " and a level of up to five ("HIGH!").
	riskSuffixW = 1 + 12 + 7 + 5
	heatW       = 24 // the heatmap: "C 5 │" and five cells of 3, and a margin
	riskDetailH = 4
)

func (m *risksModel) View() string {
	if m.rev == nil {
		return ""
	}
	st := m.c.styles
	w := m.w
	med, high := m.rev.Template.RiskThresholds()
	var lines []string
	add := func(l string) { lines = append(lines, truncate(l, w)) }
	right := fmt.Sprintf("medium from %d · high from %d ", med, high)
	add(st.Title.Render(fit(" Risk register (ROS) · "+oneLine(m.rev.Service), max(w-width(right), 1))) + st.Subtle.Render(right))
	add("")

	listW := w
	heat := m.heatmap()
	if w >= 70 {
		listW = w - heatW - 1
	}
	rowsH := max(m.h-2-1-1-riskDetailH-len(m.suggestionLines())-len(m.footer()), 3)
	m.off = clampOffset(m.off, m.row, rowsH, len(m.list))
	var left []string
	left = append(left, st.Bold.Render(fit(" ID  Scenario", listW-riskSuffixW)+"  P  C rP rC   risk"))
	if len(m.list) == 0 {
		left = append(left, st.Faint.Render(" No scenarios yet: a adds one."))
	}
	for i := m.off; i < min(m.off+rowsH, len(m.list)); i++ {
		left = append(left, m.riskRow(i, listW))
	}
	if listW < w {
		for i := 0; i < max(len(left), len(heat)); i++ {
			l, h := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(heat) {
				h = heat[i]
			}
			add(fit(l, listW) + " " + h)
		}
	} else {
		for _, l := range left {
			add(l)
		}
	}
	add("")
	for _, l := range m.detail() {
		add(l)
	}
	lines = append(lines, m.suggestionLines()...)
	lines = append(lines, m.footer()...)
	return strings.Join(lines, "\n")
}

// riskRow is one scenario: id, title, the four scores (the one under the
// cursor bracketed) and the risk before and after.
func (m *risksModel) riskRow(i, w int) string {
	st := m.c.styles
	s := m.list[i]
	scores := [4]int{s.Probability, s.Consequence, s.ResidualProbability, s.ResidualConsequence}
	var b strings.Builder
	for f, n := range scores {
		cell := " " + scoreGlyph(n) + " "
		if i == m.row && f == m.field {
			cell = st.Selected.Render("[" + scoreGlyph(n) + "]")
		}
		b.WriteString(cell)
	}
	lv := m.rev.Template.RiskLevelOf(s.ResidualRisk())
	risk := fmt.Sprintf(" %2d→%2d ", s.Risk(), s.ResidualRisk()) + m.levelPaint(lv).Render(levelShort(lv))
	if lv == review.RiskHigh && !s.Accepted(m.c.now()) {
		risk += st.Fail.Render("!")
	}
	title := fit(" "+oneLine(s.ID)+"  "+oneLine(s.Title), w-riskSuffixW)
	if i == m.row {
		title = st.Selected.Render(title)
	}
	return title + " " + b.String() + risk
}

func scoreGlyph(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprint(n)
}

func levelShort(l review.RiskLevel) string {
	switch l {
	case review.RiskHigh:
		return "HIGH"
	case review.RiskMedium:
		return "med"
	}
	return "low"
}

func (m *risksModel) levelPaint(l review.RiskLevel) Paint {
	st := m.c.styles
	switch l {
	case review.RiskHigh:
		return st.Fail
	case review.RiskMedium:
		return st.Partial
	}
	return st.Pass
}

// heatmap is the 5×5 grid of residual scores: consequence down, probability
// across, the number of scenarios in each cell; the chosen scenario's cell
// is bracketed.
func (m *risksModel) heatmap() []string {
	st := m.c.styles
	var count [6][6]int
	for _, s := range m.list {
		p, c := s.Residual()
		if p >= 1 && p <= 5 && c >= 1 && c <= 5 {
			count[c][p]++
		}
	}
	cp, cc := 0, 0
	if cur, ok := m.current(); ok {
		cp, cc = cur.Residual()
	}
	out := []string{st.Bold.Render("residual  P→")}
	for c := 5; c >= 1; c-- {
		row := fmt.Sprintf("C%d │", c)
		for p := 1; p <= 5; p++ {
			g := "·"
			if count[c][p] > 0 {
				g = fmt.Sprint(count[c][p])
			}
			cell := " " + g + " "
			if p == cp && c == cc {
				cell = "[" + g + "]"
			}
			row += m.levelPaint(m.rev.Template.RiskLevelOf(p * c)).Render(cell)
		}
		out = append(out, row)
	}
	return append(out, "   └ 1  2  3  4  5")
}

// detail says what the chosen scenario is, in words.
func (m *risksModel) detail() []string {
	st := m.c.styles
	cur, ok := m.current()
	if !ok {
		return make([]string, riskDetailH)
	}
	p, c := cur.Residual()
	out := []string{
		fmt.Sprintf(" %s: P %d %s × C %d %s → residual P %d × C %d", oneLine(cur.ID), cur.Probability, review.ProbabilityWords[cur.Probability],
			cur.Consequence, review.ConsequenceWords[cur.Consequence], p, c),
		st.Subtle.Render(" Cause: " + or(oneLine(cur.Cause), "—") + " · vulnerable: " + or(oneLine(cur.Vulnerable), "—")),
		st.Subtle.Render(" Measures: " + or(oneLine(cur.Measures), "—") + fmt.Sprintf(" · %d new", len(cur.NewMeasures))),
	}
	switch a := cur.Acceptance; {
	case a == nil:
		out = append(out, st.Faint.Render(" Not accepted (A accepts the residual risk)."))
	case cur.Accepted(m.c.now()):
		out = append(out, st.OKText.Render(" Accepted by "+oneLine(a.AcceptedBy)+" until "+oneLine(string(a.Expires))+": "+oneLine(a.Reason)))
	default:
		out = append(out, st.ErrorText.Render(" Acceptance expired "+oneLine(string(a.Expires))))
	}
	return out
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
