#!/bin/sh
# The TUI in pixels: the picture path on the virtual terminal (bytes per
# frame from --trace: a new picture only when the pane changes, kitty ids
# reused for blink and back-and-forth, the byte budget's fallback to
# cells); inside tmux (passthrough off: cells and how to turn it on;
# on: kitty pictures through it, decoded from the pane's raw output, and
# deleted on leaving); a terminal that answers the queries with nothing
# pixel-related leaves no stray bytes. The real sixel terminal is
# tests/tui/xterm.sh.
. "$(dirname "$0")/../lib.sh"

GC="$BUILD/tools/gfxcheck"
[ -x "$GC" ] || { skip "no $GC (make check-build)"; finish; }
angara_db

# frames P KEYS [ENV...]: the scripted TUI in protocol P; $BYTES is the
# bytes of each frame, in order, and $T/screen the last screen.
frames() {
	p=$1
	printf '%s' "$2" > "$T/keys"
	shift 2
	rm -f "$T/trace"
	run env "$@" "$QM" -d "$DB" tui --image 20 --size 100x30 \
	    --keys "$T/keys" --exit-after --graphics "$p" --trace "$T/trace"
	printf '%s\n' "$OUT" > "$T/screen"
	BYTES=$(sed "s/.* bytes=\([0-9]*\).*/\1/" "$T/trace" 2>/dev/null | tr "\n" " ")
}
nth() { echo "$BYTES" | awk -v n="$1" '{ print $n }'; }

for p in sixel kitty iterm; do
	frames $p 'l]b?q'
	ok "$p: scripted run"
	has "$p: the message says so" "$(cat "$T/screen")" "pixels: $p, 10x20-pixel cells"
	# the pane's cells are blank: the picture is there instead
	eq "$p: pane cells blank" "$(sed -n 10p "$T/screen" | cut -c1-60 | tr -d ' ')" ""
	has "$p: the panel is cells" "$(cat "$T/screen")" "rajin_"
	CHECKS=$((CHECKS + 1))
	[ "$(nth 1)" -gt 20000 ] || fail "$p: first picture only $(nth 1) bytes"
	# a cursor step: only the cell rows it crossed (kitty: a strip over
	# the picture it holds, of the pixels that changed, the rest
	# transparent: a few hundred bytes, more than a placement's ~60)
	min=1000
	[ $p != kitty ] || min=300
	CHECKS=$((CHECKS + 1))
	[ "$(nth 2)" -gt $min ] && [ "$(nth 2)" -lt $(($(nth 1) / 4)) ] ||
	    fail "$p: a cursor step is a strip: $(nth 2) of $(nth 1)"
	eq "$p: the help screen sends no picture" "$(nth 5)" 0
done

# kitty: back and forth and blink only place what the terminal holds
frames kitty '][][bbb'
CHECKS=$((CHECKS + 1))
[ "$(nth 6)" -gt 20000 ] || fail "kitty: the blinked date is new: $BYTES"
for i in 3 4 5 7 8; do
	CHECKS=$((CHECKS + 1))
	[ "$(nth $i)" -lt 200 ] || fail "kitty frame $i: $(nth $i) bytes, an id to reuse: $BYTES"
done
# kitty_back_and_forth_sent_strips: two dates alike but for a few rows
# (the same pixels, a mark on the second) went as a strip over the first
# date, which no id keeps, so stepping back and forth resent it each time
mkdir -p "$T/alike"
python3 - "$T/alike" <<'PY'
import struct, sys, zlib
def png(path, level):	# the same pixels, other bytes
    w, h = 320, 200
    rows = b"".join(b"\0" + bytes(((x * 7 + y * 13) % 256 + c * 85) % 256
                    for x in range(w) for c in range(3)) for y in range(h))
    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" +
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(rows, level)) + chunk(b"IEND", b""))
png(sys.argv[1] + "/alike_20250101.png", 9)
png(sys.argv[1] + "/alike_20250102.png", 1)
PY
"$QM" -d "$T/alike.db" ingest --site Alike "$T/alike" >/dev/null ||
    fail "alike: ingest"
"$QM" -d "$T/alike.db" mark add --site Alike --date 2025-01-02 \
    --class ship --box 150,40,30,8 >/dev/null || fail "alike: mark"
