#!/bin/sh
# Datasets out: round trips (export, import into a catalog of the same
# images, export again: the same bytes) for csv, coco, yolo-obb, voc and
# dota; COCO checked against the format's required keys and types; OGR
# layers read back by ogrinfo; splits, tiles, chips, counts; model output
# imported as proposals and accepted in the TUI.
. "$(dirname "$0")/../lib.sh"

A="$T/a.db"
run "$QM" -d "$A" demo --scale 0.25 --seed 7 --labels all --no-open
ok "labelled demo"
NMARKS=$("$QM" -d "$A" marks --format csv --status all | tail -n +2 | wc -l)
# the same images, verdicts and quays, no marks
cp "$A" "$T/empty.db"
"$QM" -d "$T/empty.db" mark rm $("$QM" -d "$T/empty.db" marks --status all \
    --format json | python3 -c 'import json,sys; print(" ".join(str(m["id"]) for m in json.load(sys.stdin)))')
eq "the empty copy" "$("$QM" -d "$T/empty.db" marks --status all --format csv | wc -l)" 1

# Round trips
for f in csv coco yolo-obb voc dota; do
	case $f in
	csv) out="$T/a.csv" files="$T/a.csv" ;;
	coco) out="$T/a.coco" files="$T/a.coco/annotations.json" ;;
	yolo-obb) out="$T/a.yolo-obb" files="$T/a.yolo-obb/labels/*.txt" ;;
	voc) out="$T/a.voc" files="$T/a.voc/Annotations/*.xml" ;;
	dota) out="$T/a.dota" files="$T/a.dota/labelTxt/*.txt" ;;
	esac
	run "$QM" -d "$A" export --format "$f" --quality all --images none "$out"
	ok "$f export"
	cp "$T/empty.db" "$T/b.db"
	# shellcheck disable=SC2086
	run "$QM" -d "$T/b.db" import --format "$f" $files
	ok "$f import"
	has "$f: every mark back" "$OUT" "import: $NMARKS added"
	b="$(echo "$out" | sed 's|/a\.|/b.|')"
	run "$QM" -d "$T/b.db" export --format "$f" --quality all --images none "$b"
	ok "$f export again"
	CHECKS=$((CHECKS + 1))
	if [ "$f" = coco ]; then
		python3 - "$out/annotations.json" "$b/annotations.json" <<'PY' ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    for an in d["annotations"]:
        del an["attributes"]["mark_id"]   # new marks, new ids
sys.exit(a != b)
PY
		fail "coco: the round trip changed something"
	else
		diff -r -x data.yaml "$out" "$b" >"$T/diff" ||
			fail "$f: the round trip changed $(head -3 "$T/diff")"
	fi
done
# rotation to a hundredth of a degree through every format
python3 - "$T/a.csv" <<'PY' || fail "rotations in the round trip"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert any(r["kind"] == "rbox" and float(r["angle"]) not in (0, 90) for r in rows)
PY

# COCO as the format documents it
python3 - "$T/a.coco/annotations.json" <<'PY' || fail "COCO structure"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d["info"], dict) and isinstance(d["licenses"], list)
ids = set()
for im in d["images"]:
    assert isinstance(im["id"], int) and isinstance(im["file_name"], str)
    assert isinstance(im["width"], int) and isinstance(im["height"], int)
    assert isinstance(im["date_captured"], str)
    ids.add(im["id"])
cats = {c["id"] for c in d["categories"]}
assert all(isinstance(c["name"], str) and isinstance(c["supercategory"], str) for c in d["categories"])
seen = set()
for a in d["annotations"]:
    assert isinstance(a["id"], int) and a["id"] not in seen
    seen.add(a["id"])
    assert a["image_id"] in ids and a["category_id"] in cats
    x, y, w, h = a["bbox"]
    assert all(isinstance(v, (int, float)) for v in a["bbox"]) and w >= 0 and h >= 0
    assert isinstance(a["area"], (int, float)) and a["iscrowd"] in (0, 1)
    assert isinstance(a["segmentation"], list)
    for poly in a["segmentation"]:
        assert len(poly) % 2 == 0 and len(poly) >= 6
        xs, ys = poly[0::2], poly[1::2]
        # thousandths of a pixel each way
        assert min(xs) >= x - 2e-3 and max(xs) <= x + w + 2e-3
        assert min(ys) >= y - 2e-3 and max(ys) <= y + h + 2e-3
    if a["attributes"]["kind"] == "rbox":
        assert len(a["segmentation"]) == 1
