package tui

// The record as the export screen previews it.

import (
	"fmt"
	"strings"
)

// previewMarkdown prepares the record for Glamour. The exporter puts a
// backslash before every ASCII punctuation character of user text, which
// CommonMark renders as the character alone; but Glamour prints the text
// of goldmark's nodes as written, so most of those backslashes would show
// ("stale\: the review", "2026\-04\-01"). Glamour does decode character
// references, so here each backslash escape becomes the reference to the
// same character: the preview reads as the record reads on GitHub. Code
// spans and fenced code, where backslashes are literal, are left alone.
// Only the preview is changed; the file gets the record as exported.
func previewMarkdown(src string) string {
	var b strings.Builder
	b.Grow(len(src) + len(src)/8)
	fenced := false
	for line := range strings.Lines(src) {
		trimmed := strings.TrimLeft(line, " ")
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			b.WriteString(line)
			continue
		}
		if fenced || !strings.Contains(line, "\\") {
			b.WriteString(line)
			continue
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\\' && i+1 < len(line) && isASCIIPunct(line[i+1]):
				fmt.Fprintf(&b, "&#%d;", line[i+1])
				i++
			case c == '`':
				// A code span: copy it whole, up to the closing run of as
				// many backticks; an unmatched run is just text.
				n := 1
				for i+n < len(line) && line[i+n] == '`' {
					n++
				}
				run := line[i : i+n]
				if end := strings.Index(line[i+n:], run); end >= 0 {
					b.WriteString(line[i : i+n+end+n])
					i += n + end + n - 1
				} else {
					b.WriteString(run)
					i += n - 1
				}
			default:
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
