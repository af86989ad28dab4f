#!/bin/sh
# A full 256-colour repaint (Ctrl-L) of the demo imagery in a 200x60 tmux
# terminal, beside chafa, like with like: bytes per drawn image cell for
# both. The TUI's image cells are counted on the captured screen (the
# rectangle its half blocks fill at fit zoom); chafa draws the same image
# into exactly that many cells (--stretch). Our repaint also paints the
# panel and status line: the same repaint with the image file gone (a
# one-line placeholder instead of pixels) measures that share, and both
# figures are printed.
#   Usage: bench/repaint.sh BUILD     (needs tmux, chafa, sqlite3, python3)
. "$(dirname "$0")/lib.sh"
need "apt-get install tmux chafa sqlite3 python3 bc" tmux chafa sqlite3 \
    python3 bc
export QUAYMARK_CACHE="$OUT/cache"
SOCK="$OUT/repaint.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'for SOCK in "$OUT"/repaint*.sock; do tm kill-server 2>/dev/null || true; done; rm -f "$OUT"/repaint*.sock' EXIT
DEMO="$OUT/tui-demo.db"
[ -f "$DEMO" ] || "$QM" -d "$DEMO" demo --seed 1 --no-open >/dev/null
TRACE="$OUT/repaint.trace"

# repaint DB SCREEN: the bytes of a Ctrl-L on DB's first image (stdout);
# the screen it leaves in SCREEN
repaint() {
	rm -f "$TRACE"
	# a server of its own each time: a new one on a socket just killed
	# can find the old one still exiting
	SOCK="$OUT/repaint-$(basename "$2" .screen).sock"
	tm kill-server 2>/dev/null || true
	tm new-session -d -s r -x 200 -y 60 \
	    "env TERM=tmux-256color LC_ALL=C.UTF-8 QUAYMARK_CACHE='$QUAYMARK_CACHE' XDG_CONFIG_HOME='$OUT/config' '$QM' -d '$1' tui --trace '$TRACE'; sleep 30"
	tm set-option -t r status off >/dev/null
	i=0
	until tm capture-pane -p -t r | grep -q 'q quit'; do
		sleep 0.1
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "repaint.sh: the TUI did not start" >&2; exit 1; }
	done
	tm send-keys -t r g	# the first image, at fit zoom
	sleep 1
	tm send-keys -t r C-l
	i=0
	until grep -q 'key=<C-l>' "$TRACE" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "repaint.sh: no repaint traced" >&2; exit 1; }
	done
	sleep 0.5
	tm capture-pane -p -t r > "$2"
	tm send-keys -t r q
	sed -n 's/.*key=<C-l> .*bytes=\([0-9]*\).*/\1/p' "$TRACE" | tail -1
}
ours=$(repaint "$DEMO" "$OUT/repaint.screen")
cp "$DEMO" "$OUT/repaint-gone.db"
first=$("$QM" -d "$DEMO" images --format csv | sed -n 2p | cut -d, -f1)
sqlite3 "$OUT/repaint-gone.db" \
    "UPDATE image SET path = path || '.gone' WHERE id = $first"
chrome=$(repaint "$OUT/repaint-gone.db" "$OUT/repaint-gone.screen")
rm -f "$OUT/repaint-gone.db"*
# the drawn image: the rectangle of half blocks left of the panel
set -- $(python3 - "$OUT/repaint.screen" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
pts = [(y, x) for y, r in enumerate(rows)
       for x, c in enumerate(r.split("\u2502")[0]) if c in "\u2580\u2584"]
ys = [p[0] for p in pts]
xs = [p[1] for p in pts]
print(max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
PY
)
cols=$1 rows=$2
img=$("$QM" -d "$DEMO" images --format json | python3 -c \
    'import json,sys; print(json.load(sys.stdin)[0]["path"])')
set -- $(chafa --size "${cols}x$rows" --stretch --colors 256 "$img" |
    python3 "$top/bench/cells.py")
all=$(echo "scale=2; $ours / ($cols * $rows)" | bc)
img=$(echo "scale=2; ($ours - $chrome) / ($cols * $rows)" | bc)
echo "TUI full 256-colour repaint of the demo's first image: $ours bytes, ${cols}x$rows drawn image cells: $all B/cell with the panel and status line, $img B/cell without them ($chrome bytes with the image file gone); chafa --stretch into the same cells: $1 bytes for $2 cells, $3 B/cell"
python3 -c "import sys; sys.exit(0 if $img <= $3 else 1)"
