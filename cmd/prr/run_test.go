package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// prrEnv points every XDG folder into a fresh temporary folder.
func prrEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(dir, v))
	}
	t.Setenv("PRR_ACTOR", "tester")
	t.Setenv("NO_COLOR", "1")
	return dir
}

type result struct {
	code           int
	stdout, stderr string
}

// runPrr runs prr in this process and fails the test if it does not
// return: the hangs these tests look for would otherwise only show as the
// whole test binary timing out.
func runPrr(t *testing.T, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
		done <- result{code, out.String(), errOut.String()}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(30 * time.Second):
		t.Fatalf("prr %s did not return", strings.Join(args, " "))
		return result{}
	}
}

// TestOldRecordImports: a JSON record exported before renewal dates and
// re-reviews existed imports into today's database and shows as it was
// signed off (review/export/testdata holds it, never regenerated).
func TestOldRecordImports(t *testing.T) {
	prrEnv(t)
	if r := runPrr(t, "import", "../../review/export/testdata/record-v1-2026-12.json"); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	r := runPrr(t, "show", "grkk86za")
	if r.code != 0 || !strings.Contains(r.stdout, "state signed off") {
		t.Errorf("show after import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