printf 'g][][' > "$T/keys"
rm -f "$T/trace"
"$QM" -d "$T/alike.db" tui --size 100x30 --keys "$T/keys" --exit-after \
    --graphics kitty --trace "$T/trace" >/dev/null
BYTES=$(sed "s/.* bytes=\([0-9]*\).*/\1/" "$T/trace" | tr "\n" " ")
for i in 4 5 6; do
	CHECKS=$((CHECKS + 1))
	[ "$(nth $i)" -lt 200 ] || fail "kitty, dates alike, frame $i: $BYTES"
done

# kitty: the cursor back where the picture has it: the strip deleted
frames kitty 'lh'
CHECKS=$((CHECKS + 1))
[ "$(nth 3)" -lt 100 ] || fail "kitty: back at the start, only the strip goes: $BYTES"
frames sixel '][]['
CHECKS=$((CHECKS + 1))
[ "$(nth 4)" -gt 20000 ] || fail "sixel has no ids: each step sends: $BYTES"
# a cursor move that changes nothing on screen (at the edge) sends nothing
frames kitty 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh'
eq "kitty: the same picture is not sent again" "$(nth 81)" 0

# what works with cells works with pixels: a resize sends the new size
# whole; a mark made (1, Enter) and undone (u) change the picture; the
# overlay filter (v) hides marks in it; hint letters (f) are cells, the
# picture back after Esc
# (the second v: only the selected mark, none, so the ship goes)
frames sixel 'l<Resize 120x40>l1<Enter>uvvf<Esc>'
ok "resize, mark, undo, filter, hints: scripted run"
CHECKS=$((CHECKS + 1))
[ "$(nth 3)" -gt "$(nth 1)" ] || fail "resize to 120x40: a larger picture: $BYTES"
for i in 5 6 7 9; do
	CHECKS=$((CHECKS + 1))
	[ "$(nth $i)" -gt 0 ] || fail "frame $i changed nothing on screen: $BYTES"
done
eq "hints: no picture while letters show" "$(nth 10)" 0
CHECKS=$((CHECKS + 1))
[ "$(nth 11)" -gt 20000 ] || fail "after hints, the picture is back: $BYTES"

# over the byte budget at 1 Mbit/s: cells, and the message says why
frames sixel 'l' QUAYMARK_LINK=1M
ok "budget: scripted run"
CHECKS=$((CHECKS + 1))
[ "$(nth 1)" -lt 1000 ] || fail "budget: $(nth 1) bytes sent at 1 Mbit/s"
has "budget: the message says why" "$(cat "$T/screen")" "at 1 Mbit/s: cells"
CHECKS=$((CHECKS + 1))
sed -n 10p "$T/screen" | grep -q '[^ ]' || fail "budget: the pane is not drawn in cells"
# budget_message_a_frame_late: at a link measured slow (a terminal that
# reads 4 Mbit/s), the next date's picture is not sent and that frame is
# cells; the message saying why was set after the screen was composed,
# so it showed only at the next repaint
cat > "$T/slow.py" <<'PY'
# slow.py QM DB OUT BPS: the TUI in a pty whose reader takes BPS bits/s;
# the first picture, then ] (the next date); OUT holds what it read
import fcntl, os, pty, select, struct, sys, termios, time
qm, db, out, bps = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
trace = out + ".trace"
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 1600, 1000))
    os.environ.update(TERM="xterm-256color", QUAYMARK_GRAPHICS="sixel",
                      QUAYMARK_CELL="10x20")
    os.execvp(qm, [qm, "-d", db, "tui", "--image", "20", "--trace", trace])
log = open(out, "wb")
def pump(until):
    while time.monotonic() < until:
        if not select.select([fd], [], [], 0.02)[0]:
            continue
        try:
            b = os.read(fd, 4096)
        except OSError:
            return
        if not b:
            return
        log.write(b)
        time.sleep(len(b) * 8 / bps)	# the link's pace, no credit
def traced(n):
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if sum(1 for _ in open(trace)) >= n:
                return
        except OSError:
            pass
        pump(time.monotonic() + 0.1)
