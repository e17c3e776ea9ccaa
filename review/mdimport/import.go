// Package mdimport turns a checklist written in Markdown into a prr
// template: GitHub task lists, plain lists of criteria under headings, and
// tables with a level column or a column per level, the shapes public
// production-readiness checklists come in. See docs/template-format.md.
package mdimport

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/mdparse"
)

// MaxBytes bounds the Markdown file Import reads: as large as the largest
// template prr loads. A 10 MB file is refused before it is parsed, and prr
// templates import reads no more of a file than this.
const MaxBytes = review.MaxTemplateBytes

// Options override what Import would take from the document.
type Options struct {
	ID    string // the template's id; default: a slug of its title
	Title string // default: front matter title, the first heading, the file name
}

// Result is the template and what became of each part of the file.
type Result struct {
	Template *review.Template
	Report   []string // one line per section found and per part left out
}

// Import reads the Markdown checklist data (from the file name, for the
// defaults) into a template, checked as prr checks any template.
func Import(data []byte, name string, opts Options) (*Result, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("the file is larger than %d MiB; a checklist is far smaller", MaxBytes>>20)
	}
	fm, body := frontMatter(data)
	doc, err := mdparse.Parse(body)
	if err != nil {
		return nil, err
	}
	im := &importer{t: inlineText{src: body}, sectionIDs: ids{}, itemIDs: ids{}}
	im.taskMode = hasTaskList(doc)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		im.block(n)
	}
	im.flush()
	title := firstOf(opts.Title, fm["title"], im.docTitle, strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	tpl := &review.Template{
		ID:          firstOf(opts.ID, slug(fm["id"], 64), slug(title, 64), "imported"),
		Version:     1,
		Title:       clip(review.CleanLine(title), 200),
		Description: clip(review.CleanNote(firstOf(fm["description"], im.docDescription)), 2000),
		Sections:    im.sections,
	}
	if len(tpl.Sections) == 0 {
		return nil, errors.New("no checklist found: no task list, list of criteria under a heading, or table with a column of items")
	}
	if err := tpl.Validate(); err != nil {
		return nil, fmt.Errorf("the checklist does not make a valid template: %w", err)
	}
	return &Result{Template: tpl, Report: im.report}, nil
}

// importer walks a document's top-level blocks in order.
type importer struct {
	t        inlineText
	taskMode bool // the document has task lists: only their items count
	report   []string

	docTitle, docDescription string
	headings                 []heading // the headings above the current block
	cur                      *review.Section
	curHint                  *level
	sections                 []review.Section
	sectionIDs, itemIDs      ids
}

type heading struct {
	depth int
	title string
	hint  *level
}

func (im *importer) note(format string, args ...any) {
	if len(im.report) < 200 {
		im.report = append(im.report, fmt.Sprintf(format, args...))
	}
}

func (im *importer) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		im.heading(n)
	case *ast.Paragraph:
		text := im.t.blockText(n)
		switch {
		case im.cur == nil && len(im.headings) <= 1 && im.docDescription == "":
			im.docDescription = text
		case im.cur != nil && len(im.cur.Items) == 0 && len(im.cur.Description) < 2000:
			im.cur.Description = strings.TrimSpace(im.cur.Description + "\n\n" + text)
		}
	case *ast.List:
		im.list(n)
	case *east.Table:
		im.table(n)
	case *ast.FencedCodeBlock:
		im.note("a code block (line %d) was left out: its text is not a checklist", max(line(n, im.t.src)-1, 1))
	case *ast.CodeBlock:
		im.note("a code block (line %d) was left out: its text is not a checklist", line(n, im.t.src))
	}
}

// heading starts a section: the deepest heading that holds items. A level
// word in a heading ("Critical", "Nice to have") sets the level of the
// items under it, and under the headings below it.
func (im *importer) heading(h *ast.Heading) {
	im.flush()
	title := review.CleanLine(shortcodeRE.ReplaceAllString(im.t.of(h), ""))
	if h.Level == 1 && im.docTitle == "" {
		im.docTitle = title
	}
	for len(im.headings) > 0 && im.headings[len(im.headings)-1].depth >= h.Level {
		im.headings = im.headings[:len(im.headings)-1]
	}
	var hint *level
	if l, ok := parseLevel(title); ok {
		hint = &l
	} else if len(im.headings) > 0 {
		hint = im.headings[len(im.headings)-1].hint
	}
	im.headings = append(im.headings, heading{depth: h.Level, title: title, hint: hint})
	im.cur = &review.Section{Title: clip(title, 200)}
	im.curHint = hint
}

// flush keeps the current section if it holds items.
func (im *importer) flush() {
	if im.cur == nil {
		return
	}
	s := *im.cur
	im.cur = nil
	if len(s.Items) == 0 {
		if s.Description != "" && s.Title != im.docTitle {
			im.note("the part %q holds no checklist items; it was left out", s.Title)
		}
		return
	}
	s.ID = im.sectionIDs.unique(slug(s.Title, 64), "section")
	s.Description = clip(review.CleanNote(s.Description), 2000)
	im.sections = append(im.sections, s)
	im.note("section %q: %d items%s", s.Title, len(s.Items), levelSummary(s.Items))
}

// section is where items go: the current heading's section, or one named
// after the document when items come before any heading.
func (im *importer) section() *review.Section {
	if im.cur == nil {
		im.cur = &review.Section{Title: firstOf(im.docTitle, "Checklist")}
	}
	return im.cur
}

// shortcodeRE matches GitHub emoji shortcodes (":lock:"), which headings
// use as icons and a template title should not spell out.
var shortcodeRE = regexp.MustCompile(`:[a-z0-9_+-]+:`)

// skippedHeadings are parts of a document that hold lists but no criteria.
var skippedHeadings = []string{"table of contents", "contents", "toc", "references", "reference", "links", "resources", "see also", "further reading", "sources", "credits", "license", "licence", "changelog", "bonus", "contributing", "acknowledgements", "acknowledgments"}

// skippedPart reports whether the current heading names a part without
// criteria.
func (im *importer) skippedPart() (string, bool) {
	if len(im.headings) == 0 {
		return "", false
	}
	title := im.headings[len(im.headings)-1].title
	t := strings.ToLower(strings.Trim(title, " :#*"))
	for _, s := range skippedHeadings {
		if t == s {
			return title, true
		}
	}
	return title, false
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// clip shortens s to at most n bytes, at a word, marking the cut.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// line is the line a block starts on: that of the first text in it, or 0.
func line(n ast.Node, src []byte) int {
	at := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			at = c.Lines().At(0).Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if at < 0 || at > len(src) {
		return 0
	}
	return 1 + strings.Count(string(src[:at]), "\n")
}

func levelSummary(items []review.Item) string {
	var req, l2, l3 int
	for _, it := range items {
		switch {
		case it.Required:
			req++
		case it.Level == 2:
			l2++
		case it.Level == 3:
			l3++
		}
	}
	return fmt.Sprintf(" (%d required, %d at level 2, %d at level 3)", req, l2, l3)
}
