package review

import (
	"strings"

	"github.com/prr-dev/prr/review/textsafe"
)

// CleanLine is one line of user text (a name, an evidence link, an action,
// a waiver's reason) as prr keeps it: line breaks, tabs and Unicode line
// separators as spaces, no control or bidi characters, no white space at
// either end. It is exactly what the Markdown record can carry, so a record
// read back (prr import record.md) gives the same text, and the same
// content hash.
func CleanLine(s string) string {
	return strings.TrimSpace(textsafe.Line(lineSeparators.Replace(s)))
}

// CleanNote is a note as prr keeps it: lines without controls or white
// space at either end, at most one blank line between paragraphs and none
// at the start or the end, the form a Markdown record carries exactly.
// Indentation does not survive Markdown (a record must not let a note
// start a code block), so it is not kept.
func CleanNote(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	lines := strings.Split(textsafe.Block(s), "\n")
	out := lines[:0]
	blank := false
	for _, line := range lines {
		line = strings.TrimSpace(lineSeparators.Replace(line))
		if line == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

var lineSeparators = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ")
