#!/bin/sh
# Output, not only exit status: `render --window` shows exactly that
# rectangle, `--bands` the bands asked for, `report --status approved`
# counts only approved marks. Frames are read by tests/tools/ansi_cells.py
# (an independent reader of truecolour half blocks) pixel by pixel.
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
CELLS="$top/tests/tools/ansi_cells.py"
command -v python3 >/dev/null || { skip "no python3"; finish; }
D=$(demo_dir)
IMG=$(ls "$D"/*.tif | head -3 | tail -1)

# frame NAME ARGS...: render in truecolour, keep the pixels in $T/NAME
frame() {
	_n=$1
	shift
	run "$QM" render "$IMG" --colors full "$@"
	ok "render $*"
	printf '%s\n' "$OUT" | python3 "$CELLS" > "$T/$_n"
}
# compare A B X Y W H HOW: B against A's rectangle at X,Y (HOW: same,
# swap for red and blue exchanged, red for gray made of A's red, differ)
compare() {
	CHECKS=$((CHECKS + 1))
	python3 - "$T/$1" "$T/$2" "$3" "$4" "$5" "$6" "$7" <<'PY' ||
import sys
def load(f):
    return [[tuple(map(int, s.split(","))) if s != "-" else None
             for s in l.split()] for l in open(f)]
a, b = load(sys.argv[1]), load(sys.argv[2])
x0, y0, w, h = map(int, sys.argv[3:7])
how = sys.argv[7]
assert len(b) == h and all(len(r) == w for r in b), "frame %dx%d" % (len(b[0]), len(b))
worst, n = 0, 0
for y in range(h):
    for x in range(w):
        p, q = a[y0 + y][x0 + x], b[y][x]
        assert p is not None and q is not None, "an empty pixel at %d,%d" % (x, y)
        want = {"same": p, "differ": p, "swap": (p[2], p[1], p[0]),
                "red": (p[0], p[0], p[0])}[how]
        d = max(abs(i - j) for i, j in zip(want, q))
        worst = max(worst, d)
        n += d > 0
if how == "differ":
    assert n > w * h // 4, "only %d of %d pixels differ" % (n, w * h)
else:
    assert worst <= 1, "%d pixels differ, by up to %d" % (n, worst)
PY
	fail "$2 is not $7 as $1 at $3,$4 ${5}x$6"
}

# The whole 400x250 image one pixel a half cell, then windows of it
frame full --size 400x125
eq "the whole image: 250 pixel rows" "$(wc -l < "$T/full")" 250
frame win --size 100x20 --window 50,76,100,40
compare full win 50 76 100 40 same
# a window one pixel aside shows something else (the check can fail)
compare full win 51 76 100 40 differ
frame corner --size 40x10 --window 360,230,40,20
compare full corner 360 230 40 20 same
# Bands: 3,2,1 swaps red and blue; one band is gray, from band 1
frame swapped --size 100x20 --window 50,76,100,40 --bands 3,2,1
compare win swapped 0 0 100 40 swap
frame one --size 100x20 --window 50,76,100,40 --bands 1
compare win one 0 0 100 40 red
frame two --size 100x20 --window 50,76,100,40 --bands 2
compare win two 0 0 100 40 differ

# report --status approved: a pending ship is left out of the calls
DB="$T/r.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels all --no-open
ok "labelled demo"
for d in 2024-12-13 2024-12-15; do
	i=$("$QM" -d "$DB" images --from $d --to $d --format csv | sed -n 2p |
	    cut -d, -f1)
	"$QM" -d "$DB" quality "$i" clear
	run "$QM" -d "$DB" mark add --image "$i" --class ship \
	    --rbox 150,100,30,6,0 --name Pendingship
	ok "a pending ship on $d"
done
run "$QM" -d "$DB" report --status approved --quay "Arms quay" \
    --from 2024-12 --to 2024-12 --format csv
ok "report --status approved"
has "approved: the approved ships" "$OUT" "Angara"
hasnt "approved: not the pending one" "$OUT" "Pendingship"
A=$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f4)
run "$QM" -d "$DB" report --status all --quay "Arms quay" \
    --from 2024-12 --to 2024-12 --format csv
ok "report --status all"
has "all: the pending ship too" "$OUT" "Pendingship"
B=$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f4)
eq "one call more with the pending ship" "$B" "$((A + 1))"
run "$QM" -d "$DB" calls --status approved --quay "Arms quay" --format csv
ok "calls --status approved"
hasnt "calls approved: not the pending one" "$OUT" "Pendingship"
finish
