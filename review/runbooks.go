package review

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// RunbookList is the service's alerts, each with the runbook the person
// paged should open.
type RunbookList struct {
	Alerts []AlertRunbook `json:"alerts,omitempty"`
}

// AlertRunbook is one alert and its runbook link ("" for none yet).
type AlertRunbook struct {
	Alert   string `json:"alert"`
	Runbook string `json:"runbook,omitempty"`
}

// Limits of the list.
const (
	maxAlerts     = 1000
	maxAlertName  = 200
	MaxAlertsFile = 4 << 20
)

// ErrNoSuchAlert is an edit naming an alert the list does not have.
var ErrNoSuchAlert = errors.New("no such alert")

func (r *Review) runbooks() *RunbookList {
	if r.Assessments == nil || r.Assessments.Runbooks == nil {
		return &RunbookList{}
	}
	return r.Assessments.Runbooks
}

// Alerts lists the review's alerts.
func (r *Review) Alerts() []AlertRunbook { return r.runbooks().Alerts }

func (r *Review) editRunbooks() *RunbookList {
	r.Assessments = r.Assessments.Clone()
	if r.Assessments == nil {
		r.Assessments = &Assessments{}
	}
	if r.Assessments.Runbooks == nil {
		r.Assessments.Runbooks = &RunbookList{}
	}
	return r.Assessments.Runbooks
}

// SetAlert adds an alert, or changes an existing one's runbook. An empty
// runbook leaves a known alert's link as it is, so that an import of names
// alone never wipes links.
func (r *Review) SetAlert(a AlertRunbook) error {
	a.Alert, a.Runbook = strings.TrimSpace(a.Alert), strings.TrimSpace(a.Runbook)
	if err := a.validate(); err != nil {
		return err
	}
	i := slices.IndexFunc(r.Alerts(), func(x AlertRunbook) bool { return x.Alert == a.Alert })
	if i >= 0 {
		if a.Runbook != "" {
			r.editRunbooks().Alerts[i].Runbook = a.Runbook
		}
		return nil
	}
	if len(r.Alerts()) >= maxAlerts {
		return fmt.Errorf("the review lists %d alerts; at most %d are allowed", maxAlerts, maxAlerts)
	}
	l := r.editRunbooks()
	l.Alerts = append(l.Alerts, a)
	return nil
}

// RemoveAlert removes an alert from the list.
func (r *Review) RemoveAlert(name string) error {
	i := slices.IndexFunc(r.Alerts(), func(x AlertRunbook) bool { return x.Alert == name })
	if i < 0 {
		return fmt.Errorf("%w %q", ErrNoSuchAlert, truncate(name, 60))
	}
	l := r.editRunbooks()
	l.Alerts = slices.Delete(l.Alerts, i, i+1)
	return nil
}

func (a AlertRunbook) validate() error {
	if a.Alert == "" || !Visible(a.Alert) {
		return errors.New("an alert needs a name")
	}
	if err := checkLine("an alert's name", a.Alert, maxAlertName); err != nil {
		return err
	}
	if strings.IndexFunc(a.Alert, unicode.IsControl) >= 0 {
		return fmt.Errorf("alert %q has control characters in its name", truncate(a.Alert, 60))
	}
	return checkLine("a runbook link", a.Runbook, MaxLineBytes)
}

func (l *RunbookList) clone() *RunbookList {
	if l == nil {
		return nil
	}
	return &RunbookList{Alerts: slices.Clone(l.Alerts)}
}

func (l *RunbookList) isZero() bool { return l == nil || len(l.Alerts) == 0 }

func (l *RunbookList) validate() error {
	if len(l.Alerts) > maxAlerts {
		return fmt.Errorf("more than %d alerts", maxAlerts)
	}
	seen := map[string]bool{}
	for _, a := range l.Alerts {
		if err := a.validate(); err != nil {
			return err
		}
		if seen[a.Alert] {
			return fmt.Errorf("alert %q is listed twice", truncate(a.Alert, 60))
		}
		seen[a.Alert] = true
	}
	return nil
}

// RunbookCoverage is how many alerts have a runbook.
type RunbookCoverage struct {
	Alerts, Covered int
	Uncovered       []string // alert names, in the list's order
}

// Percent is the coverage in percent (0 with no alerts).
func (c RunbookCoverage) Percent() float64 {
	if c.Alerts == 0 {
		return 0
	}
	return 100 * float64(c.Covered) / float64(c.Alerts)
}

// Coverage computes the review's runbook coverage.
func Coverage(r *Review) RunbookCoverage {
	var c RunbookCoverage
	for _, a := range r.Alerts() {
		c.Alerts++
		if a.Runbook != "" {
			c.Covered++
		} else {
			c.Uncovered = append(c.Uncovered, a.Alert)
		}
	}
	return c
}

// ParseAlerts reads alert names, and runbook links where the file has
// them, from a Prometheus rules file (groups → rules → alert, with
// annotations.runbook_url) or from a plain list: one alert a line,
// optionally followed by its runbook link; blank lines and lines starting
// with '#' are skipped.
func ParseAlerts(data []byte) ([]AlertRunbook, error) {
	if len(data) > MaxAlertsFile {
		return nil, fmt.Errorf("the alerts file is larger than %d MiB", MaxAlertsFile>>20)
	}
	if bytes.Contains(data, []byte("groups:")) {
		return parsePrometheusRules(data)
	}
	var out []AlertRunbook
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, link, _ := strings.Cut(line, " ")
		a := AlertRunbook{Alert: strings.TrimSpace(name), Runbook: strings.TrimSpace(link)}
		if err := a.validate(); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		out = append(out, a)
	}
	if len(out) > maxAlerts {
		return nil, fmt.Errorf("the file lists %d alerts; at most %d are allowed", len(out), maxAlerts)
	}
	return out, nil
}

// promRules is the part of a Prometheus rules file prr reads; recording
// rules (no alert) are skipped.
type promRules struct {
	Groups []struct {
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func parsePrometheusRules(data []byte) ([]AlertRunbook, error) {
	var doc promRules
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, _, _ := strings.Cut(err.Error(), "\n")
		return nil, fmt.Errorf("not a Prometheus rules file: %s", strings.TrimPrefix(line, "yaml: "))
	}
	var out []AlertRunbook
	for _, g := range doc.Groups {
		for _, rule := range g.Rules {
			if strings.TrimSpace(rule.Alert) == "" {
				continue
			}
			a := AlertRunbook{Alert: strings.TrimSpace(rule.Alert), Runbook: strings.TrimSpace(rule.Annotations["runbook_url"])}
			if err := a.validate(); err != nil {
				return nil, fmt.Errorf("alert %q: %w", truncate(a.Alert, 60), err)
			}
			out = append(out, a)
			if len(out) > maxAlerts {
				return nil, fmt.Errorf("the file has more than %d alerts", maxAlerts)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the rules file has no alerting rules (rules with an 'alert' name)")
	}
	return out, nil
}

// SetRunbook sets an existing alert's runbook link; an empty link clears it.
func (r *Review) SetRunbook(alert, link string) error {
	i := slices.IndexFunc(r.Alerts(), func(x AlertRunbook) bool { return x.Alert == alert })
	if i < 0 {
		return fmt.Errorf("%w %q", ErrNoSuchAlert, truncate(alert, 60))
	}
	a := AlertRunbook{Alert: alert, Runbook: strings.TrimSpace(link)}
	if err := a.validate(); err != nil {
		return err
	}
	r.editRunbooks().Alerts[i] = a
	return nil
}
