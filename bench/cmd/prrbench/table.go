package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// row is one line of the result table.
type row struct {
	metric      string
	prr, floor  string
	ratio, goal string
	// ok is nil for a figure shown for information only.
	ok  *bool
	err error
}

func (r row) verdict() string {
	switch {
	case r.err != nil:
		return "ERROR"
	case r.ok == nil:
		return "info"
	case *r.ok:
		return "ok"
	}
	return "MISS"
}

// failed reports whether the row makes the suite fail.
func (r row) failed() bool { return r.err != nil || (r.ok != nil && !*r.ok) }

func yes(b bool) *bool { return &b }

// ratioRow holds prr against its floor: the ratio must not exceed goal.
func ratioRow(metric string, prr, floor sample, u unit, goal float64) row {
	ratio := pairedRatio(prr, floor)
	return row{
		metric: metric, prr: prr.describeN(u), floor: floor.describe(u),
		ratio: fmt.Sprintf("%.2f×", ratio), goal: fmt.Sprintf("≤ %.1f×", goal),
		ok: yes(ratio <= goal),
	}
}

// pairedRatio is the median of prr[i]/floor[i]: the two sides of a figure
// are measured in turns, sample i of each in the same round, so a moment
// of load on the machine falls on both halves of one ratio. Samples that
// are not paired (of different lengths) give the ratio of the medians.
func pairedRatio(prr, floor sample) float64 {
	if len(prr) != len(floor) || len(prr) == 0 {
		return prr.median() / floor.median()
	}
	r := make(sample, len(prr))
	for i := range prr {
		r[i] = prr[i] / floor[i]
	}
	return r.median()
}

// infoRow shows prr against a floor without a goal.
func infoRow(metric string, prr, floor sample, u unit) row {
	return row{metric: metric, prr: prr.describeN(u), floor: floor.describe(u),
		ratio: fmt.Sprintf("%.2f×", pairedRatio(prr, floor)), goal: "—"}
}

func errRow(metric string, err error) row {
	return row{metric: metric, prr: "—", floor: "—", ratio: "—", goal: "—", err: err}
}

// printTable writes the rows as one aligned Markdown table, then the
// errors, if any, one per line.
func printTable(w io.Writer, rows []row) {
	head := []string{"metric", "prr (median, min–max)", "floor (median, min–max)", "ratio", "goal", "ok"}
	cells := [][]string{head}
	for _, r := range rows {
		cells = append(cells, []string{r.metric, r.prr, r.floor, r.ratio, r.goal, r.verdict()})
	}
	width := make([]int, len(head))
	for _, c := range cells {
		for i, s := range c {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	line := func(c []string) {
		for i, s := range c {
			fmt.Fprintf(w, "| %s%s ", s, strings.Repeat(" ", width[i]-utf8.RuneCountInString(s)))
		}
		fmt.Fprintln(w, "|")
	}
	line(cells[0])
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, c := range cells[1:] {
		line(c)
	}
	for _, r := range rows {
		if r.err != nil {
			fmt.Fprintf(w, "ERROR %s: %v\n", r.metric, r.err)
		}
	}
}

// deltaRow holds prr against its floor by difference: the median of the
// paired differences may be at most goal (in the sample's unit).
func deltaRow(metric string, prr, floor sample, u unit, goal float64) row {
	d := prr.median() - floor.median()
	if len(prr) == len(floor) {
		diffs := make(sample, len(prr))
		for i := range prr {
			diffs[i] = prr[i] - floor[i]
		}
		d = diffs.median()
	}
	diff := "+" + u(d)
	if d < 0 {
		diff = "−" + u(-d)
	}
	return row{
		metric: metric, prr: prr.describeN(u), floor: floor.describe(u),
		ratio: diff, goal: "≤ +" + u(goal), ok: yes(d <= goal),
	}
}

// absRow holds prr to an absolute goal (in the sample's unit): its median
// must not exceed goal. The floor is shown, with the ratio, to tell how
// much of the figure is not prr's own.
func absRow(metric string, prr, floor sample, u unit, goal float64) row {
	return row{
		metric: metric, prr: prr.describeN(u), floor: floor.describe(u),
		ratio: fmt.Sprintf("%.2f×", pairedRatio(prr, floor)), goal: "≤ " + u(goal),
		ok: yes(prr.median() <= goal),
	}
}
