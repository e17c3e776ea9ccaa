package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/tui"
)

func newOpenCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "open REVIEW",
		Short: "Open a review on its walk screen",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(cmd.Context(), a, args[0])
		},
	}
}

// runTUI starts the interactive screens.
func runTUI(ctx context.Context, a *app, openID string) error {
	if !a.interactive() {
		return usageErr("the review screens need a terminal; for scripts use prr list, prr show, prr answer")
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	if openID != "" {
		if openID, err = s.Resolve(openID); err != nil {
			return err
		}
	}
	// The catalog is read by the TUI once its first screen is up: parsing
	// every checklist is not needed to draw the list of reviews.
	policy, err := a.signingPolicy(false)
	if err != nil {
		return err
	}
	return tui.Run(ctx, tui.Config{Store: s, LoadCatalog: a.loadCatalog, OpenID: openID, Now: a.now, Logger: a.log(), Version: version,
		ValidFor: a.cfg.ValidFor, Signing: policy, SigningKeys: a.agentKeys, StateDir: a.cfg.StateDir})
}

func newNewCmd(a *app) *cobra.Command {
	var m review.Meta
	var tmpl, from string
	var participants []string
	cmd := &cobra.Command{
		Use:   "new --service NAME --template ID | --from REVIEW",
		Short: "Start a review and print its id",
		Long: "new starts a review of a service and prints its id.\n\n" +
			"With --from it starts the next review of a service from its last one, on the newest version of " +
			"its checklist: notes, evidence, statuses, waivers (with their expiry) and open action items are " +
			"carried over, each marked to confirm until someone confirms it (prr answer --confirm) or changes it; " +
			"team, owner and participants too, unless given. Items new in the checklist start unanswered; changed " +
			"and removed ones are listed by prr show and prr diff.",
		Example: `  prr new --service payments-api --template standard --team payments --owner "Kari Nordmann" \
      --participant "Kari Nordmann:owner" --participant "Ola Nordmann:sre"
  prr new --from k3x9`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, p := range participants {
				pp, err := review.ParseParticipant(p)
				if err != nil {
					return usageErr("%v", err)
				}
				m.Participants = append(m.Participants, pp)
			}
			if from != "" {
				return newFrom(cmd, a, from, m, tmpl)
			}
			if strings.TrimSpace(m.Service) == "" {
				return usageErr("--service is required: name the service under review (or start from the last review with --from)")
			}
			if err := m.Normalize().Validate(); err != nil {
				return usageErr("%v", err)
			}
			t, err := a.template(tmpl)
			if err != nil {
				return err
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			r, err := s.Create(*t, m)
			if err != nil {
				return err
			}
			a.log().Info("review created", "id", r.ID, "service", r.Service, "template", t.ID)
			fmt.Fprintln(cmd.OutOrStdout(), r.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&m.Service, "service", "", "the service under review (required, unless --from names the last review)")
	f.StringVar(&tmpl, "template", "standard", "template id (see prr templates list) or a .yaml file; with --from, the newest version of the last review's")
	f.StringVar(&from, "from", "", "start from the last review of the service: carry its answers over, to confirm")
	f.StringVar(&m.Team, "team", "", "the owning team")
	f.StringVar(&m.Owner, "owner", "", "the service owner")
	f.StringArrayVar(&participants, "participant", nil, `who attends, as "Name:role" (repeatable; the role follows the last colon)`)
	return cmd
}

// newFrom is prr new --from: the next review of a service, carried over
// from the last one in one write.
func newFrom(cmd *cobra.Command, a *app, from string, m review.Meta, tmpl string) error {
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	prev, err := s.Get(from)
	if err != nil {
		return err
	}
	var t *review.Template
	if cmd.Flags().Changed("template") {
		if t, err = a.template(tmpl); err != nil {
			return err
		}
	} else if c, err := a.loadCatalog(); err == nil {
		t = c.Newest(&prev.Template)
	} else {
		return err
	}
	if strings.TrimSpace(m.Service) == "" {
		m.Service = prev.Service
	}
	if err := m.Normalize().Validate(); err != nil {
		return usageErr("%v", err)
	}
	r, err := s.CreateWith(*t, m, func(r *review.Review) error {
		review.CarryOver(r, prev)
		return nil
	})
	if err != nil {
		return err
	}
	a.log().Info("review carried over", "id", r.ID, "from", prev.ID, "template", t.ID, "version", t.Version)
	fmt.Fprintln(cmd.OutOrStdout(), r.ID)
	fmt.Fprintln(cmd.ErrOrStderr(), carriedLine(r))
	return nil
}

// carriedLine says what a carried-over review holds: "carried over 12
// answers from k3x9p2aa, to confirm; template standard v3 → v4: 1 new,
// 2 changed, 1 removed item".
func carriedLine(r *review.Review) string {
	n := 0
	for _, a := range r.Answers {
		if a.ToConfirm {
			n++
		}
	}
	ch := r.Origin.Template
	line := fmt.Sprintf("carried over %d answer(s) from %s, to confirm", n, r.Origin.From)
	if ch.FromVersion == ch.ToVersion && ch.Empty() {
		return line + fmt.Sprintf("; template %s v%d, unchanged", r.Template.ID, r.Template.Version)
	}
	return line + fmt.Sprintf("; template %s v%d → v%d: %d new, %d changed, %d removed item(s)",
		r.Template.ID, ch.FromVersion, ch.ToVersion, len(ch.New), len(ch.Changed), len(ch.Removed))
}

func newListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List reviews, newest first",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			sums, err := s.List()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSONLines(out, sums, newListRow)
			}
			if len(sums) == 0 {
				fmt.Fprintln(out, `No reviews yet. Start one with: prr new --service NAME --template standard (or just run prr).`)
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSERVICE\tTEMPLATE\tPROGRESS\tSTANDING\tSTATE\tVALID UNTIL\tUPDATED")
			for _, r := range sums {
				fmt.Fprintf(tw, "%s\t%s\t%s v%d\t%d/%d\t%s\t%s\t%s\t%s\n", r.ID, textsafe.Line(r.Service), r.TemplateID, r.TemplateVersion, r.Answered, r.Total,
					r.FullStanding().Label(), stateText(r.State, r.Expired), validUntil(review.Renewal{ValidUntil: r.ValidUntil}), r.UpdatedAt.In(a.now().Location()).Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newRenameCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "rename REVIEW NEW-SERVICE-NAME",
		Short: "Rename the service of a review",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			_, err = a.editReview(cmd.Context(), s, args[0], yes, func(r *review.Review) error {
				r.Service = args[1]
				return nil
			})
			return err
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "rename a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

func newDeleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "delete REVIEW",
		Aliases: []string{"rm"},
		Short:   "Delete a review (asks first; --yes for scripts)",
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
			if !yes {
				if !a.interactive() {
					return usageErr("deleting review %s (%s) needs --yes when there is no terminal to ask", r.ID, textsafe.Line(r.Service))
				}
				if !a.confirm(cmd.Context(), fmt.Sprintf("Delete review %s of %s? Its answers and history are lost.", r.ID, textsafe.Line(r.Service))) {
					return &exitError{code: exitFailure, err: fmt.Errorf("not deleted")}
				}
			}
			if err := s.Delete(r.ID); err != nil {
				return err
			}
			a.log().Info("review deleted", "id", r.ID, "actor", a.cfg.Actor)
			fmt.Fprintf(cmd.OutOrStdout(), "deleted %s\n", r.ID)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}
