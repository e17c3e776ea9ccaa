package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/templates"
)

// The tests below hold writeDefault, the Go rendering of the default
// layout, byte for byte equal to text/template executing
// templates/record.md.tmpl. If either one changes, they fail.

// templateLayout is the embedded default layout parsed afresh, so that
// passing it as Options.Layout forces the text/template path.
func templateLayout(t testing.TB) *Layout {
	t.Helper()
	l, err := ParseLayout("record.md.tmpl", templates.Record)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// sameBothWays renders r through the fast path and through text/template,
// before and after tidying, with and without front matter, and fails on
// any difference.
func sameBothWays(t *testing.T, l *Layout, r *review.Review, version string) {
	t.Helper()
	d := newData(r, AsOf(r), version)
	var fast, slow bytes.Buffer
	writeDefault(&fast, d)
	if err := l.execute(&slow, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fast.Bytes(), slow.Bytes()) {
		t.Fatalf("writeDefault and the layout differ before tidying at %s", firstDiff(slow.Bytes(), fast.Bytes()))
	}
	for _, fm := range []bool{false, true} {
		var a, b bytes.Buffer
		if err := Markdown(&a, r, Options{Version: version, FrontMatter: fm}); err != nil {
			t.Fatal(err)
		}
		if err := Markdown(&b, r, Options{Version: version, FrontMatter: fm, Layout: l}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("front matter %v: the fast path and the layout differ at %s", fm, firstDiff(b.Bytes(), a.Bytes()))
		}
	}
}

// TestDefaultLayoutPinned fails when templates/record.md.tmpl changes, so
// that whoever changes it updates writeDefault too (Markdown falls back to
// text/template meanwhile, so records stay right, only slower).
func TestDefaultLayoutPinned(t *testing.T) {
	sum := sha256.Sum256([]byte(templates.Record))
	if got := hex.EncodeToString(sum[:]); got != defaultLayoutSHA256 {
		t.Fatalf("templates/record.md.tmpl changed (sha256 %s): update writeDefault in defaultlayout.go to match it, "+
			"run TestDefaultLayoutFastPath, then set defaultLayoutSHA256", got)
	}
	if !fastLayoutOK() {
		t.Fatal("fastLayoutOK is false for the pinned layout")
	}
}

// TestDefaultLayoutFastPath renders reviews that take every branch of the
// layout (empty and full lists, one and several superseded sign-offs, no
// level, malformed hashes, unknown statuses, hostile text) both ways.
func TestDefaultLayoutFastPath(t *testing.T) {
	l := templateLayout(t)
	cases := map[string]func(*review.Review){
		"rich":  func(*review.Review) {},
		"empty": emptyReview,
		"no sign-offs": func(r *review.Review) {
			r.SignOffs = nil
		},
		"one superseded": func(r *review.Review) { r.SignOffs = r.SignOffs[1:] },
		"two superseded": func(r *review.Review) {
			r.SignOffs = append(r.SignOffs, r.SignOffs[0], r.SignOffs[0])
		},
		"malformed hashes": func(r *review.Review) {
			r.SignOffs[0].Hash, r.SignOffs[1].Hash = "", "sha256:xyz"
		},
		"signed off": func(r *review.Review) {
			h := review.ContentHash(r)
			for i := range r.SignOffs {
				r.SignOffs[i].Hash, r.SignOffs[i].Decision = h, review.Approve
			}
			r.Template.SignoffRoles = nil
		},
		"no level, all failing": func(r *review.Review) {
			for id, a := range r.Answers {
				a.Status, a.Waiver = review.Fail, nil
				r.Answers[id] = a
			}
		},
		"gold": func(r *review.Review) {
			for _, it := range r.Template.Items() {
				r.Answers[it.ID] = review.Answer{Status: review.Pass}
			}
		},
		"unknown status and level": func(r *review.Review) {
			r.Answers["runbooks"] = review.Answer{Status: "odd | status"}
			r.Template.Sections[0].Items[0].Level = 0
			r.Template.Sections[0].Items[1].Level = 7
		},
		"empty section and text": func(r *review.Review) {
			r.Template.Sections = append(r.Template.Sections, review.Section{ID: "", Title: ""})
			r.Service, r.Team, r.Owner, r.Participants = "", "", "", nil
			r.Template.Sections[0].Items[0].Title = ""
		},
		"actions without due or owner": func(r *review.Review) {
			a := r.Answers["alerts-actionable"]
			a.Actions = append(a.Actions, review.Action{Text: ""}, review.Action{Text: "x", Due: "soon <b>"})
			r.Answers["alerts-actionable"] = a
		},
	}
	cases["skill matrix with gaps"] = func(r *review.Review) { withSkills(t, r, "", false) }
	cases["skill matrix without gaps"] = func(r *review.Review) { withSkills(t, r, "", true) }
	cases["risks, dpia and runbooks"] = func(r *review.Review) { withAssessments(t, r, "Outage") }
	cases["dpia without personal data"] = func(r *review.Review) { r.SetPersonalData(false) }
	for _, h := range fuzzSeeds {
		cases["hostile assessments "+h] = func(r *review.Review) { withAssessments(t, r, h) }
		cases["hostile "+h] = func(r *review.Review) { hostile(r, h) }
		cases["hostile skill matrix "+h] = func(r *review.Review) { withSkills(t, r, h, false) }
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			r := richReview(t)
			change(r)
			sameBothWays(t, l, r, "1.2.0")
		})
	}
	t.Run("big", func(t *testing.T) { sameBothWays(t, l, bigReview(t, 200), "(devel)") })
}

