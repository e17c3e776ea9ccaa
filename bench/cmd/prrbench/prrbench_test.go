package main

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/prr-dev/prr/review/store"
)

func TestSavedShown(t *testing.T) {
	const title = "Ownership is synced with the identity provider"
	const prev = "A named team owns the service"
	saved := savedShown(title, prev)
	for _, c := range []struct {
		screen string
		want   bool
	}{
		{"header\n✓ saved pass: Ownership is synced with the identity provider", true},
		{"✓ saved pass: Ownership is synced with…        12/80 answered", true},
		{"✓ saved pass: A named team owns the service", false},                  // still the press before
		{"saving pass…\nOwnership is synced with the identity provider", false}, // not saved yet
		{"✗ not saved: pass: Ownership is synced with the identity provider", false},
		{"✓ saved pass: …", false},
		{"", false},
	} {
		if got := saved(c.screen); got != c.want {
			t.Errorf("savedShown(%q) = %v, want %v", c.screen, got, c.want)
		}
	}
	// Titles that look alike as far as the bar shows them cannot be told
	// apart: the press times out rather than stopping at the old status.
	same := savedShown("Backups are automated", "Backups are tested")
	if same("✓ saved pass: Backups are…") {
		t.Error("a status that fits both titles was taken for the new one")
	}
}

func TestParseInitTrace(t *testing.T) {
	out := "init internal/bytealg @0.003 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
		"something else\n" +
		"init charm.land/glamour/v2 @12 ms, 0.52 ms clock, 8 bytes, 1 allocs\n" +
		"init runtime @0.025 ms, 1.5 ms clock, 0 bytes, 0 allocs\n"
	tr, err := parseInitTrace(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.packages) != 3 || tr.packages[1] != "charm.land/glamour/v2" {
		t.Errorf("packages = %v", tr.packages)
	}
	if math.Abs(tr.clock-0.00202) > 1e-9 {
		t.Errorf("clock = %v s, want 0.00202", tr.clock)
	}
	if _, err := parseInitTrace("prr dev\n"); err == nil {
		t.Error("output without a trace was accepted")
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{100: "100", 1000: "1,000", 10000: "10,000", 50000: "50,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestMeetingComesAndGoes: the meeting review is the newest review while
// it exists, one left by an interrupted run is replaced, and ending it
// leaves the reviews that were there.
func TestMeetingComesAndGoes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prr.db")
	m, err := generate(path, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := startMeeting(path); err != nil { // left behind, as by a crash
		t.Fatal(err)
	}
	meet, err := startMeeting(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 4 || list[0].ID != meet.id || list[0].Service != meetingService {
		t.Fatalf("reviews = %+v, want the 3 generated and one meeting, newest first", list)
	}
	if list[0].Answered != len(meet.items)-meet.open() {
		t.Errorf("the meeting has %d answers, want %d", list[0].Answered, len(meet.items)-meet.open())
	}
	_ = st.Close()
	if err := meet.end(path); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, err = st.List(); err != nil || len(list) != 3 || list[0].ID != m.RecordID {
		t.Errorf("after the meeting: %+v, %v; want the 3 generated, the record review first", list, err)
	}
	if !reusable(path, 3) || reusable(path, 4) {
		t.Error("the manifest does not say what was generated")
	}
}

// TestCLIAnswerAlwaysChanges: every prr answer the suite makes is a real
// change, so that it writes and the floor has events to match.
func TestCLIAnswerAlwaysChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prr.db")
	if _, err := generate(path, 1, 1); err != nil {
		t.Fatal(err)
	}
	meet, err := startMeeting(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 * len(meet.items) {
		args, item, events := meet.cliAnswer()
		if events < 2 {
			t.Fatalf("%v changes %d fields of %s, want status and note at least", args, events, item)
		}
	}
}

// TestPairedRatio: the ratio is taken round by round, then the median of
// those; here the medians of the two sides (12 and 50) would say 0.24.
func TestPairedRatio(t *testing.T) {
	prr := sample{12, 11, 60, 60, 12}
	floor := sample{10, 50, 50, 50, 50}
	if got := pairedRatio(prr, floor); math.Abs(got-1.2) > 1e-12 {
		t.Errorf("paired ratio = %v, want 1.2", got)
	}
	if got := pairedRatio(sample{1, 2, 3}, sample{1, 1}); got != 2 {
		t.Errorf("unpaired ratio = %v, want the ratio of the medians, 2", got)
	}
	r := deltaRow("m", sample{30e6, 31e6, 90e6}, sample{20e6, 21e6, 80e6}, mb, 10e6)
	if r.ratio != "+10.0 MB" || r.ok == nil || !*r.ok {
		t.Errorf("deltaRow = %+v, want +10.0 MB and ok", r)
	}
}