PY

# YOLO layout
run "$QM" -d "$A" export --format yolo --split train=0.8,val=0.2 --seed 3 "$T/yolo"
ok "yolo with splits"
has "data.yaml names" "$(cat "$T/yolo/data.yaml")" '1: "container_stack"'
has "data.yaml splits" "$(cat "$T/yolo/data.yaml")" "val: images/val"
CHECKS=$((CHECKS + 1))
[ -L "$(ls -d "$T"/yolo/images/train/* | head -1)" ] || fail "images are linked"
nimg=$(find "$T/yolo/images" -name 'rajin*' | wc -l)
nlab=$(find "$T/yolo/labels" -name '*.txt' | wc -l)
eq "a label file per image" "$nlab" "$nimg"
python3 - "$T/yolo" <<'PY' || fail "yolo labels"
import os, sys
for split in ("train", "val"):
    d = f"{sys.argv[1]}/labels/{split}"
    for f in os.listdir(d):
        for line in open(f"{d}/{f}"):
            v = line.split()
            assert len(v) == 5 and int(v[0]) >= 0
            assert all(0 <= float(x) <= 1 for x in v[1:])
PY

# data.yaml's path is absolute: training from another folder works
# (regression: yolo_data_yaml_relative_path)
(cd "$T" && "$QM" -d "$A" export --format yolo --images none rel-yolo 2>/dev/null)
python3 - "$T/rel-yolo/data.yaml" "$T/rel-yolo" <<'PY' || fail "data.yaml path is absolute"
import os, re, sys
p = re.search(r'^path: "(.*)"$', open(sys.argv[1]).read(), re.M).group(1)
assert os.path.isabs(p) and os.path.samefile(p, sys.argv[2]), p
assert os.path.isdir(os.path.join(p, "labels")), p
PY
CHECKS=$((CHECKS + 1))

# Splits: deterministic, about the shares, nearby dates together
run "$QM" -d "$A" export --format csv --split train=0.8,val=0.2 --seed 3 "$T/s1.csv"
ok "split export"
run "$QM" -d "$A" export --format dota --split train=0.8,val=0.2 --seed 3 --images none "$T/s1"
ok "split export s1"	# the diffs below would pass on two failures
run "$QM" -d "$A" export --format dota --split train=0.8,val=0.2 --seed 3 --images none "$T/s2"
ok "split export s2"
CHECKS=$((CHECKS + 1))
diff -r "$T/s1" "$T/s2" >/dev/null || fail "the same seed, another split"
run "$QM" -d "$A" export --format dota --split train=0.8,val=0.2 --seed 4 --images none "$T/s3"
ok "split export s3"
CHECKS=$((CHECKS + 1))
diff -r "$T/s1" "$T/s3" >/dev/null && fail "another seed, the same split"
ntrain=$(ls "$T/s1/train/labelTxt" | wc -l)
nval=$(ls "$T/s1/val/labelTxt" | wc -l)
CHECKS=$((CHECKS + 1))
[ "$nval" -ge 8 ] && [ "$nval" -le 24 ] || fail "val has $nval of $((ntrain + nval))"
python3 - "$T/s1" <<'PY' || fail "nearby dates split apart"
import os, re, sys, datetime
day = lambda f: datetime.date.fromisoformat(re.sub(r"^rajin_(\d{4})-?(\d\d)-?(\d\d).*", r"\1-\2-\3", f))
where = {}
for s in ("train", "val"):
    for f in os.listdir(f"{sys.argv[1]}/{s}/labelTxt"):
        where[day(f)] = s
