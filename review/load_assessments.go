package review

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxKnowledgeAreas bounds the areas of one matrix, template and meeting
// together.
const maxKnowledgeAreas = 100

// assessments reads a template's "assessments" block. items are the ids of
// the template's items (with their lines): a feed must name one of them.
func (p *parser) assessments(n *yaml.Node, items map[string]int) *TemplateAssessments {
	m := p.mapping(n, "assessments", string(AssessSkills), string(AssessRisks), string(AssessDPIA), string(AssessRunbooks))
	if m == nil {
		return nil
	}
	a := &TemplateAssessments{}
	if v, ok := m[string(AssessSkills)]; ok {
		sm := p.mapping(v, "assessments.skills", "knowledge_areas", "bus_factor_threshold", "feeds")
		a.Skills = &SkillsConfig{Feeds: p.feeds(sm["feeds"], "assessments.skills.feeds", items)}
		a.Skills.KnowledgeAreas = p.knowledgeAreas(sm["knowledge_areas"])
		if t, ok := sm["bus_factor_threshold"]; ok {
			a.Skills.BusFactorThreshold = p.integer(t, "bus_factor_threshold")
			if a.Skills.BusFactorThreshold < 1 || a.Skills.BusFactorThreshold > 10 {
				p.fail(t, "bus_factor_threshold must be between 1 and 10 people")
			}
		}
	}
	if v, ok := m[string(AssessRisks)]; ok {
		rm := p.mapping(v, "assessments.risks", "medium_from", "high_from", "feeds")
		a.Risks = &RisksConfig{Feeds: p.feeds(rm["feeds"], "assessments.risks.feeds", items)}
		if t, ok := rm["medium_from"]; ok {
			a.Risks.MediumFrom = p.integer(t, "medium_from")
		}
		if t, ok := rm["high_from"]; ok {
			a.Risks.HighFrom = p.integer(t, "high_from")
		}
		med, high := a.Risks.MediumFrom, a.Risks.HighFrom
		if med == 0 {
			med = DefaultRiskMediumFrom
		}
		if high == 0 {
			high = DefaultRiskHighFrom
		}
		if med < 2 || high > 25 || med >= high {
			p.fail(v, "risk thresholds must satisfy 2 <= medium_from < high_from <= 25 (a risk is probability × consequence, 1 to 25)")
		}
	}
	for _, k := range []AssessmentKind{AssessDPIA, AssessRunbooks} {
		v, ok := m[string(k)]
		if !ok {
			continue
		}
		fm := p.mapping(v, "assessments."+string(k), "feeds")
		c := &FeedsConfig{Feeds: p.feeds(fm["feeds"], "assessments."+string(k)+".feeds", items)}
		if k == AssessDPIA {
			a.DPIA = c
		} else {
			a.Runbooks = c
		}
	}
	return a
}

// feeds reads a list of item ids, each of which must be in the template.
func (p *parser) feeds(n *yaml.Node, what string, items map[string]int) []string {
	if n == nil {
		return nil
	}
	ids := p.strList(n, what)
	for i, id := range ids {
		if _, ok := items[id]; !ok {
			at := n
			if i < len(n.Content) {
				at = n.Content[i]
			}
			p.fail(at, "%s names item %q, which the template does not have", what, truncate(id, 60))
		}
	}
	return ids
}

func (p *parser) knowledgeAreas(n *yaml.Node) []KnowledgeArea {
	nodes := p.list(n, "knowledge_areas")
	if len(nodes) > maxKnowledgeAreas {
		p.fail(n, "knowledge_areas has %d entries; at most %d are allowed", len(nodes), maxKnowledgeAreas)
		return nil
	}
	var out []KnowledgeArea
	seen := map[string]bool{}
	for _, an := range nodes {
		am := p.mapping(an, "a knowledge area", "id", "title")
		if am == nil {
			continue
		}
		ka := KnowledgeArea{ID: p.requiredSlug(an, am, "id", "a knowledge area"), Title: p.requiredText(an, am, "title", "a knowledge area")}
		if ka.ID == "" {
			continue
		}
		if seen[ka.ID] {
			p.fail(am["id"], "knowledge area %q is listed twice", ka.ID)
			continue
		}
		if strings.ContainsAny(ka.Title, "\n\r") || len(ka.Title) > maxAreaTitle {
			p.fail(am["title"], "a knowledge area's title must be one line under %d bytes", maxAreaTitle)
			continue
		}
		seen[ka.ID] = true
		out = append(out, ka)
	}
	return out
}
