package store

import (
	"fmt"

	"github.com/prr-dev/prr/review"
)

// An audit event is stored as a small binary record, one per key of the
// review's history bucket: a fully answered review of 80 items has some
// 250 of them, and as JSON with its field names they were the bulk of the
// file.
//
//	byte     eventFormat
//	time     at (as in summarycodec.go: the instant and its zone offset)
//	string   actor, item, field, old, new
//
// The chain's links (review.Event.Prev) are not stored: each is the hash
// of the event before, which loadHistory recomputes as it reads
// (review.LinkHistory), and 72 bytes an event were a third of a review's
// file. The record keeps the chain's head, and sign-offs the heads they
// saw: an event changed, dropped or added in the file no longer leads to
// them, which Doctor reports. What the file loses is only which event it
// was; a JSON record carries every link, and prr verify names the first
// broken one.
const eventFormat = 1

func encodeEvent(ev review.Event) []byte {
	b := make([]byte, 0, 24+len(ev.Actor)+len(ev.Item)+len(ev.Field)+len(ev.Old)+len(ev.New))
	b = append(b, eventFormat)
	b = appendTime(b, ev.At)
	for _, s := range []string{ev.Actor, ev.Item, ev.Field, ev.Old, ev.New} {
		b = appendString(b, s)
	}
	return b
}

// decodeEvent decodes an event; whatever the bytes, it returns an error
// rather than panic. The strings are copied out of data.
func decodeEvent(data []byte) (review.Event, error) {
	var ev review.Event
	if len(data) == 0 || data[0] != eventFormat {
		return ev, fmt.Errorf("not an event this prr wrote")
	}
	d := &decoder{src: string(data), off: 1}
	ev.At = d.time()
	ev.Actor, ev.Item, ev.Field, ev.Old, ev.New = d.str(), d.str(), d.str(), d.str(), d.str()
	switch {
	case d.err != nil:
		return ev, d.err
	case d.off != len(d.src):
		return ev, fmt.Errorf("%d bytes left over", len(d.src)-d.off)
	}
	return ev, nil
}
