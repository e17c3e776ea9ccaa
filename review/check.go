package review

import (
	"fmt"
	"time"
)

// CheckOptions tune Check.
type CheckOptions struct {
	// MaxAge is how old the sign-off may be; 0 means no limit.
	MaxAge time.Duration
	// AllowConditions accepts ready-with-conditions as well as ready.
	AllowConditions bool
}

// Check says why a review may not gate a deploy: it must be signed off
// (see SignOffState), not blocked (nor, unless allowed, ready with
// conditions), and signed within MaxAge. No reasons means it passes.
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
	if o.MaxAge > 0 && st.State == SignedOff {
		signed := LastApproval(r, st.Hash)
		if age := now.Sub(signed); age > o.MaxAge {
			reasons = append(reasons, fmt.Sprintf("signed off on %s, %d days ago; older than the allowed %d days: hold a new review",
				signed.UTC().Format(dateLayout), int(age.Hours()/24), int(o.MaxAge.Hours()/24)))
		}
	}
	return reasons
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
