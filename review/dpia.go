package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// DPIAScreening decides whether the service needs a data protection
// impact assessment (GDPR article 35): first whether it processes personal
// data at all, then the nine criteria of the Article 29 Working Party's
// guidelines on DPIAs (WP248 rev.01, endorsed by the European Data
// Protection Board). Processing that meets two or more of them in most
// cases needs a DPIA.
type DPIAScreening struct {
	// PersonalData is nil until the question is answered.
	PersonalData *bool           `json:"personal_data,omitempty"`
	Criteria     []DPIACriterion `json:"criteria,omitempty"` // answered ones, in DPIACriteria's order
	// Document links the DPIA itself, when one is required.
	Document string `json:"document,omitempty"`
}

// DPIACriterion is the answer to one criterion.
type DPIACriterion struct {
	ID   string `json:"id"`
	Met  bool   `json:"met"`
	Note string `json:"note,omitempty"`
}

// DPIACriterionInfo is one of the nine criteria.
type DPIACriterionInfo struct {
	ID, Title string
}

// DPIACriteria are the nine criteria of WP248 rev.01, in its order.
var DPIACriteria = []DPIACriterionInfo{
	{"evaluation-scoring", "Evaluation or scoring, including profiling and prediction"},
	{"automated-decisions", "Automated decisions with legal or similarly significant effect"},
	{"systematic-monitoring", "Systematic monitoring of people"},
	{"sensitive-data", "Sensitive or highly personal data"},
	{"large-scale", "Data processed on a large scale"},
	{"matching-datasets", "Matching or combining datasets"},
	{"vulnerable-subjects", "Data about vulnerable people (children, employees, patients, ...)"},
	{"innovative-technology", "Innovative use or new technological or organisational solutions"},
	{"prevents-rights", "Processing that keeps people from exercising a right or using a service"},
}

// DPIASource is where the criteria come from, for guidance and records.
const DPIASource = "Article 29 Working Party, Guidelines on Data Protection Impact Assessment (WP248 rev.01), endorsed by the EDPB"

// DPIAResult is what a screening concludes.
type DPIAResult string

const (
	DPIAUnscreened     DPIAResult = "unscreened"       // personal data not answered yet
	DPIANoPersonalData DPIAResult = "no-personal-data" // nothing to assess
	DPIAIncomplete     DPIAResult = "incomplete"       // fewer than two met, not every criterion answered
	DPIANotRequired    DPIAResult = "not-required"     // 0 or 1 criteria met, all answered
	DPIARequired       DPIAResult = "required"         // 2 or more criteria met
)

// Label is the result in words.
func (d DPIAResult) Label() string {
	switch d {
	case DPIAUnscreened:
		return "not screened"
	case DPIANoPersonalData:
		return "no personal data"
	case DPIAIncomplete:
		return "screening incomplete"
	case DPIANotRequired:
		return "DPIA not required"
	case DPIARequired:
		return "DPIA required"
	}
	return string(d)
}

// ErrNoSuchCriterion is an edit naming a criterion that is not one of the
// nine.
var ErrNoSuchCriterion = errors.New("no such DPIA criterion")

func (r *Review) dpia() *DPIAScreening {
	if r.Assessments == nil || r.Assessments.DPIA == nil {
		return &DPIAScreening{}
	}
	return r.Assessments.DPIA
}

// DPIA returns a copy of the review's screening (empty if none).
func (r *Review) DPIA() *DPIAScreening { return r.dpia().clone() }

func (r *Review) editDPIA() *DPIAScreening {
	r.Assessments = r.Assessments.Clone()
	if r.Assessments == nil {
		r.Assessments = &Assessments{}
	}
	if r.Assessments.DPIA == nil {
		r.Assessments.DPIA = &DPIAScreening{}
	}
	return r.Assessments.DPIA
}

// SetPersonalData answers whether personal data is processed.
func (r *Review) SetPersonalData(yes bool) { r.editDPIA().PersonalData = &yes }

