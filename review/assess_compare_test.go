package review

import (
	"strings"
	"testing"
)

func TestCompareAssessments(t *testing.T) {
	a := skilledReview()
	a.Template.Assessments.Risks = &RisksConfig{}
	if _, err := a.AddRisk(RiskScenario{Title: "Outage", Probability: 3, Consequence: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddRisk(RiskScenario{Title: "Leak", Probability: 2, Consequence: 2}); err != nil {
		t.Fatal(err)
	}
	b := *a
	b.Assessments = a.Assessments.CarryOver()
	if got := CompareAssessments(a, &b, day); len(got) != 0 {
		t.Fatalf("a carried-over copy differs: %q", got)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(b.SetSkillLevel("Ola", "batch", 3))   // gained
	must(b.SetSkillLevel("Kari", "deploy", 1)) // lost
	must(b.UpdateRisk("r1", func(s *RiskScenario) error { s.ResidualProbability = 1; return nil }))
	must(b.RemoveRisk("r2"))
	if _, err := b.AddRisk(RiskScenario{Title: "DDoS", Probability: 4, Consequence: 4}); err != nil {
		t.Fatal(err)
	}
	b.SetPersonalData(false)
	got := strings.Join(CompareAssessments(a, &b, day), "\n")
	want := strings.Join([]string{
		"Kari lost Deploy and roll back (3 → 1)",
		"Ola gained Batch jobs (1 → 3)",
		"risk r1 lowered: Outage (residual 12 → 4)",
		"risk r3 added: DDoS (residual 16)",
		"risk r2 removed: Leak",
		"DPIA screening: not screened → no personal data",
	}, "\n")
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if a.SkillLevel("Ola", "batch") != 1 {
		t.Fatal("the carried-over copy shares the matrix with the original")
	}
}
