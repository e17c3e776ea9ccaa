package main

import (
	"fmt"
	"slices"
)

// sample is one figure measured several times, in its own unit (seconds,
// or bytes for memory).
type sample []float64

func (s sample) sorted() []float64 { return slices.Sorted(slices.Values(s)) }

func (s sample) median() float64 {
	v := s.sorted()
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func (s sample) min() float64 { return slices.Min(s) }
func (s sample) max() float64 { return slices.Max(s) }

// unit formats one value of a sample.
type unit func(float64) string

// dur prints seconds as µs, ms or s with three significant figures.
func dur(s float64) string {
	switch {
	case s < 1e-3:
		return sig(s*1e6) + " µs"
	case s < 1:
		return sig(s*1e3) + " ms"
	}
	return sig(s) + " s"
}

// mb prints bytes as megabytes.
func mb(b float64) string { return sig(b/1e6) + " MB" }

func sig(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// describe prints "median (min–max)".
func (s sample) describe(u unit) string {
	if len(s) == 0 {
		return "—"
	}
	return fmt.Sprintf("%s (%s–%s)", u(s.median()), u(s.min()), u(s.max()))
}

// describeN is describe followed by the number of samples.
func (s sample) describeN(u unit) string { return fmt.Sprintf("%s n=%d", s.describe(u), len(s)) }
