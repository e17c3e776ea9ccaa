package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// TestListRowMatchesSummary: a list row encodes to the very bytes of the
// summary it comes from, with every field set, with every optional field
// empty, and for times in other zones and at the zero time. A field added
// to review.Summary and not to listRow fails here.
func TestListRowMatchesSummary(t *testing.T) {
	oslo := time.FixedZone("Oslo", 3600)
	full := review.Summary{
		ID: "abcd2345", Service: "pay<ments>&\"api\"", Team: "payments", Owner: "Kari \u2028Nordmann",
		TemplateID: "standard", TemplateVersion: 3, TemplateTitle: "Standard",
		Verdict: review.ReadyWithConditions, State: review.SignedOff,
		Answered: 7, Total: 80, Blocking: 2, RequiredLeft: 1, Parked: 4, OpenActions: 3, Score: 87.5,
		CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 123456789, oslo), UpdatedAt: time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC),
		VerdictUntil: "2027-01-31", Standing: review.StandingBlocked,
		SignedAt: time.Date(2026, 11, 30, 10, 0, 0, 5, oslo), ValidFor: "180d", NextDeadline: "2027-01-15",
		ValidUntil: "2027-05-29", Expired: true,
	}
	// Every field of the summary must be set above, or the comparison
	// proves nothing about it.
	v := reflect.ValueOf(full)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("the test summary leaves %s empty", v.Type().Field(i).Name)
		}
	}
	for name, s := range map[string]review.Summary{"full": full, "empty": {}} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(newListRow(s))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n row     %s\n summary %s", name, got, want)
		}
	}
}
