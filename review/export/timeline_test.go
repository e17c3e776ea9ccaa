package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// carriedReview is the next review of the rich one, on a newer checklist
// whose removed item has a hostile title, with valid_for; one answer is
// confirmed and changed, the rest still to confirm.
func carriedReview(t testing.TB) (prev, next *review.Review) {
	prev = richReview(t)
	prev.Template.Sections[0].Items[3].Title = "Tracing | " + hostileScript // removed below
	tm := richTemplate()
	tm.Version, tm.ValidFor = 4, "180d"
	tm.Sections[0].Items = tm.Sections[0].Items[:3]
	tm.Sections[0].Items[0].Guidance = "Now with an error budget."
	tm.Sections[1].Items = append(tm.Sections[1].Items, review.Item{ID: "restore-drill", Title: "Restore drill " + hostileImg, Level: 1})
	next, err := review.NewReview("m2p4q7ra", tm, prev.Meta(), at("2026-09-01 09:00"), "kari")
	if err != nil {
		t.Fatal(err)
	}
	review.CarryOver(next, prev)
	next.Answers["dashboards"] = review.Answer{Status: review.Pass, Note: "Built " + hostileESC}
	next.UpdatedAt = at("2026-09-01 10:00")
	return prev, next
}

func TestRecordOfACarriedReview(t *testing.T) {
	_, r := carriedReview(t)
	var buf bytes.Buffer
	if err := Markdown(&buf, r, Options{Version: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	checkTableLines(t, buf.Bytes())
	checkSafe(t, buf.Bytes())
	for _, want := range []string{
		"| Valid until | 180d from its sign-off |",
		"Carried over from review `k3x9m2qa`: the answers were given against version 3 of the checklist, this is version 4 (1 new, 1 changed, 1 removed item(s)).",
		"answer(s) carried over are still to confirm and do not count yet.",
		"id `slo-defined` · **to confirm** (carried over) · changed in this checklist version: guidance",
		"id `restore-drill` · new in this checklist version",
		"### Removed from the checklist",
		"- `tracing` Tracing \\| &lt;script>alert(1)&lt;/script> (was n/a)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the record lacks %q", want)
		}
	}
	if strings.Contains(out, "id `dashboards` · **to confirm**") {
		t.Error("a changed answer is still marked to confirm")
	}
	// Signed off, it is valid for 180 days from the day of the sign-off in
	// the record's zone, and the record says so; a day later it is expired.
	so, err := review.NewSignOff(r, "Kari", "owner", review.Approve, "", at("2026-09-01 23:30"))
	if err != nil {
		t.Fatal(err)
	}
	r.SignOffs = []review.SignOff{so}
	r.Template.SignoffRoles = nil
	so, _ = review.NewSignOff(r, "Kari", "owner", review.Approve, "", at("2026-09-01 23:30"))
	r.SignOffs = []review.SignOff{so}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	for zone, want := range map[*time.Location]string{nil: "| Valid until | 2027-02-28 (180d from the sign-off on 2026-09-01) |", oslo: "| Valid until | 2027-03-01 (180d from the sign-off on 2026-09-02) |"} {
		buf.Reset()
		if err := Markdown(&buf, r, Options{Zone: zone}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("zone %v: the record lacks %q", zone, want)
		}
	}
}

func TestComparisonMarkdown(t *testing.T) {
	prev, next := carriedReview(t)
	var buf bytes.Buffer
	ComparisonMarkdown(&buf, review.Compare(prev, next, time.UTC))
	out := buf.String()
	checkTableLines(t, buf.Bytes())
	d := checkSafe(t, buf.Bytes())
	if n := len(d.headings()); n != 3 {
		t.Errorf("%d headings, want 3:\n%s", n, out)
	}
	for _, want := range []string{
		"## Changes since the last review",
		"| dashboards \\# Dashboards exist for \\`golden signals\\` | improved | fail → pass | note changed; evidence +0 −3 |",
		"| restore-drill Restore drill &lt;img src=x onerror=alert(1)> | new | unanswered now |",
		"| tracing Tracing \\| &lt;script>alert(1)&lt;/script> | removed | was n/a |",
		"| slo-defined SLIs and SLOs are defined and measured | changed | guidance |",
		"still to confirm.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the comparison lacks %q:\n%s", want, out)
		}
	}
}

func TestHistoryAndDigestMarkdown(t *testing.T) {
	prev, next := carriedReview(t)
	next.Service = "payments | " + hostileScript
	var buf bytes.Buffer
	HistoryMarkdown(&buf, review.HistoryOf([]*review.Review{prev, next}, at("2026-09-02 09:00"), ""))
	checkTableLines(t, buf.Bytes())
	checkSafe(t, buf.Bytes())
	if out := buf.String(); !strings.Contains(out, "## Reviews of payments \\| &lt;script>") || !strings.Contains(out, "| k3x9m2qa | 2026-01-12 | payments-prr v3 |") {
		t.Errorf("history:\n%s", out)
	}
	buf.Reset()
	d := review.Digest{Today: "2026-09-02", Until: "2026-10-02", Groups: []review.DueGroup{{
		Team: "Payments | Core", Owner: hostileImg,
		Renewals: []review.DueRenewal{{Review: "k3x9m2qa", Service: hostileScript, ValidUntil: "2026-09-01", Expired: true, Underway: "m2p4q7ra"}},
		Waivers:  []review.DueWaiver{{Review: "k3x9m2qa", Service: "s", Item: "ros", Title: "t", AcceptedBy: hostileESC, Expires: "2026-02-28", Expired: true}},
		Actions:  []review.DueAction{{Review: "k3x9m2qa", Service: "s", Item: "ros", Text: "[x](javascript:alert(1))", Due: "2026-09-10"}},
	}}}
	DigestMarkdown(&buf, d)
	checkSafe(t, buf.Bytes())
	out := buf.String()
	for _, want := range []string{"1 review(s) to renew, 1 waiver(s) expiring, 1 action item(s) due, 0 review(s) on an older checklist; 2 already late.",
		"### Team Payments \\| Core · owner &lt;img", "**expired**, it was valid until 2026-09-01; review m2p4q7ra is under way"} {
		if !strings.Contains(out, want) {
			t.Errorf("the digest lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	DigestMarkdown(&buf, review.Digest{Today: "2026-09-02", Until: "2026-10-02"})
	if !strings.Contains(buf.String(), "Nothing is due by 2026-10-02.") {
		t.Errorf("an empty digest: %s", buf.String())
	}
}
