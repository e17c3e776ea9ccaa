package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// reviewSavedMsg is the store's reply to a writeReq with a change: the
// review as stored after it, and the assessments before it (for undo).
type reviewSavedMsg struct {
	req  writeReq
	prev *review.Assessments
	next *review.Review
	err  error
}

func (m reviewSavedMsg) to() state {
	if m.req.screen == 0 {
		return stateSkills
	}
	return m.req.screen
}

func saveReview(st Store, r writeReq) tea.Cmd {
	return func() tea.Msg {
		var prev *review.Assessments
		next, err := st.Update(r.reviewID, func(rv *review.Review) error {
			prev = rv.Assessments.Clone()
			return r.change(rv)
		})
		return reviewSavedMsg{req: r, prev: prev, next: next, err: err}
	}
}
