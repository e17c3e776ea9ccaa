package export

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

// reformat rewrites a record the way Markdown formatters and wikis do,
// without changing what it says: "*" for "-" in lists, "_" for "*" in
// emphasis, two trailing spaces for a backslash line break, "\<" for
// "&lt;", padded table cells, plain or angle-bracket links for
// [url](<url>), and paragraphs wrapped at 60 columns.
func reformat(md string) string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "|"):
			line = strings.ReplaceAll(line, " | ", "   |   ")
			out = append(out, line)
			continue
		case strings.HasPrefix(line, "- "):
			line = "* " + line[2:]
		case strings.HasPrefix(line, "#"), line == "":
			out = append(out, line)
			continue
		}
		line = strings.ReplaceAll(line, "&lt;", `\<`)
		line = regexp.MustCompile(`\*(owner|due|accepted by|until|below)\*`).ReplaceAllString(line, "_${1}_")
		line = regexp.MustCompile(`\[([a-z]+:[^\]\\ ]+)\]\(<([^>]+)>\)`).ReplaceAllStringFunc(line, func(s string) string {
			m := regexp.MustCompile(`\[([^\]]+)\]\(<([^>]+)>\)`).FindStringSubmatch(s)
			if m[1] == m[2] {
				return "<" + m[2] + ">"
			}
			return s
		})
		if strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `\\`) {
			line = strings.TrimSuffix(line, `\`) + "  "
		}
		out = append(out, wrap(line, 60)...)
	}
	return strings.Join(out, "\n")
}

// wrap breaks a paragraph line at single spaces, never so that a line
// starts with something Markdown would read as a block or a list.
func wrap(line string, width int) []string {
	var out []string
	for len(line) > width {
		cut := -1
		for i := width; i > 0 && i < len(line)-1; i-- {
			if line[i] == ' ' && line[i-1] != ' ' && line[i+1] != ' ' && safeLineStart(line[i+1:]) {
				cut = i
				break
			}
		}
		if cut < 0 {
			break
		}
		out = append(out, line[:cut])
		line = line[cut+1:]
	}
	return append(out, line)
}

var blockStartRE = regexp.MustCompile(`^([-+*>#=|]|\d+[.)]|\[[ x]\]|` + "`" + `)`)

func safeLineStart(s string) bool { return !blockStartRE.MatchString(s) }

// TestReadMarkdownReformatted: a record a formatter or a wiki rewrote
// still reads as the same review, with both layouts.
func TestReadMarkdownReformatted(t *testing.T) {
	r := cleaned(richReview(t))
	for _, layout := range []string{"default", "compact"} {
		t.Run(layout, func(t *testing.T) {
			md := string(exportWith(t, r, layout))
			re := reformat(md)
			if re == md || !strings.Contains(re, "_owner_") || !strings.Contains(re, "* [ ]") {
				t.Fatal("the reformatting changed nothing it should")
			}
			rec := readBack(t, []byte(re), lookupOf(r.Template))
			assertSameReview(t, rec.Review, r)
			if got, want := review.ContentHash(rec.Review), review.ContentHash(r); got != want {
				t.Errorf("content hash %s, want %s", got, want)
			}
		})
	}
}

// TestReadMarkdownEdited: a record edited by hand imports as that edit,
// and the sign-offs given before it turn stale.
func TestReadMarkdownEdited(t *testing.T) {
	r := cleaned(richReview(t))
	md := string(exportWith(t, r, "default"))
	edited := strings.Replace(md, "Restored 2026-02-20.", "Restored 2026-02-20, and again on 2026-05-02.", 1)
	edited = strings.Replace(edited, "**✅ pass** · required · level 1 (bronze) · id `runbooks`", "**❌ fail** · required · level 1 (bronze) · id `runbooks`", 1)
	if edited == md {
		t.Fatal("the edit did not apply")
	}
	rec := readBack(t, []byte(edited), lookupOf(r.Template))
	got := rec.Review
	if n := got.Answers["backups-tested"].Note; n != "Restored 2026-02-20, and again on 2026-05-02." {
		t.Errorf("note %q", n)
	}
	if s := got.Answers["runbooks"].Status; s != review.Fail {
		t.Errorf("status %q", s)
	}
	if !rec.Edited || !got.UpdatedAt.Equal(readNow) {
		t.Errorf("edited %v, last change %v; want true and the moment it was read", rec.Edited, got.UpdatedAt)
	}
	hash := review.ContentHash(got)
	if hash == rec.StatedHash {
		t.Error("an edited record has the hash its footer states")
	}
	for _, s := range got.SignOffs {
		if !s.Stale(hash) {
			t.Errorf("sign-off of %s is current after the edit", s.Name)
		}
	}
}

// TestReadMarkdownRebuildsTheChecklist: without the record's checklist,
// the review is rebuilt from the record's items, prr says what that
// lacks, and the rebuilt review reads back to itself.
func TestReadMarkdownRebuildsTheChecklist(t *testing.T) {
	r := cleaned(richReview(t))
	r.Template.Sections[0].Items[0].Guidance = "Ask for the SLO document."
	for _, layout := range []string{"default", "compact"} {
		md := exportWith(t, r, layout)
		rec := readBack(t, md, nil)
		if rec.TemplateSource != "" || len(rec.Missing) == 0 {
			t.Fatalf("%s: source %q, missing %v", layout, rec.TemplateSource, rec.Missing)
		}
		tpl := rec.Review.Template
		if len(tpl.Sections) != 3 || tpl.Sections[2].Items[2].ID != "pen-test" || tpl.Sections[0].Items[0].Guidance != "" {
			t.Fatalf("%s: rebuilt checklist %+v", layout, tpl.Sections)
		}
		if tpl.Sections[1].Title != "Resilience | recovery" || !tpl.Sections[0].Items[0].Required || tpl.Sections[0].Items[3].Level != 3 {
			t.Errorf("%s: rebuilt checklist %+v", layout, tpl.Sections)
		}
		r.Template.Sections[0].Items[0].Guidance = ""
		want := r.Template
		want.Sections = slices.Clone(want.Sections)
		for i := range want.Sections {
			want.Sections[i].Timebox = 0 // not in the record
		}
		if review.TemplateHash(&tpl) != review.TemplateHash(&want) {
			t.Errorf("%s: the rebuilt checklist differs from the one without guidance", layout)
		}
		r.Template.Sections[0].Items[0].Guidance = "Ask for the SLO document."
		again := exportWith(t, rec.Review, layout)
		rec2 := readBack(t, again, lookupOf(tpl))
		if !bytes.Equal(exportWith(t, rec2.Review, layout), again) {
			t.Errorf("%s: a rebuilt review does not read back to itself", layout)
		}
	}
}

// TestReadMarkdownRefuses: files that are not records say so in one line.
func TestReadMarkdownRefuses(t *testing.T) {
	r := cleaned(richReview(t))
	md := string(exportWith(t, r, "default"))
	cases := map[string]string{
		"":                         "no table of details",
		"# A checklist\n\n- [ ] x": "no table of details",
		strings.Replace(md, "## Answers", "## Something else", 1):              "no sections of items",
		strings.Replace(md, "2026-01-12 09:00:00 UTC", "last year", 1):         "created",
		strings.Replace(md, "| Review | `k3x9m2qa` |", "| Review | nope |", 1): "review id",
		strings.Replace(md, "| reject |", "| maybe |", 1):                      "sign-off 2",
		strings.Repeat("| a | b |\n", (10<<20)/10):                             "larger than", // 10 MB
		strings.Repeat("x", MaxMarkdownBytes+1):                                "larger than",
	}
	for in, want := range cases {
		_, err := ReadMarkdown([]byte(in), lookupOf(r.Template), readNow)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%.40q: error %v, want one line with %q", in, err, want)
		}
	}
}
