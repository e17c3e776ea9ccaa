package review

import (
	"strings"
	"testing"
	"time"
)

func age(t *testing.T, s string) MaxAge {
	t.Helper()
	a, err := ParseMaxAge(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseMaxAge(t *testing.T) {
	good := map[string]time.Duration{
		"180d": 180 * 24 * time.Hour, "26w": 26 * 7 * 24 * time.Hour, "6m": 6 * 30 * 24 * time.Hour, "1y": 365 * 24 * time.Hour,
		" 90d ": 90 * 24 * time.Hour, "1h": time.Hour, "36h30m": 36*time.Hour + 30*time.Minute, "100y": 100 * 365 * 24 * time.Hour,
		"0": 0, "off": 0, "OFF": 0,
	}
	for in, want := range good {
		a, err := ParseMaxAge(in)
		if err != nil || a.Dur != want || a.Off() != (want == 0) {
			t.Errorf("ParseMaxAge(%q) = %+v, %v; want %v", in, a, err, want)
		}
	}
	if a, _ := ParseMaxAge("26w"); a.String() != "26w" {
		t.Errorf("String() = %q, want the age as given", a.String())
	}
	bad := map[string]string{
		"":                     "empty",
		"  ":                   "empty",
		"0d":                   "0d would refuse every sign-off; use 0 or off",
		"0h":                   "0h would refuse every sign-off",
		"-5d":                  `"-5d" is not an age`,
		"106752d":              "longer than 100 years",
		"9999999999999999999d": "longer than 100 years",
		"101y":                 "longer than 100 years",
		"900000h":              "longer than 100 years",
		"soon":                 `"soon" is not an age such as 180d, 26w, 6m or 1y`,
		"1.5d":                 `"1.5d" is not an age`,
	}
	for in, want := range bad {
		if _, err := ParseMaxAge(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMaxAge(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestCheck(t *testing.T) {
	allPass := map[string]Answer{"req1": {Status: Pass}, "req2": {Status: Pass}, "opt1": {Status: Pass}, "opt2": {Status: Pass}}
	withOpen := map[string]Answer{"req1": {Status: Pass}, "req2": {Status: Pass}, "opt1": {Status: Pass, Actions: []Action{{Text: "x"}}}, "opt2": {Status: Pass}}
	signAt := func(r *Review, at time.Time, d Decision) {
		s, err := NewSignOff(r, "Kari", "owner", d, "", at)
		if err != nil {
			t.Fatal(err)
		}
		r.SignOffs = append(r.SignOffs, s)
	}
	tests := []struct {
		name    string
		answers map[string]Answer
		sign    func(r *Review)
		opts    CheckOptions
		want    []string // substrings, one per expected reason; empty means pass
	}{
		{"signed and ready", allPass, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{MaxAge: age(t, "180d")}, nil},
		{"not signed", allPass, func(*Review) {}, CheckOptions{}, []string{"review is in-review, not signed off", "no current approval"}},
		{"rejected", allPass, func(r *Review) { signAt(r, day, Reject) }, CheckOptions{}, []string{"review is rejected", "sign-off rejects"}},
		{"blocked", map[string]Answer{"req1": {Status: Fail}}, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{AllowConditions: true}, []string{"verdict is blocked"}},
		{"conditions refused", withOpen, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{}, []string{"ready-with-conditions"}},
		{"conditions allowed", withOpen, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{AllowConditions: true}, nil},
		{"too old", allPass, func(r *Review) { signAt(r, day.AddDate(0, 0, -200), Approve) }, CheckOptions{MaxAge: age(t, "180d")}, []string{"200 days ago; older than the allowed 180d"}},
		{"too old in weeks", allPass, func(r *Review) { signAt(r, day.AddDate(0, 0, -200), Approve) }, CheckOptions{MaxAge: age(t, "26w")}, []string{"200 days ago; older than the allowed 26w"}},
		{"too old in hours", allPass, func(r *Review) { signAt(r, day.Add(-3*time.Hour), Approve) }, CheckOptions{MaxAge: age(t, "1h")}, []string{"signed off on 2026-11-23, 3 hours ago; older than the allowed 1h"}},
		{"young enough in hours", allPass, func(r *Review) { signAt(r, day.Add(-30*time.Minute), Approve) }, CheckOptions{MaxAge: age(t, "1h")}, nil},
		{"off", allPass, func(r *Review) { signAt(r, day.AddDate(-6, 0, 0), Approve) }, CheckOptions{MaxAge: age(t, "off")}, nil},
		// A sign-off from the future would pass any limit forever; the
		// gate does not trust it, limit or none.
		{"from the future", allPass, func(r *Review) { signAt(r, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), Approve) }, CheckOptions{MaxAge: age(t, "30d")},
			[]string{"the sign-off by Kari (owner) is dated 2099-01-01 00:00 UTC, later than now: its time cannot be trusted"}},
		{"from the future, no limit", allPass, func(r *Review) { signAt(r, day.Add(2*time.Hour), Approve) }, CheckOptions{},
			[]string{"is dated 2026-11-23 12:00 UTC, later than now"}},
		{"a clock a little ahead", allPass, func(r *Review) { signAt(r, day.Add(10*time.Minute), Approve) }, CheckOptions{MaxAge: age(t, "30d")}, nil},
		{"no age limit", allPass, func(r *Review) { signAt(r, day.AddDate(-3, 0, 0), Approve) }, CheckOptions{}, nil},
		{"stale", allPass, func(r *Review) {
			signAt(r, day, Approve)
			r.Answers["opt2"] = Answer{Status: Partial}
		}, CheckOptions{AllowConditions: true}, []string{"not signed off", "1 sign-off is stale"}},
		{"missing role", allPass, func(r *Review) {
			r.Template.SignoffRoles = []string{"owner", "security"}
			signAt(r, day, Approve)
		}, CheckOptions{}, []string{"not signed off", "no approval yet from the security role"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := reviewWith(tc.answers)
			tc.sign(r)
			got := Check(r, day, tc.opts)
			if len(tc.want) == 0 {
				if len(got) != 0 {
					t.Fatalf("reasons = %q, want none", got)
				}
				return
			}
			joined := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(joined, w) {
					t.Errorf("reasons = %q\nwant one containing %q", got, w)
				}
			}
		})
	}
}
