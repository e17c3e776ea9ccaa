package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
)

// clock is where prr reads the time. The scenario tests set it to a fixed
// moment (see TestMain); nothing else changes it.
var clock = time.Now

// run builds the command tree and executes args, returning the exit code.
// It is main without os.Exit, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, now: clock}
	defer a.close()
	root := newRootCmd(a)
	root.InitDefaultHelpCmd() // now, so that help fits them too
	root.InitDefaultCompletionCmd()
	if c := helpTarget(root, args); c != nil {
		fitHelp(c, helpWidth())
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(appVersion()),
		fang.WithoutManpage(),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			if _, ok := signalled(ctx); !ok { // a signal gets one line of its own
				printError(w, err)
			}
		}),
	)
	if in, ok := signalled(ctx); ok {
		return in.code()
	}
	printWarnings(stderr, a.store, err)
	return exitCode(err)
}

func newRootCmd(a *app) *cobra.Command {
	var g globalFlags
	root := &cobra.Command{
		Use:   "prr",
		Short: "Production readiness reviews in the terminal",
		Long: "prr walks a team through a production readiness review: a checklist of " +
			"ownership, SLOs, monitoring, backups, runbooks, security and data protection. " +
			"Every answer is saved the moment it is given; participants sign off; the record " +
			"goes to the wiki as Markdown.\n\nRun prr with no arguments to open the reviews screen.",
		Args: cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if needsNoConfig(cmd) {
				return nil
			}
			cfg, err := resolveConfig(g, os.Getenv)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.cfg = cfg
			// Every date is judged in prr's time zone (review.Date): the
			// clock every command, the store and the screens read says
			// the time there.
			wall := a.now
			a.now = func() time.Time { return wall().In(cfg.Zone) }
			a.log().Debug("start", "cmd", cmd.CommandPath(), "db", cfg.DBPath)
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), a, "")
		},
	}
	root.SetVersionTemplate("prr {{.Version}}\n") // as "prr version" prints it
	g.register(root.PersistentFlags())
	root.AddGroup(
		&cobra.Group{ID: "review", Title: "Reviews"},
		&cobra.Group{ID: "time", Title: "Reviews over time"},
		&cobra.Group{ID: "record", Title: "Sign-off and records"},
		&cobra.Group{ID: "admin", Title: "Templates and database"},
	)
	for _, c := range []*cobra.Command{newOpenCmd(a), newNewCmd(a), newListCmd(a), newShowCmd(a), newAnswerCmd(a), newAttendCmd(a), newRenameCmd(a), newDeleteCmd(a)} {
		c.GroupID = "review"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newDiffCmd(a), newHistoryCmd(a), newDueCmd(a), newUpgradeCmd(a)} {
		c.GroupID = "time"
		root.AddCommand(c)
	}
	for _, c := range assessmentCommands(a) {
		c.GroupID = "review"
		root.AddCommand(c)
	}
	for _, c := range recordCommands(a) {
		c.GroupID = "record"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newTemplatesCmd(a), newServeCmd(a), newBackupCmd(a), newDoctorCmd(a), newVersionCmd(), newManCmd()} {
		c.GroupID = "admin"
		root.AddCommand(c)
	}
	wireCompletion(root, &completer{a: a, g: &g})
	return root
}

// versionJSON is what "prr version --json" prints.
type versionJSON struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func newVersionCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of prr",
		Args:  cobra.NoArgs,
		// No config, no database: version must work on any machine.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
	}
	asJSON := jsonFlag(cmd, "print the version, Go version, OS and architecture as JSON")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if *asJSON {
			return writeJSON(cmd.OutOrStdout(), versionJSON{appVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH})
		}
		_, err := io.WriteString(cmd.OutOrStdout(), "prr "+appVersion()+"\n")
		return err
	}
	return cmd
}

// appVersion is the version GoReleaser stamped in, or for a build from
// source the module version Go recorded (a pseudo-version naming the
// commit), or "dev".
func appVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}

// needsNoConfig is true of the commands that must work whatever the
// config file says and must not touch the log: shell completion (it runs
// on every Tab), the completion scripts, the man page and help.
func needsNoConfig(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd, "completion", "man", "help":
			return c.Parent() == cmd.Root()
		}
	}
	return false
}
