package main

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestMain runs this test binary as peakrss when asked to, so that the
// tests can start it as a fresh process.
func TestMain(m *testing.M) {
	if os.Getenv("PEAKRSS_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// run starts peakrss on args from this process and returns its report.
func run(t *testing.T, args ...string) (wallNS, maxKB int64, code int) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PEAKRSS_AS_MAIN=1")
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Run()
	w.Close()
	if _, serr := fmt.Fscan(r, &wallNS, &maxKB); serr != nil {
		t.Fatalf("no report (%v, %v)", err, serr)
	}
	return wallNS, maxKB, cmd.ProcessState.ExitCode()
}

// TestPeakIsTheCommandsOwn is why peakrss exists: a parent that has used
// 300 MB starts it, and the small command it runs is reported at its own
// few megabytes, not at the parent's peak.
func TestPeakIsTheCommandsOwn(t *testing.T) {
	big := make([]byte, 300<<20)
	for i := 0; i < len(big); i += 4096 { // a byte a page makes each resident
		big[i] = 1
	}
	_, kb, code := run(t, "/bin/true")
	if code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if kb <= 0 || kb > 100<<10 {
		t.Errorf("peak of /bin/true = %d KB; want a few MB, not the 300 MB of the test", kb)
	}
	_ = big[len(big)-1]
}

// TestPeakCountsTheCommandsMemory: a command that fills 64 MB is reported
// at 64 MB or more, with its exit code passed on.
func TestPeakCountsTheCommandsMemory(t *testing.T) {
	_, kb, code := run(t, "/bin/sh", "-c", `head -c 67108864 /dev/zero | tr '\0' x >/dev/null; x=$(head -c 67108864 /dev/zero | tr '\0' x); exit 3`)
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	if kb < 64<<10 {
		t.Errorf("peak = %d KB, want at least 64 MB", kb)
	}
}
