#!/usr/bin/env bash
# End-to-end test of the review TUI: build the real binary, start it in a
# detached tmux session with a temporary database, create a review through
# the new-review form, answer items with y/n/p, add a note (e, type, esc)
# and an action item (t); sign off as three participants (S); preview the
# record and write it to a file (x, w; a second w must ask before
# overwriting); quit, and check with `prr show --json` that every answer,
# the note, the action item and the three sign-offs were stored, and that
# the record file is the one `prr export` writes.
#
# Run from the repository root: bash .ci/e2e-tui.sh
# Needs: go, tmux. Exits non-zero on the first failure, and prints the pane.
set -euo pipefail

cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
name=tui
# shellcheck source=.ci/e2e-lib.sh
. .ci/e2e-lib.sh


step "building prr"
go build -o "$tmp/prr" ./cmd/prr || fail "go build failed"

export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
unset PRR_DB PRR_CONFIG PRR_TEMPLATES_DIR

step "starting prr in tmux (100x30)"
mkdir -p "$tmp/records"
tmux new-session -d -s "$session" -x 100 -y 30 -c "$tmp/records" \
	-e XDG_DATA_HOME="$XDG_DATA_HOME" -e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" -e XDG_STATE_HOME="$XDG_STATE_HOME" \
	-e TERM=xterm-256color \
	"$tmp/prr; echo PRR-EXITED-\$?; sleep 30"
wait_for "Welcome to prr"

step "creating a review through the form"
keys n
wait_for "New review · 1/2"
type_text "e2e-service"
keys Enter
wait_for "┃ Team"
type_text "e2e-team"
keys Enter
wait_for "┃ Owner"
type_text "Kari Nordmann"
keys Enter
wait_for "New review · 2/2"
keys Enter # the first checklist
wait_for "┃ Participants"
type_text "Kari Nordmann:owner"
keys C-j
type_text "Ola Nordmann:sre"
wait_for "Ola Nordmann:sre"
keys Enter
wait_for "created the review of e2e-service"
id="$(tmux capture-pane -p -t "$session" | grep -o 'created the review of e2e-service ([0-9a-z]*)' | sed 's/.*(\(.*\))/\1/' | head -n1)"
[ -n "$id" ] || fail "could not read the new review's id from the screen"
step "review $id created"
wait_for "item 1/"

step "answering items with y, n, p"
keys y
wait_for "saved pass"
wait_for "item 2/"
keys n
wait_for "saved fail"
wait_for "item 3/"
keys p
wait_for "saved partial"
wait_for "item 4/"

step "adding a note with e"
keys e
wait_for "esc saves and closes"
type_text "Noted in the e2e run."
wait_for "Noted in the e2e run."
keys Escape
wait_for "saved note"

step "adding an action item with t"
keys t
wait_for "What needs to be done?"
type_text "Write the e2e runbook"
keys Enter
wait_for "┃ Owner"
type_text "Ola Nordmann"
keys Enter
wait_for "┃ Due"
type_text "2030-01-31"
keys Enter
wait_for "saved action item"
wait_for "Write the e2e runbook"

step "signing off as three participants with S"
keys S
wait_for "Who signs?"
wait_for "> Kari Nordmann"
keys Enter
wait_for "Sign-off by Kari Nordmann"
keys Enter # the role, filled in from the participant
wait_for "┃ Decision"
keys Enter # approve
wait_for "┃ Comment"
type_text "Ready for launch"
keys Enter
wait_for "Approve anyway?" # the review is not finished: prr asks first
keys y
wait_for "signed: Kari Nordmann (owner): approve"
wait_for "> Ola Nordmann"
keys Enter
wait_for "Sign-off by Ola Nordmann"
keys Enter
wait_for "┃ Decision"
keys Down
wait_for "> approve with conditions"
keys Enter
wait_for "┃ Comment"
type_text "Runbook before go-live"
keys Enter
wait_for "Approve anyway?"
keys y
wait_for "signed: Ola Nordmann (sre): approve with conditions"
wait_for "> Someone else"
keys Enter
wait_for "┃ Name"
type_text "Siri Hansen"
keys Enter
wait_for "┃ Role"
type_text "security"
keys Enter
wait_for "┃ Decision"
keys Enter
wait_for "┃ Comment"
keys Enter
wait_for "Approve anyway?"
keys y
wait_for "signed: Siri Hansen (security): approve"
wait_for "Sign-offs (3)"
keys Escape
wait_gone "Who signs?" # back on the walk (a key sent too soon after Escape would read as alt+key)
wait_for "item 4/"
wait_for "signed off  ["

step "previewing the record with x and writing it with w"
keys x
wait_for "File: prr-e2e-service-"
wait_for "Production readiness review: e2e-service"
keys w
wait_for "✓ wrote prr-e2e-service-"
keys w
wait_for "exists. Overwrite it? y/n"
keys n
wait_for "not written: the file is kept as it was"
keys Escape
wait_gone "File: prr-e2e-service-"
wait_for "item 4/"

step "quitting"
keys q # back to the list
wait_for "CHECKLIST"
keys q # quit
wait_for "PRR-EXITED-0"

step "checking the stored review with prr show --json"
"$tmp/prr" show "$id" --json >"$tmp/show.json" || fail "prr show $id --json failed"

