package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// recordCommands are the commands of the end of a meeting: sign-off, the
// CI gate and the record.
func recordCommands(a *app) []*cobra.Command {
	return append([]*cobra.Command{newSignoffCmd(a), newCheckCmd(a)}, exportCommands(a)...)
}

func newSignoffCmd(a *app) *cobra.Command {
	var name, role, decision, comment string
	cmd := &cobra.Command{
		Use:   "signoff REVIEW --role ROLE --decision approve|approve-with-conditions|reject",
		Short: "Record a participant's sign-off of the review as it stands",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := review.ParseDecision(decision)
			if err != nil {
				return usageErr("--decision: %v", err)
			}
			if name == "" {
				name = a.cfg.Actor
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			// One store operation resolves the id, hashes the review as
			// stored and records the sign-off.
			var so review.SignOff
			r, err := s.Update(args[0], func(r *review.Review) error {
				var err error
				if so, err = review.NewSignOff(r, name, role, d, comment, a.now()); err != nil {
					return err
				}
				r.SignOffs = append(r.SignOffs, so)
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s signed %s as %s: %s (%s)\n", textsafe.Line(so.Name), r.ID, textsafe.Line(so.Role), so.Decision, so.Hash)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&name, "name", "", "who signs (default: the actor, see --as)")
	f.StringVar(&role, "role", "", "their role, e.g. owner, sre, security, dpo")
	f.StringVar(&decision, "decision", "", "approve, approve-with-conditions or reject (required)")
	f.StringVar(&comment, "comment", "", "a comment, e.g. the conditions")
	return cmd
}

func newCheckCmd(a *app) *cobra.Command {
	var maxAge string
	var allowConditions bool
	cmd := &cobra.Command{
		Use:   "check REVIEW",
		Short: "Exit 0 only if the review is signed off, not blocked and recent (a CI gate)",
		Long: "check is for pipelines: it exits 0 when the review is signed off (no rejection, no stale sign-off, " +
			"every sign-off role approved), its verdict is ready (or ready-with-conditions with --allow-conditions), " +
			"it was signed within --max-age (or, unless --max-age is given, it has not passed the renewal date its checklist's valid_for or the valid_for setting gives it), and no sign-off is dated later than now. Otherwise it exits 1 and prints " +
			"each reason on its own line. An empty or unreadable --max-age is an error (exit 2), never \"no limit\".",
		Example: "  prr check k3x9 --max-age 180d --allow-conditions",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			age, err := review.ParseMaxAge(maxAge)
			if err != nil {
				return usageErr("--max-age: %v", err)
			}
			_, r, err := a.getReview(args[0])
			if err != nil {
				return err
			}
			o := review.CheckOptions{MaxAge: age, AllowConditions: allowConditions}
			if !cmd.Flags().Changed("max-age") && review.ValidFor(&r.Template, a.cfg.ValidFor) != "" {
				// The review's own renewal date, rather than a fixed age.
				o = review.CheckOptions{AllowConditions: allowConditions, Renew: true, ValidFor: a.cfg.ValidFor}
			}
			reasons := review.Check(r, a.now(), o)
			out := cmd.OutOrStdout()
			if len(reasons) == 0 {
				fmt.Fprintf(out, "ok: %s (%s) is signed off and %s\n", r.ID, textsafe.Line(r.Service), review.Assess(r, a.now()).Verdict)
				return nil
			}
			for _, reason := range reasons {
				fmt.Fprintf(out, "%s: %s\n", r.ID, textsafe.Line(reason))
			}
			return &silentErr{code: exitFailure}
		},
	}
	cmd.Flags().StringVar(&maxAge, "max-age", "180d", "oldest acceptable sign-off: 180d, 26w, 6m, 1y or a duration such as 36h; off (or 0) for no limit. "+
		"Unless given, a review whose checklist (or the valid_for setting) says how long it stays valid is held to that instead")
	cmd.Flags().BoolVar(&allowConditions, "allow-conditions", false, "accept ready-with-conditions as well as ready")
	return cmd
}
