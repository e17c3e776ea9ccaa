package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

// member is a terminal of a meeting in a test: a harness whose hub client
// hands its messages to inbox, delivered by settle.
type member struct {
	*harness
	inbox chan any
}

func joinMeeting(t *testing.T, st *fakeStore, h *hub.Hub, name, id string) *member {
	t.Helper()
	c := h.Client(hub.Identity{Name: name, Fingerprint: "SHA256:" + name})
	inbox := make(chan any, 256)
	c.Attach(func(m any) { inbox <- m })
	t.Cleanup(c.Close)
	hs := newHarness(t, st, 120, 40, withOpen(id), func(cfg *Config) { cfg.Live, cfg.Self = c, name })
	return &member{harness: hs, inbox: inbox}
}

// until delivers the member's hub messages until ok holds.
func (m *member) until(what string, ok func() bool) {
	m.t.Helper()
	deadline := time.After(5 * time.Second)
	for !ok() {
		select {
		case msg := <-m.inbox:
			m.send(msg.(tea.Msg))
		case <-deadline:
			m.t.Fatalf("%s never happened; screen:\n%s", what, m.view())
		}
	}
}

func TestMeetingFollowStatusesAndNotes(t *testing.T) {
	st := newFakeStore()
	r := seedReview(t, st, "checkout", nil)
	h := hub.New()
	alice := joinMeeting(t, st, h, "alice", r.ID)
	alice.until("alice drives", func() bool { return alice.m.c.presence.YouDrive })
	bob := joinMeeting(t, st, h, "bob", r.ID)
	bob.until("bob sees alice drive", func() bool { return len(bob.m.c.presence.Members) == 2 })
	bob.wantInView("alice drives · with bob", "following")

	alice.press("j", "j")
	bob.until("bob follows alice", func() bool { return bob.currentItem() == alice.currentItem() })

	// A follower's status is refused; the answer stays as it was.
	item := bob.currentItem()
	bob.press("y")
	if got := st.answers(r.ID)[item].Status; got == review.Pass {
		t.Fatal("a follower set a status")
	}
	bob.wantInView("only the facilitator sets statuses")
	if bob.currentItem() != item {
		t.Fatal("a refused status moved the cursor")
	}
	// The store's write checks too, whatever the screen thought.
	_, err := bob.m.c.store.UpdateAnswer(r.ID, item, func(a *review.Answer) error { return review.SetStatus(review.Fail).Apply(a) })
	if err != errNotYourStatus {
		t.Fatalf("a follower's status write: %v", err)
	}

	// A note is open to everyone, and alice sees it at once.
	bob.press("e")
	bob.typeText("Checked with the DBA")
	bob.press("esc")
	if got := st.answers(r.ID)[item].Note; got != "Checked with the DBA" {
		t.Fatalf("bob's note stored as %q", got)
	}
	alice.until("alice sees bob's note", func() bool {
		return alice.walk().rev.Answer(item).Note == "Checked with the DBA"
	})

	// Bob browses on his own, then comes back with F.
	bob.press("k")
	if bob.walk().following {
		t.Fatal("moving did not start browsing")
	}
	alice.press("j")
	want := alice.currentItem()
	bob.until("the cursor reaches bob's room", func() bool { return bob.walk().driverAt == want })
	if bob.currentItem() == want {
		t.Fatal("a browsing terminal was moved")
	}
	bob.wantInView("browsing (F: follow again)")
	bob.press("?")
	bob.wantInView("follow the facilitator", "hand over the cursor")
	bob.press("esc")
	bob.press("F")
	if bob.currentItem() != want {
		t.Fatalf("after F bob is on %s, want %s", bob.currentItem(), want)
	}

	// The facilitator lets everyone set statuses.
	alice.press("A")
	bob.until("statuses open", func() bool { return bob.m.c.presence.StatusesOpen })
	item = bob.currentItem()
	bob.press("y")
	if got := st.answers(r.ID)[item]; got.Status != review.Pass || got.UpdatedBy == "" {
		t.Fatalf("bob's pass once allowed: %+v", got)
	}

	// Hand over: bob drives.
	alice.press("H")
	bob.until("bob drives", func() bool { return bob.m.c.presence.YouDrive })
	bob.wantInView("bob drives · with alice", "you drive")

	// Back to the list of reviews is out of the meeting; opening the
	// review again is back in, following.
	bob.press("esc")
	bob.wantState(stateHome)
	alice.until("alice drives again", func() bool {
		return alice.m.c.presence.YouDrive && len(alice.m.c.presence.Members) == 1
	})
	bob.press("enter")
	bob.wantState(stateWalk)
	alice.until("bob is back", func() bool { return len(alice.m.c.presence.Members) == 2 })
	bob.until("bob follows", func() bool { return len(bob.m.c.presence.Members) == 2 && !bob.m.c.presence.YouDrive })
}

// TestMeetingSignOffAsSelf: over SSH one signs as the name one logged in
// with, without being asked who signs.
func TestMeetingSignOffAsSelf(t *testing.T) {
	st := newFakeStore()
	r := seedReview(t, st, "checkout", nil)
	carol := joinMeeting(t, st, hub.New(), "carol", r.ID)
	carol.press("S")
	carol.wantState(stateSignOff)
	carol.wantInView("Sign-off by carol (you)")
	if strings.Contains(carol.view(), "Who signs?") {
		t.Fatal("asked who signs")
	}
}