// SetDPIACriterion answers one criterion; note says why.
func (r *Review) SetDPIACriterion(id string, met bool, note string) error {
	order := slices.IndexFunc(DPIACriteria, func(c DPIACriterionInfo) bool { return c.ID == id })
	if order < 0 {
		return fmt.Errorf("%w %q; the criteria are %s", ErrNoSuchCriterion, truncate(id, 40), dpiaIDs())
	}
	note = strings.TrimSpace(note)
	if err := checkLine("a DPIA criterion's note", note, maxRiskText); err != nil {
		return err
	}
	d := r.editDPIA()
	c := DPIACriterion{ID: id, Met: met, Note: note}
	if i := slices.IndexFunc(d.Criteria, func(c DPIACriterion) bool { return c.ID == id }); i >= 0 {
		if note == "" {
			c.Note = d.Criteria[i].Note
		}
		d.Criteria[i] = c
		return nil
	}
	d.Criteria = append(d.Criteria, c)
	slices.SortFunc(d.Criteria, func(a, b DPIACriterion) int { return criterionOrder(a.ID) - criterionOrder(b.ID) })
	return nil
}

// SetDPIADocument records the link to the DPIA.
func (r *Review) SetDPIADocument(link string) error {
	link = strings.TrimSpace(link)
	if err := checkLine("the DPIA document link", link, MaxLineBytes); err != nil {
		return err
	}
	r.editDPIA().Document = link
	return nil
}

func criterionOrder(id string) int {
	return slices.IndexFunc(DPIACriteria, func(c DPIACriterionInfo) bool { return c.ID == id })
}

func dpiaIDs() string {
	ids := make([]string, len(DPIACriteria))
	for i, c := range DPIACriteria {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// Criterion returns the answer to criterion id, and whether it was given.
func (d *DPIAScreening) Criterion(id string) (DPIACriterion, bool) {
	i := slices.IndexFunc(d.Criteria, func(c DPIACriterion) bool { return c.ID == id })
	if i < 0 {
		return DPIACriterion{ID: id}, false
	}
	return d.Criteria[i], true
}

// Met lists the criteria met, in order.
func (d *DPIAScreening) Met() []DPIACriterionInfo {
	var out []DPIACriterionInfo
	for _, info := range DPIACriteria {
		if c, ok := d.Criterion(info.ID); ok && c.Met {
			out = append(out, info)
		}
	}
	return out
}

// Result is what the screening concludes.
func (d *DPIAScreening) Result() DPIAResult {
	switch {
	case d.PersonalData == nil:
		return DPIAUnscreened
	case !*d.PersonalData:
		return DPIANoPersonalData
	case len(d.Met()) >= 2:
		return DPIARequired
	case len(d.Criteria) < len(DPIACriteria):
		return DPIAIncomplete
	}
	return DPIANotRequired
}

func (d *DPIAScreening) clone() *DPIAScreening {
	if d == nil {
		return nil
	}
	c := *d
	if d.PersonalData != nil {
		v := *d.PersonalData
		c.PersonalData = &v
	}
	c.Criteria = slices.Clone(d.Criteria)
	return &c
}

func (d *DPIAScreening) isZero() bool {
	return d == nil || d.PersonalData == nil && len(d.Criteria) == 0 && d.Document == ""
}

func (d *DPIAScreening) validate() error {
	last := -1
	for _, c := range d.Criteria {
		o := criterionOrder(c.ID)
		if o < 0 {
			return fmt.Errorf("%w %q", ErrNoSuchCriterion, truncate(c.ID, 40))
		}
		if o <= last {
			return errors.New("the DPIA criteria are out of order or listed twice")
		}
		last = o
		if err := checkLine("a DPIA criterion's note", c.Note, maxRiskText); err != nil {
			return err
		}
	}
	return checkLine("the DPIA document link", d.Document, MaxLineBytes)
}
