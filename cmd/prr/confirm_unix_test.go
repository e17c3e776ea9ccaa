//go:build unix

package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// TestDeclinedDeleteFails: on a terminal, prr delete asks; answering no
// (or just Enter) keeps the review and exits 1, so a script around it can
// tell; yes deletes it.
func TestDeclinedDeleteFails(t *testing.T) {
	prrEnv(t)
	r := runPrr(t, "new", "--service", "keep-me", "--template", "standard")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	for _, tc := range []struct {
		answer string
		code   int
	}{{"n\n", 1}, {"\n", 1}, {"y\n", 0}} {
		cmd := prrProcess(t, nil, "delete", id)
		tty, err := pty.Start(cmd)
		if err != nil {
			t.Fatal(err)
		}
		var out syncBuffer
		done := make(chan struct{})
		go func() {
			answerTerminalQueries(io.TeeReader(tty, &out), tty)
			close(done)
		}()
		waitFor(t, "the question", func() bool { return strings.Contains(out.String(), "[y/N]") })
		_, _ = tty.WriteString(tc.answer)
		code := exitOf(t, cmd)
		tty.Close()
		<-done
		if code != tc.code {
			t.Errorf("answer %q: exit %d, want %d; output %q", tc.answer, code, tc.code, out.String())
		}
		kept := runPrr(t, "show", id).code == 0
		if kept != (tc.code != 0) {
			t.Errorf("answer %q: review kept = %v", tc.answer, kept)
		}
	}
}

// answerTerminalQueries reads what prr writes to the terminal and answers
// its questions as a terminal would (Fang asks for the background colour
// before it prints an error, and waits seconds for a reply that never
// comes from a bare pseudo-terminal).
func answerTerminalQueries(r io.Reader, w io.Writer) {
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		if bytes.Contains(buf[:n], []byte("\x1b]11;?")) {
			_, _ = io.WriteString(w, "\x1b]11;rgb:0000/0000/0000\x07")
		}
		if bytes.Contains(buf[:n], []byte("\x1b[c")) {
			_, _ = io.WriteString(w, "\x1b[?62;22c")
		}
		if err != nil {
			return
		}
	}
}
