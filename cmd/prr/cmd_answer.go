package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
)

// answerFlags are the changes "prr answer" can make to one item.
type answerFlags struct {
	status, note, action, owner, due string
	evidence, removeEvidence         []string
	done, undone, removeAction       []int
	waiveReason, waiveBy, waiveUntil string
	clearWaiver, confirm, yes        bool
}

func newAnswerCmd(a *app) *cobra.Command {
	var fl answerFlags
	cmd := &cobra.Command{
		Use:   "answer REVIEW ITEM [--status pass|partial|fail|n/a] [changes...]",
		Short: "Answer one item, or change its note, evidence, action items or waiver",
		Example: `  prr answer k3x9 slos-defined --status pass --evidence https://grafana.example/d/slo
  prr answer k3x9 dpia --status n/a --note "No personal data is stored or processed"
  prr answer k3x9 backups-restorable --status fail --action "Run a restore test" --owner Ola --due +30d
  prr answer k3x9 backups-restorable --done 1
  prr answer k3x9 pen-test --waive-reason "Booked for Q1" --waive-by CTO --waive-until 2027-03-31
  prr answer k3x9 runbooks --confirm`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			edits, err := fl.edits(cmd, a)
			if err != nil {
				return err
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			item := args[1]
			r, err := a.editReview(cmd.Context(), s, args[0], fl.yes, func(r *review.Review) error {
				if _, _, ok := r.Template.Find(item); !ok {
					return fmt.Errorf("no item %q in its template (%s v%d): %w", item, r.Template.ID, r.Template.Version, store.ErrUnknownItem)
				}
				ans := r.Answer(item).Clone()
				if err := edits.Apply(&ans); err != nil {
					return err
				}
				r.Answers[item] = ans
				return nil
			})
			if err != nil {
				return err
			}
			ans := r.Answer(item)
			if ans.ToConfirm {
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s (carried over, still to confirm)\n", r.ID, item, ans.Status)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s\n", r.ID, item, ans.Status)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.status, "status", "", "pass, partial, fail, n/a or unanswered")
	f.StringVar(&fl.note, "note", "", "note (replaces the current note; n/a needs one as the reason)")
	f.StringArrayVar(&fl.evidence, "evidence", nil, "add an evidence link (repeatable)")
	f.StringArrayVar(&fl.removeEvidence, "remove-evidence", nil, "remove an evidence link (repeatable)")
	f.StringVar(&fl.action, "action", "", "add an action item with this text")
	f.StringVar(&fl.owner, "owner", "", "owner of the --action")
	f.StringVar(&fl.due, "due", "", "due date of the --action: YYYY-MM-DD or +14d")
	f.IntSliceVar(&fl.done, "done", nil, "mark action item N (1 = first, as in prr show) done")
	f.IntSliceVar(&fl.undone, "undone", nil, "mark action item N not done")
	f.IntSliceVar(&fl.removeAction, "remove-action", nil, "remove action item N")
	f.StringVar(&fl.waiveReason, "waive-reason", "", "waive a failing or partial item: why the risk is accepted")
	f.StringVar(&fl.waiveBy, "waive-by", "", "who accepted the risk")
	f.StringVar(&fl.waiveUntil, "waive-until", "", "when the waiver expires: YYYY-MM-DD or +90d")
	f.BoolVar(&fl.clearWaiver, "clear-waiver", false, "remove the item's waiver")
	f.BoolVar(&fl.confirm, "confirm", false, "confirm an answer carried over from the last review as it stands (any other change confirms it too)")
	f.BoolVarP(&fl.yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

// edits checks the flags and returns the changes to make to the stored
// answer, in the order prr answer has always made them. Everything that can
// be checked without the database is checked here; the rest (an action
// number out of range, a waiver on a passing item) is refused by the edits
// themselves, inside the store's write, so nothing is half-applied.
func (fl *answerFlags) edits(cmd *cobra.Command, a *app) (review.Edits, error) {
	f := cmd.Flags()
	changed := false
	for _, name := range []string{"status", "note", "evidence", "remove-evidence", "action", "done", "undone", "remove-action", "waive-reason", "waive-by", "waive-until", "owner", "due", "clear-waiver", "confirm"} {
		changed = changed || f.Changed(name)
	}
	if !changed {
		return nil, usageErr("nothing to change: give --status, --note, --evidence, --action, --done, --waive-reason, --confirm or another change (see --help)")
	}
	var es review.Edits
	if fl.confirm {
		es = append(es, review.Confirm())
	}
	if f.Changed("status") {
		st, err := review.ParseStatus(fl.status)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		es = append(es, review.SetStatus(st))
	}
	if f.Changed("note") {
		es = append(es, review.SetNote(fl.note))
	}
	for _, e := range fl.removeEvidence {
		es = append(es, review.RemoveEvidence(e))
	}
	for _, e := range fl.evidence {
		es = append(es, review.AddEvidence(e))
	}
	for _, n := range fl.done {
		es = append(es, review.MarkAction(n, true))
	}
	for _, n := range fl.undone {
		es = append(es, review.MarkAction(n, false))
	}
	es = append(es, review.RemoveActions(fl.removeAction...)...)
	if fl.action != "" {
		d, err := review.ParseDate(fl.due, a.now())
		if err != nil {
			return nil, usageErr("--due: %v", err)
		}
		es = append(es, review.AddAction(review.Action{Text: fl.action, Owner: fl.owner, Due: d}))
	} else if fl.owner != "" || fl.due != "" {
		return nil, usageErr("--owner and --due describe a new --action; give its text with --action")
	}
	if fl.clearWaiver {
		es = append(es, review.ClearWaiver())
	}
	if fl.waiveReason != "" || fl.waiveBy != "" || fl.waiveUntil != "" {
		if fl.clearWaiver {
			return nil, usageErr("--clear-waiver and --waive-* contradict each other")
		}
		until, err := review.ParseDate(fl.waiveUntil, a.now())
		if err != nil {
			return nil, usageErr("--waive-until: %v", err)
		}
		w := review.Waiver{Reason: fl.waiveReason, AcceptedBy: fl.waiveBy, Expires: until}
		if err := w.Validate(); err != nil {
			return nil, usageErr("waiver: %v (give --waive-reason, --waive-by and --waive-until)", err)
		}
		es = append(es, review.Waive(w))
	}
	return es, nil
}
