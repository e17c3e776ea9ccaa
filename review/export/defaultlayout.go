package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"

	"github.com/prr-dev/prr/templates"
)

// writeDefault is templates/record.md.tmpl written out in Go: the same
// bytes for the same Data, without text/template's reflection, which cost
// about a third of exporting a large review. Markdown uses it only when
// no layout was asked for and the embedded layout is the one this code
// was written from (see fastLayoutOK); a user's --template always goes
// through text/template.
//
// Keep it a line-for-line reading of the layout. TestDefaultLayoutFastPath
// and FuzzDefaultLayoutFastPath render reviews both ways and require
// identical bytes, and fail as soon as the layout file changes.
func writeDefault(b *bytes.Buffer, d *Data) {
	w := writer{b}
	w.s("# ", d.Title, "\n\n")
	w.s("| Field | Value |\n| --- | --- |\n")
	w.s("| Service | ", d.Service, " |\n")
	w.s("| Team | ", or(d.Team, "—"), " |\n")
	w.s("| Owner | ", or(d.Owner, "—"), " |\n")
	w.s("| Participants | ", or(d.Attendance, "—"), " |\n")
	w.s("| Template | ", d.Template.Title, " (", d.Template.ID, " v")
	w.n(d.Template.Version)
	w.s(") |\n")
	w.s("| Created | ", d.Created, " |\n")
	w.s("| Last change | ", d.Updated, " |\n")
	w.s("| As of | ", d.AsOf, " |\n\n")

	w.s("## Verdict\n\n")
	w.s("**", d.Verdict.Label, "**: score ", d.Score, ", ")
	w.n(d.Answered)
	w.s(" of ")
	w.n(d.Total)
	w.s(" items answered, ")
	if d.Level != 0 {
		w.s("maturity level ")
		w.n(d.Level)
		w.s(" (", d.LevelName, ")")
	} else {
		w.s("no maturity level reached")
	}
	w.s(".\n\n")
	w.list(d.Verdict.Reasons)
	w.s("\n\nState: **", d.State.Label, "**.")
	if len(d.State.Reasons) > 0 {
		w.s("\n\n")
		w.list(d.State.Reasons)
	}

	w.s("\n\n## Sections\n\n")
	w.s("| Section | Answered | Pass | Partial | Fail | N/A | Score |\n")
	w.s("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range d.Sections {
		w.s("\n| ")
		w.n(s.Number)
		w.s(". ", s.Title, " | ")
		w.n(s.Answered)
		w.s("/")
		w.n(s.Total)
		w.s(" | ")
		w.n(s.Passed)
		w.s(" | ")
		w.n(s.Partial)
		w.s(" | ")
		w.n(s.Failed)
		w.s(" | ")
		w.n(s.NA)
		w.s(" | ", s.Score, " |")
	}

	w.s("\n\n## Blocking items\n\n")
	if len(d.Blocking) > 0 {
		for _, f := range d.Blocking {
			w.s("\n- ", f.ItemNumber, " ", f.Section, " › ", f.ItemTitle, ": ", f.Reason)
		}
	} else {
		w.s("None: every required item passes, does not apply or is waived.")
	}

	w.s("\n\n## Waivers\n\n")
	if len(d.Waivers) > 0 {
		w.s("| Item | Status | Reason | Accepted by | Expires | In force |\n")
		w.s("| --- | --- | --- | --- | --- | --- |")
		for _, v := range d.Waivers {
			w.s("\n| ", v.ItemNumber, " ", v.ItemTitle, " | ", v.Status, " | ", v.Reason, " | ", v.AcceptedBy, " | ", v.Expires, " | ")
			w.s(cond(v.Expired, "**expired**", "yes"), " |")
		}
	} else {
		w.s("None.")
	}

	w.s("\n\n## Action items\n\n")
	if len(d.Actions) > 0 {
		w.n(d.OpenActions)
		w.s(" open, ")
		w.n(d.OverdueActions)
		w.s(" overdue.\n\n")
		w.s("| Item | Action | Owner | Due | Done |\n")
		w.s("| --- | --- | --- | --- | --- |")
		for _, a := range d.Actions {
			w.s("\n| ", a.ItemNumber, " ", a.ItemTitle, " | ", a.Text, " | ", or(a.Owner, "—"), " | ", or(a.Due, "—"))
			w.s(cond(a.Overdue, " (**overdue**)", ""), " | ", cond(a.Done, "yes", "no"), " |")
		}
	} else {
		w.s("None.")
	}

	w.skills(d.Skills)
	w.risks(d.Risks)
	w.dpia(d.DPIA)
	w.runbooks(d.Runbooks)

	w.s("\n\n## Answers\n")
	for _, s := range d.Sections {
		w.s("\n\n### ")
		w.n(s.Number)
		w.s(". ", s.Title, "\n")
		for i := range s.Items {
			w.item(&s.Items[i])
		}
	}

	w.s("\n\n## Sign-offs\n\n")
	if len(d.SignOffs) > 0 {
		w.s("| Name | Role | Decision | Comment | Date (UTC) | Hash | Status |\n")
		w.s("| --- | --- | --- | --- | --- | --- | --- |")
		for _, so := range d.SignOffs {
			w.s("\n| ", so.Name, " | ", or(so.Role, "—"), " | ", so.Decision, " | ", or(so.Comment, "—"), " | ", so.Date, " | ")
			if so.ShortHash != "" {
				w.s("`", so.ShortHash, "`")
			} else {
				w.s("malformed")
			}
			w.s(" | ", cond(so.Stale, "**stale**", "current"), " |")
		}
		if d.Superseded != 0 {
			w.s("\n\n")
			if d.Superseded == 1 {
				w.s("1 earlier sign-off was")
			} else {
				w.n(d.Superseded)
				w.s(" earlier sign-offs were")
			}
			w.s(" replaced by a later decision of the same signer; the JSON record keeps every sign-off.")
		}
	} else {
		w.s("No sign-offs yet.")
	}

	w.s("\n\n---\n\nContent hash: `", d.Hash, "` · prr ", d.Version, "\n")
}

