#!/bin/sh
# The TUI in a real kitty terminal under Xvfb (software OpenGL: mesa's
# llvmpipe). quaymark asks it (kitty's graphics query answers) and draws
# the image pane with kitty's graphics protocol; screenshots (xwd) of the
# pane show the picture and the ship's mark in its exact colour and
# detail inside cells; a cursor step sends a strip, not the pane; a
# suspend (^Z in a shell with job control) takes the picture down and fg
# brings it back (shown failing with the resume's repaint not resending
# it); leaving the TUI leaves the pane empty (the window stays). kitty
# ties pictures to the alternate screen the TUI leaves, so that last one
# holds whatever quaymark deletes; that it deletes every picture, freeing
# the terminal's memory, is pixels.sh's check of the bytes. Skipped when
# kitty cannot start here.
. "$(dirname "$0")/../lib.sh"

GC="$BUILD/tools/gfxcheck"
[ -x "$GC" ] || { skip "no $GC (make check-build)"; finish; }
for tool in Xvfb kitty xwd xdotool bash; do
	command -v $tool >/dev/null || {
		skip "no $tool (apt-get install xvfb kitty x11-apps xdotool)"
		finish
	}
done
angara_db
PANE=2,2,540,520	# inside the image pane of a 1000x700 window

xvfb_start
export LIBGL_ALWAYS_SOFTWARE=1

# kitty with no configuration but a known window and font, running an
# interactive shell (job control: ^Z stops the TUI, fg resumes it) that
# starts the TUI from a script; the window stays after the TUI
printf '#!/bin/sh\necho started > "%s/started"\nexec "%s" -d "%s" tui --image 20 --trace "%s/trace"\n' \
    "$T" "$QM" "$DB" "$T" > "$T/r"
chmod +x "$T/r"
LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o font_size=9 \
    -o initial_window_width=1000 -o initial_window_height=700 \
    -o remember_window_size=no -o window_padding_width=0 \
    --directory "$T" env PS1='qm$ ' bash --norc --noprofile -i \
    >"$T/kitty.log" 2>&1 &
TPID=$!
typed() { xdotool mousemove 300 300 type --delay 40 "$1" 2>/dev/null; }
entered() { typed "$1"; xdotool key Return 2>/dev/null; }
i=0
while [ ! -s "$T/started" ] && [ $i -lt 30 ] && kill -0 "$TPID" 2>/dev/null; do
	# until the shell is up and takes it
	[ $((i % 10)) -eq 0 ] && entered ./r
	sleep 0.5
	i=$((i + 1))
done
if [ ! -s "$T/started" ]; then
	skip "kitty cannot start here: $(grep -v '^$' "$T/kitty.log" | head -2 | tr '\n' ' ')"
	finish
fi

CHECKS=$((CHECKS + 1))
wait_shot 50 || fail "no ship in the pane: $n pixels"
has "kitty detected: a picture went out" "$(head -1 "$T/trace")" "bytes="
CHECKS=$((CHECKS + 1))
b=$(head -1 "$T/trace" | sed 's/.* bytes=\([0-9]*\).*/\1/')
[ "${b:-0}" -gt 30000 ] || fail "first frame only ${b:-0} bytes: no picture"
run "$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 50 0.25
ok "the pane holds the picture and the ship's mark: $OUT"

# cursor steps: strips over the picture, never the pane again (keys
# typed together may share a repaint)
cursor_steps
CHECKS=$((CHECKS + 1))
wait_shot 50 || fail "the picture went with the cursor steps: $n"

# suspend: ^Z, the shell's job control stops the TUI, the picture taken
# down; fg: the TUI back, the picture with it
xdotool mousemove 300 300 key ctrl+z 2>/dev/null
CHECKS=$((CHECKS + 1))
wait_shot 0 || fail "suspended, the picture stayed: $n ship pixels"
n0=$(frames)
entered fg
i=0
while [ "$(frames)" -le "$n0" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
CHECKS=$((CHECKS + 1))
wait_shot 50 || fail "resumed, no picture: $n"

# leaving: the pane empty, the window still open
typed q
entered 'echo rc=$? > rc'
i=0
while [ ! -s "$T/rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
eq "exits cleanly" "$(cat "$T/rc" 2>/dev/null)" "rc=0"
CHECKS=$((CHECKS + 1))
wait_shot 0 || fail "after leaving, the picture stayed: $n ship pixels"
run "$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 0 0.05
nok "after leaving, no picture's detail in the pane: $OUT"
finish
