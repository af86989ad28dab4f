#!/bin/sh
# Quays drawn in image pixels, in the images' UTM zone and in longitude and
# latitude must count the same: the demo port's GeoTIFFs are catalogued
# three times, each with its quays in one of the three, and the calls and
# stacks must come out identical. Then quay add's refusals.
. "$(dirname "$0")/../lib.sh"

D=$(demo_dir)
SITE="Rajin (demo)"

# db NAME: $T/NAME.db with the demo's GeoTIFFs (the PNGs carry no georeferencing), the
# truth marks on them and the true verdicts; no quays yet.
db() {
	f="$T/$1.db"
	"$QM" -d "$f" ingest --site "$SITE" "$D"/*.tif >/dev/null ||
	    fail "$1: ingest"
	grep -v '^[^,]*\.png,' "$D/truth.csv" > "$T/truth-tif.csv"
	"$QM" -d "$f" import "$T/truth-tif.csv" >/dev/null ||
	    fail "$1: import truth"
	"$QM" -d "$f" images --format csv | tail -n +2 | cut -d, -f1,2 \
	    > "$T/ids"
	for q in clear partly_cloudy cloudy no_data; do
		ids=$(grep ",$q\$" "$D/quality.csv" | cut -d, -f1 |
		    while read -r file; do
			grep "/$file\$" "$T/ids" | cut -d, -f1
		    done | tr '\n' ' ')
		[ -z "$ids" ] || "$QM" -d "$f" quality $ids $q >/dev/null ||
		    fail "$1: verdict $q"
	done
}

# The quays' pixel polygons, and the same corners in map coordinates
# through the first image's geotransform (all demo images share it).
db px
db utm
db ll
PX="$T/px.db" UTM="$T/utm.db" LL="$T/ll.db"
tail -n +2 "$D/quays.csv" | sed 's/^\([^,]*\),"\(.*\)"$/\1|\2/' > "$T/quays"
gt=$("$QM" -d "$PX" images --format json | python3 -c '
import json, sys
print(" ".join(str(v) for v in json.load(sys.stdin)[0]["geotransform"]))')
while IFS='|' read -r name poly; do
	utm=$(printf '%s\n' "$poly" | tr ',' '\n' | awk -v gt="$gt" '
	    BEGIN { split(gt, g, " ") }
	    NF == 2 { printf "%s%.3f %.3f", n++ ? ", " : "",
		g[1] + $1 * g[2] + $2 * g[3], g[4] + $1 * g[5] + $2 * g[6] }')
	ll=$(printf '%s\n' "$utm" | tr ',' '\n' | gdaltransform -s_srs \
	    EPSG:32652 -t_srs EPSG:4326 -output_xy | awk '
	    { printf "%s%.9f %.9f", n++ ? ", " : "", $1, $2 }')
	run "$QM" -d "$PX" quay add --site "$SITE" --polygon "$poly" "$name"
	ok "pixel quay $name"
	run "$QM" -d "$UTM" quay add --site "$SITE" --crs EPSG:32652 \
	    --polygon "$utm" "$name"
	ok "UTM quay $name"
	run "$QM" -d "$LL" quay add --site "$SITE" --crs epsg:4326 \
	    --polygon "$ll" "$name"
	ok "longitude/latitude quay $name"
done < "$T/quays"

run "$QM" -d "$LL" quay list --format csv
has "list names the CRS" "$OUT" "EPSG:4326"
has "list keeps longitude first" "$OUT" "130.29"
for what in calls stacks; do
	"$QM" -d "$PX" $what --format csv > "$T/px.$what"
	"$QM" -d "$UTM" $what --format csv > "$T/utm.$what"
	"$QM" -d "$LL" $what --format csv > "$T/ll.$what"
	eq "$what: UTM quays as pixel quays" "$(cat "$T/utm.$what")" \
	    "$(cat "$T/px.$what")"
	eq "$what: lon/lat quays as pixel quays" "$(cat "$T/ll.$what")" \
	    "$(cat "$T/px.$what")"
done
# and the count is not empty: the Angara's calls at the arms quay
n=$(grep -c ',Arms quay,' "$T/px.calls")
[ "$n" -ge 10 ] || fail "only $n calls at the arms quay"
CHECKS=$((CHECKS + 1))
run "$QM" -d "$UTM" report --quay "Arms quay" --format csv
has "report through a map quay" "$OUT" "Angara"

# Refusals: one line each, nothing added
for bad in "0 0, 10 0, nan 5" "0 0, inf 0, 5 5" "0 0, 1e999 0, 5 5" \
    "0 0; 10 0; 5 5" "0 0, 10 0, 5"; do
	run "$QM" -d "$PX" quay add --site "$SITE" --polygon "$bad" Bad
	nok "polygon \"$bad\"" 2
	has "polygon \"$bad\" says how" "$ERR" "--polygon"
done
run "$QM" -d "$PX" quay add --site "$SITE" --polygon "0 0, 10 0" Bad
nok "two points" 2
has "two points: why" "$ERR" "at least 3 points"
run "$QM" -d "$PX" quay add --site "$SITE" --polygon "0 0, 9 0, 9 9" \
    "Arms quay"
nok "a name twice"
one_line "a name twice: one line" "$ERR"
has "a name twice: why" "$ERR" "already exists"
run "$QM" -d "$PX" quay add --site "$SITE" --crs EPSG:99999 \
    --polygon "0 0, 9 0, 9 9" Bad
nok "unknown CRS"
has "unknown CRS: which" "$ERR" "EPSG:99999"
run "$QM" -d "$PX" quay add --site Nowhere --polygon "0 0, 9 0, 9 9" Bad
nok "unknown site"
has "unknown site: which" "$ERR" "Nowhere"
run "$QM" -d "$PX" quay list --format csv
eq "nothing added by the refusals" "$(printf '%s\n' "$OUT" | tail -n +2 |
    wc -l)" 3

# Regression (a failed quay add kept the quay): corners that cannot be
# transformed into the images' CRS refuse the quay and store nothing, so
# the next quay add and ingest still work.
run "$QM" -d "$UTM" quay add --site "$SITE" --crs EPSG:4326 \
    --polygon "500 500, 501 500, 501 501" Far
nok "untransformable corners" 1
one_line "untransformable corners: one line" "$ERR"
has "untransformable corners: nothing added" "$ERR" "nothing added"
run "$QM" -d "$UTM" quay list --format csv
hasnt "the failed quay is not kept" "$OUT" "Far"
"$QM" -d "$UTM" calls --quay "North pier" --format csv | tail -n +2 |
    cut -d, -f1,3- > "$T/pier.calls"
[ -s "$T/pier.calls" ] || fail "no calls at the north pier"
# the pier again under another name (a mark counts at the first quay
# holding it, so the old one goes first)
run "$QM" -d "$UTM" quay rm --site "$SITE" "North pier"
ok "quay rm"
run "$QM" -d "$UTM" quay add --site "$SITE" --crs EPSG:32652 \
    --polygon "$(sed -n 's/^North pier|//p' "$T/quays" | tr ',' '\n' |
    awk -v gt="$gt" 'BEGIN { split(gt, g, " ") } NF == 2 { printf "%s%.3f %.3f",
    n++ ? ", " : "", g[1] + $1 * g[2] + $2 * g[3], g[4] + $1 * g[5] + $2 * g[6] }')" \
    "Pier copy"
ok "a quay after the refusal"
run "$QM" -d "$UTM" ingest --site "$SITE" "$D"/*.tif
ok "ingest after the refusal"
"$QM" -d "$UTM" calls --quay "Pier copy" --format csv | tail -n +2 |
    cut -d, -f1,3- > "$T/copy.calls"
eq "the new quay counts as the removed one did" "$(cat "$T/copy.calls")" \
    "$(cat "$T/pier.calls")"

# quay set: rename, new polygon (failing ones change nothing); quay rm.
run "$QM" -d "$UTM" quay set --site "$SITE" --name "Pier two" "Pier copy"
ok "quay set --name"
run "$QM" -d "$UTM" quay set --site "$SITE" --name "Arms quay" "Pier two"
nok "rename onto another quay's name" 1
has "rename clash: why" "$ERR" "already exists"
run "$QM" -d "$UTM" quay set --site "$SITE" --crs EPSG:4326 \
    --polygon "500 500, 501 500, 501 501" "Pier two"
nok "quay set to untransformable corners" 1
has "quay set refusal: nothing changed" "$ERR" "nothing changed"
"$QM" -d "$UTM" calls --quay "Pier two" --format csv | tail -n +2 |
    cut -d, -f1,3- > "$T/two.calls"
eq "the refused polygon changed nothing" "$(cat "$T/two.calls")" \
    "$(cat "$T/pier.calls")"
run "$QM" -d "$UTM" quay set --site "$SITE" --polygon "0 0, 1 0, 1 1" \
    "Pier two"
ok "quay set --polygon in pixels"
run "$QM" -d "$UTM" quay list --format csv
has "new polygon listed" "$OUT" "Pier two,pixels,\"0 0, 1 0, 1 1\""
run "$QM" -d "$UTM" calls --quay "Pier two" --format csv
eq "a one-pixel quay has no calls" "$(printf '%s\n' "$OUT" | wc -l)" 1
run "$QM" -d "$UTM" quay set --site "$SITE" "Pier two"
nok "quay set with nothing to change" 2
run "$QM" -d "$UTM" quay rm --site "$SITE" "Pier two"
ok "quay rm again"
run "$QM" -d "$UTM" quay list --format csv
hasnt "removed quay gone" "$OUT" "Pier two"
run "$QM" -d "$UTM" quay rm --site "$SITE" "Pier two"
nok "quay rm twice" 1
has "quay rm twice: why" "$ERR" "no quay"
run "$QM" -d "$UTM" history --user "$(id -un)" --format csv
has "audit: quay renamed" "$OUT" "update,quay"
has "audit: quay removed" "$OUT" "delete,quay"
eq "audit: two updates (the refused one left none)" \
    "$(printf '%s\n' "$OUT" | grep -c ',update,quay,')" 2

finish
