package review

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/prr-dev/prr/review/userfile"
)

// Limits that keep loading bounded whatever the bytes. A real checklist is a
// few hundred kilobytes at most; anything larger is a mistake or an attack.
const (
	MaxTemplateBytes = 4 << 20
	MaxItems         = 5000
	maxSections      = 500
	maxTextBytes     = 64 << 10
	maxListLen       = 100
	// MaxTimebox is the longest timebox a section may have, in minutes.
	MaxTimebox = 600
)

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug: lower-case letters and digits in
// words joined by single dashes, at most 64 characters.
func ValidSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// ParseTemplate decodes and validates a template. name is used in error
// messages (usually the file path). Decoding is strict: unknown fields,
// duplicate keys, anchors and aliases are errors, and every error names the
// line and column it concerns.
func ParseTemplate(name string, data []byte) (*Template, error) {
	if len(data) > MaxTemplateBytes {
		return nil, &TemplateError{File: name, Msg: "the template is larger than the limit of " + userfile.Size(MaxTemplateBytes)}
	}
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &TemplateError{File: name, Msg: "file is empty; a template needs id, version, title and sections"}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &TemplateError{File: name, Line: extra.Line, Column: extra.Column, Msg: "a template file holds one YAML document; remove the extra '---' document"}
	}
	p := &parser{file: name}
	t := p.template(&doc)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return t, nil
}

// parser walks the YAML node tree by hand. Doing it by hand, rather than
// decoding into structs, gives every error an exact position and lets us
// refuse anything a template does not need (aliases, tags, unknown keys).
type parser struct {
	file string
	errs []error
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	if len(p.errs) >= 20 {
		return // enough to act on; do not flood the terminal
	}
	p.errs = append(p.errs, &TemplateError{File: p.file, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)})
}

// mapping checks that n is a mapping with only the allowed keys and returns
// its values by key, in a map, plus the key nodes for positions.
func (p *parser) mapping(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		p.fail(n, "anchors and aliases are not allowed in templates; write the value out")
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping of keys to values", what)
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.fail(k, "%s has a key that is not a plain name", what)
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.fail(k, "%s has the key %q twice; keep one", what, k.Value)
			continue
		}
		if !contains(allowed, k.Value) {
			p.fail(k, "unknown field %q in %s; allowed fields are %s", k.Value, what, strings.Join(allowed, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (p *parser) scalar(n *yaml.Node, what string) (string, bool) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		p.fail(n, "anchors and aliases are not allowed in templates; write the value out")
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "%s must be a single value, not a list or mapping", what)
		return "", false
	}
	return n.Value, true
}

func (p *parser) str(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	s, ok := p.scalar(n, what)
	if !ok {
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	if len(s) > maxTextBytes {
		p.fail(n, "%s is %d bytes long; keep it under %d", what, len(s), maxTextBytes)
		return ""
	}
	return s
}

func (p *parser) integer(n *yaml.Node, what string) int {
	s, ok := p.scalar(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err == nil && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		p.fail(n, "%s must be a whole number, not the quoted text %q; write it without quotes", what, truncate(s, 40))
		return 0
	}
	if err != nil || n.Tag != "!!int" {
		p.fail(n, "%s must be a whole number, got %q", what, truncate(s, 40))
		return 0
	}
	return v
}

func (p *parser) boolean(n *yaml.Node, what string) bool {
	s, ok := p.scalar(n, what)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	p.fail(n, "%s must be true or false, got %q", what, truncate(s, 40))
	return false
}

func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		p.fail(n, "anchors and aliases are not allowed in templates; write the value out")
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "%s must be a list", what)
		return nil
	}
	return n.Content
}

