package hub

import "slices"

// room is one review's meeting. Its state belongs to its goroutine (run):
// everything else sends it operations (do), so the state needs no lock and
// the order of events is the order the room saw them in.
type room struct {
	id   string
	ops  chan func(*roomState)
	done chan struct{} // closed when the last client has left
	refs int           // clients counted in, under Hub.mu
	st   roomState
}

type roomState struct {
	id      string
	members []*Client // in the order they came
	driver  *Client   // the facilitator; nil only when empty
	cursor  string    // the item the facilitator is on
	open    bool      // everyone may change statuses
}

func newRoom(id string) *room {
	return &room{id: id, ops: make(chan func(*roomState)), done: make(chan struct{}), st: roomState{id: id}}
}

func (r *room) run() {
	for {
		select {
		case f := <-r.ops:
			f(&r.st)
		case <-r.done:
			return
		}
	}
}

// do runs f in the room's goroutine; it returns at once if the room has
// closed.
func (r *room) do(f func(*roomState)) {
	select {
	case r.ops <- f:
	case <-r.done:
	}
}

func (s *roomState) join(c *Client) {
	s.members = append(s.members, c)
	if s.driver == nil {
		s.driver = c
	}
	s.presence()
	c.push(Cursor{Review: s.id, Item: s.cursor})
}

func (s *roomState) leave(c *Client) {
	i := slices.Index(s.members, c)
	if i < 0 {
		return
	}
	s.members = slices.Delete(s.members, i, i+1)
	if s.driver == c {
		// The next to arrive after the facilitator takes over, or the
		// first if they were the last.
		s.driver = nil
		if len(s.members) > 0 {
			s.driver = s.members[i%len(s.members)]
			s.open = false
		}
	}
	s.presence()
}

// handOver passes the cursor from the facilitator to the next member.
func (s *roomState) handOver(c *Client) {
	if s.driver != c || len(s.members) < 2 {
		return
	}
	i := slices.Index(s.members, c)
	s.driver = s.members[(i+1)%len(s.members)]
	s.open = false
	s.presence()
}

func (s *roomState) setOpen(c *Client, open bool) {
	if s.driver != c || s.open == open {
		return
	}
	s.open = open
	s.presence()
}

func (s *roomState) moved(c *Client, item string) {
	if s.driver != c || s.cursor == item {
		return
	}
	s.cursor = item
	for _, m := range s.members {
		if m != c {
			m.push(Cursor{Review: s.id, Item: item})
		}
	}
}

func (s *roomState) changed(c *Client) {
	for _, m := range s.members {
		if m != c {
			m.push(Changed{Review: s.id, By: c.who.Name})
		}
	}
}

// mayChangeStatus: the facilitator may, and everyone once the facilitator
// opens statuses; someone not in the room may not while others meet on it.
func (s *roomState) mayChangeStatus(c *Client) bool {
	return s.driver == nil || s.driver == c || s.open
}

// presence tells every member who is there.
func (s *roomState) presence() {
	for _, m := range s.members {
		m.push(s.presenceFor(m))
	}
}

func (s *roomState) presenceFor(m *Client) Presence {
	p := Presence{Review: s.id, Members: make([]string, len(s.members)), YouDrive: s.driver == m, StatusesOpen: s.open}
	for i, c := range s.members {
		p.Members[i] = c.who.Name
	}
	if s.driver != nil {
		p.Facilitator = s.driver.who.Name
	}
	return p
}

// snapshot gives a client that fell behind the room as it is now, and the
// review to read again.
func (s *roomState) snapshot(c *Client) {
	if !slices.Contains(s.members, c) {
		return
	}
	c.behind.Store(false)
	c.push(s.presenceFor(c))
	c.push(Cursor{Review: s.id, Item: s.cursor})
	c.push(Changed{Review: s.id})
}
