package review

import (
	"errors"
	"strings"
	"testing"
)

const goodTemplate = `id: payments-prr
version: 3
title: Payments production readiness
description: Our bar for anything that moves money.
signoff_roles: [owner, sre, security]
sections:
  - id: observability
    title: Observability
    items:
      - id: slo-defined
        title: SLIs and SLOs are defined and measured
        required: true
        level: 2
        guidance: |
          Why it matters.
        tags: [slo, monitoring]
        refs: ["https://sre.google/sre-book/service-level-objectives/"]
        sources: ["Google SRE book"]
      - id: dashboards
        title: Dashboards exist
`

func TestParseTemplateGood(t *testing.T) {
	tp, err := ParseTemplate("good.yaml", []byte(goodTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if tp.ID != "payments-prr" || tp.Version != 3 || tp.Title != "Payments production readiness" {
		t.Errorf("header = %q %d %q", tp.ID, tp.Version, tp.Title)
	}
	if got := strings.Join(tp.SignoffRoles, ","); got != "owner,sre,security" {
		t.Errorf("roles = %s", got)
	}
	if tp.ItemCount() != 2 || tp.RequiredCount() != 1 {
		t.Errorf("items = %d required = %d", tp.ItemCount(), tp.RequiredCount())
	}
	it, ref, ok := tp.Find("slo-defined")
	if !ok || ref != (ItemRef{0, 0}) || it.Level != 2 || !it.Required || it.Guidance != "Why it matters.\n" {
		t.Errorf("find = %+v %+v %v", it, ref, ok)
	}
	if it, _, _ := tp.Find("dashboards"); it.Level != 1 || it.Required {
		t.Errorf("defaults: level %d required %v", it.Level, it.Required)
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // substring of the error, which starts with file:line:col
	}{
		{"unknown field", strings.Replace(goodTemplate, "        tags:", "        tagz:", 1), `t.yaml:16:9: unknown field "tagz" in an item`},
		{"unknown top field", "owner: x\n" + goodTemplate, `t.yaml:1:1: unknown field "owner"`},
		{"duplicate item id", strings.Replace(goodTemplate, "id: dashboards", "id: slo-defined", 1), `t.yaml:19:13: item id "slo-defined" is already used on line 10`},
		{"duplicate key", strings.Replace(goodTemplate, "version: 3", "version: 3\nversion: 4", 1), `t.yaml:3:1: the template has the key "version" twice`},
		{"empty title", strings.Replace(goodTemplate, "title: Dashboards exist", "title: \"  \"", 1), `t.yaml:20:16: item "dashboards" has an empty title`},
		{"missing title", strings.Replace(goodTemplate, "        title: Dashboards exist\n", "", 1), `item "dashboards" has no title`},
		{"bad slug", strings.Replace(goodTemplate, "id: dashboards", "id: Dash_Boards", 1), `t.yaml:19:13: id "Dash_Boards" is not a slug`},
		{"missing sections", "id: a\nversion: 1\ntitle: A\n", `t.yaml:1:1: the template has no sections`},
		{"empty sections", "id: a\nversion: 1\ntitle: A\nsections: []\n", `sections is empty`},
		{"section without items", "id: a\nversion: 1\ntitle: A\nsections:\n  - id: s\n    title: S\n", `t.yaml:5:5: section "s" has no items`},
		{"missing version", "id: a\ntitle: A\nsections: []\n", `has no version`},
		{"version zero", strings.Replace(goodTemplate, "version: 3", "version: 0", 1), `t.yaml:2:10: version must be 1 or more`},
		{"version text", strings.Replace(goodTemplate, "version: 3", "version: three", 1), `version must be a whole number`},
		{"required not bool", strings.Replace(goodTemplate, "required: true", "required: yes please", 1), `required must be true or false`},
		{"level out of range", strings.Replace(goodTemplate, "level: 2", "level: 7", 1), `level must be 1 (bronze), 2 (silver) or 3 (gold)`},
		{"syntax", "id: a\n  version: [1\n", `t.yaml:`},
		{"not a mapping", "- a\n- b\n", `t.yaml:1:1: the template must be a mapping`},
		{"empty file", "   \n", `t.yaml: file is empty`},
		{"two documents", goodTemplate + "---\nid: b\n", `holds one YAML document`},
		{"alias", "id: &x a\nversion: 1\ntitle: *x\nsections: []\n", `anchors and aliases are not allowed`},
		{"duplicate section", strings.Replace(goodTemplate, "sections:\n", "sections:\n  - id: observability\n    title: Again\n    items:\n      - id: other\n        title: Other\n", 1), `section id "observability" is already used`},
		{"bad role", strings.Replace(goodTemplate, "[owner, sre, security]", "[owner, Site Reliability]", 1), `sign-off role "site reliability" must be a slug`},
		{"not utf8", "id: a\ntitle: \xff\xfe\n", `t.yaml:2:8: the file is not valid UTF-8 text here`},
		{"not utf8 after text", "id: a\ntitle: æø\xc3\n", `t.yaml:2:10: the file is not valid UTF-8 text here`},
		{"nul", "id: a\nversion: 1\ntitle: x\x00y\n", `t.yaml:3:9: the file holds the control character U+0000`},
		{"escape", "id: a\nversion: 1\ntitle: \"\x1b[31m\"\n", `t.yaml:3:9: the file holds the control character U+001B`},
		{"c1", "id: a\nversion: 1\ntitle: x\u009by\n", `t.yaml:3:9: the file holds the control character U+009B`},
		{"quoted version", strings.Replace(goodTemplate, "version: 3", `version: "3"`, 1), `t.yaml:2:10: version must be a whole number, not the quoted text "3"; write it without quotes`},
		{"oversized", "id: a\ndescription: " + strings.Repeat("x", MaxTemplateBytes), `t.yaml: the template is larger than the limit of 4 MiB`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTemplate("t.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %q\nwant it to contain %q", err, tc.want)
			}
			var te *TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("error %T is not a *TemplateError", err)
			}
			if !strings.HasPrefix(err.Error(), "t.yaml") {
				t.Errorf("error does not name the file: %q", err)
			}
		})
	}
}

