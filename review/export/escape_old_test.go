package export

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// The escapers before they learned to escape only what matters: every
// ASCII punctuation character got a backslash, '<' and '&' became &lt; and
// &amp;. Their output was unreadable but obviously inert, which makes them
// the reference: the escapers of today must render to exactly the same
// HTML for any input (FuzzEscapeRendersAsBefore, and the records in
// TestRecordRendersAsBefore).

func oldWriteEscaped(b *strings.Builder, s string) {
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

func oldInline(s string) string {
	var b strings.Builder
	oldWriteEscaped(&b, oneLine(s))
	return b.String()
}

func oldBlock(s string) string {
	lines := strings.Split(textsafe.Block(unifyNewlines(s)), "\n")
	for i := range lines {
		lines[i] = strings.TrimFunc(lines[i], unicode.IsSpace)
	}
	var b strings.Builder
	for i, line := range lines {
		if line == "" {
			continue
		}
		if b.Len() > 0 && lines[i-1] == "" {
			b.WriteString("\n\n")
		}
		hardBreak := i+1 < len(lines) && lines[i+1] != ""
		if hardBreak && strings.HasSuffix(line, `\`) {
			oldWriteEscaped(&b, line[:len(line)-1])
			b.WriteString("&#92;")
		} else {
			oldWriteEscaped(&b, line)
		}
		if hardBreak {
			b.WriteString("\\\n")
		}
	}
	return b.String()
}

func oldLink(url, text string) string {
	u := cleanURL(url)
	if !allowedURL(u) {
		return oldInline(u)
	}
	label := oldInline(text)
	if label == "" {
		label = oldInline(u)
	}
	var b strings.Builder
	b.WriteString("[" + label + "](<")
	writeDestination(&b, u)
	b.WriteString(">)")
	return b.String()
}

// inlineContexts are the places a layout puts one line of user text: alone
// on a line, in a heading, a list item, a task list item, a table cell, a
// link label, inside emphasis and glued to letters and punctuation.
var inlineContexts = []func(x string) string{
	func(x string) string { return x },
	func(x string) string { return "#### 1.2 " + x },
	func(x string) string { return "- " + x },
	func(x string) string { return "- [ ] " + x + " (owner: " + x + "), due 2026-01-01" },
	func(x string) string { return "| h | " + x + " |\n| --- | --- |\n| " + x + " | " + x + " |" },
	func(x string) string { return "[" + x + "](<https://x.example/>)" },
	func(x string) string { return "**" + x + "**" },
	func(x string) string { return "*" + x + "* _" + x + "_ ~~" + x + "~~" },
	func(x string) string { return "a" + x + "b (" + x + ")" + x + ": " + x + "." },
	func(x string) string { return "text\n" + x + "\n" + x },
}

// checkRendersAsBefore fails if the old and the new escaping of s render
// to different HTML in any context.
func checkRendersAsBefore(t *testing.T, s string) {
	t.Helper()
	in, oldIn := Inline(s), oldInline(s)
	for i, ctx := range inlineContexts {
		if got, want := renderHTML(t, []byte(ctx(in))), renderHTML(t, []byte(ctx(oldIn))); got != want {
			t.Fatalf("Inline(%q) = %q in context %d renders\n%s\nbut the old escaping %q renders\n%s", s, in, i, got, oldIn, want)
		}
	}
	bl, oldBl := Block(s), oldBlock(s)
	for i, ctx := range []func(string) string{
		func(x string) string { return x },
		func(x string) string { return "#### Item\n\n" + x + "\n\nEvidence:\n\n- x" },
	} {
		if got, want := renderHTML(t, []byte(ctx(bl))), renderHTML(t, []byte(ctx(oldBl))); got != want {
			t.Fatalf("Block(%q) = %q in context %d renders\n%s\nbut the old escaping %q renders\n%s", s, bl, i, got, oldBl, want)
		}
	}
	for _, u := range []string{s, "https://x.example/" + s, "mailto:" + s} {
		l, oldL := Link(u, s), oldLink(u, s)
		for i, ctx := range inlineContexts {
			if got, want := renderHTML(t, []byte(ctx(l))), renderHTML(t, []byte(ctx(oldL))); got != want {
				t.Fatalf("Link(%q, %q) = %q in context %d renders\n%s\nbut the old escaping %q renders\n%s", u, s, l, i, got, oldL, want)
			}
		}
	}
}

func TestEscapeRendersAsBefore(t *testing.T) {
	extra := []string{
		"Kari Nordmann", "snake_case_name", "a * b", "5*3", "a _ b", "__init__", "x_", "_x", "~/.config", "a ~ b",
		"C:\\Users\\kari", "a\\b", "end\\", "AT&T", "&amp;", "&#60;", "&copy", "1.5", "1. x", "2026.", "10) x",
		"# x", "#x", "C#", "x #", "x ##", "##", "- x", "-x", "--", "---", "- - -", "+ x", "+1", "= x", "==", "> x",
		"a > b", ": x", "a: b", "a::b", ":::", "!!! note", "!x", "see https://x.example/a", "http://x.y", "www.x.com",
		"awww.x.com", "kari@example.com", "@kari", "a @ b", "mailto:a@b.c", "$5", "$x$", "{{ x }}", "{% x %}", "{:x}",
		"{x}", "| a |", ":-|-:", "a\n:-", "a\n---", "a\n===", "-5 °C", "* x", "*x*", "**", "***", "___", "~~~",
		"``", "[x]", "![i](j)", "<b>", "a < b", "x\u2028y", "é_é", "a_é", "(_x_)", "10 * 2 * 3", "a\n\n\nb",
	}
	for _, s := range append(fuzzSeeds, extra...) {
		checkRendersAsBefore(t, s)
	}
}

// FuzzEscapeRendersAsBefore holds the readable escaping to the old one:
// whatever the text, both render to the same HTML in every context.
func FuzzEscapeRendersAsBefore(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(checkRendersAsBefore)
}

var oldEscapers = escaper{inline: oldInline, code: oldInline, note: oldBlock, noteLine: oldInline, link: oldLink}

// linkOrCodeTag matches the tags of links and code spans.
var linkOrCodeTag = regexp.MustCompile(`<a href="[^"]*">|</a>|</?code>`)

// withoutLinksAndCode removes the two changes the record made on purpose
// after the escaping: ids are code spans, and URLs in notes are links.
// (The links' targets are checked elsewhere: only http(s) and mailto.)
func withoutLinksAndCode(html string) string { return linkOrCodeTag.ReplaceAllString(html, "") }

// checkRecordRendersAsBefore renders r's record with today's escapers and
// with the old ones and fails if the HTML differs other than by the
// intended links and code spans.
func checkRecordRendersAsBefore(t *testing.T, r *review.Review, opts Options) {
	t.Helper()
	var now, before bytes.Buffer
	if err := markdownWith(&now, r, opts, escapers); err != nil {
		t.Fatal(err)
	}
	if err := markdownWith(&before, r, opts, oldEscapers); err != nil {
		t.Fatal(err)
	}
	got, want := withoutLinksAndCode(renderHTML(t, now.Bytes())), withoutLinksAndCode(renderHTML(t, before.Bytes()))
	if got != want {
		t.Fatalf("the record renders differently from the old escaping's at %s", firstDiff([]byte(want), []byte(got)))
	}
}

// TestRecordRendersAsBefore renders the golden review, with and without
// front matter, a review with nothing answered, a big one, and one hostile
// string at a time in every field, both ways.
func TestRecordRendersAsBefore(t *testing.T) {
	checkRecordRendersAsBefore(t, richReview(t), Options{Version: "1.2.0"})
	checkRecordRendersAsBefore(t, richReview(t), Options{Version: "(devel)", FrontMatter: true})
	empty := richReview(t)
	empty.Answers, empty.SignOffs = nil, nil
	checkRecordRendersAsBefore(t, empty, Options{})
	checkRecordRendersAsBefore(t, bigReview(t, 200), Options{})
	for i, h := range append(fuzzSeeds, "a * b _c_ 5*3", "www.x.example https://x.example/_a_ kari@example.com", "1. x\n- y\n---\n===") {
		r := fuzzReview(t, h, h, h, h, h, h, fuzzSeeds[(i+5)%len(fuzzSeeds)])
		checkRecordRendersAsBefore(t, r, Options{Version: h})
	}
}

func FuzzRecordRendersAsBefore(f *testing.F) {
	for i, s := range fuzzSeeds {
		o := fuzzSeeds[(i+7)%len(fuzzSeeds)]
		f.Add(s, o, s, o, s, o, "2026-03-01")
	}
	f.Fuzz(func(t *testing.T, service, name, title, note, evidence, text, date string) {
		checkRecordRendersAsBefore(t, fuzzReview(t, service, name, title, note, evidence, text, date), Options{Version: text})
	})
}