traced(1)
pump(time.monotonic() + 0.3)
log.write(b"\n=== next date\n")
os.write(fd, b"]")
traced(2)
pump(time.monotonic() + 0.3)
os.write(fd, b"q")
pump(time.monotonic() + 10)
os.waitpid(pid, 0)
PY
run python3 "$T/slow.py" "$QM" "$DB" "$T/slow.out" 4e6
ok "a terminal at 4 Mbit/s: run"
BYTES=$(sed "s/.* bytes=\([0-9]*\).*/\1/" "$T/slow.out.trace" | tr "\n" " ")
CHECKS=$((CHECKS + 1))
[ "$(nth 1)" -gt 262144 ] && [ "$(nth 2)" -lt 40000 ] ||
    fail "4 Mbit/s: a first picture (measured), then cells: $BYTES"
CHECKS=$((CHECKS + 1))
sed -n '/^=== next date$/,$p' "$T/slow.out" | tr -d '\033' |
    grep -q 'KB picture takes [0-9.]* s at [0-9.]* Mbit/s: cells' ||
    fail "4 Mbit/s: the next date's frame does not say why it is cells"
CHECKS=$((CHECKS + 1))
sed -n '/^=== next date$/,$p' "$T/slow.out" | grep -q "$(printf '\033')P0;1;0q" &&
    fail "4 Mbit/s: a sixel went out after all"
frames kitty 'l' QUAYMARK_LINK=100M
CHECKS=$((CHECKS + 1))
[ "$(nth 1)" -gt 20000 ] || fail "100 Mbit/s: no picture: $BYTES"
frames bogus 'q'
nok "tui --graphics bogus" 2
has "tui --graphics reason" "$ERR" '--graphics: "bogus" is not kitty, sixel, iterm or cells'

# tmux, passthrough off (its default): cells, and the message line says
# how to turn it on
tm_start 100 30
tm set-option -g allow-passthrough off 2>/dev/null
tm_keys "QUAYMARK_GRAPHICS=sixel $QM -d $DB tui --image 20" Enter
see "tmux without passthrough: says how" "allow-passthrough on"
CHECKS=$((CHECKS + 1))
tm_screen | sed -n 10p | grep -q '[^ ]' || fail "tmux without passthrough: no cells"
tm_keys q
see "quit" "qm\$"

# tmux with passthrough: kitty pictures go through it, wrapped
tm set-option -g allow-passthrough on
tm pipe-pane -t t -o "cat >> '$T/raw'"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $DB tui --image 20" Enter
see "tmux with passthrough: pixels" "-pixel cells, through tmux"
# tmux says its cell size (its default when no client tells it)
cell=$(tm_screen | sed -n 's/.*pixels: kitty, \([0-9]*x[0-9]*\)-pixel.*/\1/p')
cw=${cell%x*}
ch=${cell#*x}
tm_keys q
see "quit" "qm\$"
tm pipe-pane -t t
has "wrapped for tmux" "$(cat -v "$T/raw")" '^[Ptmux;^[^[_Ga=T,f=100'
has "every picture deleted on leaving" "$(cat -v "$T/raw")" '^[Ptmux;^[^[_Ga=d,d=A,q=2^[^[\^[\'
run "$GC" payload kitty "$T/raw" "$T/tui.png"
ok "the picture decodes: $ERR"
# the pane of 66x27 cells at the cell size said, the ship drawn in
run "$GC" colour "$T/tui.png" "$SHIP" 100
ok "the ship is in the picture: $OUT"
has "the pane's pixel size" "$OUT" "$((66 * ${cw:-0}))x$((27 * ${ch:-0})) "

# pixel_zoom_was_cells: zoom in pixels stepped through the cells' levels,
# so "1:1" showed each image pixel as a cell's width of screen pixels.
# An image of 1-pixel stripes: at 1:1 every screen pixel differs from the
# next, at 2:1 every other one, at 1:2 pairs of stripes average out.
python3 - "$T/stripes" <<'PY'
import os, struct, sys, zlib
w, h = 800, 600
os.makedirs(sys.argv[1], exist_ok=True)
row = b"\0" + bytes(255 * (x % 2) for x in range(w) for c in range(3))
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
open(sys.argv[1] + "/stripes_20250101.png", "wb").write(b"\x89PNG\r\n\x1a\n" +
    chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(row * h, 6)) + chunk(b"IEND", b""))
PY
"$QM" -d "$T/stripes.db" ingest --site Stripes "$T/stripes" >/dev/null ||
    fail "stripes: ingest"
