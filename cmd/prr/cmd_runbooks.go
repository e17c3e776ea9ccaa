package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

func newRunbooksCmd(a *app) *cobra.Command {
	var importFile string
	var set, remove []string
	var asJSON, yes bool
	cmd := &cobra.Command{
		Use:   "runbooks REVIEW [--import FILE] [--set ALERT[=URL]]... [--remove ALERT]...",
		Short: "Show or fill in the service's alerts and their runbooks, and the coverage",
		Long: "Lists the service's alerts with their runbook links, and the share that has one. " +
			"--import reads alert names from a Prometheus rules file (groups, rules, alert; an " +
			"annotations.runbook_url is taken as the runbook) or from a plain list, one alert a line, " +
			"optionally followed by its runbook link.",
		Example: `  prr runbooks k3x9 --import alerts.rules.yaml
  prr runbooks k3x9 --set HighErrorRate=https://runbooks.example/high-error-rate --remove OldAlert
  prr runbooks k3x9 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var alerts []review.AlertRunbook
			if importFile != "" {
				data, err := readAlertsFile(cmd.InOrStdin(), importFile)
				if err != nil {
					return err
				}
				if alerts, err = review.ParseAlerts(data); err != nil {
					return fmt.Errorf("%s: %w", textsafe.Line(importFile), err)
				}
			}
			for _, s := range set {
				name, link, _ := strings.Cut(s, "=")
				alerts = append(alerts, review.AlertRunbook{Alert: name, Runbook: link})
			}
			var change func(r *review.Review) error
			if len(alerts)+len(remove) > 0 {
				change = func(r *review.Review) error {
					for _, al := range alerts {
						if err := r.SetAlert(al); err != nil {
							return err
						}
					}
					for _, n := range remove {
						if err := r.RemoveAlert(n); err != nil {
							return err
						}
					}
					return nil
				}
			}
			r, err := a.showOrChange(cmd, args[0], yes, change)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), runbooksJSONOf(r, a.now()))
			}
			printRunbooks(cmd.OutOrStdout(), r, a.now())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&importFile, "import", "", "read alerts from a Prometheus rules file or a plain list (- reads standard input: paste a list)")
	f.StringArrayVar(&set, "set", nil, "add an alert, or set its runbook: ALERT or ALERT=URL (repeatable)")
	f.StringArrayVar(&remove, "remove", nil, "remove an alert (repeatable)")
	f.BoolVar(&asJSON, "json", false, "print the alerts, the coverage and the alerts without a runbook as JSON")
	f.BoolVarP(&yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

type runbooksJSON struct {
	Review      string                `json:"review"`
	Alerts      []review.AlertRunbook `json:"alerts"`
	Covered     int                   `json:"covered"`
	Total       int                   `json:"total"`
	Coverage    float64               `json:"coverage_percent"`
	Uncovered   []string              `json:"without_runbook"`
	Suggestions []suggestionJSON      `json:"suggestions"`
}

func runbooksJSONOf(r *review.Review, asOf time.Time) runbooksJSON {
	c := review.Coverage(r)
	alerts := r.Alerts()
	if alerts == nil {
		alerts = []review.AlertRunbook{}
	}
	return runbooksJSON{Review: r.ID, Alerts: alerts, Covered: c.Covered, Total: c.Alerts, Coverage: c.Percent(),
		Uncovered: nonNilStrings(c.Uncovered), Suggestions: suggestionsOf(r, review.AssessRunbooks, asOf)}
}

func printRunbooks(w io.Writer, r *review.Review, asOf time.Time) {
	L := textsafe.Line
	c := review.Coverage(r)
	fmt.Fprintf(w, "Runbooks of %s (%s): %d of %d alerts have one (%.0f%%)\n", L(r.Service), r.ID, c.Covered, c.Alerts, c.Percent())
	for _, al := range r.Alerts() {
		link := al.Runbook
		if link == "" {
			link = "NO RUNBOOK"
		}
		fmt.Fprintf(w, "  %s  %s\n", L(al.Alert), L(link))
	}
	printSuggestions(w, suggestionsOf(r, review.AssessRunbooks, asOf))
}

// readAlertsFile reads the file to import, or standard input for "-", at
// most review.MaxAlertsFile bytes.
func readAlertsFile(stdin io.Reader, name string) ([]byte, error) {
	if name != "-" {
		return userfile.Read(name, review.MaxAlertsFile)
	}
	data, err := io.ReadAll(io.LimitReader(stdin, review.MaxAlertsFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > review.MaxAlertsFile {
		return nil, fmt.Errorf("standard input is larger than %s", userfile.Size(review.MaxAlertsFile))
	}
	return data, nil
}
