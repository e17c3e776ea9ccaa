package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/spf13/cobra"
)

func newBackupCmd(a *app) *cobra.Command {
	var asJSON *bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database to FILE",
		Long:  "Takes a hot copy while prr may be in use elsewhere, syncs it to disk, moves it into place and checks that it opens.",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			if err := s.Backup(args[0]); err != nil {
				return err
			}
			if *asJSON {
				return writeJSON(cmd.OutOrStdout(), backupJSON{File: args[0], Checked: true})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup written to %s and checked\n", args[0])
			return nil
		},
	}
	asJSON = jsonFlag(cmd, "print the file written as JSON")
	return cmd
}

func newDoctorCmd(a *app) *cobra.Command {
	var acceptRollback bool
	var asJSON *bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database for damage and say what was found",
		Long: "Checks every page, bbolt's consistency and every review, and says what it found. " +
			"When the newest change to the database can no longer be read (a damaged meta page), prr reads the " +
			"database as it was before that change and refuses to write it; --accept-rollback gives that change " +
			"up for good so that prr writes on from there. Keep a copy of the file first.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if *asJSON {
				out = io.Discard // the text; the JSON is written at the end
			}
			fmt.Fprintf(out, "database: %s\n", a.cfg.DBPath)
			s, err := a.openStore(true)
			if errors.Is(err, fs.ErrNotExist) {
				if *asJSON {
					return writeJSON(cmd.OutOrStdout(), doctorJSON{Database: a.cfg.DBPath})
				}
				fmt.Fprintln(out, "no database here yet (prr creates it with the first review); nothing to check")
				return nil
			}
			accepted := false
			if acceptRollback && errors.Is(err, store.ErrRolledBack) {
				// It must be upgraded, which is a write: accept first, then look.
				fmt.Fprintf(out, "%s\n", textsafe.Line(err.Error()))
				if s, err = a.accept(out); err != nil {
					return err
				}
				accepted = true
			}
			if err != nil {
				return err
			}
			rep, err := s.Doctor()
			if err != nil {
				return err
			}
			fmt.Fprintln(out, rep.String())
			if acceptRollback && !rep.RolledBack {
				fmt.Fprintln(out, "nothing to accept: the newest change to the database reads")
			}
			if acceptRollback && rep.RolledBack {
				if s, err = a.accept(out); err != nil {
					return err
				}
				accepted = true
				if rep, err = s.Doctor(); err != nil {
					return err
				}
				fmt.Fprintln(out, rep.String())
			}
			if *asJSON {
				if err := writeJSON(cmd.OutOrStdout(), doctorJSON{Database: a.cfg.DBPath, Exists: true, Accepted: accepted, Report: &rep}); err != nil {
					return err
				}
			}
			switch {
			case rep.RolledBack:
				return &exitError{code: exitDatabase, err: fmt.Errorf("%w (see above)", store.ErrRolledBack)}
			case !rep.OK:
				return &exitError{code: exitDatabase, err: errors.New("the database has problems (see above); restore a backup or export what can be read")}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&acceptRollback, "accept-rollback", false, "give up a change that can no longer be read, so that prr writes on from the state before it")
	asJSON = jsonFlag(cmd, "print what was found as JSON (the exit code is the same)")
	return cmd
}

// accept gives up the unreadable newest change of the database and opens
// the store afresh.
func (a *app) accept(out io.Writer) (*store.Store, error) {
	fmt.Fprintln(out, "accepting the rollback: the change that cannot be read is given up for good; prr writes on from the state shown")
	if a.store != nil {
		_ = a.store.Close()
		a.store = nil
	}
	if err := store.AcceptRollback(a.cfg.DBPath, a.cfg.LockTimeout); err != nil {
		return nil, err
	}
	return a.openStore(true)
}
