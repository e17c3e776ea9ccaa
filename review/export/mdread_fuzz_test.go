package export

import (
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// FuzzReadMarkdown: any bytes read as a record give a review or a
// one-line error, never a panic, and a review read is one prr accepts.
func FuzzReadMarkdown(f *testing.F) {
	r := cleaned(richReview(f))
	for _, layout := range []string{"default", "compact"} {
		md := string(exportWith(f, r, layout))
		f.Add(md)
		f.Add(reformat(md))
		f.Add(md[:len(md)/2])
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	find := lookupOf(r.Template)
	f.Fuzz(func(t *testing.T, md string) {
		rec, err := ReadMarkdown([]byte(md), find, readNow)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of several lines: %q", err)
			}
			return
		}
		if err := rec.Review.ValidateAsOf(readNow); err != nil {
			t.Fatalf("a review read does not validate: %v", err)
		}
	})
}

// FuzzReadMarkdownText: whatever text a person types into a review, the
// record of it, in either layout, reads back to the same review.
func FuzzReadMarkdownText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, s+"\n\n"+s)
	}
	f.Add("Dana *", "line one\nline two\\\nthree")
	base := cleaned(richReview(f))
	f.Fuzz(func(t *testing.T, line, note string) {
		r := *base
		r.Answers = map[string]review.Answer{}
		for id, a := range base.Answers {
			r.Answers[id] = a
		}
		r.Team = review.CleanLine(line)
		r.Participants = []review.Participant{{Name: review.CleanLine("P " + line), Role: review.CleanLine(line)}}
		a := r.Answers["dashboards"] // failing: it may have a waiver
		a.Note = review.CleanNote(note)
		a.Evidence = []string{review.CleanLine("https://x.example/" + line), review.CleanLine("e " + line)}
		a.Actions = []review.Action{{Text: review.CleanLine("do " + line), Owner: review.CleanLine(line)}}
		a.Waiver = &review.Waiver{Reason: review.CleanLine("r " + line), AcceptedBy: review.CleanLine("by " + line), Expires: "2026-12-31"}
		r.Answers["dashboards"] = a
		b := r.Answers["runbooks"]
		b.Note = review.CleanNote(line) // a note of one line: in the compact table
		r.Answers["runbooks"] = b
		s, err := review.NewSignOff(&r, "S "+review.CleanLine(line), "sre", review.Approve, review.CleanLine(line), time.Date(2026, 3, 15, 8, 0, 0, 0, time.UTC))
		if err != nil {
			t.Skipf("no sign-off: %v", err)
		}
		s.Service, s.History = "", "" // not read back from Markdown (see cleaned)
		r.SignOffs = append(append([]review.SignOff(nil), base.SignOffs...), s)
		if err := r.Validate(); err != nil {
			t.Skipf("text prr would not store: %v", err)
		}
		for _, layout := range []string{"default", "compact"} {
			md := exportWith(t, &r, layout)
			rec, err := ReadMarkdown(md, lookupOf(r.Template), readNow)
			if err != nil {
				t.Fatalf("%s: %v\n%s", layout, err, md)
			}
			if got, want := review.ContentHash(rec.Review), review.ContentHash(&r); got != want {
				assertSameReview(t, rec.Review, &r)
				t.Fatalf("%s: content hash differs", layout)
			}
			assertSameReview(t, rec.Review, &r)
		}
	})
}
