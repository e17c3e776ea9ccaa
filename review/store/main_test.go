package store

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// The crash and two-process tests run this test binary again as a child
// process. The environment variable childMode selects what the child does;
// TestMain runs it instead of the tests, so the child's stdout carries only
// what the child prints.
const (
	childMode   = "PRR_STORE_TEST_CHILD"
	childDB     = "PRR_STORE_TEST_DB"
	childReview = "PRR_STORE_TEST_REVIEW"
	childItems  = "PRR_STORE_TEST_ITEMS"
	childStart  = "PRR_STORE_TEST_START"
	childRounds = "PRR_STORE_TEST_ROUNDS"
	childTag    = "PRR_STORE_TEST_TAG"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childMode) {
	case "":
		code := m.Run()
		cleanupBenchData()
		os.Exit(code)
	case "crash":
		os.Exit(crashChild())
	case "hold":
		os.Exit(holdChild())
	case "answer":
		os.Exit(answerChild())
	default:
		fmt.Fprintf(os.Stderr, "unknown child mode %q\n", os.Getenv(childMode))
		os.Exit(2)
	}
}

// crashChild sets answers in a loop, forever, printing "item value" after
// each UpdateAnswer returns: every printed line is an acknowledged change.
func crashChild() int {
	s, err := Open(os.Getenv(childDB), Options{Actor: "crash-child", LockTimeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	items := strings.Split(os.Getenv(childItems), ",")
	start, _ := strconv.Atoi(os.Getenv(childStart))
	id := os.Getenv(childReview)
	for i := start; ; i++ {
		item := items[i%len(items)]
		_, err := s.UpdateAnswer(id, item, func(a *review.Answer) error {
			a.Status = review.Pass
			a.Note = strconv.Itoa(i)
			a.Evidence = []string{fmt.Sprintf("https://example.com/evidence/%d", i)}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Fprintf(os.Stdout, "%s %d\n", item, i)
	}
}

// holdChild opens the database with bbolt directly and sits inside a write
// transaction, holding the exclusive lock, until it is killed.
func holdChild() int {
	db, err := bolt.Open(os.Getenv(childDB), 0o600, &bolt.Options{Timeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	_ = db.Update(func(tx *bolt.Tx) error {
		fmt.Println("locked")
		time.Sleep(time.Minute)
		return nil
	})
	return 0
}

// answerChild answers its items for a number of rounds, writing the note
// "<tag>-<round>", then exits.
func answerChild() int {
	s, err := Open(os.Getenv(childDB), Options{Actor: os.Getenv(childTag), LockTimeout: 20 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	items := strings.Split(os.Getenv(childItems), ",")
	rounds, _ := strconv.Atoi(os.Getenv(childRounds))
	tag := os.Getenv(childTag)
	for r := range rounds {
		for _, item := range items {
			note := fmt.Sprintf("%s-%d", tag, r)
			if _, err := s.UpdateAnswer(os.Getenv(childReview), item, setStatus(review.Partial, note)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 2
			}
		}
	}
	return 0
}

// child is a running child process and the lines it prints.
type child struct {
	cmd    *exec.Cmd
	lines  chan string
	stderr *syncBuffer
}

// startChild runs this test binary in the given child mode.
func startChild(t *testing.T, mode string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childMode+"="+mode)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 1024), stderr: &syncBuffer{}}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	return c
}

// waitLine waits for the child's next line.
func (c *child) waitLine(t *testing.T, within time.Duration) (string, bool) {
	t.Helper()
	select {
	case l, ok := <-c.lines:
		return l, ok
	case <-time.After(within):
		t.Fatalf("child printed nothing within %s; stderr: %s", within, c.stderr)
		return "", false
	}
}

// kill sends SIGKILL, discards what the child printed, and reaps it.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	for range c.lines {
	}
	_ = c.cmd.Wait()
}

// syncBuffer collects a child's stderr, which exec copies from another
// goroutine while a failing test may read it.
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
