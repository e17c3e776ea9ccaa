package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// writeReq is one change of one answer, to be written to the store.
type writeReq struct {
	reviewID string
	itemID   string
	// label says what the change is, for the status bar ("pass: Alerts ...").
	label string
	// edit is the change, made on the stored answer inside the store's
	// transaction with the domain's rules (review.Edits.Apply).
	edit review.Edits
	// change, if set, is a change of the review itself rather than of
	// one answer (the meeting: time, parking lot, roll call), made with
	// Store.Update; itemID may then be empty.
	change func(r *review.Review) error
	// replyTo is the screen the reply goes to (the walk screen if unset).
	replyTo state
	// chunk is the time a meeting write carries, given back to the clock
	// if the write fails.
	chunk *timeChunk
	// undo marks a write that restores an earlier answer.
	undo  bool
	entry undoEntry
	// note is the text of a note edit, kept as a draft if the write fails.
	note *string
	// draft is the draft the change saves: it goes once the change is
	// saved, and stays if the write fails.
	draft draftKey
	// prepare, if set, runs on the Update goroutine just before the request
	// is sent (after every earlier write has finished); returning false
	// drops the request. Undo uses it to pick the change to revert only once
	// the changes before it are saved.
	prepare func(r *writeReq) bool
	// kept, if set, keeps the assessments as they were before change, for
	// the assessment screens' undo (writer_review.go).
	kept *keptAssessments
}

// undoEntry is how to revert one saved change: the answer before it.
type undoEntry struct {
	itemID string
	label  string
	prev   review.Answer
}

// answerSavedMsg is the store's reply to a writeReq. next is the answer as
// stored, prev the one it replaced; for a change of the review, review
// is the review as stored after it.
type answerSavedMsg struct {
	req        writeReq
	prev, next review.Answer
	review     *review.Review
	err        error
}

func (m answerSavedMsg) to() state {
	if m.req.replyTo != 0 {
		return m.req.replyTo
	}
	return stateWalk
}

// writer sends answer changes to the store one at a time, in the order they
// were made: Bubble Tea runs commands concurrently, and "pass, then undo"
// must not reach the database as "undo, then pass".
type writer struct {
	st    Store
	queue []writeReq
	busy  bool
	// sent counts the requests sent so far; a reload started before a write
	// is stale when it lands after it.
	sent int
}

// enqueue adds a change and starts it if nothing else is being written.
func (w *writer) enqueue(r writeReq) tea.Cmd {
	w.queue = append(w.queue, r)
	return w.next()
}

// done records that the request in flight came back, and starts the next.
func (w *writer) done() tea.Cmd {
	w.busy = false
	return w.next()
}

// idle reports whether nothing is queued or being written.
func (w *writer) idle() bool { return !w.busy && len(w.queue) == 0 }

func (w *writer) next() tea.Cmd {
	for !w.busy && len(w.queue) > 0 {
		r := w.queue[0]
		w.queue = w.queue[1:]
		if r.prepare != nil && !r.prepare(&r) {
			continue
		}
		w.busy = true
		w.sent++
		return saveAnswer(w.st, r)
	}
	return nil
}

func saveAnswer(st Store, r writeReq) tea.Cmd {
	if r.change != nil {
		return func() tea.Msg {
			next, err := st.Update(r.reviewID, r.change)
			return answerSavedMsg{req: r, review: next, err: err}
		}
	}
	return func() tea.Msg {
		var prev review.Answer
		next, err := st.UpdateAnswer(r.reviewID, r.itemID, func(a *review.Answer) error {
			prev = a.Clone()
			if prev.Status == "" {
				prev.Status = review.Unanswered
			}
			return r.edit.Apply(a)
		})
		return answerSavedMsg{req: r, prev: prev, next: next, err: err}
	}
}
