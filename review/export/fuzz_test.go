package export

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/yuin/goldmark/ast"
)

// Run a fuzzer with, for example:
//
//	go test -fuzz FuzzMarkdown -fuzztime 45s ./review/export/
//
// Without -fuzz, the seeds below and any crashers saved under
// testdata/fuzz run as ordinary tests.

var fuzzSeeds = []string{
	"", "plain", "a | b", "a\nb\r\nc\rd", "# h", "> q", "- l", "+ l", "1. o", "2) o", "=== ", "---", "***",
	"    code", "\tcode", "```go\nx\n```", "~~~", "`span`", "*em* _em_ **b** ~~s~~",
	hostileScript, hostileImg, "<!-- c -->", "<?php ?>", "<![CDATA[x]]>", "<a href=\"javascript:alert(1)\">x</a>",
	"[x](javascript:alert(1))", "![i](javascript:alert(1))", "[r]: javascript:alert(1)", "<javascript:alert(1)>",
	"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
	"data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd",
	"https://example.com/a b(c)|d<e>", "https://x.example/?a=1&amp;b&#60;", "mailto:a@example.com", "www.example.com",
	"&lt; &amp; &#x3C; &copy", `\`, `\\|`, "a\\", "|", "||", ":---:|", "{{ x }} {% y %}", "::uml::",
	hostileESC, hostileBidi, "\x00\x01\x7f\u0080\u009f", "\xff\xfe\xc0\xaf", "\u2028\u2029\u0085\ufeff",
	strings.Repeat("long|", 300), "日本語 ✅ ⚠️",
	hostileFrontMatter, "www.example.com/x", "https://example.com", "a@example.com", "ftp://x.example/y", "WWW.example.com",
	"x\\<b>", "&#60;b&#62;", "&lt;b>", "a\\\\[b](c)", "**b** __c__ ~~d~~ `e`",
}

// checkText asserts what holds for every escaper's output: valid UTF-8
// with no control (carriage return included), bidi or Unicode line
// separator characters, and line breaks only where allowed.
func checkText(t *testing.T, out string, newlines bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("not UTF-8: %q", out)
	}
	for i, r := range out {
		if r == '\n' && newlines {
			continue
		}
		if textsafe.Dangerous(r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("character %U at byte %d in %q", r, i, out)
		}
	}
}

// wantLine is the text a reader should see for s written with Inline.
func wantLine(s string) string {
	return strings.NewReplacer("\u2028", " ", "\u2029", " ").Replace(oneLine(s))
}

func FuzzInline(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Inline(s)
		checkText(t, out, false)
		want := wantLine(s)
		if got := unescapeInline(out); got != want {
			t.Fatalf("unescape(Inline(%q)) = %q, want %q", s, got, want)
		}
		if out == "" {
			return
		}
		d := parseMD([]byte(out))
		if d.root.ChildCount() != 1 || d.root.FirstChild().Kind() != ast.KindParagraph {
			t.Fatalf("Inline(%q) = %q is not one paragraph", s, out)
		}
		for n := d.root.FirstChild().FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() != ast.KindText {
				t.Fatalf("Inline(%q) = %q made a %s", s, out, n.Kind())
			}
		}
		if got := d.plain(d.root); got != want {
			t.Fatalf("Inline(%q) = %q renders as %q, want %q", s, out, got, want)
		}
	})
}

func FuzzCell(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Cell(s)
		checkText(t, out, false)
		src := []byte("| first | second | third |\n| --- | --- | --- |\n| a | " + out + " | end |\n| " + out + " | " + out + " | " + out + " |\n")
		checkTableLines(t, src)
		d := checkSafe(t, src)
		tbs := d.tables()
		if len(tbs) != 1 || len(tbs[0].rows) != 2 {
			t.Fatalf("Cell(%q) = %q: want one table of two rows, got %d tables", s, out, len(tbs))
		}
		want := wantLine(s)
		if r := tbs[0].rows[0]; r[0] != "a" || r[1] != want || r[2] != "end" {
			t.Fatalf("Cell(%q) = %q reads back as %q, want [a %q end]", s, out, r, want)
		}
		if r := tbs[0].rows[1]; r[0] != want || r[1] != want || r[2] != want {
			t.Fatalf("Cell(%q) = %q reads back as %q", s, out, r)
		}
	})
}

// wantParagraphs is the text a reader should see for s written with
// Block, as doc.plain reports it: the lines of each paragraph joined by
// line breaks, paragraphs one after the other.
func wantParagraphs(s string) (text string, paragraphs int) {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	var b strings.Builder
	inPara := false
	for _, line := range strings.Split(textsafe.Block(s), "\n") {
		line = strings.TrimFunc(line, unicode.IsSpace)
		if line == "" {
			inPara = false
			continue
		}
		if inPara {
			b.WriteByte('\n')
		} else {
			paragraphs++
		}
		b.WriteString(strings.NewReplacer("\u2028", " ", "\u2029", " ").Replace(line))
		inPara = true
	}
	return b.String(), paragraphs
}

func FuzzBlock(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("one\n\n\n two \n  three\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		out := Block(s)
		checkText(t, out, true)
		if strings.Contains(out, "\n\n\n") || strings.HasPrefix(out, "\n") || strings.HasSuffix(out, "\n") {
			t.Fatalf("Block(%q) = %q has stray blank lines", s, out)
		}
		lines := strings.Split(out, "\n")
		for i, line := range lines {
			if line == "" {
				continue
			}
			if strings.TrimFunc(line, unicode.IsSpace) != line {
				t.Fatalf("Block(%q): line %q has surrounding white space", s, line)
			}
			if i+1 < len(lines) && lines[i+1] != "" {
				// Inside a paragraph every line but the last ends in the
				// backslash of a hard line break.
				var ok bool
				if _, ok = strings.CutSuffix(line, `\`); !ok {
					t.Fatalf("Block(%q): line %q lacks its hard break", s, line)
				}
			}
		}
		want, paras := wantParagraphs(s)
		d := checkSafe(t, []byte(out+"\n"))
		if d.root.ChildCount() != paras {
			t.Fatalf("Block(%q) = %q: %d blocks, want %d paragraphs", s, out, d.root.ChildCount(), paras)
		}
		for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() != ast.KindParagraph {
				t.Fatalf("Block(%q) = %q made a %s", s, out, n.Kind())
			}
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if c.Kind() != ast.KindText {
					t.Fatalf("Block(%q) = %q made a %s", s, out, c.Kind())
				}
			}
		}
		if got := d.plain(d.root); got != want {
			t.Fatalf("Block(%q) = %q renders as %q, want %q", s, out, got, want)
		}
	})
}

func FuzzLink(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "")
		f.Add(s, "label | "+s)
	}
	f.Fuzz(func(t *testing.T, url, label string) {
		out := Link(url, label)
		checkText(t, out, false)
		allowed := allowedURL(cleanURL(url))
		if allowed != strings.HasPrefix(out, "[") {
			t.Fatalf("Link(%q, %q) = %q: allowed is %v", url, label, out, allowed)
		}
		for _, src := range []string{
			"- see " + out + " here\n",
			"| a | b | c |\n| --- | --- | --- |\n| x | " + out + " | end |\n",
		} {
			checkTableLines(t, []byte(src))
			d := checkSafe(t, []byte(src))
			dests := d.destinations()
			switch {
			case allowed && len(dests) != 1:
				t.Fatalf("Link(%q, %q) = %q: %d links, want 1", url, label, out, len(dests))
			case !allowed && len(dests) != 0:
				t.Fatalf("Link(%q, %q) = %q: links %q, want none", url, label, out, dests)
			}
			for _, tb := range d.tables() {
				if r := tb.rows[0]; r[0] != "x" || r[2] != "end" {
					t.Fatalf("Link(%q, %q) = %q broke the table: %q", url, label, out, r)
				}
			}
		}
	})
}

// fuzzReview is the rich review with every user-editable field replaced by
// fuzzer input, set directly so that no validation softens it: the store
// may hold anything an older prr or a hand-edited file put there.
func fuzzReview(t *testing.T, service, name, title, note, evidence, text, date string) *review.Review {
	r := richReview(t)
	r.Service, r.Team, r.Owner = service, name, name
	r.Participants = append(r.Participants, review.Participant{Name: name, Role: title})
	r.Template.ID, r.Template.Title = title, title
	r.Template.Sections[1].ID, r.Template.Sections[1].Title = title, title
	r.Template.Sections[0].Items[2].Title = title
	a := r.Answers["alerts-actionable"]
	a.Note = note
	a.Evidence = append(a.Evidence, evidence, note)
	a.Actions[0] = review.Action{Text: text, Owner: name, Due: review.Date(date)}
	a.Waiver = &review.Waiver{Reason: text, AcceptedBy: name, Expires: review.Date(date)}
	r.Answers["alerts-actionable"] = a
	d := r.Answers["dashboards"]
	d.Status = review.Status(title) // an unknown status must not break the record either
	r.Answers["dashboards"] = d
	r.SignOffs[0].Name, r.SignOffs[0].Role, r.SignOffs[0].Comment = name, title, note
	r.SignOffs[0].Decision = review.Decision(text)
	r.SignOffs[2].Hash = evidence
	r.Meeting.Attendance = append(r.Meeting.Attendance, review.Attendee{Name: name, Role: title})
	r.Meeting.Scribe = name
	r.Meeting.Sittings[1].Present = append(r.Meeting.Sittings[1].Present, name)
	r.Meeting.Parked["tracing"] = review.Parking{Note: note}
	return r
}

func FuzzMarkdown(f *testing.F) {
	for i, s := range fuzzSeeds {
		o := fuzzSeeds[(i+7)%len(fuzzSeeds)]
		f.Add(s, o, s, o, s, o, "2026-03-01")
	}
	f.Add("svc", "name", "title", "note", "https://x.example", "text", "not a date | x")
	f.Fuzz(func(t *testing.T, service, name, title, note, evidence, text, date string) {
		r := fuzzReview(t, service, name, title, note, evidence, text, date)
		var buf bytes.Buffer
		if err := Markdown(&buf, r, Options{Version: text}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		checkTableLines(t, out)
		d := checkSafe(t, out)
		if n := len(d.headings()); n != 24 {
			t.Fatalf("%d headings, want 24", n)
		}
		wantRows := []int{11, 5, 5, 2, 3, 3, 3, 4, 4}
		tbs := d.tables()
		if len(tbs) != len(wantRows) {
			t.Fatalf("%d tables, want %d", len(tbs), len(wantRows))
		}
		for i, tb := range tbs {
			if len(tb.rows) != wantRows[i] {
				t.Fatalf("table %d has %d rows, want %d", i, len(tb.rows), wantRows[i])
			}
		}
		if got, want := tbs[0].rows[1][1], wantLine(service); got != want {
			t.Fatalf("service reads back as %q, want %q", got, want)
		}
		for _, row := range tbs[8].rows {
			if s := row[len(row)-1]; s != "current" && s != "stale" && s != "replaced" {
				t.Fatalf("sign-off status column reads %q", s)
			}
		}
		// The footer is the last line, and Verify finds the true hash.
		rep, err := Verify(bytes.NewReader(out))
		if err != nil || rep.Hash != review.ContentHash(r) {
			t.Fatalf("Verify: hash %q, err %v; want %s", rep.Hash, err, review.ContentHash(r))
		}

		buf.Reset()
		if err := Markdown(&buf, r, Options{FrontMatter: true}); err != nil {
			t.Fatal(err)
		}
		body := checkFrontMatter(t, buf.Bytes(), service)
		checkSafe(t, body)
		checkFrontMatterInert(t, buf.Bytes(), body)
	})
}
