package tui

// The skill matrix screen: a grid of knowledge areas (rows) by people
// (columns), filled in the meeting with arrows and digits. Every change is
// a review change queued on the writer, shown once the store has it
// (reviewSavedMsg), and undone with u. The bus factor of each area, and
// the answer it suggests, come from package review (BusFactors, Suggest).
// Drawing is in skills_view.go.

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

type skillsModel struct {
	c  *common
	wr *writer

	rev            *review.Review
	areas          []review.KnowledgeArea
	people         []string
	report         review.SkillReport
	row, col       int // the cursor: an area and a person
	rowOff, colOff int // the first area and person on show
	undo           []skillUndo

	adding addKind // a text input for a new area or person is open
	input  textinput.Model

	// A change to a review with current sign-offs is asked about first,
	// once per visit, as on the walk screen.
	confirm func() tea.Cmd
	editOK  bool

	w, h int
}

type skillUndo struct {
	label string
	prev  *review.Assessments
}

type addKind int

const (
	addNone addKind = iota
	addArea
	addPerson
)

func newSkills(c *common, wr *writer) *skillsModel {
	s := &skillsModel{c: c, wr: wr, input: textinput.New()}
	s.input.CharLimit = 200
	st := textinput.DefaultStyles(c.isDark)
	st.Cursor.Blink = false
	s.input.SetStyles(st)
	return s
}

// open shows the matrix of the review the walk screen has.
func (s *skillsModel) open(n navMsg) (tea.Cmd, bool) {
	if n.review == nil {
		return nil, false
	}
	if s.rev == nil || s.rev.ID != n.review.ID {
		s.row, s.col, s.rowOff, s.colOff, s.undo = 0, 0, 0, 0, nil
	}
	s.adding, s.confirm, s.editOK = addNone, nil, false
	s.setReview(n.review)
	return nil, true
}

func (s *skillsModel) setReview(r *review.Review) {
	s.rev = r
	s.areas, s.people = r.SkillAreas(), r.SkillPeople()
	s.report = review.BusFactors(r)
	s.row = min(s.row, max(len(s.areas)-1, 0))
	s.col = min(s.col, max(len(s.people)-1, 0))
	s.scrollToCursor()
}

func (s *skillsModel) SetSize(w, h int) {
	s.w, s.h = w, h
	s.input.SetWidth(max(w-20, 10))
	s.scrollToCursor()
}

func (s *skillsModel) capturing() bool { return s.adding != addNone || s.confirm != nil }

func (s *skillsModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.SetSize(msg.Width, msg.Height)
	case answerSavedMsg:
		return s.saved(msg)
	case tea.KeyPressMsg:
		if s.rev == nil {
			return nil
		}
		switch {
		case s.confirm != nil:
			return s.answerConfirm(msg)
		case s.adding != addNone:
			return s.inputKey(msg)
		}
		return s.keyPress(msg)
	}
	return nil
}

func (s *skillsModel) keyPress(k tea.KeyPressMsg) tea.Cmd {
	km := s.c.keys
	switch {
	case key.Matches(k, km.Down):
		s.row = min(s.row+1, max(len(s.areas)-1, 0))
	case key.Matches(k, km.Up):
		s.row = max(s.row-1, 0)
	case key.Matches(k, km.GridRight):
		s.col = min(s.col+1, max(len(s.people)-1, 0))
	case key.Matches(k, km.GridLeft):
		s.col = max(s.col-1, 0)
	case key.Matches(k, km.First):
		s.row = 0
	case key.Matches(k, km.Last):
		s.row = max(len(s.areas)-1, 0)
	case key.Matches(k, km.SetLevel):
		return s.setLevel(int(k.String()[0] - '0'))
	case key.Matches(k, km.AddArea):
		return s.guard(func() tea.Cmd { return s.startInput(addArea) })
	case key.Matches(k, km.SkillPerson):
		return s.guard(func() tea.Cmd { return s.startInput(addPerson) })
	case key.Matches(k, km.Undo):
		return s.guard(s.undoLast)
	case key.Matches(k, km.Back), key.Matches(k, km.SkillMatrix):
		return s.back()
	}
	s.scrollToCursor()
	return nil
}

// back returns to the walk with the review as this screen last had it.
func (s *skillsModel) back() tea.Cmd { return navigate(stateWalk, s.rev, "") }

// setLevel saves a level for the cell under the cursor.
func (s *skillsModel) setLevel(level int) tea.Cmd {
	if len(s.areas) == 0 || len(s.people) == 0 {
		s.c.info("add a knowledge area (A) and a person (P) first")
		return nil
	}
	person, area := s.people[s.col], s.areas[s.row]
	if s.rev.SkillLevel(person, area.ID) == level {
		s.c.info("unchanged: " + oneLine(person) + " is at " + review.SkillLevelLabel(level))
		return nil
	}
	label := fmt.Sprintf("%s in %s: %s", oneLine(person), oneLine(area.Title), review.SkillLevelLabel(level))
	return s.guard(func() tea.Cmd {
		return s.save(label, func(r *review.Review) error { return r.SetSkillLevel(person, area.ID, level) })
	})
}

func (s *skillsModel) save(label string, change func(r *review.Review) error) tea.Cmd {
	s.c.info("saving " + label + "…")
	return s.wr.enqueue(assessmentChange(s.rev.ID, label, stateSkills, false, change))
}

