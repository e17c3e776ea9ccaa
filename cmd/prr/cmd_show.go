package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

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
	Renewal    review.Renewal       `json:"renewal"`
	History    []review.Event       `json:"history,omitempty"`
	// Signatures says what each sign-off's signature proves, in the
	// order of review.signoffs.
	Signatures []review.SignatureCheck `json:"signatures"`
	// Chain is the state of the history chain (with --history).
	Chain string `json:"chain,omitempty"`
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
			now := a.now()
			as := review.Assess(r, now)
			st := review.SignOffState(r)
			allowed, err := a.allowedSigners()
			if err != nil {
				return err
			}
			sigs := make([]review.SignatureCheck, len(r.SignOffs))
			for i, so := range r.SignOffs {
				sigs[i] = review.CheckSignature(r, so, allowed)
			}
			chain := ""
			if history {
				chain = "history: " + r.ChainStart.Describe()
				if err := review.CheckIntegrity(r, hist); err != nil {
					chain = "history: BROKEN: " + err.Error()
				}
			}
			rn := review.RenewalOf(r, a.cfg.ValidFor, now)
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, showJSON{Review: r, Assessment: as, SignOff: st, Renewal: rn, History: hist, Signatures: sigs, Chain: chain})
			}
			printReview(out, r, as, st, sigs, rn, now)
			if history {
				printHistory(out, hist, chain, now.Location())
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

func printReview(w io.Writer, r *review.Review, as review.Assessment, st review.SignOffStatus, sigs []review.SignatureCheck, rn review.Renewal, now time.Time) {
	L := textsafe.Line
	loc := now.Location()
	fmt.Fprintf(w, "%s — %s (%s v%d)\n", L(r.Service), L(r.Template.Title), r.Template.ID, r.Template.Version)
	meta := []string{"id " + r.ID}
	if r.Team != "" {
		meta = append(meta, "team "+L(r.Team))
	}
	if r.Owner != "" {
		meta = append(meta, "owner "+L(r.Owner))
	}
	meta = append(meta, "created "+r.CreatedAt.In(loc).Format("2006-01-02"), "updated "+r.UpdatedAt.In(loc).Format("2006-01-02 15:04"))
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
	printMeeting(w, r)
	if r.Origin != nil {
		fmt.Fprintln(w, originLine(r))
	}
	state := L(st.State.Label())
	if rn.Expired {
		state = "EXPIRED"
	}
	fmt.Fprintf(w, "\nstanding: %s · verdict %s · score %s · answered %d/%d · level %s · state %s\n",
		L(shout(as.Standing)), L(as.Verdict.Label()), review.PercentText(as.Score), as.Answered, as.Total, review.LevelLabel(as.Level), state)
	for _, reason := range append(append([]string{}, as.Reasons...), st.Reasons...) {
		fmt.Fprintf(w, "  - %s\n", reason)
	}
	if line := renewalLine(r, rn); line != "" {
		fmt.Fprintln(w, line)
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
	if len(as.Parked) > 0 {
		fmt.Fprintln(w, "\nparking lot:")
		for _, f := range as.Parked {
			fmt.Fprintf(w, "  - %s: %s", f.ItemID, L(f.Title))
			if f.Parked.Note != "" {
				fmt.Fprintf(w, " — %s", L(f.Parked.Note))
			}
			if f.Required {
				fmt.Fprint(w, " (required)")
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
		fmt.Fprintf(w, "\n## %s  %d/%d answered · %s%s\n", L(s.Title), sc.Answered, sc.Total, review.PercentText(sc.Percent()), sectionTime(r, &s))
		for _, it := range s.Items {
			ans := r.Answer(it.ID)
			req := ""
			if it.Required {
				req = " (required)"
			}
			fmt.Fprintf(w, "  %s %s — %s%s%s\n", statusMark(ans.Status), it.ID, L(it.Title), req, itemFlags(r, it.ID, ans))
			if p, ok := r.IsParked(it.ID); ok {
				fmt.Fprintf(w, "              parked: %s\n", L(cmp.Or(p.Note, "(no note)")))
			}
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
				fmt.Fprintf(w, "              waived until %s by %s: %s", ans.Waiver.Expires, L(ans.Waiver.AcceptedBy), L(ans.Waiver.Reason))
				if !review.WaiverActive(ans.Waiver, now) {
					fmt.Fprint(w, " (EXPIRED: the item counts as failing again)")
				}
				fmt.Fprintln(w)
			}
		}
	}
	if r.Origin != nil && len(r.Origin.Template.Removed) > 0 {
		fmt.Fprintln(w, "\nremoved from the checklist since the answers were given:")
		for _, rm := range r.Origin.Template.Removed {
			fmt.Fprintf(w, "  %s %s — %s\n", statusMark(rm.Status), rm.Item, L(rm.Title))
		}
	}
	if len(r.SignOffs) > 0 {
		fmt.Fprintln(w, "\nsign-offs:")
		for i, so := range r.SignOffs {
			mark := "current"
			if so.Stale(st.Hash) {
				mark = "STALE"
			}
			fmt.Fprintf(w, "  - %s (%s): %s on %s · %s", L(so.Name), L(so.Role), L(so.Decision.Label()), so.At.In(loc).Format("2006-01-02 15:04"), mark)
			if so.Comment != "" {
				fmt.Fprintf(w, " · %s", L(so.Comment))
			}
			fmt.Fprintln(w)
			fmt.Fprintf(w, "      signature: %s\n", L(sigs[i].Describe()))
		}
	}
	fmt.Fprintf(w, "\ncontent hash: %s\n", st.Hash)
}

// originLine says where a review's answers came from.
func originLine(r *review.Review) string {
	o := r.Origin
	line := "moved to a newer checklist"
	if o.From != "" {
		line = "carried over from review " + o.From
	}
	ch := o.Template
	if ch.Empty() && ch.FromVersion == ch.ToVersion {
		return line + "; the same checklist"
	}
	return line + fmt.Sprintf("; checklist v%d → v%d: %d new, %d changed, %d removed item(s)", ch.FromVersion, ch.ToVersion, len(ch.New), len(ch.Changed), len(ch.Removed))
}

// renewalLine says until when a signed-off review is valid, or since when
// it has expired; nothing for a review without a limit.
func renewalLine(r *review.Review, rn review.Renewal) string {
	switch {
	case rn.Expired:
		return fmt.Sprintf("renewal: EXPIRED on %s: it was valid until %s (%s from the sign-off on %s); start the next review with prr new --from %s",
			rn.ValidUntil.AddDays(1), rn.ValidUntil, rn.ValidFor, rn.Signed, r.ID)
	case rn.ValidUntil != "":
		return fmt.Sprintf("renewal: valid until %s (%s from the sign-off on %s)", rn.ValidUntil, rn.ValidFor, rn.Signed)
	}
	return ""
}

// itemFlags marks an item in prr show: an answer still to confirm, an item
// new in the checklist, or one whose bar changed.
func itemFlags(r *review.Review, item string, a review.Answer) string {
	var flags []string
	if a.ToConfirm {
		flags = append(flags, "to confirm")
	}
	if r.Origin != nil {
		if r.Origin.Template.IsNew(item) {
			flags = append(flags, "new")
		}
		if what := r.Origin.Template.ChangedIn(item); len(what) > 0 {
			flags = append(flags, "changed: "+strings.Join(what, ", "))
		}
	}
	if len(flags) == 0 {
		return ""
	}
	return " [" + strings.Join(flags, "; ") + "]"
}

// shout is a standing with its kind in capitals: "IN PROGRESS — 12
// required left".
func shout(s review.Standing) string {
	k := s.Kind.Label()
	return strings.Replace(s.Label(), k, strings.ToUpper(k), 1)
}

// sectionTime is the time spent on a section, and its timebox: " · 12m
// of 10m, over"; nothing if neither.
func sectionTime(r *review.Review, s *review.Section) string {
	spent := r.Meeting.SectionTime(s.ID)
	switch {
	case s.Timebox > 0 && r.Meeting.Over(s):
		return fmt.Sprintf(" · %s of %dm, over", review.FormatDuration(spent), s.Timebox)
	case s.Timebox > 0:
		return fmt.Sprintf(" · %s of %dm", review.FormatDuration(spent), s.Timebox)
	case spent > 0:
		return " · " + review.FormatDuration(spent)
	}
	return ""
}

// printMeeting prints the roll call, the sittings and the time, when the
// review has any of them.
func printMeeting(w io.Writer, r *review.Review) {
	L := textsafe.Line
	m := &r.Meeting
	var present, absent []string
	for _, p := range r.People() {
		if !p.Marked {
			continue
		}
		who := L(p.Name)
		if p.Role != "" {
			who += " (" + L(p.Role) + ")"
		}
		if p.Present {
			present = append(present, who)
		} else {
			absent = append(absent, who)
		}
	}
	var parts []string
	if len(present) > 0 {
		parts = append(parts, "present "+strings.Join(present, ", "))
	}
	if len(absent) > 0 {
		parts = append(parts, "absent "+strings.Join(absent, ", "))
	}
	if m.Facilitator != "" {
		parts = append(parts, "facilitator "+L(m.Facilitator))
	}
	if m.Scribe != "" {
		parts = append(parts, "scribe "+L(m.Scribe))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "roll call: %s\n", strings.Join(parts, " · "))
	}
	if len(m.Sittings) == 0 {
		return
	}
	var sits []string
	for _, s := range m.Sittings {
		text := s.Start.Local().Format("2006-01-02 15:04") + " for " + review.FormatDuration(s.Duration())
		if len(s.Present) > 0 {
			names := make([]string, len(s.Present))
			for i, n := range s.Present {
				names[i] = L(n)
			}
			text += " (" + strings.Join(names, ", ") + ")"
		}
		sits = append(sits, text)
	}
	fmt.Fprintf(w, "sittings: %s; %s in all\n", strings.Join(sits, "; "), review.FormatDuration(m.MeetingTime()))
}

func printHistory(w io.Writer, evs []review.Event, chain string, loc *time.Location) {
	fmt.Fprintf(w, "\n%s\n", textsafe.Line(chain))
	for _, e := range evs {
		what := e.Field
		if e.Item != "" {
			what = e.Item + " " + e.Field
		}
		fmt.Fprintf(w, "  %s %s %s: %q → %q\n", e.At.In(loc).Format("2006-01-02 15:04:05"), textsafe.Line(e.Actor), what, textsafe.Line(e.Old), textsafe.Line(e.New))
	}
}