mkdir -p "$tmp/check"
cat >"$tmp/check/main.go" <<'EOF'
// Checks prr show --json: the first three items of the checklist are
// pass, fail and partial; the fourth has the note and the action item.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type action struct {
	Text  string `json:"text"`
	Owner string `json:"owner"`
	Due   string `json:"due"`
}

type answer struct {
	Status  string   `json:"status"`
	Note    string   `json:"note"`
	Actions []action `json:"actions"`
}

type signOff struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Decision string `json:"decision"`
	Comment  string `json:"comment"`
	Hash     string `json:"hash"`
}

type show struct {
	SignOff struct {
		State string `json:"state"`
		Hash  string `json:"hash"`
		Stale int    `json:"stale"`
	} `json:"signoff"`
	Review struct {
		Service      string `json:"service"`
		Team         string `json:"team"`
		Owner        string `json:"owner"`
		Participants []struct {
			Name string `json:"name"`
			Role string `json:"role"`
		} `json:"participants"`
		Template struct {
			Sections []struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			} `json:"sections"`
		} `json:"template"`
		Answers  map[string]answer `json:"answers"`
		SignOffs []signOff         `json:"signoffs"`
	} `json:"review"`
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
	var ids []string
	for _, sec := range s.Review.Template.Sections {
		for _, it := range sec.Items {
			ids = append(ids, it.ID)
		}
	}
	bad := 0
	check := func(ok bool, format string, args ...any) {
		if !ok {
			fmt.Printf("FAIL: "+format+"\n", args...)
			bad++
		}
	}
	r := s.Review
	check(r.Service == "e2e-service", "service %q", r.Service)
	check(r.Team == "e2e-team", "team %q", r.Team)
	check(r.Owner == "Kari Nordmann", "owner %q", r.Owner)
	check(len(r.Participants) == 2 && r.Participants[0].Name == "Kari Nordmann" && r.Participants[0].Role == "owner" &&
		r.Participants[1].Name == "Ola Nordmann" && r.Participants[1].Role == "sre", "participants %+v", r.Participants)
	if len(ids) < 4 {
		fmt.Println("FAIL: the checklist has fewer than 4 items")
		os.Exit(1)
	}
	for i, want := range []string{"pass", "fail", "partial"} {
		check(r.Answers[ids[i]].Status == want, "item %s is %q, want %q", ids[i], r.Answers[ids[i]].Status, want)
	}
	a := r.Answers[ids[3]]
	check(a.Note == "Noted in the e2e run.", "item %s note %q", ids[3], a.Note)
	check(len(a.Actions) == 1 && a.Actions[0] == action{"Write the e2e runbook", "Ola Nordmann", "2030-01-31"},
		"item %s actions %+v", ids[3], a.Actions)
	want := []signOff{
		{Name: "Kari Nordmann", Role: "owner", Decision: "approve", Comment: "Ready for launch"},
		{Name: "Ola Nordmann", Role: "sre", Decision: "approve-with-conditions", Comment: "Runbook before go-live"},
		{Name: "Siri Hansen", Role: "security", Decision: "approve"},
	}
	check(len(r.SignOffs) == len(want), "%d sign-offs, want %d: %+v", len(r.SignOffs), len(want), r.SignOffs)
	for i := range min(len(r.SignOffs), len(want)) {
		g, w := r.SignOffs[i], want[i]
		w.Hash = s.SignOff.Hash // given to the review as it is now
		check(g == w, "sign-off %d is %+v, want %+v", i, g, w)
	}
	check(s.SignOff.State == "signed-off" && s.SignOff.Stale == 0, "sign-off state %+v", s.SignOff)
	if bad > 0 {
		os.Exit(1)
	}
	fmt.Printf("ok: %d answers, the note, the action item and %d sign-offs are stored\n", len(r.Answers), len(r.SignOffs))
}
EOF
(cd "$tmp/check" && GOFLAGS= go run main.go "$tmp/show.json") || {
	echo "---- prr show --json ----" >&2
	cat "$tmp/show.json" >&2
	fail "the stored review is not what was typed"
}

step "checking the record written from the TUI"
shopt -s nullglob
records=("$tmp"/records/prr-e2e-service-*.md)
shopt -u nullglob
[ "${#records[@]}" -eq 1 ] || fail "expected one record file in $tmp/records, found: $(ls -A "$tmp/records")"
record="${records[0]}"
grep -q '^## Sign-offs$' "$record" || fail "the record has no Sign-offs section"
for who in "Kari Nordmann" "Ola Nordmann" "Siri Hansen"; do
	grep -q "^| $who | " "$record" || fail "the record's sign-off table has no row for $who"
done
"$tmp/prr" export "$id" >"$tmp/cli-record.md" || fail "prr export $id failed"
# The meeting's clock ran on after the record was written (the walk
# counts time while it is on show): the times may differ, nothing else.
untimed() { sed -E 's/[0-9]+h[0-9]{2}m|[0-9]+m|[0-9]+s/T/g; s/[0-9]{2}:[0-9]{2}/HH:MM/g' "$1"; }
untimed "$record" >"$tmp/tui-untimed.md"
untimed "$tmp/cli-record.md" >"$tmp/cli-untimed.md"
cmp -s "$tmp/tui-untimed.md" "$tmp/cli-untimed.md" || {
	diff "$tmp/cli-record.md" "$record" >&2 || true
	fail "the record written from the TUI differs from prr export's"
}
step "record $(basename "$record") is prr export's output, with the three sign-offs"
step "PASS"
