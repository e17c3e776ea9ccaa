package export

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/prr-dev/prr/review"
)

// The Markdown of reviews over time: the comparison of two reviews (a
// section to paste under the newer one's record), a service's history and
// the digest of what is due. Every text a user or a checklist gave is
// escaped as in the record (Inline, Cell), so none of it is Markdown.

// ComparisonMarkdown writes the comparison of two reviews as a section of
// the newer one's record: a level-2 heading, the standings side by side,
// the items that changed, and the checklist's own changes apart.
func ComparisonMarkdown(w io.Writer, c review.Comparison) {
	var b strings.Builder
	side := func(s review.Outcome) string {
		return fmt.Sprintf("%s (%s, %s v%d)", s.ID, s.Created.In(s.AsOf.Location()).Format("2006-01-02"), Inline(s.TemplateID), s.TemplateVersion)
	}
	b.WriteString("## Changes since the last review\n\n")
	fmt.Fprintf(&b, "Review %s of %s compared with review %s. Each is judged as of its last change or sign-off.\n\n", side(c.B), Inline(c.B.Service), side(c.A))
	fmt.Fprintf(&b, "| | %s | %s |\n| --- | --- | --- |\n", c.A.ID, c.B.ID)
	fmt.Fprintf(&b, "| Verdict | %s | %s |\n", escapers.verdictLabel(c.A.Verdict), escapers.verdictLabel(c.B.Verdict))
	fmt.Fprintf(&b, "| Score | %s | %s |\n", review.PercentText(c.A.Score), review.PercentText(c.B.Score))
	fmt.Fprintf(&b, "| Level | %s | %s |\n", review.LevelLabel(c.A.Level), review.LevelLabel(c.B.Level))
	fmt.Fprintf(&b, "| Answered | %d/%d | %d/%d |\n\n", c.A.Answered, c.A.Total, c.B.Answered, c.B.Total)

	b.WriteString("### The service\n\n")
	var rows []string
	moved, unchanged, toConfirm := c.InService()
	for _, d := range moved {
		status := escapers.statusText(d.From) + " → " + escapers.statusText(d.To)
		if d.ToConfirm {
			status += " (to confirm)"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |", itemCell(d), d.Change, status, cmp.Or(d.Details(), "—")))
	}
	if len(rows) > 0 {
		b.WriteString("| Item | Change | Status | Also |\n| --- | --- | --- | --- |\n")
		b.WriteString(strings.Join(rows, "\n") + "\n\n")
	}
	switch {
	case unchanged > 0 && toConfirm > 0:
		fmt.Fprintf(&b, "%d item(s) as before, %d of them carried over and still to confirm.\n\n", unchanged, toConfirm)
	case unchanged > 0:
		fmt.Fprintf(&b, "%d item(s) as before.\n\n", unchanged)
	case len(rows) == 0:
		b.WriteString("No item was answered in both.\n\n")
	}

	ch := c.Template
	b.WriteString("### The checklist\n\n")
	fmt.Fprintf(&b, "Version %d → %d: a change of method, not of the service.\n\n", ch.FromVersion, ch.ToVersion)
	rows = rows[:0]
	for _, d := range c.Items {
		switch {
		case d.Change == review.NewItem:
			rows = append(rows, fmt.Sprintf("| %s | new | %s now |", itemCell(d), escapers.statusText(d.To)))
		case d.Change == review.Removed:
			rows = append(rows, fmt.Sprintf("| %s | removed | was %s |", itemCell(d), escapers.statusText(d.From)))
		case len(d.Method) > 0:
			rows = append(rows, fmt.Sprintf("| %s | changed | %s |", itemCell(d), strings.Join(d.Method, ", ")))
		}
	}
	if len(rows) == 0 {
		b.WriteString("The same items, alike.\n")
	} else {
		b.WriteString("| Item | Change | Detail |\n| --- | --- | --- |\n")
		b.WriteString(strings.Join(rows, "\n") + "\n")
	}
	_, _ = io.WriteString(w, b.String())
}

// itemCell is an item as a table cell: its id and title.
func itemCell(d review.ItemDelta) string { return Cell(d.Item) + " " + Cell(d.Title) }

// HistoryMarkdown writes the history of a service: a table of its
// reviews, oldest first, and the trend of their scores.
func HistoryMarkdown(w io.Writer, h review.History) {
	var b strings.Builder
	fmt.Fprintf(&b, "## Reviews of %s\n\n", Inline(h.Service))
	fmt.Fprintf(&b, "Score trend, oldest first: `%s`\n\n", h.Trend)
	b.WriteString("| Review | Started | Checklist | Verdict | Score | Level | Valid until |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, e := range h.Reviews {
		fmt.Fprintf(&b, "| %s | %s | %s v%d | %s | %s | %s | %s |\n", e.ID, e.Created.In(e.AsOf.Location()).Format("2006-01-02"),
			Cell(e.TemplateID), e.TemplateVersion, escapers.verdictLabel(e.Verdict), review.PercentText(e.Score), review.LevelLabel(e.Level), renewalText(e.Renewal, e.State))
	}
	_, _ = io.WriteString(w, b.String())
}

// renewalText is a review's renewal in a table cell.
func renewalText(rn review.Renewal, st review.State) string {
	switch {
	case rn.Expired:
		return "**expired** " + string(rn.ValidUntil)
	case rn.ValidUntil != "":
		return string(rn.ValidUntil)
	case st == review.SignedOff:
		return "no limit"
	}
	return "not signed off"
}

// DigestMarkdown writes what is due, by team and owner.
func DigestMarkdown(w io.Writer, d review.Digest) {
	var b strings.Builder
	c := d.Counts()
	fmt.Fprintf(&b, "## Due by %s\n\n", d.Until)
	if c.Empty() {
		fmt.Fprintf(&b, "Nothing is due by %s.\n", d.Until)
		_, _ = io.WriteString(w, b.String())
		return
	}
	fmt.Fprintf(&b, "As of %s: %d review(s) to renew, %d waiver(s) expiring, %d action item(s) due, %d review(s) on an older checklist; %d already late.\n",
		d.Today, c.Renewals, c.Waivers, c.Actions, c.Templates, c.Overdue)
	for _, g := range d.Groups {
		fmt.Fprintf(&b, "\n### %s\n\n", groupTitle(g))
		for _, r := range g.Renewals {
			line := fmt.Sprintf("- Renew %s (review %s): valid until %s", Inline(r.Service), r.Review, r.ValidUntil)
			if r.Expired {
				line = fmt.Sprintf("- Renew %s (review %s): **expired**, it was valid until %s", Inline(r.Service), r.Review, r.ValidUntil)
			}
			if r.Underway != "" {
				line += "; review " + r.Underway + " is under way"
			}
			b.WriteString(line + "\n")
		}
		for _, x := range g.Waivers {
			state := "expires"
			if x.Expired {
				state = "**expired**, the item counts as failing again since"
			}
			fmt.Fprintf(&b, "- Waiver on %s › %s %s (review %s, accepted by %s): %s %s\n", Inline(x.Service), Inline(x.Item), Inline(x.Title), x.Review, Inline(x.AcceptedBy), state, x.Expires)
		}
		for _, x := range g.Actions {
			when := "due " + string(x.Due)
			if x.Overdue {
				when = "**overdue** since " + string(x.Due)
			}
			owner := ""
			if x.Owner != "" {
				owner = ", owner " + Inline(x.Owner)
			}
			fmt.Fprintf(&b, "- Action on %s › %s: %s (review %s%s): %s\n", Inline(x.Service), Inline(x.Item), Inline(x.Text), x.Review, owner, when)
		}
		for _, x := range g.Templates {
			fmt.Fprintf(&b, "- %s (review %s) runs %s v%d; v%d is the newest\n", Inline(x.Service), x.Review, Inline(x.TemplateID), x.Version, x.Newest)
		}
	}
	_, _ = io.WriteString(w, b.String())
}

// groupTitle names a group of the digest: "payments · Kari Nordmann".
func groupTitle(g review.DueGroup) string {
	team, owner := Inline(g.Team), Inline(g.Owner)
	switch {
	case team == "" && owner == "":
		return "No team or owner named"
	case owner == "":
		return "Team " + team
	case team == "":
		return "Owner " + owner
	}
	return "Team " + team + " · owner " + owner
}
