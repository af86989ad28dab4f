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

finish
