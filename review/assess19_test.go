package review

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// assessTemplate feeds req1 from the risks, opt1 from the DPIA screening
// and req2 from the runbooks.
func assessTemplate() Template {
	t := testTemplate()
	t.Assessments = &TemplateAssessments{
		Risks:    &RisksConfig{Feeds: []string{"req1"}},
		DPIA:     &FeedsConfig{Feeds: []string{"opt1"}},
		Runbooks: &FeedsConfig{Feeds: []string{"req2"}},
	}
	return t
}

func assessReview() *Review {
	r := reviewWith(nil)
	r.Template = assessTemplate()
	return r
}

func TestRiskLevelsAndTheROSSuggestion(t *testing.T) {
	r := assessReview()
	if _, ok := Suggest(r, "req1", day); ok {
		t.Fatal("an empty register suggested an answer")
	}
	id, err := r.AddRisk(RiskScenario{Title: "Database lost", Probability: 2, Consequence: 5})
	if err != nil || id != "r1" {
		t.Fatal(id, err)
	}
	id2, _ := r.AddRisk(RiskScenario{Title: "Token leaks", Probability: 4, Consequence: 4, ResidualProbability: 3})
	if _, err := r.AddRisk(RiskScenario{Title: "Slow", Probability: 1, Consequence: 3}); err != nil {
		t.Fatal(err)
	}
	ss := r.RiskScenarios()
	for _, c := range []struct {
		s         RiskScenario
		risk, res int
		level     RiskLevel
	}{{ss[0], 10, 10, RiskMedium}, {ss[1], 16, 12, RiskHigh}, {ss[2], 3, 3, RiskLow}} {
		if c.s.Risk() != c.risk || c.s.ResidualRisk() != c.res || r.Template.RiskLevelOf(c.s.ResidualRisk()) != c.level {
			t.Errorf("%s: risk %d residual %d level %s", c.s.ID, c.s.Risk(), c.s.ResidualRisk(), r.Template.RiskLevelOf(c.s.ResidualRisk()))
		}
	}
	s, ok := Suggest(r, "req1", day)
	if !ok || s.Status != Fail || !strings.Contains(s.Reason, "r2 Token leaks (residual 12)") {
		t.Fatalf("suggestion = %+v", s)
	}
	// An acceptance in force makes it pass; once it expires, it fails again.
	if err := r.UpdateRisk(id2, func(s *RiskScenario) error {
		s.Acceptance = &Waiver{Reason: "rotated monthly", AcceptedBy: "CISO", Expires: "2026-12-31"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if s, _ := Suggest(r, "req1", day); s.Status != Pass || !strings.Contains(s.Reason, "accepted until 2026-12-31") {
		t.Fatalf("accepted: %+v", s)
	}
	if s, _ := Suggest(r, "req1", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)); s.Status != Fail {
		t.Fatalf("expired acceptance: %+v", s)
	}
	if err := r.UpdateRisk("r9", func(*RiskScenario) error { return nil }); !errors.Is(err, ErrNoSuchRisk) {
		t.Fatal(err)
	}
	if err := r.UpdateRisk("r1", func(s *RiskScenario) error { s.Probability = 6; return nil }); err == nil {
		t.Fatal("probability 6 accepted")
	}
	if err := r.RemoveRisk("r1"); err != nil {
		t.Fatal(err)
	}
	if id, _ := r.AddRisk(RiskScenario{Title: "Again", Probability: 1, Consequence: 1}); id != "r4" {
		t.Fatalf("an id was reused: %s", id)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestDPIAScreeningResults(t *testing.T) {
	r := assessReview()
	if r.DPIA().Result() != DPIAUnscreened {
		t.Fatal("unscreened")
	}
	r.SetPersonalData(false)
	if s, _ := Suggest(r, "opt1", day); s.Status != NA || !strings.Contains(s.Reason, "no personal data") {
		t.Fatalf("no personal data: %+v", s)
	}
	r.SetPersonalData(true)
	if r.DPIA().Result() != DPIAIncomplete {
		t.Fatal("incomplete")
	}
	if _, ok := Suggest(r, "opt1", day); ok {
		t.Fatal("an incomplete screening suggested an answer")
	}
	for i, c := range DPIACriteria {
		if err := r.SetDPIACriterion(c.ID, i == 3, "why "+c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := Suggest(r, "opt1", day); r.DPIA().Result() != DPIANotRequired || s.Status != NA || !strings.Contains(s.Reason, "sensitive or highly personal data") {
		t.Fatalf("one criterion: %s %+v", r.DPIA().Result(), s)
	}
	if err := r.SetDPIACriterion("large-scale", true, ""); err != nil {
		t.Fatal(err)
	}
	if c, _ := r.DPIA().Criterion("large-scale"); c.Note != "why large-scale" {
		t.Fatal("an empty note wiped the reason given before")
	}
	s, _ := Suggest(r, "opt1", day)
	if r.DPIA().Result() != DPIARequired || s.Status != Fail {
		t.Fatalf("two criteria without a document: %+v", s)
	}
	if err := r.SetDPIADocument("https://wiki.example/dpia"); err != nil {
		t.Fatal(err)
	}
	s, _ = Suggest(r, "opt1", day)
	a := Answer{Status: Unanswered}
	if s.Status != Pass || s.Edits().Apply(&a) != nil || a.Evidence[0] != "https://wiki.example/dpia" || !s.Accepted(a) {
		t.Fatalf("with the document: %+v → %+v", s, a)
	}
	if err := r.SetDPIACriterion("nope", true, ""); !errors.Is(err, ErrNoSuchCriterion) {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
}

const promRulesFile = `groups:
  - name: payments
    rules:
      - record: job:errors:rate5m
        expr: sum(rate(errors[5m]))
      - alert: HighErrorRate
        expr: job:errors:rate5m > 0.05
        annotations:
          runbook_url: https://runbooks.example/high-error-rate
      - alert: QueueBacklog
        expr: queue_depth > 1000
`

func TestRunbookCoverageAndImport(t *testing.T) {
	alerts, err := ParseAlerts([]byte(promRulesFile))
	if err != nil || len(alerts) != 2 || alerts[0].Runbook == "" || alerts[1].Runbook != "" {
		t.Fatalf("rules: %+v %v", alerts, err)
	}
	plain, err := ParseAlerts([]byte("# ours\nDiskFull https://runbooks.example/disk\n\nCertExpiry\n"))
	if err != nil || len(plain) != 2 || plain[0].Runbook != "https://runbooks.example/disk" {
		t.Fatalf("plain: %+v %v", plain, err)
	}
	r := assessReview()
	for _, a := range append(alerts, plain...) {
		if err := r.SetAlert(a); err != nil {
			t.Fatal(err)
		}
	}
	c := Coverage(r)
	if c.Alerts != 4 || c.Covered != 2 || strings.Join(c.Uncovered, ",") != "QueueBacklog,CertExpiry" {
		t.Fatalf("coverage %+v", c)
	}
	if s, _ := Suggest(r, "req2", day); s.Status != Fail || !strings.Contains(s.Reason, "2 of 4 alerts (50%)") {
		t.Fatalf("%+v", s)
	}
	// Names alone never wipe a link.
	if err := r.SetAlert(AlertRunbook{Alert: "HighErrorRate"}); err != nil || Coverage(r).Covered != 2 {
		t.Fatal("a name without a link wiped the link")
	}
	for _, a := range []string{"QueueBacklog", "CertExpiry"} {
		if err := r.SetAlert(AlertRunbook{Alert: a, Runbook: "https://runbooks.example/" + a}); err != nil {
			t.Fatal(err)
		}
	}
	if s, _ := Suggest(r, "req2", day); s.Status != Pass {
		t.Fatalf("%+v", s)
	}
	for _, bad := range []string{"groups: [", "groups:\n  - rules: []\n", "a\nb\x00c"} {
		if _, err := ParseAlerts([]byte(bad)); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestAssessmentsAuditAndHash(t *testing.T) {
	r := assessReview()
	h := ContentHash(r)
	old := *r
	if _, err := r.AddRisk(RiskScenario{Title: "Outage", Probability: 3, Consequence: 4}); err != nil {
		t.Fatal(err)
	}
	r.SetPersonalData(false)
	_ = r.SetAlert(AlertRunbook{Alert: "Down"})
	if ContentHash(r) == h || referenceHash(r) != ContentHash(r) {
		t.Fatal("the hash does not cover the assessments, or differs from the reference")
	}
	evs := DiffReview(&old, r, day, "me")
	var got []string
	for _, e := range evs {
		got = append(got, e.Field+": "+e.New)
	}
	want := "risks: r1 Outage: 3×4, residual 3×4|dpia: personal data: no|runbooks: Down: no runbook"
	if strings.Join(got, "|") != want {
		t.Fatalf("events:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if old.Assessments != nil {
		t.Fatal("the edits changed the original review's assessments")
	}
}
