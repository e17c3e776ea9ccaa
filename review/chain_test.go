package review

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func chainedHistory(t *testing.T, r *Review, n int) []Event {
	t.Helper()
	var evs []Event
	for i := range n {
		evs = append(evs, Event{At: day.Add(time.Duration(i) * time.Minute), Actor: "kari", Item: "req1", Field: "note", Old: "", New: string(rune('a' + i))})
	}
	AppendHistory(r, evs)
	return evs
}

// The hashes are pinned: a change to the encoding must come with a new
// ChainFormat, or every stored chain would break. (Both values were
// also computed from the documented encoding with sha256sum and Python.)
func TestChainHashesArePinned(t *testing.T) {
	if got := Genesis("abcd2345"); got != "sha256:b54053a6da3e02aa77a59a1040a3c80b21ebcc22a7dd403322f047a6679792ae" {
		t.Errorf("Genesis = %s", got)
	}
	ev := Event{At: day, Actor: "kari", Item: "req1", Field: "status", Old: "unanswered", New: "pass", Prev: Genesis("abcd2345")}
	if got := EventHash(ev); got != "sha256:2fa49d813819e28c1dd1c35b31c0325d61f02a2e9d68313b36f12bce4eff99f7" {
		t.Errorf("EventHash = %s", got)
	}
}

func TestCheckChainFindsEveryTampering(t *testing.T) {
	r := reviewWith(nil)
	evs := chainedHistory(t, r, 5)
	head, err := CheckChain(r.ID, evs, r.HistoryHead)
	if err != nil || head != r.HistoryHead {
		t.Fatalf("genuine chain: %v", err)
	}
	edit := func(f func(evs []Event) []Event) []Event { return f(slices.Clone(evs)) }
	cases := []struct {
		name  string
		evs   []Event
		head  string
		event int
	}{
		{"edited", edit(func(e []Event) []Event { e[2].New = "z"; return e }), r.HistoryHead, 4},
		{"actor rewritten", edit(func(e []Event) []Event { e[1].Actor = "mallory"; return e }), r.HistoryHead, 3},
		{"time moved", edit(func(e []Event) []Event { e[3].At = e[3].At.Add(time.Second); return e }), r.HistoryHead, 5},
		{"dropped", edit(func(e []Event) []Event { return slices.Delete(e, 1, 2) }), r.HistoryHead, 2},
		{"first dropped", edit(func(e []Event) []Event { return e[1:] }), r.HistoryHead, 1},
		{"reordered", edit(func(e []Event) []Event { e[1], e[2] = e[2], e[1]; return e }), r.HistoryHead, 2},
		{"inserted", edit(func(e []Event) []Event { return slices.Insert(e, 2, e[1]) }), r.HistoryHead, 3},
		{"last dropped", edit(func(e []Event) []Event { return e[:4] }), r.HistoryHead, 0},
		{"last edited", edit(func(e []Event) []Event { e[4].New = "z"; return e }), r.HistoryHead, 0},
		{"link removed", edit(func(e []Event) []Event { e[0].Prev = ""; return e }), r.HistoryHead, 1},
	}
	for _, c := range cases {
		_, err := CheckChain(r.ID, c.evs, c.head)
		var ce *ChainError
		if !errors.As(err, &ce) || ce.Event != c.event || (c.event == 0 && !strings.Contains(err.Error(), "do not lead to the review's chain head")) {
			t.Errorf("%s: %v, want a broken link at event %d", c.name, err, c.event)
		}
	}
	other := reviewWith(nil)
	other.ID = "zzzz2345"
	if _, err := CheckChain(other.ID, evs, ""); err == nil {
		t.Error("another review's history passed as this one's")
	}
}

func TestImportHistory(t *testing.T) {
	// A record from before chains: chained as it stands, and marked.
	r := reviewWith(nil)
	legacy := []Event{{At: day, Actor: "kari", Field: "created"}, {At: day, Actor: "kari", Item: "req1", Field: "status", New: "pass"}}
	got, err := ImportHistory(r, legacy, day.Add(time.Hour))
	if err != nil || r.ChainStart == nil || r.ChainStart.Event != 3 || legacy[0].Prev != "" {
		t.Fatalf("legacy: %v, %+v", err, r.ChainStart)
	}
	if _, err := CheckChain(r.ID, got, r.HistoryHead); err != nil {
		t.Fatalf("legacy chained: %v", err)
	}
	// A chained record must hold.
	r2 := reviewWith(nil)
	evs := chainedHistory(t, r2, 3)
	if _, err := ImportHistory(r2, evs, day); err != nil || r2.ChainStart != nil {
		t.Fatalf("chained: %v", err)
	}
	evs[1].Actor = "mallory"
	if _, err := ImportHistory(r2, evs, day); err == nil {
		t.Fatal("a broken chain was imported")
	}
	// Links stripped from a history that a sign-off vouches for is not
	// a legacy record.
	r3 := reviewWith(nil)
	evs3 := chainedHistory(t, r3, 2)
	so, _ := NewSignOff(r3, "Kari", "owner", Approve, "", day)
	r3.SignOffs = append(r3.SignOffs, so)
	for i := range evs3 {
		evs3[i].Prev = ""
	}
	r3.HistoryHead = ""
	if _, err := ImportHistory(r3, evs3, day); err == nil {
		t.Fatal("a history stripped of its links, under a sign-off naming its head, was imported")
	}
}
