package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

// verifyJSON is what "prr verify --json" prints.
type verifyJSON struct {
	Record     string              `json:"record"`
	Format     string              `json:"format"`
	Hash       string              `json:"hash"`
	Recomputed bool                `json:"recomputed"`
	Proven     bool                `json:"proven"`
	Problems   []string            `json:"problems"`
	Notes      []string            `json:"notes"`
	SignOffs   []verifySignOffJSON `json:"signoffs"`
}

type verifySignOffJSON struct {
	Name      string                `json:"name"`
	Role      string                `json:"role,omitempty"`
	Decision  review.Decision       `json:"decision"`
	Hash      string                `json:"hash"`
	Matches   bool                  `json:"matches"`
	Signature review.SignatureCheck `json:"signature"`
}

func newVerifyCmd(a *app) *cobra.Command {
	var asJSON, hashOnly, requireSigned bool
	cmd := &cobra.Command{
		Use:   "verify RECORD",
		Short: "Prove what a record says: its content hash, signatures, signers' roles and history",
		Long: "verify checks an exported record and prints one line per finding. For a JSON record it recomputes the " +
			"content hash, checks that every current sign-off was given to that content, that the history is an " +
			"unbroken hash chain (naming the first broken link) reaching the heads the sign-offs name, that every " +
			"signature verifies over its sign-off's statement, and, with an allowed signers file (--allowed-signers, " +
			"PRR_ALLOWED_SIGNERS or allowed_signers in the config), that each key may sign and each signed role's " +
			"rules hold. It exits 0 only when everything it was asked to prove holds. A Markdown record cannot be " +
			"recomputed from what it shows: verify exits 1 for one unless --hash-only accepts a check of the hash it " +
			"states, its sign-off table and its signed statements.",
		Example: `  prr verify payments.json --allowed-signers allowed_signers
  prr verify payments.md --hash-only --allowed-signers allowed_signers
  prr verify payments.json --require-signed --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			policy, err := a.signingPolicy(requireSigned)
			if err != nil {
				return err
			}
			data, err := userfile.Read(args[0], export.MaxJSONBytes)
			if err != nil {
				return fmt.Errorf("verify %s: %w", args[0], err)
			}
			rep, err := export.VerifyWith(bytes.NewReader(data), export.VerifyOptions{Signing: policy, HashOnly: hashOnly})
			if err != nil {
				return fmt.Errorf("verify %s: %w", args[0], err)
			}
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), verifyReportJSON(args[0], rep)); err != nil {
					return err
				}
			} else {
				printVerify(cmd.OutOrStdout(), rep)
			}
			if !rep.Proven() {
				return &silentErr{code: exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as JSON")
	cmd.Flags().BoolVar(&hashOnly, "hash-only", false, "accept a Markdown record's check of its stated hash and signatures, which cannot see an edit of its content")
	cmd.Flags().BoolVar(&requireSigned, "require-signed", false, "demand approvals signed with an allowed key for the required roles")
	return cmd
}

func verifyReportJSON(record string, rep export.VerifyReport) verifyJSON {
	out := verifyJSON{Record: record, Format: rep.Format, Hash: rep.Hash, Recomputed: rep.Recomputed, Proven: rep.Proven(),
		Problems: append([]string{}, rep.Problems...), Notes: append([]string{}, rep.Notes...), SignOffs: []verifySignOffJSON{}}
	for _, s := range rep.SignOffs {
		out.SignOffs = append(out.SignOffs, verifySignOffJSON{Name: s.Name, Role: s.Role, Decision: s.Decision, Hash: s.Hash, Matches: s.Matches, Signature: s.Signature})
	}
	return out
}

// printVerify prints the report: what was checked, then one line per
// problem and per note, then the outcome.
func printVerify(w io.Writer, rep export.VerifyReport) {
	how := "as stated in the record; a Markdown record cannot be recomputed"
	if rep.Recomputed {
		how = "recomputed from the record"
	}
	fmt.Fprintf(w, "format: %s\ncontent hash: %s — %s\n", rep.Format, rep.Hash, how)
	for _, s := range rep.SignOffs {
		mark := "matches"
		if !s.Matches {
			mark = "DOES NOT MATCH (stale or altered)"
		}
		fmt.Fprintf(w, "  %s (%s) %s: %s · %s\n", textsafe.Line(s.Name), textsafe.Line(s.Role), textsafe.Line(string(s.Decision)), mark, textsafe.Line(s.Signature.State.Label()))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "FAIL: %s\n", textsafe.Line(p))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", textsafe.Line(n))
	}
	if rep.Proven() {
		fmt.Fprintln(w, "verified: everything asked was proven")
		return
	}
	fmt.Fprintf(w, "NOT VERIFIED: %d problem(s)\n", len(rep.Problems))
}
