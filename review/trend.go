package review

import (
	"slices"
	"strings"
	"time"
)

// ReviewsOf returns the summaries of service's reviews (ServiceKey), oldest
// first: the order of a service's history.
func ReviewsOf(sums []Summary, service string) []Summary {
	var out []Summary
	for _, s := range sums {
		if ServiceKey(s.Service) == ServiceKey(service) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Summary) int {
		if startedAfter(a, b) {
			return 1
		}
		return -1
	})
	return out
}

// Previous returns the review of r's service started last before r, if
// any: what a re-review is compared with by default.
func Previous(sums []Summary, r Summary) (Summary, bool) {
	var prev Summary
	found := false
	for _, s := range ReviewsOf(sums, r.Service) {
		if s.ID == r.ID {
			return prev, found
		}
		prev, found = s, true
	}
	return Summary{}, false
}

// HistoryEntry is one review in the history of a service: where it stood
// as of its AsOf, and its renewal as of now.
type HistoryEntry struct {
	Outcome
	Renewal Renewal `json:"renewal"`
}

// History is the reviews of a service, oldest first, with the trend of
// their scores.
type History struct {
	Service string         `json:"service"`
	Reviews []HistoryEntry `json:"reviews"`
	// Trend is the scores as a sparkline, one mark a review.
	Trend string `json:"trend"`
}

// HistoryOf builds the history of a service from its reviews, oldest
// first, each judged as of its own AsOf in now's time zone, and its
// renewal as of now (def: the valid_for setting).
func HistoryOf(reviews []*Review, now time.Time, def Period) History {
	h := History{}
	var scores []float64
	for _, r := range reviews {
		h.Service = r.Service // the newest spelling
		h.Reviews = append(h.Reviews, HistoryEntry{Outcome: OutcomeOf(r, now.Location()), Renewal: RenewalOf(r, def, now)})
		scores = append(scores, h.Reviews[len(h.Reviews)-1].Score)
	}
	h.Trend = Sparkline(scores)
	return h
}

// sparks are the eight heights of a sparkline, lowest first.
var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws scores from 0 to 100 as one mark each, on a fixed
// scale (not stretched to the lowest and highest), so that two services'
// trends read alike: ▁ is below 12.5, █ from 87.5 up.
func Sparkline(scores []float64) string {
	var b strings.Builder
	for _, s := range scores {
		i := int(s / 100 * float64(len(sparks)))
		b.WriteRune(sparks[max(0, min(i, len(sparks)-1))])
	}
	return b.String()
}
