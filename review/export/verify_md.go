package export

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

func verifyMarkdown(data []byte, o VerifyOptions) (VerifyReport, error) {
	rep := VerifyReport{Format: "markdown"}
	if m := footerRE.FindAllSubmatch(data, -1); len(m) > 0 {
		rep.Hash = string(m[len(m)-1][1])
	} else if m := frontHashRE.FindSubmatch(data); m != nil {
		rep.Hash = string(m[1])
		rep.note("the footer has no content hash; using the one in the front matter")
	} else {
		return rep, fmt.Errorf("no content hash found: a prr record ends with a line \"Content hash: sha256:…\"")
	}
	const cannot = "a Markdown record cannot be recomputed: it shows the review rather than holding it, so an edit of its content (a note, an answer) leaves every hash in it as it was"
	if o.HashOnly {
		rep.note("%s; --hash-only: only the stated hash, the sign-off table and the signed statements were checked", cannot)
	} else {
		rep.problem("%s; verify the JSON record (prr export --format json), or pass --hash-only to accept a check of the stated hash alone", cannot)
	}
	rows, found := signOffRows(data)
	if !found {
		rep.note("no sign-off table found")
	}
	matching, current := 0, 0
	for _, row := range rows {
		c := SignOffCheck{Name: row["name"], Role: row["role"], Decision: review.Decision(row["decision"])}
		if t, err := time.Parse("2006-01-02 15:04", row["date (utc)"]); err == nil {
			c.At = t
		}
		c.Hash = shortHashRE.FindString(row["hash"])
		c.Matches = c.Hash != "" && strings.HasPrefix(rep.Hash, c.Hash)
		rep.SignOffs = append(rep.SignOffs, c)
		if row["status"] == "replaced" {
			rep.note("%s was replaced by a later sign-off of the same signer", describe(c))
			continue
		}
		current++
		if c.Matches {
			matching++
		} else {
			rep.problem("%s names another hash (%s): it was stale when the record was written", describe(c), shortOr(c.Hash))
		}
	}
	if found {
		rep.note("%d of %d current sign-offs name the stated content hash", matching, current)
	}
	verifyStatements(&rep, data, o)
	return rep, nil
}

// verifyStatements checks the signed statements of a Markdown record's
// appendix: each signature over its statement, each statement's content
// hash against the stated one, and the key against the allowed signers.
func verifyStatements(rep *VerifyReport, data []byte, o VerifyOptions) {
	for _, st := range signedStatements(data) {
		where := fmt.Sprintf("signed statement %s", st.number)
		if len(st.blocks) != 2 {
			rep.problem("%s does not have a statement and a signature in fenced blocks after it", where)
			continue
		}
		statement, armored := []byte(st.blocks[0]), st.blocks[1]
		fields, err := review.StatementFields(statement)
		if err != nil {
			rep.problem("%s is not a sign-off statement: %s", where, err)
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, fields["at"])
		if err != nil {
			rep.problem("%s has no readable time", where)
			continue
		}
		c := SignOffCheck{Name: fields["name"], Role: fields["role"], Decision: review.Decision(fields["decision"]), At: at, Hash: fields["content"]}
		c.Matches = c.Hash == rep.Hash
		c.Signature = review.CheckStatement(statement, armored, at, o.Signing.Allowed)
		if !c.Matches {
			rep.problem("%s (%s) vouches for other content (%s) than the record states", where, describe(c), shortOr(c.Hash))
		}
		signatureFinding(rep, c)
	}
}

var statementHeadRE = regexp.MustCompile(`(?m)^#{2,6}[ \t]+Statement[ \t]+([0-9]+):`)

type statementSection struct {
	number string
	blocks []string // the fenced code blocks of the section, in order
}

// signedStatements finds the appendix's statements: under each "Statement
// N:" heading, the fenced code blocks up to the next heading.
func signedStatements(data []byte) []statementSection {
	text := string(data)
	locs := statementHeadRE.FindAllStringSubmatchIndex(text, -1)
	var out []statementSection
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := text[loc[1]:end]
		if j := strings.Index(body, "\n#"); j >= 0 {
			body = body[:j]
		}
		out = append(out, statementSection{number: text[loc[2]:loc[3]], blocks: fencedBlocks(body)})
	}
	return out
}

// fencedBlocks returns the contents of the backtick-fenced code blocks in
// text, each ending in a newline, byte for byte.
func fencedBlocks(text string) []string {
	var blocks []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		open := lines[i]
		n := len(open) - len(strings.TrimLeft(open, "`"))
		if n < 3 {
			continue
		}
		fence := open[:n]
		var b strings.Builder
		closed := false
		for i++; i < len(lines); i++ {
			if lines[i] == fence {
				closed = true
				break
			}
			b.WriteString(lines[i] + "\n")
		}
		if closed {
			blocks = append(blocks, b.String())
		}
	}
	return blocks
}

// signOffRows reads the table under the "Sign-offs" heading: the header
// names the columns (lower-cased), each row maps them to unescaped cell
// text. Decorations the layout adds (**stale**, `hash`) are stripped.
func signOffRows(data []byte) ([]map[string]string, bool) {
	loc := signOffHeadRE.FindIndex(data)
	if loc == nil {
		return nil, false
	}
	var header []string
	var rows []map[string]string
	for _, line := range strings.Split(string(data[loc[1]:]), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if header != nil || strings.HasPrefix(line, "#") {
				break // the table ended, or the next section began
			}
			continue
		}
		cells := splitRow(line)
		switch {
		case header == nil:
			for _, c := range cells {
				header = append(header, strings.ToLower(c))
			}
		case isDelimiterRow(cells):
		default:
			row := map[string]string{}
			for i, c := range cells {
				if i < len(header) {
					c = strings.Trim(c, "*`")
					if c == "—" {
						c = ""
					}
					row[header[i]] = c
				}
			}
			rows = append(rows, row)
		}
	}
	return rows, header != nil
}

// splitRow splits a table row on the pipes that are not escaped, and
// unescapes each cell.
func splitRow(line string) []string {
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	var cells []string
	start := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // skip the escaped character
		case '|':
			cells = append(cells, unescapeInline(strings.TrimSpace(line[start:i])))
			start = i + 1
		}
	}
	return append(cells, unescapeInline(strings.TrimSpace(line[start:])))
}

func isDelimiterRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, ":- ") != "" || !strings.Contains(c, "-") {
			return false
		}
	}
	return true
}

// unescapeInline reverses Inline: backslash escapes and the two entities
// it writes. Unescape(Inline(s)) is s as one trimmed line.
func unescapeInline(s string) string {
	if !strings.ContainsAny(s, `\&`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			i++
			b.WriteByte(s[i])
		case c == '&' && strings.HasPrefix(s[i:], "&lt;"):
			b.WriteByte('<')
			i += len("&lt;") - 1
		case c == '&' && strings.HasPrefix(s[i:], "&amp;"):
			b.WriteByte('&')
			i += len("&amp;") - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// describe names a sign-off in a note: "the approve by Kari (owner) on
// 2026-03-14 10:05".
func describe(c SignOffCheck) string {
	s := "the " + truncate(string(c.Decision), 40) + " by " + truncate(c.Name, 80)
	if role := truncate(c.Role, 40); role != "" {
		s += " (" + role + ")"
	}
	if !c.At.IsZero() {
		s += " on " + c.At.UTC().Format("2006-01-02 15:04")
	}
	return s
}

func shortOr(h string) string {
	h = oneLine(h)
	if len(h) > len("sha256:")+12 {
		return h[:len("sha256:")+12] + "…"
	}
	if h == "" {
		return "no hash"
	}
	return h
}
