package export

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// readNow is a clock for reading records: after every fixture's dates.
var readNow = at("2026-06-01 00:00")

func exportWith(t testing.TB, r *review.Review, layout string) []byte {
	t.Helper()
	l, err := BuiltinLayout(layout)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Markdown(&b, r, Options{Version: "1.2.0", Layout: l}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func lookupOf(t review.Template) TemplateLookup {
	return func(id string, version int, hash string) (*review.Template, string) {
		if id == t.ID && version == t.Version && hash == review.TemplateHash(&t) {
			return &t, "built-in"
		}
		return nil, ""
	}
}

// cleaned is r with its text in the form prr keeps it (review.CleanLine,
// CleanNote): what a review made in prr holds.
func cleaned(r *review.Review) *review.Review {
	c := *r
	c.Service, c.Team, c.Owner = review.CleanLine(c.Service), review.CleanLine(c.Team), review.CleanLine(c.Owner)
	c.Participants = nil
	for _, p := range r.Participants {
		c.Participants = append(c.Participants, review.Participant{Name: review.CleanLine(p.Name), Role: review.CleanLine(p.Role)})
	}
	c.Answers = map[string]review.Answer{}
	for id, a := range r.Answers {
		a.Note = review.CleanNote(a.Note)
		var ev []string
		for _, e := range a.Evidence {
			ev = append(ev, review.CleanLine(e))
		}
		a.Evidence = ev
		var acts []review.Action
		for _, x := range a.Actions {
			x.Text, x.Owner = review.CleanLine(x.Text), review.CleanLine(x.Owner)
			acts = append(acts, x)
		}
		a.Actions = acts
		if a.Waiver != nil {
			w := *a.Waiver
			w.Reason, w.AcceptedBy = review.CleanLine(w.Reason), review.CleanLine(w.AcceptedBy)
			a.Waiver = &w
		}
		c.Answers[id] = a
	}
	c.SignOffs = nil
	for _, s := range r.SignOffs {
		s.Name, s.Role, s.Comment = review.CleanLine(s.Name), review.CleanLine(s.Role), review.CleanLine(s.Comment)
		// What a sign-off's statement names besides its hash, and its
		// signature, are not read back from Markdown; the JSON record
		// keeps them.
		s.Service, s.History, s.Signature = "", "", ""
		c.SignOffs = append(c.SignOffs, s)
	}
	// Of the meeting, a Markdown record reads back only the parking lot.
	c.Meeting = review.Meeting{Parked: r.Meeting.Parked}
	return &c
}

func readBack(t testing.TB, md []byte, find TemplateLookup) *MarkdownRecord {
	t.Helper()
	rec, err := ReadMarkdown(md, find, readNow)
	if err != nil {
		t.Fatalf("ReadMarkdown: %v\n%s", err, md)
	}
	return rec
}

// TestReadMarkdownRoundTrip: a record read back is the review exported,
// with both layouts, so exporting it again gives the same bytes and the
// same content hash (every sign-off keeps its state).
func TestReadMarkdownRoundTrip(t *testing.T) {
	r := cleaned(richReview(t))
	// Sign-off times are written to the minute, so a review made by
	// prr carries them whole only when they are on the minute.
	for _, layout := range []string{"default", "compact"} {
		t.Run(layout, func(t *testing.T) {
			md := exportWith(t, r, layout)
			rec := readBack(t, md, lookupOf(r.Template))
			if rec.TemplateSource != "built-in" || rec.Missing != nil {
				t.Errorf("template source %q, missing %v", rec.TemplateSource, rec.Missing)
			}
			if got, want := review.ContentHash(rec.Review), review.ContentHash(r); got != want || rec.StatedHash != want {
				t.Errorf("content hash %s, stated %s, want %s", got, rec.StatedHash, want)
			}
			assertSameReview(t, rec.Review, r)
			if again := exportWith(t, rec.Review, layout); !bytes.Equal(again, md) {
				t.Errorf("exported again, the record differs:\n%s", lineDiff(string(md), string(again)))
			}
			for _, n := range rec.Notes {
				t.Errorf("note: %s", n)
			}
			// With YAML front matter (--front-matter) too.
			l, _ := BuiltinLayout(layout)
			var fm bytes.Buffer
			if err := Markdown(&fm, r, Options{Version: "1.2.0", Layout: l, FrontMatter: true}); err != nil {
				t.Fatal(err)
			}
			if got := readBack(t, fm.Bytes(), lookupOf(r.Template)); review.ContentHash(got.Review) != review.ContentHash(r) {
				t.Error("a record with front matter reads back as another review")
			}
		})
	}
}

// assertSameReview compares what a record carries.
func assertSameReview(t *testing.T, got, want *review.Review) {
	t.Helper()
	g, w := *got, *want
	g.CreatedBy, w.CreatedBy = "", ""
	strip := func(m map[string]review.Answer) map[string]review.Answer {
		out := map[string]review.Answer{}
		for id, a := range m {
			if a.IsZero() {
				continue
			}
			a.UpdatedAt, a.UpdatedBy = time.Time{}, ""
			out[id] = a
		}
		return out
	}
	g.Answers, w.Answers = strip(g.Answers), strip(w.Answers)
	if !reflect.DeepEqual(g.Answers, w.Answers) {
		for id := range w.Answers {
			if !reflect.DeepEqual(g.Answers[id], w.Answers[id]) {
				t.Errorf("answer %s:\n got %#v\nwant %#v", id, g.Answers[id], w.Answers[id])
			}
		}
		for id := range g.Answers {
			if _, ok := w.Answers[id]; !ok {
				t.Errorf("answer %s read but not exported: %#v", id, g.Answers[id])
			}
		}
	}
	g.Answers, w.Answers = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Errorf("review:\n got %#v\nwant %#v", g, w)
	}
}

// lineDiff shows the first lines where a and b differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 12; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "- "+x, "+ "+y)
		}
	}
	return strings.Join(out, "\n")
}

