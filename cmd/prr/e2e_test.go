package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestTUIEndToEnd drives the real binary in tmux (see .ci/e2e-tui.sh):
// create a review in the form, answer with the walk keys, add a note and an
// action item, quit, and check with prr show --json that all of it is
// stored. It needs tmux; CI installs it.
func TestTUIEndToEnd(t *testing.T) { runE2E(t, "e2e-tui.sh") }

// TestTUIMeetingEndToEnd holds a whole meeting at 80x24 in tmux (see
// .ci/e2e-meeting.sh): roll call, a section over its timebox, a form typed
// with no pauses, a search, parking, a jump from the summary, a note cut
// short by ctrl+c, a second sitting; then checks prr show --json and the
// record. The section starts with 50 seconds spent (seeded through a JSON
// record), so it runs over its one-minute timebox in about ten seconds.
func TestTUIMeetingEndToEnd(t *testing.T) { runE2E(t, "e2e-meeting.sh") }

// runE2E runs one of the scripts. They run side by side (mostly waiting
// for a screen), each on a tmux server of its own.
func runE2E(t *testing.T, name string) {
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	script, err := filepath.Abs("../../.ci/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("end-to-end run failed: %v", err)
	}
}

// TestServeEndToEnd runs prr serve with three real OpenSSH clients in tmux
// (see .ci/e2e-serve.sh): a meeting, refusals, the busy database, a backup,
// and the stored result. It needs tmux and openssh-client; CI installs them.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	for _, tool := range []string{"tmux", "ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	script, err := filepath.Abs("../../.ci/e2e-serve.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("end-to-end run failed: %v", err)
	}
}
