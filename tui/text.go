package tui

import (
	"strings"

	"github.com/prr-dev/prr/review/textsafe"
)

// oneLine makes any text (an error message, a title) safe to draw and fit
// for a single line: control characters go, runs of spaces collapse.
func oneLine(s string) string {
	return strings.Join(strings.Fields(textsafe.Line(s)), " ")
}

// safeBlock makes multi-line user text safe to draw.
func safeBlock(s string) string {
	return strings.TrimRight(textsafe.Block(s), "\n ")
}
