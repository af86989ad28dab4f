#!/bin/sh
# The analyst's screen in a real terminal (tmux), under a dark and a light
# palette, checked cell by cell from `capture-pane -e`: colours and
# attributes turned into the colours a person sees, and their contrast.
#  - the status line reads on a dark theme (it was near-black reversed)
#  - the timeline's current date shows on a light theme (it was white
#    reversed: white on white)
#  - the e form clears each field to its end (">name: Maia-1rbox")
#  - the cursor shows on a white, a black and a grey image
#  - a message goes with its image (after F3 ] the next image still said
#    "verdict: cloudy"); undo says what and where, and goes there
#  - the image id, which the command line wants, beside the position
. "$(dirname "$0")/../lib.sh"

DB="$T/s.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)
ID4=$("$QM" -d "$DB" images --format csv | sed -n 5p | cut -d, -f1)
DAY4=$("$QM" -d "$DB" images --format csv | sed -n 5p | cut -d, -f4 | cut -c1-10)

# cells.py CAPTURE FG BG CHECK ARGS: the pane's cells as seen with the
# terminal's default colours FG and BG (#rrggbb); exit 1 with the reason.
cat > "$T/cells.py" <<'PY'
import re, sys

def xterm(n):
    base = [(0,0,0),(205,0,0),(0,205,0),(205,205,0),(0,0,238),(205,0,205),
            (0,205,205),(229,229,229),(127,127,127),(255,0,0),(0,255,0),
            (255,255,0),(92,92,255),(255,0,255),(0,255,255),(255,255,255)]
    if n < 16:
        return base[n]
    if n < 232:
        lv = [0, 95, 135, 175, 215, 255]
        n -= 16
        return (lv[n // 36], lv[n // 6 % 6], lv[n % 6])
    v = 8 + 10 * (n - 232)
    return (v, v, v)

def parse(path):
    rows = []
    for raw in open(path, encoding="utf-8").read().split("\n"):
        fg = bg = None
        bold = rev = False
        cells = []
        i = 0
        while i < len(raw):
            m = re.match(r"\x1b\[([0-9;:]*)m", raw[i:])
            if m:
                ps = [int(p) if p else 0 for p in m.group(1).replace(":", ";").split(";")]
                j = 0
                while j < len(ps):
                    p = ps[j]
                    if p == 0: fg = bg = None; bold = rev = False
                    elif p == 1: bold = True
                    elif p == 22: bold = False
                    elif p == 7: rev = True
                    elif p == 27: rev = False
                    elif 30 <= p <= 37: fg = xterm(p - 30)
                    elif 90 <= p <= 97: fg = xterm(p - 90 + 8)
                    elif 40 <= p <= 47: bg = xterm(p - 40)
                    elif 100 <= p <= 107: bg = xterm(p - 100 + 8)
                    elif p == 39: fg = None
                    elif p == 49: bg = None
                    elif p in (38, 48):
                        if ps[j + 1] == 5:
                            c = xterm(ps[j + 2]); j += 2
                        else:
                            c = tuple(ps[j + 2:j + 5]); j += 4
                        if p == 38: fg = c
                        else: bg = c
                    j += 1
                i += m.end()
                continue
            if raw[i] == "\x1b":
                m = re.match(r"\x1b[^a-zA-Z]*[a-zA-Z]", raw[i:])
                i += m.end() if m else 1
                continue
            cells.append((raw[i], fg, bg, bold, rev))
            i += 1
        rows.append(cells)
    return rows

def lum(c):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])

def contrast(a, b):
    la, lb = sorted((lum(a), lum(b)))
    return (lb + 0.05) / (la + 0.05)

def seen(cell, dfg, dbg):
    ch, fg, bg, bold, rev = cell
    fg = fg or dfg
    bg = bg or dbg
    return (bg, fg) if rev else (fg, bg)

hexc = lambda s: tuple(int(s[k:k + 2], 16) for k in (1, 3, 5))
rows = parse(sys.argv[1])
dfg, dbg = hexc(sys.argv[2]), hexc(sys.argv[3])
check, args = sys.argv[4], sys.argv[5:]
while rows and not rows[-1]:
    rows.pop()

def row_cells(r):
    return rows[r] if r >= 0 else rows[len(rows) + r]

def panel_start(r):
    text = "".join(c[0] for c in row_cells(r))
    return text.rfind("\u2502") + 1

if check == "text":		# ROW FIRST_COL MIN: every letter legible
    r, x0, need = int(args[0]), int(args[1]), float(args[2])
    if x0 < 0:
        x0 = panel_start(r)
    worst = None
    for cell in row_cells(r)[x0:]:
        if cell[0].strip() == "":
            continue
        fg, bg = seen(cell, dfg, dbg)
        k = contrast(fg, bg)
        if worst is None or k < worst[0]:
            worst = (k, cell[0], fg, bg)
    if worst is None:
        sys.exit("row %d: no text" % r)
    if worst[0] < need:
        sys.exit("row %d: %r in %s on %s, contrast %.2f < %.1f" % ((r,) + worst[1:] + (worst[0], need)))
elif check == "marker":		# ROW X: the cell stands out from the page
    r, x = int(args[0]), int(args[1])
    cell = row_cells(r)[x]
    fg, bg = seen(cell, dfg, dbg)
    if contrast(bg, dbg) < 3:
        sys.exit("marker %r: its ground %s against the page %s: %.2f" % (cell[0], bg, dbg, contrast(bg, dbg)))
    if contrast(fg, bg) < 4.5:
        sys.exit("marker %r: %s on %s: %.2f" % (cell[0], fg, bg, contrast(fg, bg)))
