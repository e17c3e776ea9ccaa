package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
)

func newAnswerCmd(a *app) *cobra.Command {
	var (
		status, note, action, owner, due string
		evidence                         []string
		yes                              bool
	)
	cmd := &cobra.Command{
		Use:   "answer REVIEW ITEM --status pass|partial|fail|n/a",
		Short: "Answer one item (for scripts and pre-filling)",
		Example: `  prr answer k3x9 slos-defined --status pass --evidence https://grafana.example/d/slo
  prr answer k3x9 dpia --status n/a --note "No personal data is stored or processed"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if !f.Changed("status") && !f.Changed("note") && len(evidence) == 0 && action == "" {
				return usageErr("nothing to change: give --status, --note, --evidence or --action")
			}
			var st review.Status
			if f.Changed("status") {
				var err error
				if st, err = review.ParseStatus(status); err != nil {
					return usageErr("%v", err)
				}
			}
			var ac *review.Action
			if action != "" {
				d, err := review.ParseDate(due, a.now())
				if err != nil {
					return usageErr("--due: %v", err)
				}
				ac = &review.Action{Text: action, Owner: owner, Due: d}
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			id, err := s.Resolve(args[0])
			if err != nil {
				return err
			}
			if err := a.confirmEditSigned(cmd.Context(), s, id, yes); err != nil {
				return err
			}
			ans, err := s.UpdateAnswer(id, args[1], func(ans *review.Answer) error {
				if f.Changed("status") {
					ans.Status = st
					if st != review.Fail && st != review.Partial {
						ans.Waiver = nil // a waiver only covers a shortfall
					}
				}
				if f.Changed("note") {
					ans.Note = note
				}
				for _, e := range evidence {
					if !contains(ans.Evidence, e) {
						ans.Evidence = append(ans.Evidence, e)
					}
				}
				if ac != nil {
					ans.Actions = append(ans.Actions, *ac)
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s\n", id, args[1], ans.Status)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&status, "status", "", "pass, partial, fail, n/a or unanswered")
	fl.StringVar(&note, "note", "", "note (replaces the current note; n/a needs one as the reason)")
	fl.StringArrayVar(&evidence, "evidence", nil, "evidence link (repeatable; added to the existing ones)")
	fl.StringVar(&action, "action", "", "add an action item with this text")
	fl.StringVar(&owner, "owner", "", "owner of the --action")
	fl.StringVar(&due, "due", "", "due date of the --action: YYYY-MM-DD or +14d")
	fl.BoolVarP(&yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
