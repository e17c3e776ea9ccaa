package mdimport

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Column headers a checklist table uses, lower-cased.
var (
	titleHeaders = []string{"name", "item", "check", "check name", "criterion", "criteria", "requirement", "title", "control", "task", "practice", "checklist item"}
	descHeaders  = []string{"description", "short description", "details", "comment", "comments", "notes", "why", "rationale", "guidance", "explanation"}
	tagHeaders   = []string{"scope", "tags", "category", "categories", "area", "areas"}
	levelWordsH  = []string{"level", "priority", "severity", "importance", "required", "moscow", "criticality"}
)

// table reads a table with a column of items: the title column, a
// description column as guidance, the level from a level column or from
// the first of the per-level columns that marks the item (columns left to
// right from the least demanding level: marked at the first is required,
// at the second level 2, at the third or later level 3).
func (im *importer) table(t *east.Table) {
	if title, skip := im.skippedPart(); skip {
		im.note("the table under %q was left out: that part of a document holds no criteria", title)
		return
	}
	var headers []string
	if h, ok := t.FirstChild().(*east.TableHeader); ok {
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			headers = append(headers, strings.ToLower(strings.Trim(im.t.of(c), " *:")))
		}
	}
	titleCol, descCol, tagCol, levelCol := index(headers, titleHeaders), index(headers, descHeaders), index(headers, tagHeaders), -1
	var perLevel []int
	for i, h := range headers {
		switch {
		case levelHeader(h):
			perLevel = append(perLevel, i)
		case levelCol < 0 && containsWord(h, levelWordsH):
			levelCol = i
		}
	}
	if titleCol < 0 {
		im.note("a table (line %d) was left out: it has no column of items (Name, Item, Check, Requirement ...)", line(t, im.t.src))
		return
	}
	if len(perLevel) < 2 {
		perLevel = nil
	}
	unknown := 0
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		if _, ok := r.(*east.TableRow); !ok {
			continue
		}
		cells := cellsOf(r)
		im.t.links = nil
		title := im.cellText(cells, titleCol)
		if title == "" {
			continue
		}
		refs := im.t.links
		var lv *level
		switch {
		case perLevel != nil:
			l := level{false, 3}
			for k, col := range perLevel {
				if marked(im.cellText(cells, col)) {
					l = level{required: k == 0, level: min(k+1, 3)}
					break
				}
			}
			lv = &l
		case levelCol >= 0 && (headers[levelCol] == "required" || headers[levelCol] == "mandatory"):
			// A yes/no column: required or not, at level 1.
			v := strings.ToLower(im.cellText(cells, levelCol))
			lv = &level{required: marked(v) || v == "must" || v == "true", level: 1}
		case levelCol >= 0:
			if l, ok := parseLevel(im.cellText(cells, levelCol)); ok {
				lv = &l
			} else {
				unknown++
			}
		}
		var tags []string
		if tagCol >= 0 {
			for _, s := range strings.Split(im.cellText(cells, tagCol), ",") {
				if tag := slug(s, 32); tag != "" && len(tags) < 10 {
					tags = append(tags, tag)
				}
			}
		}
		im.t.links = nil
		guidance := im.cellText(cells, descCol)
		refs = append(refs, im.t.links...)
		im.addItem(title, guidance, refs, lv, tags)
	}
	if unknown > 0 {
		im.note("%d rows have a level prr does not know (%q column); they take the level of their section", unknown, headers[levelCol])
	}
}

func cellsOf(r ast.Node) []ast.Node {
	var out []ast.Node
	for c := r.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

func (im *importer) cellText(cells []ast.Node, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return im.t.of(cells[i])
}

func index(headers, names []string) int {
	for i, h := range headers {
		for _, n := range names {
			if h == n {
				return i
			}
		}
	}
	return -1
}

func containsWord(h string, words []string) bool {
	for _, f := range strings.Fields(h) {
		for _, w := range words {
			if f == w {
				return true
			}
		}
	}
	return false
}