# traced N: until the TUI has traced N repaints ($T/px.trace), each
# written out when traced
traced() {
	_i=0
	while [ "$(cat "$T/px.trace" 2>/dev/null | wc -l)" -lt "$1" ]; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || break
		sleep 0.1
	done
}
# key K: K pressed, and its repaint written
key() {
	_n=$(($(wc -l < "$T/px.trace") + 1))
	tm_keys "$1"
	traced $_n
}
# decode RAW NAME: the first picture in RAW into $T/NAME.png (tmux may
# still be passing the bytes on)
decode() {
	_i=0
	until "$GC" payload kitty "$1" "$T/$2.png" >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || break
		sleep 0.1
	done
}
# zoom NAME KEY LABEL: KEY pressed, LABEL the status line's zoom, and
# the picture it sent decoded into $T/NAME.png
zoom() {
	tm pipe-pane -t t -o "cat >> '$T/$1.raw'"
	key "$2"
	see "$1: the status line says $3" "| $3 |"
	decode "$T/$1.raw" "$1"
	tm pipe-pane -t t
	run "$GC" detail "$T/$1.png"
	ok "$1: a picture: $ERR"
	has "$1: the pane's pixel size" "$OUT" "$((66 * ${cw:-0}))x$((27 * ${ch:-0})) "
	DETAIL=$(echo "$OUT" | sed -n 's/.* detail //p')
}
rm -f "$T/px.trace"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $T/stripes.db tui --trace $T/px.trace" Enter
traced 1
zoom one Z 1:1
CHECKS=$((CHECKS + 1))
awk -v d="$DETAIL" 'BEGIN { exit !(d > 0.9) }' ||
    fail "1:1: one image pixel a screen pixel: detail $DETAIL"
zoom two + 2:1
CHECKS=$((CHECKS + 1))
awk -v d="$DETAIL" 'BEGIN { exit !(d > 0.4 && d < 0.6) }' ||
    fail "2:1: two screen pixels an image pixel: detail $DETAIL"
key -
see "back to 1:1" "| 1:1 |"
zoom half - 1:2
CHECKS=$((CHECKS + 1))
awk -v d="$DETAIL" 'BEGIN { exit !(d < 0.1) }' ||
    fail "1:2: two image pixels a screen pixel: detail $DETAIL"
tm_keys q
see "quit" "qm\$"

# steady CMD...: until CMD's output has stayed the same for a second,
# 30 s at most
steady() {
	_i=0 _last=-1 _same=0
	while [ "$_same" -lt 10 ] && [ "$_i" -lt 300 ]; do
		_n=$("$@")
		if [ "$_n" = "$_last" ]; then _same=$((_same + 1)); else _same=0; fi
		_last=$_n
		_i=$((_i + 1))
		sleep 0.1
	done
}
# quiet FILE: until FILE has stopped growing for a second (the TUI's
# idle time: pictures sent ahead)
quiet() { steady wc -c "$1"; }
# last_frame: the last traced frame's key and whether it sent under
# 20,000 bytes (a placement and a strip, not a picture)
last_frame() {
	tail -1 "$T/px.trace" | sed 's/.*key=\([^ ]*\).* bytes=\([0-9]*\).*/\1 \2/' |
	    awk '{ print $1, ($2 < 20000) }'
}
# pan_reads_only_new_ground: a pan copies what the last picture held and
# reads only the ground it brings in; the same view read whole, after a
# restart (the view is kept), must be the same picture. At 4:1 the image
# is larger than the pane, so the pans move it. kitty_sent_ahead: in idle
# time the pans' and the next and previous dates' pictures go to the
# terminal bare, so a pan or a date step places one and lays the marks
# and the cursor over it as a strip: what the terminal then shows
# (gfxcheck screen) is that view drawn whole.
rm -f "$T/px.trace"
tm pipe-pane -t t -o "cat >> '$T/pan.raw'"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $DB tui --image 20 --trace $T/px.trace" Enter
traced 1
for k in Z + + '>' C-d; do
	key "$k"
