package tui

// The parking lot on the walk screen: P parks the current item with a
// short note (a one-field form), U takes it off the lot. Parking is a
// change of the review's meeting, saved through the writer like any
// answer; a parked required item keeps the review from being ready.

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// park saves the item as parked with note.
func (w *walkModel) park(itemID, note string) tea.Cmd {
	it, _, _ := w.rev.Template.Find(itemID)
	now := w.c.now()
	w.c.info("parking…")
	return w.wr.enqueue(writeReq{
		reviewID: w.rev.ID, itemID: itemID, label: "parked: " + oneLine(it.Title),
		draft:  draftKey{itemID, "park"},
		change: func(r *review.Review) error { return r.Park(itemID, note, now) },
	})
}

// unpark takes the current item off the parking lot.
func (w *walkModel) unpark() tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	if _, parked := w.rev.IsParked(cur.item.ID); !parked {
		w.c.info("this item is not parked")
		return nil
	}
	id := cur.item.ID
	w.c.info("unparking…")
	return w.wr.enqueue(writeReq{
		reviewID: w.rev.ID, itemID: id, label: "unparked: " + oneLine(cur.item.Title),
		change: func(r *review.Review) error { r.Unpark(id); return nil },
	})
}
