package hub

import (
	"sync"
	"sync/atomic"
)

// Client is one terminal's link to the hub. Its methods are safe to call
// from any goroutine, and none of them waits for other terminals.
type Client struct {
	hub *Hub
	who Identity

	q      chan any    // what the room has for the program, in order
	behind atomic.Bool // q overflowed: events were dropped, a snapshot is due
	quit   chan struct{}
	once   sync.Once

	mu   sync.Mutex
	room *room // the room this terminal is in, if any
}

// Client returns a client for a terminal of who's. Attach starts it.
func (h *Hub) Client(who Identity) *Client {
	return &Client{hub: h, who: who, q: make(chan any, QueueLen), quit: make(chan struct{})}
}

// Who is the identity the client was made for.
func (c *Client) Who() Identity { return c.who }

// Attach starts handing the room's messages to send, one at a time on the
// client's own goroutine, until Close. send may block (tea.Program.Send
// does, while the program is busy): only this client waits. It must not be
// called from inside the program's Update, which is why it runs here.
func (c *Client) Attach(send func(any)) {
	go c.pump(send)
}

func (c *Client) pump(send func(any)) {
	for {
		select {
		case msg := <-c.q:
			send(msg)
		case <-c.quit:
			return
		}
		if len(c.q) == 0 && c.behind.Load() {
			if r := c.current(); r != nil {
				r.do(func(s *roomState) { s.snapshot(c) })
			}
		}
	}
}

// push queues msg for the program, or marks the client behind when its
// queue is full. Called by the room's goroutine only.
func (c *Client) push(msg any) {
	if c.behind.Load() {
		return
	}
	select {
	case c.q <- msg:
	default:
		c.behind.Store(true)
	}
}

func (c *Client) current() *room {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.room
}

// Join puts the terminal in the room of a review, leaving the one it was
// in. Joining the room it is in already does nothing.
func (c *Client) Join(review string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.room != nil && c.room.id == review {
		return
	}
	c.leaveLocked()
	select {
	case <-c.quit:
		return // closed: a late load must not bring the terminal back
	default:
	}
	r := c.hub.enter(review)
	c.room = r
	r.do(func(s *roomState) { s.join(c) })
}

// Leave takes the terminal out of its room.
func (c *Client) Leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.leaveLocked()
}

func (c *Client) leaveLocked() {
	if c.room == nil {
		return
	}
	r := c.room
	c.room = nil
	r.do(func(s *roomState) { s.leave(c) })
	c.hub.exit(r)
}

// Close leaves the room and stops the client's goroutine: the terminal has
// gone.
func (c *Client) Close() {
	c.once.Do(func() { close(c.quit) })
	c.Leave()
}

// in runs f in the room of review, if the terminal is in it.
func (c *Client) in(review string, f func(*roomState)) {
	if r := c.current(); r != nil && r.id == review {
		r.do(f)
	}
}

// Moved tells the others where the facilitator's cursor is now; from
// anyone else it does nothing.
func (c *Client) Moved(review, item string) {
	c.in(review, func(s *roomState) { s.moved(c, item) })
}

// Changed tells the others in the room that this terminal saved a change
// to the review.
func (c *Client) Changed(review string) {
	c.in(review, func(s *roomState) { s.changed(c) })
}

// HandOver makes the next member the facilitator, if this terminal is it.
func (c *Client) HandOver(review string) {
	c.in(review, func(s *roomState) { s.handOver(c) })
}

// OpenStatuses lets everyone change statuses (open) or only the
// facilitator, if this terminal is the facilitator's.
func (c *Client) OpenStatuses(review string, open bool) {
	c.in(review, func(s *roomState) { s.setOpen(c, open) })
}

// MayChangeStatus reports whether this terminal may change the status of
// an answer of review now. With nobody meeting on the review, anyone may.
func (c *Client) MayChangeStatus(review string) bool {
	r := c.hub.find(review)
	if r == nil {
		return true
	}
	reply := make(chan bool, 1)
	r.do(func(s *roomState) { reply <- s.mayChangeStatus(c) })
	select {
	case ok := <-reply:
		return ok
	case <-r.done:
		return true // the room closed: nobody is meeting on it
	}
}
