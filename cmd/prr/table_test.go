package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestListAlignsWideNames: services named in CJK or with emoji do not push
// the columns after them out of line (text/tabwriter counted runes).
func TestListAlignsWideNames(t *testing.T) {
	prrEnv(t)
	for _, name := range []string{"支付服务", "💳 payments", "plain-api"} {
		if r := runPrr(t, "new", "--service", name, "--template", "standard"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	r := runPrr(t, "list")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 {
		t.Fatalf("list:\n%s", r.stdout)
	}
	col := func(line, word string) int {
		i := strings.Index(line, word)
		if i < 0 {
			t.Fatalf("no %q in %q", word, line)
		}
		return ansi.StringWidth(line[:i])
	}
	want := col(lines[0], "TEMPLATE")
	for _, line := range lines[1:] {
		if got := col(line, "standard"); got != want {
			t.Errorf("template column at %d, header at %d:\n%s", got, want, r.stdout)
		}
	}
}