done
quiet "$T/pan.raw"
key '<'
see "panned at 4:1" "| 4:1 |"
eq "pan: a picture sent ahead, placed" "$(last_frame)" "<lt> 1"
quiet "$T/pan.raw"
tm pipe-pane -t t
run "$GC" screen "$T/pan.raw" "${ch:-0}" "$T/panned.png"
ok "pan: the screen: $ERR"
tm_keys q
see "quit" "qm\$"
# kitty_stale_pan_held: the fresh start's pictures are its own
tm pipe-pane -t t -o "cat >> '$T/fresh.raw'"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $DB tui --trace $T/px.trace" Enter
see "the view kept" "| 4:1 |"
quiet "$T/fresh.raw"
run "$GC" screen "$T/fresh.raw" "${ch:-0}" "$T/fresh.png"
ok "fresh: the screen: $ERR"
run "$GC" compare "$T/panned.png" "$T/fresh.png" 0
ok "a panned picture is the view read whole: $ERR"
# the next date, sent ahead while the TUI was idle
key ']'
eq "next date: a picture sent ahead, placed" "$(last_frame)" "] 1"
quiet "$T/fresh.raw"
tm pipe-pane -t t
run "$GC" screen "$T/fresh.raw" "${ch:-0}" "$T/next.png"
ok "next date: the screen: $ERR"
tm_keys q
see "quit" "qm\$"
rm -f "$T/fresh.raw"
tm pipe-pane -t t -o "cat >> '$T/fresh.raw'"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $DB tui" Enter
see "the view kept" "| 4:1 |"
quiet "$T/fresh.raw"
tm pipe-pane -t t
run "$GC" screen "$T/fresh.raw" "${ch:-0}" "$T/fresh-next.png"
ok "fresh, next date: the screen: $ERR"
run "$GC" compare "$T/next.png" "$T/fresh-next.png" 0
ok "the next date sent ahead is that date's view: $ERR"
run "$GC" compare "$T/next.png" "$T/fresh.png" 0
nok "the next date is another picture"
tm_keys q
see "quit" "qm\$"

# kitty_ahead_over_slow_link: at 1 Mbit/s, where a picture takes over
# 0.3 s, nothing goes ahead in idle time (a key pressed meanwhile would
# wait for it); at 100 Mbit/s pictures do
for link in 1M 100M; do
	rm -f "$T/ahead.raw"
	tm pipe-pane -t t -o "cat >> '$T/ahead.raw'"
	tm_keys "clear; QUAYMARK_LINK=$link QUAYMARK_GRAPHICS=kitty $QM -d $DB tui --image 20" Enter
	see "$link: started" "q quit"
	quiet "$T/ahead.raw"
	tm_keys q
	see "$link: quit" "qm\$"
	tm pipe-pane -t t
	AHEAD=$(grep -c 'a=t,' "$T/ahead.raw")
	if [ $link = 100M ]; then
		CHECKS=$((CHECKS + 1))
		[ "$AHEAD" -gt 0 ] || fail "100 Mbit/s: nothing went ahead"
	else
		eq "$link: nothing goes ahead" "$AHEAD" 0
	fi
done

