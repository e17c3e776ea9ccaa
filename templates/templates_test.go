package templates_test

import (
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/templates"
)

func TestBuiltInTemplatesLoad(t *testing.T) {
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"standard": true, "nais": true, "ops-checklist": true, "essentials": true, "framework": true}
	for _, e := range cat.Entries {
		if !e.BuiltIn {
			t.Errorf("%s is not marked built-in", e.Template.ID)
		}
		delete(want, e.Template.ID)
		for _, it := range e.Template.Items() {
			if len(it.Guidance) < 80 {
				t.Errorf("%s/%s: guidance is only %d bytes; say why it matters and what evidence looks like", e.Template.ID, it.ID, len(it.Guidance))
			}
			if len(it.Sources) == 0 {
				t.Errorf("%s/%s: no sources", e.Template.ID, it.ID)
			}
		}
	}
	for id := range want {
		t.Errorf("built-in template %q is missing", id)
	}
}

func TestStandardCoversTheNamedCriteria(t *testing.T) {
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := cat.Lookup("standard")
	if !ok {
		t.Fatal("no standard template")
	}
	for _, id := range []string{"dpia", "security-risk-assessment", "bus-factor", "skill-matrix", "runbooks"} {
		it, _, ok := e.Template.Find(id)
		if !ok {
			t.Errorf("standard lacks %q", id)
			continue
		}
		if !it.Required && id != "skill-matrix" { // keeping the skill matrix current is good practice, not a blocker
			t.Errorf("standard/%s should be required", id)
		}
	}
	if n := len(e.Template.Sections); n < 8 || n > 12 {
		t.Errorf("standard has %d sections, want about ten", n)
	}
	sources := map[string]bool{}
	for _, it := range e.Template.Items() {
		for _, s := range it.Sources {
			sources[s] = true
		}
	}
	if len(sources) != 4 {
		t.Errorf("standard draws on %d reference documents, want all 4: %v", len(sources), sources)
	}
}

// TestTitlesDoNotRepeatTheID: prr shows a checklist as "title (id vN)", so
// a title that names its id reads "... (standard) (standard v1)". The
// default checklist, which prr new and the new-review form both start on,
// is built in.
func TestTitlesDoNotRepeatTheID(t *testing.T) {
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cat.Entries {
		if strings.Contains(strings.ToLower(e.Template.Title), "("+e.Template.ID+")") {
			t.Errorf("%s: title %q repeats the id", e.Template.ID, e.Template.Title)
		}
	}
	if _, ok := cat.Lookup(review.DefaultTemplate); !ok {
		t.Errorf("the default checklist %q is not built in", review.DefaultTemplate)
	}
}
