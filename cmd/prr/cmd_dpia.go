package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

func newDPIACmd(a *app) *cobra.Command {
	var personal, document string
	var set, notes []string
	var asJSON, yes bool
	ids := make([]string, len(review.DPIACriteria))
	for i, c := range review.DPIACriteria {
		ids[i] = c.ID
	}
	cmd := &cobra.Command{
		Use:   "dpia REVIEW [--personal-data yes|no] [--set CRITERION=yes|no]... [--note CRITERION=TEXT]... [--document URL]",
		Short: "Show or fill in the DPIA screening: does the service need a data protection impact assessment?",
		Long: "The screening asks whether the service processes personal data and, if it does, which of " +
			"the nine criteria of the EDPB-endorsed guidelines (WP248 rev.01) it meets. Two or more: a DPIA " +
			"is in most cases required, and its document is the evidence. The criteria: " + strings.Join(ids, ", ") + ".",
		Example: `  prr dpia k3x9 --personal-data yes --set sensitive-data=yes --set large-scale=yes
  prr dpia k3x9 --note large-scale="all Norwegian citizens" --document https://wiki.example/dpia
  prr dpia k3x9 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			type crit struct {
				id, note string
				met      *bool
			}
			var crits []crit
			for _, s := range set {
				id, v, ok := strings.Cut(s, "=")
				yes, err := parseYesNo(v)
				if !ok || err != nil {
					return usageErr("--set %q: write it as CRITERION=yes or CRITERION=no", textsafe.Line(s))
				}
				crits = append(crits, crit{id: strings.TrimSpace(id), met: &yes})
			}
			for _, s := range notes {
				id, text, ok := strings.Cut(s, "=")
				if !ok {
					return usageErr("--note %q: write it as CRITERION=TEXT", textsafe.Line(s))
				}
				crits = append(crits, crit{id: strings.TrimSpace(id), note: text})
			}
			var pd *bool
			if cmd.Flags().Changed("personal-data") {
				v, err := parseYesNo(personal)
				if err != nil {
					return usageErr("--personal-data: %v", err)
				}
				pd = &v
			}
			var change func(r *review.Review) error
			if pd != nil || len(crits) > 0 || cmd.Flags().Changed("document") {
				change = func(r *review.Review) error {
					if pd != nil {
						r.SetPersonalData(*pd)
					}
					for _, c := range crits {
						met := c.met
						if met == nil { // a note alone keeps the answer given
							old, ok := r.DPIA().Criterion(c.id)
							if !ok {
								return fmt.Errorf("--note %s: answer the criterion first with --set %s=yes|no", c.id, c.id)
							}
							met = &old.Met
						}
						if err := r.SetDPIACriterion(c.id, *met, c.note); err != nil {
							return err
						}
					}
					if cmd.Flags().Changed("document") {
						return r.SetDPIADocument(document)
					}
					return nil
				}
			}
			r, err := a.showOrChange(cmd, args[0], yes, change)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), dpiaJSONOf(r, a.now()))
			}
			printDPIA(cmd.OutOrStdout(), r, a.now())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&personal, "personal-data", "", "does the service process personal data: yes or no")
	f.StringArrayVar(&set, "set", nil, "answer a criterion: CRITERION=yes|no (repeatable)")
	f.StringArrayVar(&notes, "note", nil, "say why for a criterion: CRITERION=TEXT (repeatable)")
	f.StringVar(&document, "document", "", "link to the DPIA, when one is required")
	f.BoolVar(&asJSON, "json", false, `print the screening as JSON, with "required": true|false`)
	f.BoolVarP(&yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true":
		return true, nil
	case "no", "n", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", textsafe.Line(s))
}

type dpiaJSON struct {
	Review       string              `json:"review"`
	PersonalData *bool               `json:"personal_data"`
	Result       review.DPIAResult   `json:"result"`
	Required     bool                `json:"required"`
	Criteria     []dpiaCriterionJSON `json:"criteria"`
	Met          int                 `json:"criteria_met"`
	Document     string              `json:"document,omitempty"`
	Source       string              `json:"source"`
	Suggestions  []suggestionJSON    `json:"suggestions"`
}

type dpiaCriterionJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Answered bool   `json:"answered"`
	Met      bool   `json:"met"`
	Note     string `json:"note,omitempty"`
}

func dpiaJSONOf(r *review.Review, asOf time.Time) dpiaJSON {
	d := r.DPIA()
	out := dpiaJSON{Review: r.ID, PersonalData: d.PersonalData, Result: d.Result(), Required: d.Result() == review.DPIARequired,
		Met: len(d.Met()), Document: d.Document, Source: review.DPIASource, Suggestions: suggestionsOf(r, review.AssessDPIA, asOf)}
	for _, info := range review.DPIACriteria {
		c, ok := d.Criterion(info.ID)
		out.Criteria = append(out.Criteria, dpiaCriterionJSON{ID: info.ID, Title: info.Title, Answered: ok, Met: c.Met, Note: c.Note})
	}
	return out
}

func printDPIA(w io.Writer, r *review.Review, asOf time.Time) {
	L := textsafe.Line
	d := r.DPIA()
	fmt.Fprintf(w, "DPIA screening of %s (%s): %s\n", L(r.Service), r.ID, d.Result().Label())
	switch {
	case d.PersonalData == nil:
		fmt.Fprintln(w, "  Personal data: not answered (--personal-data yes|no)")
	case !*d.PersonalData:
		fmt.Fprintln(w, "  Personal data: no")
	default:
		fmt.Fprintln(w, "  Personal data: yes")
		for _, info := range review.DPIACriteria {
			c, ok := d.Criterion(info.ID)
			mark := "[ ?  ]"
			if ok {
				mark = map[bool]string{true: "[yes ]", false: "[ no ]"}[c.Met]
			}
			line := fmt.Sprintf("  %s %-22s %s", mark, info.ID, info.Title)
			if c.Note != "" {
				line += " — " + L(c.Note)
			}
			fmt.Fprintln(w, line)
		}
	}
	if d.Document != "" {
		fmt.Fprintln(w, "  Document: "+L(d.Document))
	}
	fmt.Fprintln(w, "  Criteria: "+review.DPIASource)
	printSuggestions(w, suggestionsOf(r, review.AssessDPIA, asOf))
}