# images of one 7-day block (from 1970-01-01) share a split
blocks = {}
for d, s in where.items():
    blocks.setdefault((d - datetime.date(1970, 1, 1)).days // 7, set()).add(s)
assert all(len(v) == 1 for v in blocks.values()), blocks
PY
run "$QM" -d "$A" export --format csv --split train=x "$T/bad.csv"
nok "a bad split"
one_line "bad split message" "$ERR"

# OGR: every layer read back by ogrinfo
for drv in GPKG GeoJSON FlatGeobuf "ESRI Shapefile"; do
	ext=$(case $drv in GPKG) echo gpkg ;; GeoJSON) echo geojson ;; FlatGeobuf) echo fgb ;; *) echo shp ;; esac)
	out="$T/marks.$ext"
	[ "$drv" = "ESRI Shapefile" ] && out="$T/shp"
	run "$QM" -d "$A" export --format "ogr:$drv" --quality all "$out"
	ok "ogr:$drv"
	has "ogr:$drv skips images without a geotransform" "$ERR" \
	    "11 image(s) not georeferenced"
	run ogrinfo -ro -so -al "$out"
	ok "ogrinfo reads ogr:$drv"
	has "ogr:$drv: WGS 84 / UTM 52N" "$OUT" "UTM zone 52N"
	has "ogr:$drv: fields" "$OUT" "status: String"
	has "ogr:$drv: the date" "$OUT" "date: Date"
done
GEO=$("$QM" -d "$A" marks --format json --status all | python3 -c '
import json, sys, subprocess
ms = json.load(sys.stdin)
print(sum(1 for m in ms if not m["file"].endswith(".png") and m["kind"] != "point"))')
run ogrinfo -ro -so "$T/marks.gpkg" marks
has "marks feature count" "$OUT" "Feature Count: $GEO"
run ogrinfo -ro -so "$T/marks.gpkg" quays
has "quay layer" "$OUT" "Feature Count: 3"
run "$QM" -d "$A" export --format ogr:GeoJSON --t-srs EPSG:4326 "$T/ll.geojson"
ok "reprojected"
run ogrinfo -ro -so -al "$T/ll.geojson"
has "extent in degrees near Rajin" "$OUT" "Extent: (130.2"
run "$QM" -d "$A" export --format ogr:NoSuchDriver "$T/x.gpkg"
nok "an unknown driver"
has "names the driver" "$ERR" "ogr:NoSuchDriver"

# Chips: a PNG per mark, an index
run "$QM" -d "$A" export --format chips --quality all "$T/chips"
ok "chips"
nchips=$(find "$T/chips" -name '*.png' | wc -l)
eq "a chip per mark" "$nchips" "$NMARKS"
eq "index rows" "$(tail -n +2 "$T/chips/index.csv" | wc -l)" "$NMARKS"
python3 - "$T/chips" <<'PY' || fail "chips are PNGs"
import os, struct, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".png"):
            b = open(os.path.join(root, f), "rb").read(24)
            assert b[:8] == b"\x89PNG\r\n\x1a\n"
            w, h = struct.unpack(">II", b[16:24])
            assert 1 <= w <= 1024 and 1 <= h <= 1024
PY

# Tiles: 400x250 scenes in 128-pixel tiles, labels clipped to them
run "$QM" -d "$A" export --format yolo --tile 128 --overlap 16 --quality all "$T/tiles"
ok "tiles"
ntiles=$(ls "$T/tiles/images" | wc -l)
eq "tiles per scene (4 x 3) times 80" "$ntiles" 960
CHECKS=$((CHECKS + 1))
[ ! -e "$T/tiles/.tiles" ] || fail "the staging folder is left"
python3 - "$T/tiles" <<'PY' || fail "tile labels"
import os, struct, sys
n = 0
for f in os.listdir(f"{sys.argv[1]}/labels"):
    for line in open(f"{sys.argv[1]}/labels/{f}"):
        v = [float(x) for x in line.split()[1:]]
        assert all(0 <= x <= 1 for x in v), (f, line)
        n += 1
assert n > 0
b = open(f"{sys.argv[1]}/images/" + sorted(os.listdir(f"{sys.argv[1]}/images"))[0], "rb").read(24)
assert struct.unpack(">II", b[16:24]) == (128, 128)
PY
run "$QM" -d "$A" export --format coco --tile 128 --tile-format gtiff --quality all "$T/gtiles"
ok "GeoTIFF tiles"
run gdalinfo "$T/gtiles/images/rajin_20241001_0_0.tif"
has "tiles keep the georeferencing" "$OUT" "UTM zone 52N"
run "$QM" -d "$A" export --format csv --tile 128 "$T/t.csv"
nok "tiles need a dataset format" 2

