package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review/store"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a prr serve running in this process.
type testServer struct {
	addr, db, dir string
	keys          map[string]gossh.Signer
	stderr        *syncBuffer
	stop          func() int
}

func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// startServe creates a review of the standard checklist for "checkout",
// authorizes alice, bob and carol, and starts prr serve on a free port.
func startServe(t *testing.T, extra ...string) (*testServer, string) {
	t.Helper()
	dir := prrEnv(t)
	ts := &testServer{dir: dir, db: filepath.Join(dir, "prr.db"), keys: map[string]gossh.Signer{}, stderr: &syncBuffer{}}
	var ak strings.Builder
	for _, name := range []string{"alice", "bob", "carol", "eve"} {
		ts.keys[name] = newKey(t)
		if name != "eve" {
			fmt.Fprintf(&ak, "%s %s\n", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(ts.keys[name].PublicKey()))), name)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(ak.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runPrr(t, "--db", ts.db, "new", "--service", "checkout", "--template", "standard")
	if r.code != 0 {
		t.Fatalf("prr new: %d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	args := append([]string{"--db", ts.db, "serve", "--listen", "127.0.0.1:0",
		"--host-key", filepath.Join(dir, "host_key"), "--authorized-keys", filepath.Join(dir, "authorized_keys")}, extra...)
	go func() { done <- run(ctx, args, strings.NewReader(""), out, ts.stderr) }()
	addrRe := regexp.MustCompile(`listening on (\S+)`)
	deadline := time.Now().Add(10 * time.Second)
	for ts.addr == "" {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			ts.addr = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("prr serve ended with %d: %s", code, ts.stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("prr serve did not start")
		}
	}
	var once sync.Once
	code := 0
	ts.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("prr serve did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() { ts.stop() })
	return ts, id
}

// dial connects as one of the test's users, noting any banner.
func (ts *testServer) dial(name string, banner *string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	if len(auth) == 0 {
		auth = []gossh.AuthMethod{gossh.PublicKeys(ts.keys[name])}
	}
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User:            name,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		BannerCallback: func(msg string) error {
			if banner != nil {
				*banner += msg
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
}

// exec runs a command without a terminal and returns its exit code,
// output and errors.
func (ts *testServer) exec(t *testing.T, name, cmd string) (int, string, string) {
	t.Helper()
	c, err := ts.dial(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	s.Stdout, s.Stderr = &out, &errOut
	if cmd == "" {
		err = s.Shell()
		if err == nil {
			err = s.Wait()
		}
	} else {
		err = s.Run(cmd)
	}
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errOut.String()
	case errors.As(err, &ee):
		return ee.ExitStatus(), out.String(), errOut.String()
	}
	t.Fatalf("%s: %v", cmd, err)
	return 0, "", ""
}

// screen is an SSH session with a terminal, drawn on a virtual one.
type screen struct {
	conn *gossh.Client
	sess *gossh.Session
	in   io.Writer
	mu   sync.Mutex
	emu  *vt.Emulator
	done chan struct{}
}

func (ts *testServer) openScreen(t *testing.T, name, cmd string) *screen {
	t.Helper()
	c, err := ts.dial(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	sc := &screen{conn: c, sess: s, in: in, emu: vt.NewEmulator(100, 30), done: make(chan struct{})}
	go func() { _, _ = io.Copy(in, sc.emu) }() // the terminal's answers to queries
	go func() {
		defer close(sc.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			sc.mu.Lock()
			_, _ = sc.emu.Write(buf[:n])
			sc.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	if cmd == "" {
		err = s.Shell()
	} else {
		err = s.Start(cmd)
	}
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func (sc *screen) text() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.emu.String()
}

// waitFor waits until the screen shows every one of subs.
func (sc *screen) waitFor(t *testing.T, subs ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		txt := sc.text()
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(txt, s)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("screen never showed %q:\n%s", subs, txt)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (sc *screen) press(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(sc.in, keys); err != nil {
		t.Fatal(err)
	}
}

func TestServeRefusals(t *testing.T) {
	ts, _ := startServe(t)

	// OpenSSH tries keyboard-interactive after its keys; so does this client.
	var banner string
	kbd := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
	if _, err := ts.dial("eve", &banner, gossh.PublicKeys(ts.keys["eve"]), kbd); err == nil {
		t.Fatal("an unknown key got in")
	}
	fp := gossh.FingerprintSHA256(ts.keys["eve"].PublicKey())
	if !strings.Contains(banner, fp) || !strings.Contains(banner, "not authorized") {
		t.Errorf("the refusal does not show the key's fingerprint %s: %q", fp, banner)
	}
	if !strings.Contains(ts.stderr.String(), fp) {
		t.Error("the refusal is not in the log with the fingerprint")
	}
	if _, err := ts.dial("alice", nil, gossh.Password("hunter2")); err == nil {
		t.Fatal("a password got in")
	}

	code, _, errOut := ts.exec(t, "alice", "sh -c id")
	if code != 2 || !strings.Contains(errOut, "review screens only") {
		t.Errorf("a command: exit %d, %q", code, errOut)
	}
	code, _, errOut = ts.exec(t, "alice", "")
	if code != 1 || !strings.Contains(errOut, "ssh -t") {
		t.Errorf("a shell without a terminal: exit %d, %q", code, errOut)
	}
	code, _, errOut = ts.exec(t, "alice", "open nope")
	if code != 1 || !strings.Contains(errOut, "open nope") {
		t.Errorf("open of no review: exit %d, %q", code, errOut)
	}
	c, err := ts.dial("alice", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("port forwarding was allowed")
	}
	c.Close()
}

// TestServeHoldsTheDatabase: a local prr gets the busy error while the
// server runs; the backup comes through the server; the database is free
// again once it stops.
func TestServeHoldsTheDatabase(t *testing.T) {
	ts, id := startServe(t, "--lock-timeout", "200ms")
	r := runPrr(t, "--db", ts.db, "--lock-timeout", "100ms", "list")
	if r.code != exitBusy || !strings.Contains(r.stderr, "busy") {
		t.Errorf("local prr while serving: exit %d, %q", r.code, r.stderr)
	}
	code, out, errOut := ts.exec(t, "bob", "backup")
	if code != 0 {
		t.Fatalf("backup: exit %d, %q", code, errOut)
	}
	copyPath := filepath.Join(ts.dir, "copy.db")
	if err := os.WriteFile(copyPath, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := store.Open(copyPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	if _, err := cp.Get(id); err != nil {
		t.Errorf("the backup lacks the review: %v", err)
	}
	cp.Close()
	if code := ts.stop(); code != 0 {
		t.Errorf("prr serve stopped with %d: %s", code, ts.stderr.String())
	}
	if r := runPrr(t, "--db", ts.db, "list"); r.code != 0 {
		t.Errorf("after the server stopped: %d %s", r.code, r.stderr)
	}
}

// TestServeMeeting: two terminals on one review; the facilitator's answer
// reaches the other's screen, the follower's note the facilitator's; the
// history names each.
func TestServeMeeting(t *testing.T) {
	ts, id := startServe(t)
	alice := ts.openScreen(t, "alice", "open "+id)
	alice.waitFor(t, "alice drives")
	bob := ts.openScreen(t, "bob", "open "+id)
	bob.waitFor(t, "alice drives · with bob", "following")
	alice.waitFor(t, "with bob")

	alice.press(t, "y") // pass, and on to the next item: bob follows
	bob.waitFor(t, "1/80 answered", "item 2/80")
	bob.press(t, "n") // a follower's status is refused
	bob.waitFor(t, "only the facilitator sets statuses")
	bob.press(t, "e")
	bob.press(t, "Looked at the alerts")
	bob.press(t, "\x1b")
	alice.waitFor(t, "Looked at the alerts")

	if code := ts.stop(); code != 0 {
		t.Fatalf("prr serve stopped with %d", code)
	}
	st, err := store.Open(ts.db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, hist, err := st.GetWithHistory(id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range hist {
		if ev.Field != "created" {
			got = append(got, ev.Actor+" "+ev.Field)
		}
	}
	want := "alice status,bob note"
	if strings.Join(got, ",") != want {
		t.Errorf("history %v, want %s", got, want)
	}
	if !strings.Contains(ts.stderr.String(), `msg=change user=bob`) {
		t.Errorf("bob's change is not in the log:\n%s", ts.stderr.String())
	}
}

func TestServeLimits(t *testing.T) {
	ts, _ := startServe(t, "--max-per-key", "1")
	first := ts.openScreen(t, "carol", "")
	first.waitFor(t, "checkout")
	code, _, errOut := ts.exec(t, "carol", "backup")
	if code != 1 || !strings.Contains(errOut, "the most allowed for one key") {
		t.Errorf("a second session of one key: exit %d, %q", code, errOut)
	}
	if code, _, _ := ts.exec(t, "alice", "backup"); code != 0 {
		t.Error("another key was turned away too")
	}
}

func TestClampAndTerm(t *testing.T) {
	if w, h := clampSize(100000, -5); w != maxCols || h != 1 {
		t.Errorf("clamped to %dx%d", w, h)
	}
	for in, want := range map[string]string{"xterm-256color": "xterm-256color", "\x1b]0;pwn\x07": "xterm-256color", "": "xterm-256color", strings.Repeat("a", 100): "xterm-256color", "screen.xterm": "screen.xterm"} {
		if got := safeTerm(in); got != want {
			t.Errorf("safeTerm(%q) = %q", in, got)
		}
	}
}

// TestServeHostileTerminal: a terminal name full of escapes and sizes of
// nothing and of millions of cells are clamped; the session works and ends
// cleanly.
func TestServeHostileTerminal(t *testing.T) {
	ts, _ := startServe(t)
	c, err := ts.dial("alice", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("\x1b]0;owned\x07xterm", 0, 1<<30, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out := &syncBuffer{}
	s.Stdout = out
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "1 revie") { // one row: the status bar
		if time.Now().After(deadline) {
			t.Fatalf("no screen: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := s.SendRequest("window-change", false, gossh.Marshal(struct{ W, H, PW, PH uint32 }{1 << 31, 1 << 31, 0, 0})); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(in, "\x03"); err != nil { // ctrl+c
		t.Fatal(err)
	}
	if err := s.Wait(); err != nil {
		t.Fatalf("the session did not end cleanly: %v", err)
	}
	if strings.Contains(out.String(), "owned") {
		t.Error("the terminal name reached the screen")
	}
}

// TestServeDisconnectKeepsWhatWasSaved: a terminal that drops right after
// "saved" leaves the answer stored.
func TestServeDisconnectKeepsWhatWasSaved(t *testing.T) {
	ts, id := startServe(t)
	sc := ts.openScreen(t, "carol", "open "+id)
	sc.waitFor(t, "carol drives")
	sc.press(t, "n")
	sc.waitFor(t, "saved fail")
	sc.conn.Close() // gone, without quitting
	if code := ts.stop(); code != 0 {
		t.Fatalf("prr serve stopped with %d", code)
	}
	st, err := store.Open(ts.db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range r.Answers {
		found = found || a.Status == "fail" && a.UpdatedBy == "carol"
	}
	if !found {
		t.Errorf("carol's saved answer is gone: %+v", r.Answers)
	}
}
