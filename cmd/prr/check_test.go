package main

import (
	"strings"
	"testing"
)

// --max-age is the one thing between a stale sign-off and production: a
// value that does not say an age is a usage error (exit 2), never a quiet
// "no limit", and the limit is told in the unit it was given in.
func TestCheckMaxAge(t *testing.T) {
	prrEnv(t)
	r := runPrr(t, "new", "--service", "svc", "--template", "standard")
	if r.code != 0 {
		t.Fatalf("prr new: %s", r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	tests := []struct {
		age  string
		code int
		want string
	}{
		{"", 2, "prr: --max-age: the maximum age is empty; give one such as 180d, or 0 or off for no limit\n"},
		{"106752d", 2, "prr: --max-age: the maximum age \"106752d\" is longer than 100 years; use off for no limit\n"},
		{"99999999999999999999y", 2, "longer than 100 years"},
		{"0d", 2, "a maximum age of 0d would refuse every sign-off"},
		{"soon", 2, `"soon" is not an age`},
		{"off", 1, ""},
		{"0", 1, ""},
		{"1h", 1, ""},
	}
	for _, tc := range tests {
		r := runPrr(t, "check", id, "--max-age", tc.age)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("--max-age %q: exit %d, stderr %q; want %d and %q", tc.age, r.code, r.stderr, tc.code, tc.want)
		}
		if tc.code == 1 && !strings.Contains(r.stdout, "not signed off") {
			t.Errorf("--max-age %q: %q", tc.age, r.stdout)
		}
	}
}