func TestParseTemplateHostileInputStaysBounded(t *testing.T) {
	bomb := `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`
	cases := map[string]string{
		"billion laughs": bomb,
		"deep flow":      "id: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"deep block":     deepBlock(5000),
		"oversized":      "id: a\ndescription: " + strings.Repeat("x", MaxTemplateBytes) + "\n",
		"long text":      "id: a\nversion: 1\ntitle: " + strings.Repeat("t", maxTextBytes+1) + "\nsections: []\n",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseTemplate("t.yaml", []byte(in))
			if err == nil {
				t.Fatal("hostile input was accepted")
			}
			if len(err.Error()) > 2000 {
				t.Errorf("error is %d bytes long; errors must stay readable", len(err.Error()))
			}
		})
	}
}

func deepBlock(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("k:\n")
	}
	return b.String()
}

func TestParseTemplateManyErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: a\nversion: 1\ntitle: A\nsections:\n  - id: s\n    title: S\n    items:\n")
	for i := 0; i < 100; i++ {
		b.WriteString("      - id: BAD\n        title: x\n")
	}
	_, err := ParseTemplate("t.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("want errors")
	}
	if n := strings.Count(err.Error(), "\n") + 1; n > 20 {
		t.Errorf("%d error lines; want at most 20", n)
	}
}

func FuzzParseTemplate(f *testing.F) {
	f.Add([]byte(goodTemplate))
	f.Add([]byte("id: a\nversion: 1\ntitle: A\nsections:\n  - id: s\n    title: S\n    items:\n      - id: i\n        title: I\n"))
	f.Add([]byte("a: &a [1]\nb: [*a, *a]\n"))
	f.Add([]byte("{{{{[[[["))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := ParseTemplate("f.yaml", data)
		if err != nil {
			if tp != nil {
				t.Fatal("template returned with an error")
			}
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %q", err)
			}
			return
		}
		// Whatever loads must satisfy the rules the loader promises.
		if !ValidSlug(tp.ID) || tp.Version < 1 || strings.TrimSpace(tp.Title) == "" || len(tp.Sections) == 0 {
			t.Fatalf("invalid template accepted: %+v", tp)
		}
		seen := map[string]bool{}
		for _, s := range tp.Sections {
			for _, it := range s.Items {
				if !ValidSlug(it.ID) || seen[it.ID] || it.Title == "" {
					t.Fatalf("invalid item accepted: %+v", it)
				}
				seen[it.ID] = true
			}
		}
	})
}
