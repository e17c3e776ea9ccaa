package review

import "slices"

// TemplateAssessments is what a template says about the assessments a
// review records beside its checklist (docs/assessments.md): the skill
// matrix's knowledge areas and bus-factor threshold, the risk register's
// level thresholds, and which items each assessment suggests an answer for
// (Feeds). It is part of the template snapshot, so its JSON keys are the
// template file's keys under "assessments".
type TemplateAssessments struct {
	Skills   *SkillsConfig `json:"skills,omitempty"`
	Risks    *RisksConfig  `json:"risks,omitempty"`
	DPIA     *FeedsConfig  `json:"dpia,omitempty"`
	Runbooks *FeedsConfig  `json:"runbooks,omitempty"`
}

// SkillsConfig sets up the skill matrix.
type SkillsConfig struct {
	// KnowledgeAreas are the areas every review of the template starts
	// with; a team adds its own in the meeting.
	KnowledgeAreas []KnowledgeArea `json:"knowledge_areas,omitempty"`
	// BusFactorThreshold is how many people must hold an area at level 2
	// or more; 0 means DefaultBusFactorThreshold.
	BusFactorThreshold int `json:"bus_factor_threshold,omitempty"`
	// Feeds lists the items the matrix suggests answers for.
	Feeds []string `json:"feeds,omitempty"`
}

// RisksConfig sets up the risk register: a risk (probability ×
// consequence, 1 to 25) is medium from MediumFrom and high from HighFrom
// (0: the defaults, 5 and 12).
type RisksConfig struct {
	MediumFrom int      `json:"medium_from,omitempty"`
	HighFrom   int      `json:"high_from,omitempty"`
	Feeds      []string `json:"feeds,omitempty"`
}

// FeedsConfig is an assessment that needs no setting but the items it
// suggests answers for.
type FeedsConfig struct {
	Feeds []string `json:"feeds,omitempty"`
}

// KnowledgeArea is one thing about a service someone must know to run it:
// "deploy and roll back", "the batch jobs".
type KnowledgeArea struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// DefaultBusFactorThreshold is how many people must know an area well
// when a template does not say: a bus factor above one.
const DefaultBusFactorThreshold = 2

// Default risk level thresholds on the 1–25 scale of probability ×
// consequence.
const (
	DefaultRiskMediumFrom = 5
	DefaultRiskHighFrom   = 12
)

// skills returns the template's skill matrix settings, never nil.
func (t *Template) skills() SkillsConfig {
	if t.Assessments == nil || t.Assessments.Skills == nil {
		return SkillsConfig{}
	}
	return *t.Assessments.Skills
}

// BusFactorThreshold is the threshold the template sets, or the default.
func (t *Template) BusFactorThreshold() int {
	if n := t.skills().BusFactorThreshold; n > 0 {
		return n
	}
	return DefaultBusFactorThreshold
}

// RiskThresholds are the scores from which a risk is medium and high.
func (t *Template) RiskThresholds() (medium, high int) {
	medium, high = DefaultRiskMediumFrom, DefaultRiskHighFrom
	if t.Assessments != nil && t.Assessments.Risks != nil {
		if m := t.Assessments.Risks.MediumFrom; m > 0 {
			medium = m
		}
		if h := t.Assessments.Risks.HighFrom; h > 0 {
			high = h
		}
	}
	return medium, high
}

// Assessment names one of the assessments, as the template keys them.
type AssessmentKind string

const (
	AssessSkills   AssessmentKind = "skills"
	AssessRisks    AssessmentKind = "risks"
	AssessDPIA     AssessmentKind = "dpia"
	AssessRunbooks AssessmentKind = "runbooks"
)

// Feeds lists the items of the template an assessment suggests answers
// for.
func (t *Template) Feeds(k AssessmentKind) []string {
	a := t.Assessments
	if a == nil {
		return nil
	}
	switch k {
	case AssessSkills:
		if a.Skills != nil {
			return a.Skills.Feeds
		}
	case AssessRisks:
		if a.Risks != nil {
			return a.Risks.Feeds
		}
	case AssessDPIA:
		if a.DPIA != nil {
			return a.DPIA.Feeds
		}
	case AssessRunbooks:
		if a.Runbooks != nil {
			return a.Runbooks.Feeds
		}
	}
	return nil
}

// FedBy says which assessment suggests the item's answer, if any.
func (t *Template) FedBy(itemID string) (AssessmentKind, bool) {
	for _, k := range []AssessmentKind{AssessSkills, AssessRisks, AssessDPIA, AssessRunbooks} {
		for _, id := range t.Feeds(k) {
			if id == itemID {
				return k, true
			}
		}
	}
	return "", false
}

// Clone returns a deep copy (nil for nil).
func (a *TemplateAssessments) Clone() *TemplateAssessments {
	if a == nil {
		return nil
	}
	c := &TemplateAssessments{}
	if a.Skills != nil {
		s := *a.Skills
		s.KnowledgeAreas, s.Feeds = slices.Clone(s.KnowledgeAreas), slices.Clone(s.Feeds)
		c.Skills = &s
	}
	if a.Risks != nil {
		r := *a.Risks
		r.Feeds = slices.Clone(r.Feeds)
		c.Risks = &r
	}
	for _, p := range []struct{ from, to **FeedsConfig }{{&a.DPIA, &c.DPIA}, {&a.Runbooks, &c.Runbooks}} {
		if *p.from != nil {
			*p.to = &FeedsConfig{Feeds: slices.Clone((*p.from).Feeds)}
		}
	}
	return c
}

// Label names the assessment in words.
func (k AssessmentKind) Label() string {
	switch k {
	case AssessSkills:
		return "skill matrix"
	case AssessRisks:
		return "risk register"
	case AssessDPIA:
		return "DPIA screening"
	case AssessRunbooks:
		return "runbook coverage"
	}
	return string(k)
}
