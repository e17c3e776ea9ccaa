package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SkillMatrix is who knows what about the service, filled in the review
// meeting: a level for each person in each knowledge area. The areas are
// the template's (SkillsConfig.KnowledgeAreas) and those the team adds
// (Areas); the people are the review's participants and those added
// (People). Only cells above level 0 are kept, sorted by person and area,
// so one matrix has one encoding.
type SkillMatrix struct {
	Areas  []KnowledgeArea `json:"areas,omitempty"`
	People []string        `json:"people,omitempty"`
	Cells  []SkillCell     `json:"cells,omitempty"`
}

// SkillCell is one person's level in one area.
type SkillCell struct {
	Person string `json:"person"`
	Area   string `json:"area"`
	Level  int    `json:"level"`
}

// Skill levels. An area's bus factor counts the people at LevelAlone or
// above.
const (
	LevelNone  = 0 // does not know it
	LevelHelp  = 1 // can do it with help
	LevelAlone = 2 // can do it alone
	LevelTeach = 3 // can teach it
)

// SkillLevelLabel names a level in words.
func SkillLevelLabel(l int) string {
	switch l {
	case LevelNone:
		return "none"
	case LevelHelp:
		return "can with help"
	case LevelAlone:
		return "can alone"
	case LevelTeach:
		return "can teach"
	}
	return fmt.Sprintf("level %d", l)
}

// Limits of a matrix.
const (
	maxAreaTitle    = 200
	maxSkillPeople  = 100
	maxSkillCells   = maxSkillPeople * maxKnowledgeAreas
	maxSkillNameLen = 200
)

// ErrNoSuchArea and ErrNoSuchPerson are edits of the matrix naming an area
// or a person it does not have.
var (
	ErrNoSuchArea   = errors.New("no such knowledge area")
	ErrNoSuchPerson = errors.New("no such person in the skill matrix")
)

func (m *SkillMatrix) clone() *SkillMatrix {
	if m == nil {
		return nil
	}
	return &SkillMatrix{Areas: slices.Clone(m.Areas), People: slices.Clone(m.People), Cells: slices.Clone(m.Cells)}
}

func (m *SkillMatrix) isZero() bool {
	return m == nil || len(m.Areas) == 0 && len(m.People) == 0 && len(m.Cells) == 0
}

// skills returns the review's matrix, nil if it has none.
func (r *Review) skills() *SkillMatrix {
	if r.Assessments == nil {
		return nil
	}
	return r.Assessments.Skills
}

// editSkills returns the review's matrix ready to change: a copy, so that
// a review handed out by a store and the one changed never share it.
func (r *Review) editSkills() *SkillMatrix {
	r.Assessments = r.Assessments.Clone()
	if r.Assessments == nil {
		r.Assessments = &Assessments{}
	}
	if r.Assessments.Skills == nil {
		r.Assessments.Skills = &SkillMatrix{}
	}
	return r.Assessments.Skills
}

// SkillAreas lists the matrix's areas: the template's, then the team's.
func (r *Review) SkillAreas() []KnowledgeArea {
	out := slices.Clone(r.Template.skills().KnowledgeAreas)
	if m := r.skills(); m != nil {
		out = append(out, m.Areas...)
	}
	return out
}

// SkillPeople lists the matrix's people: the participants, then those
// added, then anyone with a level who is neither (a participant renamed
// since), each once.
func (r *Review) SkillPeople() []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, p := range r.Participants {
		add(p.Name)
	}
	if m := r.skills(); m != nil {
		for _, n := range m.People {
			add(n)
		}
		for _, c := range m.Cells {
			add(c.Person)
		}
	}
	return out
}

// SkillLevel is person's level in area (0 if none recorded).
func (r *Review) SkillLevel(person, area string) int {
	if m := r.skills(); m != nil {
		if i, ok := m.find(person, area); ok {
			return m.Cells[i].Level
		}
	}
	return LevelNone
}

func (m *SkillMatrix) find(person, area string) (int, bool) {
	return slices.BinarySearchFunc(m.Cells, SkillCell{Person: person, Area: area}, compareCells)
}

func compareCells(a, b SkillCell) int {
	if c := strings.Compare(a.Person, b.Person); c != 0 {
		return c
	}
	return strings.Compare(a.Area, b.Area)
}

// SetSkillLevel records person's level in area; level 0 removes it.
func (r *Review) SetSkillLevel(person, area string, level int) error {
	if level < LevelNone || level > LevelTeach {
		return fmt.Errorf("skill level %d: use 0 (none), 1 (can with help), 2 (can alone) or 3 (can teach)", level)
	}
	if !slices.ContainsFunc(r.SkillAreas(), func(a KnowledgeArea) bool { return a.ID == area }) {
		return fmt.Errorf("%w %q; add it first", ErrNoSuchArea, truncate(area, 60))
	}
	if !slices.Contains(r.SkillPeople(), person) {
		return fmt.Errorf("%w: %q; add them first", ErrNoSuchPerson, truncate(person, 60))
	}
	m := r.editSkills()
	i, ok := m.find(person, area)
	switch {
	case ok && level == LevelNone:
		m.Cells = slices.Delete(m.Cells, i, i+1)
	case ok:
		m.Cells[i].Level = level
	case level != LevelNone:
		m.Cells = slices.Insert(m.Cells, i, SkillCell{Person: person, Area: area, Level: level})
	}
	return nil
}

