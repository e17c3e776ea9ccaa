package review

import (
	"errors"
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	at := func(d string) time.Time { t, _ := time.Parse(time.DateOnly, d); return t }
	sums := []Summary{
		// payments: signed in January for 180 days (until 30 June), a
		// re-review started in May whose action is overdue.
		{ID: "pay1", Service: "payments", Team: "pay", Owner: "Kari", TemplateID: "std", TemplateVersion: 1, CreatedAt: at("2026-01-01"), SignedAt: at("2026-01-01"), ValidFor: "180d"},
		{ID: "pay2", Service: "Payments ", Team: "pay", Owner: "Kari", TemplateID: "std", TemplateVersion: 2, CreatedAt: at("2026-05-01"), NextDeadline: "2026-05-20"},
		// search: signed long ago, expired, nothing started; older template.
		{ID: "sea1", Service: "search", Team: "find", Owner: "Ola", TemplateID: "std", TemplateVersion: 1, CreatedAt: at("2025-01-01"), SignedAt: at("2025-01-01"), ValidFor: "90d"},
		// docs: valid for years, deadline far away: nothing due, never read.
		{ID: "doc1", Service: "docs", Team: "find", Owner: "Ola", TemplateID: "std", TemplateVersion: 2, CreatedAt: at("2026-05-01"), SignedAt: at("2026-05-01"), ValidFor: "2y", NextDeadline: "2027-01-01"},
	}
	for i := range sums {
		rec := SummaryRecord{Summary: sums[i]}
		sums[i] = rec.At(now, "")
	}
	pay2 := reviewWith(map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-06-15"), Actions: []Action{{Text: "rota", Owner: "Ola", Due: "2026-05-20"}, {Text: "later", Due: "2026-12-01"}}}})
	pay2.ID, pay2.Service = "pay2", "Payments "
	reads := 0
	get := func(id string) (*Review, error) {
		reads++
		if id != "pay2" {
			return nil, errors.New("read " + id)
		}
		return pay2, nil
	}
	d, err := Due(sums, get, now, DueOptions{Within: "30d", Newest: map[string]int{"std": 2}})
	if err != nil {
		t.Fatal(err)
	}
	if reads != 1 || d.Today != "2026-06-01" || d.Until != "2026-07-01" || len(d.Groups) != 2 {
		t.Fatalf("%d reads, digest %+v", reads, d)
	}
	find, pay := d.Groups[0], d.Groups[1]
	if find.Team != "find" || len(find.Renewals) != 1 || !find.Renewals[0].Expired || len(find.Templates) != 1 || find.Templates[0].Review != "sea1" {
		t.Errorf("find: %+v", find)
	}
	if len(pay.Renewals) != 1 || pay.Renewals[0].Review != "pay1" || pay.Renewals[0].Underway != "pay2" || pay.Renewals[0].Expired ||
		len(pay.Waivers) != 1 || pay.Waivers[0].Expired || len(pay.Actions) != 1 || !pay.Actions[0].Overdue || len(pay.Templates) != 0 {
		t.Errorf("pay: %+v", pay)
	}
	if c := d.Counts(); c != (DueCounts{Renewals: 2, Waivers: 1, Actions: 1, Templates: 1, Overdue: 2}) {
		t.Errorf("counts %+v", c)
	}
	only, err := Due(sums, get, now, DueOptions{Within: "30d", Team: "PAY"})
	if err != nil || len(only.Groups) != 1 || only.Groups[0].Team != "pay" {
		t.Errorf("--team pay: %+v, %v", only, err)
	}
	if _, err := Due(sums[2:], get, now.AddDate(1, 0, 0), DueOptions{Within: "1y"}); err == nil {
		t.Error("a review that could not be read is not an error")
	}
}

func TestHistoryAndSparkline(t *testing.T) {
	if got := Sparkline([]float64{0, 12.5, 50, 99.9, 100}); got != "▁▂▅██" {
		t.Errorf("Sparkline = %q", got)
	}
	a := reviewWith(map[string]Answer{"req1": {Status: Pass}})
	b := reviewWith(map[string]Answer{"req1": {Status: Pass}, "req2": {Status: Pass}, "opt1": {Status: Pass}})
	b.ID = "zzzz2345"
	h := HistoryOf([]*Review{a, b}, day, "")
	if len(h.Reviews) != 2 || h.Reviews[0].Score != 25 || h.Reviews[1].Score != 75 || h.Trend != "▃▇" {
		t.Errorf("history %+v", h)
	}
	sums := []Summary{{ID: "b", Service: "x", CreatedAt: day.Add(time.Hour)}, {ID: "c", Service: "y", CreatedAt: day}, {ID: "a", Service: " X", CreatedAt: day}}
	if got := ReviewsOf(sums, "x"); len(got) != 2 || got[0].ID != "a" {
		t.Errorf("ReviewsOf = %+v", got)
	}
	if p, ok := Previous(sums, sums[0]); !ok || p.ID != "a" {
		t.Errorf("Previous = %+v, %v", p, ok)
	}
	if _, ok := Previous(sums, sums[2]); ok {
		t.Error("the first review has a previous one")
	}
}
