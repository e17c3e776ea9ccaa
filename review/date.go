package review

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date written YYYY-MM-DD, or empty for none.
//
// Dates (due dates, waiver expiry, a review's renewal date) are days, not
// instants, and prr has one rule for them everywhere: a date lasts until
// the end of that day in prr's time zone, the zone of the clock the front
// ends pass in as now (see LoadZone: the timezone setting, or the
// machine's local zone). So a waiver that expires on 2026-12-31 counts for
// the whole of that day there, an action item due that day is overdue from
// the next, and a review signed at 23:30 on 1 March in Oslo was signed on
// 1 March. Every comparison of a date with a moment goes through Before
// (or Today), which read the moment in its own zone.
type Date string

const dateLayout = "2006-01-02"

// ParseDate accepts YYYY-MM-DD, and also relative forms useful in a meeting:
// "+30d", "+6w", "+3m" (days, weeks, months from today).
func ParseDate(s string, today time.Time) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if strings.HasPrefix(s, "+") && len(s) >= 3 {
		var n int
		var unit string
		if _, err := fmt.Sscanf(s[1:len(s)-1], "%d", &n); err == nil && n >= 0 && n <= 3650 {
			unit = s[len(s)-1:]
			d := today
			switch unit {
			case "d":
				d = today.AddDate(0, 0, n)
			case "w":
				d = today.AddDate(0, 0, 7*n)
			case "m":
				d = today.AddDate(0, n, 0)
			case "y":
				d = today.AddDate(n, 0, 0)
			default:
				return "", fmt.Errorf("date %q: use YYYY-MM-DD or +N followed by d, w, m or y", s)
			}
			return Date(d.Format(dateLayout)), nil
		}
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", fmt.Errorf("date %q: use YYYY-MM-DD (for example 2026-12-31) or +30d", truncate(s, 40))
	}
	return Date(t.Format(dateLayout)), nil
}

// Valid reports whether d is empty or a real YYYY-MM-DD date.
func (d Date) Valid() bool {
	if d == "" {
		return true
	}
	_, err := time.Parse(dateLayout, string(d))
	return err == nil
}

// Before reports whether d is a day before the day of t (in t's location).
// An empty date is never before anything.
func (d Date) Before(t time.Time) bool {
	if d == "" {
		return false
	}
	return string(d) < t.Format(dateLayout)
}

// Today returns the date of t, in t's time zone.
func Today(t time.Time) Date { return Date(t.Format(dateLayout)) }

// AddDays returns the date n days after d (before, for a negative n). d
// must be valid and not empty; an empty or invalid d is returned as it is.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return d
	}
	return Date(t.AddDate(0, 0, n).Format(dateLayout))
}

// LoadZone returns the time zone prr judges dates in: name as the
// timezone setting gives it ("Europe/Oslo", "UTC"), or the machine's local
// zone when name is empty or "Local". Front ends read the clock in this
// zone (time.Now().In(zone)) and pass that as now.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is not one prr knows; use an IANA name such as Europe/Oslo or UTC", truncate(name, 60))
	}
	return loc, nil
}
