#!/usr/bin/env bash
# End-to-end test of a whole meeting on the walk screen, in tmux at 80x24
# (the default terminal, and what a large shared font gives): the roll call
# (present, absent, someone who joined late, the facilitator and the
# scribe), a section that runs over its one-minute timebox, an action item
# typed with no pause between its fields, a / search, a parked item, a jump
# from the summary, a note interrupted by ctrl+c; then a second sitting
# that opens where the first stopped. `prr show --json` and `prr export`
# must then hold exactly what was typed, who was there, the time and the
# parking lot. The section starts with 50 seconds spent, so the timebox
# runs out about ten seconds into the walk.
#
# Run from the repository root: bash .ci/e2e-meeting.sh
# Needs: go, tmux. Exits non-zero on the first failure, and prints the pane.
set -euo pipefail

cd "$(dirname "$0")/.."

tmp="$(mktemp -d -t prr-meeting.XXXXXX)"
name=meeting
# shellcheck source=.ci/e2e-lib.sh
. .ci/e2e-lib.sh

# start_prr: prr open on the review, in a fresh 80x24 session.
start_prr() {
	tmux kill-session -t "$session" 2>/dev/null || true
	tmux new-session -d -s "$session" -x 80 -y 24 -c "$tmp" \
		-e XDG_DATA_HOME="$XDG_DATA_HOME" -e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e XDG_STATE_HOME="$XDG_STATE_HOME" \
		-e TERM=xterm-256color \
		"$tmp/prr open $id; echo PRR-EXITED-\$?; sleep 30"
}


step "building prr"
go build -o "$tmp/prr" ./cmd/prr || fail "go build failed"

export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
unset PRR_DB PRR_CONFIG PRR_TEMPLATES_DIR

cat >"$tmp/meeting.yaml" <<'EOF'
id: meeting-e2e
version: 1
title: Meeting checklist
sections:
  - id: ownership
    title: Ownership
    timebox: 1
    items:
      - id: owner-named
        title: A named team owns the service
        required: true
      - id: oncall
        title: An on-call rota covers the service around the clock
        required: true
  - id: data
    title: Data and recovery
    items:
      - id: backups
        title: Backups are taken and a restore has been tested
        required: true
        tags: [backup]
      - id: dpia
        title: A data protection impact assessment is done
        required: true
      - id: restore-drill
        title: A restore drill is on the calendar
EOF

id="$("$tmp/prr" new --service meeting-svc --template "$tmp/meeting.yaml" --team payments \
	--participant "Kari Nordmann:owner" --participant "Ola Sørensen:sre" --participant "王小明:security")" ||
	fail "prr new failed"
step "review $id created"

# The Ownership section has a one-minute timebox. Rather than sit through
# the minute, the review comes back in through a JSON record with 50
# seconds already spent on it, as after an earlier sitting: the walk then
# runs it over in about ten seconds, and the record shows the minute.
"$tmp/prr" export "$id" --format json -o "$tmp/seed.json" || fail "prr export --format json failed"
sed -i 's/^    "answers": {},$/    "answers": {},\n    "meeting": {"section_seconds": {"ownership": 50}},/' "$tmp/seed.json"
grep -q '"section_seconds"' "$tmp/seed.json" || fail "could not seed the section's time"
"$tmp/prr" import "$tmp/seed.json" --replace >/dev/null || fail "prr import --replace failed"

start_prr
wait_for "item 1/5"
wait_for "section 0m"
wait_for "/1m"

step "roll call"
keys r
wait_for "Roll call · meeting-svc"
keys y
wait_for "1 present"
keys y
wait_for "2 present"
keys n
wait_for "1 absent"
keys a
wait_for "Who joined?"
type_text "Siri Hansen:security"
keys Enter
wait_for "Siri Hansen: joined"
keys k k k
keys f
wait_for "facilitator: Kari Nordmann"
keys j
keys s
wait_for "scribe: Ola Sørensen"
keys Escape
wait_for "item 1/5"

step "a section past its timebox (one minute, 50 seconds of it seeded)"
wait_for "/1m over" 30

step "answering, and an action item typed with no pauses"
keys y
wait_for "saved pass"
wait_for "item 2/5"
# One send-keys: every key is in the terminal before prr reads the first.
keys t "Pair Ola on the rota" Enter "Åse Ødegård" Enter "2030-01-15" Enter
wait_for "saved action item"
wait_for "Pair Ola on the rota"
keys y
wait_for "item 3/5"

step "searching with /"
keys 1
wait_for "item 1/5"
keys /
wait_for "Find an item"
type_text "backup" # b, a, c, k, u, p: none of them may answer anything
wait_for "1 found"
keys Enter
wait_for "item 3/5"
keys y
wait_for "item 4/5"

step "parking an item"
keys P
wait_for "Park this item for later"
type_text "ask the DBA"
keys Enter
wait_for "parked: ask the DBA"

step "jumping from the summary"
keys 1
wait_for "item 1/5"
keys s
wait_for "Summary · meeting-svc"
keys j
wait_for "› · Data and recovery › A data protection"
keys Enter
wait_for "item 4/5"

