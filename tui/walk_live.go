package tui

// A terminal of a meeting (prr serve): the walk screen's side. The screen
// joins the room of the review it shows; the facilitator's moves are sent to
// the room, the others' cursors follow them until they move on their own
// (browsing) and come back with F. A change saved on another terminal is
// read again at once.

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/tui/hub"
)

// liveJoin puts the terminal in the room of the review on show.
func (w *walkModel) liveJoin() {
	if w.c.live == nil || w.rev == nil {
		return
	}
	if w.liveRoom != w.rev.ID {
		w.liveRoom, w.following, w.driverAt = w.rev.ID, true, ""
	}
	w.c.live.Join(w.rev.ID)
}

// driving reports whether this terminal drives the cursor of its room.
func (w *walkModel) driving() bool {
	return w.c.presence.YouDrive && w.rev != nil && w.c.presence.Review == w.rev.ID
}

// maySetStatus reports whether the room, as last told, lets this terminal
// set statuses.
func (w *walkModel) maySetStatus() bool {
	p := w.c.presence
	return p.Review != w.rev.ID || p.YouDrive || p.StatusesOpen
}

// liveKey handles the meeting's keys; false if k is not one of them.
func (w *walkModel) liveKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if w.c.live == nil || w.confirmEdit != nil {
		return nil, false
	}
	lk, id, km := w.c.liveKeys, w.rev.ID, w.c.keys
	switch {
	case key.Matches(k, km.Pass, km.Partial, km.Fail, km.NA, km.Unanswer) && !w.maySetStatus():
		// Said before anything moves; the store's write checks again.
		w.c.fail("not saved", errNotYourStatus)
		return nil, true
	case key.Matches(k, lk.Follow):
		w.following = true
		if w.driving() {
			w.c.info("you drive: the others follow you")
			return nil, true
		}
		w.c.info("following " + oneLine(w.c.presence.Facilitator))
		return w.followTo(w.driverAt), true
	case key.Matches(k, lk.HandOver):
		if !w.driving() {
			w.c.info("only the facilitator hands the cursor over")
			return nil, true
		}
		w.c.live.HandOver(id)
		w.c.info("handing the cursor to the next person…")
		return nil, true
	case key.Matches(k, lk.OpenStatuses):
		if !w.driving() {
			w.c.info("only the facilitator decides who sets statuses")
			return nil, true
		}
		w.c.live.OpenStatuses(id, !w.c.presence.StatusesOpen)
		return nil, true
	}
	return nil, false
}

// liveMoved runs after a key: the facilitator's move goes to the room; a
// follower who moves is browsing on their own from then on.
func (w *walkModel) liveMoved(before int) {
	if w.c.live == nil || w.rev == nil || w.cursor == before {
		return
	}
	cur, ok := w.current()
	if !ok {
		return
	}
	if w.driving() {
		w.c.live.Moved(w.rev.ID, cur.item.ID)
		return
	}
	w.following = false
}

// liveMsg takes in a message of the room.
func (w *walkModel) liveMsg(msg tea.Msg) tea.Cmd {
	if w.rev == nil {
		return nil
	}
	switch msg := msg.(type) {
	case hub.Presence:
		drives := msg.Review == w.rev.ID && msg.YouDrive
		if drives && !w.drove && !w.clock.last.IsZero() {
			// The meeting's time is counted here from now on (countsTime).
			now := w.c.now()
			w.clock.last, w.clock.from = now, now
		}
		w.drove = drives
		if drives {
			// Whoever drives starts from where they are.
			if cur, ok := w.current(); ok {
				w.driverAt = cur.item.ID
				w.c.live.Moved(w.rev.ID, cur.item.ID)
			}
		}
		return nil
	case hub.Cursor:
		if msg.Review != w.rev.ID || msg.Item == "" {
			return nil
		}
		w.driverAt = msg.Item
		if w.following && !w.driving() {
			return w.followTo(msg.Item)
		}
	case hub.Changed:
		if msg.Review != w.rev.ID || w.mode != modeBrowse || !w.wr.idle() {
			return nil // the poll reads it once the editor closes
		}
		w.reloadSeq++
		w.reloadSent = w.wr.sent
		return loadReview(w.c.store, w.rev.ID, w.reloadSeq)
	}
	return nil
}

// followTo puts the cursor on the facilitator's item, unless an editor is
// open (the cursor of someone typing a note stays where it is).
func (w *walkModel) followTo(item string) tea.Cmd {
	if item == "" || w.mode != modeBrowse {
		return nil
	}
	for i, fi := range w.items {
		if fi.item.ID == item {
			if i == w.cursor {
				return nil
			}
			w.cursor = i
			return w.refresh()
		}
	}
	return nil
}
