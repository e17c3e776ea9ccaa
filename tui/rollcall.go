package tui

// The roll call: who is in the room. r on the walk screen opens it at any
// time; the facilitator marks each person present or absent, adds someone
// who joined late, and names the facilitator and the scribe. Every mark is
// a change of the review's meeting (review.Review.Mark, AddAttendee,
// SetFacilitator, SetScribe), saved through the writer at once; the list
// shows the roll call as stored.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

type rollCallModel struct {
	c  *common
	wr *writer

	rev    *review.Review
	people []review.Person
	cursor int

	adding bool // the "who joined?" input has the keyboard
	input  textinput.Model

	lines []string // built in Update
	w, h  int
}

func newRollCall(c *common, wr *writer) *rollCallModel {
	ti := textinput.New()
	ti.Prompt = "› "
	ti.Placeholder = "Name:role, e.g. Åse Ødegård:dpo"
	ti.CharLimit = 300
	return &rollCallModel{c: c, wr: wr, input: ti}
}

// open shows the roll call of the review the walk screen had, on the
// first person not marked yet.
func (m *rollCallModel) open(n navMsg) (tea.Cmd, bool) {
	if n.review == nil {
		return nil, false
	}
	m.rev, m.adding = n.review, false
	m.setPeople()
	m.cursor = 0
	for i, p := range m.people {
		if !p.Marked {
			m.cursor = i
			break
		}
	}
	if len(m.people) == 0 {
		return m.startAdding(), true
	}
	m.rebuild()
	return nil, true
}

func (m *rollCallModel) setPeople() {
	m.people = m.rev.People()
	m.cursor = min(m.cursor, max(len(m.people)-1, 0))
}

func (m *rollCallModel) SetSize(w, h int) {
	m.w, m.h = w, h
	m.input.SetWidth(max(w-8, 10))
	if m.rev != nil {
		m.rebuild()
	}
}

func (m *rollCallModel) capturing() bool { return m.adding }

func (m *rollCallModel) statusInfo() string {
	if !m.wr.idle() {
		return "saving…"
	}
	return ""
}

func (m *rollCallModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		s := textinput.DefaultStyles(m.c.isDark)
		s.Cursor.Blink = false
		m.input.SetStyles(s)
	case answerSavedMsg:
		return m.saved(msg)
	}
	if m.rev == nil {
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if m.adding {
		return m.updateAdding(msg)
	}
	if !ok {
		return nil
	}
	km := m.c.keys
	cur, has := m.current()
	switch {
	case key.Matches(k, km.Down):
		m.cursor = min(m.cursor+1, max(len(m.people)-1, 0))
	case key.Matches(k, km.Up):
		m.cursor = max(m.cursor-1, 0)
	case key.Matches(k, km.MarkPresent) && has:
		name := cur.Name
		return m.change(oneLine(name)+": present", func(r *review.Review) error { return r.Mark(name, true) }, true)
	case key.Matches(k, km.MarkAbsent) && has:
		name := cur.Name
		return m.change(oneLine(name)+": absent", func(r *review.Review) error { return r.Mark(name, false) }, true)
	case key.Matches(k, km.Facilitator) && has:
		name := cur.Name
		if m.rev.Meeting.Facilitator == name {
			name = ""
		}
		return m.change("facilitator: "+cmpOr(oneLine(name), "nobody"), func(r *review.Review) error { return r.SetFacilitator(name) }, false)
	case key.Matches(k, km.Scribe) && has:
		name := cur.Name
		if m.rev.Meeting.Scribe == name {
			name = ""
		}
		return m.change("scribe: "+cmpOr(oneLine(name), "nobody"), func(r *review.Review) error { return r.SetScribe(name) }, false)
	case key.Matches(k, km.AddPerson):
		return m.startAdding()
	case key.Matches(k, km.RollDone), key.Matches(k, km.Back):
		return navigate(stateWalk, m.rev, "")
	}
	m.rebuild()
	return nil
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (m *rollCallModel) current() (review.Person, bool) {
	if m.cursor < 0 || m.cursor >= len(m.people) {
		return review.Person{}, false
	}
	return m.people[m.cursor], true
}

// change saves a change of the roll call; next moves the cursor on, as a
// status key does on the walk screen.
func (m *rollCallModel) change(label string, fn func(r *review.Review) error, next bool) tea.Cmd {
	if next {
		m.cursor = min(m.cursor+1, max(len(m.people)-1, 0))
	}
	m.c.info("saving " + label + "…")
	m.rebuild()
	return m.wr.enqueue(writeReq{reviewID: m.rev.ID, label: label, change: fn, replyTo: stateRollCall})
}

func (m *rollCallModel) startAdding() tea.Cmd {
	m.adding = true
	m.input.SetValue("")
	m.rebuild()
	return m.input.Focus()
}

func (m *rollCallModel) updateAdding(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.c.keys.AddCancel):
			m.adding = false
			m.input.Blur()
			m.rebuild()
			return nil
		case key.Matches(k, m.c.keys.AddConfirm):
			p, err := review.ParseParticipant(m.input.Value())
			if err == nil {
				probe := review.Review{}
				err = probe.AddAttendee(p)
			}
			if err != nil {
				m.c.fail("not added", err)
				return nil
			}
			m.adding = false
			m.input.Blur()
			m.cursor = len(m.people) // where they will be, if new
			return m.change(oneLine(p.Name)+": joined", func(r *review.Review) error { return r.AddAttendee(p) }, false)
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.rebuild()
	return cmd
}

