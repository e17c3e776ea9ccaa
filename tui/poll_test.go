package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// runPoll runs a poll's command on its own goroutine, as Bubble Tea does.
func runPoll(t *testing.T, cmd tea.Cmd) <-chan tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("the screen on show does not poll")
	}
	out := make(chan tea.Msg, 1)
	go func() { out <- cmd() }()
	return out
}

// TestAnIdlePollSendsNothing: while nothing changes, a poll keeps looking
// on its own goroutine and sends no message, so an idle screen is not
// updated or drawn; a change made elsewhere ends the poll with the news.
func TestAnIdlePollSendsNothing(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.m.c.pollEvery = time.Millisecond
	if check := h.walk().pollCheck(); check == nil || check() != nil {
		t.Fatal("a look at an unchanged review found something")
	}
	got := runPoll(t, h.m.pollCmd())
	select {
	case msg := <-got:
		t.Fatalf("an unchanged review sent %#v", msg)
	case <-time.After(50 * time.Millisecond): // fifty looks, none of them news
	}
	h.st.set(r.ID, "owner-named", review.Answer{Status: review.Fail, Note: "changed elsewhere"})
	select {
	case msg := <-got:
		h.m.c.pollEvery = 0 // the harness runs commands to their end
		h.send(msg)
	case <-time.After(10 * time.Second):
		t.Fatal("the poll did not report a change made elsewhere")
	}
	h.wantInView("changed elsewhere", "updated: the review was changed by another prr")
}

// TestAPollEndsWithItsScreen: a poll whose screen was left, or whose
// program ended, stops looking and sends nothing.
func TestAPollEndsWithItsScreen(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	h.m.c.pollEvery = time.Millisecond
	walkPoll := runPoll(t, h.m.pollCmd())
	h.m.c.pollEvery = 0 // the harness runs commands to their end
	h.press("esc")
	h.wantState(stateHome)
	h.m.c.pollEvery = time.Millisecond
	homePoll := runPoll(t, h.m.pollCmd())
	h.m.stopPolling()
	for name, got := range map[string]<-chan tea.Msg{"walk": walkPoll, "home": homePoll} {
		select {
		case msg := <-got:
			if msg != nil {
				t.Fatalf("the %s screen's poll sent %#v after it ended", name, msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the %s screen's poll kept looking after it ended", name)
		}
	}
}
