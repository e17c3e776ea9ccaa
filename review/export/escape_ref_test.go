package export

import (
	"strings"
	"testing"
)

// The escapers were made faster (runs copied in one go, plain text
// returned as is, link labels escaped in place). These are the versions
// before that, kept as the reference the fast ones must equal byte for
// byte, so that speed never changes what a record says.

func refWriteEscaped(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r < 0x80 && isASCIIPunct(byte(r)):
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		default:
			b.WriteRune(r)
		}
	}
}

func refInline(s string) string {
	var b strings.Builder
	refWriteEscaped(&b, oneLine(s))
	return b.String()
}

func refLink(url, text string) string {
	u := cleanURL(url)
	if !allowedURL(u) {
		return refInline(u)
	}
	label := refInline(text)
	if label == "" {
		label = refInline(u)
	}
	var b strings.Builder
	b.WriteString("[" + label + "](<")
	writeDestination(&b, u)
	b.WriteString(">)")
	return b.String()
}

func checkSameAsReference(t *testing.T, s, o string) {
	t.Helper()
	var fast, ref strings.Builder
	writeEscaped(&fast, s)
	refWriteEscaped(&ref, s)
	if fast.String() != ref.String() {
		t.Fatalf("writeEscaped(%q) = %q, the reference gives %q", s, fast.String(), ref.String())
	}
	if got, want := Inline(s), refInline(s); got != want {
		t.Fatalf("Inline(%q) = %q, the reference gives %q", s, got, want)
	}
	for _, tt := range [][2]string{{s, ""}, {s, o}, {"https://x.example/" + s, o}, {"mailto:" + s, ""}} {
		if got, want := Link(tt[0], tt[1]), refLink(tt[0], tt[1]); got != want {
			t.Fatalf("Link(%q, %q) = %q, the reference gives %q", tt[0], tt[1], got, want)
		}
	}
}

func TestEscapersMatchReference(t *testing.T) {
	extra := []string{"Kari Nordmann", " lead", "trail ", "a  b", "A1 b2", "ab\x00", "ab\x7f", "é", "\ufffd", "a\u2028b"}
	for i, s := range append(fuzzSeeds, extra...) {
		checkSameAsReference(t, s, fuzzSeeds[(i+3)%len(fuzzSeeds)])
	}
}

func FuzzEscapersMatchReference(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+3)%len(fuzzSeeds)])
	}
	f.Fuzz(checkSameAsReference)
}
