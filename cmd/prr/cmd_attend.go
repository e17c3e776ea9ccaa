package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// attendJSON is what "prr attend --json" prints: the roll call as it
// stands after the change.
type attendJSON struct {
	Review      string         `json:"review"`
	Facilitator string         `json:"facilitator,omitempty"`
	Scribe      string         `json:"scribe,omitempty"`
	People      []attendPerson `json:"people"`
}

type attendPerson struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	// Status is present, absent or unmarked.
	Status string `json:"status"`
}

func newAttendCmd(a *app) *cobra.Command {
	var present, absent, add []string
	var facilitator, scribe string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "attend REVIEW",
		Short: "Take the roll call: who is present or absent, the facilitator and the scribe",
		Long: `Take the roll call of a review's meeting: mark participants present or
absent, add someone who joined (they are marked present), and name the
facilitator (who drives the screen) and the scribe (who types). Without
flags it prints the roll call. Names match without regard to case.

The roll call is part of the record, but not of the content a sign-off
vouches for: taking it never makes a sign-off stale.`,
		Example: `  prr attend 3f9k --present "Kari Nordmann" --absent Ola --add "Åse Ødegård:dpo" \
      --facilitator Kari --scribe "Åse Ødegård"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var joined []review.Participant
			for _, s := range add {
				p, err := review.ParseParticipant(s)
				if err != nil {
					return usageErr("--add: %v", err)
				}
				joined = append(joined, p)
			}
			for _, p := range present {
				if slices.ContainsFunc(absent, func(q string) bool { return strings.EqualFold(strings.TrimSpace(p), strings.TrimSpace(q)) }) {
					return usageErr("%s is given as both present and absent", textsafe.Line(p))
				}
			}
			change := len(joined)+len(present)+len(absent) > 0 || cmd.Flags().Changed("facilitator") || cmd.Flags().Changed("scribe")
			s, err := a.openStore(!change)
			if err != nil {
				return err
			}
			var r *review.Review
			if change {
				r, err = s.Update(args[0], func(r *review.Review) error {
					return takeRollCall(r, joined, present, absent, facilitator, scribe, cmd.Flags().Changed("facilitator"), cmd.Flags().Changed("scribe"))
				})
			} else {
				r, err = s.Get(args[0])
			}
			if errors.Is(err, review.ErrUnknownPerson) {
				return usageErr("%v; add them with --add \"NAME:role\"", err)
			}
			if err != nil {
				return err
			}
			if change {
				a.log().Info("roll call", "id", r.ID, "actor", a.cfg.Actor)
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), rollCallJSON(r))
			}
			printRollCall(cmd.OutOrStdout(), r)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&present, "present", nil, "mark NAME present (repeatable)")
	f.StringArrayVar(&absent, "absent", nil, "mark NAME absent (repeatable)")
	f.StringArrayVar(&add, "add", nil, `add someone who joined, as "Name:role", marked present (repeatable)`)
	f.StringVar(&facilitator, "facilitator", "", `who drives the screen ("" clears it)`)
	f.StringVar(&scribe, "scribe", "", `who types ("" clears it)`)
	f.BoolVar(&asJSON, "json", false, "print the roll call as JSON")
	return cmd
}

// takeRollCall makes the changes in the order a person would: add who
// joined, mark, then name the facilitator and the scribe (who may be
// among those just added).
func takeRollCall(r *review.Review, joined []review.Participant, present, absent []string, facilitator, scribe string, setF, setS bool) error {
	for _, p := range joined {
		if err := r.AddAttendee(p); err != nil {
			return err
		}
	}
	for _, n := range present {
		if err := r.Mark(n, true); err != nil {
			return err
		}
	}
	for _, n := range absent {
		if err := r.Mark(n, false); err != nil {
			return err
		}
	}
	if setF {
		if err := r.SetFacilitator(facilitator); err != nil {
			return err
		}
	}
	if setS {
		return r.SetScribe(scribe)
	}
	return nil
}

func personStatus(p review.Person) string {
	switch {
	case !p.Marked:
		return "unmarked"
	case p.Present:
		return "present"
	}
	return "absent"
}

func rollCallJSON(r *review.Review) attendJSON {
	out := attendJSON{Review: r.ID, Facilitator: r.Meeting.Facilitator, Scribe: r.Meeting.Scribe, People: []attendPerson{}}
	for _, p := range r.People() {
		out.People = append(out.People, attendPerson{Name: p.Name, Role: p.Role, Status: personStatus(p)})
	}
	return out
}

func printRollCall(w io.Writer, r *review.Review) {
	L := textsafe.Line
	fmt.Fprintf(w, "Roll call of %s (%s)\n", L(r.Service), r.ID)
	people := r.People()
	if len(people) == 0 {
		fmt.Fprintln(w, `  nobody yet; add people with --add "NAME:role"`)
		return
	}
	counts := map[string]int{}
	for _, p := range people {
		st := personStatus(p)
		counts[st]++
		line := "  " + fmt.Sprintf("%-9s", st) + " " + L(p.Name)
		if p.Role != "" {
			line += " (" + L(p.Role) + ")"
		}
		var jobs []string
		if p.Name == r.Meeting.Facilitator {
			jobs = append(jobs, "facilitator")
		}
		if p.Name == r.Meeting.Scribe {
			jobs = append(jobs, "scribe")
		}
		if len(jobs) > 0 {
			line += " · " + strings.Join(jobs, ", ")
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%d present · %d absent · %d not marked\n", counts["present"], counts["absent"], counts["unmarked"])
}
