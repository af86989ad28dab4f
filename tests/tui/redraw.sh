#!/bin/sh
# Partial redraw (issue 14, point 1), in a real terminal (tmux): a key
# that only leaves a message repaints the status and message lines; the
# image pane, the panel and the timeline stay as they were, cell for cell
# with their colours, and are what a whole repaint (Ctrl-L) draws. The
# trace names the parts each frame drew. Every other terminal test runs
# with QUAYMARK_CHECK_REDRAW (lib.sh): each partial frame is composed
# whole beside it, and a stale cell ends the TUI.
. "$(dirname "$0")/../lib.sh"

DB="$T/r.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --no-open
ok "demo database"
ROWS=40
tm_start 120 $ROWS
tm_keys "'$QM' -d '$DB' tui --trace '$T/trace'" Enter
see "the TUI starts" "q quit"
# press KEY: send one key and wait for its frame in the trace
press() {
	_n=$(wc -l < "$T/trace")
	tm_keys "$1"
	_i=0
	while [ "$(wc -l < "$T/trace")" -le "$_n" ]; do
		sleep 0.1
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || { fail "no frame for $1: $(tail -2 "$T/trace")"; return 1; }
	done
	sleep 0.2	# the blit follows the trace line
}
press l
press j
# everything but the message line, with its colours
upper() { tm capture-pane -e -p -t t | head -n $((ROWS - 1)); }
upper > "$T/before"

press F12
see "an unbound key leaves a message" "<F12> does nothing in normal mode"
upper > "$T/after"
CHECKS=$((CHECKS + 1))
cmp -s "$T/before" "$T/after" || fail "a message changed the screen above it:
$(diff "$T/before" "$T/after" | head -6)"
eq "F12 drew the status and message lines only" \
    "$(grep 'key=<F12> ' "$T/trace" | sed 's/.*parts=//')" 0x18

press C-l
upper > "$T/whole"
CHECKS=$((CHECKS + 1))
cmp -s "$T/after" "$T/whole" || fail "the partial frame is not what a whole repaint draws:
$(diff "$T/after" "$T/whole" | head -6)"
eq "Ctrl-L drew every part" \
    "$(grep 'key=<C-l> ' "$T/trace" | sed 's/.*parts=//')" 0x1f

press l
has "the cursor moved: the pane and the status line drawn" \
    "$(tail -1 "$T/trace")" "parts=0x19"
tm_keys q
tm_shell
CHECKS=$((CHECKS + 1))
tm_screen | grep -q 'QUAYMARK_CHECK_REDRAW' && fail "a stale frame:
$(tm_screen | grep QUAYMARK_CHECK_REDRAW)"
tm_stop
finish
