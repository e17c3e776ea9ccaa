package main

import (
	"bytes"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/textsafe"
)

func newHistoryCmd(a *app) *cobra.Command {
	var asJSON bool
	var format string
	cmd := &cobra.Command{
		Use:   "history SERVICE|REVIEW",
		Short: "List a service's reviews, oldest first, with the trend of their scores",
		Long: "history lists the reviews of a service (named as in its reviews, without regard to case, or by one " +
			"of its reviews' ids), oldest first: when each started, its checklist version, verdict, score and level " +
			"as of its last change or sign-off, and until when it is valid; then the scores as a sparkline.",
		Example: `  prr history payments-api
  prr history payments-api --format markdown`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "markdown" && format != "md" {
				return usageErr("--format %q: use text or markdown (or --json)", format)
			}
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			sums, err := s.List()
			if err != nil {
				return err
			}
			mine := review.ReviewsOf(sums, args[0])
			if len(mine) == 0 {
				r, err := s.Get(args[0]) // a review id names its service
				if err != nil {
					return usageErr("no review of a service %q, and no review with that id", textsafe.Line(args[0]))
				}
				mine = review.ReviewsOf(sums, r.Service)
			}
			var reviews []*review.Review
			for _, sum := range mine {
				r, err := s.Get(sum.ID)
				if err != nil {
					return err
				}
				reviews = append(reviews, r)
			}
			h := review.HistoryOf(reviews, a.now(), a.cfg.ValidFor)
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return writeJSON(out, h)
			case format != "text":
				var buf bytes.Buffer
				export.HistoryMarkdown(&buf, h)
				_, err := out.Write(buf.Bytes())
				return err
			}
			return printHistoryOf(out, h)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&format, "format", "text", "text, or markdown for the wiki")
	return cmd
}

// printHistoryOf writes a service's history for the terminal.
func printHistoryOf(w io.Writer, h review.History) error {
	fmt.Fprintf(w, "%s: %d review(s), oldest first · score trend %s\n\n", textsafe.Line(h.Service), len(h.Reviews), h.Trend)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTARTED\tTEMPLATE\tVERDICT\tSCORE\tLEVEL\tSTATE\tVALID UNTIL")
	for _, e := range h.Reviews {
		fmt.Fprintf(tw, "%s\t%s\t%s v%d\t%s\t%.0f%%\t%s\t%s\t%s\n", e.ID, e.Created.In(e.AsOf.Location()).Format("2006-01-02"),
			textsafe.Line(e.TemplateID), e.TemplateVersion, e.Verdict, e.Score, review.LevelLabel(e.Level), stateText(e.State, e.Renewal.Expired), validUntil(e.Renewal))
	}
	return tw.Flush()
}

// stateText is a review's state as the list and history print it: an
// expired signed-off review is "expired".
func stateText(st review.State, expired bool) string {
	if expired {
		return "expired"
	}
	return textsafe.Line(string(st))
}

// validUntil is the renewal date column: the last valid day, or "—".
func validUntil(rn review.Renewal) string {
	if rn.ValidUntil == "" {
		return "—"
	}
	return string(rn.ValidUntil)
}