// item is one answer under "## Answers": the {{range .Items}} body.
func (w writer) item(it *Item) {
	w.s("\n\n#### ", it.Number, " ", it.Title, "\n\n")
	w.s("**", it.StatusLabel, "** · ", cond(it.Required, "required", "optional"), " · level ")
	w.n(it.Level)
	w.s(" (", it.LevelName, ") · id ", it.ID)
	if it.Note != "" {
		w.s("\n\n", it.Note)
	}
	if len(it.Evidence) > 0 {
		w.s("\n\nEvidence:\n\n")
		for _, e := range it.Evidence {
			w.s("\n- ", e.Markdown, cond(e.Link, "", " (not a link)"))
		}
	}
	if len(it.Actions) > 0 {
		w.s("\n\nActions:\n\n")
		for _, a := range it.Actions {
			w.s("\n- [", cond(a.Done, "x", " "), "] ", a.Text)
			if a.Owner != "" {
				w.s(" (owner: ", a.Owner, ")")
			}
			if a.Due != "" {
				w.s(", due ", a.Due)
			}
			if a.Overdue {
				w.s(", **overdue**")
			}
		}
	}
	if v := it.Waiver; v != nil {
		w.s("\n\nWaiver", cond(v.Expired, " (**expired**)", ""), ": ", v.Reason, " (accepted by ", v.AcceptedBy, ", until ", v.Expires, ")")
	}
}

// list writes "{{range .}}\n- {{.}}{{- end}}".
func (w writer) list(items []string) {
	for _, s := range items {
		w.s("\n- ", s)
	}
}

// writer appends to the record being built. Its methods take several
// strings at once only to keep writeDefault close to the layout's lines.
type writer struct{ b *bytes.Buffer }

func (w writer) s(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// n writes an int as text/template prints one: in decimal.
func (w writer) n(i int) { w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), int64(i), 10)) }

// or is text/template's {{or a b}} on strings.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func cond(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}

// defaultLayoutSHA256 is the sha256 of templates/record.md.tmpl as
// writeDefault was written from it. Change it only together with
// writeDefault, after TestDefaultLayoutFastPath passes.
const defaultLayoutSHA256 = "a8c92a77b5ce3672fd731770844b9822ed32c1a97c42f57ff88c3f88fd7ad663"

// fastLayoutOK reports whether the embedded default layout is the one
// writeDefault reproduces. If someone edits the layout and not the Go
// code, exports stay correct (through text/template, only slower) and
// TestDefaultLayoutFastPath fails to say so.
var fastLayoutOK = sync.OnceValue(func() bool {
	sum := sha256.Sum256([]byte(templates.Record))
	return hex.EncodeToString(sum[:]) == defaultLayoutSHA256
})