// AddSkillArea adds a knowledge area of the team's own.
func (r *Review) AddSkillArea(a KnowledgeArea) error {
	a.ID, a.Title = strings.TrimSpace(a.ID), strings.TrimSpace(a.Title)
	if err := validArea(a); err != nil {
		return err
	}
	areas := r.SkillAreas()
	if slices.ContainsFunc(areas, func(x KnowledgeArea) bool { return x.ID == a.ID }) {
		return fmt.Errorf("the skill matrix has a knowledge area %q already", a.ID)
	}
	if len(areas) >= maxKnowledgeAreas {
		return fmt.Errorf("the skill matrix has %d knowledge areas; at most %d are allowed", len(areas), maxKnowledgeAreas)
	}
	m := r.editSkills()
	m.Areas = append(m.Areas, a)
	return nil
}

// AddSkillPerson adds someone to the matrix who is not a participant.
func (r *Review) AddSkillPerson(name string) error {
	name = strings.TrimSpace(name)
	if err := validSkillPerson(name); err != nil {
		return err
	}
	people := r.SkillPeople()
	if slices.Contains(people, name) {
		return fmt.Errorf("%q is in the skill matrix already", truncate(name, 60))
	}
	if len(people) >= maxSkillPeople {
		return fmt.Errorf("the skill matrix has %d people; at most %d are allowed", len(people), maxSkillPeople)
	}
	m := r.editSkills()
	m.People = append(m.People, name)
	return nil
}

func validArea(a KnowledgeArea) error {
	if !ValidSlug(a.ID) {
		return fmt.Errorf("knowledge area id %q is not a slug; use lower-case letters, digits and single dashes, such as batch-jobs", truncate(a.ID, 60))
	}
	if a.Title == "" || !Visible(a.Title) {
		return fmt.Errorf("knowledge area %s has no title", a.ID)
	}
	return checkLine("knowledge area title", a.Title, maxAreaTitle)
}

func validSkillPerson(name string) error {
	if name == "" || !Visible(name) {
		return errors.New("a person in the skill matrix needs a name")
	}
	return checkLine("a person's name", name, maxSkillNameLen)
}

// validate checks a matrix as stored: every area and name well formed and
// listed once, every cell in 1..3, in order, for a known area.
func (m *SkillMatrix) validate(t *Template) error {
	areas := map[string]bool{}
	for _, a := range t.skills().KnowledgeAreas {
		areas[a.ID] = true
	}
	if len(m.Areas)+len(areas) > maxKnowledgeAreas {
		return fmt.Errorf("the skill matrix has more than %d knowledge areas", maxKnowledgeAreas)
	}
	for _, a := range m.Areas {
		if err := validArea(a); err != nil {
			return err
		}
		if areas[a.ID] {
			return fmt.Errorf("the skill matrix has knowledge area %q twice", a.ID)
		}
		areas[a.ID] = true
	}
	if len(m.People) > maxSkillPeople || len(m.Cells) > maxSkillCells {
		return fmt.Errorf("the skill matrix is larger than %d people × %d areas", maxSkillPeople, maxKnowledgeAreas)
	}
	people := map[string]bool{}
	for _, p := range m.People {
		if err := validSkillPerson(p); err != nil {
			return err
		}
		if people[p] {
			return fmt.Errorf("%q is in the skill matrix twice", truncate(p, 60))
		}
		people[p] = true
	}
	for i, c := range m.Cells {
		if err := validSkillPerson(c.Person); err != nil {
			return err
		}
		if !areas[c.Area] {
			return fmt.Errorf("the skill matrix has a level for %w %q", ErrNoSuchArea, truncate(c.Area, 60))
		}
		if c.Level < LevelHelp || c.Level > LevelTeach {
			return fmt.Errorf("skill level %d of %s in %s: levels are 1 to 3 (0 is not stored)", c.Level, truncate(c.Person, 40), c.Area)
		}
		if i > 0 && compareCells(m.Cells[i-1], c) >= 0 {
			return errors.New("the skill matrix's cells are not in order or hold a cell twice")
		}
	}
	return nil
}

// NewAreaID makes an id for an area the team adds by its title: the
// title's letters and digits in slug form ("Batch jobs" → batch-jobs),
// numbered if the matrix has that id already.
func (r *Review) NewAreaID(title string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(title) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "area"
	}
	taken := map[string]bool{}
	for _, a := range r.SkillAreas() {
		taken[a.ID] = true
	}
	id := base
	for n := 2; taken[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}
