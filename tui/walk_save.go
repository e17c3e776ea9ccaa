package tui

// The walk screen's saving: every change of an answer is a review edit,
// queued on the writer (which sends them to the store one at a time, in
// order) and shown as saved only when the store replies; undo queues the
// inverse edit, Restore of the answer a change replaced.

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// maxUndo is how many changes u can take back.
const maxUndo = 200

// save queues edit of an item's answer; the status bar says "saving…"
// until the store replies. label names the change ("pass", "note").
func (w *walkModel) save(itemID, label string, edit review.Edits, note *string) tea.Cmd {
	var k draftKey
	if note != nil {
		k = draftKey{itemID, "note"}
	}
	return w.saveEdit(writeReq{itemID: itemID, label: label, edit: edit, note: note, draft: k})
}

// saveDraft is save for a form whose text is kept as draft k until saved.
func (w *walkModel) saveDraft(itemID, label string, edit review.Edits, k draftKey) tea.Cmd {
	return w.saveEdit(writeReq{itemID: itemID, label: label, edit: edit, draft: k})
}

func (w *walkModel) saveEdit(r writeReq) tea.Cmd {
	it, _, _ := w.rev.Template.Find(r.itemID)
	w.c.info("saving " + r.label + "…")
	r.reviewID, r.label = w.rev.ID, r.label+": "+oneLine(it.Title)
	return w.wr.enqueue(r)
}

// setStatus saves a status for the current item and moves on to the next.
func (w *walkModel) setStatus(s review.Status) tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	edit := review.SetStatus(s)
	cmd := w.save(cur.item.ID, edit.Label(), review.Edits{edit}, nil)
	if next := w.step(w.cursor, 1); next >= 0 {
		return tea.Batch(cmd, w.moveTo(next))
	}
	return tea.Batch(cmd, w.refresh())
}

// confirmAnswer confirms the current item's answer, carried over from the
// last review, as it stands, and moves on to the next item.
func (w *walkModel) confirmAnswer() tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	if !w.answer(cur.item.ID).ToConfirm {
		w.c.info("nothing to confirm here: the answer was given in this review")
		return nil
	}
	edit := review.Confirm()
	cmd := w.save(cur.item.ID, edit.Label(), review.Edits{edit}, nil)
	if next := w.step(w.cursor, 1); next >= 0 {
		return tea.Batch(cmd, w.moveTo(next))
	}
	return tea.Batch(cmd, w.refresh())
}

// guardStatus sets the current item's status, asking first if that
// changes a signed review. Giving an item the status it has changes
// nothing, and moves on without asking.
func (w *walkModel) guardStatus(s review.Status) tea.Cmd {
	if cur, ok := w.current(); ok && w.answer(cur.item.ID).Status == s {
		return w.setStatus(s)
	}
	return w.guard(func() tea.Cmd { return w.setStatus(s) })
}

// undoLast takes back the last saved change. Which one that is is decided
// only once the changes queued before it are saved.
func (w *walkModel) undoLast() tea.Cmd {
	if len(w.undo) == 0 && w.wr.idle() {
		w.c.info("nothing to undo")
		return nil
	}
	w.c.info("undoing…")
	return w.wr.enqueue(writeReq{
		reviewID: w.rev.ID,
		undo:     true,
		prepare: func(r *writeReq) bool {
			if len(w.undo) == 0 {
				w.c.info("nothing to undo")
				return false
			}
			e := w.undo[len(w.undo)-1]
			w.undo = w.undo[:len(w.undo)-1]
			r.itemID, r.entry, r.label = e.itemID, e, "undo "+e.label
			r.edit = review.Edits{review.Restore(e.prev)}
			return true
		},
	})
}

// saved takes in the store's reply to a change.
func (w *walkModel) saved(msg answerSavedMsg) tea.Cmd {
	r := msg.req
	if r.change != nil {
		return w.reviewSaved(msg)
	}
	if w.rev == nil || r.reviewID != w.rev.ID {
		// Saved for a review no longer on this screen: say so, and no more.
		if msg.err != nil {
			w.c.fail("not saved: "+r.label, msg.err)
		} else {
			w.c.ok("saved: " + r.label)
		}
		return nil
	}
	if msg.err != nil {
		if r.undo {
			w.undo = append(w.undo, r.entry) // still there to undo
		}
		switch {
		case r.note != nil:
			w.c.fail("note not saved (kept as a draft; e to retry)", msg.err)
		case r.draft != (draftKey{}):
			w.c.fail("not saved: "+r.label+" (kept as a draft; open the form again to retry)", msg.err)
		default:
			w.c.fail("not saved: "+r.label, msg.err)
		}
		return w.refresh()
	}
	if msg.next.IsZero() {
		delete(w.rev.Answers, r.itemID)
	} else {
		w.rev.Answers[r.itemID] = msg.next
	}
	var drop tea.Cmd
	if d, ok := w.drafts[r.draft]; ok && (r.note == nil || d.Values["text"] == *r.note) {
		drop = w.dropDraft(r.draft)
	}
	switch {
	case len(review.DiffAnswer(r.itemID, msg.prev, msg.next, w.c.now(), "")) == 0 && !r.undo:
		w.c.info("unchanged: " + r.label) // nothing to save, nothing to undo
	case r.undo:
		w.c.ok("undone: " + strings.TrimPrefix(r.label, "undo "))
		for i, fi := range w.items {
			if fi.item.ID == r.itemID {
				w.cursor = i
			}
		}
	default:
		w.undo = append(w.undo, undoEntry{itemID: r.itemID, label: r.label, prev: msg.prev})
		if len(w.undo) > maxUndo {
			w.undo = w.undo[len(w.undo)-maxUndo:]
		}
		w.c.ok("saved " + r.label)
	}
	w.assessAll()
	return tea.Batch(drop, w.refresh())
}

// reviewSaved takes in the store's reply to a change of the review (the
// meeting): the meeting as stored replaces the screen's.
func (w *walkModel) reviewSaved(msg answerSavedMsg) tea.Cmd {
	r := msg.req
	mine := w.rev != nil && r.reviewID == w.rev.ID
	if mine && r.chunk != nil {
		w.timeSaved(r.chunk, msg.err)
	}
	var drop tea.Cmd
	switch {
	case msg.err != nil && r.chunk == nil:
		w.c.fail("not saved: "+r.label, msg.err)
	case msg.err == nil && r.chunk == nil:
		w.c.ok(r.label)
		if mine {
			drop = w.dropDraft(r.draft)
		}
	}
	if !mine {
		return nil
	}
	if msg.err == nil && msg.review != nil {
		w.rev.Meeting = msg.review.Meeting
		w.assessAll()
	}
	return tea.Batch(drop, w.refresh())
}
