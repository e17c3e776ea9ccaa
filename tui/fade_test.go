package tui

import (
	"strings"
	"testing"
	"time"
)

// nothingMsg is a message no screen acts on.
type nothingMsg struct{}

// TestOneFadeTimerAtATime: a terminal of a meeting is told of every
// change, each with a status message; the messages share one timer, and
// each still stays its full time.
func TestOneFadeTimerAtATime(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	if h.m.fade.pending { // the message of the opening fades first
		h.m.fade.at = time.Now().Add(-time.Millisecond)
		h.send(statusFadeMsg{})
	}
	h.m.c.info("first")
	if _, cmd := h.m.Update(nothingMsg{}); cmd == nil || !h.m.fade.pending {
		t.Fatal("a status message started no fade timer")
	}
	for range 5 {
		h.m.c.info("one more")
		if _, cmd := h.m.Update(nothingMsg{}); cmd != nil {
			t.Fatal("a message shown while a fade timer was on its way started another")
		}
	}
	// The timer set for the first message goes off: the latest has time left.
	h.send(statusFadeMsg{})
	h.wantInView("one more")
	if !h.m.fade.pending {
		t.Fatal("the latest message was left with no timer")
	}
	h.m.fade.at = time.Now().Add(-time.Millisecond)
	h.send(statusFadeMsg{})
	if strings.Contains(h.view(), "one more") {
		t.Fatal("the message stayed after its time")
	}
	if h.m.fade.pending {
		t.Fatal("a timer is still on its way with nothing to fade")
	}
}
