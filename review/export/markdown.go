package export

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
)

// Options control the Markdown record.
type Options struct {
	// Version is the prr version, printed in the footer.
	Version string
	// FrontMatter adds YAML front matter (title, service, date, verdict,
	// state, hash) for static-site wikis such as MkDocs, Hugo or Jekyll.
	FrontMatter bool
	// Layout is the layout to execute; nil means the default one embedded
	// from templates/record.md.tmpl.
	Layout *Layout
	// Allowed is the allowed signers file the signature states are judged
	// by; nil: a verifying signature is shown as not checked.
	Allowed *sshsign.AllowedSigners
	// Zone is prr's time zone, in which the record's dates are written and
	// judged (review.Date's rule); nil is UTC.
	Zone *time.Location
	// ValidFor is the valid_for setting, for a review whose checklist does
	// not say how long it stays valid.
	ValidFor review.Period
}

// AsOf returns the moment the record describes: the latest of the review's
// last change and its sign-offs (review.AsOf). The verdict, waiver expiry
// and overdue actions are judged as of that moment, never the wall clock,
// so the same review always gives byte-identical output, and a record read
// next year still says what was true when it was signed.
func AsOf(r *review.Review) time.Time { return review.AsOf(r) }

// Markdown writes the review's record as GitHub-flavoured Markdown that also
// reads well in GitLab, MkDocs (Backstage TechDocs) and Confluence's
// Markdown import: ATX headings, pipe tables, no HTML.
//
// Whatever the layout prints, the output is tidied the same way: trailing
// white space removed, runs of blank lines collapsed to one, no blank lines
// at the start, exactly one newline at the end. (A user layout that needs
// two blank lines in a row, inside a fenced code block, will get one.)
// Output is written only once the whole record rendered, so a failing
// layout leaves w untouched.
func Markdown(w io.Writer, r *review.Review, opts Options) error {
	return markdownWith(w, r, opts, escapers)
}

// markdownWith is Markdown with the escapers e.
func markdownWith(w io.Writer, r *review.Review, opts Options, e escaper) error {
	if r == nil {
		return errors.New("export: no review")
	}
	asOf := AsOf(r)
	if opts.Zone != nil {
		asOf = asOf.In(opts.Zone)
	}
	d := newData(r, asOf, opts.Version, e)
	d.addSigning(r, opts.Allowed)
	d.addRenewal(r, asOf, opts.ValidFor)
	var body bytes.Buffer
	body.Grow(4096 + 600*r.Template.ItemCount())
	if err := renderLayout(&body, d, opts.Layout); err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(body.Len() + 512)
	if opts.FrontMatter {
		writeFrontMatter(&out, r, d)
	}
	tidy(&out, body.Bytes())
	_, err := w.Write(out.Bytes())
	return err
}

// renderLayout executes layout l, or the default layout if l is nil.
func renderLayout(b *bytes.Buffer, d *Data, l *Layout) error {
	if l == nil {
		var err error
		if l, err = BuiltinLayout("default"); err != nil {
			return err
		}
	}
	return l.execute(b, d)
}

// tidy appends src to dst with trailing white space removed from every
// line, at most one blank line in a row, none at the start or the end, and
// a single final newline. If dst holds something already (front matter),
// a blank line separates it from src.
func tidy(dst *bytes.Buffer, src []byte) {
	pendingBlank := dst.Len() > 0
	started := false
	for len(src) > 0 {
		var line []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			line, src = src, nil
		}
		line = bytes.TrimRightFunc(line, unicode.IsSpace)
		if len(line) == 0 {
			pendingBlank = pendingBlank || started
			continue
		}
		if pendingBlank {
			dst.WriteByte('\n')
			pendingBlank = false
		}
		dst.Write(line)
		dst.WriteByte('\n')
		started = true
	}
	if dst.Len() == 0 {
		dst.WriteByte('\n')
	}
}

// writeFrontMatter writes YAML front matter. Values are double-quoted
// YAML scalars with every control or invisible formatting character
// escaped, so no service name can end the block or add a key.
//
// A renderer that does not know front matter reads the block as Markdown:
// a rule, then a paragraph that the closing "---" turns into a heading.
// So the user's text in it (the service name) has its Markdown written as
// YAML escapes too (see yamlQuote), which YAML reads back as the same text
// and Markdown shows as plain letters: no tag, link or emphasis can form.
func writeFrontMatter(b *bytes.Buffer, r *review.Review, d *Data) {
	b.WriteString("---\n")
	kv := func(k, v string) {
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(v)
		b.WriteByte('\n')
	}
	service := yamlQuote(oneLine(r.Service), true)
	kv("title", `"Production readiness review: `+service[1:])
	kv("service", service)
	kv("date", yamlQuote(d.AsOf, false))
	kv("verdict", yamlQuote(d.Verdict.Value, false))
	kv("state", yamlQuote(d.State.Value, false))
	kv("hash", yamlQuote(d.Hash, false))
	b.WriteString("---\n")
}

// yamlQuote returns s as a YAML double-quoted scalar. Only printable
// characters are written as themselves; the rest (there should be none
// left after oneLine, but front matter must never depend on that) become
// \uXXXX escapes, which every YAML 1.1 and 1.2 parser reads the same way.
//
// With inert set, ASCII punctuation is escaped too, but for the few marks
// common in names that cannot start anything in running Markdown text
// ("-", ",", "'", "/", "(" and ")", given that "[", ":" and "." are
// escaped): "<img>" is written \u003Cimg\u003E and "www.x.com"
// www\u002Ex\u002Ecom, which no Markdown renderer turns into a tag or a link.
// The quote and the backslash keep their YAML escapes \" and \\, which
// Markdown reads as the plain characters.
func yamlQuote(s string, inert bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case inert && r < 0x80 && isASCIIPunct(byte(r)) && !strings.ContainsRune("-,'/()", r),
			r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == '\u0085' || !unicode.IsPrint(r) && r != ' ':
			if r > 0xffff {
				b.WriteString(`\U`)
				for shift := 28; shift >= 0; shift -= 4 {
					b.WriteByte(hex[(r>>shift)&0xf])
				}
				continue
			}
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[(r>>shift)&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