# Counts
run "$QM" -d "$A" export --format counts --by month "$T/counts.csv"
ok "counts"
has "counts header" "$(head -1 "$T/counts.csv")" "period,quay,class,calls"
has "counts rows" "$(cat "$T/counts.csv")" "2024-10,Arms quay,ship,"

# Refusals and safety
run "$QM" -d "$A" export --format coco "$T/a.coco"
nok "a full folder"
has "says --force" "$ERR" "--force"
run "$QM" -d "$A" export --format nope "$T/n"
nok "an unknown format" 2
run "$QM" -d "$A" export --format coco
nok "no OUT" 2

# Model output as proposals, accepted one key at a time in the TUI
cp "$T/empty.db" "$T/p.db"
run "$QM" -d "$T/p.db" import --format coco --as-proposals=yolov8 "$T/a.coco/annotations.json"
ok "proposals"
run "$QM" -d "$T/p.db" marks --format csv --status all
has "authored by the model" "$OUT" ",import:yolov8,pending,"
FIRST=$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f1)
printf ':goto %s<Enter><Tab>' "$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f3 | cut -c1-10)" > "$T/keys"
run "$QM" -d "$T/p.db" tui --keys "$T/keys" --size 120x40
has "a proposal says so in the panel" "$OUT" "rbox proposal"
has "and how to take it" "$OUT" "a proposal by import:yolov8: a accepts it, x discards it"
printf ':goto %s<Enter><Tab>a' "$(printf '%s\n' "$("$QM" -d "$T/p.db" marks --format csv --status all)" | sed -n 2p | cut -d, -f3 | cut -c1-10)" > "$T/keys"
run "$QM" -d "$T/p.db" tui --keys "$T/keys" --size 120x40
ok "accept one"
run "$QM" -d "$T/p.db" marks --format json --status all
eq "one accepted" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(sum(1 for m in json.load(sys.stdin) if not m["proposal"]))')" 1
[ -n "$FIRST" ] || fail "proposals listed"

# "-" is standard output for csv and counts, refused for the rest; files
# are written whole, through a symbolic link, never over a pipe or device
"$QM" -d "$A" export --format csv --quality all - > "$T/stdout.csv" 2>/dev/null
eq "csv to standard output" "$(cat "$T/stdout.csv")" "$(cat "$T/a.csv")"
run "$QM" -d "$A" export --format coco -
nok "coco to standard output"
has "coco to standard output: why" "$ERR" "only csv and counts go to standard output"
[ ! -e ./- ] || fail "a file named - was made"
CHECKS=$((CHECKS + 1))
mkfifo "$T/pipe.png"
run "$QM" -d "$A" report --plot "$T/pipe.png"
nok "a chart over a named pipe"
has "a chart over a named pipe: why" "$ERR" "pipe.png: not a regular file"
[ -p "$T/pipe.png" ] || fail "the named pipe was replaced"
CHECKS=$((CHECKS + 1))
: > "$T/real.csv"
ln -s real.csv "$T/link.csv"
run "$QM" -d "$A" export --format csv --quality all --force "$T/link.csv"
ok "export through a link"
[ -L "$T/link.csv" ] || fail "the link was replaced by a file"
eq "written through the link" "$(cat "$T/real.csv")" "$(cat "$T/a.csv")"
# regression: import_site_null: a refused row names the site as stored
sed '2s/Rajin (demo)/Nampo/' "$T/a.csv" | head -2 > "$T/othersite.csv"
run "$QM" -d "$T/b.db" import "$T/othersite.csv"
nok "a row of another site" 1
has "the site as stored" "$ERR" 'is in site "Rajin (demo)", the file says "Nampo"'

