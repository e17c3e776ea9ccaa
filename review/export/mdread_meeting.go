package export

import (
	"fmt"
	"strings"
	"time"

	east "github.com/yuin/goldmark/extension/ast"

	"github.com/prr-dev/prr/review"
)

// readParked is one row of the parking lot as the record shows it.
type readParked struct {
	number, note string
	at           time.Time
}

// readParkingLot reads the parking lot: a parked required item blocks the
// verdict, so a record read back must keep it. The rest of the meeting
// (roll call, sittings, time per section) is not read back: it is not part
// of the content and its cells are summaries; the JSON record keeps it.
func (p *recordParser) readParkingLot() {
	for _, n := range p.until(2) {
		t, ok := n.(*east.Table)
		if !ok || !strings.HasPrefix(p.header(t), "item|status|required|note|parked since") {
			continue
		}
		for _, r := range rows(t) {
			if len(r) < 5 {
				continue
			}
			number, _, _ := strings.Cut(p.cellText(r[0]), " ")
			at, err := time.Parse("2006-01-02 15:04", p.cellText(r[4]))
			if err != nil {
				p.notes = append(p.notes, fmt.Sprintf("parked item %s: its time %q is not like 2026-03-14 10:05; it was not parked", truncate(number, 20), truncate(p.cellText(r[4]), 40)))
				continue
			}
			p.parked = append(p.parked, readParked{number: number, note: review.CleanLine(p.cellText(r[3])), at: at.UTC()})
		}
		return
	}
}

// parkedInto parks the items the parking lot names, by their number.
func (p *recordParser) parkedInto(r *review.Review) {
	ids := map[string]string{}
	for _, s := range p.sections {
		for _, it := range s.items {
			ids[it.number] = it.id
		}
	}
	for _, pk := range p.parked {
		id, ok := ids[pk.number]
		if !ok {
			p.notes = append(p.notes, fmt.Sprintf("the parking lot names item %s, which the record does not have; it was skipped", truncate(pk.number, 20)))
			continue
		}
		if err := r.Park(id, pk.note, pk.at); err != nil {
			p.notes = append(p.notes, fmt.Sprintf("parked item %s: %v; it was skipped", truncate(pk.number, 20), err))
		}
	}
}
