package review

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RiskRegister is the review's risk and vulnerability analysis (ROS): the
// scenarios that could hurt the service, each scored by probability and
// consequence before and after the measures agreed.
type RiskRegister struct {
	Scenarios []RiskScenario `json:"scenarios,omitempty"`
	// Next is the number of the next scenario's id, so that the id of a
	// removed scenario is never given to another.
	Next int `json:"next,omitempty"`
}

// RiskScenario is one thing that could go wrong.
type RiskScenario struct {
	ID         string `json:"id"` // r1, r2, ...: given when added, never reused
	Title      string `json:"title"`
	Cause      string `json:"cause,omitempty"`      // the cause or threat
	Vulnerable string `json:"vulnerable,omitempty"` // what is vulnerable
	// Probability and Consequence are 1 to 5 (RiskScale).
	Probability int    `json:"probability"`
	Consequence int    `json:"consequence"`
	Measures    string `json:"measures,omitempty"` // the measures already in place
	// NewMeasures are the measures agreed, as action items.
	NewMeasures []Action `json:"new_measures,omitempty"`
	// The residual probability and consequence, once the new measures are
	// in place; 0 means unchanged.
	ResidualProbability int `json:"residual_probability,omitempty"`
	ResidualConsequence int `json:"residual_consequence,omitempty"`
	// Acceptance is who accepted the residual risk, why, and until when:
	// a high residual risk counts as accepted only while it is in force.
	Acceptance *Waiver `json:"acceptance,omitempty"`
}

// ProbabilityWords and ConsequenceWords name the steps of the 1–5 scales.
var (
	ProbabilityWords = [6]string{"", "rare", "unlikely", "possible", "likely", "almost certain"}
	ConsequenceWords = [6]string{"", "insignificant", "minor", "moderate", "major", "critical"}
)

// RiskLevel is a risk score's band.
type RiskLevel string

const (
	RiskLow    RiskLevel = "low"
	RiskMedium RiskLevel = "medium"
	RiskHigh   RiskLevel = "high"
)

// Limits of a register.
const (
	maxScenarios   = 200
	maxRiskText    = 4 << 10
	maxRiskActions = MaxActions
)

// ErrNoSuchRisk is an edit naming a scenario the register does not have.
var ErrNoSuchRisk = errors.New("no such risk scenario")

// Risk is probability × consequence before the new measures (1–25).
func (s RiskScenario) Risk() int { return s.Probability * s.Consequence }

// Residual returns the residual probability and consequence, the
// unchanged ones where none were given.
func (s RiskScenario) Residual() (p, c int) {
	p, c = s.ResidualProbability, s.ResidualConsequence
	if p == 0 {
		p = s.Probability
	}
	if c == 0 {
		c = s.Consequence
	}
	return p, c
}

// ResidualRisk is the residual probability × consequence.
func (s RiskScenario) ResidualRisk() int {
	p, c := s.Residual()
	return p * c
}

// RiskLevelOf bands a score by the template's thresholds.
func (t *Template) RiskLevelOf(score int) RiskLevel {
	med, high := t.RiskThresholds()
	switch {
	case score >= high:
		return RiskHigh
	case score >= med:
		return RiskMedium
	}
	return RiskLow
}

// Accepted reports whether the scenario's residual risk is accepted as of
// asOf.
func (s RiskScenario) Accepted(asOf time.Time) bool { return WaiverActive(s.Acceptance, asOf) }

func (r *Review) risks() *RiskRegister {
	if r.Assessments == nil {
		return nil
	}
	return r.Assessments.Risks
}

// RiskScenarios lists the register's scenarios (none if it has none).
func (r *Review) RiskScenarios() []RiskScenario {
	if m := r.risks(); m != nil {
		return m.Scenarios
	}
	return nil
}

// editRisks returns the register ready to change, copied first.
func (r *Review) editRisks() *RiskRegister {
	r.Assessments = r.Assessments.Clone()
	if r.Assessments == nil {
		r.Assessments = &Assessments{}
	}
	if r.Assessments.Risks == nil {
		r.Assessments.Risks = &RiskRegister{}
	}
	return r.Assessments.Risks
}

// AddRisk adds a scenario under a new id, and returns the id.
func (r *Review) AddRisk(s RiskScenario) (string, error) {
	next := 1
	if m := r.risks(); m != nil {
		next = max(m.Next, 1)
	}
	for _, x := range r.RiskScenarios() {
		if n, err := strconv.Atoi(strings.TrimPrefix(x.ID, "r")); err == nil && n >= next {
			next = n + 1
		}
	}
	s.ID = "r" + strconv.Itoa(next)
	s.Title = strings.TrimSpace(s.Title)
	if err := s.validate(); err != nil {
		return "", err
	}
	if len(r.RiskScenarios()) >= maxScenarios {
		return "", fmt.Errorf("the risk register has %d scenarios; at most %d are allowed", maxScenarios, maxScenarios)
	}
	m := r.editRisks()
	m.Scenarios = append(m.Scenarios, s)
	m.Next = next + 1
	return s.ID, nil
}

