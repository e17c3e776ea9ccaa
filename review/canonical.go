package review

import (
	"encoding"
	"encoding/json"
	"hash"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// canonicalEncoder writes the canonical encoding by hand: the bytes
// json.Marshal gives for canonicalReview's pieces, without reflection,
// and straight into the digest through a small buffer instead of a copy
// of the whole review. Hashing is a large part of exporting or signing a
// big review, and encoding/json's reflection was most of the hash.
//
// Each method mirrors one type's json tags: fields in declaration order,
// omitempty fields left out when empty, nil slices without omitempty as
// null. canonicalShapeOK checks that the types still have the fields
// written for here; TestContentHashMatchesTheCanonicalStruct and
// FuzzContentHashEncoding hold the bytes equal to json.Marshal's.
type canonicalEncoder struct {
	d   hash.Hash // nil: only buffer (NewHasher keeps the bytes)
	buf []byte
}

// flushAt is how much the encoder buffers before feeding the digest.
const flushAt = 32 << 10

// flush feeds the buffer to the digest.
func (e *canonicalEncoder) flush() {
	if e.d != nil && len(e.buf) > 0 {
		write(e.d, e.buf)
		e.buf = e.buf[:0]
	}
}

// maybeFlush flushes once the buffer is full; called between values.
func (e *canonicalEncoder) maybeFlush() {
	if len(e.buf) >= flushAt {
		e.flush()
	}
}

func (e *canonicalEncoder) raw(s string) { e.buf = append(e.buf, s...) }

// field writes `,"name":` (or `"name":` for a struct's first field).
func (e *canonicalEncoder) field(first bool, name string) {
	if !first {
		e.buf = append(e.buf, ',')
	}
	e.buf = append(e.buf, '"')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '"', ':')
}

func (e *canonicalEncoder) int(n int) { e.buf = strconv.AppendInt(e.buf, int64(n), 10) }

// stringList writes a []string: null if nil, as encoding/json does.
func (e *canonicalEncoder) stringList(ss []string) {
	if ss == nil {
		e.raw("null")
		return
	}
	e.buf = append(e.buf, '[')
	for i, s := range ss {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.str(s)
	}
	e.buf = append(e.buf, ']')
}

// head is canonicalHead's encoding without its closing brace.
func (e *canonicalEncoder) head(r *Review) {
	e.raw(`{"format":`)
	e.str(HashPrefix)
	e.field(false, "id")
	e.str(r.ID)
	e.field(false, "service")
	e.str(r.Service)
	e.field(false, "team")
	e.str(r.Team)
	e.field(false, "owner")
	e.str(r.Owner)
	e.field(false, "participants")
	e.buf = append(e.buf, '[') // nonNil: [] rather than null
	for i := range r.Participants {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.participant(&r.Participants[i])
	}
	e.buf = append(e.buf, ']')
	e.field(false, "created")
	e.str(created(r))
}

func (e *canonicalEncoder) participant(p *Participant) {
	e.buf = append(e.buf, '{')
	e.field(true, "name")
	e.str(p.Name)
	if p.Role != "" {
		e.field(false, "role")
		e.str(p.Role)
	}
	e.buf = append(e.buf, '}')
}

func (e *canonicalEncoder) template(t *Template) {
	e.buf = append(e.buf, '{')
	e.field(true, "id")
	e.str(t.ID)
	e.field(false, "version")
	e.int(t.Version)
	e.field(false, "title")
	e.str(t.Title)
	if t.Description != "" {
		e.field(false, "description")
		e.str(t.Description)
	}
	if len(t.SignoffRoles) > 0 {
		e.field(false, "signoff_roles")
		e.stringList(t.SignoffRoles)
	}
	if len(t.SignoffRules) > 0 {
		e.field(false, "signoff_rules")
		e.buf = append(e.buf, '[')
		for i := range t.SignoffRules {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.roleRule(&t.SignoffRules[i])
		}
		e.buf = append(e.buf, ']')
	}
	if t.ValidFor != "" {
		e.field(false, "valid_for")
		e.str(string(t.ValidFor))
	}
	e.field(false, "sections")
	if t.Sections == nil {
		e.raw("null")
	} else {
		e.buf = append(e.buf, '[')
		for i := range t.Sections {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.section(&t.Sections[i])
		}
		e.buf = append(e.buf, ']')
	}
	e.templateAssessments(t)
	e.buf = append(e.buf, '}')
}

