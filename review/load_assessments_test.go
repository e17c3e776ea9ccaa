package review

import (
	"strings"
	"testing"
)

const assessYAML = `id: t
version: 1
title: T
sections:
  - id: s
    title: S
    items:
      - id: bus-factor
        title: Two people know it
assessments:
  skills:
    knowledge_areas:
      - id: deploy
        title: Deploy
    bus_factor_threshold: 3
    feeds: [bus-factor]
`

func TestParseAssessments(t *testing.T) {
	tm, err := ParseTemplate("t.yaml", []byte(assessYAML))
	if err != nil {
		t.Fatal(err)
	}
	if tm.BusFactorThreshold() != 3 || len(tm.Assessments.Skills.KnowledgeAreas) != 1 {
		t.Fatalf("parsed %+v", tm.Assessments.Skills)
	}
	if k, ok := tm.FedBy("bus-factor"); !ok || k != AssessSkills {
		t.Fatal("bus-factor is not fed by the skill matrix")
	}
	// The snapshot's JSON is read back by the same rules.
	if err := tm.Validate(); err != nil {
		t.Fatalf("snapshot: %v", err)
	}
}

func TestParseAssessmentsRefusesMistakes(t *testing.T) {
	for name, c := range map[string]struct{ from, to, want string }{
		"unknown feed":    {"feeds: [bus-factor]", "feeds: [nope]", `names item "nope"`},
		"threshold 0":     {"bus_factor_threshold: 3", "bus_factor_threshold: 0", "between 1 and 10"},
		"unknown key":     {"    bus_factor_threshold: 3\n", "    bus_factor_threshold: 3\n    colour: red\n", `unknown field "colour"`},
		"bad area id":     {"id: deploy", "id: Deploy It", "not a slug"},
		"duplicate area":  {"        title: Deploy\n", "        title: Deploy\n      - id: deploy\n        title: Again\n", "listed twice"},
		"unknown section": {"  skills:", "  skillz:", `unknown field "skillz"`},
	} {
		_, err := ParseTemplate("t.yaml", []byte(strings.Replace(assessYAML, c.from, c.to, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", name, err, c.want)
		}
	}
}
