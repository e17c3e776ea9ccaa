package export

import (
	"time"

	"github.com/prr-dev/prr/review"
)

// addRenewal fills in the renewal as of asOf, and where the answers came
// from.
func (d *Data) addRenewal(r *review.Review, asOf time.Time, def review.Period) {
	e := escapers
	rn := review.RenewalOf(r, def, asOf)
	if rn.ValidFor == "" {
		rn.ValidFor = review.ValidFor(&r.Template, def)
	}
	d.Renewal = Renewal{ValidFor: periodText(rn.ValidFor), Signed: e.dateText(rn.Signed), ValidUntil: e.dateText(rn.ValidUntil), Expired: rn.Expired}
	if o := r.Origin; o != nil {
		ch := o.Template
		d.Origin = &Origin{From: e.code(o.From), FromVersion: ch.FromVersion, ToVersion: ch.ToVersion, New: len(ch.New), Changed: len(ch.Changed)}
		for _, rm := range ch.Removed {
			d.Origin.Removed = append(d.Origin.Removed, RemovedItem{ID: e.code(rm.Item), Title: e.inline(rm.Title), Status: e.statusText(rm.Status)})
		}
	}
}

// periodText prints a valid period as is and escapes anything else.
func periodText(p review.Period) string {
	if p.Valid() {
		return string(p)
	}
	return Inline(string(p))
}
