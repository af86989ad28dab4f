#!/bin/sh
# render --graphics kitty|sixel|iterm through real decoders: libsixel's
# sixel2png for sixel, tests/tools/gfxcheck (its own base64 and framing
# checks, then libpng) for kitty and iTerm2; each decoded picture compared
# pixel by pixel with `snapshot` of the same view and marks.
. "$(dirname "$0")/../lib.sh"

GC="$BUILD/tools/gfxcheck"
[ -x "$GC" ] || { skip "no $GC (make check-build)"; finish; }
angara_db
"$QM" -d "$DB" mark add --image 20 --class container_stack --box 120,80,20,14 \
    >/dev/null

# view NAME RENDER-ARGS -- SNAPSHOT-ARGS: the same view both ways.
view() {
	name=$1
	shift
	ra=""
	while [ "$1" != -- ]; do ra="$ra $1"; shift; done
	shift
	# shellcheck disable=SC2086
	"$QM" -d "$DB" snapshot --image 20 --marks --out "$T/$name-want.png" \
	    "$@" >/dev/null || fail "$name: snapshot failed"
	for p in sixel kitty iterm; do
		# shellcheck disable=SC2086
		run "$QM" -d "$DB" render --image 20 --marks --graphics $p $ra
		ok "$name $p: render"
		"$QM" -d "$DB" render --image 20 --marks --graphics $p $ra \
		    > "$T/$name.$p"
		if [ $p = sixel ]; then
			if command -v sixel2png >/dev/null; then
				run sixel2png -i "$T/$name.$p" -o "$T/$name-$p.png"
				ok "$name: sixel2png decodes it"
				# palette fitted to the view: small error
				run "$GC" compare "$T/$name-$p.png" \
				    "$T/$name-want.png" 3 "$SHIP"
				ok "$name sixel vs snapshot: $OUT $ERR"
				echo "$name sixel: $OUT" >&2
			else
				skip "no sixel2png (apt-get install libsixel-bin)"
			fi
			continue
		fi
		run "$GC" payload $p "$T/$name.$p" "$T/$name-$p.png"
		ok "$name $p: framing and base64: $ERR"
		# PNG payloads are lossless: the same pixels
		run "$GC" compare "$T/$name-$p.png" "$T/$name-want.png" 0 "$SHIP"
		ok "$name $p vs snapshot: $OUT $ERR"
	done
}

# the whole image in a 40x25 pane of 10x20-pixel cells: 400x500 pixels,
# the 400x250 image centred at 1:1 (the snapshot's window says the same)
view fit --size 40x25 --cell 10x20 -- --window 0,-125,400,500 --scale 1
# a window zoomed in twice, in 24x6 cells of 10x20
view window --size 24x6 --cell 10x20 --window 40,60,120,60 -- \
    --window 40,60,120,60 --scale 2

run "$GC" payload kitty "$T/fit.kitty" "$T/k.png"
has "kitty: one id, the pane's cells" "$OUT" "id=1 chunks="
has "kitty: stretched over 40x25 cells" "$OUT" "cols=40 rows=25"
eq "sixel: at most 256 registers" \
    "$(grep -o '#[0-9]*;2;' "$T/fit.sixel" | sort -u | wc -l | awk '$1 <= 256 { print "ok" }')" ok
eq "sixel: raster attributes give the size" \
    "$(grep -c '"1;1;400;500' "$T/fit.sixel")" 1
eq "sixel: nothing after ST but a newline" \
    "$(tail -c 3 "$T/fit.sixel" | od -An -tx1 | tr -d ' ')" 1b5c0a

# cells stays the default and the same as before
run "$QM" -d "$DB" render --image 20 --size 40x10 --colors 256
CELLS=$OUT
run "$QM" -d "$DB" render --image 20 --size 40x10 --colors 256 --graphics cells
eq "--graphics cells is the ANSI frame" "$OUT" "$CELLS"

run "$QM" -d "$DB" render --image 20 --graphics png
nok "unknown protocol" 2
has "unknown protocol reason" "$ERR" '--graphics: "png" is not kitty, sixel, iterm or cells'
run "$QM" -d "$DB" render --image 20 --graphics sixel --cell 0x20
nok "bad cell size" 2
has "bad cell reason" "$ERR" '--cell: "0x20" is not WxH pixels'
run "$QM" -d "$DB" render --image 20 --graphics kitty --size 2000x1000 \
    --cell 20x40
nok "picture too large" 1
one_line "too large: one line" "$ERR"
has "too large reason" "$ERR" "too large"
finish