step "a note interrupted by ctrl+c"
keys e
wait_for "esc saves and closes"
type_text "Restores are tested every quarter"
wait_for "Restores are tested every quarter"
keys C-c
wait_for "PRR-EXITED-0"

step "a second sitting opens where the first stopped"
start_prr
wait_for "item 4/5"
wait_for "Restores are tested every quarter"
keys q
wait_for "STANDING"
keys q
wait_for "PRR-EXITED-0"

step "checking prr show --json"
"$tmp/prr" show "$id" --json >"$tmp/show.json" || fail "prr show --json failed"
mkdir -p "$tmp/check"
cat >"$tmp/check/main.go" <<'EOF'
// Checks prr show --json after the meeting.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
)

type show struct {
	Review struct {
		Answers map[string]struct {
			Status  string `json:"status"`
			Note    string `json:"note"`
			Actions []struct {
				Text  string `json:"text"`
				Owner string `json:"owner"`
				Due   string `json:"due"`
			} `json:"actions"`
		} `json:"answers"`
		Meeting struct {
			Attendance []struct {
				Name    string `json:"name"`
				Role    string `json:"role"`
				Present bool   `json:"present"`
			} `json:"attendance"`
			Facilitator string `json:"facilitator"`
			Scribe      string `json:"scribe"`
			Sittings    []struct {
				Present []string `json:"present"`
			} `json:"sittings"`
			SectionSeconds map[string]int `json:"section_seconds"`
			Parked         map[string]struct {
				Note string `json:"note"`
			} `json:"parked"`
			Position string `json:"position"`
		} `json:"meeting"`
	} `json:"review"`
	Assessment struct {
		Standing struct {
			Kind string `json:"kind"`
			Left int    `json:"required_left"`
		} `json:"standing"`
	} `json:"assessment"`
}

func main() {
	var s show
	data, err := os.ReadFile(os.Args[1])
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	if err != nil {
		fmt.Println("cannot read the JSON:", err)
		os.Exit(1)
	}
	bad := 0
	check := func(ok bool, format string, args ...any) {
		if !ok {
			fmt.Printf("FAIL: "+format+"\n", args...)
			bad++
		}
	}
	a, m := s.Review.Answers, s.Review.Meeting
	for _, id := range []string{"owner-named", "oncall", "backups"} {
		check(a[id].Status == "pass", "%s is %q, want pass", id, a[id].Status)
	}
	ac := a["oncall"].Actions
	check(len(ac) == 1 && ac[0].Text == "Pair Ola on the rota" && ac[0].Owner == "Åse Ødegård" && ac[0].Due == "2030-01-15",
		"the action item typed with no pauses was stored as %+v", ac)
	check(a["dpia"].Note == "Restores are tested every quarter", "the note cut by ctrl+c is %q", a["dpia"].Note)
	check(len(a) == 4, "%d items have answers, want 4 (a search answered something?)", len(a))

	present := map[string]bool{}
	for _, p := range m.Attendance {
		present[p.Name] = p.Present
	}
	want := map[string]bool{"Kari Nordmann": true, "Ola Sørensen": true, "王小明": false, "Siri Hansen": true}
	check(reflect.DeepEqual(present, want), "attendance %v, want %v", present, want)
	check(m.Facilitator == "Kari Nordmann" && m.Scribe == "Ola Sørensen", "facilitator %q, scribe %q", m.Facilitator, m.Scribe)
	check(len(m.Sittings) >= 1 && len(m.Sittings[0].Present) == 3, "sittings %+v", m.Sittings)
	check(m.SectionSeconds["ownership"] >= 60, "ownership took %ds, want a minute or more", m.SectionSeconds["ownership"])
	check(m.Parked["dpia"].Note == "ask the DBA", "parking lot %+v", m.Parked)
	check(m.Position == "dpia", "position %q, want dpia", m.Position)
	st := s.Assessment.Standing
	check(st.Kind == "in-progress" && st.Left == 1, "standing %+v, want in progress with 1 left", st)
	if bad > 0 {
		os.Exit(1)
	}
}
EOF
(cd "$tmp/check" && go mod init check >/dev/null 2>&1 && go run . "$tmp/show.json") || fail "prr show --json does not hold the meeting"

step "checking the record"
"$tmp/prr" export "$id" -o "$tmp/record.md" || fail "prr export failed"
for want in "| Present | Kari Nordmann (owner), Ola Sørensen (sre), Siri Hansen (security) |" \
	"| Absent | 王小明 (security) |" "| Facilitator | Kari Nordmann |" "## Parking lot" "ask the DBA" \
	"of 1m (**over**)" "Pair Ola on the rota" "Restores are tested every quarter"; do
	grep -qF -- "$want" "$tmp/record.md" || {
		cat "$tmp/record.md" >&2
		fail "the record lacks: $want"
	}
done

grep -qE '^\| 1\. Ownership \|.*\| 1m[0-9]{2}s of 1m \(\*\*over\*\*\) \|$' "$tmp/record.md" ||
	fail "the record does not show the minute and seconds spent on Ownership against its timebox"

step "OK"