elif check == "cursor":		# MIN: the '+' in the image pane
    need = float(args[0])
    found = []
    for r in range(len(rows) - 3):
        line = "".join(c[0] for c in rows[r])
        end = line.find("\u2502")
        for x, cell in enumerate(rows[r][:end if end >= 0 else None]):
            if cell[0] == "+":
                fg, bg = seen(cell, dfg, dbg)
                found.append((contrast(fg, bg), fg, bg))
    if not found:
        sys.exit("no cursor in the pane")
    if min(found)[0] < need:
        sys.exit("cursor %s on %s: contrast %.2f" % (min(found)[1], min(found)[2], min(found)[0]))
elif check != "line":
    sys.exit("no check " + check)
if check == "line":		# ROW: the panel's text on that row
    print("".join(c[0] for c in row_cells(int(args[0]))[panel_start(int(args[0])):]).rstrip())
PY

cells() {	# cells CHECK ARGS: on the pane now, with the palette in force
	tm capture-pane -e -p -t t > "$T/cap"
	python3 "$T/cells.py" "$T/cap" "$PFG" "$PBG" "$@"
}
legible() {	# legible DESCRIPTION CHECK ARGS
	CHECKS=$((CHECKS + 1))
	_what=$1
	shift
	why=$(cells "$@" 2>&1) || fail "$_what: $why"
}

for palette in dark light; do
	if [ $palette = dark ]; then PFG="#c0c0c0" PBG="#121212"; else
		PFG="#202020" PBG="#ffffff"; fi
	tm_start 160 48
	tm set-option -g window-style "fg=$PFG,bg=$PBG"
	tm_keys "$QM -d $DB tui" Enter
	see "$palette: starts" "? help  : command  q quit"
	tm_keys g ] ] ]
	see "$palette: fourth date" "| 4/$N |"
	# rows: 48 in all; the status line is 46, the timeline 45 (from 0)
	legible "$palette: the status line" text 46 0 4.5
	legible "$palette: the timeline's current date" marker 45 3
	legible "$palette: the panel's date line" text 0 -1 4.5
	legible "$palette: the image id line" text 1 -1 4.5
	tm_keys F1
	see "$palette: a verdict" "verdict: clear"
	legible "$palette: the message line" text 47 0 4.5
	tm_keys I
	see "$palette: the history" "History of"
	legible "$palette: the history's title" text 0 0 4.5
	legible "$palette: the history's rows" text 1 0 4.5
	tm_keys q
	see "$palette: history closed" "? help  : command  q quit"
	tm_keys F1 ' ' 2>/dev/null
	tm_keys q
	tm_shell
	tm_stop
done
PFG="#c0c0c0" PBG="#121212"

tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "starts" "? help  : command  q quit"
tm_keys g ] ] ]
# the id beside the position, in the status line and the panel
see "the id in the status line" "| id $ID4 | 4/$N |"
see "the id in the panel" "id $ID4  "

# the form: a long panel line under a short field
tm_keys 1 l l l l l l j Enter
see "a ship" "saved"
tm_keys e
see "the form" "edit: Tab next field"
tm_keys M
see "typed" ">name: M"
eq "the name field cleared to its end" "$(cells line 37)" ">name: M"
tm_keys Tab
see "next field" ">count:"
eq "the count field cleared to its end" "$(cells line 38)" ">count:"
eq "the name field, unfocused" "$(cells line 37)" " name: M"
tm_keys Enter
see "saved from the form" "(version 2)"

# a message goes with its image
tm_keys F3
see "cloudy" "verdict: cloudy"
tm_keys ]
see "the next date" "| 5/$N |"
CHECKS=$((CHECKS + 1))
tm_screen | tail -1 | grep -q "verdict: cloudy" &&
	fail "the next image still says verdict: cloudy"
tm_keys '['
see "back" "| 4/$N |"
tm_keys F3
see "cloudy again" "verdict: cloudy"
tm_keys ] ]
see "two on" "| 6/$N |"
# undo: the verdict was on date 4; it says so and goes there
tm_keys u
see "undo names the change" "undid verdict cloudy"
see "and where" "on image $ID4 ($DAY4)"
see "and goes there" "| 4/$N |"
tm_keys C-r
see "redo too" "redid verdict cloudy (was"
tm_keys q
tm_shell
tm_stop

# the cursor on a white, a black and a grey image
mkdir -p "$T/img"
python3 - "$T/img" <<'PY'
import struct, sys, zlib
# mostly one grey, with a black and a white band at the left (a tenth of
# the width each) so that the display stretch keeps the grey as it is
def png(path, w, h, v):
    row = bytes([0] * 3 * (w // 10) + [255] * 3 * (w // 10) +
                [v] * 3 * (w - 2 * (w // 10)))
    raw = b"".join(b"\0" + row for _ in range(h))
    def chunk(k, d):
        return (struct.pack(">I", len(d)) + k + d +
                struct.pack(">I", zlib.crc32(k + d) & 0xffffffff))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" +
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
png(sys.argv[1] + "/white_2025-01-01T0000Z.png", 160, 120, 250)
png(sys.argv[1] + "/black_2025-01-02T0000Z.png", 160, 120, 5)
png(sys.argv[1] + "/grey_2025-01-03T0000Z.png", 160, 120, 128)
PY
run "$QM" -d "$T/w.db" ingest --site Plain "$T/img"
ok "plain images"
tm_start 120 40
tm_keys "$QM -d $T/w.db tui" Enter
see "plain site" "| 1/3 |"
legible "the cursor on white" cursor 4.5
tm_keys ]
see "black" "| 2/3 |"
legible "the cursor on black" cursor 4.5
tm_keys ]
see "grey" "| 3/3 |"
legible "the cursor on grey" cursor 4.5
tm_keys q
tm_shell
tm_stop
finish
