#!/usr/bin/env bash
# End-to-end test of prr serve with the real OpenSSH client: start the
# server on a free port with a new host key and an authorized keys file of
# three people; alice, bob and carol each join one review over ssh, in
# their own tmux session. alice (the first, so the facilitator) answers
# three items and the others' cursors follow; bob's status is refused and
# his note reaches every screen; carol signs off as herself. An unknown
# key, a password and a shell command are refused, a local prr is told the
# database is busy, and a backup comes through the server. After the
# server stops, prr show --json --history must hold exactly what was done,
# and by whom, with carol's key on her sign-off.
#
# Run from the repository root: bash .ci/e2e-serve.sh
# Needs: go, tmux, ssh and ssh-keygen (openssh-client). Exits non-zero on the
# first failure, and prints the panes and the server's log.
set -euo pipefail

cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
tag="prr-serve-$$"
# A tmux server of our own: one already running (a developer's) would
# hand the sessions its environment, not ours.
tmux() { command tmux -L "$tag" -f /dev/null "$@"; }
TIMEOUT="${E2E_TIMEOUT:-15}" # seconds to wait for any one screen
server_pid=""

cleanup() {
	tmux kill-server 2>/dev/null || true
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "e2e-serve: FAIL: $*" >&2
	for who in alice bob carol; do
		if tmux has-session -t "$tag-$who" 2>/dev/null; then
			echo "---- $who ----" >&2
			tmux capture-pane -p -t "$tag-$who" >&2 || true
		fi
	done
	echo "---- server log ----" >&2
	tail -n 30 "$tmp/serve.err" >&2 || true
	exit 1
}

step() { echo "e2e-serve: $*"; }

# wait_for WHO TEXT: poll WHO's pane until it shows TEXT.
wait_for() {
	local who="$1" want="$2" deadline=$((SECONDS + TIMEOUT))
	while ((SECONDS < deadline)); do
		if tmux capture-pane -p -t "$tag-$who" 2>/dev/null | grep -qF -- "$want"; then
			return 0
		fi
		sleep 0.1
	done
	fail "$who: timed out waiting for: $want"
}

keys() {
	local who="$1"
	shift
	tmux send-keys -t "$tag-$who" "$@"
}
type_text() { tmux send-keys -t "$tag-$1" -l -- "$2"; }

for tool in tmux ssh ssh-keygen; do
	command -v "$tool" >/dev/null || fail "$tool is not installed"
done

step "building prr"
go build -o "$tmp/prr" ./cmd/prr || fail "go build failed"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
unset PRR_DB PRR_CONFIG PRR_TEMPLATES_DIR
db="$tmp/prr.db"

step "keys for alice, bob, carol (authorized) and eve (not)"
for who in alice bob carol eve; do
	ssh-keygen -q -t ed25519 -N '' -C "$who@e2e" -f "$tmp/$who" || fail "ssh-keygen failed"
done
: >"$tmp/authorized_keys"
for who in alice bob carol; do
	echo "$(cut -d' ' -f1,2 "$tmp/$who.pub") $who" >>"$tmp/authorized_keys"
done

id="$(PRR_ACTOR=admin "$tmp/prr" --db "$db" new --service e2e-serve --template standard)" || fail "prr new failed"
step "review $id created"

step "starting prr serve on a free port"
"$tmp/prr" --db "$db" serve --listen 127.0.0.1:0 --host-key "$tmp/host_key" \
	--authorized-keys "$tmp/authorized_keys" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
deadline=$((SECONDS + TIMEOUT))
port=""
while [ -z "$port" ] && ((SECONDS < deadline)); do
	port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/serve.out" 2>/dev/null || true)"
	sleep 0.1
done
[ -n "$port" ] || fail "prr serve did not start"
[ "$(stat -c %a "$tmp/host_key")" = 600 ] || fail "the host key is not mode 600"
# The client trusts exactly the host key the server created.
echo "[127.0.0.1]:$port $(ssh-keygen -y -f "$tmp/host_key")" >"$tmp/known_hosts"

sshopts=(-F /dev/null -o IdentitiesOnly=yes -o IdentityAgent=none -o StrictHostKeyChecking=yes
	-o UserKnownHostsFile="$tmp/known_hosts" -o LogLevel=ERROR -o ConnectTimeout=10 -p "$port")

join() {
	local who="$1"
	tmux new-session -d -s "$tag-$who" -x 100 -y 30 -e TERM=xterm-256color \
		"ssh ${sshopts[*]} -t -i $tmp/$who 127.0.0.1 open $id; echo SSH-EXITED-\$?; sleep 30"
}

step "alice, bob and carol join the review over ssh"
join alice
wait_for alice "alice drives"
join bob
wait_for bob "alice drives · with bob · following"
join carol
wait_for carol "alice drives · with bob, carol · following"
wait_for alice "with bob, carol · you drive"

step "alice answers three items; the others follow"
keys alice y
wait_for alice "saved pass"
keys alice n
wait_for alice "saved fail"
keys alice p
wait_for alice "saved partial"
for who in bob carol; do
	wait_for "$who" "3/80 answered"
	wait_for "$who" "item 4/80"
done

step "bob may not set a status, but adds a note that everyone sees"
keys bob y
wait_for bob "only the facilitator sets statuses"
keys bob e
wait_for bob "esc saves and closes"
type_text bob "Bob checked the runbook"
wait_for bob "Bob checked the runbook"
keys bob Escape
wait_for bob "saved note"
wait_for alice "Bob checked the runbook"
wait_for carol "Bob checked the runbook"

