package review

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date written YYYY-MM-DD, or empty for none. Dates
// (due dates, waiver expiry) are days, not instants: a waiver that expires
// on 2026-12-31 counts for the whole of that day.
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

// Today returns the date of t.
func Today(t time.Time) Date { return Date(t.Format(dateLayout)) }