func (p *parser) strList(n *yaml.Node, what string) []string {
	nodes := p.list(n, what)
	if len(nodes) > maxListLen {
		p.fail(n, "%s has %d entries; at most %d are allowed", what, len(nodes), maxListLen)
		return nil
	}
	var out []string
	for _, e := range nodes {
		if s := strings.TrimSpace(p.str(e, what+" entry")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) template(doc *yaml.Node) *Template {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	m := p.mapping(root, "the template", "id", "version", "title", "description", "signoff_roles", "valid_for", "sections", "assessments")
	if m == nil {
		return nil
	}
	t := &Template{}
	t.ID = p.requiredSlug(root, m, "id", "the template")
	if v, ok := m["version"]; ok {
		t.Version = p.integer(v, "version")
		if t.Version < 1 && len(p.errs) == 0 {
			p.fail(v, "version must be 1 or more; bump it whenever items change")
		}
	} else {
		p.fail(root, "the template has no version; add 'version: 1'")
	}
	t.Title = p.requiredText(root, m, "title", "the template")
	t.Description = p.str(m["description"], "description")
	p.signoffRoles(t, m["signoff_roles"])
	if v, ok := m["valid_for"]; ok {
		if period, err := ParsePeriod(p.str(v, "valid_for")); err != nil {
			p.fail(v, "valid_for: %v", err)
		} else {
			t.ValidFor = period
		}
	}
	secs, ok := m["sections"]
	if !ok {
		p.fail(root, "the template has no sections; add a 'sections:' list with at least one section")
		return t
	}
	nodes := p.list(secs, "sections")
	if len(nodes) == 0 && secs.Kind == yaml.SequenceNode || secs.Tag == "!!null" {
		p.fail(secs, "sections is empty; a template needs at least one section with items")
	}
	if len(nodes) > maxSections {
		p.fail(secs, "the template has %d sections; at most %d are allowed", len(nodes), maxSections)
		return t
	}
	seenSection := map[string]int{}
	seenItem := map[string]int{}
	total := 0
	for _, sn := range nodes {
		s, ok := p.section(sn, seenSection, seenItem)
		if !ok {
			continue
		}
		total += len(s.Items)
		if total > MaxItems {
			p.fail(sn, "the template has more than %d items; split it", MaxItems)
			return t
		}
		t.Sections = append(t.Sections, s)
	}
	if n, ok := m["assessments"]; ok {
		t.Assessments = p.assessments(n, seenItem)
	}
	return t
}

func (p *parser) section(n *yaml.Node, seenSection, seenItem map[string]int) (Section, bool) {
	m := p.mapping(n, "a section", "id", "title", "description", "timebox", "items")
	if m == nil {
		return Section{}, false
	}
	s := Section{}
	s.ID = p.requiredSlug(n, m, "id", "a section")
	if s.ID != "" {
		if line, dup := seenSection[s.ID]; dup {
			p.fail(m["id"], "section id %q is already used on line %d; section ids must be unique", s.ID, line)
		}
		seenSection[s.ID] = m["id"].Line
	}
	s.Title = p.requiredText(n, m, "title", "section "+quoteOr(s.ID))
	s.Description = p.str(m["description"], "description")
	if v, ok := m["timebox"]; ok {
		s.Timebox = p.integer(v, "timebox")
		if s.Timebox < 1 || s.Timebox > MaxTimebox {
			p.fail(v, "timebox is the minutes to spend on the section: a whole number from 1 to %d", MaxTimebox)
		}
	}
	items, ok := m["items"]
	if !ok {
		p.fail(n, "section %s has no items; add an 'items:' list", quoteOr(s.ID))
		return s, true
	}
	nodes := p.list(items, "items")
	if len(nodes) == 0 {
		p.fail(items, "section %s has an empty items list; add at least one item", quoteOr(s.ID))
	}
	if len(nodes) > MaxItems {
		p.fail(items, "section %s has %d items; at most %d are allowed", quoteOr(s.ID), len(nodes), MaxItems)
		return s, true
	}
	for _, in := range nodes {
		if it, ok := p.item(in, seenItem); ok {
			s.Items = append(s.Items, it)
		}
	}
	return s, true
}

func (p *parser) item(n *yaml.Node, seen map[string]int) (Item, bool) {
	m := p.mapping(n, "an item", "id", "title", "required", "level", "guidance", "tags", "refs", "sources")
	if m == nil {
		return Item{}, false
	}
	it := Item{Level: 1}
	it.ID = p.requiredSlug(n, m, "id", "an item")
	if it.ID != "" {
		if line, dup := seen[it.ID]; dup {
			p.fail(m["id"], "item id %q is already used on line %d; item ids must be unique in the template", it.ID, line)
		}
		seen[it.ID] = m["id"].Line
	}
	it.Title = p.requiredText(n, m, "title", "item "+quoteOr(it.ID))
	if v, ok := m["required"]; ok {
		it.Required = p.boolean(v, "required")
	}
	if v, ok := m["level"]; ok {
		it.Level = p.integer(v, "level")
		if it.Level < 1 || it.Level > 3 {
			p.fail(v, "level must be 1 (bronze), 2 (silver) or 3 (gold)")
		}
	}
	it.Guidance = p.str(m["guidance"], "guidance")
	it.Tags = p.strList(m["tags"], "tags")
	it.Refs = p.strList(m["refs"], "refs")
	it.Sources = p.strList(m["sources"], "sources")
	return it, true
}

func (p *parser) requiredSlug(parent *yaml.Node, m map[string]*yaml.Node, key, what string) string {
	v, ok := m[key]
	if !ok {
		p.fail(parent, "%s has no %s; add one in slug form such as 'slo-defined'", what, key)
		return ""
	}
	s := p.str(v, key)
	if !ValidSlug(s) {
		p.fail(v, "%s %q is not a slug; use lower-case letters, digits and single dashes, such as 'slo-defined'", key, truncate(s, 40))
		return ""
	}
	return s
}

func (p *parser) requiredText(parent *yaml.Node, m map[string]*yaml.Node, key, what string) string {
	v, ok := m[key]
	if !ok {
		p.fail(parent, "%s has no %s; add one", what, key)
		return ""
	}
	s := strings.TrimSpace(p.str(v, key))
	if s == "" {
		p.fail(v, "%s has an empty %s; write one", what, key)
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteOr(id string) string {
	if id == "" {
		return "(no id)"
	}
	return strconv.Quote(id)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
