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

// list --json and show --json may land on a terminal: a C1 control or a
// bidi override in a name is written as a \u escape, never raw, and reads
// back as the same text.
func TestJSONOutputEscapesTerminalControls(t *testing.T) {
	prrEnv(t)
	svc := "pay\u009b2Jments \u202eipa\u202c"
	r := runPrr(t, "new", "--service", svc, "--owner", "Kari\u200f", "--team", "team\u009d0;x")
	if r.code != 0 {
		t.Fatalf("prr new: %d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	for _, args := range [][]string{{"list", "--json"}, {"show", id, "--json"}, {"export", id, "--format", "json"}} {
		out := runPrr(t, args...).stdout
		for _, raw := range []string{"\u009b", "\u009d", "\u202e", "\u202c", "\u200f"} {
			if strings.Contains(out, raw) {
				t.Errorf("prr %s writes %U raw", strings.Join(args, " "), []rune(raw)[0])
			}
		}
		if !strings.Contains(out, `pay\u009b2Jments \u202eipa\u202c`) {
			t.Errorf("prr %s: the service is not escaped: %s", strings.Join(args, " "), out)
		}
	}
	var rows []struct{ Service string }
	if err := json.Unmarshal([]byte(runPrr(t, "list", "--json").stdout), &rows); err != nil || len(rows) != 1 || rows[0].Service != svc {
		t.Errorf("list --json reads back as %+v, %v", rows, err)
	}
}
