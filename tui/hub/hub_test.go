package hub

import (
	"reflect"
	"testing"
	"time"
)

// term is a test terminal: what its client hands over arrives on got.
type term struct {
	*Client
	got chan any
}

func join(t *testing.T, h *Hub, name, review string) *term {
	t.Helper()
	tm := &term{Client: h.Client(Identity{Name: name, Fingerprint: "SHA256:" + name}), got: make(chan any, 1000)}
	tm.Attach(func(m any) { tm.got <- m })
	tm.Join(review)
	t.Cleanup(tm.Close)
	return tm
}

// next waits for the next message of type T, skipping others.
func next[T any](t *testing.T, tm *term) T {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-tm.got:
			if v, ok := m.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("%s: no %T came", tm.who.Name, zero)
			return zero
		}
	}
}

// settle waits until the room has run everything sent to it so far.
func settle(h *Hub, review string) {
	if r := h.find(review); r != nil {
		done := make(chan struct{})
		r.do(func(*roomState) { close(done) })
		select {
		case <-done:
		case <-r.done:
		}
	}
}

func TestRoomFacilitatorPresenceAndCursor(t *testing.T) {
	h := New()
	alice := join(t, h, "alice", "r1")
	if p := next[Presence](t, alice); !p.YouDrive || p.Facilitator != "alice" {
		t.Fatalf("first in: %+v, want alice driving", p)
	}
	bob := join(t, h, "bob", "r1")
	p := next[Presence](t, bob)
	if p.YouDrive || p.Facilitator != "alice" || !reflect.DeepEqual(p.Members, []string{"alice", "bob"}) {
		t.Fatalf("bob's presence %+v", p)
	}
	if p := next[Presence](t, alice); !reflect.DeepEqual(p.Members, []string{"alice", "bob"}) {
		t.Fatalf("alice was not told bob came: %+v", p)
	}
	next[Cursor](t, bob) // late joiners learn where the cursor is at once

	alice.Moved("r1", "item-3")
	if c := next[Cursor](t, bob); c.Item != "item-3" || c.Review != "r1" {
		t.Fatalf("bob saw cursor %+v", c)
	}
	bob.Moved("r1", "item-9") // a follower's cursor is their own
	alice.Moved("r1", "item-4")
	if c := next[Cursor](t, bob); c.Item != "item-4" {
		t.Fatalf("bob saw cursor %+v after his own move, want alice's item-4", c)
	}

	carol := join(t, h, "carol", "r1")
	if c := next[Cursor](t, carol); c.Item != "item-4" {
		t.Errorf("carol joined on %q, want item-4", c.Item)
	}

	bob.Changed("r1")
	if c := next[Changed](t, alice); c.By != "bob" {
		t.Errorf("alice was told of a change by %q", c.By)
	}
	next[Changed](t, carol)
}

func TestRoomStatusesAndHandOver(t *testing.T) {
	h := New()
	alice := join(t, h, "alice", "r1")
	bob := join(t, h, "bob", "r1")
	if !alice.MayChangeStatus("r1") || bob.MayChangeStatus("r1") {
		t.Fatal("only the facilitator may change statuses at first")
	}
	bob.OpenStatuses("r1", true) // not his to open
	settle(h, "r1")
	if bob.MayChangeStatus("r1") {
		t.Fatal("a follower opened statuses")
	}
	alice.OpenStatuses("r1", true)
	settle(h, "r1")
	if !bob.MayChangeStatus("r1") {
		t.Fatal("statuses opened by the facilitator stayed closed")
	}
	alice.HandOver("r1")
	settle(h, "r1")
	if !bob.MayChangeStatus("r1") || alice.MayChangeStatus("r1") {
		t.Fatal("hand over: statuses close again, and bob drives")
	}
	for p := next[Presence](t, bob); !p.YouDrive; p = next[Presence](t, bob) {
	}
	outsider := h.Client(Identity{Name: "eve"})
	if outsider.MayChangeStatus("r1") || !outsider.MayChangeStatus("nobody-here") {
		t.Error("someone outside a meeting changes statuses only where nobody meets")
	}

	bob.Close() // the facilitator leaves: the next one drives
	for p := next[Presence](t, alice); !p.YouDrive; p = next[Presence](t, alice) {
	}
	alice.Close()
	settle(h, "r1")
	if n := h.Rooms(); n != 0 {
		t.Errorf("%d rooms open after everyone left", n)
	}
}

// TestSlowTerminalGetsASnapshot: a terminal that stops reading does not
// hold up the others; when it reads again it gets the room as it is now.
func TestSlowTerminalGetsASnapshot(t *testing.T) {
	h := New()
	alice := join(t, h, "alice", "r1")
	release := make(chan struct{})
	slow := &term{Client: h.Client(Identity{Name: "slow"}), got: make(chan any, 10000)}
	slow.Attach(func(m any) {
		<-release
		slow.got <- m
	})
	slow.Join("r1")
	defer slow.Close()
	bob := join(t, h, "bob", "r1")

	for i := range 5 * QueueLen {
		alice.Moved("r1", "item-"+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	alice.Moved("r1", "last")
	for c := next[Cursor](t, bob); c.Item != "last"; c = next[Cursor](t, bob) {
	}
	if !slow.behind.Load() {
		t.Fatal("the stalled terminal was never counted as behind")
	}
	close(release)
	for c := next[Cursor](t, slow); c.Item != "last"; c = next[Cursor](t, slow) {
	}
	next[Changed](t, slow) // and reads the review again
}

func TestJoinAnotherReviewLeavesTheFirst(t *testing.T) {
	h := New()
	a := join(t, h, "alice", "r1")
	b := join(t, h, "bob", "r1")
	b.Join("r2")
	for p := next[Presence](t, a); len(p.Members) != 1; p = next[Presence](t, a) {
	}
	p := next[Presence](t, b)
	for p.Review == "r1" {
		p = next[Presence](t, b)
	}
	if p.Review != "r2" || !p.YouDrive || len(p.Members) != 1 {
		t.Errorf("bob in r2: %+v", p)
	}
	b.Close()
	b.Join("r3") // a closed terminal stays out
	settle(h, "r3")
	if h.find("r3") != nil {
		t.Error("a closed client opened a room")
	}
}
