package review

// Template is a checklist: sections of items, identified by a slug and a
// version. A review keeps a copy of the template it was started from, so the
// struct is also the snapshot format and must stay JSON-stable.
type Template struct {
	ID           string   `json:"id"`
	Version      int      `json:"version"`
	Title        string   `json:"title"`
	Description  string   `json:"description,omitempty"`
	SignoffRoles []string `json:"signoff_roles,omitempty"`
	// SignoffRules are the roles whose approval must be signed (a
	// signoff_roles entry written as a mapping), in SignoffRoles' order.
	SignoffRules []RoleRule `json:"signoff_rules,omitempty"`
	// ValidFor is how long a signed-off review of this template stays
	// valid (see Renewal); empty for no limit of its own.
	ValidFor Period    `json:"valid_for,omitempty"`
	Sections []Section `json:"sections"`
	// Assessments sets up the skill matrix, risk register, DPIA screening
	// and runbook coverage (assess_config.go); nil for a plain checklist.
	Assessments *TemplateAssessments `json:"assessments,omitempty"`
}

// Section groups items under a heading such as "Observability".
type Section struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Timebox is the minutes the meeting means to spend on the section;
	// 0 for none.
	Timebox int    `json:"timebox,omitempty"`
	Items   []Item `json:"items"`
}

// Item is one criterion of a checklist.
type Item struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Required bool   `json:"required,omitempty"`
	// Level is the maturity level of the item: 1 bronze, 2 silver, 3 gold.
	Level    int      `json:"level,omitempty"`
	Guidance string   `json:"guidance,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Refs     []string `json:"refs,omitempty"`
	Sources  []string `json:"sources,omitempty"`
}

// ItemRef locates an item: its section and its position in the template.
type ItemRef struct {
	Section int // index into Template.Sections
	Index   int // index into Section.Items
}

// Items returns every item in template order.
func (t *Template) Items() []Item {
	var out []Item
	for _, s := range t.Sections {
		out = append(out, s.Items...)
	}
	return out
}

// ItemCount is the number of items in the template.
func (t *Template) ItemCount() int {
	n := 0
	for _, s := range t.Sections {
		n += len(s.Items)
	}
	return n
}

// RequiredCount is the number of blocking items in the template.
func (t *Template) RequiredCount() int {
	n := 0
	for _, s := range t.Sections {
		for _, it := range s.Items {
			if it.Required {
				n++
			}
		}
	}
	return n
}

// Find returns the item with the given id and where it is.
func (t *Template) Find(itemID string) (Item, ItemRef, bool) {
	for si, s := range t.Sections {
		for ii, it := range s.Items {
			if it.ID == itemID {
				return it, ItemRef{Section: si, Index: ii}, true
			}
		}
	}
	return Item{}, ItemRef{}, false
}
