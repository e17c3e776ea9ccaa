package mdimport

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"go.yaml.in/yaml/v3"

	"github.com/prr-dev/prr/review"
)

// maxTitle is how long an item's title may be; a longer item is titled by
// its first sentence and keeps the whole text as guidance.
const maxTitle = 160

// hasTaskList reports whether the document has a task list ("- [ ]").
func hasTaskList(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*east.TaskCheckBox); ok && entering {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// list reads a list's items. In a document with task lists only items with
// a check box are criteria; elsewhere a list is, unless it sits under a
// heading such as "References" or holds nothing but links.
func (im *importer) list(l *ast.List) {
	if title, skip := im.skippedPart(); skip {
		im.note("the list under %q was left out: that part of a document holds no criteria", title)
		return
	}
	if !im.taskMode && im.linksOnly(l) {
		im.note("a list of links only (line %d) was left out: a table of contents or references", line(l, im.t.src))
		return
	}
	skipped := 0
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		skipped += im.listItem(li)
	}
	if skipped > 0 {
		im.note("%d list items without a check box were left out (the document's criteria are its task lists)", skipped)
	}
}

// listItem adds one item, and the items of its sub-lists when those have
// check boxes; other sub-items, and any paragraphs below it, become its
// guidance. It returns how many list items it left out.
func (im *importer) listItem(li ast.Node) int {
	first := li.FirstChild()
	if first == nil {
		return 0
	}
	_, checkbox := first.FirstChild().(*east.TaskCheckBox)
	if im.taskMode && !checkbox {
		return 1
	}
	im.t.links = nil
	text := im.t.of(first)
	var guidance []string
	var subs []*ast.List
	for c := first.NextSibling(); c != nil; c = c.NextSibling() {
		if sub, ok := c.(*ast.List); ok && im.taskMode && hasTaskList(sub) {
			subs = append(subs, sub)
			continue
		}
		if s := im.t.blockText(c); s != "" {
			guidance = append(guidance, s)
		}
	}
	if text != "" {
		im.addItem(text, strings.Join(guidance, "\n\n"), im.t.links, nil, nil)
	}
	left := 0
	for _, sub := range subs {
		for c := sub.FirstChild(); c != nil; c = c.NextSibling() {
			left += im.listItem(c)
		}
	}
	return left
}

// linksOnly reports whether every item of l is a link and nothing more.
func (im *importer) linksOnly(l *ast.List) bool {
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		tb := li.FirstChild()
		if tb == nil {
			continue
		}
		links, text := 0, 0
		for c := tb.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Link, *ast.AutoLink:
				links++
			case *ast.Text:
				if len(bytes.Trim(c.Segment.Value(im.t.src), " -–—:.,()")) > 0 {
					text++
				}
			default:
				text++
			}
		}
		if links == 0 || text > 0 {
			return false
		}
	}
	return true
}

// addItem adds an item to the current section: the document's id if the
// text starts with one, its first sentence as title if it is long, the
// level from the section's heading unless lv says otherwise.
func (im *importer) addItem(text, guidance string, refs []string, lv *level, tags []string) {
	id, title := leadID(review.CleanLine(text))
	guidance = review.CleanNote(guidance)
	if !hasWord(title) {
		im.note("the item %q has no words (a placeholder); it was left out", clip(title, 40))
		return
	}
	if len(title) > maxTitle {
		guidance = strings.TrimSpace(title + "\n\n" + guidance)
		title = firstSentence(title)
	}
	l := level{required: true, level: 1}
	switch {
	case lv != nil:
		l = *lv
	case im.curHint != nil:
		l = *im.curHint
	}
	if strings.Contains(strings.ToLower(title), "(optional)") {
		l.required = false
	}
	it := review.Item{
		ID:       im.itemIDs.unique(id, firstOf(slug(title, 48), "item")),
		Title:    title,
		Required: l.required,
		Level:    l.level,
		Guidance: clip(guidance, 8000),
		Tags:     tags,
	}
	if len(refs) > 0 {
		it.Refs = refs[:min(len(refs), 20)]
	}
	s := im.section()
	s.Items = append(s.Items, it)
}

// hasWord reports whether s has a letter or a digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// firstSentence is the start of text up to its first full stop, or its
// first maxTitle bytes at a word.
func firstSentence(text string) string {
	for i := 0; i+1 < len(text) && i < maxTitle; i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i+1] == ' ' && i > 10 {
			return text[:i+1]
		}
	}
	return clip(text, maxTitle)
}

// frontMatter reads the title, id and description of YAML front matter,
// and returns the document after it.
func frontMatter(data []byte) (map[string]string, []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	out := map[string]string{}
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return out, data
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		return out, data
	}
	var fm map[string]any
	if yaml.Unmarshal(rest[:i], &fm) == nil {
		for _, k := range []string{"title", "id", "description"} {
			if s, ok := fm[k].(string); ok {
				out[k] = s
			}
		}
	}
	return out, rest[i+len("\n---\n"):]
}
