package review

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	for _, ok := range []string{"180d", "26w", "6m", "1y", " 90d ", ""} {
		if _, err := ParsePeriod(ok); err != nil {
			t.Errorf("ParsePeriod(%q): %v", ok, err)
		}
	}
	for in, want := range map[string]string{
		"0d": "expire at once", "180": "not a period", "6h": "not a period", "-1d": "not a period",
		"101y": "longer than 100 years", "99999999d": "not a period", "d": "not a period", "1.5y": "not a period",
	} {
		if _, err := ParsePeriod(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePeriod(%q) = %v, want an error saying %q", in, err, want)
		}
	}
}

func TestPeriodAfter(t *testing.T) {
	for _, c := range []struct {
		p    Period
		from Date
		want Date
	}{
		{"180d", "2026-01-10", "2026-07-09"},
		{"2w", "2026-12-25", "2027-01-08"},
		{"6m", "2026-08-31", "2027-03-03"}, // AddDate normalises 31 February
		{"1y", "2028-02-29", "2029-03-01"},
		{"", "2026-01-10", ""},
		{"180d", "", ""},
	} {
		if got := c.p.After(c.from); got != c.want {
			t.Errorf("%s after %s = %q, want %q", c.p, c.from, got, c.want)
		}
	}
}

// TestRenewalFollowsTheOneRule: the day a review was signed, and the day
// it stops being valid, are read in the time zone of now; it is valid to
// the end of its last day and expired from the start of the next.
func TestRenewalFollowsTheOneRule(t *testing.T) {
	oslo, err := LoadZone("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on 9 January is 00:30 on 10 January in Oslo.
	signed := time.Date(2026, 1, 9, 23, 30, 0, 0, time.UTC)
	if rn := RenewalAt(signed, "30d", time.Date(2026, 1, 20, 12, 0, 0, 0, oslo)); rn.Signed != "2026-01-10" || rn.ValidUntil != "2026-02-09" || rn.Expired {
		t.Errorf("in Oslo: %+v", rn)
	}
	if rn := RenewalAt(signed, "30d", time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)); rn.Signed != "2026-01-09" || rn.ValidUntil != "2026-02-08" {
		t.Errorf("in UTC: %+v", rn)
	}
	lastMinute := time.Date(2026, 2, 9, 23, 59, 59, 0, oslo)
	if rn := RenewalAt(signed, "30d", lastMinute); rn.Expired {
		t.Errorf("expired in the last second of its last day: %+v", rn)
	}
	if rn := RenewalAt(signed, "30d", lastMinute.Add(time.Second)); !rn.Expired {
		t.Errorf("not expired on the day after its last: %+v", rn)
	}
	if rn := RenewalAt(time.Time{}, "30d", lastMinute); rn != (Renewal{}) {
		t.Errorf("a review not signed off has a renewal: %+v", rn)
	}
	if rn := RenewalAt(signed, "", lastMinute); rn.ValidUntil != "" || rn.Expired {
		t.Errorf("no period, yet a limit: %+v", rn)
	}
	if _, err := LoadZone("Mars/Olympus"); err == nil {
		t.Error("an unknown time zone loads")
	}
	if z, err := LoadZone(""); err != nil || z != time.Local {
		t.Errorf("the empty zone is %v, %v; want Local", z, err)
	}
}

// TestRenewalOf: the template's valid_for wins over the setting, and only
// a signed-off review has a renewal date.
func TestRenewalOf(t *testing.T) {
	signed := func(validFor Period) *Review {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}, "req2": {Status: Pass}})
		r.Template.ValidFor = validFor
		if rn := RenewalOf(r, "30d", day); rn.ValidUntil != "" {
			t.Errorf("a review not signed off: %+v", rn)
		}
		so, err := NewSignOff(r, "Kari", "owner", Approve, "", day)
		if err != nil {
			t.Fatal(err)
		}
		r.SignOffs = append(r.SignOffs, so)
		return r
	}
	if rn := RenewalOf(signed(""), "30d", day); rn.ValidUntil != "2026-12-23" || rn.ValidFor != "30d" {
		t.Errorf("with the setting's 30d: %+v", rn)
	}
	if rn := RenewalOf(signed("1w"), "30d", day.AddDate(0, 0, 8)); rn.ValidUntil != "2026-11-30" || !rn.Expired {
		t.Errorf("with the template's 1w, 8 days on: %+v", rn)
	}
	if got := DaysLeft("2026-11-30", day); got != 7 {
		t.Errorf("DaysLeft = %d, want 7", got)
	}
}

func TestTemplateValidFor(t *testing.T) {
	base := "id: x\nversion: 1\ntitle: X\n%ssections:\n  - id: s\n    title: S\n    items:\n      - id: i\n        title: I\n"
	tm, err := ParseTemplate("x.yaml", []byte(strings.Replace(base, "%s", "valid_for: 180d\n", 1)))
	if err != nil || tm.ValidFor != "180d" {
		t.Fatalf("valid_for: 180d gives %v, %v", tm, err)
	}
	if err := tm.Validate(); err != nil {
		t.Errorf("a snapshot with valid_for does not validate: %v", err)
	}
	_, err = ParseTemplate("x.yaml", []byte(strings.Replace(base, "%s", "valid_for: 6h\n", 1)))
	if err == nil || !strings.Contains(err.Error(), "x.yaml:4:12") || !strings.Contains(err.Error(), "not a period") {
		t.Errorf("valid_for: 6h gives %v", err)
	}
	// A template without valid_for hashes as before the field existed.
	plain := testTemplate()
	withField := testTemplate()
	withField.ValidFor = "180d"
	if TemplateHash(&plain) == TemplateHash(&withField) {
		t.Error("valid_for is not part of the template's hash")
	}
}
