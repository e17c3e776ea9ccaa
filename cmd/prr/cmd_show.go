package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// showJSON is what "prr show --json" prints: the whole review plus
// everything derived from it, so scripts never recompute rules.
type showJSON struct {
	Review     *review.Review       `json:"review"`
	Assessment review.Assessment    `json:"assessment"`
	SignOff    review.SignOffStatus `json:"signoff"`
	History    []review.Event       `json:"history,omitempty"`
}

func newShowCmd(a *app) *cobra.Command {
	var asJSON, history bool
	cmd := &cobra.Command{
		Use:   "show REVIEW",
		Short: "Show a review: verdict, sections, answers and sign-offs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, hist, err := a.getReviewWith(args[0], history)
			if err != nil {
				return err
			}
			as := review.Assess(r, a.now())
			st := review.SignOffState(r)
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, showJSON{Review: r, Assessment: as, SignOff: st, History: hist})
			}
			printReview(out, r, as, st)
			if history {
				printHistory(out, hist)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the review, its assessment and sign-off state)")
	cmd.Flags().BoolVar(&history, "history", false, "include the audit history")
	return cmd
}

// statusMark is a status as a short text badge that reads without colour:
// "[pass]", "[FAIL]" (a failure stands out), "[ ]" while unanswered, padded
// so that the item ids line up.
func statusMark(s review.Status) string {
	l := s.Label()
	switch s {
	case review.Fail:
		l = strings.ToUpper(l)
	case review.Unanswered, "":
		l = " "
	}
	return fmt.Sprintf("%-9s", "["+textsafe.Line(l)+"]")
}

func printReview(w io.Writer, r *review.Review, as review.Assessment, st review.SignOffStatus) {
	L := textsafe.Line
	fmt.Fprintf(w, "%s — %s (%s v%d)\n", L(r.Service), L(r.Template.Title), r.Template.ID, r.Template.Version)
	meta := []string{"id " + r.ID}
	if r.Team != "" {
		meta = append(meta, "team "+L(r.Team))
	}
	if r.Owner != "" {
		meta = append(meta, "owner "+L(r.Owner))
	}
	meta = append(meta, "created "+r.CreatedAt.Local().Format("2006-01-02"), "updated "+r.UpdatedAt.Local().Format("2006-01-02 15:04"))
	fmt.Fprintln(w, strings.Join(meta, " · "))
	if len(r.Participants) > 0 {
		ps := make([]string, len(r.Participants))
		for i, p := range r.Participants {
			ps[i] = L(p.Name)
			if p.Role != "" {
				ps[i] += " (" + L(p.Role) + ")"
			}
		}
		fmt.Fprintf(w, "participants: %s\n", strings.Join(ps, ", "))
	}
	fmt.Fprintf(w, "\nverdict: %s · score %s · answered %d/%d · level %s · state %s\n",
		L(strings.ToUpper(as.Verdict.Label())), review.PercentText(as.Score), as.Answered, as.Total, review.LevelLabel(as.Level), L(st.State.Label()))
	for _, reason := range append(append([]string{}, as.Reasons...), st.Reasons...) {
		fmt.Fprintf(w, "  - %s\n", reason)
	}
	if len(as.Blocking) > 0 {
		fmt.Fprintln(w, "\nblocking:")
		for _, f := range as.Blocking {
			fmt.Fprintf(w, "  - %s: %s (%s)\n", f.ItemID, L(f.Title), f.Reason)
		}
	}
	if len(as.OpenActions) > 0 {
		fmt.Fprintln(w, "\nopen action items:")
		for _, oa := range as.OpenActions {
			fmt.Fprintf(w, "  - %s: %s", oa.ItemID, L(oa.Action.Text))
			if oa.Action.Owner != "" {
				fmt.Fprintf(w, " · owner %s", L(oa.Action.Owner))
			}
			if oa.Action.Due != "" {
				fmt.Fprintf(w, " · due %s", oa.Action.Due)
				if oa.Overdue {
					fmt.Fprint(w, " (OVERDUE)")
				}
			}
			fmt.Fprintln(w)
		}
	}
	for _, s := range r.Template.Sections {
		var sc review.SectionScore
		for _, x := range as.Sections {
			if x.ID == s.ID {
				sc = x
			}
		}
		fmt.Fprintf(w, "\n## %s  %d/%d answered · %s\n", L(s.Title), sc.Answered, sc.Total, review.PercentText(sc.Percent()))
		for _, it := range s.Items {
			ans := r.Answer(it.ID)
			req := ""
			if it.Required {
				req = " (required)"
			}
			fmt.Fprintf(w, "  %s %s — %s%s\n", statusMark(ans.Status), it.ID, L(it.Title), req)
			if ans.Note != "" {
				for _, line := range strings.Split(textsafe.Block(ans.Note), "\n") {
					fmt.Fprintf(w, "              %s\n", line)
				}
			}
			for _, e := range ans.Evidence {
				fmt.Fprintf(w, "              evidence: %s\n", L(e))
			}
			for n, ac := range ans.Actions {
				done := "[ ]"
				if ac.Done {
					done = "[x]"
				}
				fmt.Fprintf(w, "              action %d %s %s", n+1, done, L(ac.Text))
				if ac.Owner != "" {
					fmt.Fprintf(w, " · owner %s", L(ac.Owner))
				}
				if ac.Due != "" {
					fmt.Fprintf(w, " · due %s", ac.Due)
				}
				fmt.Fprintln(w)
			}
			if ans.Waiver != nil {
				fmt.Fprintf(w, "              waived until %s by %s: %s\n", ans.Waiver.Expires, L(ans.Waiver.AcceptedBy), L(ans.Waiver.Reason))
			}
		}
	}
	if len(r.SignOffs) > 0 {
		fmt.Fprintln(w, "\nsign-offs:")
		for _, so := range r.SignOffs {
			mark := "current"
			if so.Stale(st.Hash) {
				mark = "STALE"
			}
			fmt.Fprintf(w, "  - %s (%s): %s on %s · %s", L(so.Name), L(so.Role), L(so.Decision.Label()), so.At.Local().Format("2006-01-02 15:04"), mark)
			if so.Comment != "" {
				fmt.Fprintf(w, " · %s", L(so.Comment))
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\ncontent hash: %s\n", st.Hash)
}

func printHistory(w io.Writer, evs []review.Event) {
	fmt.Fprintln(w, "\nhistory:")
	for _, e := range evs {
		what := e.Field
		if e.Item != "" {
			what = e.Item + " " + e.Field
		}
		fmt.Fprintf(w, "  %s %s %s: %q → %q\n", e.At.Local().Format("2006-01-02 15:04:05"), textsafe.Line(e.Actor), what, textsafe.Line(e.Old), textsafe.Line(e.New))
	}
}
