package review

import (
	"math"
	"strconv"
)

// PercentText writes a score from 0 to 100 as a whole percentage, the one
// way every front end and the record show it: "92%".
//
// It rounds to the nearest whole number, halves up, with two exceptions
// that keep it honest at the ends: a score short of 100 never shows as
// 100% (99.6 is "99%"), and a score above 0 never shows as 0% (0.3 is
// "1%"). NaN and negative scores show as "0%".
func PercentText(p float64) string {
	switch {
	case math.IsNaN(p) || p <= 0:
		return "0%"
	case p >= 100:
		return "100%"
	}
	n := math.Floor(p + 0.5)
	n = min(max(n, 1), 99)
	return strconv.Itoa(int(n)) + "%"
}
