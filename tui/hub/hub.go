// Package hub lets several terminals take part in one review together (prr
// serve): each open review has a room, owned by one goroutine, that knows
// who is there, who drives the cursor (the facilitator), where the cursor
// is and whether others may change statuses, and tells every terminal when
// any of that changes or when someone saves a change to the review.
//
// The store stays the authority over the review itself: it serialises the
// writes. The room only says "the review changed", and each terminal reads
// it again, so the room never holds a copy that could go stale.
//
// A terminal is a Client. What the room tells it is queued on the client's
// own buffered queue and handed to its program by the client's own
// goroutine (send, usually tea.Program.Send): a slow or vanished terminal
// never stalls the room or the others. A client whose queue is full misses
// events and, once it has caught up, gets a fresh snapshot instead.
package hub

import (
	"sync"
)

// Identity is who sits at a terminal, as proven by their SSH key.
type Identity struct {
	Name        string // from the authorized keys file
	Fingerprint string // SHA256:... of the key they logged in with
}

// Messages a client's program receives. Each names the review it is about;
// a program that has since moved to another review ignores it.
type (
	// Presence is who is in the room, in the order they came; a name
	// appears once per connection.
	Presence struct {
		Review      string
		Members     []string
		Facilitator string // the name of whoever drives
		YouDrive    bool   // this terminal is the facilitator's
		// StatusesOpen: the facilitator lets everyone change statuses.
		StatusesOpen bool
	}
	// Cursor is the item the facilitator is on.
	Cursor struct {
		Review string
		Item   string
	}
	// Changed says someone else saved a change to the review.
	Changed struct {
		Review string
		By     string
	}
)

// QueueLen is how many messages wait for a slow terminal before it is
// counted as behind and given a snapshot instead.
const QueueLen = 64

// Hub holds the rooms of the reviews open on a server.
type Hub struct {
	mu    sync.Mutex
	rooms map[string]*room
}

// New returns an empty hub.
func New() *Hub { return &Hub{rooms: map[string]*room{}} }

// Rooms reports how many reviews have someone in them.
func (h *Hub) Rooms() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms)
}

// enter finds or opens the room of a review and counts c in it.
func (h *Hub) enter(id string) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.rooms[id]
	if r == nil {
		r = newRoom(id)
		h.rooms[id] = r
		go r.run()
	}
	r.refs++
	return r
}

// exit counts one client out of r; the last one out closes it, after the
// operations already sent to it have run.
func (h *Hub) exit(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.refs--
	if r.refs == 0 {
		delete(h.rooms, r.id)
		r.do(func(*roomState) { close(r.done) })
	}
}

// find returns the room of a review, if it is open.
func (h *Hub) find(id string) *room {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.rooms[id]
}
