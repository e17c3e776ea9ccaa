package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// TestHelpFits renders the help of every command, as "prr CMD --help"
// does, at 80 and 100 columns (in a process per width: Fang reads the
// width once per process): no line may be wider than the terminal and no
// example may be cut short with "…".
func TestHelpFits(t *testing.T) {
	for _, width := range []int{80, 100} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), "PRR_TEST_ALL_HELP=1", "NO_COLOR=1", "__FANG_TEST_WIDTH="+strconv.Itoa(width))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			pages := strings.Split(string(out), helpSeparator)[1:]
			if want := len(allCommands(t)); len(pages) != want {
				t.Fatalf("%d help pages, want %d", len(pages), want)
			}
			for _, page := range pages {
				name, help, _ := strings.Cut(page, "\n")
				if !strings.Contains(help, "USAGE") {
					t.Errorf("%s: no help printed:\n%s", name, help)
				}
				for _, line := range strings.Split(help, "\n") {
					if w := ansi.StringWidth(line); w > width {
						t.Errorf("%s: line %d columns wide at %d: %q", name, w, width, line)
					}
				}
				if strings.Contains(help, "…") {
					t.Errorf("%s: something is cut short:\n%s", name, help)
				}
			}
		})
	}
}

const helpSeparator = "\n=== help of "

// printAllHelp prints "prr CMD --help" of every command, each after a
// separator line naming it; the exit code is the number of failures.
func printAllHelp(w io.Writer) int {
	failed := 0
	for _, c := range commandTree() {
		args := append(pathArgs(c), "--help")
		var out, errOut bytes.Buffer
		if run(context.Background(), args, strings.NewReader(""), &out, &errOut) != 0 {
			failed++
		}
		fmt.Fprintf(w, "%s%s\n%s%s", helpSeparator, c.CommandPath(), out.String(), errOut.String())
	}
	return failed
}

// TestBreakExample: a long example becomes continuation lines that fit and
// keep quoted arguments whole.
func TestBreakExample(t *testing.T) {
	line := `  prr answer k3x9 dpia --status n/a --note "No personal data is stored or processed" --yes`
	got := breakExample(line, 40)
	if len(got) < 2 {
		t.Fatalf("not broken: %q", got)
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, `"No personal data is stored or processed"`) {
		t.Errorf("quoted argument split: %q", got)
	}
	for i, l := range got {
		l = strings.TrimSpace(l)
		if i < len(got)-1 && !strings.HasSuffix(l, ` \`) {
			t.Errorf("line %d has no continuation: %q", i, l)
		}
	}
	if got := breakExample("  prr list", 40); len(got) != 1 {
		t.Errorf("short line broken: %q", got)
	}
}

// TestFitHelpShortensLongUsage: a command whose usage line spells out its
// flags does not widen the list of commands for all the others.
func TestFitHelpShortensLongUsage(t *testing.T) {
	root := newRootCmd(&app{})
	root.AddCommand(&cobra.Command{Use: "dpia REVIEW [--personal-data yes|no] [--set CRITERION=yes|no]... [--document URL]", Short: "Screen for a DPIA", Run: func(*cobra.Command, []string) {}})
	fitHelp(root, 80)
	c, _, err := root.Find([]string{"dpia"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Use != "dpia REVIEW" {
		t.Errorf("Use = %q, want %q", c.Use, "dpia REVIEW")
	}
	if c, _, _ := root.Find([]string{"answer"}); c.Use != "answer REVIEW ITEM" {
		t.Errorf("a short usage changed: %q", c.Use)
	}
}
