package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
)

func newDiffCmd(a *app) *cobra.Command {
	var asJSON bool
	var format string
	cmd := &cobra.Command{
		Use:   "diff REVIEW [REVIEW]",
		Short: "Show what changed between two reviews of a service",
		Long: "diff compares the first review with the second: verdict, score and level, then item by item what improved, " +
			"regressed, is new or was removed, with notes and evidence, and apart from that how the checklist itself " +
			"changed (a changed method is not a changed service). Each review is judged as of its last change or " +
			"sign-off, as its record is.\n\nWith one review, it is compared with the newest review of its service; when it " +
			"is the newest, the one before it is compared with it.",
		Example: `  prr diff k3x9
  prr diff k3x9 m2p4 --format markdown >> payments-prr.md`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "markdown" && format != "md" {
				return usageErr("--format %q: use text or markdown (or --json)", format)
			}
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			ra, rb, err := diffPair(s, args)
			if err != nil {
				return err
			}
			c := review.Compare(ra, rb, a.now().Location())
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return writeJSON(out, c)
			case format != "text":
				var buf bytes.Buffer
				export.ComparisonMarkdown(&buf, c)
				_, err := out.Write(buf.Bytes())
				return err
			}
			printComparison(out, c)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&format, "format", "text", "text, or markdown: a section to paste under the newer review's record")
	return cmd
}

// diffPair reads the two reviews prr diff compares: both named, or A and
// the newest review of its service (the one before A, and A, when A is
// the newest).
func diffPair(s *store.Store, args []string) (*review.Review, *review.Review, error) {
	a, err := s.Get(args[0])
	if err != nil {
		return nil, nil, err
	}
	if len(args) == 2 {
		b, err := s.Get(args[1])
		return a, b, err
	}
	sums, err := s.List()
	if err != nil {
		return nil, nil, err
	}
	all := review.ReviewsOf(sums, a.Service)
	newest := all[len(all)-1] // a is among them
	if newest.ID != a.ID {
		b, err := s.Get(newest.ID)
		return a, b, err
	}
	prev, ok := review.Previous(sums, newest)
	if !ok {
		return nil, nil, usageErr("review %s is the only review of %s: there is nothing to compare it with", a.ID, textsafe.Line(a.Service))
	}
	before, err := s.Get(prev.ID)
	return before, a, err
}

// printComparison writes a comparison for the terminal.
func printComparison(w io.Writer, c review.Comparison) {
	L := textsafe.Line
	side := func(s review.Outcome) string {
		return fmt.Sprintf("%s (%s, %s v%d)", s.ID, s.Created.In(s.AsOf.Location()).Format("2006-01-02"), L(s.TemplateID), s.TemplateVersion)
	}
	fmt.Fprintf(w, "%s: %s → %s\n\n", L(c.B.Service), side(c.A), side(c.B))
	fmt.Fprintf(w, "verdict  %s → %s\n", c.A.Verdict.Label(), c.B.Verdict.Label())
	fmt.Fprintf(w, "score    %.0f%% → %.0f%% (%+.0f)\n", c.A.Score, c.B.Score, c.B.Score-c.A.Score)
	fmt.Fprintf(w, "level    %s → %s\n", review.LevelLabel(c.A.Level), review.LevelLabel(c.B.Level))
	fmt.Fprintf(w, "answered %d/%d → %d/%d\n", c.A.Answered, c.A.Total, c.B.Answered, c.B.Total)
	fmt.Fprintln(w, "\nThe service:")
	moved, unchanged, toConfirm := c.InService()
	for _, d := range moved {
		fmt.Fprintf(w, "  %-10s %s — %s (%s → %s)", d.Change, d.Item, L(d.Title), d.From.Label(), d.To.Label())
		if d.ToConfirm {
			fmt.Fprint(w, " · to confirm")
		}
		fmt.Fprintln(w)
		if details := d.Details(); details != "" {
			fmt.Fprintf(w, "  %-10s %s\n", "", details)
		}
	}
	switch {
	case unchanged == 0:
	case toConfirm > 0:
		fmt.Fprintf(w, "  %-10s %d item(s) as before (%d of them carried over, still to confirm)\n", "unchanged", unchanged, toConfirm)
	default:
		fmt.Fprintf(w, "  %-10s %d item(s) as before\n", "unchanged", unchanged)
	}
	if len(c.Assessments) > 0 {
		fmt.Fprintln(w, "\nThe assessments:")
		for _, s := range c.Assessments {
			fmt.Fprintln(w, "  "+L(s))
		}
	}
	ch := c.Template
	fmt.Fprintf(w, "\nThe checklist (v%d → v%d), a change of method, not of the service:\n", ch.FromVersion, ch.ToVersion)
	if ch.Empty() {
		fmt.Fprintln(w, "  the same items")
	}
	for _, d := range c.Items {
		switch {
		case d.Change == review.NewItem:
			fmt.Fprintf(w, "  %-10s %s — %s (%s)\n", "new", d.Item, L(d.Title), d.To.Label())
		case d.Change == review.Removed:
			fmt.Fprintf(w, "  %-10s %s — %s (was %s)\n", "removed", d.Item, L(d.Title), d.From.Label())
		case len(d.Method) > 0:
			fmt.Fprintf(w, "  %-10s %s — %s (%s)\n", "changed", d.Item, L(d.Title), strings.Join(d.Method, ", "))
		}
	}
}
