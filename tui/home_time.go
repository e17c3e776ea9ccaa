package tui

// The home screen over time: the next review of a service started from
// the selected one (r), and the counts of what is due (prr due's digest)
// at a glance under the title.

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// dueHorizon is how far ahead the home screen looks for what is due, as
// prr due does by default.
const dueHorizon review.Period = "30d"

type (
	// reReviewMsg carries the review carried over from the selected one.
	reReviewMsg struct {
		review *review.Review
		from   string
		err    error
	}
	// dueMsg carries the counts of what is due.
	dueMsg struct {
		seq    int
		counts review.DueCounts
		err    error
	}
	// catalogReadyMsg tells the home screen the checklists are read: the
	// count of reviews on an older checklist needs them.
	catalogReadyMsg struct{}
)

func (reReviewMsg) to() state     { return stateHome }
func (dueMsg) to() state          { return stateHome }
func (catalogReadyMsg) to() state { return stateHome }

// reReview starts the next review of the selected review's service on the
// newest version of its checklist, carrying the selected one over
// (review.CarryOver), as prr new --from does.
func (h *homeModel) reReview() tea.Cmd {
	s, ok := h.selected()
	if !ok {
		return nil
	}
	if !h.c.catalogReady {
		h.c.info(readingCatalog + " press r again in a moment")
		return h.c.askCatalog()
	}
	st, cat := h.c.store, h.c.catalog
	h.c.info("starting the next review of " + oneLine(s.Service) + "…")
	return func() tea.Msg {
		prev, err := st.Get(s.ID)
		if err != nil {
			return reReviewMsg{from: s.ID, err: err}
		}
		t := cat.Newest(&prev.Template)
		r, err := st.CreateWith(*t, review.Meta{Service: prev.Service}, func(r *review.Review) error {
			review.CarryOver(r, prev)
			return nil
		})
		return reReviewMsg{review: r, from: prev.ID, err: err}
	}
}

// reReviewed opens the walk on the review just carried over.
func (h *homeModel) reReviewed(msg reReviewMsg) tea.Cmd {
	if msg.err != nil {
		h.c.fail("could not start the next review", msg.err)
		return nil
	}
	r := msg.review
	n := review.Assess(r, h.c.now()).ToConfirm()
	text := fmt.Sprintf("started %s from %s: %s to confirm (c confirms one as it stands)", r.ID, msg.from, plural(n, "answer", "answers"))
	if ch := r.Origin.Template; !ch.Empty() {
		text += fmt.Sprintf("; checklist v%d → v%d: %d new, %d changed, %d removed", ch.FromVersion, ch.ToVersion, len(ch.New), len(ch.Changed), len(ch.Removed))
	}
	h.c.ok(text)
	return tea.Batch(h.reload(), navigate(stateWalk, r, ""))
}

// loadDue counts what is due within dueHorizon across the reviews listed,
// reading only the reviews whose next deadline falls within it.
func (h *homeModel) loadDue() tea.Cmd {
	if !h.loaded || h.partial || h.loadErr != nil || len(h.items) == 0 {
		return nil // nothing to count, or not all of it read yet
	}
	h.dueSeq++
	seq, st, sums := h.dueSeq, h.c.store, h.items
	o := review.DueOptions{Within: dueHorizon, ValidFor: h.c.validFor}
	if h.c.catalogReady {
		o.Newest = h.c.catalog.Versions()
	}
	now := h.c.now()
	return func() tea.Msg {
		d, err := review.Due(sums, st.Get, now, o)
		return dueMsg{seq: seq, counts: d.Counts(), err: err}
	}
}

// dueLine is the counts of what is due, for the line under the title.
func (h *homeModel) dueLine() string {
	st := h.c.styles
	c := h.due
	if c == nil {
		return ""
	}
	if c.Empty() {
		return st.Faint.Render("Nothing is due in the next " + string(dueHorizon) + ".")
	}
	var parts []string
	for _, p := range []struct {
		n         int
		one, many string
	}{
		{c.Renewals, "renewal", "renewals"},
		{c.Waivers, "waiver", "waivers"},
		{c.Actions, "action item", "action items"},
		{c.Templates, "older checklist", "older checklists"},
	} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.one, p.many))
		}
	}
	// How many are late comes first: it is what a narrow line must keep.
	line := st.WarnText.Render("Due within " + string(dueHorizon))
	if c.Overdue > 0 {
		line += " " + st.ErrorText.Render(fmt.Sprintf("(%d late)", c.Overdue))
	}
	line += st.WarnText.Render(": " + strings.Join(parts, " · "))
	if hint := st.Faint.Render(" — prr due lists them"); width(line)+width(hint) <= h.w-2 {
		line += hint
	}
	return line
}
