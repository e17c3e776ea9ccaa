package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

type risksFlags struct {
	add, set, remove                       string
	cause, vulnerable, measure, newMeasure string
	owner, due                             string
	p, c, rp, rc                           int
	acceptReason, acceptBy, acceptUntil    string
	clearAcceptance, asJSON, yes           bool
}

func newRisksCmd(a *app) *cobra.Command {
	var fl risksFlags
	cmd := &cobra.Command{
		Use:   "risks REVIEW [--add TITLE --probability N --consequence N | --set ID | --remove ID] [details...]",
		Short: "Show or change the risk register (ROS): scenarios scored by probability and consequence",
		Long: "The risk register lists what could hurt the service, each scenario scored 1 to 5 for " +
			"probability (1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain) and consequence " +
			"(1 insignificant, 2 minor, 3 moderate, 4 major, 5 critical). prr computes each risk " +
			"(probability × consequence), its level, and the residual risk after the new measures; " +
			"a high residual risk counts as accepted only with an acceptance in force.",
		Example: `  prr risks k3x9 --add "Database lost" --probability 2 --consequence 5 --cause "disk failure" --measure "nightly backups"
  prr risks k3x9 --set r1 --new-measure "Test a restore" --owner Ola --due +30d --residual-probability 1
  prr risks k3x9 --set r1 --accept-reason "restore tested quarterly" --accept-by CTO --accept-until 2027-06-30
  prr risks k3x9 --remove r3
  prr risks k3x9 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			change, err := fl.change(cmd, a)
			if err != nil {
				return err
			}
			r, err := a.showOrChange(cmd, args[0], fl.yes, change)
			if err != nil {
				return err
			}
			if fl.asJSON {
				return writeJSON(cmd.OutOrStdout(), risksJSONOf(r, a.now()))
			}
			printRisks(cmd.OutOrStdout(), r, a.now())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.add, "add", "", "add a scenario with this title (needs --probability and --consequence)")
	f.StringVar(&fl.set, "set", "", "change scenario ID (r1, r2, ...) with the flags given")
	f.StringVar(&fl.remove, "remove", "", "remove scenario ID")
	f.StringVar(&fl.cause, "cause", "", "the cause or threat")
	f.StringVar(&fl.vulnerable, "vulnerable", "", "what is vulnerable")
	f.StringVar(&fl.measure, "measure", "", "the measures already in place (replaces the text)")
	f.StringVar(&fl.newMeasure, "new-measure", "", "add a new measure as an action item (with --owner, --due)")
	f.StringVar(&fl.owner, "owner", "", "owner of the --new-measure")
	f.StringVar(&fl.due, "due", "", "due date of the --new-measure: YYYY-MM-DD or +30d")
	f.IntVar(&fl.p, "probability", 0, "probability, 1 (rare) to 5 (almost certain)")
	f.IntVar(&fl.c, "consequence", 0, "consequence, 1 (insignificant) to 5 (critical)")
	f.IntVar(&fl.rp, "residual-probability", 0, "probability once the new measures are in place (0: unchanged)")
	f.IntVar(&fl.rc, "residual-consequence", 0, "consequence once the new measures are in place (0: unchanged)")
	f.StringVar(&fl.acceptReason, "accept-reason", "", "accept the residual risk: why")
	f.StringVar(&fl.acceptBy, "accept-by", "", "who accepts the residual risk")
	f.StringVar(&fl.acceptUntil, "accept-until", "", "when the acceptance expires: YYYY-MM-DD or +90d")
	f.BoolVar(&fl.clearAcceptance, "clear-acceptance", false, "withdraw the scenario's acceptance")
	f.BoolVar(&fl.asJSON, "json", false, "print the scenarios with their computed risks and levels as JSON")
	f.BoolVarP(&fl.yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

// change checks the flags and returns the change to make, nil for none.
func (fl *risksFlags) change(cmd *cobra.Command, a *app) (func(r *review.Review) error, error) {
	f := cmd.Flags()
	modes := 0
	for _, s := range []string{fl.add, fl.set, fl.remove} {
		if s != "" {
			modes++
		}
	}
	details := false
	for _, n := range []string{"cause", "vulnerable", "measure", "new-measure", "owner", "due", "probability", "consequence",
		"residual-probability", "residual-consequence", "accept-reason", "accept-by", "accept-until", "clear-acceptance"} {
		details = details || f.Changed(n)
	}
	switch {
	case modes > 1:
		return nil, usageErr("give one of --add, --set and --remove at a time")
	case modes == 0 && details:
		return nil, usageErr("say which scenario: --add TITLE for a new one, --set ID to change one")
	case modes == 0:
		return nil, nil
	case fl.remove != "":
		id := fl.remove
		return func(r *review.Review) error { return r.RemoveRisk(id) }, nil
	case fl.add != "" && (!f.Changed("probability") || !f.Changed("consequence")):
		return nil, usageErr("--add needs --probability and --consequence (1 to 5)")
	}
	var due review.Date
	if fl.newMeasure == "" && (fl.owner != "" || fl.due != "") {
		return nil, usageErr("--owner and --due belong to a --new-measure; give its text")
	}
	if fl.due != "" {
		d, err := review.ParseDate(fl.due, a.now())
		if err != nil {
			return nil, usageErr("--due: %v", err)
		}
		due = d
	}
	var acceptance *review.Waiver
	if fl.acceptReason != "" || fl.acceptBy != "" || fl.acceptUntil != "" {
		until, err := review.ParseDate(fl.acceptUntil, a.now())
		if err != nil {
			return nil, usageErr("--accept-until: %v", err)
		}
		acceptance = &review.Waiver{Reason: fl.acceptReason, AcceptedBy: fl.acceptBy, Expires: until}
		if err := acceptance.Validate(); err != nil {
			return nil, usageErr("the acceptance: %v", err)
		}
	}
	edit := func(s *review.RiskScenario) error {
		set := func(name string, dst *string, v string) {
			if f.Changed(name) {
				*dst = v
			}
		}
		set("cause", &s.Cause, fl.cause)
		set("vulnerable", &s.Vulnerable, fl.vulnerable)
		set("measure", &s.Measures, fl.measure)
		for _, n := range []struct {
			name string
			dst  *int
			v    int
		}{{"probability", &s.Probability, fl.p}, {"consequence", &s.Consequence, fl.c},
			{"residual-probability", &s.ResidualProbability, fl.rp}, {"residual-consequence", &s.ResidualConsequence, fl.rc}} {
			if f.Changed(n.name) {
				*n.dst = n.v
			}
		}
		if fl.newMeasure != "" {
			s.NewMeasures = append(s.NewMeasures, review.Action{Text: fl.newMeasure, Owner: fl.owner, Due: due})
		}
		if fl.clearAcceptance {
			s.Acceptance = nil
		}
		if acceptance != nil {
			w := *acceptance
			s.Acceptance = &w
		}
		return nil
	}
	if fl.add != "" {
		title := fl.add
		return func(r *review.Review) error {
			s := review.RiskScenario{Title: title}
			if err := edit(&s); err != nil {
				return err
			}
			_, err := r.AddRisk(s)
			return err
		}, nil
	}
	id := fl.set
	return func(r *review.Review) error { return r.UpdateRisk(id, edit) }, nil
}

// showOrChange reads the review, or changes it when change is not nil.
func (a *app) showOrChange(cmd *cobra.Command, idOrPrefix string, yes bool, change func(r *review.Review) error) (*review.Review, error) {
	s, err := a.openStore(change == nil)
	if err != nil {
		return nil, err
	}
	if change == nil {
		return s.Get(idOrPrefix)
	}
	return a.editReview(cmd.Context(), s, idOrPrefix, yes, change)
}

// risksJSON is what "prr risks --json" prints.
type risksJSON struct {
	Review          string           `json:"review"`
	MediumFrom      int              `json:"medium_from"`
	HighFrom        int              `json:"high_from"`
	Scenarios       []riskJSON       `json:"scenarios"`
	HighestResidual int              `json:"highest_residual_risk"`
	Unaccepted      []string         `json:"unaccepted_high_risks"`
	Suggestions     []suggestionJSON `json:"suggestions"`
}

type riskJSON struct {
	review.RiskScenario
	Risk          int              `json:"risk"`
	Level         review.RiskLevel `json:"level"`
	ResidualRisk  int              `json:"residual_risk"`
	ResidualLevel review.RiskLevel `json:"residual_level"`
	Accepted      bool             `json:"accepted"`
}

func risksJSONOf(r *review.Review, asOf time.Time) risksJSON {
	rep := review.Risks(r, asOf)
	med, high := r.Template.RiskThresholds()
	out := risksJSON{Review: r.ID, MediumFrom: med, HighFrom: high, Scenarios: []riskJSON{}, Unaccepted: []string{},
		Suggestions: suggestionsOf(r, review.AssessRisks, asOf)}
	for _, s := range r.RiskScenarios() {
		out.Scenarios = append(out.Scenarios, riskJSON{RiskScenario: s, Risk: s.Risk(), Level: r.Template.RiskLevelOf(s.Risk()),
			ResidualRisk: s.ResidualRisk(), ResidualLevel: r.Template.RiskLevelOf(s.ResidualRisk()), Accepted: s.Accepted(asOf)})
	}
	if rep.Highest != nil {
		out.HighestResidual = rep.Highest.ResidualRisk()
	}
	for _, s := range rep.Unaccepted {
		out.Unaccepted = append(out.Unaccepted, s.ID)
	}
	return out
}

func printRisks(w io.Writer, r *review.Review, asOf time.Time) {
	L := textsafe.Line
	med, high := r.Template.RiskThresholds()
	fmt.Fprintf(w, "Risk register of %s (%s) · medium from %d, high from %d\n", L(r.Service), r.ID, med, high)
	ss := review.RisksByResidual(r)
	if len(ss) == 0 {
		fmt.Fprintln(w, "No scenarios yet; add one with --add TITLE --probability N --consequence N.")
		return
	}
	for _, s := range ss {
		p, c := s.Residual()
		lv := r.Template.RiskLevelOf(s.ResidualRisk())
		acc := ""
		switch {
		case s.Accepted(asOf):
			acc = " · accepted by " + L(s.Acceptance.AcceptedBy) + " until " + string(s.Acceptance.Expires)
		case lv == review.RiskHigh:
			acc = " · NOT ACCEPTED"
		}
		fmt.Fprintf(w, "  %-4s %-6s %2d→%2d  %s (p%d×c%d → p%d×c%d)%s\n", s.ID, lv, s.Risk(), s.ResidualRisk(), L(s.Title), s.Probability, s.Consequence, p, c, acc)
		for _, m := range s.NewMeasures {
			fmt.Fprintf(w, "         new measure: %s\n", L(m.Text))
		}
	}
	printSuggestions(w, suggestionsOf(r, review.AssessRisks, asOf))
}
