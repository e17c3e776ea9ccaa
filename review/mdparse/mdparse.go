// Package mdparse parses Markdown that prr reads from files people give it
// (a record to import, a checklist to turn into a template) with goldmark
// and its GitHub extensions, after checking that parsing it stays cheap.
//
// goldmark takes time that grows with the square of a paragraph's link,
// emphasis, strikethrough and code marks: 64 KiB of "[a](" take seconds,
// a 10 MB file hours. No record or checklist has paragraphs like that, so
// Parse refuses a file whose paragraphs together would cost more than a
// fixed budget, before parsing it.
package mdparse

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// budget bounds the sum, over paragraphs, of a paragraph's marks times its
// length in bytes: about a second of parsing on a slow machine. A
// 1,000-item record uses a hundredth of it.
const budget = 100_000_000

var parser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// Parse checks data's cost and parses it. The tree's text segments point
// into data.
func Parse(data []byte) (ast.Node, error) {
	if line := tooCostly(data); line > 0 {
		return nil, fmt.Errorf("the text around line %d is too dense with Markdown marks ([, *, `, ~) to read safely", line)
	}
	return parser.Parse(text.NewReader(data)), nil
}

// tooCostly returns the line where the cost of data passes the budget, or
// 0. A paragraph is a run of non-blank lines; a table row counts on its
// own, because goldmark parses each cell apart.
func tooCostly(data []byte) int {
	var cost, marks, size int
	line, blank := 1, true
	end := func() {
		cost += marks * size
		marks, size = 0, 0
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		size++
		switch c {
		case '\n':
			if blank {
				end()
			}
			line++
			blank = true
			if i+1 < len(data) && data[i+1] == '|' {
				end()
			}
		case ' ', '\t', '\r':
		case '\\':
			blank = false
			i++ // an escaped character is no mark
			size++
		default:
			blank = false
			if c == '[' || c == '*' || c == '`' || c == '~' || c == '_' || c == '<' || c == '(' {
				marks++
			}
		}
		if cost+marks*size > budget {
			return line
		}
	}
	return 0
}
