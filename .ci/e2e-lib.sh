# Shared by the single-terminal end-to-end scripts (e2e-tui.sh,
# e2e-meeting.sh): source it after setting $name (for messages) and $tmp.
# It makes the tmux session, the helpers that drive it and the cleanup.

session="prr-$name-$$"
# A tmux server of our own: one already running (a developer's) would
# hand the session its environment (PRR_DB and the like), not ours.
tmux() { command tmux -L "$session" -f /dev/null "$@"; }
TIMEOUT="${E2E_TIMEOUT:-15}" # seconds to wait for any one screen

cleanup() {
	tmux kill-server 2>/dev/null || true
	[ -n "${E2E_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# fail MESSAGE: say what failed, show the pane and prr's log, exit 1.
fail() {
	echo "e2e-$name: FAIL: $*" >&2
	if tmux has-session -t "$session" 2>/dev/null; then
		echo "---- pane ----" >&2
		tmux capture-pane -p -t "$session" >&2 || true
		echo "--------------" >&2
	fi
	if [ -n "${XDG_STATE_HOME:-}" ] && [ -f "$XDG_STATE_HOME/prr/prr.log" ]; then
		echo "---- log ----" >&2
		tail -n 20 "$XDG_STATE_HOME/prr/prr.log" >&2 || true
	fi
	exit 1
}

step() { echo "e2e-$name: $*"; }

# wait_for TEXT [SECONDS]: poll the pane until it shows TEXT, or fail.
wait_for() {
	local want="$1" deadline=$((SECONDS + ${2:-$TIMEOUT}))
	while ((SECONDS < deadline)); do
		if tmux capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$want"; then
			return 0
		fi
		sleep 0.1
	done
	fail "timed out waiting for: $want"
}

# wait_gone TEXT: poll the pane until TEXT is no longer shown.
wait_gone() {
	local gone="$1" deadline=$((SECONDS + TIMEOUT))
	while ((SECONDS < deadline)); do
		if ! tmux capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$gone"; then
			return 0
		fi
		sleep 0.1
	done
	fail "timed out waiting for this to go away: $gone"
}

# keys KEY...: send keys by tmux name (Enter, Escape, C-j, y, ...).
keys() { tmux send-keys -t "$session" "$@"; }

# type_text TEXT: type literal text.
type_text() { tmux send-keys -t "$session" -l -- "$1"; }

command -v tmux >/dev/null || fail "tmux is not installed"
