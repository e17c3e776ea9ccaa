package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/textsafe"
)

func newDueCmd(a *app) *cobra.Command {
	var within, team, format string
	var asJSON, exitCode bool
	cmd := &cobra.Command{
		Use:   "due [--within 30d] [--team T] [--json | --format markdown] [--exit-code]",
		Short: "List what is due: reviews to renew, waivers expiring, action items, older checklists",
		Long: "due is the digest a cron job mails or posts to chat (prr itself sends nothing). For every service " +
			"it lists its last signed-off review if it expires within --within or has expired, and in the newest " +
			"review of the service the waivers expiring and the open action items due within --within or already " +
			"late, and a checklist version older than the newest known; grouped by team and owner.\n\n" +
			"It exits 0 whatever it finds, so that a digest job does not fail for doing its job; with --exit-code " +
			"it exits 1 when something is already late (an expired review or waiver, an overdue action item).",
		Example: `  prr due --within 30d --format markdown | mail -s "PRR: due this month" sre@example.com
  prr due --team payments --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "markdown" && format != "md" {
				return usageErr("--format %q: use text or markdown (or --json)", format)
			}
			period, err := review.ParsePeriod(within)
			if err != nil {
				return usageErr("--within: %v", err)
			}
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			sums, err := s.List()
			if err != nil {
				return err
			}
			o := review.DueOptions{Within: period, Team: team, ValidFor: a.cfg.ValidFor}
			if c, err := a.loadCatalog(); err == nil {
				o.Newest = c.Versions()
			}
			d, err := review.Due(sums, s.Get, a.now(), o)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				err = writeJSON(out, struct {
					review.Digest
					Counts review.DueCounts `json:"counts"`
				}{d, d.Counts()})
			case format != "text":
				var buf bytes.Buffer
				export.DigestMarkdown(&buf, d)
				_, err = out.Write(buf.Bytes())
			default:
				printDigest(out, d)
			}
			if err == nil && exitCode && d.Counts().Overdue > 0 {
				return &silentErr{code: exitFailure}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&within, "within", "30d", "how far ahead to look: 30d, 6w, 3m, 1y")
	f.StringVar(&team, "team", "", "only the services of this team")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	f.StringVar(&format, "format", "text", "text, or markdown for a wiki page or a chat post")
	f.BoolVar(&exitCode, "exit-code", false, "exit 1 when something is already late")
	return cmd
}

// printDigest writes the digest for the terminal.
func printDigest(w io.Writer, d review.Digest) {
	L := textsafe.Line
	c := d.Counts()
	if c.Empty() {
		fmt.Fprintf(w, "Nothing is due by %s.\n", d.Until)
		return
	}
	fmt.Fprintf(w, "Due by %s (today %s): %d to renew, %d waiver(s), %d action item(s), %d on an older checklist; %d late.\n",
		d.Until, d.Today, c.Renewals, c.Waivers, c.Actions, c.Templates, c.Overdue)
	for _, g := range d.Groups {
		fmt.Fprintf(w, "\nteam %s · owner %s\n", L(orDash(g.Team)), L(orDash(g.Owner)))
		for _, r := range g.Renewals {
			state := "valid until " + string(r.ValidUntil)
			if r.Expired {
				state = "EXPIRED since " + string(r.ValidUntil.AddDays(1))
			}
			fmt.Fprintf(w, "  renew    %s %s: %s", r.Review, L(r.Service), state)
			if r.Underway != "" {
				fmt.Fprintf(w, " (review %s under way)", r.Underway)
			}
			fmt.Fprintln(w)
		}
		for _, x := range g.Waivers {
			state := "expires " + string(x.Expires)
			if x.Expired {
				state = "EXPIRED on " + string(x.Expires) + ", counts as failing"
			}
			fmt.Fprintf(w, "  waiver   %s %s › %s (accepted by %s): %s\n", x.Review, L(x.Service), x.Item, L(x.AcceptedBy), state)
		}
		for _, x := range g.Actions {
			state := "due " + string(x.Due)
			if x.Overdue {
				state = "OVERDUE since " + string(x.Due)
			}
			owner := ""
			if x.Owner != "" {
				owner = " · owner " + L(x.Owner)
			}
			fmt.Fprintf(w, "  action   %s %s › %s: %s%s · %s\n", x.Review, L(x.Service), x.Item, L(x.Text), owner, state)
		}
		for _, x := range g.Templates {
			fmt.Fprintf(w, "  template %s %s runs %s v%d; v%d is the newest (prr upgrade %s)\n", x.Review, L(x.Service), L(x.TemplateID), x.Version, x.Newest, x.Review)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