step "carol signs off as herself"
keys carol S
wait_for carol "Sign-off by carol (you)"
type_text carol "security"
keys carol Enter
wait_for carol "┃ Decision"
keys carol Enter
wait_for carol "┃ Comment"
type_text carol "Fine from security"
keys carol Enter
# The review is not finished: the form asks before an approval.
wait_for carol "Approve anyway?"
keys carol y
wait_for carol "signed: carol (security): approve"
wait_for alice "1 sign-off"

step "refusals: an unknown key, a password, a shell command"
# (OpenSSH shows the server's banner at its default log level, INFO; the
# first value given for an option wins.)
out="$(ssh -o LogLevel=INFO -o BatchMode=no "${sshopts[@]}" -i "$tmp/eve" 127.0.0.1 </dev/null 2>&1)" && fail "eve got in"
fp="$(ssh-keygen -lf "$tmp/eve.pub" | cut -d' ' -f2)"
grep -qF "$fp" <<<"$out" || fail "eve's refusal does not show her fingerprint $fp: $out"
grep -qF "$fp" "$tmp/serve.err" || fail "eve's refusal is not in the server's log"
out="$(ssh "${sshopts[@]}" -o BatchMode=yes -o PubkeyAuthentication=no -o PreferredAuthentications=password 127.0.0.1 </dev/null 2>&1)" &&
	fail "a password got in"
grep -q "Permission denied" <<<"$out" || fail "password: $out"
set +e
out="$(ssh "${sshopts[@]}" -i "$tmp/alice" 127.0.0.1 sh -c id 2>&1 </dev/null)"
code=$?
set -e
[ "$code" = 2 ] && grep -qF "review screens only" <<<"$out" || fail "a shell command: exit $code: $out"

step "a local prr is told the database is busy; a backup comes through the server"
set +e
out="$("$tmp/prr" --db "$db" --lock-timeout 200ms list 2>&1)"
code=$?
set -e
[ "$code" != 0 ] && grep -qF "busy" <<<"$out" || fail "local prr while serving: exit $code: $out"
ssh "${sshopts[@]}" -i "$tmp/bob" 127.0.0.1 backup >"$tmp/copy.db" </dev/null || fail "backup through the server failed"
"$tmp/prr" --db "$tmp/copy.db" show "$id" >/dev/null || fail "the backup does not hold the review"

step "everyone leaves; the server stops"
for who in alice bob carol; do
	keys "$who" C-c
	wait_for "$who" "SSH-EXITED-0"
done
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
grep -q 'msg=change user=bob' "$tmp/serve.err" || fail "bob's change is not in the server's log"

step "checking prr show --json --history"
"$tmp/prr" --db "$db" show "$id" --json --history >"$tmp/show.json" || fail "prr show failed"
mkdir -p "$tmp/check"
cat >"$tmp/check/main.go" <<'EOF'
// Checks prr show --json --history after the meeting: what was done, by
// whom, and nothing else.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type show struct {
	Review struct {
		Template struct {
			Sections []struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
			} `json:"sections"`
		} `json:"template"`
		Answers map[string]struct {
			Status    string `json:"status"`
			Note      string `json:"note"`
			UpdatedBy string `json:"updated_by"`
		} `json:"answers"`
		SignOffs []struct {
			Name           string `json:"name"`
			Role           string `json:"role"`
			Decision       string `json:"decision"`
			Comment        string `json:"comment"`
			KeyFingerprint string `json:"key_fingerprint"`
		} `json:"signoffs"`
	} `json:"review"`
	History []struct {
		Actor string `json:"actor"`
		Item  string `json:"item"`
		Field string `json:"field"`
		New   string `json:"new"`
	} `json:"history"`
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
	carolFP := os.Args[2]
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
	a := s.Review.Answers
	for i, want := range []string{"pass", "fail", "partial"} {
		got := a[ids[i]]
		check(got.Status == want && got.UpdatedBy == "alice", "item %d: %+v, want %s by alice", i+1, got, want)
	}
	check(a[ids[3]].Note == "Bob checked the runbook" && a[ids[3]].UpdatedBy == "bob" && a[ids[3]].Status != "pass",
		"item 4: %+v, want bob's note and no status", a[ids[3]])
	check(len(a) == 4, "%d answers, want 4", len(a))
	so := s.Review.SignOffs
	check(len(so) == 1 && so[0].Name == "carol" && so[0].Role == "security" && so[0].Decision == "approve" &&
		so[0].Comment == "Fine from security" && so[0].KeyFingerprint == carolFP,
		"sign-offs %+v, want carol's with key %s", so, carolFP)
	// The meeting's time and place are kept by whoever drives (alice),
	// once: nobody else's terminal counts them.
	var got []string
	for _, ev := range s.History {
		if (ev.Field == "time" || ev.Field == "position") && ev.Actor == "alice" {
			continue
		}
		got = append(got, ev.Actor+" "+ev.Field)
	}
	want := "admin created,alice status,alice status,alice status,bob note,carol signoff"
	check(strings.Join(got, ",") == want, "history %q, want %q", strings.Join(got, ","), want)
	if bad > 0 {
		os.Exit(1)
	}
	fmt.Println("all checks passed")
}
EOF
carol_fp="$(ssh-keygen -lf "$tmp/carol.pub" | cut -d' ' -f2)"
(cd "$tmp/check" && go mod init check >/dev/null 2>&1 && go run . "$tmp/show.json" "$carol_fp") || fail "prr show --json does not hold what was done"
step "ok"
