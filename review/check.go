package review

import (
	"fmt"
	"time"
)

// CheckOptions tune Check.
type CheckOptions struct {
	// MaxAge is how old the sign-off may be; the zero MaxAge is no limit.
	MaxAge MaxAge
	// AllowConditions accepts ready-with-conditions as well as ready.
	AllowConditions bool
	// Signing is what is asked of signatures (see SigningProblems). A
	// signature that does not verify fails the check whatever it says.
	Signing SigningPolicy
	// Renew judges the review by its renewal date (RenewalOf, with
	// ValidFor as the valid_for setting) as well: an expired review fails.
	Renew    bool
	ValidFor Period
}

// ClockSkew is how far ahead of this machine's clock another machine's may
// be: a time later than now by more is not trusted (a sign-off dated 2099
// would pass any age limit forever).
const ClockSkew = time.Hour

// Check says why a review may not gate a deploy: it must be signed off
// (see SignOffState), not blocked (nor, unless allowed, ready with
// conditions), signed within MaxAge, not expired (with Renew), no current
// sign-off may be dated later than now (with ClockSkew to spare), and its
// signatures must satisfy o.Signing. No reasons means it passes.
func Check(r *Review, now time.Time, o CheckOptions) []string {
	var reasons []string
	as := Assess(r, now)
	switch {
	case as.Verdict == Blocked:
		reasons = append(reasons, "verdict is blocked: "+joinReasons(as.Reasons))
	case as.Verdict == ReadyWithConditions && !o.AllowConditions:
		reasons = append(reasons, "verdict is ready-with-conditions ("+joinReasons(as.Reasons)+"); pass --allow-conditions to accept it")
	}
	st := SignOffState(r)
	if st.State != SignedOff {
		reasons = append(reasons, fmt.Sprintf("review is %s, not signed off", st.State))
		for _, why := range st.Reasons {
			reasons = append(reasons, why)
		}
	}
	for _, s := range CurrentSignOffs(r) {
		if s.At.After(now.Add(ClockSkew)) {
			reasons = append(reasons, fmt.Sprintf("the sign-off by %s is dated %s, later than now: its time cannot be trusted; sign again",
				signer(s), s.At.UTC().Format("2006-01-02 15:04 UTC")))
		}
	}
	reasons = append(reasons, SigningProblems(r, o.Signing)...)
	if rn := RenewalOf(r, o.ValidFor, now); o.Renew && rn.Expired {
		reasons = append(reasons, fmt.Sprintf("signed off on %s and valid for %s, until %s: it expired on %s; hold the next review (prr new --from %s)",
			rn.Signed, rn.ValidFor, rn.ValidUntil, rn.ValidUntil.AddDays(1), r.ID))
	}
	if !o.MaxAge.Off() && st.State == SignedOff {
		signed := LastApproval(r, st.Hash)
		if age := now.Sub(signed); age > o.MaxAge.Dur {
			reasons = append(reasons, fmt.Sprintf("signed off on %s, %s; older than the allowed %s: hold a new review",
				signed.UTC().Format(dateLayout), o.MaxAge.ago(age), o.MaxAge))
		}
	}
	return reasons
}

// signer names who gave a sign-off: "Kari (owner)".
func signer(s SignOff) string {
	if s.Role == "" {
		return truncate(s.Name, 60)
	}
	return truncate(s.Name, 60) + " (" + truncate(s.Role, 40) + ")"
}

// LastApproval is when the review was last approved against hash.
func LastApproval(r *Review, hash string) time.Time {
	var t time.Time
	for _, s := range CurrentSignOffs(r) {
		if s.Decision.Approves() && !s.Stale(hash) && s.At.After(t) {
			t = s.At
		}
	}
	return t
}

func joinReasons(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += "; "
		}
		out += r
	}
	return out
}
