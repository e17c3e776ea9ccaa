package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

// recordCommands are the commands of the end of a meeting: sign-off, the
// CI gate and the record.
func recordCommands(a *app) []*cobra.Command {
	return append([]*cobra.Command{newSignoffCmd(a), newCheckCmd(a)}, exportCommands(a)...)
}

// signoffFlags are what a sign-off is made of, from the command line.
type signoffFlags struct {
	name, role, decision, comment string
	sign, statement               bool
	keyFile, fingerprint          string
	signatureFile, at             string
}

func newSignoffCmd(a *app) *cobra.Command {
	var f signoffFlags
	cmd := &cobra.Command{
		Use:   "signoff REVIEW --role ROLE --decision approve|approve-with-conditions|reject",
		Short: "Record a participant's sign-off of the review as it stands, signed with an SSH key if asked",
		Long: "signoff records a decision on the review's content as it is now. With --sign (a key of the running ssh-agent, " +
			"or --key FILE) the sign-off carries an SSH signature of its statement, which proves who gave it. To sign away " +
			"from prr (a hardware key, another machine), print the statement with --statement, sign it with " +
			"ssh-keygen -Y sign -n " + review.SignatureNamespace + ", and attach the signature with --signature FILE --at TIME. " +
			"See docs/signatures.md.",
		Example: `  prr signoff k3x9 --role sre --decision approve --sign
  prr signoff k3x9 --role sre --decision approve --key ~/.ssh/id_ed25519
  prr signoff k3x9 --role sre --decision approve --name "Kari Nordmann" --statement > statement.txt
  ssh-keygen -Y sign -n ` + review.SignatureNamespace + ` -f ~/.ssh/id_ed25519 statement.txt
  prr signoff k3x9 --role sre --decision approve --name "Kari Nordmann" --at 2026-03-14T10:05:00Z --signature statement.txt.sig`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, err := review.ParseDecision(f.decision)
			if err != nil {
				return usageErr("--decision: %v", err)
			}
			if f.name == "" {
				f.name = a.cfg.Actor
			}
			modes := 0
			for _, on := range []bool{f.statement, f.signatureFile != "", f.sign || f.keyFile != "" || f.fingerprint != ""} {
				if on {
					modes++
				}
			}
			if modes > 1 {
				return usageErr("--statement, --signature and --sign (or --key) are different ways to sign; give one")
			}
			if f.at != "" && f.signatureFile == "" && !f.statement {
				return usageErr("--at is the time of a statement signed away from prr; it goes with --statement or --signature")
			}
			switch {
			case f.statement:
				return printStatement(cmd, a, args[0], f, d)
			case f.signatureFile != "":
				return attachSignature(cmd, a, args[0], f, d)
			case f.sign || f.keyFile != "" || f.fingerprint != "":
				return signNow(cmd, a, args[0], f, d)
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			now := a.now()
			so, err := s.AddSignOff(args[0], func(r *review.Review) (review.SignOff, error) {
				return review.NewSignOff(r, f.name, f.role, d, f.comment, now)
			})
			if err != nil {
				return err
			}
			return reportSignOff(cmd.OutOrStdout(), a, args[0], so)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "who signs (default: the actor, see --as)")
	fl.StringVar(&f.role, "role", "", "their role, e.g. owner, sre, security, dpo")
	fl.StringVar(&f.decision, "decision", "", "approve, approve-with-conditions or reject (required)")
	fl.StringVar(&f.comment, "comment", "", "a comment, e.g. the conditions")
	fl.BoolVar(&f.sign, "sign", false, "sign with a key of the running ssh-agent (SSH_AUTH_SOCK)")
	fl.StringVar(&f.keyFile, "key", "", "sign with this private key file (an encrypted one asks for its passphrase)")
	fl.StringVar(&f.fingerprint, "key-fingerprint", "", "sign with the ssh-agent key of this fingerprint (SHA256:..., as ssh-add -l shows)")
	fl.BoolVar(&f.statement, "statement", false, "print the statement to sign with ssh-keygen -Y sign, and record nothing")
	fl.StringVar(&f.signatureFile, "signature", "", "attach this signature (ssh-keygen -Y sign's .sig file) of the statement")
	fl.StringVar(&f.at, "at", "", "the time written in the statement (its \"at:\" line), with --statement or --signature")
	return cmd
}

// printStatement prints the statement a sign-off would carry, for the
// signer to sign elsewhere, and on standard error how to go on.
func printStatement(cmd *cobra.Command, a *app, id string, f signoffFlags, d review.Decision) error {
	at, err := statementTime(a, f.at)
	if err != nil {
		return err
	}
	_, r, err := a.getReview(id)
	if err != nil {
		return err
	}
	so, err := review.NewSignedSignOff(r, f.name, f.role, d, f.comment, at)
	if err != nil {
		return err
	}
	if _, err := cmd.OutOrStdout().Write(review.Statement(r, so)); err != nil {
		return err
	}
	attach := fmt.Sprintf("prr signoff %s --role %s --decision %s --name %s --at %s", r.ID, shellQuote(so.Role), d, shellQuote(so.Name), so.At.Format(time.RFC3339))
	if so.Comment != "" {
		attach += " --comment " + shellQuote(so.Comment)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "Save this statement to a file, sign it with\n  ssh-keygen -Y sign -n %s -f KEY FILE\nand attach the signature (FILE.sig) with\n  %s --signature FILE.sig\nThe review must not change in between.\n",
		review.SignatureNamespace, textsafe.Line(attach))
	return nil
}

// statementTime is --at, or now.
func statementTime(a *app, at string) (time.Time, error) {
	if at == "" {
		return a.now(), nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return t, usageErr("--at %q: give the time from the statement's \"at:\" line, such as 2026-03-14T10:05:00Z", at)
	}
	if t.After(a.now().Add(review.ClockSkew)) {
		return t, usageErr("--at %s is later than now", at)
	}
	return t, nil
}

// attachSignature records a sign-off with a signature made away from prr
// over its statement, rebuilt from the review as it is now and the flags.
func attachSignature(cmd *cobra.Command, a *app, id string, f signoffFlags, d review.Decision) error {
	if f.at == "" {
		return usageErr("--signature needs --at: the time from the statement's \"at:\" line")
	}
	at, err := statementTime(a, f.at)
	if err != nil {
		return err
	}
	armored, err := userfile.Read(f.signatureFile, sshsign.MaxSignatureBytes)
	if err != nil {
		return fmt.Errorf("signature %s: %w", f.signatureFile, err)
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	so, err := s.AddSignOff(id, func(r *review.Review) (review.SignOff, error) {
		so, err := review.NewSignedSignOff(r, f.name, f.role, d, f.comment, at)
		if err != nil {
			return so, err
		}
		return so.WithSignature(r, armored)
	})
	if err != nil {
		return err
	}
	return reportSignOff(cmd.OutOrStdout(), a, id, so)
}

// signNow signs the statement of the review as it is with the user's key,
// then records the sign-off if the review is still as it was: the
// signature is made outside the database's lock (a security key may wait
// for a touch), and checked against the review again inside it.
func signNow(cmd *cobra.Command, a *app, id string, f signoffFlags, d review.Decision) error {
	signer, err := a.signer(f.keyFile, f.fingerprint)
	if err != nil {
		return err
	}
	s, err := a.openStore(false)
	if err != nil {
		return err
	}
	r, err := s.Get(id)
	if err != nil {
		return err
	}
	so, err := review.NewSignedSignOff(r, f.name, f.role, d, f.comment, a.now())
	if err != nil {
		return err
	}
	armored, err := sshsign.Sign(signer, review.Statement(r, so), review.SignatureNamespace)
	if err != nil {
		return err
	}
	stored, err := s.AddSignOff(id, func(now *review.Review) (review.SignOff, error) {
		return so.Reattach(now, []byte(armored))
	})
	if err != nil {
		return err
	}
	return reportSignOff(cmd.OutOrStdout(), a, id, stored)
}

// reportSignOff prints the recorded sign-off, and what its signature
// proves by the configured allowed signers.
func reportSignOff(w io.Writer, a *app, id string, so review.SignOff) error {
	_, r, err := a.getReview(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s signed %s as %s: %s (%s)\n", textsafe.Line(so.Name), r.ID, textsafe.Line(so.Role), so.Decision, so.Hash)
	if so.Signature == "" {
		return nil
	}
	allowed, err := a.allowedSigners()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "signature: %s\n", textsafe.Line(review.CheckSignature(r, so, allowed).Describe()))
	return nil
}

func newCheckCmd(a *app) *cobra.Command {
	var maxAge string
	var allowConditions, requireSigned bool
	cmd := &cobra.Command{
		Use:   "check REVIEW",
		Short: "Exit 0 only if the review is signed off, not blocked and recent (a CI gate)",
		Long: "check is for pipelines: it exits 0 when the review is signed off (no rejection, no stale sign-off, " +
			"every sign-off role approved), its verdict is ready (or ready-with-conditions with --allow-conditions), " +
			"it was signed within --max-age (or, unless --max-age is given, it has not passed the renewal date its checklist's valid_for " +
			"or the valid_for setting gives it), no sign-off is dated later than now, its history is an unbroken hash " +
			"chain and every signature verifies. With --require-signed (or require_signed in the config), every " +
			"required role's approval must also be signed with a key the allowed signers file allows, as must the " +
			"roles the template or the config's signed_roles require signed. Otherwise it exits 1 and prints each " +
			"reason on its own line. An empty or unreadable --max-age is an error (exit 2), never \"no limit\".",
		Example: "  prr check k3x9 --max-age 180d --allow-conditions --require-signed --allowed-signers .github/allowed_signers",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			age, err := review.ParseMaxAge(maxAge)
			if err != nil {
				return usageErr("--max-age: %v", err)
			}
			policy, err := a.signingPolicy(requireSigned)
			if err != nil {
				return err
			}
			r, hist, err := a.getReviewWith(args[0], true)
			if err != nil {
				return err
			}
			o := review.CheckOptions{MaxAge: age, AllowConditions: allowConditions, Signing: policy}
			if !cmd.Flags().Changed("max-age") && review.ValidFor(&r.Template, a.cfg.ValidFor) != "" {
				// The review's own renewal date, rather than a fixed age.
				o = review.CheckOptions{AllowConditions: allowConditions, Signing: policy, Renew: true, ValidFor: a.cfg.ValidFor}
			}
			reasons := review.Check(r, a.now(), o)
			if err := review.CheckIntegrity(r, hist); err != nil {
				reasons = append(reasons, err.Error())
			}
			out := cmd.OutOrStdout()
			if len(reasons) == 0 {
				fmt.Fprintf(out, "ok: %s (%s) is signed off and %s\n", r.ID, textsafe.Line(r.Service), review.Assess(r, a.now()).Verdict)
				return nil
			}
			for _, reason := range reasons {
				fmt.Fprintf(out, "%s: %s\n", r.ID, textsafe.Line(reason))
			}
			return &silentErr{code: exitFailure}
		},
	}
	cmd.Flags().StringVar(&maxAge, "max-age", "180d", "oldest acceptable sign-off: 180d, 26w, 6m, 1y or a duration such as 36h; off (or 0) for no limit. "+
		"Unless given, a review whose checklist (or the valid_for setting) says how long it stays valid is held to that instead")
	cmd.Flags().BoolVar(&allowConditions, "allow-conditions", false, "accept ready-with-conditions as well as ready")
	cmd.Flags().BoolVar(&requireSigned, "require-signed", false, "demand approvals signed with an allowed key for the required roles")
	return cmd
}
