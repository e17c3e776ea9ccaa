package main

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// server is a prr serve process.
type server struct {
	cmd *exec.Cmd
}

// startServer starts prr serve on a free port of the loopback, with its
// host key and authorized keys in dir, and returns its address.
func startServer(prr string, env []string, dir string) (*server, string, error) {
	cmd := exec.Command(prr, "serve", "--listen", "127.0.0.1:0", "--max-per-key", "2",
		"--host-key", dir+"/host_key", "--authorized-keys", dir+"/authorized_keys", "--log-level", "warn")
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	s := &server{cmd: cmd}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		re := regexp.MustCompile(`listening on (\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if ok {
			return s, a, nil
		}
	case <-time.After(30 * time.Second):
	}
	s.stop()
	return nil, "", fmt.Errorf("prr serve did not start")
}

func (s *server) stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// sshScreen is one SSH client with a terminal, its screen drawn by a
// virtual terminal as a real one would draw it.
type sshScreen struct {
	client *gossh.Client
	sess   *gossh.Session
	in     io.Writer

	mu   sync.Mutex
	emu  *vt.Emulator
	want *regexp.Regexp // what a watcher waits for, or nil
	seen chan time.Time
	done chan struct{}
}

// dialScreen connects with key, asks for a terminal of the suite's size
// and runs cmd.
func dialScreen(addr string, key gossh.Signer, cmd string) (*sshScreen, error) {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	sess, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	in, err1 := sess.StdinPipe()
	out, err2 := sess.StdoutPipe()
	err3 := sess.RequestPty("xterm-256color", termRows, termCols, gossh.TerminalModes{})
	if err := firstErr(err1, err2, err3); err != nil {
		c.Close()
		return nil, err
	}
	s := &sshScreen{client: c, sess: sess, in: in, emu: vt.NewEmulator(termCols, termRows), done: make(chan struct{})}
	go func() { _, _ = io.Copy(in, s.emu) }() // the terminal's answers to queries
	go s.read(out)
	if err := sess.Start(cmd); err != nil {
		c.Close()
		return nil, err
	}
	return s, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// read feeds the output to the emulator and tells a watcher when the screen
// shows what it waits for, with the time the read returned.
func (s *sshScreen) read(out io.Reader) {
	defer close(s.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := out.Read(buf)
		at := time.Now()
		if n > 0 {
			s.mu.Lock()
			_, _ = s.emu.Write(buf[:n])
			if s.want != nil && s.want.MatchString(s.emu.String()) {
				s.want = nil
				s.seen <- at
			}
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// expect starts watching for want; the channel gets the time the screen
// first shows it (now, if it shows it already).
func (s *sshScreen) expect(want *regexp.Regexp) <-chan time.Time {
	seen := make(chan time.Time, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if want.MatchString(s.emu.String()) {
		seen <- time.Now()
		return seen
	}
	s.want, s.seen = want, seen
	return seen
}

// waitFor waits until the screen shows want.
func (s *sshScreen) waitFor(want *regexp.Regexp, timeout time.Duration) (time.Time, error) {
	select {
	case at := <-s.expect(want):
		return at, nil
	case <-s.done:
		return time.Time{}, fmt.Errorf("the session ended (screen: %q)", s.screen())
	case <-time.After(timeout):
		return time.Time{}, fmt.Errorf("%s not on screen after %s (screen: %q)", want, timeout, s.screen())
	}
}

func (s *sshScreen) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimSpace(s.emu.String())
}

func (s *sshScreen) press(keys string) (time.Time, error) {
	at := time.Now()
	_, err := io.WriteString(s.in, keys)
	return at, err
}

func (s *sshScreen) close() {
	_ = s.sess.Close()
	_ = s.client.Close()
}
