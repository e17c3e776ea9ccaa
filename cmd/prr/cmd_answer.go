package main

import (
	"fmt"
	"slices"

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
	clearWaiver, yes                 bool
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
  prr answer k3x9 pen-test --waive-reason "Booked for Q1" --waive-by CTO --waive-until 2027-03-31`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			change, err := fl.change(cmd, a)
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
				if err := change(&ans); err != nil {
					return err
				}
				r.Answers[item] = ans
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s\n", r.ID, item, r.Answer(item).Status)
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
	f.BoolVarP(&fl.yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

// change checks the flags and returns the edit to apply to the stored
// answer. Everything that can be checked without the database is checked
// here; the rest (an action number out of range, a waiver on a passing
// item) is refused inside the edit, so nothing is half-applied.
func (fl *answerFlags) change(cmd *cobra.Command, a *app) (func(*review.Answer) error, error) {
	f := cmd.Flags()
	changed := false
	for _, name := range []string{"status", "note", "evidence", "remove-evidence", "action", "done", "undone", "remove-action", "waive-reason", "waive-by", "waive-until", "owner", "due", "clear-waiver"} {
		changed = changed || f.Changed(name)
	}
	if !changed {
		return nil, usageErr("nothing to change: give --status, --note, --evidence, --action, --done, --waive-reason or another change (see --help)")
	}
	var st review.Status
	if f.Changed("status") {
		var err error
		if st, err = review.ParseStatus(fl.status); err != nil {
			return nil, usageErr("%v", err)
		}
	}
	var newAction *review.Action
	if fl.action != "" {
		d, err := review.ParseDate(fl.due, a.now())
		if err != nil {
			return nil, usageErr("--due: %v", err)
		}
		newAction = &review.Action{Text: fl.action, Owner: fl.owner, Due: d}
	} else if fl.owner != "" || fl.due != "" {
		return nil, usageErr("--owner and --due describe a new --action; give its text with --action")
	}
	var waiver *review.Waiver
	if fl.waiveReason != "" || fl.waiveBy != "" || fl.waiveUntil != "" {
		if fl.clearWaiver {
			return nil, usageErr("--clear-waiver and --waive-* contradict each other")
		}
		until, err := review.ParseDate(fl.waiveUntil, a.now())
		if err != nil {
			return nil, usageErr("--waive-until: %v", err)
		}
		waiver = &review.Waiver{Reason: fl.waiveReason, AcceptedBy: fl.waiveBy, Expires: until}
		if err := waiver.Validate(); err != nil {
			return nil, usageErr("waiver: %v (give --waive-reason, --waive-by and --waive-until)", err)
		}
	}
	return func(ans *review.Answer) error {
		if f.Changed("status") {
			ans.Status = st
			if st != review.Fail && st != review.Partial {
				ans.Waiver = nil // a waiver only covers a shortfall
			}
		}
		if f.Changed("note") {
			ans.Note = fl.note
		}
		for _, e := range fl.removeEvidence {
			i := slices.Index(ans.Evidence, e)
			if i < 0 {
				return fmt.Errorf("the item has no evidence link %q", e)
			}
			ans.Evidence = slices.Delete(ans.Evidence, i, i+1)
		}
		for _, e := range fl.evidence {
			if !slices.Contains(ans.Evidence, e) {
				ans.Evidence = append(ans.Evidence, e)
			}
		}
		for _, n := range fl.done {
			if err := checkAction(ans, n); err != nil {
				return err
			}
			ans.Actions[n-1].Done = true
		}
		for _, n := range fl.undone {
			if err := checkAction(ans, n); err != nil {
				return err
			}
			ans.Actions[n-1].Done = false
		}
		// Remove from the highest number down, so numbers keep meaning
		// what prr show printed.
		remove := slices.Clone(fl.removeAction)
		slices.Sort(remove)
		slices.Reverse(remove)
		for _, n := range slices.Compact(remove) {
			if err := checkAction(ans, n); err != nil {
				return err
			}
			ans.Actions = slices.Delete(ans.Actions, n-1, n)
		}
		if newAction != nil {
			ans.Actions = append(ans.Actions, *newAction)
		}
		if fl.clearWaiver {
			ans.Waiver = nil
		}
		if waiver != nil {
			ans.Waiver = waiver
		}
		return nil
	}, nil
}

func checkAction(ans *review.Answer, n int) error {
	if n < 1 || n > len(ans.Actions) {
		return fmt.Errorf("the item has %d action item(s); there is no number %d", len(ans.Actions), n)
	}
	return nil
}
