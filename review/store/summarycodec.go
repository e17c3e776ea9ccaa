package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/prr-dev/prr/review"
)

// The summary record is binary rather than JSON because prr list decodes
// one per review: with 10,000 reviews JSON decoding alone took most of the
// listing's time. Summaries are derived data (rebuilt by a migration
// whenever this changes), so the format need not be readable elsewhere.
//
//	byte      summaryFormat
//	time      updated (first, so that List sorts before decoding)
//	string    id, service, team, owner, template id
//	varint    template version
//	string    template title, verdict, state
//	uvarint   answered, total, blocking, open actions, required left,
//	          parked
//	8 bytes   score, IEEE 754 little-endian
//	time      created
//	uvarint   number of verdict changes, then each:
//	              string expiry date, string verdict, uvarint blocking,
//	              uvarint required left
//	time      signed off (the zero time: not signed off)
//	string    the template's valid_for, the next deadline
//
// A string is a uvarint length and the bytes; a time is a varint of Unix
// seconds, a uvarint of nanoseconds and a varint of the zone offset in
// seconds, so that a time reads back as the same instant written with the
// same offset. Format 2 (schema v6) added the required items left and the
// parked ones, the required items left after each verdict change, and the
// last three fields: the review's renewal, and the date prr due needs to
// look at it.
const summaryFormat = 2

// encodeSummary encodes a summary record; VerdictUntil is not stored.
func encodeSummary(rec review.SummaryRecord) []byte {
	s := &rec.Summary
	b := make([]byte, 0, 128+len(s.Service)+len(s.TemplateTitle)+24*len(rec.Changes))
	b = append(b, summaryFormat)
	b = appendTime(b, s.UpdatedAt)
	for _, v := range []string{s.ID, s.Service, s.Team, s.Owner, s.TemplateID} {
		b = appendString(b, v)
	}
	b = binary.AppendVarint(b, int64(s.TemplateVersion))
	for _, v := range []string{s.TemplateTitle, string(s.Verdict), string(s.State)} {
		b = appendString(b, v)
	}
	for _, n := range []int{s.Answered, s.Total, s.Blocking, s.OpenActions, s.RequiredLeft, s.Parked} {
		b = binary.AppendUvarint(b, uint64(max(n, 0)))
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.Score))
	b = appendTime(b, s.CreatedAt)
	b = binary.AppendUvarint(b, uint64(len(rec.Changes)))
	for _, c := range rec.Changes {
		b = appendString(b, string(c.After))
		b = appendString(b, string(c.Verdict))
		b = binary.AppendUvarint(b, uint64(max(c.Blocking, 0)))
		b = binary.AppendUvarint(b, uint64(max(c.Left, 0)))
	}
	b = appendTime(b, s.SignedAt)
	b = appendString(b, string(s.ValidFor))
	return appendString(b, string(s.NextDeadline))
}

// errSummaryFormat is any summary record that does not decode.
var errSummaryFormat = errors.New("not a summary record of this prr")

// decodeSummary decodes a summary record. The bytes are copied once, into
// one string that every text field of the record shares, so a row of a
// listing costs one allocation for its text and refers to no bbolt memory.
// Whatever the bytes, it returns an error rather than panic.
func decodeSummary(data []byte) (review.SummaryRecord, error) {
	var rec review.SummaryRecord
	if len(data) == 0 || data[0] != summaryFormat {
		return rec, fmt.Errorf("%w (format byte %v)", errSummaryFormat, data[:min(1, len(data))])
	}
	d := &decoder{src: string(data), off: 1}
	s := &rec.Summary
	s.UpdatedAt = d.time()
	s.ID, s.Service, s.Team, s.Owner, s.TemplateID = d.str(), d.str(), d.str(), d.str(), d.str()
	s.TemplateVersion = d.int()
	s.TemplateTitle, s.Verdict, s.State = d.str(), review.Verdict(d.str()), review.State(d.str())
	s.Answered, s.Total, s.Blocking, s.OpenActions = d.count(), d.count(), d.count(), d.count()
	s.RequiredLeft, s.Parked = d.count(), d.count()
	s.Score = d.float()
	s.CreatedAt = d.time()
	// Each change takes at least four bytes, which bounds a damaged count.
	if n := d.count(); d.err == nil && n > 0 {
		if n > (len(d.src)-d.off)/4 {
			return rec, fmt.Errorf("%w (it claims %d verdict changes)", errSummaryFormat, n)
		}
		rec.Changes = make([]review.VerdictChange, n)
		for i := range rec.Changes {
			rec.Changes[i] = review.VerdictChange{After: review.Date(d.str()), Verdict: review.Verdict(d.str()), Blocking: d.count(), Left: d.count()}
		}
	}
	s.Standing = s.FullStanding().Kind // derived, not stored
	s.SignedAt = d.time()
	s.ValidFor, s.NextDeadline = review.Period(d.str()), review.Date(d.str())
	switch {
	case d.err != nil:
		return rec, fmt.Errorf("%w (%v)", errSummaryFormat, d.err)
	case d.off != len(d.src):
		return rec, fmt.Errorf("%w (%d bytes left over)", errSummaryFormat, len(d.src)-d.off)
	}
	return rec, nil
}

// summaryUpdated reads only the update time of a summary record, as Unix
// seconds and nanoseconds: what List sorts by. A record it cannot read
// sorts as the oldest; decodeSummary then reports it.
func summaryUpdated(data []byte) (sec int64, nsec uint64) {
	if len(data) == 0 || data[0] != summaryFormat {
		return math.MinInt64, 0
	}
	sec, n := binary.Varint(data[1:])
	if n <= 0 {
		return math.MinInt64, 0
	}
	nsec, m := binary.Uvarint(data[1+n:])
	if m <= 0 {
		return math.MinInt64, 0
	}
	return sec, nsec
}
