package tui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
)

// skillPeople are six participants, one with a name in wide characters and
// one long enough to be cut.
var skillPeople = []string{"Kari Nordmann", "Ola Nordmann", "山田太郎", "Per", "Bartholomew Longname-Smythe", "Ada"}

// skillTemplate is the test checklist with a people section whose two
// items the skill matrix feeds, and eight knowledge areas.
func skillTemplate(t testing.TB) review.Template {
	tp := *loadTemplate(t, "checklist.yaml")
	tp.Sections = append(tp.Sections, review.Section{ID: "people", Title: "People", Items: []review.Item{
		{ID: "bus-factor", Title: "At least two people can debug and change the service", Required: true, Level: 1},
		{ID: "skill-matrix", Title: "The service and the people who know it are in the skill matrix", Level: 1},
	}})
	tp.Assessments = &review.TemplateAssessments{Skills: &review.SkillsConfig{
		KnowledgeAreas: []review.KnowledgeArea{
			{ID: "deploy", Title: "Deploy and roll back"}, {ID: "oncall", Title: "On-call and the runbooks"},
			{ID: "database", Title: "The database and its backups"}, {ID: "batch", Title: "Batch jobs and scheduled tasks"},
			{ID: "integrations", Title: "Integrations with other services"}, {ID: "observability", Title: "Dashboards, logs and alerts"},
			{ID: "secrets", Title: "Configuration and secrets"}, {ID: "payments", Title: "The payment provider integration"},
		},
		Feeds: []string{"bus-factor", "skill-matrix"},
	}}
	return tp
}

