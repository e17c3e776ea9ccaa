package main

import (
	"strings"
	"testing"
)

// noReport are the commands that report nothing a script would parse: the
// screens, the record itself (prr export --format json is the JSON record),
// and Cobra's and Fang's own commands.
var noReport = map[string]string{
	"prr":                  "opens the screens",
	"prr open":             "opens the screens",
	"prr serve":            "runs a server for the screens over SSH",
	"prr export":           "its output is the record; --format json writes the JSON record",
	"prr templates":        "a group of commands",
	"prr templates import": "its output is the template (YAML) it makes",
	"prr help":             "help text",
	"prr man":              "the man page",
}

// TestEveryCommandHasJSON: every command that reports something, including
// commands added after this test, takes --json. A new command either takes
// it (jsonFlag, one line) or is listed in noReport with the reason.
func TestEveryCommandHasJSON(t *testing.T) {
	for _, c := range allCommands(t) {
		path := c.CommandPath()
		if _, ok := noReport[path]; ok || strings.HasPrefix(path, "prr completion") || strings.HasPrefix(c.Name(), "__") {
			continue
		}
		if c.LocalFlags().Lookup("json") == nil {
			t.Errorf("%s has no --json: add jsonFlag(cmd, ...) or list it in noReport with the reason", path)
		}
	}
}
