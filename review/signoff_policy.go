package review

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prr-dev/prr/review/sshsign"
)

// RoleRule says that a sign-off role's approval must be signed, and, if
// Principals is not empty, by a key the allowed signers give one of these
// principals (patterns with '*' and '?', as in allowed_signers). A rule
// with principals requires a signature whatever Signed says: only a
// signature names a principal.
type RoleRule struct {
	Role       string   `json:"role"`
	Signed     bool     `json:"signed,omitempty"`
	Principals []string `json:"principals,omitempty"`
}

// NeedsSignature reports whether the rule asks for a signature at all.
func (r RoleRule) NeedsSignature() bool { return r.Signed || len(r.Principals) > 0 }

// admits reports whether one of principals matches the rule's patterns.
func (r RoleRule) admits(principals []string) bool {
	if len(r.Principals) == 0 {
		return true
	}
	for _, p := range principals {
		for _, pattern := range r.Principals {
			if sshsign.MatchList(p, pattern) {
				return true
			}
		}
	}
	return false
}

// SigningPolicy is what the deploy gate and verify ask of signatures.
type SigningPolicy struct {
	// Allowed is the allowed signers file; nil when none was given, and
	// then no signature proves who signed.
	Allowed *sshsign.AllowedSigners
	// RequireSigned asks every required role's approval to be signed and
	// valid (prr check --require-signed): the template's sign-off roles,
	// or, for a template without any, every current approval.
	RequireSigned bool
	// Rules are rules of the configuration, on top of the template's own.
	Rules []RoleRule
}

// rulesFor gathers the rules that apply to role: the template's and the
// policy's.
func (p SigningPolicy) rulesFor(t *Template, role string) []RoleRule {
	var out []RoleRule
	for _, rs := range [][]RoleRule{t.SignoffRules, p.Rules} {
		for _, r := range rs {
			if r.Role == role && r.NeedsSignature() {
				out = append(out, r)
			}
		}
	}
	return out
}

// RoleNeedsSignature reports whether the policy or the template asks for
// role's approval to be signed: the sign-off screen signs it by default.
func (p SigningPolicy) RoleNeedsSignature(t *Template, role string) bool {
	if len(p.rulesFor(t, role)) > 0 {
		return true
	}
	return p.RequireSigned && (len(t.SignoffRoles) == 0 || slices.Contains(t.SignoffRoles, role))
}

// SigningProblems lists why the review's signatures do not satisfy the
// policy; none means they do. A signature that does not verify is always a
// problem, asked for or not: it is a sign of tampering. Otherwise, each
// role the policy or the template requires signed needs a current,
// non-stale approval whose signature is valid and whose principal every
// rule for the role admits.
func SigningProblems(r *Review, p SigningPolicy) []string {
	var problems []string
	for _, s := range CurrentSignOffs(r) {
		if c := CheckSignature(r, s, nil); c.State == SignatureInvalid {
			problems = append(problems, fmt.Sprintf("the signature of the sign-off by %s is invalid: %s", signer(s), c.Reason))
		}
	}
	return append(problems, RoleSigningProblems(r, p)...)
}

// RoleSigningProblems is SigningProblems without the invalid signatures:
// only why the roles that must be signed are not.
func RoleSigningProblems(r *Review, p SigningPolicy) []string {
	var problems []string
	hash := ContentHash(r)
	current := CurrentSignOffs(r)
	checks := make([]SignatureCheck, len(current))
	for i, s := range current {
		checks[i] = CheckSignature(r, s, p.Allowed)
	}
	roles := map[string]bool{}
	var order []string
	need := func(role string) {
		if !roles[role] {
			roles[role] = true
			order = append(order, role)
		}
	}
	for _, rs := range [][]RoleRule{r.Template.SignoffRules, p.Rules} {
		for _, rule := range rs {
			if rule.NeedsSignature() {
				need(rule.Role)
			}
		}
	}
	if p.RequireSigned {
		for _, role := range r.Template.SignoffRoles {
			need(role)
		}
		if len(r.Template.SignoffRoles) == 0 {
			for _, s := range current {
				if s.Decision.Approves() && !s.Stale(hash) {
					need(s.Role)
				}
			}
		}
	}
	if len(order) > 0 && p.Allowed == nil {
		return append(problems, "a signed approval is required, but no allowed signers file was given (allowed_signers in the config, --allowed-signers or PRR_ALLOWED_SIGNERS): without one no signature proves who signed")
	}
	for _, role := range order {
		if why := roleProblem(r, role, p.rulesFor(&r.Template, role), current, checks, hash); why != "" {
			problems = append(problems, why)
		}
	}
	return problems
}

// roleProblem says why no current approval proves role, or "".
func roleProblem(r *Review, role string, rules []RoleRule, current []SignOff, checks []SignatureCheck, hash string) string {
	var seen []string
	for i, s := range current {
		if s.Role != role || !s.Decision.Approves() || s.Stale(hash) {
			continue
		}
		c := checks[i]
		if !c.State.Proven() {
			seen = append(seen, fmt.Sprintf("%s's approval: %s", truncate(s.Name, 60), c.State.Label()))
			continue
		}
		admitted := true
		for _, rule := range rules {
			admitted = admitted && rule.admits(c.Principals)
		}
		if admitted {
			return ""
		}
		seen = append(seen, fmt.Sprintf("%s's approval is signed by %s, whom the role's rule does not admit", truncate(s.Name, 60), strings.Join(c.Principals, ", ")))
	}
	roleName := role
	if roleName == "" {
		roleName = "(no role)"
	}
	why := fmt.Sprintf("role %s needs an approval signed with an allowed key", roleName)
	var patterns []string
	for _, rule := range rules {
		patterns = append(patterns, rule.Principals...)
	}
	if len(patterns) > 0 {
		why += " of " + strings.Join(slices.Compact(patterns), ", ")
	}
	if len(seen) == 0 {
		return why + ", and has no current approval"
	}
	return why + ": " + strings.Join(seen, "; ")
}