func seedSkillReview(t testing.TB, st *fakeStore) *review.Review {
	t.Helper()
	var ps []review.Participant
	for _, p := range skillPeople {
		ps = append(ps, review.Participant{Name: p})
	}
	r, err := st.Create(skillTemplate(t), review.Meta{Service: "payments-api", Participants: ps})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// skillLevels is the matrix typed in: a row per area, a column per person.
// Batch jobs has one person at 2 or more, the payment provider nobody.
var skillLevels = [8][6]int{
	{3, 2, 1, 0, 2, 0},
	{2, 2, 0, 1, 0, 3},
	{3, 0, 2, 0, 0, 1},
	{2, 1, 1, 0, 0, 0},
	{2, 2, 2, 2, 2, 2},
	{1, 3, 0, 2, 1, 0},
	{2, 0, 0, 3, 0, 1},
	{1, 1, 0, 0, 1, 0},
}

// fillGrid types skillLevels into the grid: a digit per cell, moving right
// along a row and back down to the next.
func fillGrid(h *harness) {
	for i, row := range skillLevels {
		for j, lv := range row {
			h.press(string(rune('0' + lv)))
			if j < len(row)-1 {
				h.press("l")
			}
		}
		for range len(row) - 1 {
			h.press("left")
		}
		if i < len(skillLevels)-1 {
			h.press("down")
		}
	}
}

func TestSkillGridFilledWithKeys(t *testing.T) {
	st := newFakeStore()
	r := seedSkillReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("m")
	h.wantState(stateSkills)
	h.wantInView("Skill matrix · payments-api", "Deploy and roll back", "山田…")
	fillGrid(h)
	h.checkWidths(80)

	got := st.review(r.ID)
	for i, a := range got.SkillAreas() {
		for j, p := range skillPeople {
			if lv := got.SkillLevel(p, a.ID); lv != skillLevels[i][j] {
				t.Fatalf("%s in %s = %d, want %d", p, a.ID, lv, skillLevels[i][j])
			}
		}
	}
	// The cursor is on the last area, first person; the grid scrolled back
	// to the left and says the payment provider has nobody.
	h.wantInView("Kari Nordmann · The payment provider integration: 1 can with help", "nobody can work on this alone")
	golden.RequireEqual(t, h.view())

	// Wide names stay aligned: every row of the grid is as wide as the
	// names row.
	lines := strings.Split(h.view(), "\n")
	if w := width(lines[2]); w != width(lines[1]) {
		t.Fatalf("a grid row is %d cells, the names row %d:\n%s", w, width(lines[1]), h.view())
	}

	// Undo takes the last level saved back (Bartholomew's: Ada's 0 changed
	// nothing), and it can be typed again.
	h.press("u")
	if lv := st.review(r.ID).SkillLevel(skillPeople[4], "payments"); lv != 0 {
		t.Fatalf("after undo the level is %d, want 0", lv)
	}
	h.press("right", "right", "right", "right", "1", "left", "left", "left", "left")
	if lv := st.review(r.ID).SkillLevel(skillPeople[4], "payments"); lv != 1 {
		t.Fatalf("typed again, the level is %d, want 1", lv)
	}

	// Back on the walk, the bus-factor item shows the computed answer.
	h.press("esc")
	h.wantState(stateWalk)
	h.press("G", "k")
	if h.currentItem() != "bus-factor" {
		t.Fatalf("on %s", h.currentItem())
	}
	h.wantInView("Computed from the skill matrix:", "C accepts it")
	h.press("C")
	a := st.answers(r.ID)["bus-factor"]
	if a.Status != review.Fail || !strings.Contains(a.Note, "Batch jobs and scheduled tasks (only Kari Nordmann)") ||
		!strings.Contains(a.Note, "The payment provider integration (nobody)") {
		t.Fatalf("accepted answer = %+v", a)
	}
	h.wantInView("The answer is the computed one")
	// The record's matrix table, from the stored review, with its single
	// points of knowledge.
	t.Run("record", func(t *testing.T) { golden.RequireEqual(t, []byte(recordSkills(t, st.review(r.ID)))) })

	// The matrix changes after the answer was accepted: the answer stays,
	// and the walk says it now disagrees.
	h.press("m", "G")
	for range 3 {
		h.press("right")
	}
	h.press("2", "right", "2")           // Per and Bartholomew learn the payment provider
	h.press("up", "up", "up", "up", "3") // and Bartholomew the batch jobs
	h.press("esc")
	if a := st.answers(r.ID)["bus-factor"]; a.Status != review.Fail {
		t.Fatalf("the matrix changed the stored answer: %+v", a)
	}
	if s, _ := review.Suggest(st.review(r.ID), "bus-factor", testNow); s.Status != review.Pass {
		t.Fatalf("the suggestion did not follow the cells: %+v", s)
	}
	h.wantInView("disagrees with the skill matrix")

}

// recordSkills is the skill matrix section of r's Markdown record.
func recordSkills(t *testing.T, r *review.Review) string {
	t.Helper()
	return recordSection(t, r, "## Skill matrix", "## Answers")
}

// recordSection is r's Markdown record from the heading from up to to.
func recordSection(t *testing.T, r *review.Review, from, to string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Markdown(&buf, r, export.Options{Version: "v0.0.0-test"}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	start, end := strings.Index(md, from), strings.Index(md, to)
	if start < 0 || end < start {
		t.Fatalf("the record has no %q:\n%s", from, md)
	}
	return md[start:end]
}

func TestSkillGridAddsAreasAndPeople(t *testing.T) {
	st := newFakeStore()
	r := seedSkillReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("m", "A")
	h.typeText("Kafka <consumers> \x1b[31m")
	h.press("enter")
	h.press("P")
	h.typeText("Åse Ødegård")
	h.press("enter")
	got := st.review(r.ID)
	areas := got.SkillAreas()
	if last := areas[len(areas)-1]; last.ID != "kafka-consumers-31m" && !strings.HasPrefix(last.ID, "kafka") {
		t.Fatalf("the new area is %+v", last)
	}
	if people := got.SkillPeople(); people[len(people)-1] != "Åse Ødegård" {
		t.Fatalf("people = %q", people)
	}
	// The cursor is on the new cell: a level lands there.
	h.press("3")
	if lv := st.review(r.ID).SkillLevel("Åse Ødegård", areas[len(areas)-1].ID); lv != 3 {
		t.Fatalf("level = %d", lv)
	}
	h.checkWidths(80)
	if strings.Contains(h.raw(), "\x1b[31m") {
		t.Fatal("an escape sequence typed into an area title reached the terminal")
	}
	// A duplicate person is refused in the status bar, and nothing saved.
	writes := st.writes
	h.press("P")
	h.typeText("Per")
	h.press("enter")
	h.wantInView("person not added")
	if st.writes != writes {
		t.Fatal("a refused person was written")
	}
}

// TestSkillGridScrollsBothWays: on a small terminal the grid shows what
// fits and moves its window with the cursor.
func TestSkillGridScrollsBothWays(t *testing.T) {
	st := newFakeStore()
	r := seedSkillReview(t, st)
	h := newHarness(t, st, 50, 12, withOpen(r.ID))
	h.press("m")
	h.wantInView("more people →", "Deploy and roll")
	h.checkWidths(50)
	for range 5 {
		h.press("right")
	}
	h.wantInView("← more people", "Ada")
	for range 7 {
		h.press("down")
	}
	h.wantInView("Ada · The payment provider integration")
	if strings.Contains(h.view(), "Deploy and roll") {
		t.Fatalf("the first area is still on show after scrolling down:\n%s", h.view())
	}
	h.checkWidths(50)
}

// BenchmarkSkillGridKey measures a key on the grid to the frame drawn.
func BenchmarkSkillGridKey(b *testing.B) {
	st := newFakeStore()
	r := seedSkillReview(b, st)
	h := newHarness(b, st, 80, 24, withOpen(r.ID))
	h.press("m")
	fillGrid(h)
	keys := []string{"up", "right", "down", "left"}
	b.ResetTimer()
	for i := range b.N {
		h.send(keyMsg(keys[i%len(keys)]))
		_ = h.m.View()
	}
}

func TestSummaryShowsTheWeakestAreas(t *testing.T) {
	st := newFakeStore()
	r := seedSkillReview(t, st)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("m")
	fillGrid(h)
	h.press("esc", "s")
	h.wantState(stateSummary)
	h.wantInView("Skill matrix (8 areas, 2 below a bus factor of 2)",
		"✗ The payment provider integration — bus factor 0 (nobody)",
		"✗ Batch jobs and scheduled tasks — bus factor 1 (only Kari Nordmann)")
	h.checkWidths(80)
}
