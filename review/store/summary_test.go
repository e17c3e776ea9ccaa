package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
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
				got := rec.At(now, "")
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
			Answered: 12, Total: 90, Blocking: 3, RequiredLeft: 2, Parked: 1, OpenActions: 4, Score: 71.11111111111111,
			CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, offset),
			UpdatedAt: time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC),
		},
		Changes: []review.VerdictChange{{After: "2026-03-10", Verdict: review.Blocked, Blocking: 2, Left: 1}},
	}
	got, err := decodeSummary(encodeSummary(rec))
	// The standing is derived from the counts as it is read: one failing,
	// two left.
	if got.Standing != review.StandingBlocked || got.FullStanding() != (review.Standing{Kind: review.StandingBlocked, Left: 2, Failing: 1, Parked: 1}) {
		t.Errorf("standing %s %+v", got.Standing, got.FullStanding())
	}
	rec.Standing = got.Standing
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
	zero.Standing = review.StandingBlocked // what a verdict the record does not know reads as
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

func TestEventCodecRoundTrip(t *testing.T) {
	for _, ev := range []review.Event{
		{},
		{At: time.Date(2026, 3, 1, 9, 0, 0, 123, time.UTC), Actor: "Kari", Item: "slo", Field: "note", Old: "", New: "ny «tekst»\nmed linjeskift"},
		{At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("", 7200)), Actor: "x", Field: "created", New: strings.Repeat("long ", 1000)},
	} {
		got, err := decodeEvent(encodeEvent(ev))
		if err != nil || !got.At.Equal(ev.At) || got.At.Format(time.RFC3339Nano) != ev.At.Format(time.RFC3339Nano) ||
			got.Actor != ev.Actor || got.Item != ev.Item || got.Field != ev.Field || got.Old != ev.Old || got.New != ev.New {
			t.Errorf("round trip of %+v gave %+v, %v", ev, got, err)
		}
	}
}

// FuzzDecodeEvent: whatever the bytes of a history event, decoding
// returns an event or an error, and an event that decodes reads back the
// same through its own encoding.
func FuzzDecodeEvent(f *testing.F) {
	f.Add(encodeEvent(review.Event{At: time.Unix(1, 2).UTC(), Actor: "a", Item: "i", Field: "f", Old: "o", New: "n"}))
	f.Add([]byte{eventFormat, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := decodeEvent(data)
		if err != nil {
			return
		}
		enc := encodeEvent(ev)
		if again, err := decodeEvent(enc); err != nil || !bytes.Equal(encodeEvent(again), enc) {
			t.Errorf("%x decodes to %+v, which does not read back (%v)", data, ev, err)
		}
	})
}

func TestRecordCodec(t *testing.T) {
	r, err := review.NewReview("abcd0001", testTemplate(), testMeta("payments"), time.Now(), "tester")
	if err != nil {
		t.Fatal(err)
	}
	r.Answers["owner"] = review.Answer{Status: review.Pass, Note: "ok"}
	key := templateKey{1, 2, 3}
	data, err := encodeRecord(r, 42, key)
	if err != nil {
		t.Fatal(err)
	}
	rev, k, err := recordInfo(data, r.ID)
	if err != nil || rev != 42 || k != key {
		t.Errorf("recordInfo = %d, %x, %v", rev, k[:3], err)
	}
	got, _, err := decodeRecord(data, r.ID)
	if err != nil || got.Answers["owner"].Note != "ok" || got.Service != "payments" || len(got.Template.Sections) != 0 {
		t.Errorf("decodeRecord = %+v, %v", got, err)
	}
	for name, bad := range map[string][]byte{
		"missing":        nil,
		"short":          data[:10],
		"other format":   append([]byte{9}, data[1:]...),
		"not compressed": append(append([]byte(nil), data[:recordHead]...), []byte("{}")...),
		"another review": func() []byte { d, _ := encodeRecord(r, 1, key); return d }(),
		"truncated":      data[:len(data)-3],
	} {
		id := r.ID
		if name == "another review" {
			id = "zzzz0000"
		}
		if _, _, err := decodeRecord(bad, id); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
}
