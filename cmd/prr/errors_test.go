package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goTypeName matches what a Go type looks like in an error message:
// main.fileConfig, *store.Error, []string, "Go value of type", "!!seq".
var goTypeName = regexp.MustCompile(`\b(main|review|store|export|userfile|textsafe|yaml|json|time|os|fs)\.[A-Z]?[a-z]\w*|\*\w+\.\w+|\[\]\w+|Go (value|struct)|!!\w+|\bstruct\b`)

// checkOneLine fails unless a failed run printed exactly one line, "prr: ...",
// without Go type names, and nothing on stdout.
func checkOneLine(t *testing.T, args []string, r result) {
	t.Helper()
	if r.code == 0 {
		t.Errorf("prr %s: exit 0, want an error", strings.Join(args, " "))
		return
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "prr: ") {
		t.Errorf("prr %s: stderr is not one \"prr: \" line:\n%s", strings.Join(args, " "), r.stderr)
	}
	if m := goTypeName.FindString(r.stderr); m != "" {
		t.Errorf("prr %s: error names a Go type (%s): %s", strings.Join(args, " "), m, r.stderr)
	}
}

// TestErrorsAreOneLine runs the errors a user can cause, and every command
// with an unknown flag and with arguments it does not take, and holds each
// to one line without Go type names.
func TestErrorsAreOneLine(t *testing.T) {
	dir := prrEnv(t)
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := runPrr(t, "new", "--service", "errors-api", "--template", "standard")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	garbage := write("garbage.db", strings.Repeat("not a database ", 400))
	cases := [][]string{
		{"--config", write("unknown.yaml", "db: x\nbogus: 1\n"), "list"},
		{"--config", write("list.yaml", "- a\n"), "list"},
		{"--config", write("kinds.yaml", "db: [a]\nlock_timeout: {a: 1}\n"), "list"},
		{"--config", write("broken.yaml", "db: [\n"), "list"},
		{"--config", filepath.Join(dir, "missing.yaml"), "list"},
		{"--lock-timeout", "banana", "list"},
		{"--log-level", "loud", "list"},
		{"--db", dir, "list"},
		{"--db", garbage, "list"},
		{"frobnicate"},
		{"show", "nosuch"},
		{"show", "zzzzzzzzz"}, // longer than an id
		{"answer", id, "no-such-item", "--status", "pass"},
		{"answer", id, "slos-defined", "--status", "maybe"},
		{"answer", id, "slos-defined", "--action", "x", "--due", "tomorrowish"},
		{"answer", id, "slos-defined", "--done", "x"},
		{"answer", id, "slos-defined", "--done", "7"},
		{"answer", id, "slos-defined"},
		{"signoff", id, "--decision", "maybe"},
		{"check", id, "--max-age", "forever"},
		{"new", "--service", "x", "--template", "nosuch"},
		{"new", "--service", "x", "--template", write("bad.yaml", "id: [\n")},
		{"new", "--service", "x", "--participant", ":"},
		{"new", "--template", "standard"},
		{"export", id, "--format", "pdf"},
		{"export", id, "-o", dir},
		{"export", id, "--template", write("layout.tmpl", "{{ if }}")},
		{"import", write("bad.json", `{"id": 5}`)},
		{"import", write("empty.json", "")},
		{"verify", write("notrecord.json", `{"review": []}`)},
		{"verify", filepath.Join(dir, "missing.json")},
		{"templates", "show", "nosuch"},
		{"templates", "validate", write("v.yaml", "id: v\nversion: 1\ntitle: V\nsections: x\n")},
		{"backup", dir},
		{"delete", id},
		{"rename", id},
	}
	for _, args := range cases {
		checkOneLine(t, args, runPrr(t, args...))
	}
	for _, c := range allCommands(t) {
		if !c.Runnable() || strings.HasPrefix(c.Name(), "__") || c.Name() == "help" {
			continue
		}
		args := append(pathArgs(c), "--no-such-flag")
		checkOneLine(t, args, runPrr(t, args...))
	}
}
