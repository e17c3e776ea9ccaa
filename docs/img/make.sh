#!/usr/bin/env bash
# Regenerates the screenshots in docs/img from the real prr binary: it
# builds prr, fills a fresh database with three reviews through the CLI,
# opens the screens in a tmux server of its own, captures each pane with
# its colours and renders it to SVG with Charm's freeze.
#
# Run from anywhere: bash docs/img/make.sh
# Needs: go, tmux, jq, perl. Freeze (github.com/charmbracelet/freeze
# v0.2.2) is installed into a temporary folder from the Go module proxy,
# unless FREEZE names a freeze binary already. PREVIEW=DIR also writes
# PNGs of the same captures to DIR (not committed). Nothing of yours is read or
# written: the database, config and state live in the temporary folder.
set -euo pipefail

cd "$(dirname "$0")/../.."
out=docs/img

tmp="$(mktemp -d -t prr-img.XXXXXX)"
sock="prr-img-$$"
# A tmux server of our own, so no running tmux lends the panes its
# environment (PRR_DB and the like).
tmux() { command tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tmux kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

say() { echo "make.sh: $*"; }
fail() {
	echo "make.sh: FAIL: $*" >&2
	tmux capture-pane -p -t shot >&2 2>/dev/null || true
	exit 1
}

for tool in go tmux jq perl; do
	command -v "$tool" >/dev/null || fail "$tool is not installed"
done

say "building prr"
go build -o "$tmp/prr" ./cmd/prr
freeze="${FREEZE:-}"
if [ -z "$freeze" ]; then
	say "installing freeze v0.2.2"
	GOBIN="$tmp/bin" go install github.com/charmbracelet/freeze@v0.2.2
	freeze="$tmp/bin/freeze"
fi

export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
# Nothing of the user's may reach the pictures: no settings, no colour
# preferences, and no ssh-agent (the sign-off form would list its keys).
unset PRR_DB PRR_CONFIG PRR_TEMPLATES_DIR PRR_ALLOWED_SIGNERS PRR_VALID_FOR PRR_TIMEZONE \
	NO_COLOR COLORTERM SSH_AUTH_SOCK
export PRR_ACTOR="Magnus Berg"
prr() { "$tmp/prr" "$@"; }

# ---- the reviews ----

say "filling the database"
people=(--participant "Ingrid Haugen:owner" --participant "Magnus Berg:sre"
	--participant "Sigrid Lunde:security" --participant "Eirik Dahl:dpo")

# kundeportal: a finished review, approved by two of its three roles.
kunde="$(prr new --service kundeportal --template standard --team kundeflate --owner "Ingrid Haugen" "${people[@]}")"
prr show "$kunde" --json | jq -r '.review.template.sections[].items[].id' | while read -r item; do
	case "$item" in
	tracing | load-tested | caching)
		prr answer "$kunde" "$item" --status partial --note "Only on the checkout path so far." \
			--action "Extend to the rest of the service" --owner "Magnus Berg" --due 2027-02-01 >/dev/null
		;;
	*) prr answer "$kunde" "$item" --status pass >/dev/null ;;
	esac
done
prr attend "$kunde" --present "Ingrid Haugen" --present "Magnus Berg" --present "Sigrid Lunde" \
	--absent "Eirik Dahl" --facilitator "Magnus Berg" --scribe "Sigrid Lunde" >/dev/null
prr signoff "$kunde" --name "Ingrid Haugen" --role owner --decision approve >/dev/null
prr signoff "$kunde" --name "Magnus Berg" --role sre --decision approve-with-conditions \
	--comment "Tracing on every path before the summer sale." >/dev/null

# varsling-worker: blocked on a required item that fails.
varsling="$(prr new --service varsling-worker --template essentials --team plattform --owner "Jonas Bakke" \
	--participant "Jonas Bakke:owner" --participant "Magnus Berg:sre")"
prr show "$varsling" --json | jq -r '.review.template.sections[].items[].id' | head -n 12 | while read -r item; do
	prr answer "$varsling" "$item" --status pass >/dev/null
done
first_required="$(prr show "$varsling" --json | jq -r '[.review.template.sections[].items[] | select(.required)][0].id')"
prr answer "$varsling" "$first_required" --status fail --note "Nobody but Jonas has deployed it." >/dev/null

# betaling-api: the meeting in progress, its first section half answered.
bet="$(prr new --service betaling-api --template standard --team betaling --owner "Ingrid Haugen" "${people[@]}")"
prr answer "$bet" service-owner --status pass \
	--note "Team Betaling owns it; the service catalog lists the team and #team-betaling." \
	--evidence https://backstage.example.no/catalog/default/component/betaling-api >/dev/null
