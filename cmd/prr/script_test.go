package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts in testdata/script run "prr" as the real
// program (same main, same exit codes), in a process of its own. With
// PRR_TEST_MAIN=1 the test binary is prr itself, for tests that start it
// with exec.Command to send it signals.
func TestMain(m *testing.M) {
	// Every scenario runs prr as a new process of this test binary. Built
	// with -race, each such process sleeps a second as it exits, waiting
	// for reports from other goroutines (GORACE atexit_sleep_ms, 1000 by
	// default): a thousand commands spent most of the package's time
	// asleep. Races are still reported; only that wait goes.
	os.Setenv("GORACE", noExitSleep(os.Getenv("GORACE")))
	if os.Getenv("PRR_TEST_MAIN") == "1" {
		os.Exit(prrMain(os.Args[1:]))
	}
	if os.Getenv("PRR_TEST_ALL_HELP") == "1" {
		os.Exit(printAllHelp(os.Stdout))
	}
	testscript.Main(m, map[string]func(){
		"prr": func() {
			// PRR_TEST_NOW fixes the clock of a scenario (RFC 3339); only
			// the test binary reads it.
			if v := os.Getenv("PRR_TEST_NOW"); v != "" {
				at, err := time.Parse(time.RFC3339, v)
				if err != nil {
					fmt.Fprintln(os.Stderr, "PRR_TEST_NOW:", err)
					os.Exit(2)
				}
				clock = func() time.Time { return at }
			}
			os.Exit(prrMain(os.Args[1:]))
		},
	})
}

// noExitSleep adds atexit_sleep_ms=0 to GORACE options, unless they set
// it already.
func noExitSleep(gorace string) string {
	if strings.Contains(gorace, "atexit_sleep_ms") {
		return gorace
	}
	return strings.TrimSpace(gorace + " atexit_sleep_ms=0")
}

// TestScripts runs the CLI scenarios in testdata/script/*.txtar. Each one
// gets fresh XDG folders, so no script sees another's database.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			wd := env.WorkDir
			env.Setenv("GORACE", os.Getenv("GORACE")) // see TestMain
			env.Setenv("XDG_DATA_HOME", wd+"/data")
			env.Setenv("XDG_CONFIG_HOME", wd+"/config")
			env.Setenv("XDG_STATE_HOME", wd+"/state")
			env.Setenv("XDG_CACHE_HOME", wd+"/cache")
			env.Setenv("HOME", wd+"/home")
			env.Setenv("PRR_ACTOR", "tester")
			env.Setenv("NO_COLOR", "1")
			return copyRealChecklists(wd + "/real")
		},
		Cmds: scriptCmds(),
	})
}

func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	cmds := map[string]func(ts *testscript.TestScript, neg bool, args []string){
		// capture NAME: set $NAME to the trimmed stdout of the last command.
		"capture": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 1 {
				ts.Fatalf("usage: capture NAME")
			}
			ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile("stdout")))
		},
		// edit FILE OLD NEW: replace the text OLD in FILE by NEW, once,
		// as a person editing a record on a wiki would.
		"edit": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 3 {
				ts.Fatalf("usage: edit FILE OLD NEW")
			}
			text := ts.ReadFile(args[0])
			if !strings.Contains(text, args[1]) {
				ts.Fatalf("%s does not contain %q", args[0], args[1])
			}
			name := ts.MkAbs(args[0])
			ts.Check(os.WriteFile(name, []byte(strings.Replace(text, args[1], args[2], 1)), 0o644))
		},
	}
	for name, fn := range signingCmds {
		cmds[name] = fn
	}
	return cmds
}

// copyRealChecklists puts the public checklists the Markdown importer is
// tested on (review/mdimport/testdata/real, with their sources and
// licences) into a script's folder, so that scenarios use the files
// themselves rather than copies.
func copyRealChecklists(dst string) error {
	files, err := filepath.Glob("../../review/mdimport/testdata/real/*.md")
	if err != nil || len(files) == 0 {
		return fmt.Errorf("the real checklists are missing: %v", err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