func (e *canonicalEncoder) roleRule(r *RoleRule) {
	e.raw(`{"role":`)
	e.str(r.Role)
	if r.Signed {
		e.raw(`,"signed":true`)
	}
	if len(r.Principals) > 0 {
		e.field(false, "principals")
		e.stringList(r.Principals)
	}
	e.buf = append(e.buf, '}')
}

func (e *canonicalEncoder) section(s *Section) {
	e.buf = append(e.buf, '{')
	e.field(true, "id")
	e.str(s.ID)
	e.field(false, "title")
	e.str(s.Title)
	if s.Description != "" {
		e.field(false, "description")
		e.str(s.Description)
	}
	if s.Timebox != 0 {
		e.field(false, "timebox")
		e.int(s.Timebox)
	}
	e.field(false, "items")
	if s.Items == nil {
		e.raw("null")
	} else {
		e.buf = append(e.buf, '[')
		for i := range s.Items {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.item(&s.Items[i])
			e.maybeFlush()
		}
		e.buf = append(e.buf, ']')
	}
	e.buf = append(e.buf, '}')
}

func (e *canonicalEncoder) item(it *Item) {
	e.buf = append(e.buf, '{')
	e.field(true, "id")
	e.str(it.ID)
	e.field(false, "title")
	e.str(it.Title)
	if it.Required {
		e.raw(`,"required":true`)
	}
	if it.Level != 0 {
		e.field(false, "level")
		e.int(it.Level)
	}
	if it.Guidance != "" {
		e.field(false, "guidance")
		e.str(it.Guidance)
	}
	for _, f := range [...]struct {
		name string
		ss   []string
	}{{"tags", it.Tags}, {"refs", it.Refs}, {"sources", it.Sources}} {
		if len(f.ss) > 0 {
			e.field(false, f.name)
			e.stringList(f.ss)
		}
	}
	e.buf = append(e.buf, '}')
}

// answers is canonicalAnswers(r)'s encoding, written from the review's
// answers without building the slice.
func (e *canonicalEncoder) answers(r *Review) {
	e.buf = append(e.buf, '[')
	for i, id := range answerIDs(r) {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		a := r.Answers[id]
		e.raw(`{"item":`)
		e.str(id)
		e.field(false, "status")
		e.str(string(a.Status))
		e.field(false, "note")
		e.str(a.Note)
		e.field(false, "evidence")
		e.stringList(nonNil(a.Evidence))
		e.field(false, "actions")
		e.buf = append(e.buf, '[')
		for j := range a.Actions {
			if j > 0 {
				e.buf = append(e.buf, ',')
			}
			e.action(&a.Actions[j])
		}
		e.buf = append(e.buf, ']')
		e.field(false, "waiver")
		if w := a.Waiver; w == nil {
			e.raw("null")
		} else {
			e.raw(`{"reason":`)
			e.str(w.Reason)
			e.field(false, "accepted_by")
			e.str(w.AcceptedBy)
			e.field(false, "expires")
			e.str(string(w.Expires))
			e.buf = append(e.buf, '}')
		}
		if a.ToConfirm {
			e.raw(`,"to_confirm":true`)
		}
		e.buf = append(e.buf, '}')
		e.maybeFlush()
	}
	e.buf = append(e.buf, ']')
}

func (e *canonicalEncoder) action(a *Action) {
	e.raw(`{"text":`)
	e.str(a.Text)
	if a.Owner != "" {
		e.field(false, "owner")
		e.str(a.Owner)
	}
	if a.Due != "" {
		e.field(false, "due")
		e.str(string(a.Due))
	}
	if a.Done {
		e.raw(`,"done":true`)
	}
	e.buf = append(e.buf, '}')
}