// undoLast puts the matrix back as it was before the last saved change.
func (s *skillsModel) undoLast() tea.Cmd {
	if len(s.undo) == 0 {
		s.c.info("nothing to undo")
		return nil
	}
	u := s.undo[len(s.undo)-1]
	s.undo = s.undo[:len(s.undo)-1]
	s.c.info("undoing…")
	return s.wr.enqueue(assessmentChange(s.rev.ID, "undo "+u.label, stateSkills, true, func(r *review.Review) error {
		r.RestoreAssessment(review.AssessSkills, u.prev)
		return nil
	}))
}

// saved takes in the store's reply.
func (s *skillsModel) saved(msg answerSavedMsg) tea.Cmd {
	r := msg.req
	if msg.err != nil {
		s.c.fail("not saved: "+r.label, msg.err)
		return nil
	}
	if !r.undo {
		s.undo = append(s.undo, skillUndo{label: r.label, prev: r.kept.prev})
		if len(s.undo) > maxUndo {
			s.undo = s.undo[len(s.undo)-maxUndo:]
		}
		s.c.ok("saved " + r.label)
	} else {
		s.c.ok("undone: " + r.label[len("undo "):])
	}
	if s.rev != nil && msg.review != nil && msg.review.ID == s.rev.ID {
		s.setReview(msg.review)
	}
	return nil
}

// guard runs change now, or first asks whether to make current sign-offs
// stale.
func (s *skillsModel) guard(change func() tea.Cmd) tea.Cmd {
	if s.editOK || review.SignOffState(s.rev).Current == 0 {
		return change()
	}
	s.confirm = change
	s.c.info("")
	return nil
}

func (s *skillsModel) answerConfirm(k tea.KeyPressMsg) tea.Cmd {
	km := s.c.keys
	switch {
	case key.Matches(k, km.EditYes):
		change := s.confirm
		s.confirm, s.editOK = nil, true
		return change()
	case key.Matches(k, km.EditNo):
		s.confirm = nil
		s.c.info("nothing changed; the sign-offs stay current")
	}
	return nil
}

func (s *skillsModel) startInput(k addKind) tea.Cmd {
	s.adding = k
	s.input.SetValue("")
	if k == addArea {
		s.input.Prompt, s.input.Placeholder = "New knowledge area: ", "e.g. The payment provider integration"
	} else {
		s.input.Prompt, s.input.Placeholder = "Add a person: ", "name"
	}
	return s.input.Focus()
}

func (s *skillsModel) inputKey(k tea.KeyPressMsg) tea.Cmd {
	km := s.c.keys
	switch {
	case key.Matches(k, km.InputCancel):
		s.adding = addNone
		s.input.Blur()
		return nil
	case key.Matches(k, km.InputDone):
		text := s.input.Value()
		kind := s.adding
		s.adding = addNone
		s.input.Blur()
		return s.add(kind, text)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(k)
	return cmd
}

// add saves a new area or person. The domain checks it; an error shows in
// the status bar and nothing is saved.
func (s *skillsModel) add(kind addKind, text string) tea.Cmd {
	// Try the change on a copy first (the edits copy what they change), so
	// a mistake is said at once rather than after a trip to the store.
	probe := *s.rev
	if kind == addArea {
		area := review.KnowledgeArea{ID: s.rev.NewAreaID(text), Title: text}
		if err := probe.AddSkillArea(area); err != nil {
			s.c.fail("area not added", err)
			return nil
		}
		s.row = len(s.areas) // the new one, once saved
		return s.save("area "+oneLine(area.Title), func(r *review.Review) error { return r.AddSkillArea(area) })
	}
	if err := probe.AddSkillPerson(text); err != nil {
		s.c.fail("person not added", err)
		return nil
	}
	s.col = len(s.people)
	return s.save("person "+oneLine(text), func(r *review.Review) error { return r.AddSkillPerson(text) })
}

// helpNotes explains the grid under the full help.
func (s *skillsModel) helpNotes() []string {
	return []string{
		"Levels: 0 none, 1 can with help, 2 can alone, 3 can teach.",
		"An area's bus factor counts the people at level 2 or 3.",
		"Areas below the checklist's threshold are single points of knowledge.",
		"Every level is saved at once; u takes the last change back.",
		"The items the matrix feeds show its suggested answer on the walk (C accepts).",
	}
}

func (s *skillsModel) statusInfo() string {
	if s.rev == nil || len(s.areas) == 0 {
		return ""
	}
	return fmt.Sprintf("area %d/%d · person %d/%d", s.row+1, len(s.areas), s.col+1, max(len(s.people), 1))
}

func (s *skillsModel) ShortHelp() []keyBinding {
	k := s.c.keys
	switch {
	case s.confirm != nil:
		return []keyBinding{k.EditYes, k.EditNo, k.Quit}
	case s.adding != addNone:
		return []keyBinding{k.InputDone, k.InputCancel, k.Quit}
	}
	return []keyBinding{k.SetLevel, k.Down, k.Up, k.GridLeft, k.GridRight, k.AddArea, k.SkillPerson, k.Undo, k.Back, k.Help}
}

func (s *skillsModel) FullHelp() [][]keyBinding {
	k := s.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.GridLeft, k.GridRight, k.First, k.Last},
		{k.SetLevel, k.AddArea, k.SkillPerson, k.Undo},
		{k.Back, k.Help, k.Quit},
	}
}
