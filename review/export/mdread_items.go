package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/prr-dev/prr/review"
)

// readAnswers reads the default layout's answers: a heading per section
// (### 1. Title) and per item (#### 1.1 Title).
func (p *recordParser) readAnswers() {
	var sec *readSection
	for p.i < len(p.blocks) {
		h, ok := p.blocks[p.i].(*ast.Heading)
		if !ok {
			p.i++
			continue
		}
		if h.Level <= 2 {
			return
		}
		p.i++
		title := strings.TrimSpace(p.m.text(h))
		switch {
		case h.Level == 3:
			m := sectionHeadRE.FindStringSubmatch(title)
			if m == nil {
				p.notes = append(p.notes, fmt.Sprintf("the heading %q is not a section (### 1. Title); it was skipped", truncate(title, 60)))
				p.skipToHeading(3)
				continue
			}
			sec = &readSection{number: m[1], title: m[2]}
			sec.id = p.sectionID(p.until(4))
			p.sections = append(p.sections, sec)
		case h.Level == 4 && sec != nil:
			m := itemHeadRE.FindStringSubmatch(title)
			if m == nil {
				p.notes = append(p.notes, fmt.Sprintf("the heading %q is not an item (#### 1.1 Title); it was skipped", truncate(title, 60)))
				p.skipToHeading(4)
				continue
			}
			it := &readItem{number: m[1], title: m[2], level: 1}
			body := p.until(4)
			if len(body) > 0 && p.statusLine(body[0], it) {
				body = body[1:]
			} else {
				p.notes = append(p.notes, "item "+it.number+" has no status line (**status** · required · level · id); it was read as unanswered")
			}
			p.itemBody(body, it, true)
			sec.items = append(sec.items, it)
		default:
			p.skipToHeading(h.Level)
		}
	}
}

// sectionID finds "Section id `x`" among a section's first blocks.
func (p *recordParser) sectionID(blocks []ast.Node) string {
	for _, b := range blocks {
		if para, ok := b.(*ast.Paragraph); ok && strings.HasPrefix(strings.TrimSpace(p.m.text(para)), "Section id") {
			for c := para.FirstChild(); c != nil; c = c.NextSibling() {
				if cs, ok := c.(*ast.CodeSpan); ok {
					return p.m.code(cs)
				}
			}
			f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(p.m.text(para)), "Section id"))
			if len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// statusLine reads "**✅ pass** · required · level 1 (bronze) · id `x`".
func (p *recordParser) statusLine(n ast.Node, it *readItem) bool {
	para, ok := n.(*ast.Paragraph)
	if !ok {
		return false
	}
	if _, ok := p.m.firstInline(para).(*ast.Emphasis); !ok {
		return false
	}
	parts := strings.Split(p.m.text(para), "·")
	st, ok := parseStatus(parts[0])
	if !ok {
		return false
	}
	it.answer.Status = st
	p.attributes(parts[1:], it)
	return true
}

// attributes reads "required", "level 2 (silver)" and "id x".
func (p *recordParser) attributes(parts []string, it *readItem) {
	for _, part := range parts {
		f := strings.Fields(part)
		switch {
		case len(f) == 0:
		case f[0] == "required":
			it.required = true
		case f[0] == "level" && len(f) > 1:
			if l, err := strconv.Atoi(f[1]); err == nil {
				it.level = l
			}
		case f[0] == "id" && len(f) > 1:
			it.id = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "id"))
		}
	}
}

// parseStatus reads a status label as the record or a person writes it:
// "✅ pass", "n/a", "Fail".
func parseStatus(s string) (review.Status, bool) {
	s = strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '/') }))
	switch s {
	case "pass", "passed":
		return review.Pass, true
	case "partial":
		return review.Partial, true
	case "fail", "failed":
		return review.Fail, true
	case "n/a", "na":
		return review.NA, true
	case "unanswered":
		return review.Unanswered, true
	}
	return "", false
}

// itemBody reads what follows an item's status line (or, in the compact
// layout, its details paragraph): the note's paragraphs when withNote,
// then "Evidence:" and "Actions:" each with its list, and the waiver.
func (p *recordParser) itemBody(body []ast.Node, it *readItem, withNote bool) {
	var note []string
	for k := 0; k < len(body); k++ {
		n := body[k]
		if para, ok := n.(*ast.Paragraph); ok {
			label := strings.TrimSpace(p.m.text(para))
			var list *ast.List
			if k+1 < len(body) {
				list, _ = body[k+1].(*ast.List)
			}
			switch {
			case list != nil && label == "Evidence:":
				it.answer.Evidence = append(it.answer.Evidence, p.evidence(list)...)
				k++
				continue
			case list != nil && label == "Actions:":
				it.answer.Actions = append(it.answer.Actions, p.actions(list)...)
				k++
				continue
			case p.m.emphasised(p.m.firstInline(para), "Waiver"):
				it.answer.Waiver = p.waiver(para)
				continue
			}
		}
		if withNote {
			note = append(note, p.m.block(n))
		} else {
			p.notes = append(p.notes, fmt.Sprintf("item %s: text below it that is not its note, evidence, actions or waiver was skipped", it.number))
		}
	}
	if withNote {
		it.answer.Note = review.CleanNote(strings.Join(note, "\n\n"))
	}
}

