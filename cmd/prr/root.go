package main

import (
	"context"
	"io"
	"os"
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
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version),
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
	for _, c := range []*cobra.Command{newTemplatesCmd(a), newServeCmd(a), newBackupCmd(a), newDoctorCmd(a), newVersionCmd()} {
		c.GroupID = "admin"
		root.AddCommand(c)
	}
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of prr",
		Args:  cobra.NoArgs,
		// No config, no database: version must work on any machine.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := io.WriteString(cmd.OutOrStdout(), "prr "+version+"\n")
			return err
		},
	}
}