// saved takes in the roll call as stored.
func (m *rollCallModel) saved(msg answerSavedMsg) tea.Cmd {
	if msg.err != nil {
		m.c.fail("not saved: "+msg.req.label, msg.err)
		m.rebuild()
		return nil
	}
	if m.rev != nil && msg.review != nil && msg.review.ID == m.rev.ID {
		m.rev = msg.review
		m.setPeople()
		m.c.ok(msg.req.label)
	}
	m.rebuild()
	return nil
}

func (m *rollCallModel) rebuild() {
	if m.rev == nil || m.w <= 0 {
		return
	}
	st := m.c.styles
	w := max(m.w-2, 10)
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(st.Title.Render(truncate("Roll call · "+oneLine(m.rev.Service), w)))
	add(st.Subtle.Render(truncate("Who is in the room? Mark everyone; add who joined late.", w)))
	add("")
	nameW := 0
	for _, p := range m.people {
		nameW = max(nameW, ansi.StringWidth(personLabel(p)))
	}
	nameW = min(nameW, max(w*55/100, 12))
	counts := map[string]int{}
	for i, p := range m.people {
		mark, word := st.Faint.Render("·"), st.Faint.Render("not marked")
		switch {
		case p.Marked && p.Present:
			mark, word = st.Pass.Render("✓"), st.Pass.Render("present")
			counts["present"]++
		case p.Marked:
			mark, word = st.Fail.Render("✗"), st.Subtle.Render("absent")
			counts["absent"]++
		default:
			counts["unmarked"]++
		}
		var jobs []string
		if p.Name == m.rev.Meeting.Facilitator {
			jobs = append(jobs, "facilitator")
		}
		if p.Name == m.rev.Meeting.Scribe {
			jobs = append(jobs, "scribe")
		}
		if len(jobs) > 0 {
			word += st.Accent.Render(" · " + strings.Join(jobs, ", "))
		}
		name := fit(personLabel(p), nameW)
		if i == m.cursor && !m.adding {
			add(st.Accent.Render("› ") + mark + " " + st.Selected.Render(name) + "  " + word)
		} else {
			add("  " + mark + " " + name + "  " + word)
		}
	}
	if len(m.people) == 0 {
		add(st.Faint.Render("  Nobody is listed for this review yet: add who is here."))
	}
	add("")
	add(st.Subtle.Render(fmt.Sprintf("%d present · %d absent · %d not marked", counts["present"], counts["absent"], counts["unmarked"])))
	if m.adding {
		add("", st.Label.Render("Who joined?")+st.Subtle.Render(" enter adds them as present · esc cancels"), m.input.View())
	}
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	m.lines = lines
}

func personLabel(p review.Person) string {
	s := oneLine(p.Name)
	if p.Role != "" {
		s += " (" + oneLine(p.Role) + ")"
	}
	return s
}

func (m *rollCallModel) View() string {
	if m.rev == nil {
		return ""
	}
	lines := m.lines
	if len(lines) > m.h {
		// Keep the cursor's row and the input in sight.
		from := min(max(m.cursor+3-m.h/2, 0), len(lines)-m.h)
		if m.adding {
			from = len(lines) - m.h
		}
		lines = lines[from : from+m.h]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(" " + l)
	}
	return b.String()
}

func (m *rollCallModel) ShortHelp() []keyBinding {
	k := m.c.keys
	if m.adding {
		return []keyBinding{k.AddConfirm, k.AddCancel, k.Quit}
	}
	return []keyBinding{k.MarkPresent, k.MarkAbsent, k.Down, k.Up, k.AddPerson, k.Facilitator, k.Scribe, k.RollDone, k.Help}
}

func (m *rollCallModel) FullHelp() [][]keyBinding {
	k := m.c.keys
	return [][]keyBinding{
		{k.Down, k.Up},
		{k.MarkPresent, k.MarkAbsent, k.AddPerson},
		{k.Facilitator, k.Scribe, k.RollDone, k.Quit},
	}
}