// evidence reads an evidence list: a link is its URL, anything else its
// text without the layout's "(not a link)".
func (p *recordParser) evidence(l *ast.List) []string {
	var out []string
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		s := strings.TrimSpace(p.m.block(li))
		s = strings.TrimSpace(strings.TrimSuffix(s, "(not a link)"))
		if s = review.CleanLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// actions reads a task list: "- [ ] text — *owner* name — *due* date".
func (p *recordParser) actions(l *ast.List) []review.Action {
	var out []review.Action
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		tb := li.FirstChild()
		if tb == nil {
			continue
		}
		var a review.Action
		first := tb.FirstChild()
		if cb, ok := first.(*east.TaskCheckBox); ok {
			a.Done = cb.IsChecked
			first = cb.NextSibling()
		}
		lead, after := p.m.labelled(first, "owner", "due")
		a.Text = review.CleanLine(lead)
		a.Owner = review.CleanLine(after["owner"])
		a.Due = review.Date(review.CleanLine(after["due"]))
		if a.Text != "" {
			out = append(out, a)
		}
	}
	return out
}

// waiver reads "**Waiver**: reason — *accepted by* name — *until* date".
func (p *recordParser) waiver(para *ast.Paragraph) *review.Waiver {
	lead, after := p.m.labelled(p.m.firstInline(para).NextSibling(), "accepted by", "until")
	return &review.Waiver{
		Reason:     review.CleanLine(trimSep(lead, ":")),
		AcceptedBy: review.CleanLine(after["accepted by"]),
		Expires:    review.Date(review.CleanLine(after["until"])),
	}
}

// readCompactSection reads one section of the compact layout: a heading
// "## 1. Title", its id, a table with a row per item, and a details
// paragraph (**1.2** Title) for the items that need more than their row.
func (p *recordParser) readCompactSection(title string) error {
	m := sectionHeadRE.FindStringSubmatch(title)
	sec := &readSection{number: m[1], title: m[2]}
	body := p.until(2)
	sec.id = p.sectionID(body)
	byNumber := map[string]*readItem{}
	var cur *readItem
	var curBody []ast.Node
	flush := func() {
		if cur != nil {
			p.itemBody(curBody, cur, cur.noteBelow)
		}
	}
	for _, n := range body {
		switch n := n.(type) {
		case *east.Table:
			if p.header(n) == "item|status|note|evidence" {
				for _, r := range rows(n) {
					if it := p.compactRow(r); it != nil {
						sec.items = append(sec.items, it)
						byNumber[it.number] = it
					}
				}
				continue
			}
		case *ast.Paragraph:
			if e, ok := p.m.firstInline(n).(*ast.Emphasis); ok && e.Level == 2 {
				if it := byNumber[strings.TrimSpace(p.m.text(e))]; it != nil {
					flush()
					cur, curBody = it, nil
					continue
				}
			}
		}
		if cur != nil {
			curBody = append(curBody, n)
		}
	}
	flush()
	if len(sec.items) == 0 {
		return fmt.Errorf("section %q of the record has no table of items (| Item | Status | Note | Evidence |)", truncate(title, 60))
	}
	p.sections = append(p.sections, sec)
	return nil
}

// compactRow reads "| 1.1 Title · id `x` · required · level 1 | ✅ pass |
// note | evidence |". The attributes are read from the right, so a title
// may hold " · ".
func (p *recordParser) compactRow(r []ast.Node) *readItem {
	if len(r) < 4 {
		return nil
	}
	parts := strings.Split(strings.TrimSpace(p.m.text(r[0])), " · ")
	if len(parts) < 4 {
		return nil
	}
	k := len(parts) - 3
	head := itemHeadRE.FindStringSubmatch(strings.Join(parts[:k], " · "))
	if head == nil {
		return nil
	}
	it := &readItem{number: head[1], title: head[2], level: 1}
	p.attributes(parts[k:], it)
	if st, ok := parseStatus(p.cellText(r[1])); ok {
		it.answer.Status = st
	}
	if p.m.emphasised(p.m.firstInline(r[2]), "below") {
		it.noteBelow = true
	} else {
		it.answer.Note = review.CleanNote(p.cellText(r[2]))
	}
	if p.m.emphasised(p.m.firstInline(r[3]), "below") {
		it.evidenceBelow = true
	} else {
		it.answer.Evidence = p.evidenceCell(r[3])
	}
	return it
}

// evidenceCell reads the links of a compact row's evidence cell, written
// joined by ", ".
func (p *recordParser) evidenceCell(cell ast.Node) []string {
	var out []string
	for c := cell.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Link, *ast.AutoLink:
			var b strings.Builder
			p.m.inline(&b, c)
			if s := review.CleanLine(b.String()); s != "" {
				out = append(out, s)
			}
		}
	}
	if out == nil {
		for _, s := range strings.Split(p.cellText(cell), ", ") {
			if s = review.CleanLine(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}
