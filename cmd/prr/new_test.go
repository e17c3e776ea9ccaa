package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNewParticipantsAndInvisibleNames(t *testing.T) {
	prrEnv(t)
	r := runPrr(t, "new", "--service", "svc", "--participant", "Dr. Who: The Doctor:sre", "--participant", "Kari Nordmann")
	if r.code != 0 {
		t.Fatalf("prr new: %d %s", r.code, r.stderr)
	}
	show := runPrr(t, "show", strings.TrimSpace(r.stdout), "--json")
	var got struct {
		Review struct {
			Participants []struct{ Name, Role string }
		}
	}
	if err := json.Unmarshal([]byte(show.stdout), &got); err != nil {
		t.Fatal(err)
	}
	ps := got.Review.Participants
	if len(ps) != 2 || ps[0].Name != "Dr. Who: The Doctor" || ps[0].Role != "sre" || ps[1].Name != "Kari Nordmann" || ps[1].Role != "" {
		t.Errorf("participants %+v", ps)
	}
	for _, svc := range []string{"\u200b", "\u200e\u202e\u2069", "\u3164"} {
		r := runPrr(t, "new", "--service", svc)
		if r.code != 2 || !strings.Contains(r.stderr, "prr: the service name has nothing visible in it") {
			t.Errorf("--service %q: exit %d, %q", svc, r.code, r.stderr)
		}
	}
	if r := runPrr(t, "list", "--json"); strings.Count(r.stdout, `"id"`) != 1 {
		t.Errorf("a review with an invisible name was created: %s", r.stdout)
	}
}
