package review

import (
	"strings"
	"testing"
	"time"
)

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
		{"signed and ready", allPass, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{MaxAge: 180 * 24 * time.Hour}, nil},
		{"not signed", allPass, func(*Review) {}, CheckOptions{}, []string{"review is in-review, not signed off", "no current approval"}},
		{"rejected", allPass, func(r *Review) { signAt(r, day, Reject) }, CheckOptions{}, []string{"review is rejected", "sign-off rejects"}},
		{"blocked", map[string]Answer{"req1": {Status: Fail}}, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{AllowConditions: true}, []string{"verdict is blocked"}},
		{"conditions refused", withOpen, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{}, []string{"ready-with-conditions"}},
		{"conditions allowed", withOpen, func(r *Review) { signAt(r, day, Approve) }, CheckOptions{AllowConditions: true}, nil},
		{"too old", allPass, func(r *Review) { signAt(r, day.AddDate(0, 0, -200), Approve) }, CheckOptions{MaxAge: 180 * 24 * time.Hour}, []string{"200 days ago; older than the allowed 180 days"}},
		{"no age limit", allPass, func(r *Review) { signAt(r, day.AddDate(-3, 0, 0), Approve) }, CheckOptions{}, nil},
		{"stale", allPass, func(r *Review) {
			signAt(r, day, Approve)
			r.Answers["opt2"] = Answer{Status: Partial}
		}, CheckOptions{AllowConditions: true}, []string{"not signed off", "1 sign-off is stale"}},
		{"missing role", allPass, func(r *Review) {
			r.Template.SignoffRoles = []string{"owner", "security"}
			signAt(r, day, Approve)
		}, CheckOptions{}, []string{"not signed off", "no approval yet from the role(s): [security]"}},
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
