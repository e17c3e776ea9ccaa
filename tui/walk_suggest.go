package tui

// The walk screen and the assessments: an item an assessment feeds (the
// bus-factor item, by the skill matrix) shows the answer it computes, and
// C accepts it. A computed answer is never saved by itself; when the
// stored answer and the computed one part, the pane says so.

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// acceptSuggestion saves the computed answer (status and reason) for the
// current item.
func (w *walkModel) acceptSuggestion() tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	sug, ok := review.Suggest(w.rev, cur.item.ID, w.c.now())
	if !ok {
		w.c.info("no computed answer for this item")
		return nil
	}
	if sug.Accepted(w.answer(cur.item.ID)) {
		w.c.info("the answer is the computed one already")
		return nil
	}
	return w.guard(func() tea.Cmd {
		return tea.Batch(w.save(cur.item.ID, "computed "+sug.Status.Label(), sug.Edits(), nil), w.refresh())
	})
}

// suggestionView draws what the item's assessment computes, and how the
// answer stands against it; nothing for an item no assessment feeds.
func (w *walkModel) suggestionView(it review.Item, a review.Answer) []string {
	kind, fed := w.rev.Template.FedBy(it.ID)
	if !fed {
		return nil
	}
	st := w.c.styles
	cw := w.contentW
	sug, ok := review.Suggest(w.rev, it.ID, w.c.now())
	if !ok {
		return append(indentWrap(st.Faint.Render("Computed from the "+kind.Label()+": nothing yet ("+openKeyHint(kind)+")."), "", cw), "")
	}
	out := wrapLines(st.Label.Render("Computed from the "+kind.Label()+": ")+st.StatusBadge(sug.Status), cw)
	out = append(out, indentWrap(st.Subtle.Render(oneLine(sug.Reason)), "  ", cw)...)
	var state string
	switch {
	case sug.Accepted(a):
		state = st.OKText.Render("✓ The answer is the computed one.")
	case sug.Disagrees(a) && a.Note == "":
		state = st.WarnText.Render("The answer (" + a.Status.Label() + ") disagrees with the " + kind.Label() + ". Say why in the note (e), or C to accept.")
	case sug.Disagrees(a):
		state = st.WarnText.Render("The answer (" + a.Status.Label() + ") disagrees with the " + kind.Label() + "; the note says why. C accepts the computed one.")
	case a.Status == sug.Status:
		state = st.Faint.Render("The status matches; the note is not the computed reason (C replaces it).")
	default:
		state = st.Faint.Render("C accepts it as the answer.")
	}
	out = append(out, indentWrap(state, "  ", cw)...)
	return append(out, "")
}

// openKeyHint says how to open an assessment's screen.
func openKeyHint(k review.AssessmentKind) string {
	switch k {
	case review.AssessSkills:
		return "m opens the matrix"
	case review.AssessRisks, review.AssessDPIA, review.AssessRunbooks:
		return "m opens it"
	}
	return "see prr " + string(k)
}

// assessmentScreens maps an assessment to the screen that fills it in.
var assessmentScreens = map[review.AssessmentKind]state{
	review.AssessSkills: stateSkills, review.AssessRisks: stateRisks,
	review.AssessDPIA: stateDPIA, review.AssessRunbooks: stateRunbooks,
}

// openAssessment opens the screen of the assessment that feeds the
// current item, and the skill matrix on any other item.
func (w *walkModel) openAssessment() tea.Cmd {
	to := stateSkills
	if cur, ok := w.current(); ok {
		if k, fed := w.rev.Template.FedBy(cur.item.ID); fed {
			to = assessmentScreens[k]
		}
	}
	return navigate(to, w.rev, "")
}