prr answer "$bet" owner-in-identity-provider --status n/a \
	--note "The catalog already reads the team from its Entra ID group." >/dev/null
prr answer "$bet" team-contacts --status pass --note "The contacts page names the product owner and the platform team." >/dev/null
prr answer "$bet" dependencies-mapped --status partial \
	--note "The map covers Postgres and Kafka; the card acquirer's SLA is still missing." \
	--evidence https://wiki.example.no/betaling/avhengigheter \
	--action "Add the card acquirer's SLA to the dependency map" --owner "Magnus Berg" --due 2027-01-15 >/dev/null
prr attend "$bet" --present "Ingrid Haugen" --present "Magnus Berg" --present "Sigrid Lunde" --present "Eirik Dahl" \
	--facilitator "Magnus Berg" --scribe "Sigrid Lunde" >/dev/null
# The meeting has been going for a quarter of an hour: a record of the
# review with that sitting in it is read back with prr import, so the
# clock in the header shows a meeting under way rather than 0m.
prr export "$bet" --format json >"$tmp/bet.json"
jq '(now | floor) as $now
	 | .review.meeting.sittings = [{"start": ($now - 1020 | todate), "end": ($now - 60 | todate),
		"present": ["Ingrid Haugen", "Magnus Berg", "Sigrid Lunde", "Eirik Dahl"]}]
	 | .review.meeting.section_seconds = {ownership: 720}' "$tmp/bet.json" >"$tmp/bet-meeting.json"
prr import "$tmp/bet-meeting.json" --replace >/dev/null

# ---- the screens ----

# A session that outlives the others: killing a server's last session
# ends the server, and the next new-session could meet it on its way out.
tmux new-session -d -s keep "sleep 600"

# start COLS ROWS ARGS...: prr ARGS in a fresh tmux session of that size.
start() {
	local cols="$1" rows="$2"
	shift 2
	tmux kill-session -t shot 2>/dev/null || true
	tmux new-session -d -s shot -x "$cols" -y "$rows" -c "$tmp" \
		-e XDG_DATA_HOME="$XDG_DATA_HOME" -e XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		-e XDG_STATE_HOME="$XDG_STATE_HOME" -e PRR_ACTOR="$PRR_ACTOR" -e TERM=xterm-256color \
		"$tmp/prr $*; sleep 60"
}

# wait_for TEXT: until the pane shows TEXT (10 seconds at most).
wait_for() {
	local deadline=$((SECONDS + 10))
	until tmux capture-pane -p -t shot | grep -qF -- "$1"; do
		((SECONDS < deadline)) || fail "timed out waiting for: $1"
		sleep 0.1
	done
}

keys() { tmux send-keys -t shot "$@"; }

# shot NAME: the pane as it is now, to $out/NAME.svg. The colours are
# rewritten for freeze first (ansi-normalize.pl says why); the font list
# gains fallbacks for the few glyphs JetBrains Mono lacks (◐, ☐).
shot() {
	sleep 0.5 # let the last frame land
	tmux capture-pane -e -p -t shot | perl "$out/ansi-normalize.pl" >"$tmp/$1.ans"
	"$freeze" --config full --language ansi --font.ligatures=false \
		--margin 20 --shadow.blur 8 --shadow.y 4 --padding 20,24,16,24 \
		--output "$tmp/$1.svg" "$tmp/$1.ans" >/dev/null
	sed 's/font-family="JetBrains Mono"/font-family="JetBrains Mono, Menlo, Consolas, DejaVu Sans Mono, monospace"/' \
		"$tmp/$1.svg" >"$out/$1.svg"
	say "wrote $out/$1.svg"
	if [ -n "${PREVIEW:-}" ]; then # PNGs to look at, where no SVG viewer is at hand
		mkdir -p "$PREVIEW"
		"$freeze" --config full --language ansi --font.ligatures=false \
			--margin 20 --shadow.blur 8 --shadow.y 4 --padding 20,24,16,24 \
			--output "$PREVIEW/$1.png" "$tmp/$1.ans" >/dev/null
	fi
}

say "home"
start 100 12
wait_for "betaling-api"
wait_for "kundeportal"
shot home

say "walk"
start 100 30 open "$bet"
wait_for "item 1/80"
keys g j j j
wait_for "item 4/80"
wait_for "Add the card acquirer"
shot walk

say "summary"
keys s
wait_for "Summary · betaling-api"
shot summary

say "sign-off"
start 100 26 open "$kunde"
wait_for "item "
keys S
wait_for "Who signs?"
shot signoff
