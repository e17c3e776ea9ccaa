package review

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The errors of template files: each names the file and, where it can,
// the line and column it concerns.

// TemplateError is a problem in a template file, with its position.
type TemplateError struct {
	File   string
	Line   int
	Column int
	Msg    string
	// Err is the cause when the file could not be read at all.
	Err error
}

func (e *TemplateError) Unwrap() error { return e.Err }

func (e *TemplateError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// checkText finds the first byte that is not UTF-8 or a character YAML
// refuses (the C0 and C1 controls but tab, line feed, carriage return and
// NEL; DEL; U+FFFE and U+FFFF) and says where it is. The YAML library
// refuses them too, but without a position.
func checkText(name string, data []byte) error {
	line, lineStart := 1, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c >= 0x20 && c < 0x7f || c == '\t' || c == '\r' {
			i++
			continue
		}
		if c == '\n' {
			i++
			line, lineStart = line+1, i
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		msg := ""
		switch {
		case r == utf8.RuneError && size == 1:
			msg = "the file is not valid UTF-8 text here; save it as UTF-8"
		case r < 0xa0 && r != 0x85, r == 0xfffe, r == 0xffff:
			msg = fmt.Sprintf("the file holds the control character U+%04X; a template is plain text", r)
		}
		if msg != "" {
			col := 1 + utf8.RuneCount(data[lineStart:i])
			return &TemplateError{File: name, Line: line, Column: col, Msg: msg}
		}
		i += size
	}
	return nil
}

// yamlError turns a syntax error from the YAML library into a TemplateError,
// keeping the line number the library reports.
func yamlError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if v, err := strconv.Atoi(n); err == nil {
				line, msg = v, after
			}
		}
	}
	col := 0
	if line > 0 {
		col = 1
	}
	return &TemplateError{File: name, Line: line, Column: col, Msg: "invalid YAML: " + msg}
}
