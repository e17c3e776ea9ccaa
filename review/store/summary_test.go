package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// waivedReview is a review whose verdict changes three times as waivers
// expire: a required item waived until 03-10, another until 03-20, and an
// optional one until 03-15 (with the same date twice).
func waivedReview(t testing.TB, s *Store) *review.Review {
	t.Helper()
	r := mustCreate(t, s, "payments")
	waive := func(st review.Status, until review.Date) func(a *review.Answer) error {
		return func(a *review.Answer) error {
			a.Status = st
			a.Waiver = &review.Waiver{Reason: "launch first", AcceptedBy: "CTO", Expires: until}
			return nil
		}
	}
	mustAnswer(t, s, r.ID, "owner", waive(review.Fail, "2026-03-10"))
	mustAnswer(t, s, r.ID, "oncall", waive(review.Partial, "2026-03-20"))
	mustAnswer(t, s, r.ID, "slo", waive(review.Partial, "2026-03-10"))
	mustAnswer(t, s, r.ID, "alerts", waive(review.Fail, "2026-03-15"))
	mustAnswer(t, s, r.ID, "dashboards", setStatus(review.Pass, ""))
	return r
}

// TestSummaryTimelineMatchesAssess: whenever the record was written, the
// row it gives on any day is what the domain says on that day.
func TestSummaryTimelineMatchesAssess(t *testing.T) {
	s, _ := openTest(t, newClock())
	r, err := s.Get(waivedReview(t, s).ID)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, written := range []time.Time{start, start.AddDate(0, 0, 12), start.AddDate(0, 1, 0)} {
		rec, err := decodeSummary(encodeSummary(review.Summarize(r, nil, written)))
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Changes) != 3 {
			t.Errorf("written %s: %d verdict changes, want 3 (one per distinct expiry date)", written, len(rec.Changes))
		}
		for day := range 30 {
			for _, hour := range []int{0, 23} {
				now := start.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour)
				got := rec.At(now)
				as := review.Assess(r, now)
				var until review.Date
				for _, w := range as.Waivers {
					if !w.Expired && (until == "" || w.Waiver.Expires < until) {
						until = w.Waiver.Expires
					}
				}
				if got.Verdict != as.Verdict || got.Blocking != len(as.Blocking) || got.VerdictUntil != until {
					t.Errorf("written %s, listed %s: %s, %d blocking, until %q; Assess says %s, %d, %q",
						written.Format(time.DateOnly), now, got.Verdict, got.Blocking, got.VerdictUntil, as.Verdict, len(as.Blocking), until)
				}
			}
		}
	}
}

func TestSummaryCodecRoundTrip(t *testing.T) {
	offset := time.FixedZone("", 2*3600)
	rec := review.SummaryRecord{
		Summary: review.Summary{
			ID: "abcd1234", Service: "payments ✓", Team: "platform", Owner: "Kari",
			TemplateID: "standard", TemplateVersion: -3, TemplateTitle: "Standard",
			Verdict: review.ReadyWithConditions, State: review.InReview,
			Answered: 12, Total: 90, Blocking: 0, OpenActions: 4, Score: 71.11111111111111,
			CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, offset),
			UpdatedAt: time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC),
		},
		Changes: []review.VerdictChange{{After: "2026-03-10", Verdict: review.Blocked, Blocking: 2}},
	}
	got, err := decodeSummary(encodeSummary(rec))
	if err != nil {
		t.Fatal(err)
	}
	// The times read back as the same instants, printed the same way.
	want, _ := json.Marshal(rec.Summary)
	if have, _ := json.Marshal(got.Summary); string(have) != string(want) {
		t.Errorf("round trip:\n got %s\nwant %s", have, want)
	}
	if !reflect.DeepEqual(got.Changes, rec.Changes) {
		t.Errorf("changes %v, want %v", got.Changes, rec.Changes)
	}
	var zero review.SummaryRecord
	if got, err := decodeSummary(encodeSummary(zero)); err != nil || !reflect.DeepEqual(got, zero) {
		t.Errorf("zero record: %+v, %v", got, err)
	}
}

// FuzzDecodeSummary: no bytes make the decoder panic, and what decodes
// encodes back to the same bytes.
func FuzzDecodeSummary(f *testing.F) {
	rec := review.SummaryRecord{Summary: review.Summary{ID: "abcd1234", Service: "s", Verdict: review.Blocked},
		Changes: []review.VerdictChange{{After: "2026-03-10", Verdict: review.Ready}}}
	good := encodeSummary(rec)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte(`{"id":"abcd1234"}`))
	f.Add([]byte{summaryFormat, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := decodeSummary(data)
		if err != nil {
			return
		}
		// Compared as bytes: a damaged record may hold a NaN score, which
		// survives the round trip but is never equal to itself.
		enc := encodeSummary(rec)
		if again, err := decodeSummary(enc); err != nil || !bytes.Equal(encodeSummary(again), enc) {
			t.Errorf("re-encoded record differs: %+v vs %+v (%v)", again, rec, err)
		}
	})
}
