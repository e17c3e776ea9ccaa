package export

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"

	"github.com/prr-dev/prr/review/userfile"
	"github.com/prr-dev/prr/templates"
)

// MaxLayoutBytes bounds a layout file. The default layout is a few
// kilobytes; a larger file is a mistake (or /dev/zero).
const MaxLayoutBytes = 1 << 20

// Layout is a parsed record layout: a Go text/template executed with Data.
// It is immutable once parsed and safe for concurrent use.
type Layout struct {
	name string
	t    *template.Template
}

// Name is the name the layout was parsed under (usually its file path).
func (l *Layout) Name() string { return l.name }

// ParseLayout parses a layout. name appears in errors, which carry the
// line: "my.tmpl:12: function "foo" not defined".
//
// The parts the built-in layouts share (templates/record-parts.md.tmpl:
// "details", "participants", "verdict", "blocking", "evidence", "actions",
// "waiver", "signoffs") are defined before text is parsed, so a layout may
// call them, or define one again to change it.
//
// Besides text/template's built-ins, a layout may call:
//
//	inline STRING       escape text for running Markdown (see Inline)
//	cell STRING         escape text for a table cell (see Cell)
//	paragraphs STRING   escape multi-line text as paragraphs (see Block)
//	link URL TEXT       a link for http(s)/mailto URLs, plain text otherwise
//	join LIST SEP       join a list of (already escaped) strings
//
// The escaping functions are for strings taken from .Raw; every other Data
// field is escaped already, and escaping it again would show backslashes.
func ParseLayout(name, text string) (*Layout, error) {
	t := template.New(name).Option("missingkey=error").Funcs(funcs())
	if _, err := t.New("record-parts.md.tmpl").Parse(templates.RecordParts); err != nil {
		return nil, fmt.Errorf("built-in layout %s", strings.TrimPrefix(err.Error(), "template: ")) // a bug in prr
	}
	if _, err := t.Parse(text); err != nil {
		return nil, fmt.Errorf("layout %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return &Layout{name: name, t: t}, nil
}

// LoadLayout reads a layout file, a regular file of at most MaxLayoutBytes
// of UTF-8 text, and parses it.
func LoadLayout(file string) (*Layout, error) {
	b, err := userfile.Read(file, MaxLayoutBytes)
	if err != nil {
		return nil, fmt.Errorf("layout %s: %w", file, err)
	}
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("layout %s: not UTF-8 text", file)
	}
	return ParseLayout(file, string(b))
}

// Layouts are the names of the built-in layouts, the default first.
var Layouts = []string{"default", "compact"}

// builtinLayouts parses the embedded layouts once. A parsed text/template
// is immutable and safe for concurrent Execute calls, so sharing them
// keeps no mutable state.
var builtinLayouts = sync.OnceValues(func() (map[string]*Layout, error) {
	out := map[string]*Layout{}
	for name, text := range map[string]string{"default": templates.Record, "compact": templates.RecordCompact} {
		l, err := ParseLayout("record "+name+" layout", text)
		if err != nil {
			return nil, fmt.Errorf("built-in %w", err) // a bug in prr, not in the user's input
		}
		out[name] = l
	}
	return out, nil
})

// BuiltinLayout returns the built-in layout called name (see Layouts).
func BuiltinLayout(name string) (*Layout, error) {
	m, err := builtinLayouts()
	if err != nil {
		return nil, err
	}
	l, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("no layout %q; the built-in layouts are %s", truncate(name, 40), strings.Join(Layouts, " and "))
	}
	return l, nil
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"inline":     Inline,
		"cell":       Cell,
		"paragraphs": Block, // "block" is a text/template keyword
		"link":       Link,
		"join":       strings.Join,
	}
}

// execute runs the layout and returns its raw output.
func (l *Layout) execute(w io.Writer, d *Data) error {
	if err := l.t.Execute(w, d); err != nil {
		return fmt.Errorf("layout %s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return nil
}
