package review

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// skilledTemplate is testTemplate with three knowledge areas feeding req1
// and opt1.
func skilledTemplate() Template {
	t := testTemplate()
	t.Assessments = &TemplateAssessments{Skills: &SkillsConfig{
		KnowledgeAreas: []KnowledgeArea{{ID: "deploy", Title: "Deploy and roll back"}, {ID: "batch", Title: "Batch jobs"}, {ID: "db", Title: "The database"}},
		Feeds:          []string{"req1", "opt1"},
	}}
	return t
}

func skilledReview() *Review {
	r, err := NewReview("abcd2345", skilledTemplate(), Meta{Service: "svc", Participants: []Participant{{Name: "Kari"}, {Name: "Ola"}}}, day, "tester")
	if err != nil {
		panic(err)
	}
	for _, c := range []SkillCell{{"Kari", "deploy", 3}, {"Ola", "deploy", 2}, {"Kari", "batch", 2}, {"Ola", "batch", 1}} {
		if err := r.SetSkillLevel(c.Person, c.Area, c.Level); err != nil {
			panic(err)
		}
	}
	return r
}

func TestBusFactorsAndSuggestion(t *testing.T) {
	r := skilledReview()
	rep := BusFactors(r)
	got := map[string]int{}
	for _, a := range rep.Areas {
		got[a.Area.ID] = a.Factor
	}
	if got["deploy"] != 2 || got["batch"] != 1 || got["db"] != 0 || rep.Threshold != 2 {
		t.Fatalf("bus factors = %v (threshold %d)", got, rep.Threshold)
	}
	s, ok := Suggest(r, "req1", day)
	if !ok || s.Status != Fail {
		t.Fatalf("suggestion = %+v, %v; want fail", s, ok)
	}
	for _, want := range []string{"2 of 3", "Batch jobs (only Kari)", "The database (nobody)"} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q lacks %q", s.Reason, want)
		}
	}
	if _, ok := Suggest(r, "req2", day); ok {
		t.Error("req2 is fed by nothing, yet has a suggestion")
	}
	// Everyone learns everything: the suggestion follows.
	for _, c := range []SkillCell{{"Ola", "batch", 2}, {"Kari", "db", 2}, {"Ola", "db", 3}} {
		if err := r.SetSkillLevel(c.Person, c.Area, c.Level); err != nil {
			t.Fatal(err)
		}
	}
	s2, _ := Suggest(r, "opt1", day)
	if s2.Status != Pass {
		t.Fatalf("after filling the gaps: %+v", s2)
	}
	if !s.Disagrees(Answer{Status: Pass}) || s.Disagrees(Answer{Status: Unanswered}) || s2.Disagrees(Answer{Status: Pass}) {
		t.Error("Disagrees is wrong")
	}
	a := Answer{Status: Unanswered}
	if err := s2.Edits().Apply(&a); err != nil || !s2.Accepted(a) {
		t.Fatalf("accepting: %v, %+v", err, a)
	}
}

func TestEmptyMatrixSuggestsNothing(t *testing.T) {
	r := reviewWith(nil)
	r.Template = skilledTemplate()
	if _, ok := Suggest(r, "req1", day); ok {
		t.Fatal("an empty matrix suggested an answer")
	}
}

func TestSkillEditsAreRefusedWhenWrong(t *testing.T) {
	r := skilledReview()
	if err := r.SetSkillLevel("Kari", "nope", 2); !errors.Is(err, ErrNoSuchArea) {
		t.Errorf("unknown area: %v", err)
	}
	if err := r.SetSkillLevel("Nobody", "db", 2); !errors.Is(err, ErrNoSuchPerson) {
		t.Errorf("unknown person: %v", err)
	}
	if err := r.SetSkillLevel("Kari", "db", 4); err == nil {
		t.Error("level 4 accepted")
	}
	if err := r.AddSkillArea(KnowledgeArea{ID: "deploy", Title: "again"}); err == nil {
		t.Error("a duplicate area was accepted")
	}
	if err := r.AddSkillArea(KnowledgeArea{ID: "Not A Slug", Title: "x"}); err == nil {
		t.Error("a bad area id was accepted")
	}
	if err := r.AddSkillPerson("Kari"); err == nil {
		t.Error("a duplicate person was accepted")
	}
	if err := r.AddSkillPerson("\u200b"); err == nil {
		t.Error("an invisible name was accepted")
	}
	if err := r.AddSkillArea(KnowledgeArea{ID: "payments", Title: "Payment provider"}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddSkillPerson("Per"); err != nil {
		t.Fatal(err)
	}
	if err := r.SetSkillLevel("Per", "payments", 3); err != nil {
		t.Fatal(err)
	}
	if err := r.Validate(); err != nil {
		t.Fatalf("a matrix built by the edits does not validate: %v", err)
	}
	// Level 0 removes the cell.
	if err := r.SetSkillLevel("Per", "payments", 0); err != nil || r.SkillLevel("Per", "payments") != 0 {
		t.Fatalf("level 0: %v", err)
	}
	for _, c := range r.Assessments.Skills.Cells {
		if c.Level == 0 {
			t.Fatal("a level-0 cell is stored")
		}
	}
}

func TestSkillMatrixValidation(t *testing.T) {
	bad := map[string]func(m *SkillMatrix){
		"level 4":       func(m *SkillMatrix) { m.Cells[0].Level = 4 },
		"level 0":       func(m *SkillMatrix) { m.Cells[0].Level = 0 },
		"unknown area":  func(m *SkillMatrix) { m.Cells[0].Area = "zzz" },
		"out of order":  func(m *SkillMatrix) { m.Cells[0], m.Cells[1] = m.Cells[1], m.Cells[0] },
		"area twice":    func(m *SkillMatrix) { m.Areas = append(m.Areas, KnowledgeArea{ID: "db", Title: "x"}) },
		"newline name":  func(m *SkillMatrix) { m.People = append(m.People, "a\nb") },
		"person twice":  func(m *SkillMatrix) { m.People = append(m.People, "P", "P") },
		"bad area slug": func(m *SkillMatrix) { m.Areas = append(m.Areas, KnowledgeArea{ID: "A B", Title: "x"}) },
	}
	for name, change := range bad {
		r := skilledReview()
		change(r.Assessments.Skills)
		if err := r.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSkillMatrixInTheHashAndTheAudit(t *testing.T) {
	plain := reviewWith(nil)
	plain.Template = skilledTemplate()
	before := ContentHash(plain)
	plain.Assessments = &Assessments{Skills: &SkillMatrix{}} // empty: no content
	if ContentHash(plain) != before {
		t.Fatal("an empty matrix changed the hash")
	}
	r := skilledReview()
	h := ContentHash(r)
	old := &Review{}
	*old = *r
	old.Assessments = r.Assessments.Clone()
	if err := r.SetSkillLevel("Ola", "batch", 3); err != nil {
		t.Fatal(err)
	}
	if old.SkillLevel("Ola", "batch") != 1 {
		t.Fatal("SetSkillLevel changed a copy it shares with the original")
	}
	if ContentHash(r) == h {
		t.Fatal("a changed level left the hash as it was")
	}
	evs := DiffReview(old, r, time.Time{}, "me")
	if len(evs) != 1 || evs[0].Field != "skills" || evs[0].Old != "Ola in batch: 1 (can with help)" || evs[0].New != "Ola in batch: 3 (can teach)" {
		t.Fatalf("events = %+v", evs)
	}
	if err := ValidateChange(old, r); err != nil {
		t.Fatal(err)
	}
}
