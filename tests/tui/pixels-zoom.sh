#!/bin/sh
# Zoom levels chosen for the user in pixels: framing a quay (' and ") and
# a review step pick the pixel zoom step (image pixels per screen pixel, a
# power of two) at which the quay, or the mark in its context, fits the
# pane; in cells they keep the cells' steps (image pixels per cell).
. "$(dirname "$0")/../lib.sh"

DB=$(demo_db)
# scripted P KEYS [COMMAND OPTIONS]: the scripted TUI in protocol P; $Z the
# last frame's view scale (image pixels per cell), $STATUS its zoom label
scripted() {
	p=$1
	printf '%s' "$2" > "$T/keys"
	shift 2
	rm -f "$T/trace"
	run "$QM" -d "$DB" "${CMD:-tui}" "$@" --size 100x30 --keys "$T/keys" \
	    --exit-after --graphics "$p" --trace "$T/trace"
	Z=$(tail -n 1 "$T/trace" | sed 's/.* zoom=\([0-9.e+-]*\) .*/\1/')
	STATUS=$(printf '%s\n' "$OUT" | grep -o '| [0-9.]*:[0-9.]* |' | head -n 1)
}
# steps Z CW: 0 when Z / CW is a power of two (a zoom step of pixels)
steps() { awk -v z="$1" -v c="$2" 'BEGIN { l = log(z / c) / log(2);
	exit (l == int(l) ? 0 : 1) }'; }

# In a 100x30 terminal the pane is 66 x 27 cells: 660 x 540 pixels of
# 10x20-pixel cells. Arms quay is 125 x 38.75 image pixels (the small
# demo's quays.csv), framed with a fifth round it: 151 x 48. 4:1 (each
# image pixel 4 x 4 screen pixels) makes it 604 pixels wide and fits;
# 8:1 would be 1208: so 4:1, a view scale of 10 / 4 = 2.5 image pixels a
# cell. (Before, it was framed in cells' steps: 4 image pixels a cell,
# 2.5:1 in pixels, between the steps + and - take.)
scripted kitty "'"
ok "kitty: next quay"
has "kitty: the quay framed" "$OUT" "quay Arms quay"
eq "kitty: Arms quay at 4:1" "$Z" 2.5
has "kitty: the status says 4:1" "$STATUS" "| 4:1 |"
# North pier, 40 x 107 -> 49 x 130: 4:1 is 520 of 540 rows
scripted sixel "'''"
has "sixel: third quay framed" "$OUT" "quay North pier"
eq "sixel: North pier at 4:1" "$Z" 2.5
# cells: the cells' steps, as before (4 image pixels a cell for Arms quay)
scripted cells "'"
has "cells: the quay framed" "$OUT" "quay Arms quay"
eq "cells: Arms quay at 1:4 (image pixels per cell)" "$Z" 4

# review: the mark in its context, three times its side (at least 16):
# 48 x 48 image pixels; in pixels 8:1 (384 pixels; 16:1 would be 768)
"$QM" -d "$DB" mark add --image 20 --class ship --at 120,120 >/dev/null
CMD=review scripted kitty ''
has "review opens" "$OUT" "review 1/1"
eq "review: the mark at 8:1" "$Z" 1.25
CMD=review scripted kitty 'Z'
CHECKS=$((CHECKS + 1))
steps "$Z" 10 || fail "review: Z gives a pixel step, $Z"
CMD=review scripted cells ''
eq "review in cells: 1 image pixel a cell (48 / 54 rows, rounded up)" "$Z" 1
finish
