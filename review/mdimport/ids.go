package mdimport

import (
	"regexp"
	"strconv"
	"strings"
)

// slug makes a template id of text: its ASCII letters and digits,
// lower-cased, in words joined by dashes (anything else separates words),
// at most max characters, cut at a word.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// ids hands out unique ids.
type ids map[string]bool

// unique returns id, or id with -2, -3 ... if it is taken; fallback if id
// is empty.
func (u ids) unique(id, fallback string) string {
	if id == "" {
		id = fallback
	}
	out := id
	for n := 2; u[out]; n++ {
		suffix := "-" + strconv.Itoa(n)
		out = strings.TrimRight(id[:min(len(id), 64-len(suffix))], "-") + suffix
	}
	u[out] = true
	return out
}

// leadIDRE finds an id a checklist writes before an item's text:
// "PRC-27-001 — text", "7.1.1 text", "RE:01 text", "SEC-4: text" (bold or
// not: the text is read without its emphasis). An id has a separator
// inside it, so that "HTTP2 support" is not read as one. The separator
// after it (dash, colon) is dropped.
var leadIDRE = regexp.MustCompile(`^([A-Za-z]{1,10}[-:_.]\d+(?:[-:._]\d+)*|\d+(?:\.\d+)+)\.?\s*(?:[—–:-]\s*|\s)`)

// leadID splits a lead id from an item's text.
func leadID(text string) (id, rest string) {
	m := leadIDRE.FindStringSubmatchIndex(text)
	if m == nil || m[1] >= len(text) {
		return "", text
	}
	return slug(text[m[2]:m[3]], 64), text[m[1]:]
}
