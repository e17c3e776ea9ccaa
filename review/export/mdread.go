package export

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/mdparse"
)

// MaxMarkdownBytes bounds a Markdown record that ReadMarkdown reads: a
// 1,000-item record is about 300 KB, one of 5,000 items (the most a
// template may have) about 1.5 MB. Reading 4 MiB allocates some 250 MB in
// all; a larger file (10 MB, say) is refused before it is parsed, and prr
// import reads no more of a file than this.
const MaxMarkdownBytes = 4 << 20

// TemplateLookup finds the checklist a record names: the snapshot with
// this id, version and hash (review.TemplateHash), from wherever the caller
// keeps checklists. It returns the template and where it was found
// ("built-in", a file, "the database"), or nil.
type TemplateLookup func(id string, version int, hash string) (*review.Template, string)

// MarkdownRecord is a review read back from its Markdown record.
type MarkdownRecord struct {
	Review *review.Review
	// StatedHash is the content hash the record's footer states; the
	// review's own hash differs from it when the record was edited after
	// it was written, or its checklist was rebuilt.
	StatedHash string
	// TemplateSource says where the checklist came from; empty when it was
	// rebuilt from the record, and Missing then says what that lacks.
	TemplateSource string
	Missing        []string
	// Edited says the answers or details differ from what the record's
	// footer hash states: someone changed the record by hand. The review's
	// last change is then the moment it was read.
	Edited bool
	// Notes are what the reader skipped or had to assume, one line each.
	Notes []string
}

// ReadMarkdown reads a Markdown record written by Markdown, with either
// built-in layout, back into a review: from the visible text alone, so a
// record kept in a wiki, edited there, reformatted by a Markdown formatter
// or re-escaped by the wiki still reads. It reads the details table, the
// participants, every item (its status line or table row, note, evidence,
// actions, waiver), the sign-offs and the footer; the summaries (verdict,
// sections, blocking items, waivers, action items) are derived from the
// answers again, never read.
//
// find supplies the checklist the record names by id, version and snapshot
// hash; with it the review is exactly the one exported (same content hash,
// same record). Without it the checklist is rebuilt from the record's
// sections and items, without the guidance and references a record does
// not show. The review is then checked as an imported JSON record is
// (review.ValidateAsOf as of now).
func ReadMarkdown(data []byte, find TemplateLookup, now time.Time) (*MarkdownRecord, error) {
	if len(data) > MaxMarkdownBytes {
		return nil, fmt.Errorf("the record is larger than %d MiB; a prr record is far smaller", MaxMarkdownBytes>>20)
	}
	data = stripFrontMatter(bytes.TrimPrefix(data, []byte("\ufeff")))
	doc, err := mdparse.Parse(data)
	if err != nil {
		return nil, err
	}
	p := &recordParser{m: mdText{src: data}}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		p.blocks = append(p.blocks, n)
	}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.build(find, now)
}

// stripFrontMatter drops YAML front matter (prr export --front-matter):
// everything it says is in the body too.
func stripFrontMatter(data []byte) []byte {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return data
	}
	if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		return rest[i+len("\n---\n"):]
	}
	return data
}

// recordParser walks the top-level blocks of a record.
type recordParser struct {
	m      mdText
	blocks []ast.Node
	i      int

	details      map[string]ast.Node // details table: field → its value cell
	participants []review.Participant
	sections     []*readSection
	signOffs     []readSignOff
	parked       []readParked
	footerHash   string
	notes        []string
}

type readSection struct {
	number, id, title string
	items             []*readItem
}

type readItem struct {
	number, id, title string
	required          bool
	level             int
	answer            review.Answer
	noteBelow         bool // compact: the note cell says *below*
	evidenceBelow     bool
}

type readSignOff struct {
	name, role, decision, comment, date, hash, status string
}

var (
	sectionHeadRE = regexp.MustCompile(`^(\d+)\.\s+(.*)$`)
	itemHeadRE    = regexp.MustCompile(`^(\d+\.\d+)\s+(.*)$`)
	itemNumberRE  = regexp.MustCompile(`^\d+\.\d+$`)
	footerHashRE  = regexp.MustCompile(`^Content hash:\s*(sha256:[0-9a-f]{64})`)
	shortHashOnly = regexp.MustCompile(`^sha256:[0-9a-f]{12,63}$`)
)

// derivedParts are the record's summaries: read again from the answers.
// assessmentParts are the assessments' parts of a record (skill matrix,
// risk register, DPIA screening, runbook coverage): see ReadMarkdown.
var assessmentParts = []string{"skill matrix", "risk register (ros)", "dpia screening", "runbook coverage"}

var derivedParts = []string{"verdict", "sections", "blocking items", "waivers", "action items", "meeting", "signatures"}

