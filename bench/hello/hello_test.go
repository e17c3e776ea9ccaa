package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestHelloLinksWhatPrrLinks holds hello to prr's package list: every
// package prr links, other than prr's own, hello links too, and nothing
// more. A package missing from hello would make the floor cheaper than
// prr by its initialisation; one extra would make it dearer.
func TestHelloLinksWhatPrrLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	prr := deps(t, "github.com/prr-dev/prr/cmd/prr")
	hello := deps(t, ".")
	for _, p := range prr {
		if !strings.HasPrefix(p, "github.com/prr-dev/prr/") && !slices.Contains(hello, p) {
			t.Errorf("prr links %s and hello does not: add it to imports.go", p)
		}
	}
	for _, p := range hello {
		if p != "github.com/prr-dev/prr/bench/hello" && !slices.Contains(prr, p) {
			t.Errorf("hello links %s and prr does not: remove it from imports.go", p)
		}
	}
}

func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}