// TestNoGoSyntax: no layout prints Go's formatting of a value: a list in
// brackets, a map, or a verb it could not fill.
func TestNoGoSyntax(t *testing.T) {
	goSyntax := regexp.MustCompile(`map\[|%!|\[\]|\[[a-z-]+( [a-z-]+)+\]|&\{|<nil>`)
	for _, layout := range []string{"default", "compact"} {
		for _, r := range []*review.Review{richReview(t), cleaned(richReview(t)), bigReview(t, 30)} {
			md := exportWith(t, r, layout)
			if m := goSyntax.Find(md); m != nil {
				t.Errorf("%s: the record prints Go syntax %q", layout, m)
			}
		}
	}
}

// TestReadMarkdownSaysWhatItLeavesOut: a record with a skill matrix reads
// back without it, and says so (the JSON record keeps it).
func TestReadMarkdownSaysWhatItLeavesOut(t *testing.T) {
	r := cleaned(richReview(t))
	if err := r.AddSkillArea(review.KnowledgeArea{ID: "deploy", Title: "Deploy and roll back"}); err != nil {
		t.Fatal(err)
	}
	if err := r.SetSkillLevel(r.Participants[0].Name, "deploy", 3); err != nil {
		t.Fatal(err)
	}
	md := exportWith(t, r, "default")
	if !bytes.Contains(md, []byte("## Skill matrix")) {
		t.Fatal("the record has no skill matrix")
	}
	rec := readBack(t, md, lookupOf(r.Template))
	if len(rec.Review.SkillAreas()) != 0 && rec.Review.SkillLevel(r.Participants[0].Name, "deploy") != 0 {
		t.Fatal("a skill matrix was read back")
	}
	if !strings.Contains(strings.Join(rec.Notes, "\n"), "the skill matrix is not read back from Markdown") {
		t.Fatalf("notes: %q", rec.Notes)
	}
}
