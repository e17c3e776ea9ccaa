package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestEveryCommandCompletes holds every command, including ones added
// after this test was written, to prr's completion rules: a flag whose name
// says what it holds completes those values, and so does a positional
// argument named REVIEW, ITEM or TEMPLATE in the command's Use.
func TestEveryCommandCompletes(t *testing.T) {
	names := (&completer{}).flagCompletions()
	for _, c := range allCommands(t) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if _, ok := names[f.Name]; !ok {
				return
			}
			if _, ok := c.GetFlagCompletionFunc(f.Name); !ok {
				t.Errorf("%s --%s has no completion", c.CommandPath(), f.Name)
			}
		})
		for _, w := range argWords(c.Use) {
			f, _ := (&completer{}).argCompletion(w)
			if f != nil && c.ValidArgsFunction == nil {
				t.Errorf("%s: argument %s has no completion", c.CommandPath(), w)
			}
		}
		if c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 && c.Runnable() && !strings.HasPrefix(c.Name(), "__") {
			t.Errorf("%s completes file names for its arguments by default; name them in Use", c.CommandPath())
		}
	}
}

func TestArgWords(t *testing.T) {
	for use, want := range map[string]string{
		"answer REVIEW ITEM":             "REVIEW ITEM",
		"import FILE|FOLDER|- ...":       "FILE|FOLDER|-...",
		"validate FILE...":               "FILE...",
		"list":                           "",
		"signoff REVIEW --role ROLE":     "REVIEW",
		"diff REVIEW [REVIEW] [--flags]": "REVIEW [REVIEW]",
	} {
		if got := strings.Join(argWords(use), " "); got != want {
			t.Errorf("argWords(%q) = %q, want %q", use, got, want)
		}
	}
}
