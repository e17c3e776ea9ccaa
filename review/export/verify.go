package export

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

// SignOffCheck is one sign-off found in a record and whether it vouches for
// the record's content.
type SignOffCheck struct {
	Name     string
	Role     string
	Decision review.Decision
	At       time.Time
	// Hash is the hash the sign-off was given to: in full from a JSON
	// record, shortened as printed from a Markdown one.
	Hash string
	// Matches reports whether Hash is the content hash: recomputed for a
	// JSON record, as stated in the footer for a Markdown one.
	Matches bool
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Format string // "json" or "markdown"
	// Hash is the content hash: recomputed from a JSON record, as stated
	// in the footer of a Markdown one.
	Hash       string
	Recomputed bool
	SignOffs   []SignOffCheck
	// Notes are findings in plain sentences, one per line, for people.
	Notes []string
}

// Verify checks a record and says which sign-offs vouch for its content.
//
// For a JSON record it recomputes the content hash from the review it holds
// and compares every sign-off's hash with it. A Markdown record cannot be
// recomputed (it shows the review, it does not contain it), so Verify only
// reads the hash stated in its footer and the hashes in its sign-off table
// and says which sign-offs name the stated hash; anyone editing the file
// could have changed both, and the report says so.
func Verify(rd io.Reader) (VerifyReport, error) {
	data, err := readBounded(rd)
	if err != nil {
		return VerifyReport{}, err
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return verifyJSON(data)
	}
	return verifyMarkdown(data)
}

func verifyJSON(data []byte) (VerifyReport, error) {
	rec, err := decodeRecord(data)
	if err != nil {
		return VerifyReport{}, err
	}
	r := &rec.Review
	rep := VerifyReport{Format: "json", Hash: review.ContentHash(r), Recomputed: true}
	if rec.Hash != rep.Hash {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the hash written in the record (%s) is not the recomputed one: the review was changed after export", shortOr(rec.Hash)))
	}
	if err := validateReview(r, rec.History, time.Now()); err != nil {
		rep.Notes = append(rep.Notes, "the review would not import: "+err.Error())
	}
	cur := review.CurrentSignOffs(r)
	current := make(map[review.SignOff]bool, len(cur))
	for _, s := range cur {
		current[s] = true
	}
	matching := 0
	for _, s := range r.SignOffs {
		c := SignOffCheck{Name: s.Name, Role: s.Role, Decision: s.Decision, At: s.At.UTC(), Hash: s.Hash, Matches: s.Hash == rep.Hash}
		rep.SignOffs = append(rep.SignOffs, c)
		switch {
		case !current[s]:
			rep.Notes = append(rep.Notes, describe(c)+" was replaced by a later sign-off of the same signer")
		case c.Matches:
			matching++
		default:
			rep.Notes = append(rep.Notes, describe(c)+" is stale: it was given to other content ("+shortOr(c.Hash)+")")
		}
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("%d of %d current sign-offs match the recomputed content hash", matching, len(cur)))
	return rep, nil
}

var (
	footerRE      = regexp.MustCompile("(?m)^Content hash: `?(sha256:[0-9a-f]{64})`?")
	frontHashRE   = regexp.MustCompile(`(?m)^hash: "?(sha256:[0-9a-f]{64})"?\s*$`)
	signOffHeadRE = regexp.MustCompile(`(?m)^#{1,6}[ \t]+Sign-offs[ \t]*#*[ \t]*$`)
	shortHashRE   = regexp.MustCompile(`sha256:[0-9a-f]{8,64}`)
)

func verifyMarkdown(data []byte) (VerifyReport, error) {
	rep := VerifyReport{Format: "markdown"}
	if m := footerRE.FindAllSubmatch(data, -1); len(m) > 0 {
		rep.Hash = string(m[len(m)-1][1])
	} else if m := frontHashRE.FindSubmatch(data); m != nil {
		rep.Hash = string(m[1])
		rep.Notes = append(rep.Notes, "the footer has no content hash; using the one in the front matter")
	} else {
		return rep, fmt.Errorf("no content hash found: a prr record ends with a line \"Content hash: sha256:…\"")
	}
	rep.Notes = append(rep.Notes, "a Markdown record cannot be recomputed: this only compares the hash stated in its footer with the hashes in its sign-off table, and anyone editing the file could change both; verify the JSON record (prr export --format json) to recompute the hash")
	rows, found := signOffRows(data)
	if !found {
		rep.Notes = append(rep.Notes, "no sign-off table found")
		return rep, nil
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
			rep.Notes = append(rep.Notes, describe(c)+" was replaced by a later sign-off of the same signer")
			continue
		}
		current++
		if c.Matches {
			matching++
		} else {
			rep.Notes = append(rep.Notes, describe(c)+" names another hash ("+shortOr(c.Hash)+"): it was stale when the record was written")
		}
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("%d of %d current sign-offs name the stated content hash", matching, current))
	return rep, nil
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