// withSkills gives r a skill matrix of two areas (the second titled and
// with a person named h when h is not empty); full: both areas meet the
// threshold.
func withSkills(t testing.TB, r *review.Review, h string, full bool) {
	t.Helper()
	title, person := "Batch jobs | nightly", "Per"
	if h != "" {
		title, person = h, h
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.AddSkillArea(review.KnowledgeArea{ID: "deploy", Title: "Deploy <and> roll back"}))
	if err := r.AddSkillArea(review.KnowledgeArea{ID: "batch", Title: title}); err != nil {
		must(r.AddSkillArea(review.KnowledgeArea{ID: "batch", Title: "Batch jobs"}))
	}
	if r.AddSkillPerson(person) != nil {
		person = r.SkillPeople()[0]
	} else {
		person = r.SkillPeople()[len(r.SkillPeople())-1] // as stored: trimmed
	}
	must(r.SetSkillLevel(person, "deploy", 3))
	must(r.SetSkillLevel(r.SkillPeople()[1], "deploy", 2))
	must(r.SetSkillLevel(person, "batch", 2))
	if full {
		must(r.SetSkillLevel(r.SkillPeople()[1], "batch", 3))
	}
}

// withAssessments gives r a risk register, a DPIA screening and runbooks,
// with h in their texts.
func withAssessments(t testing.TB, r *review.Review, h string) {
	t.Helper()
	if review.Visible(h) && utf8.ValidString(h) && !strings.ContainsAny(h, "\n\r") && len(h) < 150 {
		if _, err := r.AddRisk(review.RiskScenario{Title: h, Cause: h, Vulnerable: h, Measures: h, Probability: 4, Consequence: 4,
			NewMeasures: []review.Action{{Text: h, Owner: "Ola", Due: "2030-01-01"}}, ResidualProbability: 2,
			Acceptance: &review.Waiver{Reason: h, AcceptedBy: "CTO", Expires: "2020-01-01"}}); err != nil {
			t.Fatal(err)
		}
		_ = r.SetAlert(review.AlertRunbook{Alert: h})
	}
	if _, err := r.AddRisk(review.RiskScenario{Title: "Token leak", Probability: 5, Consequence: 5}); err != nil {
		t.Fatal(err)
	}
	r.SetPersonalData(true)
	_ = r.SetDPIACriterion("large-scale", true, h)
	_ = r.SetDPIACriterion("sensitive-data", true, "")
	_ = r.SetDPIADocument("https://wiki.example/dpia?x=" + h)
	_ = r.SetAlert(review.AlertRunbook{Alert: "Down", Runbook: "https://runbooks.example/down"})
}

// emptyReview clears answers, sign-offs and actions: the layout's "None"
// branches.
func emptyReview(r *review.Review) {
	r.Answers, r.SignOffs = nil, nil
}

// hostile puts h in every user field the layout shows.
func hostile(r *review.Review, h string) {
	r.Service, r.Team, r.Owner = h, h, h
	r.Template.ID, r.Template.Title = h, h
	r.Template.Sections[0].Title, r.Template.Sections[0].Items[0].Title = h, h
	r.Participants[0].Name, r.Participants[0].Role = h, h
	a := r.Answers["alerts-actionable"]
	a.Note, a.Evidence = h, append(a.Evidence, h)
	a.Actions[0].Text, a.Actions[0].Owner, a.Actions[0].Due = h, h, review.Date(h)
	a.Waiver.Reason, a.Waiver.AcceptedBy = h, h
	r.Answers["alerts-actionable"] = a
	r.SignOffs[0].Name, r.SignOffs[0].Role, r.SignOffs[0].Comment = h, h, h
}

// FuzzDefaultLayoutFastPath renders fuzzed reviews both ways; shape
// switches the layout's optional parts on and off.
func FuzzDefaultLayoutFastPath(f *testing.F) {
	for i, s := range fuzzSeeds {
		o := fuzzSeeds[(i+7)%len(fuzzSeeds)]
		f.Add(s, o, s, o, s, o, "2026-03-01", uint8(i))
	}
	l := templateLayout(f)
	f.Fuzz(func(t *testing.T, service, name, title, note, evidence, text, date string, shape uint8) {
		r := fuzzReview(t, service, name, title, note, evidence, text, date)
		if shape&1 != 0 {
			r.SignOffs = r.SignOffs[:int(shape>>4)%len(r.SignOffs)]
		}
		if shape&2 != 0 {
			r.Answers = nil
		}
		if shape&4 != 0 {
			r.Participants, r.Team, r.Owner = nil, "", ""
		}
		if shape&8 != 0 {
			r.SignOffs = append(r.SignOffs, r.SignOffs...)
		}
		sameBothWays(t, l, r, text)
	})
}
