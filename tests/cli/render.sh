#!/bin/sh
# render and snapshot through the real binary: colour modes, windows,
# bands, marks, locales, and refusals.
. "$(dirname "$0")/../lib.sh"

D=$(demo_dir)
IMG=$(ls "$D"/*.tif | head -3 | tail -1)
for mode in full 256 16 8 2; do
	run "$QM" render "$IMG" --size 60x20 --colors $mode
	ok "render --colors $mode"
	eq "rows in $mode" "$(printf '%s\n' "$OUT" | wc -l)" 20
done
run "$QM" render "$IMG" --size 60x20 --colors 2
hasnt "monochrome has no escapes" "$OUT" "$(printf '\033')"
run env NO_COLOR=1 "$QM" render "$IMG" --size 60x20
hasnt "NO_COLOR means monochrome" "$OUT" "$(printf '\033')"
run env COLORTERM=truecolor "$QM" render "$IMG" --size 60x20
has "COLORTERM=truecolor" "$OUT" "38;2;"
run env TERM=xterm-256color "$QM" render "$IMG" --size 60x20
has "256-colour terminal" "$OUT" "8;5;"
run env LC_ALL=C "$QM" render "$IMG" --size 60x20 --colors 256
ok "render in the C locale"
eq "no UTF-8 bytes outside a UTF-8 locale" \
    "$(printf '%s' "$OUT" | LC_ALL=C grep -c "$(printf '\342')")" 0
run "$QM" render "$IMG" --size 60x20 --colors 256
has "half blocks in UTF-8" "$OUT" "▀"

run "$QM" render "$IMG" --size 40x10 --window 50,75,100,40 --bands 1
ok "window and one band"
run "$QM" render "$IMG" --size 40x10 --bands 3,2,1
ok "bands 3,2,1"
run "$QM" render "$IMG" --size 40x10 --bands 5
nok "band out of range" 1
has "band reason" "$ERR" "band 5: the image has 3 band(s)"
run "$QM" render "$IMG" --size 0x10
nok "bad size" 2
run "$QM" render "$IMG" --window 1,2,3
nok "bad window" 2
run "$QM" render "$T/none.tif"
nok "missing file" 1
one_line "missing file one line" "$ERR"
printf 'II*\0junk' > "$T/junk.tif"
run "$QM" render "$T/junk.tif"
nok "junk refused" 1
one_line "junk one line" "$ERR"

# A catalogued image, with marks, and its stretch kept in the store.
DB=$(demo_db)
"$QM" -d "$DB" mark add --image 20 --class ship --rbox 80,104,37,6,0 \
    --name 'Angara' >/dev/null
run "$QM" -d "$DB" render --image 20 --size 60x20 --colors 256 --marks
ok "render --image --marks"
has "the label is drawn" "$OUT" "Angara"
eq "stretch cached" "$(sqlite3 "$DB" 'SELECT stretch IS NOT NULL FROM image WHERE id = 20')" 1
run "$QM" -d "$DB" render --image 9999
nok "unknown image" 1
run "$QM" render "$IMG" --marks
nok "--marks without --image" 2

run "$QM" -d "$DB" snapshot --image 20 --window 40,60,120,60 --scale 2 --marks --out "$T/s.png"
ok "snapshot"
has "snapshot size" "$OUT" "240 x 120"
eq "a PNG" "$(head -c 8 "$T/s.png" | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
run "$QM" snapshot "$IMG" --out "$T/whole.png"
ok "whole-image snapshot"
has "whole size" "$OUT" "400 x 250"
run "$QM" snapshot "$IMG" --scale 100 --out "$T/x.png"
nok "scale too large" 2
run "$QM" snapshot "$IMG" --scale 60 --out "$T/x.png"
nok "picture too large" 1
has "too large reason" "$ERR" "too large"
run "$QM" snapshot "$IMG" --out "$T/no/such/dir/x.png"
nok "unwritable output" 1
finish
