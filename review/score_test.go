package review

import (
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// testTemplate has two sections: two required items and two optional ones.
func testTemplate() Template {
	return Template{ID: "t", Version: 1, Title: "T", Sections: []Section{
		{ID: "a", Title: "A", Items: []Item{
			{ID: "req1", Title: "Required one", Required: true, Level: 1},
			{ID: "opt1", Title: "Optional one", Level: 2},
		}},
		{ID: "b", Title: "B", Items: []Item{
			{ID: "req2", Title: "Required two", Required: true, Level: 1},
			{ID: "opt2", Title: "Optional two", Level: 3},
		}},
	}}
}

func reviewWith(answers map[string]Answer) *Review {
	r, err := NewReview("abcd2345", testTemplate(), Meta{Service: "svc"}, day, "tester")
	if err != nil {
		panic(err)
	}
	for k, v := range answers {
		r.Answers[k] = v
	}
	return r
}

func waiver(expires string) *Waiver {
	return &Waiver{Reason: "accepted", AcceptedBy: "CTO", Expires: Date(expires)}
}

func TestAssessVerdict(t *testing.T) {
	pass := Answer{Status: Pass}
	tests := []struct {
		name    string
		answers map[string]Answer
		verdict Verdict
		reason  string
	}{
		{"nothing answered", nil, Blocked, "2 required items are not met"},
		{"required unanswered", map[string]Answer{"req1": pass, "opt1": pass, "opt2": pass}, Blocked, "1 required item is not met"},
		{"required fails", map[string]Answer{"req1": {Status: Fail}, "req2": pass, "opt1": pass, "opt2": pass}, Blocked, "1 required item is not met"},
		{"required partial", map[string]Answer{"req1": {Status: Partial}, "req2": pass, "opt1": pass, "opt2": pass}, Blocked, ""},
		{"required fail waived", map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-12-31")}, "req2": pass, "opt1": pass, "opt2": pass}, ReadyWithConditions, "1 waiver is in force"},
		{"waiver expiring today still counts", map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-11-23")}, "req2": pass, "opt1": pass, "opt2": pass}, ReadyWithConditions, ""},
		{"expired waiver no longer counts", map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-11-22")}, "req2": pass, "opt1": pass, "opt2": pass}, Blocked, ""},
		{"required n/a", map[string]Answer{"req1": {Status: NA, Note: "no data"}, "req2": pass, "opt1": pass, "opt2": pass}, Ready, ""},
		{"optional fails", map[string]Answer{"req1": pass, "req2": pass, "opt1": {Status: Fail}, "opt2": pass}, ReadyWithConditions, "1 optional item is not met"},
		{"optional partial", map[string]Answer{"req1": pass, "req2": pass, "opt1": {Status: Partial}, "opt2": pass}, ReadyWithConditions, ""},
		{"optional unanswered", map[string]Answer{"req1": pass, "req2": pass, "opt1": pass}, ReadyWithConditions, "1 optional item is not met"},
		{"open action", map[string]Answer{"req1": {Status: Pass, Actions: []Action{{Text: "do it"}}}, "req2": pass, "opt1": pass, "opt2": pass}, ReadyWithConditions, "1 action item is open"},
		{"done action", map[string]Answer{"req1": {Status: Pass, Actions: []Action{{Text: "do it", Done: true}}}, "req2": pass, "opt1": pass, "opt2": pass}, Ready, ""},
		{"all pass", map[string]Answer{"req1": pass, "req2": pass, "opt1": pass, "opt2": pass}, Ready, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			as := Assess(reviewWith(tc.answers), day)
			if as.Verdict != tc.verdict {
				t.Fatalf("verdict = %s, want %s (reasons %v)", as.Verdict, tc.verdict, as.Reasons)
			}
			if tc.reason != "" && !strings.Contains(strings.Join(as.Reasons, "; "), tc.reason) {
				t.Errorf("reasons = %v, want one containing %q", as.Reasons, tc.reason)
			}
			if tc.verdict == Ready && len(as.Reasons) != 0 {
				t.Errorf("a ready review has reasons: %v", as.Reasons)
			}
		})
	}
}

func TestAssessScore(t *testing.T) {
	tests := []struct {
		name     string
		answers  map[string]Answer
		score    float64
		answered int
		secA     float64
	}{
		{"empty", nil, 0, 0, 0},
		{"all pass", map[string]Answer{"req1": {Status: Pass}, "opt1": {Status: Pass}, "req2": {Status: Pass}, "opt2": {Status: Pass}}, 100, 4, 100},
		{"partial counts half", map[string]Answer{"req1": {Status: Partial}, "opt1": {Status: Pass}}, 37.5, 2, 75},
		{"n/a left out", map[string]Answer{"req1": {Status: NA, Note: "x"}, "opt1": {Status: Pass}, "req2": {Status: Pass}, "opt2": {Status: Fail}}, 200.0 / 3, 4, 100},
		{"all n/a", map[string]Answer{"req1": {Status: NA, Note: "x"}, "opt1": {Status: NA, Note: "x"}, "req2": {Status: NA, Note: "x"}, "opt2": {Status: NA, Note: "x"}}, 100, 4, 100},
		{"fail is zero", map[string]Answer{"req1": {Status: Fail}, "opt1": {Status: Fail}}, 0, 2, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			as := Assess(reviewWith(tc.answers), day)
			if diff := as.Score - tc.score; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("score = %v, want %v", as.Score, tc.score)
			}
			if as.Answered != tc.answered || as.Total != 4 {
				t.Errorf("answered %d/%d, want %d/4", as.Answered, as.Total, tc.answered)
			}
			if got := as.Sections[0].Percent(); got != tc.secA {
				t.Errorf("section A = %v, want %v", got, tc.secA)
			}
		})
	}
}

func TestAssessLists(t *testing.T) {
	r := reviewWith(map[string]Answer{
		"req1": {Status: Fail, Waiver: waiver("2026-01-01"), Actions: []Action{{Text: "late", Due: "2026-11-01"}, {Text: "done", Done: true}, {Text: "later", Due: "2027-01-01"}}},
		"opt1": {Status: Partial, Waiver: waiver("2027-01-01")},
	})
	as := Assess(r, day)
	if len(as.Blocking) != 2 || as.Blocking[0].ItemID != "req1" || !strings.Contains(as.Blocking[0].Reason, "waiver expired on 2026-01-01") {
		t.Errorf("blocking = %+v", as.Blocking)
	}
	if len(as.OpenActions) != 2 || !as.OpenActions[0].Overdue || as.OpenActions[1].Overdue {
		t.Errorf("open actions = %+v", as.OpenActions)
	}
	if len(as.Waivers) != 2 || !as.Waivers[0].Expired || as.Waivers[1].Expired {
		t.Errorf("waivers = %+v", as.Waivers)
	}
	if as.Sections[0].Blocking != 1 || as.Sections[1].Blocking != 1 {
		t.Errorf("section blocking = %d %d", as.Sections[0].Blocking, as.Sections[1].Blocking)
	}
}

func TestAssessLevel(t *testing.T) {
	pass := Answer{Status: Pass}
	tests := []struct {
		answers map[string]Answer
		level   int
	}{
		{nil, 0},
		{map[string]Answer{"req1": pass, "req2": pass}, 1},
		{map[string]Answer{"req1": pass, "req2": pass, "opt1": pass}, 2},
		{map[string]Answer{"req1": pass, "req2": pass, "opt2": pass}, 1},
		{map[string]Answer{"req1": pass, "req2": pass, "opt1": pass, "opt2": pass}, 3},
	}
	for _, tc := range tests {
		if got := Assess(reviewWith(tc.answers), day).Level; got != tc.level {
			t.Errorf("%v: level %d, want %d", tc.answers, got, tc.level)
		}
	}
}

func TestAnswerValidate(t *testing.T) {
	it := Item{ID: "x", Title: "X"}
	tests := []struct {
		name string
		a    Answer
		want string
	}{
		{"ok", Answer{Status: Pass, Evidence: []string{"https://x"}}, ""},
		{"bad status", Answer{Status: "maybe"}, "unknown status"},
		{"n/a without reason", Answer{Status: NA}, "n/a needs a short reason"},
		{"n/a with reason", Answer{Status: NA, Note: "no personal data"}, ""},
		{"waiver on pass", Answer{Status: Pass, Waiver: waiver("2027-01-01")}, "only a failing or partial item can be waived"},
		{"waiver without expiry", Answer{Status: Fail, Waiver: &Waiver{Reason: "r", AcceptedBy: "a"}}, "expiry"},
		{"waiver without name", Answer{Status: Fail, Waiver: &Waiver{Reason: "r", Expires: "2027-01-01"}}, "accepted the risk"},
		{"action without text", Answer{Status: Fail, Actions: []Action{{Owner: "me"}}}, "needs a text"},
		{"action bad date", Answer{Status: Fail, Actions: []Action{{Text: "t", Due: "31/12/2026"}}}, "not a YYYY-MM-DD date"},
		{"empty evidence", Answer{Status: Pass, Evidence: []string{" "}}, "evidence link is empty"},
		{"multi-line evidence", Answer{Status: Pass, Evidence: []string{"a\nb"}}, "single line"},
		{"huge note", Answer{Status: Pass, Note: strings.Repeat("x", MaxNoteBytes+1)}, "under"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Validate(it)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := map[string]Date{"2026-12-31": "2026-12-31", "+7d": "2026-11-30", "+2w": "2026-12-07", "+1m": "2026-12-23", "+1y": "2027-11-23", "": ""}
	for in, want := range tests {
		got, err := ParseDate(in, day)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"2026-13-01", "tomorrow", "+3x", "31/12/2026", "+-1d"} {
		if _, err := ParseDate(bad, day); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}
