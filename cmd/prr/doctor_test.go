package main

import (
	"strings"
	"testing"
)

// TestDoctorEndsItsLines: every line prr doctor prints ends with a newline,
// the last one too, with a database and without one, as text and as JSON.
func TestDoctorEndsItsLines(t *testing.T) {
	prrEnv(t)
	check := func(args ...string) {
		t.Helper()
		r := runPrr(t, args...)
		if r.code != 0 || r.stdout == "" || !strings.HasSuffix(r.stdout, "\n") {
			t.Errorf("prr %s: exit %d, stdout %q", strings.Join(args, " "), r.code, r.stdout)
		}
	}
	check("doctor")
	check("doctor", "--json")
	if r := runPrr(t, "new", "--service", "doc"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	check("doctor")
	check("doctor", "--json")
	check("doctor", "--accept-rollback")
}
