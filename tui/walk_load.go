package tui

// Reviews read again from the store, and sign-offs recorded elsewhere.

import tea "charm.land/bubbletea/v2"

// adopt takes in a sign-off recorded on the sign-off screen, with the
// review as the store had it afterwards when it could be read.
func (w *walkModel) adopt(msg signedMsg) tea.Cmd {
	if w.rev == nil || w.rev.ID != msg.id || msg.err != nil {
		return nil
	}
	if msg.review != nil && w.wr.idle() {
		return w.setReview(msg.review, msg.rev)
	}
	w.rev.SignOffs = append(w.rev.SignOffs, msg.so)
	w.assessAll()
	return w.refresh()
}

// loaded takes in a review read from the store.
func (w *walkModel) loaded(msg reviewMsg) tea.Cmd {
	if msg.seq != w.reloadSeq {
		return nil
	}
	if msg.err != nil {
		if w.rev == nil {
			w.loadErr = msg.err
			w.c.fail("could not open review "+oneLine(msg.id), msg.err)
		} else {
			w.c.fail("could not reload the review", msg.err)
		}
		return w.c.askCatalog()
	}
	if w.rev != nil && (!w.wr.idle() || w.wr.sent != w.reloadSent) {
		return nil // one of our writes overtook this reload
	}
	w.shareSnapshot(msg.review)
	if w.rev != nil && !w.sameContent(w.rev, msg.review) {
		w.c.info("updated: the review was changed by another prr")
	}
	first := w.rev == nil
	cmd := w.setReview(msg.review, msg.rev)
	if first && w.onShow {
		w.startClock()
		w.head = w.header()
	}
	// The first screen has its review: time to read the checklists.
	return tea.Batch(cmd, w.c.askCatalog())
}