func (p *recordParser) parse() error {
	for p.i < len(p.blocks) {
		n := p.blocks[p.i]
		p.i++
		switch n := n.(type) {
		case *east.Table:
			if p.details == nil && p.header(n) == "field|value" {
				p.readDetails(n)
			}
		case *ast.Paragraph:
			if m := footerHashRE.FindStringSubmatch(p.m.text(n)); m != nil {
				p.footerHash = m[1]
			}
		case *ast.Heading:
			if n.Level != 2 {
				continue
			}
			title := strings.TrimSpace(p.m.text(n))
			lower := strings.ToLower(title)
			switch {
			case lower == "participants":
				p.readParticipants()
			case lower == "sign-offs":
				p.readSignOffs()
			case lower == "parking lot":
				p.readParkingLot()
			case lower == "answers":
				p.readAnswers()
			case contains(assessmentParts, lower):
				// Part of the content, but not read back: its tables are
				// a view of it (levels as digits, scores as products).
				p.notes = append(p.notes, fmt.Sprintf("the %s is not read back from Markdown, so the review is imported without it and its sign-offs no longer match; import the JSON record (prr export --format json) to keep it", lower))
				p.skipToHeading(2)
			case contains(derivedParts, lower):
				// Derived again on import; nothing in it is read, but
				// the footer may follow it under the same heading.
			case sectionHeadRE.MatchString(title):
				if err := p.readCompactSection(title); err != nil {
					return err
				}
			default:
				p.notes = append(p.notes, fmt.Sprintf("the part %q is not one prr reads; it was skipped", truncate(title, 60)))
				p.skipToHeading(2)
			}
		}
	}
	if p.details == nil {
		return errors.New("not a prr record: it has no table of details (| Field | Value |) after its title")
	}
	if len(p.sections) == 0 {
		return errors.New("not a prr record: it has no sections of items (## Answers, or one table per section)")
	}
	return nil
}

// header is a table's header cells, lower-cased, joined by "|".
func (p *recordParser) header(t *east.Table) string {
	var cells []string
	if h, ok := t.FirstChild().(*east.TableHeader); ok {
		for c := h.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.ToLower(strings.TrimSpace(p.m.text(c))))
		}
	}
	return strings.Join(cells, "|")
}

// rows returns a table's body rows as lists of cells.
func rows(t *east.Table) [][]ast.Node {
	var out [][]ast.Node
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		if _, ok := r.(*east.TableRow); !ok {
			continue
		}
		var cells []ast.Node
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, c)
		}
		out = append(out, cells)
	}
	return out
}

// skipToHeading moves past the blocks up to the next heading of level
// level or higher.
func (p *recordParser) skipToHeading(level int) {
	for p.i < len(p.blocks) {
		if h, ok := p.blocks[p.i].(*ast.Heading); ok && h.Level <= level {
			return
		}
		p.i++
	}
}

// until returns the blocks up to the next heading of level level or
// higher, and moves past them.
func (p *recordParser) until(level int) []ast.Node {
	start := p.i
	p.skipToHeading(level)
	return p.blocks[start:p.i]
}

// cellText is a cell's text, with "—" (the layout's "none") as empty.
func (p *recordParser) cellText(n ast.Node) string {
	s := strings.TrimSpace(p.m.text(n))
	if s == "—" {
		return ""
	}
	return s
}

func (p *recordParser) readDetails(t *east.Table) {
	p.details = map[string]ast.Node{}
	for _, r := range rows(t) {
		if len(r) >= 2 {
			p.details[strings.ToLower(strings.TrimSpace(p.m.text(r[0])))] = r[1]
		}
	}
}

func (p *recordParser) readParticipants() {
	for _, n := range p.until(2) {
		t, ok := n.(*east.Table)
		if !ok || p.header(t) != "name|role" {
			continue
		}
		for _, r := range rows(t) {
			if len(r) >= 2 {
				p.participants = append(p.participants, review.Participant{Name: review.CleanLine(p.cellText(r[0])), Role: review.CleanLine(p.cellText(r[1]))})
			}
		}
		return
	}
}

func (p *recordParser) readSignOffs() {
	for _, n := range p.until(2) {
		if para, ok := n.(*ast.Paragraph); ok {
			if m := footerHashRE.FindStringSubmatch(p.m.text(para)); m != nil {
				p.footerHash = m[1]
			}
		}
		t, ok := n.(*east.Table)
		if !ok {
			continue
		}
		cols := strings.Split(p.header(t), "|")
		for _, r := range rows(t) {
			var s readSignOff
			for i, c := range r {
				if i >= len(cols) {
					break
				}
				v := p.cellText(c)
				switch cols[i] {
				case "name":
					s.name = v
				case "role":
					s.role = v
				case "decision":
					s.decision = v
				case "comment":
					s.comment = v
				case "date (utc)", "date":
					s.date = v
				case "hash":
					s.hash = v
				case "status":
					s.status = v
				}
			}
			p.signOffs = append(p.signOffs, s)
		}
	}
}
