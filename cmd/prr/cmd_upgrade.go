package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review/textsafe"
)

func newUpgradeCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "upgrade REVIEW",
		Short: "Move a review onto the newest version of its checklist",
		Long: "upgrade moves a review onto the newest version of its checklist that prr knows. Answers to items " +
			"that still exist are kept, those whose item changed (requirement, level, guidance, title) marked to " +
			"confirm; items new in the checklist start unanswered; answers to removed items go, and prr show lists " +
			"them. The checklist is part of what a sign-off vouches for, so sign-offs turn stale: on a terminal it " +
			"asks first; in scripts pass --yes.",
		Example: "  prr upgrade k3x9 --yes",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			r, err := s.Get(args[0])
			if err != nil {
				return err
			}
			c, err := a.loadCatalog()
			if err != nil {
				return err
			}
			t := c.Newest(&r.Template)
			if t.Version <= r.Template.Version {
				fmt.Fprintf(cmd.OutOrStdout(), "%s already runs %s v%d, the newest version prr knows\n", r.ID, textsafe.Line(r.Template.ID), r.Template.Version)
				return nil
			}
			if !yes {
				if !a.interactive() {
					return usageErr("moving review %s to %s v%d turns its sign-offs stale and drops answers to removed items; pass --yes to do it", r.ID, textsafe.Line(t.ID), t.Version)
				}
				q := fmt.Sprintf("Move review %s of %s from %s v%d to v%d? Its sign-offs turn stale.", r.ID, textsafe.Line(r.Service), textsafe.Line(t.ID), r.Template.Version, t.Version)
				if !a.confirm(cmd.Context(), q) {
					return &exitError{code: exitFailure, err: errors.New("not moved")}
				}
			}
			before := r.Template.Version
			r, err = s.Upgrade(r.ID, *t, nil)
			if err != nil {
				return err
			}
			a.log().Info("review moved to a newer template", "id", r.ID, "template", t.ID, "from", before, "to", t.Version)
			o := r.Origin.Template
			fmt.Fprintf(cmd.OutOrStdout(), "%s now runs %s v%d (was v%d): %d new, %d changed, %d removed item(s) since its answers were given\n",
				r.ID, textsafe.Line(t.ID), t.Version, before, len(o.New), len(o.Changed), len(o.Removed))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "move it without asking (its sign-offs turn stale)")
	return cmd
}