# What a trainer gets by default (regressions: export_takes_rejected,
# export_takes_unreviewed, summary_counts_unwritten)
D="$T/d.db"
cp "$A" "$D"
"$QM" -d "$D" images --format csv > "$T/imgs.csv"
"$QM" -d "$D" marks --format json > "$T/marks.json"
# shellcheck disable=SC2046
set -- $(python3 - "$T/imgs.csv" "$T/marks.json" <<'PY'
import csv, json, sys
q = {int(r["id"]): r["quality"] for r in csv.DictReader(open(sys.argv[1]))}
ms = json.load(open(sys.argv[2]))
good = [m for m in ms if q[m["image_id"]] in ("clear", "partly_cloudy")]
rej = (good[0], good[1])
img = next(m["image_id"] for m in good if m["image_id"] not in (rej[0]["image_id"], rej[1]["image_id"]))
on_img = sum(1 for m in good if m["image_id"] == img)
print(rej[0]["id"], rej[1]["id"], img, on_img, len(good) - 2 - on_img)
PY
)
R1=$1 R2=$2 UI=$3 UN=$4 WANT=$5
"$QM" -d "$D" reject --reason "not an object" "$R1" "$R2"
"$QM" -d "$D" quality "$UI" unreviewed
run "$QM" -d "$D" export --format csv "$T/d.csv"
ok "default export"
eq "default: not rejected, on clear or partly cloudy images" "$(tail -n +2 "$T/d.csv" | wc -l)" "$WANT"
hasnt "no rejected mark leaves" "$(cat "$T/d.csv")" ",rejected,"
has "the summary counts what was written" "$ERR" "export: $WANT mark(s)"
has "and says rejected marks stayed" "$ERR" "2 rejected mark(s) (--status all keeps them)"
has "and marks on images without a verdict" "$ERR" "$UN mark(s) on images without a verdict"
has "and the images left out" "$ERR" "cloudy or no data, 1 unreviewed)"
run "$QM" -d "$D" export --format csv --status approved,rejected "$T/r.csv"
ok "--status with a list"
has "--status naming rejected takes them" "$(cat "$T/r.csv")" ",rejected,not an object"
run "$QM" -d "$D" export --format csv --status nonsense "$T/n.csv"
nok "a bad --status" 2
run "$QM" -d "$A" export --format ogr:GPKG "$T/w.gpkg"
ok "default GeoPackage"
N=$(printf '%s\n' "$ERR" | sed -n 's/^export: \([0-9]*\) mark.*/\1/p')
F=$(for l in marks mark_points; do ogrinfo -ro -so "$T/w.gpkg" "$l" 2>/dev/null; done |
    sed -n 's/^Feature Count: //p' | awk '{ n += $1 } END { print n + 0 }')
eq "the GeoPackage summary counts the features written" "$N" "$F"
has "and says which were not" "$ERR" "image(s) not georeferenced"

# Blind double labelling: one mark per object by default (regression:
# export_two_boxes_per_object); --duplicates keep and merge
DD="$T/dup.db"
cp "$A" "$DD"
"$QM" -d "$DD" marks --format json > "$T/marks.json"
# shellcheck disable=SC2046
set -- $(python3 - "$T/marks.json" <<'PY'
import json, sys
m = next(m for m in json.load(open(sys.argv[1])) if m["kind"] == "box" and m["w"] >= 10)
x0, y0 = m["cx"] - m["w"] / 2, m["cy"] - m["h"] / 2
print(m["image_id"], m["class"], "%g,%g,%g,%g" % (x0 + 1, y0, x0 + m["w"] + 1, y0 + m["h"]), "%g" % (m["cx"] + 0.5))
PY
)
DI=$1 DC=$2 DBOX=$3 DCX=$4
"$QM" -d "$DD" export --format csv --quality all "$T/before.csv" 2>/dev/null
run "$QM" -d "$DD" mark add --image "$DI" --class "$DC" --box "$DBOX"
ok "a second analyst's box of the same object"
run "$QM" -d "$DD" export --format csv --quality all "$T/first.csv"
ok "default: first"
eq "one mark per object by default" "$(cat "$T/first.csv")" "$(cat "$T/before.csv")"
has "the summary says a duplicate was left out" "$ERR" "1 duplicate mark(s)"
run "$QM" -d "$DD" export --format csv --quality all --duplicates keep "$T/keep.csv"
eq "keep: both" "$(tail -n +2 "$T/keep.csv" | wc -l)" "$(($(tail -n +2 "$T/before.csv" | wc -l) + 1))"
run "$QM" -d "$DD" export --format csv --quality all --duplicates merge "$T/merge.csv"
eq "merge: one per object" "$(wc -l < "$T/merge.csv")" "$(wc -l < "$T/before.csv")"
has "merge: the consensus box, between the two" "$(cat "$T/merge.csv")" ",$DC,box,$DCX,"
run "$QM" -d "$DD" export --format csv --duplicates most "$T/x.csv"
nok "a bad --duplicates" 2
finish