// str writes s as encoding/json does with its default HTML escaping:
// '"', '\\' and the short escapes \b \f \n \r \t by a backslash, other
// controls and '<', '>', '&' as \u00XX, U+2028 and U+2029 as \u2028 and
// \u2029, invalid UTF-8 as \ufffd; everything else as itself.
func (e *canonicalEncoder) str(s string) {
	const hexDigits = "0123456789abcdef"
	b := append(e.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	e.buf = append(b, '"')
}

// canonicalShapeOK reports whether the canonical types still have exactly
// the fields, types and json tags canonicalEncoder was written for, and no
// custom JSON or text encoding. If someone adds a field to, say, Item,
// ContentHash falls back to encoding/json (hashMarshal) instead of
// silently leaving the field out of what a sign-off vouches for; then
// canonicalEncoder should learn the field and canonicalShape be updated.
var canonicalShapeOK = sync.OnceValue(func() bool {
	types := []reflect.Type{
		reflect.TypeFor[canonicalHead](), reflect.TypeFor[Participant](),
		reflect.TypeFor[Template](), reflect.TypeFor[RoleRule](), reflect.TypeFor[Section](), reflect.TypeFor[Item](),
		reflect.TypeFor[canonicalAnswer](), reflect.TypeFor[Action](), reflect.TypeFor[Waiver](),
		reflect.TypeFor[Status](), reflect.TypeFor[Date](), reflect.TypeFor[Period](),
	}
	var shape strings.Builder
	for _, t := range types {
		for _, m := range []reflect.Type{reflect.TypeFor[json.Marshaler](), reflect.TypeFor[encoding.TextMarshaler]()} {
			if t.Implements(m) || reflect.PointerTo(t).Implements(m) {
				return false
			}
		}
		if t.Kind() != reflect.Struct {
			continue
		}
		shape.WriteString(t.Name())
		for i := range t.NumField() {
			f := t.Field(i)
			shape.WriteString(" " + f.Name + " " + f.Type.String() + " " + string(f.Tag) + ";")
		}
		shape.WriteString("\n")
	}
	return shape.String() == canonicalShape
})

// canonicalShape is what canonicalShapeOK reads from the types: one line
// a struct, each field's name, type and tag.
const canonicalShape = `canonicalHead Format string json:"format"; ID string json:"id"; Service string json:"service"; Team string json:"team"; Owner string json:"owner"; Participants []review.Participant json:"participants"; Created string json:"created";
Participant Name string json:"name"; Role string json:"role,omitempty";
Template ID string json:"id"; Version int json:"version"; Title string json:"title"; Description string json:"description,omitempty"; SignoffRoles []string json:"signoff_roles,omitempty"; SignoffRules []review.RoleRule json:"signoff_rules,omitempty"; ValidFor review.Period json:"valid_for,omitempty"; Sections []review.Section json:"sections"; Assessments *review.TemplateAssessments json:"assessments,omitempty";
RoleRule Role string json:"role"; Signed bool json:"signed,omitempty"; Principals []string json:"principals,omitempty";
Section ID string json:"id"; Title string json:"title"; Description string json:"description,omitempty"; Timebox int json:"timebox,omitempty"; Items []review.Item json:"items";
Item ID string json:"id"; Title string json:"title"; Required bool json:"required,omitempty"; Level int json:"level,omitempty"; Guidance string json:"guidance,omitempty"; Tags []string json:"tags,omitempty"; Refs []string json:"refs,omitempty"; Sources []string json:"sources,omitempty";
canonicalAnswer Item string json:"item"; Status review.Status json:"status"; Note string json:"note"; Evidence []string json:"evidence"; Actions []review.Action json:"actions"; Waiver *review.Waiver json:"waiver"; ToConfirm bool json:"to_confirm,omitempty";
Action Text string json:"text"; Owner string json:"owner,omitempty"; Due review.Date json:"due,omitempty"; Done bool json:"done,omitempty";
Waiver Reason string json:"reason"; AcceptedBy string json:"accepted_by"; Expires review.Date json:"expires";
`
