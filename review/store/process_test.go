package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// TestCrashKeepsEveryAcknowledgedAnswer runs a child process that sets
// answers in a loop and prints each one UpdateAnswer acknowledged, kills it
// with SIGKILL at random moments (at least 100 times; 10 with -short), and
// after every kill reopens the database and checks that each acknowledged
// answer is there and that Doctor (bbolt's tx.Check and the schema checks)
// finds nothing wrong.
func TestCrashKeepsEveryAcknowledgedAnswer(t *testing.T) {
	kills := 100
	if testing.Short() {
		kills = 10
	}
	s, path := openTest(t, newClock())
	const items = 12
	r, err := s.Create(manyItemTemplate(items), testMeta("crashy"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range items {
		names = append(names, fmt.Sprintf("item-%d", i))
	}
	acked := map[string]int{} // item -> the highest note value acknowledged
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	deadline := time.Now().Add(50 * time.Second)
	totalAcks := 0
	for kill := 0; kill < kills; kill++ {
		if time.Now().After(deadline) {
			t.Fatalf("only %d kills within the time budget", kill)
		}
		c := startChild(t, "crash",
			childDB+"="+path, childReview+"="+r.ID, childItems+"="+strings.Join(names, ","),
			childStart+"="+strconv.Itoa(kill*1_000_000))
		// Mostly kill while answers are being written; sometimes while the
		// child is still starting up and opening the database.
		var lines []string
		if rng.IntN(5) > 0 {
			line, ok := c.waitLine(t, 30*time.Second)
			if !ok {
				c.kill()
				t.Fatalf("child exited early: %s", c.stderr)
			}
			lines = append(lines, line)
		}
		time.Sleep(time.Duration(rng.IntN(60_000)) * time.Microsecond)
		_ = c.cmd.Process.Kill()
		// Everything the child printed before it died is an acknowledged
		// answer; lines are only written after UpdateAnswer returned. Read
		// them all before Wait, which closes the pipe.
		for line := range c.lines {
			lines = append(lines, line)
		}
		_ = c.cmd.Wait()
		for _, line := range lines {
			var item string
			var v int
			if _, err := fmt.Sscanf(line, "%s %d", &item, &v); err != nil {
				t.Fatalf("child printed %q", line)
			}
			acked[item] = max(acked[item], v)
			totalAcks++
		}
		if msg := c.stderr.String(); msg != "" {
			t.Fatalf("child reported an error: %s", msg)
		}

		got, err := s.Get(r.ID)
		if err != nil {
			t.Fatalf("after kill %d: %v", kill+1, err)
		}
		for item, want := range acked {
			a := got.Answers[item]
			v, err := strconv.Atoi(a.Note)
			// A later, unacknowledged write may have committed too, so the
			// stored value may be newer than the last one acknowledged.
			if err != nil || v < want || a.Status != review.Pass {
				t.Fatalf("after kill %d: %s = %+v, but %d was acknowledged", kill+1, item, a, want)
			}
		}
		assertDoctorOK(t, s)
	}
	if totalAcks < kills {
		t.Errorf("only %d answers acknowledged across %d runs: the child barely ran", totalAcks, kills)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Answered != len(acked) {
		t.Errorf("summary after the crashes: %+v, %v (want %d answered)", list, err, len(acked))
	}
	t.Logf("%d kills, %d acknowledged answers, all present", kills, totalAcks)
}

// TestLockedDatabaseFailsFast: while another process holds a write, every
// operation (and Open) gives up after the lock timeout with ErrLocked and
// a message saying what happened, instead of hanging.
func TestLockedDatabaseFailsFast(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	const timeout = 400 * time.Millisecond
	waiting, err := Open(path, Options{LockTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}

	c := startChild(t, "hold", childDB+"="+path)
	defer c.kill()
	if line, _ := c.waitLine(t, 30*time.Second); line != "locked" {
		t.Fatalf("child said %q; stderr: %s", line, c.stderr)
	}

	check := func(what string, err error, took time.Duration) {
		t.Helper()
		if !errors.Is(err, ErrLocked) {
			t.Errorf("%s: %v, want ErrLocked", what, err)
			return
		}
		if took < timeout-50*time.Millisecond || took > timeout+time.Second {
			t.Errorf("%s gave up after %s; the lock timeout is %s", what, took, timeout)
		}
		msg := err.Error()
		for _, want := range []string{path, "the database is busy: another prr holds it", "waited 400ms"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: message %q lacks %q", what, msg, want)
			}
		}
	}
	start := time.Now()
	_, err = waiting.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, ""))
	check("UpdateAnswer", err, time.Since(start))
	start = time.Now()
	_, err = waiting.Get(r.ID)
	check("Get", err, time.Since(start))
	start = time.Now()
	_, err = Open(path, Options{LockTimeout: timeout})
	check("Open", err, time.Since(start))

	c.kill()
	if _, err := waiting.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "")); err != nil {
		t.Errorf("after the other process exited: %v", err)
	}
}

// TestTwoProcessesAnswerDifferentItems: two processes answer different
// items of one review at the same time; every answer of both survives,
// and the history holds every change of both.
func TestTwoProcessesAnswerDifferentItems(t *testing.T) {
	s, path := openTest(t, newClock())
	r, err := s.Create(manyItemTemplate(8), testMeta("shared"))
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 15
	sets := map[string][]string{
		"alpha": {"item-0", "item-2", "item-4", "item-6"},
		"beta":  {"item-1", "item-3", "item-5", "item-7"},
	}
	var children []*child
	for tag, items := range sets {
		children = append(children, startChild(t, "answer",
			childDB+"="+path, childReview+"="+r.ID, childItems+"="+strings.Join(items, ","),
			childRounds+"="+strconv.Itoa(rounds), childTag+"="+tag))
	}
	for _, c := range children {
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("child failed: %v; stderr: %s", err, c.stderr)
		}
	}
	got, err := s.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := s.History(r.ID)
	perActor := map[string]int{}
	for _, ev := range evs {
		perActor[ev.Actor]++
	}
	for tag, items := range sets {
		for _, item := range items {
			a := got.Answers[item]
			if want := fmt.Sprintf("%s-%d", tag, rounds-1); a.Note != want || a.UpdatedBy != tag {
				t.Errorf("%s = %q by %q, want %q by %s", item, a.Note, a.UpdatedBy, want, tag)
			}
		}
		// Per item: one status event, then one note event per round.
		if want := len(items) * (rounds + 1); perActor[tag] != want {
			t.Errorf("%s has %d history events, want %d", tag, perActor[tag], want)
		}
	}
	assertDoctorOK(t, s)
}
