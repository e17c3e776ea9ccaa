package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/prr-dev/prr/review"
)

// assessTemplate is the test checklist whose ros, dpia and alerts items the
// risk register, the DPIA screening and the runbooks feed.
func assessTemplate(t testing.TB) review.Template {
	tp := *loadTemplate(t, "checklist.yaml")
	tp.Assessments = &review.TemplateAssessments{
		Risks:    &review.RisksConfig{Feeds: []string{"ros"}},
		DPIA:     &review.FeedsConfig{Feeds: []string{"dpia"}},
		Runbooks: &review.FeedsConfig{Feeds: []string{"alerts"}},
	}
	return tp
}

func seedAssessReview(t testing.TB, st *fakeStore) *review.Review {
	t.Helper()
	r, err := st.Create(assessTemplate(t), review.Meta{Service: "payments-api", Participants: []review.Participant{{Name: "Kari Nordmann"}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// gotoItem moves the walk's cursor to item id.
func gotoItem(t *testing.T, h *harness, id string) {
	t.Helper()
	h.press("g")
	for range 50 {
		if h.currentItem() == id {
			return
		}
		h.press("j")
	}
	t.Fatalf("no item %s", id)
}

// hostile is text that must never reach the terminal as it is.
const hostileText = "\x1b[2J<b>evil</b>\u202e"

func TestRiskRegisterFilledWithKeys(t *testing.T) {
	st := newFakeStore()
	r := seedAssessReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	gotoItem(t, h, "ros")
	h.press("m")
	h.wantState(stateRisks)
	h.wantInView("No scenarios yet")

	// Six scenarios: title, then P and C (new ones start at 3 × 3).
	scenarios := []struct {
		title string
		p, c  string
	}{
		{"Database lost", "2", "5"}, {"API token leaks", "4", "4"}, {"Payment provider down", "3", "4"},
		{"Slow batch job", "3", "2"}, {"Wrong VAT " + hostileText, "1", "5"}, {"DDoS", "2", "3"},
	}
	for _, s := range scenarios {
		h.press("a")
		h.typeText(s.title)
		h.press("enter")
		// The new scenario is under the cursor; the field is P.
		for range 3 {
			h.press("left")
		}
		h.press(s.p, "right", s.c)
	}
	h.checkWidths(80)
	got := st.review(r.ID)
	if n := len(got.RiskScenarios()); n != 6 {
		t.Fatalf("%d scenarios", n)
	}
	want := map[string]int{"Database lost": 10, "API token leaks": 16, "Payment provider down": 12, "Slow batch job": 6, "DDoS": 6}
	for _, s := range got.RiskScenarios() {
		if w, ok := want[s.Title]; ok && s.Risk() != w {
			t.Errorf("%s: risk %d, want %d", s.Title, s.Risk(), w)
		}
	}
	if s, _ := review.Suggest(got, "ros", testNow); s.Status != review.Fail {
		t.Fatalf("two high risks unaccepted, yet %+v", s)
	}
	// The register is sorted by residual risk: API token leaks on top.
	// Its residual probability goes to 2, and the CTO accepts the other.
	h.press("g")
	for range 6 {
		h.press("up")
	}
	h.press("right", "right", "right", "2")
	if s := findRisk(st.review(r.ID), "API token leaks"); s.ResidualRisk() != 8 {
		t.Fatalf("residual = %d", s.ResidualRisk())
	}
	for range 6 {
		h.press("up")
	}
	h.wantInView("Payment provider down")
	h.press("A")
	h.typeText("a second provider costs more")
	h.press("enter")
	h.typeText("CTO")
	h.press("enter")
	h.typeText("+90d")
	h.press("enter")
	if s, _ := review.Suggest(st.review(r.ID), "ros", testNow); s.Status != review.Pass {
		t.Fatalf("after the acceptance: %+v", s)
	}
	h.checkWidths(80)
	if strings.Contains(h.raw(), "\x1b[2J") || strings.Contains(h.raw(), "\u202e") {
		t.Fatal("hostile text reached the terminal")
	}
	golden.RequireEqual(t, h.view())

	t.Run("record", func(t *testing.T) {
		golden.RequireEqual(t, []byte(recordSection(t, st.review(r.ID), "## Risk register", "## Answers")))
	})

	// u takes the acceptance back.
	h.press("u")
	if s := findRisk(st.review(r.ID), "Payment provider down"); s.Acceptance != nil {
		t.Fatal("undo left the acceptance")
	}
	// Back on the walk, the ROS item shows the computed answer.
	h.press("esc")
	h.wantInView("Computed from the risk register:", "FAIL")
	h.press("C")
	if a := st.answers(r.ID)["ros"]; a.Status != review.Fail || !strings.Contains(a.Note, "Payment provider down") {
		t.Fatalf("accepted: %+v", a)
	}
}

func findRisk(r *review.Review, title string) review.RiskScenario {
	for _, s := range r.RiskScenarios() {
		if s.Title == title {
			return s
		}
	}
	return review.RiskScenario{}
}

func TestDPIAScreeningWithKeys(t *testing.T) {
	st := newFakeStore()
	r := seedAssessReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	gotoItem(t, h, "dpia")
	h.press("m")
	h.wantState(stateDPIA)
	// Personal data: yes; then the nine criteria, the 4th and 5th met.
	h.press("y")
	for i := range review.DPIACriteria {
		if i == 3 || i == 4 {
			h.press("y")
		} else {
			h.press("n")
		}
	}
	h.press("e")
	h.typeText("all citizens " + hostileText)
	h.press("enter")
	d := st.review(r.ID).DPIA()
	if d.Result() != review.DPIARequired || len(d.Met()) != 2 {
		t.Fatalf("result %s, %d met", d.Result(), len(d.Met()))
	}
	if c, _ := d.Criterion("prevents-rights"); !strings.Contains(c.Note, "all citizens") {
		t.Fatalf("note: %+v", c)
	}
	h.wantInView("DPIA REQUIRED", "WP248 rev.01", "Suggests ✗ FAIL for dpia")
	h.press("l")
	h.typeText("https://wiki.example/dpia")
	h.press("enter")
	h.wantInView("Suggests ✓ PASS for dpia")
	t.Run("record", func(t *testing.T) {
		golden.RequireEqual(t, []byte(recordSection(t, st.review(r.ID), "## DPIA screening", "## Answers")))
	})
	h.checkWidths(80)
	if strings.Contains(h.raw(), "\x1b[2J") {
		t.Fatal("hostile text reached the terminal")
	}
	golden.RequireEqual(t, h.view())
	// No personal data after all: n/a with the screening as the reason.
	h.press("g", "k", "k", "k", "k", "k", "k", "k", "k", "k", "k", "n")
	s, _ := review.Suggest(st.review(r.ID), "dpia", testNow)
	if s.Status != review.NA || !strings.Contains(s.Reason, "no personal data") {
		t.Fatalf("%+v", s)
	}
}

func TestRunbooksWithKeys(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(rules, []byte("groups:\n  - name: g\n    rules:\n      - alert: HighErrorRate\n        annotations:\n          runbook_url: https://runbooks.example/errors\n      - alert: QueueBacklog\n      - alert: "+`"`+"Evil\\u001b[2J"+`"`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st := newFakeStore()
	r := seedAssessReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	gotoItem(t, h, "alerts")
	h.press("m")
	h.wantState(stateRunbooks)
	h.press("i")
	h.typeText(filepath.Join(dir, "missing.yaml"))
	h.press("enter")
	h.wantInView("could not import")
	h.press("i")
	h.typeText(rules)
	h.press("enter")
	h.wantInView("could not import") // the control character in an alert name is refused
	if err := os.WriteFile(rules, []byte("groups:\n  - name: g\n    rules:\n      - alert: HighErrorRate\n        annotations:\n          runbook_url: https://runbooks.example/errors\n      - alert: QueueBacklog\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.press("i")
	h.typeText(rules)
	h.press("enter")
	h.press("a")
	h.typeText("DiskFull")
	h.press("enter", "enter")
	c := review.Coverage(st.review(r.ID))
	if c.Alerts != 3 || c.Covered != 1 {
		t.Fatalf("coverage %+v", c)
	}
	h.wantInView("1 of 3 alerts have a runbook (33%)", "Without a runbook: 2", "Suggests ✗ FAIL for alerts")
	t.Run("record", func(t *testing.T) {
		golden.RequireEqual(t, []byte(recordSection(t, st.review(r.ID), "## Runbook coverage", "## Answers")))
	})
	h.press("k", "k", "j", "l")
	h.typeText("https://runbooks.example/queue")
	h.press("enter", "j", "l")
	h.typeText("https://runbooks.example/disk")
	h.press("enter")
	h.wantInView("3 of 3 alerts have a runbook (100%)", "Suggests ✓ PASS for alerts")
	h.checkWidths(80)
	golden.RequireEqual(t, h.view())
	h.press("x")
	if c := review.Coverage(st.review(r.ID)); c.Alerts != 2 {
		t.Fatalf("after x: %+v", c)
	}
}
