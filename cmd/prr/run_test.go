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
