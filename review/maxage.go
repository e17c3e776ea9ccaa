package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxAge is how old a sign-off may be for the deploy gate, as the user
// wrote it: 180d, 26w, 6m, 1y or a Go duration such as 36h. The zero
// MaxAge is no limit.
type MaxAge struct {
	Dur  time.Duration
	text string
}

// Off reports whether there is no limit.
func (a MaxAge) Off() bool { return a.Dur == 0 }

// String is the age as it was given ("26w"), or "off".
func (a MaxAge) String() string {
	if a.Off() {
		return "off"
	}
	return a.text
}

// inDays reports whether the age was given in days or longer units, so
// that ages are best told in days.
func (a MaxAge) inDays() bool {
	return strings.ContainsAny(a.text[len(a.text)-1:], "dwmy") && !strings.ContainsAny(a.text, "hs")
}

// maxAgeLimit is the longest age accepted: anything longer is a mistake
// (or an overflow), and "off" says "no limit" plainly.
const maxAgeLimit = 100 * 365 * 24 * time.Hour

var ageUnits = map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'm': 30 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}

// ParseMaxAge reads a maximum age: a whole number of days, weeks, months
// (30 days) or years (365 days) such as 180d, 26w, 6m or 1y, or a Go
// duration such as 36h; "0" or "off" for no limit. An empty value (an
// unset variable in a CI script), a zero age other than "0", a negative
// one and one over 100 years are errors, never a quiet "no limit".
func ParseMaxAge(s string) (MaxAge, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return MaxAge{}, fmt.Errorf("the maximum age is empty; give one such as 180d, or 0 or off for no limit")
	case s == "0" || strings.EqualFold(s, "off"):
		return MaxAge{}, nil
	}
	var d time.Duration
	if u, ok := ageUnits[s[len(s)-1]]; ok && allDigits(s[:len(s)-1]) {
		n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
		if err != nil || n > int64(maxAgeLimit/u) {
			return MaxAge{}, fmt.Errorf("the maximum age %q is longer than 100 years; use off for no limit", truncate(s, 40))
		}
		d = time.Duration(n) * u
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d < 0 {
			return MaxAge{}, fmt.Errorf("%q is not an age such as 180d, 26w, 6m or 1y", truncate(s, 40))
		}
	}
	switch {
	case d == 0:
		return MaxAge{}, fmt.Errorf("a maximum age of %s would refuse every sign-off; use 0 or off for no limit", s)
	case d > maxAgeLimit:
		return MaxAge{}, fmt.Errorf("the maximum age %q is longer than 100 years; use off for no limit", truncate(s, 40))
	}
	return MaxAge{Dur: d, text: s}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ago says how long ago something was, in days when a is in days.
func (a MaxAge) ago(d time.Duration) string {
	switch {
	case a.inDays() || d >= 48*time.Hour:
		return plural(int(d.Hours()/24), "day", "days") + " ago"
	case d >= 2*time.Hour:
		return plural(int(d.Hours()), "hour", "hours") + " ago"
	case d >= 2*time.Minute:
		return plural(int(d.Minutes()), "minute", "minutes") + " ago"
	}
	return plural(int(d.Seconds()), "second", "seconds") + " ago"
}
