package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"time"
)

// A review's history is a hash chain: each event carries, in Prev, the
// hash of the event before it, and the first event the genesis value of
// its review. Dropping, reordering, inserting or editing an event breaks
// the link after it, and a sign-off records the hash of the last event
// (the chain head) at the moment it was given, so a signed sign-off also
// vouches for the history that led to it.
//
// The hash of an event is SHA-256 over ChainFormat and a newline, then
// each of prev, the time (RFC 3339 in UTC, with nanoseconds when it has
// them), actor, item, field, old and new as its length in bytes in decimal,
// a colon, the bytes and a newline; written "sha256:<hex>". The genesis
// value is the hash of ChainFormat, " genesis ", the review id and a
// newline. docs/signatures.md says the same for people.
const ChainFormat = "prr-history-v1"

// Genesis is the value the first event of review id's history links to.
func Genesis(id string) string {
	return sum(sha256.Sum256([]byte(ChainFormat + " genesis " + id + "\n")))
}

// EventHash is the hash of an event, its Prev included.
func EventHash(ev Event) string {
	d := sha256.New()
	write(d, []byte(ChainFormat+"\n"))
	for _, s := range [...]string{ev.Prev, ev.At.UTC().Format(time.RFC3339Nano), ev.Actor, ev.Item, ev.Field, ev.Old, ev.New} {
		chainField(d, s)
	}
	var h [sha256.Size]byte
	return sum([sha256.Size]byte(d.Sum(h[:0])))
}

func chainField(d hash.Hash, s string) {
	write(d, strconv.AppendInt(nil, int64(len(s)), 10))
	write(d, []byte{':'})
	write(d, []byte(s))
	write(d, []byte{'\n'})
}

func sum(h [sha256.Size]byte) string { return "sha256:" + hex.EncodeToString(h[:]) }

// ChainHead is the head of the chain of review id with no events yet:
// its genesis value; with events, the hash of the last.
func ChainHead(id string, evs []Event) string {
	if len(evs) == 0 {
		return Genesis(id)
	}
	return EventHash(evs[len(evs)-1])
}

// AppendHistory links new events onto the review's chain, in order, from
// r.HistoryHead (the genesis value for a review with no history yet), and
// moves r.HistoryHead to the last of them. It is how every store records
// history.
func AppendHistory(r *Review, evs []Event) {
	head := r.HistoryHead
	if head == "" {
		head = Genesis(r.ID)
	}
	for i := range evs {
		evs[i].Prev = head
		head = EventHash(evs[i])
	}
	r.HistoryHead = head
}

// LinkHistory sets every event's Prev from the events before it, from
// the genesis value of review id: the links of a history stored without
// them (review/store), as AppendHistory made them.
func LinkHistory(id string, evs []Event) {
	prev := Genesis(id)
	for i := range evs {
		evs[i].Prev = prev
		prev = EventHash(evs[i])
	}
}

// ChainError is the first broken link of a history chain.
type ChainError struct {
	// Event is the 1-based number of the first event whose link does not
	// hold: it, or something before it, was dropped, moved, added or
	// changed. 0 when every link holds but the events do not lead to the
	// head the review names.
	Event int
	Msg   string
}

func (e *ChainError) Error() string {
	if e.Event == 0 {
		return "history: " + e.Msg
	}
	return fmt.Sprintf("history event %d: %s", e.Event, e.Msg)
}

// CheckChain checks the history of review id link by link and returns its
// head. A broken link is a *ChainError naming the first event at fault.
// head, if not empty, is the head the review says its history has (its
// HistoryHead): a history cut short after its last good link ends before
// it. An empty history is fine only with an empty or genesis head.
func CheckChain(id string, evs []Event, head string) (string, error) {
	prev := Genesis(id)
	for i, ev := range evs {
		if ev.Prev != prev {
			msg := "it does not link to the event before it: an event before it was dropped, moved, added or changed"
			switch {
			case ev.Prev == "":
				msg = "it has no link to the event before it"
			case i == 0:
				msg = "it does not link to the start of this review's history: events before it were dropped, or it belongs to another review"
			}
			return "", &ChainError{Event: i + 1, Msg: msg}
		}
		prev = EventHash(ev)
	}
	if head != "" && head != prev {
		return "", &ChainError{Msg: fmt.Sprintf("its %d events do not lead to the review's chain head %s: an event was changed, or events after them were dropped", len(evs), short(head))}
	}
	return prev, nil
}

// ChainStart records that a review's history was chained after the fact:
// its first Event-1 events were recorded before prr chained history, and
// were chained as they stood at At, when the database was upgraded.
// Nil for a review chained from its creation.
type ChainStart struct {
	Event int       `json:"event"`
	At    time.Time `json:"at"`
}

// Describe says from where the history is a chain, as a phrase that
// follows "History: ".
func (c *ChainStart) Describe() string {
	if c == nil {
		return "a hash chain from the review's creation"
	}
	day := c.At.UTC().Format("2006-01-02")
	if c.Event <= 1 {
		return "a hash chain from its first event, chained when the database was upgraded on " + day
	}
	return fmt.Sprintf("events 1–%d were recorded before prr chained history, and were chained as they stood on %s (a database upgrade or an import); a hash chain from then on", c.Event-1, day)
}

func short(h string) string {
	if len(h) > len("sha256:")+12 {
		return h[:len("sha256:")+12] + "…"
	}
	return h
}
