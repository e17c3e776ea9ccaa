package tui

import (
	"github.com/prr-dev/prr/review"
)

// keptAssessments holds the assessments as they were just before a change
// of the review: the change (run by the store, in a command) fills it in,
// and the screen reads it when the reply comes, to undo the change later.
type keptAssessments struct{ prev *review.Assessments }

// assessmentChange is a writeReq changing the review's assessments,
// answered to screen to; the reply's req.kept has what came before.
func assessmentChange(reviewID, label string, to state, undo bool, change func(r *review.Review) error) writeReq {
	kept := &keptAssessments{}
	return writeReq{reviewID: reviewID, label: label, replyTo: to, undo: undo, kept: kept,
		change: func(r *review.Review) error {
			kept.prev = r.Assessments.Clone()
			return change(r)
		}}
}
