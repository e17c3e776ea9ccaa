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
//	string   prev: the hash of the event before (review/chain.go); only
//	         in format 2, which schema v6 writes (format 1 is v5's)
const (
	eventFormatV5 = 1
	eventFormat   = 2
)

func encodeEvent(ev review.Event) []byte {
	b := make([]byte, 0, 100+len(ev.Actor)+len(ev.Item)+len(ev.Field)+len(ev.Old)+len(ev.New))
	b = append(b, eventFormat)
	b = appendTime(b, ev.At)
	for _, s := range []string{ev.Actor, ev.Item, ev.Field, ev.Old, ev.New, ev.Prev} {
		b = appendString(b, s)
	}
	return b
}

// decodeEvent decodes an event; whatever the bytes, it returns an error
// rather than panic. The strings are copied out of data.
func decodeEvent(data []byte) (review.Event, error) {
	var ev review.Event
	if len(data) == 0 || (data[0] != eventFormat && data[0] != eventFormatV5) {
		return ev, fmt.Errorf("not an event this prr wrote")
	}
	d := &decoder{src: string(data), off: 1}
	ev.At = d.time()
	ev.Actor, ev.Item, ev.Field, ev.Old, ev.New = d.str(), d.str(), d.str(), d.str(), d.str()
	if data[0] == eventFormat {
		ev.Prev = d.str()
	}
	switch {
	case d.err != nil:
		return ev, d.err
	case d.off != len(d.src):
		return ev, fmt.Errorf("%d bytes left over", len(d.src)-d.off)
	}
	return ev, nil
}