// UpdateRisk changes scenario id with fn, and checks the result.
func (r *Review) UpdateRisk(id string, fn func(s *RiskScenario) error) error {
	i := slices.IndexFunc(r.RiskScenarios(), func(s RiskScenario) bool { return s.ID == id })
	if i < 0 {
		return fmt.Errorf("%w %q", ErrNoSuchRisk, truncate(id, 40))
	}
	s := r.RiskScenarios()[i].clone()
	if err := fn(&s); err != nil {
		return err
	}
	s.ID = id
	if err := s.validate(); err != nil {
		return err
	}
	r.editRisks().Scenarios[i] = s
	return nil
}

// RemoveRisk removes scenario id.
func (r *Review) RemoveRisk(id string) error {
	i := slices.IndexFunc(r.RiskScenarios(), func(s RiskScenario) bool { return s.ID == id })
	if i < 0 {
		return fmt.Errorf("%w %q", ErrNoSuchRisk, truncate(id, 40))
	}
	m := r.editRisks()
	m.Scenarios = slices.Delete(m.Scenarios, i, i+1)
	return nil
}

func (s RiskScenario) clone() RiskScenario {
	s.NewMeasures = slices.Clone(s.NewMeasures)
	if s.Acceptance != nil {
		a := *s.Acceptance
		s.Acceptance = &a
	}
	return s
}

func (m *RiskRegister) clone() *RiskRegister {
	if m == nil {
		return nil
	}
	c := &RiskRegister{Scenarios: make([]RiskScenario, len(m.Scenarios)), Next: m.Next}
	for i, s := range m.Scenarios {
		c.Scenarios[i] = s.clone()
	}
	return c
}

func (m *RiskRegister) isZero() bool { return m == nil || len(m.Scenarios) == 0 && m.Next == 0 }

func (s RiskScenario) validate() error {
	if s.Title == "" || !Visible(s.Title) {
		return errors.New("a risk scenario needs a title")
	}
	if err := checkLine("a risk scenario's title", s.Title, maxAreaTitle); err != nil {
		return err
	}
	for _, f := range []struct{ what, v string }{{"cause", s.Cause}, {"what is vulnerable", s.Vulnerable}, {"existing measures", s.Measures}} {
		if err := checkLine("the "+f.what+" of risk "+s.ID, f.v, maxRiskText); err != nil {
			return err
		}
	}
	for _, v := range []struct {
		what string
		n    int
		zero bool
	}{{"probability", s.Probability, false}, {"consequence", s.Consequence, false}, {"residual probability", s.ResidualProbability, true}, {"residual consequence", s.ResidualConsequence, true}} {
		if v.n < 1 && !(v.zero && v.n == 0) || v.n > 5 {
			return fmt.Errorf("risk %s: the %s must be 1 to 5, not %d", s.ID, v.what, v.n)
		}
	}
	if len(s.NewMeasures) > maxRiskActions {
		return fmt.Errorf("risk %s: at most %d new measures", s.ID, maxRiskActions)
	}
	for _, a := range s.NewMeasures {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("risk %s: %w", s.ID, err)
		}
	}
	if s.Acceptance != nil {
		if err := s.Acceptance.Validate(); err != nil {
			return fmt.Errorf("risk %s: the acceptance: %w", s.ID, err)
		}
	}
	return nil
}

func (m *RiskRegister) validate() error {
	if len(m.Scenarios) > maxScenarios || m.Next < 0 || m.Next > 1_000_000 {
		return fmt.Errorf("the risk register has more than %d scenarios, or a next id out of range", maxScenarios)
	}
	seen := map[string]bool{}
	for _, s := range m.Scenarios {
		if seen[s.ID] || !strings.HasPrefix(s.ID, "r") {
			return fmt.Errorf("risk scenario id %q is not r and a number, or is used twice", truncate(s.ID, 40))
		}
		if _, err := strconv.Atoi(s.ID[1:]); err != nil {
			return fmt.Errorf("risk scenario id %q is not r and a number", truncate(s.ID, 40))
		}
		seen[s.ID] = true
		if err := s.validate(); err != nil {
			return err
		}
	}
	return nil
}

// RiskReport is what the register says as of a day.
type RiskReport struct {
	Scenarios int
	// Highest is the scenario with the highest residual risk (ties: the
	// first); HighestLevel its band.
	Highest      *RiskScenario
	HighestLevel RiskLevel
	// Unaccepted are the scenarios whose residual risk is high and not
	// accepted by an acceptance in force.
	Unaccepted []RiskScenario
}

// Risks computes the register's report.
func Risks(r *Review, asOf time.Time) RiskReport {
	var rep RiskReport
	ss := r.RiskScenarios()
	rep.Scenarios = len(ss)
	for i := range ss {
		s := ss[i]
		if rep.Highest == nil || s.ResidualRisk() > rep.Highest.ResidualRisk() {
			rep.Highest = &ss[i]
		}
		if r.Template.RiskLevelOf(s.ResidualRisk()) == RiskHigh && !s.Accepted(asOf) {
			rep.Unaccepted = append(rep.Unaccepted, s)
		}
	}
	if rep.Highest != nil {
		rep.HighestLevel = r.Template.RiskLevelOf(rep.Highest.ResidualRisk())
	}
	return rep
}

// RisksByResidual lists the scenarios, highest residual risk first.
func RisksByResidual(r *Review) []RiskScenario {
	out := slices.Clone(r.RiskScenarios())
	slices.SortStableFunc(out, func(a, b RiskScenario) int { return b.ResidualRisk() - a.ResidualRisk() })
	return out
}
