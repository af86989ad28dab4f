#!/bin/sh
# The TUI in a real sixel terminal: xterm as a VT340 under Xvfb. quaymark
# asks it (DA1 says sixel, TIOCGWINSZ the cell size), draws the image pane
# as a sixel picture, and a screenshot (xwd) of the pane shows the ship's
# mark in its exact colour and detail inside cells (half blocks repeat a
# colour across a cell's width); with QUAYMARK_GRAPHICS=cells the same
# screenshot has neither, so the check tells the two apart. Then the same
# in mlterm, where installed.
. "$(dirname "$0")/../lib.sh"

GC="$BUILD/tools/gfxcheck"
[ -x "$GC" ] || { skip "no $GC (make check-build)"; finish; }
for tool in Xvfb xterm xwd; do
	command -v $tool >/dev/null || {
		skip "no $tool (apt-get install xvfb xterm x11-apps)"
		finish
	}
done
angara_db

xvfb_start
PANE=2,2,390,340	# inside the image pane of a 100x30 xterm

# Keys in the live TUI: cursor steps send strips, not the pane; the help
# screen takes the picture down and closing it brings it back; q quits.
keyed() {
	cursor_steps
	typed '?'
	CHECKS=$((CHECKS + 1))
	wait_shot 0 || fail "the help screen left the picture: $n ship pixels"
	typed q
	CHECKS=$((CHECKS + 1))
	wait_shot 50 || fail "the picture did not come back after help: $n"
	typed q
}

# shot GRAPHICS [keys]: the TUI in a fresh xterm, its screenshot in $T/shot.xwd
# once the first frame is out; then SIGTERM, and its exit status.
shot() {
	rm -f "$T/trace" "$T/rc" "$T/shot.xwd"
	xterm -geometry 100x30+0+0 -ti vt340 -tn xterm-256color \
	    -xrm 'XTerm*numColorRegisters: 256' -e sh -c \
	    "QUAYMARK_GRAPHICS=$1 '$QM' -d '$DB' tui --image 20 --trace '$T/trace'; echo rc=\$? > '$T/rc'" \
	    2>/dev/null &
	TPID=$!
	i=0
	while [ ! -s "$T/trace" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$T/trace" ] || fail "$1: the TUI drew nothing in xterm"
	# X draws what xterm parsed a moment later: poll the screenshot
	i=0
	while [ $i -lt 50 ]; do
		xwd -root -silent > "$T/shot.xwd" 2>/dev/null
		[ "$1" = cells ] && [ $i -ge 10 ] && break
		"$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 50 0.25 \
		    >/dev/null 2>&1 && break
		sleep 0.2
		i=$((i + 1))
	done
	cp "$T/shot.xwd" "$T/first.xwd"
	if [ "${2:-}" = keys ] && command -v xdotool >/dev/null; then
		keyed
	elif [ "${2:-}" = keys ]; then
		skip "no xdotool (apt-get install xdotool): keys in xterm"
	fi
	if [ ! -s "$T/rc" ]; then
		pid=$(pgrep -f "quaymark -d $(db_target "$DB") tui" | head -1)
		[ -n "$pid" ] && kill -TERM "$pid"
	fi
	i=0
	while [ ! -s "$T/rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	eq "$1: exits cleanly" "$(cat "$T/rc" 2>/dev/null)" "rc=0"
	wait "$TPID" 2>/dev/null
	TPID=""
}

# keys typed into xterm (XTEST: the pointer's window has the focus)
typed() {
	xdotool mousemove 200 200 type --delay 40 "$1" 2>/dev/null
}

# detected, not told: QUAYMARK_GRAPHICS empty
shot "" keys
has "xterm said sixel: a picture went out" "$(head -1 "$T/trace")" "bytes="
CHECKS=$((CHECKS + 1))
b=$(head -1 "$T/trace" | sed 's/.* bytes=\([0-9]*\).*/\1/')
[ "${b:-0}" -gt 30000 ] || fail "first frame only ${b:-0} bytes: no picture"
run "$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 50 0.25
ok "the pane holds the picture and the ship's mark: $OUT"

shot cells
run "$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 50 0.25
nok "cells are told apart from the picture: $OUT"
has "cells: detail only at cell edges" "$OUT" "detail 0.0"

# mlterm, another sixel terminal (its own answers to the queries), when
# installed: detected, the picture and the ship's mark in the pane (past
# its scroll bar on the left)
if command -v mlterm >/dev/null; then
	rm -f "$T/trace"
	mlterm -g 100x30+0+0 -e sh -c \
	    "'$QM' -d '$DB' tui --image 20 --trace '$T/trace'" 2>/dev/null &
	TPID=$!
	i=0
	while [ $i -lt 100 ]; do
		xwd -root -silent > "$T/shot.xwd" 2>/dev/null
		"$GC" xwd "$T/shot.xwd" 20,2,380,340 "$SHIP" 50 0.25 \
		    >/dev/null 2>&1 && break
		sleep 0.2
		i=$((i + 1))
	done
	has "mlterm said sixel: a picture went out" "$(head -1 "$T/trace" 2>/dev/null)" "bytes="
	run "$GC" xwd "$T/shot.xwd" 20,2,380,340 "$SHIP" 50 0.25
	ok "mlterm: the pane holds the picture and the ship's mark: $OUT"
	kill "$TPID" 2>/dev/null
	wait "$TPID" 2>/dev/null
	TPID=""
else
	skip "no mlterm (apt-get install mlterm): a second sixel terminal"
fi
finish
