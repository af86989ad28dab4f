#!/bin/sh
# The table of dataset formats (export/formats.c) drives export and
# import: their --help lists it, an unknown name is refused with the
# table's names, and --format counts takes export's own options, not a
# made-up command line for report.
. "$(dirname "$0")/../lib.sh"

run "$QM" export --help
ok "export --help"
has "export --help lists formats" "$OUT" "formats:"
has "export --help: ogr" "$OUT" "  ogr:DRIVER  GIS layers through OGR"
has "export --help: traits" "$OUT" "(export and import; rotated boxes kept; writes a folder; tiles)"
hasnt "export --help: no import-only formats" "$OUT" "  cvat "
run "$QM" import --help
ok "import --help"
has "import --help: cvat" "$OUT" "  cvat        CVAT for images XML"
hasnt "import --help: no export-only formats" "$OUT" "  chips "
run "$QM" help --formats
ok "help --formats"
has "help --formats is mdoc" "$OUT" ".Sh DATASET FORMATS"

run "$QM" -d "$T/none.db" export --format cvat "$T/x"
nok "cvat is not written" 2
has "export names what it writes" "$ERR" "\"cvat\" is not csv, coco, yolo, yolo-obb, voc, dota, ogr:DRIVER, chips or counts"
run "$QM" -d "$T/none.db" import --format chips "$T/x"
nok "chips are not read" 2
has "import names what it reads" "$ERR" "\"chips\" is not csv, coco, yolo, yolo-obb, voc, dota, cvat or labelme"
run "$QM" -d "$T/none.db" export --format ogr: "$T/x"
nok "ogr: without a driver" 2
has "ogr: names a driver" "$ERR" "--format ogr:DRIVER names a driver"
run "$QM" -d "$T/none.db" export --format chips --tile 64 "$T/x"
nok "tiles with chips" 2
has "tiles: the formats from the table" "$ERR" "--tile goes with coco, yolo, yolo-obb, voc and dota"

A="$T/a.db"
run "$QM" -d "$A" demo --scale 0.25 --seed 7 --labels all --no-open
ok "labelled demo"
run "$QM" -d "$A" report --format csv --by month --class ship
ok "report csv"
WANT=$OUT
# Regression (counts_export_drops_args_equal_to_out): export rebuilt a
# command line for report and dropped every word equal to OUT, so a
# folder named like a class lost --class's value.
mkdir "$T/w" && cd "$T/w" || fail "cd"
run "$QM" -d "$A" export --format counts --by month --class ship ship
ok "counts into a file named like the class"
eq "counts: the report's CSV" "$(cat ship)" "$WANT"
run "$QM" -d "$A" export --format counts --by fortnight "$T/c.csv"
nok "counts: a bad --by" 2
has "counts: --by named" "$ERR" "--by: \"fortnight\" is not day, week or month"
run "$QM" -d "$A" export --format counts --image x "$T/c2.csv"
nok "counts: --image is not a report option" 2
has "counts: what it takes" "$ERR" "--format counts takes --site, --from, --to, --class, --status, --by and --quay"
[ ! -e "$T/c2.csv" ] || fail "counts: nothing written on a refusal"
finish
