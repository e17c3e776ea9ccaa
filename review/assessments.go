package review

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Assessments are the assessments a review records beside its answers
// (docs/assessments.md): the skill matrix, the risk register (ROS), the
// DPIA screening and the runbook coverage. They are part
// of the content a sign-off vouches for. A review without any has nil, and
// its content hash is what it was before assessments existed.
type Assessments struct {
	Skills   *SkillMatrix   `json:"skills,omitempty"`
	Risks    *RiskRegister  `json:"risks,omitempty"`
	DPIA     *DPIAScreening `json:"dpia,omitempty"`
	Runbooks *RunbookList   `json:"runbooks,omitempty"`
}

// Clone returns a deep copy (nil for nil).
func (a *Assessments) Clone() *Assessments {
	if a == nil {
		return nil
	}
	return &Assessments{Skills: a.Skills.clone(), Risks: a.Risks.clone(), DPIA: a.DPIA.clone(), Runbooks: a.Runbooks.clone()}
}

// IsZero reports whether a records nothing.
func (a *Assessments) IsZero() bool {
	return a == nil || a.Skills.isZero() && a.Risks.isZero() && a.DPIA.isZero() && a.Runbooks.isZero()
}

// Validate checks the assessments against the review's template.
func (a *Assessments) Validate(t *Template) error {
	if a == nil {
		return nil
	}
	if a.Skills != nil {
		if err := a.Skills.validate(t); err != nil {
			return err
		}
	}
	if a.Risks != nil {
		if err := a.Risks.validate(); err != nil {
			return err
		}
	}
	if a.DPIA != nil {
		if err := a.DPIA.validate(); err != nil {
			return err
		}
	}
	if a.Runbooks != nil {
		return a.Runbooks.validate()
	}
	return nil
}

// canonicalAssessments is what the content hash covers: nothing at all
// when the review records none, so that older reviews keep their hash.
func canonicalAssessments(r *Review) *Assessments {
	if r.Assessments.IsZero() {
		return nil
	}
	return r.Assessments
}

// validateAssessmentsChange is ValidateChange's rule for the assessments:
// checked when they changed.
func validateAssessmentsChange(old, new *Review) error {
	if reflect.DeepEqual(old.Assessments, new.Assessments) {
		return nil
	}
	return new.Assessments.Validate(&new.Template)
}

// DiffAssessments lists what changed in the assessments as audit events:
// one per skill-matrix cell, area or person, in words.
func DiffAssessments(old, new *Assessments, at time.Time, actor string) []Event {
	if old == nil {
		old = &Assessments{}
	}
	if new == nil {
		new = &Assessments{}
	}
	evs := diffSkills(old.Skills, new.Skills, at, actor)
	evs = append(evs, diffRisks(old.Risks, new.Risks, at, actor)...)
	if o, n := dpiaText(old.DPIA), dpiaText(new.DPIA); o != n {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "dpia", Old: o, New: n})
	}
	return append(evs, diffRunbooks(old.Runbooks, new.Runbooks, at, actor)...)
}

func diffSkills(old, new *SkillMatrix, at time.Time, actor string) []Event {
	if old == nil {
		old = &SkillMatrix{}
	}
	if new == nil {
		new = &SkillMatrix{}
	}
	var evs []Event
	ev := func(o, n string) {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "skills", Old: o, New: n})
	}
	oldAreas, newAreas := map[string]string{}, map[string]string{}
	for _, a := range old.Areas {
		oldAreas[a.ID] = a.Title
	}
	for _, a := range new.Areas {
		newAreas[a.ID] = a.Title
		if t, ok := oldAreas[a.ID]; !ok || t != a.Title {
			ev(areaText(a.ID, t, ok), areaText(a.ID, a.Title, true))
		}
	}
	for _, a := range old.Areas {
		if _, ok := newAreas[a.ID]; !ok {
			ev(areaText(a.ID, a.Title, true), "")
		}
	}
	oldPeople := map[string]bool{}
	for _, p := range old.People {
		oldPeople[p] = true
	}
	for _, p := range new.People {
		if !oldPeople[p] {
			ev("", "person "+p)
		}
		delete(oldPeople, p)
	}
	for _, p := range old.People {
		if oldPeople[p] {
			ev("person "+p, "")
		}
	}
	levels := map[[2]string][2]int{}
	for _, c := range old.Cells {
		levels[[2]string{c.Person, c.Area}] = [2]int{c.Level, 0}
	}
	for _, c := range new.Cells {
		l := levels[[2]string{c.Person, c.Area}]
		levels[[2]string{c.Person, c.Area}] = [2]int{l[0], c.Level}
	}
	var cells []SkillCell
	for k := range levels {
		cells = append(cells, SkillCell{Person: k[0], Area: k[1]})
	}
	sortCells(cells)
	for _, c := range cells {
		l := levels[[2]string{c.Person, c.Area}]
		if l[0] != l[1] {
			ev(cellText(c.Person, c.Area, l[0]), cellText(c.Person, c.Area, l[1]))
		}
	}
	return evs
}

func areaText(id, title string, ok bool) string {
	if !ok {
		return ""
	}
	return fmt.Sprintf("area %s: %s", id, title)
}

func cellText(person, area string, level int) string {
	return fmt.Sprintf("%s in %s: %d (%s)", person, area, level, SkillLevelLabel(level))
}

// marshalAssessments is the JSON the content hash takes in for them.
func marshalAssessments(a *Assessments) []byte {
	b, err := json.Marshal(a)
	if err != nil {
		panic("review: assessments encoding failed: " + err.Error())
	}
	return b
}

// RestoreAssessment puts one assessment back as it was in prev, leaving
// the others as they are: the undo of a change to it.
func (r *Review) RestoreAssessment(k AssessmentKind, prev *Assessments) {
	next := r.Assessments.Clone()
	if next == nil {
		next = &Assessments{}
	}
	p := prev.Clone()
	if p == nil {
		p = &Assessments{}
	}
	switch k {
	case AssessSkills:
		next.Skills = p.Skills
	case AssessRisks:
		next.Risks = p.Risks
	case AssessDPIA:
		next.DPIA = p.DPIA
	case AssessRunbooks:
		next.Runbooks = p.Runbooks
	}
	r.Assessments = next
}

// assessments writes the review's assessments field for the content hash,
// when it has any: small, so encoding/json writes it.
func (e *canonicalEncoder) assessments(r *Review) {
	if a := canonicalAssessments(r); a != nil {
		e.field(false, "assessments")
		e.buf = append(e.buf, marshalAssessments(a)...)
	}
}

// templateAssessments writes a template's assessments field, when it has
// one.
func (e *canonicalEncoder) templateAssessments(t *Template) {
	if t.Assessments != nil {
		e.field(false, "assessments")
		e.buf = append(e.buf, mustMarshal(t.Assessments)...)
	}
}
