package mdimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

func importFile(t *testing.T, file string) (*Result, *review.Template) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(data, file, Options{})
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	y, err := YAML(res.Template)
	if err != nil {
		t.Fatal(err)
	}
	back, err := review.ParseTemplate(file+".yaml", y)
	if err != nil {
		t.Fatalf("%s: the YAML written does not load: %v\n%s", file, err, y)
	}
	if review.TemplateHash(back) != review.TemplateHash(res.Template) {
		t.Fatalf("%s: the YAML written loads as another template", file)
	}
	return res, back
}

type want struct {
	sections, items, required, level2, level3 int
	firstID, firstTitle                       string
}

// TestImportRealChecklists: public checklists of every shape import as
// templates that load, with the sections, items and levels they show.
func TestImportRealChecklists(t *testing.T) {
	cases := map[string]want{
		"marinjursic-reliability-operations.md":  {5, 20, 20, 0, 0, "prc-27-001", "User-centric service-level indicators are defined."},
		"gorrion-readme.md":                      {1, 11, 6, 3, 2, "the-website-is-available-via-the-client-s", "The website is available via the client’s domain address with TLS and redirected to HTTPS from HTTP"},
		"gorrion-gdpr.md":                        {1, 11, 8, 2, 1, "account-removal-by-request", "Account removal by request"},
		"mercari-pre-production-checklist.md":    {4, 28, 10, 13, 5, "unit-test", "Unit test"},
		"mercari-design-checklist.md":            {3, 12, 6, 4, 2, "stateless-server", "Stateless server"},
		"mkenney-productionisation-checklist.md": {10, 27, 27, 0, 0, "a-readme-md-file-is-included-in-the-repository", "A README.md file is included in the repository with a high-level project description:"},
		"maevadevs-security-checklist.md":        {1, 5, 5, 0, 0, "strict-transport-security-enforce-secure", "Strict-Transport-Security: Enforce secure connections to the server (HTTP over SSL/TLS)"},
	}
	files, _ := filepath.Glob("testdata/real/*.md")
	if len(files) != len(cases)+1 { // and the README
		t.Fatalf("testdata/real has %d files; the test knows %d", len(files), len(cases))
	}
	for name, w := range cases {
		_, tpl := importFile(t, filepath.Join("testdata/real", name))
		var got want
		got.sections = len(tpl.Sections)
		for _, s := range tpl.Sections {
			for _, it := range s.Items {
				got.items++
				switch {
				case it.Required:
					got.required++
				case it.Level == 2:
					got.level2++
				case it.Level == 3:
					got.level3++
				}
			}
		}
		got.firstID, got.firstTitle = tpl.Sections[0].Items[0].ID, tpl.Sections[0].Items[0].Title
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
		}
	}
}

func TestImportDetails(t *testing.T) {
	res, tpl := importFile(t, "testdata/real/mercari-pre-production-checklist.md")
	sec := tpl.Sections[0]
	if sec.Title != "Maintainability" || sec.ID != "maintainability" || !strings.HasPrefix(sec.Description, "Maintainability affects") {
		t.Errorf("section %q %q %q", sec.ID, sec.Title, sec.Description)
	}
	it := sec.Items[1]
	if it.Guidance != "Its test coverage is reported to Codecov in CI system." || len(it.Refs) != 1 || it.Refs[0] != "https://docs.codecov.io/docs/about-code-coverage" {
		t.Errorf("item %+v", it)
	}
	if len(res.Report) == 0 || !strings.Contains(strings.Join(res.Report, "\n"), `section "Maintainability": 14 items`) {
		t.Errorf("report %q", res.Report)
	}

	res, tpl = importFile(t, "testdata/own/nested.md")
	if tpl.Title != "Payments launch gate" || tpl.ID != "payments-launch-gate" {
		t.Errorf("title %q id %q: the front matter names the checklist", tpl.Title, tpl.ID)
	}
	items := tpl.Sections[0].Items
	wantIDs := []string{"pay-1-1", "runbooks-are-linked-from-every-alert-runbook", "runbooks-name-a-rollback-step", "runbooks-were-tried-in-a-game-day", "re-01", "backups-are-encrypted", "numbered-task-item"}
	for i, id := range wantIDs {
		if i >= len(items) || items[i].ID != id {
			t.Fatalf("items %+v, want ids %v", items, wantIDs)
		}
	}
	if items[0].Title != "An owner is named in the service catalogue, and answers the pager" || items[0].Guidance != "- see the on-call page\n- ask the team lead" {
		t.Errorf("a wrapped item with plain sub-items: %+v", items[0])
	}
	if len(tpl.Sections) != 2 || tpl.Sections[1].Items[0].Required || tpl.Sections[1].Items[0].Level != 3 {
		t.Errorf("the 'Nice to have' section: %+v", tpl.Sections)
	}
	report := strings.Join(res.Report, "\n")
	for _, s := range []string{`"Table of contents" was left out`, `"References" was left out`, "code block", "1 list items without a check box"} {
		if !strings.Contains(report, s) {
			t.Errorf("the report does not say %q:\n%s", s, report)
		}
	}
}

// TestImportHostile: shapes made to break an importer give a template
// that loads, or a one-line error; never a panic.
func TestImportHostile(t *testing.T) {
	files, _ := filepath.Glob("testdata/own/*.md")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		res, err := Import(data, f, Options{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: error of several lines: %v", f, err)
			}
			continue
		}
		y, err := YAML(res.Template)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := review.ParseTemplate(f, y); err != nil {
			t.Errorf("%s: %v\n%s", f, err, y)
		}
		if strings.ContainsAny(string(y), "\u202e<>") {
			t.Errorf("%s: bidi controls or HTML kept:\n%s", f, y)
		}
	}
	for in, want := range map[string]string{
		"":                              "no checklist found",
		"# Just a title\n\nProse.":      "no checklist found",
		"- [a](x)\n- [b](y)\n":          "no checklist found",
		strings.Repeat("[a](", 1<<15):   "too dense",
		strings.Repeat("x", MaxBytes+1): "larger than",
		strings.Repeat("- [ ] an item\n", (10<<20)/14): "larger than", // 10 MB
	} {
		if _, err := Import([]byte(in), "x.md", Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.30q: %v, want %q", in, err, want)
		}
	}
}

func TestImportLevels(t *testing.T) {
	_, tpl := importFile(t, "testdata/own/levels.md")
	got := map[string]level{}
	for _, s := range tpl.Sections {
		for _, it := range s.Items {
			got[it.ID] = level{it.Required, it.Level}
		}
	}
	want := map[string]level{
		"owner-named": {true, 1}, "dashboards": {false, 2}, "chaos-tests": {false, 3},
		"backups": {true, 1}, "restores": {false, 2}, "failover": {false, 3}, "nowhere": {false, 3},
		"pager-rota": {true, 1}, "status-page": {false, 1}, "load-test": {true, 1},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %+v, want %+v", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("items %v", got)
	}
}
