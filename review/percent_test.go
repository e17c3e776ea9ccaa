package review

import (
	"math"
	"testing"
)

func TestPercentText(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{0, "0%"}, {-3, "0%"}, {math.NaN(), "0%"}, {0.01, "1%"}, {0.5, "1%"}, {1.49, "1%"}, {1.5, "2%"},
		{50, "50%"}, {66.666, "67%"}, {91.6, "92%"}, {92.5, "93%"}, {99.4, "99%"}, {99.5, "99%"}, {99.96, "99%"},
		{100, "100%"}, {math.Inf(1), "100%"},
	} {
		if got := PercentText(tt.in); got != tt.want {
			t.Errorf("PercentText(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
