package review

import (
	"fmt"
	"time"
)

// CarryOver is what a new review of the service starts with from the
// assessments of the last one: a copy of all of them, since they describe
// the service rather than one meeting. The items they feed are carried
// over to confirm like any answer, and their suggestions follow the copy;
// a risk acceptance keeps its expiry, so a lapsed one no longer counts.
func (a *Assessments) CarryOver() *Assessments {
	if a.IsZero() {
		return nil
	}
	return a.Clone()
}

// CompareAssessments lists, in words, how the assessments changed from
// review a to review b of a service (for prr diff): who gained or lost an
// area in the skill matrix (reached level 2, or fell below it), the risks
// added, removed, raised and lowered (by residual risk), the DPIA result,
// and the runbook coverage.
func CompareAssessments(a, b *Review, asOf time.Time) []string {
	var out []string
	areas := map[string]string{}
	for _, ar := range append(a.SkillAreas(), b.SkillAreas()...) {
		areas[ar.ID] = ar.Title
	}
	for _, ar := range b.SkillAreas() {
		for _, p := range b.SkillPeople() {
			was, now := a.SkillLevel(p, ar.ID), b.SkillLevel(p, ar.ID)
			switch {
			case was < LevelAlone && now >= LevelAlone:
				out = append(out, fmt.Sprintf("%s gained %s (%d → %d)", p, ar.Title, was, now))
			case was >= LevelAlone && now < LevelAlone:
				out = append(out, fmt.Sprintf("%s lost %s (%d → %d)", p, ar.Title, was, now))
			}
		}
	}
	for _, p := range a.SkillPeople() {
		for _, ar := range a.SkillAreas() {
			if _, still := areas[ar.ID]; still && b.SkillLevel(p, ar.ID) >= LevelAlone {
				continue
			}
			if a.SkillLevel(p, ar.ID) >= LevelAlone && !hasArea(b, ar.ID) {
				out = append(out, fmt.Sprintf("%s lost %s (the area is gone)", p, ar.Title))
			}
		}
	}
	out = append(out, compareRisks(a, b)...)
	if ra, rb := a.DPIA().Result(), b.DPIA().Result(); ra != rb {
		out = append(out, fmt.Sprintf("DPIA screening: %s → %s", ra.Label(), rb.Label()))
	}
	if ca, cb := Coverage(a), Coverage(b); ca.Covered != cb.Covered || ca.Alerts != cb.Alerts {
		out = append(out, fmt.Sprintf("runbooks: %d of %d → %d of %d alerts", ca.Covered, ca.Alerts, cb.Covered, cb.Alerts))
	}
	return out
}

func hasArea(r *Review, id string) bool {
	for _, a := range r.SkillAreas() {
		if a.ID == id {
			return true
		}
	}
	return false
}

func compareRisks(a, b *Review) []string {
	var out []string
	old := map[string]RiskScenario{}
	for _, s := range a.RiskScenarios() {
		old[s.ID] = s
	}
	seen := map[string]bool{}
	for _, s := range b.RiskScenarios() {
		seen[s.ID] = true
		was, ok := old[s.ID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("risk %s added: %s (residual %d)", s.ID, s.Title, s.ResidualRisk()))
		case s.ResidualRisk() > was.ResidualRisk():
			out = append(out, fmt.Sprintf("risk %s raised: %s (residual %d → %d)", s.ID, s.Title, was.ResidualRisk(), s.ResidualRisk()))
		case s.ResidualRisk() < was.ResidualRisk():
			out = append(out, fmt.Sprintf("risk %s lowered: %s (residual %d → %d)", s.ID, s.Title, was.ResidualRisk(), s.ResidualRisk()))
		}
	}
	for _, s := range a.RiskScenarios() {
		if !seen[s.ID] {
			out = append(out, fmt.Sprintf("risk %s removed: %s", s.ID, s.Title))
		}
	}
	return out
}
