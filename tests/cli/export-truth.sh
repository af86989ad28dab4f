#!/bin/sh
# Exports checked by independent readers: every file quaymark writes in
# COCO, YOLO, YOLO-OBB, VOC, DOTA, CSV and an OGR layer is read back by
# Python's json/csv/xml modules, plain text parsing or ogrinfo (never by
# quaymark's own importers, which would share a writer's mistakes) and
# compared with the marks in the database field by field: class, corners
# computed from centre, size and clockwise angle, attributes.
# (tests/tools/export_truth.py does the reading.)
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
TRUTH="$top/tests/tools/export_truth.py"
command -v python3 >/dev/null || { skip "no python3"; finish; }

DB="$T/a.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels all --no-open
ok "labelled demo"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 6p | cut -d, -f1)
# marks the demo lacks: a steep and a negative rotation, a point, text
# with a comma and quotes, a count and a state; one rejected (left out)
run "$QM" -d "$DB" mark add --image "$IMG" --class ship \
    --rbox 200,120,60,12,37.5 --name 'Lady "R", 2' --count 3 \
    --state loading --note 'a note, with comma'
ok "a turned ship with text"
run "$QM" -d "$DB" mark add --image "$IMG" --class aircraft \
    --rbox 300,200,40,20,-120
ok "an aircraft turned backwards"
run "$QM" -d "$DB" mark add --image "$IMG" --class vehicle --at 50.25,60.5 \
    --name pt
ok "a point"
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --rbox 100,100,30,8,10 \
    --name Rejected
ok "a mark to reject"
run "$QM" -d "$DB" reject --reason "not a ship" "$OUT"
ok "rejected"
"$QM" -d "$DB" marks --format json --status all > "$T/marks.json"
"$QM" -d "$DB" images --format json > "$T/images.json"
has "the rejected mark is in the database" "$(cat "$T/marks.json")" '"Rejected"'

# check FORMAT PATH: run the independent reader over PATH
check() {
	run python3 "$TRUTH" "$1" "$2" "$T/marks.json" "$T/images.json"
	ok "$1 read independently matches the database"
	[ "$RC" -eq 0 ] || echo "$OUT" | head -8 >&2
	has "$1: something was compared" "$OUT" "marks checked field by field"
}
for f in coco yolo yolo-obb voc dota; do
	run "$QM" -d "$DB" export --format "$f" --quality all --images none \
	    "$T/out-$f"
	ok "$f export"
	check "$f" "$T/out-$f"
done
run "$QM" -d "$DB" export --format csv --quality all "$T/out.csv"
ok "csv export"
check csv "$T/out.csv"
if command -v ogrinfo >/dev/null; then
	run "$QM" -d "$DB" export --format ogr:GPKG --quality all "$T/out.gpkg"
	ok "GeoPackage export"
	check ogr "$T/out.gpkg"
else
	skip "no ogrinfo (gdal-bin) to read the GeoPackage"
fi

# The reader itself: a planted wrong value in each kind of file is seen,
# so a pass above means the fields were really compared.
cp -r "$T/out-dota" "$T/bad-dota"
f=$(grep -l 'ship' "$T/bad-dota/labelTxt/"*.txt | head -1)
sed -i '0,/ ship /s/^\([0-9.]*\) /\1.5 /' "$f"
run python3 "$TRUTH" dota "$T/bad-dota" "$T/marks.json" "$T/images.json"
nok "a moved DOTA corner is noticed" 1
cp "$T/out.csv" "$T/bad.csv"
sed -i 's/,40,/,41,/' "$T/bad.csv"
run python3 "$TRUTH" csv "$T/bad.csv" "$T/marks.json" "$T/images.json"
nok "a changed CSV count is noticed" 1
python3 - "$T/out-coco/annotations.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for a in d["annotations"]:
    a["attributes"].pop("name", None)
json.dump(d, open(sys.argv[1], "w"))
PY
run python3 "$TRUTH" coco "$T/out-coco" "$T/marks.json" "$T/images.json"
nok "COCO without names is noticed" 1
finish
