package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newBackupCmd(a *app) *cobra.Command {
	return &cobra.Command{
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
			fmt.Fprintf(cmd.OutOrStdout(), "backup written to %s and checked\n", args[0])
			return nil
		},
	}
}

func newDoctorCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the database for damage and say what was found",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "database: %s\n", a.cfg.DBPath)
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			rep, err := s.Doctor()
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), rep.String())
			if !rep.OK {
				return &exitError{code: exitDatabase, err: fmt.Errorf("the database has problems (see above); restore a backup or export what can be read")}
			}
			return nil
		},
	}
}
