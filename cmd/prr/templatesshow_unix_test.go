//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// prr templates show draws a checklist with Glamour when it writes to a
// terminal. Character references in its text are decoded by Glamour, and
// must not bring back what the source was cleaned of.
func TestTemplatesShowOnATerminalIsSafe(t *testing.T) {
	dir := prrEnv(t)
	file := filepath.Join(dir, "refs.yaml")
	refs := `&#13;\u2713 PASS dcs&#144;q osc&#157;0;t&#7; esc&#27;[2J &#x1b;[31m &#13 &lrm;x`
	tmpl := "id: refs\nversion: 1\ntitle: \"Refs " + refs + "\"\ndescription: \"" + refs + "\"\nsections:\n  - id: s\n    title: \"S " + refs + "\"\n    items:\n" +
		"      - id: a\n        title: \"A " + refs + "\"\n        guidance: \"" + refs + "\"\n        sources: [\"" + refs + "\"]\n        refs: [\"" + refs + "\"]\n"
	if err := os.WriteFile(file, []byte(tmpl), 0o600); err != nil {
		t.Fatal(err)
	}
	// Standard output is a terminal, standard input is not: prr then does
	// not ask the terminal for its background colour.
	cmd := prrProcess(t, []string{"TERM=xterm-256color", "NO_COLOR="}, "templates", "show", file)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = tty, tty
	err = cmd.Start()
	tty.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&out, ptmx) // ends with an error when prr exits
		close(done)
	}()
	if code := exitOf(t, cmd); code != 0 {
		t.Fatalf("exit %d: %q", code, out.String())
	}
	<-done
	// The terminal turns each \n into \r\n; any other \r came from the text.
	screen := strings.ReplaceAll(out.String(), "\r\n", "\n")
	if !strings.Contains(screen, "PASS") {
		t.Fatalf("the checklist was not shown: %q", screen)
	}
	if strings.Contains(screen, "\x1b[31m") {
		t.Fatalf("a reference in the text became styling: %q", screen)
	}
	rest := regexp.MustCompile(`\x1b\[[0-9;:]*m`).ReplaceAllString(screen, "")
	for _, r := range rest {
		if r != '\n' && (r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0x200e || r == 0x200f) {
			t.Fatalf("%U reaches the terminal: %q", r, rest)
		}
	}
}
