package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is how long a signed-off review stays valid, as a template's
// valid_for (or the valid_for setting) writes it: a whole number of days,
// weeks, months or years, such as 180d, 26w, 6m or 1y. The empty Period
// is no limit. It is calendar arithmetic on dates, not a duration: 6m
// from 31 August is 2 March (Go's AddDate), 1y from a day is the same
// day a year later.
type Period string

// maxPeriodDays bounds a period: anything past a hundred years is a
// mistake, and leaving valid_for out says "no limit" plainly.
const maxPeriodDays = 100 * 366

// ParsePeriod reads a period such as 180d, 26w, 6m or 1y. The empty
// string is no limit; anything else that is not a whole positive number
// followed by d, w, m or y is an error.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	n, unit, ok := splitPeriod(s)
	if !ok {
		return "", fmt.Errorf("%q is not a period such as 180d, 26w, 6m or 1y (a whole number of days, weeks, months or years)", truncate(s, 40))
	}
	if n == 0 {
		return "", fmt.Errorf("a period of %s would make every review expire at once; leave valid_for out for no limit", s)
	}
	if days := n * map[byte]int{'d': 1, 'w': 7, 'm': 31, 'y': 366}[unit]; days > maxPeriodDays || days < 0 {
		return "", fmt.Errorf("the period %q is longer than 100 years; leave valid_for out for no limit", truncate(s, 40))
	}
	return Period(s), nil
}

// splitPeriod splits "180d" into 180 and 'd'.
func splitPeriod(s string) (int, byte, bool) {
	if len(s) < 2 || len(s) > 8 || !strings.ContainsRune("dwmy", rune(s[len(s)-1])) || !allDigits(s[:len(s)-1]) {
		return 0, 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	return n, s[len(s)-1], err == nil
}

// Valid reports whether p is empty or a period ParsePeriod accepts.
func (p Period) Valid() bool {
	_, err := ParsePeriod(string(p))
	return err == nil && strings.TrimSpace(string(p)) == string(p)
}

// After returns the date p after d: the last day a review signed on d
// is valid. An empty or invalid p or d gives the empty date (no limit).
func (p Period) After(d Date) Date {
	n, unit, ok := splitPeriod(string(p))
	t, err := time.Parse(dateLayout, string(d))
	if !ok || err != nil || d == "" {
		return ""
	}
	switch unit {
	case 'd':
		t = t.AddDate(0, 0, n)
	case 'w':
		t = t.AddDate(0, 0, 7*n)
	case 'm':
		t = t.AddDate(0, n, 0)
	case 'y':
		t = t.AddDate(n, 0, 0)
	}
	return Date(t.Format(dateLayout))
}

// ValidFor is how long a review of t stays valid once signed off: the
// template's valid_for, or def (the valid_for setting) when the template
// does not say. The empty Period is no limit.
func ValidFor(t *Template, def Period) Period {
	if t.ValidFor != "" {
		return t.ValidFor
	}
	return def
}

// Renewal says when a review must be held again. Only a signed-off review
// has a renewal date: its period of validity counts from the day of its
// last approval (LastApproval), in prr's time zone, and it is valid up to
// and including the end of its ValidUntil day (the rule of Date).
type Renewal struct {
	ValidFor Period `json:"valid_for,omitempty"`
	// Signed is the day of the approval the period counts from.
	Signed Date `json:"signed,omitempty"`
	// ValidUntil is the last day the review is valid; empty if it has
	// no limit or is not signed off.
	ValidUntil Date `json:"valid_until,omitempty"`
	// Expired is set from the day after ValidUntil on.
	Expired bool `json:"expired,omitempty"`
}

// RenewalAt is the renewal of a review signed at signed (the zero time:
// not signed off) and valid for p, as of now. The day it was signed is
// read in now's time zone.
func RenewalAt(signed time.Time, p Period, now time.Time) Renewal {
	if signed.IsZero() {
		return Renewal{}
	}
	rn := Renewal{ValidFor: p, Signed: Today(signed.In(now.Location()))}
	rn.ValidUntil = p.After(rn.Signed)
	rn.Expired = rn.ValidUntil.Before(now)
	return rn
}

// RenewalOf is the renewal of r as of now, with def as the period when
// its template has no valid_for. A review that is not signed off has none.
func RenewalOf(r *Review, def Period, now time.Time) Renewal {
	return RenewalAt(SignedAt(r), ValidFor(&r.Template, def), now)
}

// SignedAt is when r became signed off as it stands: its last current
// approval, or the zero time if it is not signed off.
func SignedAt(r *Review) time.Time { return (&Hasher{}).SignedAt(r) }

// SignedAt is the package's SignedAt, hashing with h.
func (h *Hasher) SignedAt(r *Review) time.Time {
	_, signed := h.stateSigned(r)
	return signed
}

// stateSigned is StateOf and SignedAt, hashing the review once.
func (h *Hasher) stateSigned(r *Review) (State, time.Time) {
	if len(r.SignOffs) == 0 {
		return h.StateOf(r), time.Time{}
	}
	st := h.SignOffState(r)
	if st.State != SignedOff {
		return st.State, time.Time{}
	}
	return st.State, LastApproval(r, st.Hash)
}

// DaysLeft is how many days are left until d, as of now: 0 on the day
// itself, negative once it has passed.
func DaysLeft(d Date, now time.Time) int {
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return 0
	}
	today, _ := time.Parse(dateLayout, string(Today(now)))
	return int((t.Unix() - today.Unix()) / 86400) // both midnight UTC: whole days
}