# tui_idle: until the TUI in the pane has used no CPU for a second (its
# idle time's work done: sixel and iTerm2 encode the pans ahead)
tui_cpu() {
	_pid=$(pgrep -P "$(tm display -p -t t '#{pane_pid}')" | head -1)
	awk '{ print $14 + $15 }' "/proc/$_pid/stat" 2>/dev/null
}
tui_idle() { steady tui_cpu; }
# picture P RAW NAME: the last picture in RAW (tmux's wrapping undone)
# decoded into $T/NAME.png: sixel by libsixel's sixel2png, iTerm2 by
# gfxcheck; tmux may still be passing the bytes on
picture() {
	_i=0
	while :; do
		python3 - "$2" "$T/$3.six" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
b = re.sub(rb"\x1bPtmux;((?:[^\x1b]|\x1b\x1b)*)\x1b\\",
           lambda m: m.group(1).replace(b"\x1b\x1b", b"\x1b"), b)
six = re.findall(rb"\x1bP[0-9;]*q.*?\x1b\\", b, re.S)
osc = re.findall(rb"\x1b\]1337;File=.*?\x07", b, re.S)
open(sys.argv[2], "wb").write((six or osc or [b""])[-1])
PY
		if [ "$1" = sixel ]; then
			sixel2png -i "$T/$3.six" -o "$T/$3.png" >/dev/null 2>&1 &&
			    [ -s "$T/$3.png" ] && return 0
		else
			"$GC" payload iterm "$T/$3.six" "$T/$3.png" >/dev/null 2>&1 &&
			    return 0
		fi
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || return 1
		sleep 0.1
	done
}
# record [RAW]: the pane's output from now on into RAW (none: not kept)
record() {
	tm pipe-pane -t t
	[ $# -eq 0 ] || tm pipe-pane -t t -o "cat >> '$1'"
}
# start P NAME [ARG]: the TUI in protocol P (ARG: --image 20; without,
# the last session's view), its output into $T/NAME.raw, traced, idle
start() {
	rm -f "$T/$2.raw"
	record "$T/$2.raw"
	tm_keys "clear; QUAYMARK_GRAPHICS=$1 $QM -d $DB tui ${3:-} --trace $T/px.trace" Enter
	see "$1: started" "q quit"
	tui_idle
}
# shown P NAME WHAT: the last picture in $T/NAME.raw into $T/NAME.png
shown() {
	run picture "$1" "$T/$2.raw" "$2"
	ok "$1: $3"
}
# pan_encoded_ahead: sixel and iTerm2 hold no pictures, so in idle time
# the four half-screen pans are drawn and encoded ahead and a pan writes
# the bytes kept (kept=1 in the trace): what it shows is that view drawn
# whole after a restart (sixel within its palette's rounding).
# kept_pan_stale_after_mark: a mark made (a box over the ground
# the cursor steps) and a pan at once shows the mark: the pictures
# encoded before it are not written.
# class N's colour as R,G,B
class_rgb() {
	"$QM" -d "$DB" class list --format csv | awk -F, -v n="$1" 'NR == n + 1 { print $3 }' |
	    sed 's/#\(..\)\(..\)\(..\)/0x\1 0x\2 0x\3/' | xargs printf '%d,%d,%d'
}
colours() { "$GC" colour "$1" "$RGB" 0 | awk '{ print $2 }'; }
c=0
for p in sixel iterm; do
	c=$((c + 1))	# a class of its own, apart from the last one's mark
	RGB=$(class_rgb $c)
	mad=0
	[ $p = iterm ] || mad=6	# palettes fitted to other views
	start $p $p-pan "--image 20"
	for k in Z + +; do	# 4:1: room to pan
		key "$k"
	done
	tui_idle
	record "$T/$p-pan.raw"
	key '<'
	eq "$p pan: written from a picture encoded ahead" \
	    "$(tail -1 "$T/px.trace" | sed 's/.*key=\([^ ]*\) .* kept=\([01]\) .*/\1 \2/')" "<lt> 1"
	shown $p $p-pan "the pan"
	tm_keys q
	see "quit" "qm\$"
	start $p $p-fresh
	shown $p $p-fresh "the view read whole"
	run "$GC" compare "$T/$p-pan.png" "$T/$p-fresh.png" $mad
	ok "$p: a pan encoded ahead is the view read whole: $ERR"
	record
	tm_keys $c l l l l l l j j j j j
	tui_idle
	record "$T/$p-mark.raw"
	tm_keys Enter '>'
	tui_idle
	shown $p $p-mark "the pan after the mark"
	tm_keys q
	see "quit" "qm\$"
	start $p $p-fresh2
	shown $p $p-fresh2 "the marked view read whole"
	tm_keys q
	see "quit" "qm\$"
	record
	# the class's pixels: the new mark's (the pan shows it selected, a
	# white edge about it, so they are counted, not placed) and any other
	before=$(colours "$T/$p-fresh.png")
	want=$(colours "$T/$p-fresh2.png")
	got=$(colours "$T/$p-mark.png")
	CHECKS=$((CHECKS + 1))
	[ "$want" -gt $((before + 200)) ] ||
	    fail "$p: the new mark is not in the view: $before, $want pixels"
	CHECKS=$((CHECKS + 1))
	[ $((got * 10)) -ge $((want * 9)) ] ||
	    fail "$p: a pan right after a mark shows it: $got of $want pixels"
	run "$GC" compare "$T/$p-mark.png" "$T/$p-fresh2.png" $((mad + 1))
	ok "$p: a pan right after a mark is that view: $ERR"
done

# a terminal that answers DA1 and nothing else (tmux itself, asked as an
# xterm): cells, and not a byte of the answers on the screen
tm_keys "clear; env -u TMUX TERM=xterm-256color $QM -d $DB tui --image 20" Enter
see "asked, answered, cells" "| 1:"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q -e '_G' -e 'i=31' -e '>0q' -e '16t' -e '1;1;0S' -e '\[?' &&
    fail "stray bytes on the screen: $(tm_screen | head -3)"
tm_keys l
tm_keys q
see "quit after asking" "qm\$"
tm_stop
finish
