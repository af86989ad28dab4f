#!/bin/sh
# Hostile inputs, second round (issue 12), each pinned by the bug it was:
# marks of absurd size, FIFOs where images should be, escape sequences in
# file names and label files, file names that are not UTF-8 in JSON,
# files made to cost gigabytes, quadratic imports, float images with
# infinities, an explicitly named folder that yields nothing. Every
# hostile file is made here; nothing is copied from elsewhere.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || { echo "SKIP [$NAME] no python3" >&2; finish; }
ESC=$(printf '\033')
BEL=$(printf '\007')
ASAN=0
case $BUILD in *asan*) ASAN=1 ;; esac

# mkpng PATH W H SEED [BROKEN]: a grey PNG; BROKEN: a tEXt chunk that
# declares 2 GB in a file of 45 bytes (libpng's huge_*_chunk crashers)
mkpng() {
	python3 - "$@" <<'PY'
import struct, sys, zlib
path, w, h, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
if len(sys.argv) > 5:
    data = head + struct.pack(">I", 0x7ffffff0) + b"tEXt" + b"abcd"
else:
    raw = b"".join(b"\0" + bytes(((x * 13 + y * 7 + seed * 31) & 0xff) for x in range(w)) for y in range(h))
    data = head + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(path.encode("utf-8", "surrogateescape"), "wb").write(data)
PY
}

DB="$T/h.db"
mkdir -p "$T/img"
mkpng "$T/img/quay_20250101.png" 200 100 1
run "$QM" -d "$DB" ingest --site Rajin "$T/img"
ok "a plain image"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
"$QM" -d "$DB" mark add --image "$IMG" --class ship --at 10,10 --name Keep >/dev/null

# --- geometry_1e308_box: one check for every reader and for mark add/set
printf 'file,class,kind,cx,cy,width,height,angle,name\nquay_20250101.png,ship,box,100,50,1e308,10,0,\n' > "$T/huge.csv"
run "$QM" -d "$DB" import "$T/huge.csv"
nok "geometry_1e308_box: CSV refused" 1
has "geometry_1e308_box: CSV names file:line" "$ERR" "huge.csv:2: "
has "geometry_1e308_box: CSV says why" "$ERR" "more than 16 times the size of its 200 x 100 image"
cat > "$T/huge.json" <<'EOF'
{"images":[{"id":1,"file_name":"quay_20250101.png","width":200,"height":100}],
 "categories":[{"id":1,"name":"ship"}],
 "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[-5e307,45,1e308,10]}]}
EOF
run "$QM" -d "$DB" import --format coco "$T/huge.json"
nok "geometry_1e308_box: COCO refused" 1
one_line "geometry_1e308_box: COCO one line" "$ERR"
has "geometry_1e308_box: COCO says why" "$ERR" "more than 16 times"
printf 'quay_20250101.png,ship,box,100,50,3300,10,0,\n' > "$T/big.csv"
sed -i '1i file,class,kind,cx,cy,width,height,angle,name' "$T/big.csv"
run "$QM" -d "$DB" import "$T/big.csv"
nok "geometry: 16.5 images wide refused" 1
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --rbox 100,50,1e308,10,0
nok "geometry_1e308_box: mark add refused" 1
has "geometry_1e308_box: mark add says why" "$ERR" "more than 16 times"
ID=$("$QM" -d "$DB" mark add --image "$IMG" --class ship --box 10,10,30,20)
run "$QM" -d "$DB" mark set "$ID" rbox=20,15,1e300,5,0
nok "geometry_1e308_box: mark set refused" 1
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --rbox 100,50,3000,10,30
ok "geometry: 15 images wide is still a mark"
eq "geometry: nothing lost" "$(sqlite3 "$DB" 'SELECT count(*) FROM mark WHERE deleted = 0')" 3
# whatever the store holds (an older version let it in), drawing it
# cannot overflow: UBSan stops the sanitizer build at the first one
sqlite3 "$DB" "INSERT INTO mark (image_id, class_id, kind, cx, cy, w, h, angle, name, author, created, updated, updated_by) SELECT $IMG, id, 'box', 100, 50, 1e308, 1e308, 0, 'Wide', 'x', '2025-01-01', '2025-01-01', 'x' FROM class WHERE name = 'ship'"
sqlite3 "$DB" "INSERT INTO mark (image_id, class_id, kind, cx, cy, w, h, angle, name, author, created, updated, updated_by) SELECT $IMG, id, 'rbox', 100, 50, 1e308, 3, 45, 'Turned', 'x', '2025-01-01', '2025-01-01', 'x' FROM class WHERE name = 'ship'"
run "$QM" -d "$DB" render --image "$IMG" --size 60x20 --marks
ok "overlay_overflow: render --marks draws a 1e308 box"
has "overlay_overflow: the other marks are drawn" "$OUT" "Keep"
run "$QM" -d "$DB" snapshot --image "$IMG" --marks --out "$T/wide.png"
ok "overlay_overflow: snapshot --marks"
printf 'g' > "$T/keys"
run "$QM" -d "$DB" tui --keys "$T/keys" --size 100x30 --site Rajin
ok "overlay_overflow: the TUI draws it"
sqlite3 "$DB" "DELETE FROM mark WHERE name IN ('Wide', 'Turned')"

# --- fifo_blocks_forever: FIFOs in place of image files
mkfifo "$T/pipe.tif"
run timeout -s KILL 20 "$QM" render "$T/pipe.tif" --size 20x5
nok "fifo_blocks_forever: render refuses" 1
one_line "fifo_blocks_forever: render one line" "$ERR"
has "fifo_blocks_forever: render says why" "$ERR" "pipe.tif: a FIFO, not an image file"
run timeout -s KILL 20 "$QM" snapshot "$T/pipe.tif" --out "$T/p.png"
nok "fifo_blocks_forever: snapshot refuses" 1
has "fifo_blocks_forever: snapshot says why" "$ERR" "a FIFO"
run timeout -s KILL 20 "$QM" -d "$DB" ingest "$T/pipe.tif"
nok "fifo_blocks_forever: ingest refuses" 1
run timeout -s KILL 20 "$QM" render /dev/zero --size 20x5
has "fifo_blocks_forever: a device" "$ERR" "a character device"
# a catalogued image's file replaced by a FIFO: the TUI says why
cp "$DB" "$T/fifo.db"
mv "$T/img/quay_20250101.png" "$T/saved.png"
mkfifo "$T/img/quay_20250101.png"
run timeout -s KILL 20 "$QM" -d "$T/fifo.db" tui --keys "$T/keys" --size 100x30 --site Rajin
ok "fifo_blocks_forever: the TUI runs"
has "fifo_blocks_forever: the TUI says why" "$OUT" "a FIFO"
# and in a terminal, SIGTERM (what `timeout` sends) ends it at once
if command -v tmux >/dev/null; then
	trap 'tm_stop' EXIT
	tm_start 100 30
	tm_keys "'$QM' -d '$T/fifo.db' tui --site Rajin; echo exit=\$?" Enter
	see "fifo_blocks_forever: placeholder in a terminal" "a FIFO" 200
	pid=$(pgrep -P "$(tm display-message -p -t t '#{pane_pid}')" -x quaymark)
	if [ -n "$pid" ]; then
		kill -TERM "$pid"
		see "quit_signals_blocked: SIGTERM ends the TUI" "exit=" 50
		kill -KILL "$pid" 2>/dev/null
	else
		fail "fifo_blocks_forever: no TUI process to signal"
	fi
	tm_stop
	trap lib_cleanup EXIT
fi
rm "$T/img/quay_20250101.png"
mv "$T/saved.png" "$T/img/quay_20250101.png"

# --- raw_escapes: every line to a terminal is escaped
evil="bad${ESC}]0;pwned${BEL}${ESC}[2J"
mkdir -p "$T/evil"
head -c 40 "$T/img/quay_20250101.png" > "$T/evil/${evil}_20250102.png"
run "$QM" -d "$DB" ingest "$T/evil"
nok "raw_escapes: a broken file with an evil name" 1
hasnt "raw_escapes: no ESC in the ingest error" "$ERR" "$ESC"
hasnt "raw_escapes: no BEL in the ingest error" "$ERR" "$BEL"
has "raw_escapes: the name shown escaped" "$ERR" 'bad\x1b]0;pwned\x07\x1b[2J_20250102.png'
run "$QM" render "$T/evil/${evil}_20250102.png"
hasnt "raw_escapes: render error" "$ERR" "$ESC"
run "$QM" snapshot "$T/evil/${evil}_20250102.png" --out "$T/e.png"
hasnt "raw_escapes: snapshot error" "$ERR" "$ESC"
# a catalogued path (someone else's input) in "duplicate of"
mkdir -p "$T/evil2" "$T/dup"
mkpng "$T/evil2/${evil}_20250103.png" 64 48 3
run "$QM" -d "$DB" ingest --site Rajin "$T/evil2"
ok "raw_escapes: an image with an evil name"
cp "$T/evil2/${evil}_20250103.png" "$T/dup/copy_20250103.png"
run "$QM" -d "$DB" ingest --site Rajin "$T/dup"
has "raw_escapes: duplicate of" "$ERR" "duplicate of image"
has "raw_escapes: the catalogued path escaped" "$ERR" 'bad\x1b]0;pwned\x07\x1b[2J_20250103.png'
hasnt "raw_escapes: duplicate of an evil path" "$ERR" "$ESC"
run "$QM" -d "$DB" ingest --site "Evil${ESC}[31m" "$T/dup"
has "raw_escapes: the --site value in the summary" "$OUT" 'site "Evil\x1b[31m"'
hasnt "raw_escapes: no ESC in the summary" "$OUT" "$ESC"
# label-file content echoed by import errors
printf '{"imagePath":"quay_20250101.png","imageWidth":200,"imageHeight":100,"shapes":[{"label":"ship","points":[[1,1],[5,5]],"shape_type":"x\\u001b]0;pwned\\u0007"}]}' > "$T/evil.labelme.json"
run "$QM" -d "$DB" import --format labelme "$T/evil.labelme.json"
nok "raw_escapes: LabelMe shape type refused" 1
has "raw_escapes: LabelMe names the type" "$ERR" 'x\x1b]0;pwned\x07'
hasnt "raw_escapes: LabelMe no ESC" "$ERR" "$ESC"
printf '{"images":[{"id":1,"file_name":"no\\u001b[2Jsuch.png","width":9,"height":9}],"categories":[{"id":1,"name":"ship"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,2,2]}]}' > "$T/evil.coco.json"
run "$QM" -d "$DB" import --format coco "$T/evil.coco.json"
has "raw_escapes: COCO file name echoed escaped" "$ERR" 'no\x1b[2Jsuch.png'
hasnt "raw_escapes: COCO no ESC" "$ERR" "$ESC"
printf 'file,site,class,kind,cx,cy\nquay_20250101.png,Ra%s[2Jjin,ship,point,5,5\n' "$ESC" > "$T/evil.csv"
run "$QM" -d "$DB" import "$T/evil.csv"
has "raw_escapes: CSV site echoed escaped" "$ERR" 'Ra\x1b[2Jjin'
hasnt "raw_escapes: CSV no ESC" "$ERR" "$ESC"

# --- json_drops_non_utf8: JSON listings carry every row
mkdir -p "$T/latin1"
mkpng "$T/latin1/$(printf 'caf\351')_20250106.png" 64 48 6
run "$QM" -d "$DB" ingest --site Latin "$T/latin1"
ok "json_drops_non_utf8: a Latin-1 file name"
LID=$("$QM" -d "$DB" images --site Latin --format csv | sed -n 2p | cut -d, -f1)
"$QM" -d "$DB" mark add --image "$LID" --class ship --at 5,5 >/dev/null
run "$QM" -d "$DB" images --site Latin --format json
ok "json_drops_non_utf8: images json"
eq "json_drops_non_utf8: the image is listed" "$(printf '%s' "$OUT" | python3 -c '
import base64, json, sys
d = json.load(sys.stdin)
print(len(d), d[0]["name"], base64.b64decode(d[0]["name_base64"]) == b"caf\xe9_20250106.png")')" \
    '1 caf\xe9_20250106.png True'
run "$QM" -d "$DB" marks --site Latin --format json
eq "json_drops_non_utf8: its mark is listed" "$(printf '%s' "$OUT" | python3 -c '
import base64, json, sys
d = json.load(sys.stdin)
print(len(d), base64.b64decode(d[0]["file_base64"]).decode("latin-1"))')" \
    '1 café_20250106.png'
run "$QM" -d "$DB" images --format json
eq "json_drops_non_utf8: as many rows as CSV" \
    "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    "$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)"

# --- memory_bombs: refused in one line before they cost memory
mkpng "$T/huge_20250107.png" 1 1 0 broken
run "$QM" -d "$DB" ingest "$T/huge_20250107.png"
nok "memory_huge_png_chunk: ingest refuses" 1
one_line "memory_huge_png_chunk: one line" "$ERR"
has "memory_huge_png_chunk: says why" "$ERR" "PNG chunk tEXt at byte 33 declares 2147483632 bytes, more than the file's 45"
run "$QM" render "$T/huge_20250107.png"
has "memory_huge_png_chunk: render refuses" "$ERR" "declares 2147483632 bytes"
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
ent = "A" * 50000
open(f"{t}/entities.xml", "w").write(
    f'<?xml version="1.0"?><!DOCTYPE annotation [<!ENTITY a "{ent}">]>'
    '<annotation><filename>quay_20250101.png</filename><object><name>ship'
    '</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax>'
    '</bndbox><attributes><attribute><name>note</name><value>'
    + "&a;" * 20000 + '</value></attribute></attributes></object></annotation>')
s = "[" * 1000 + "]" * 1000
open(f"{t}/nested.json", "w").write(
    '{"images":[],"categories":[],"annotations":[],"x":[' + ",".join([s] * 1000) + "]}")
PY
run "$QM" -d "$DB" import --format voc "$T/entities.xml"
nok "memory_voc_entities: refused" 1
one_line "memory_voc_entities: one line" "$ERR"
has "memory_voc_entities: says why" "$ERR" "XML entities"
run "$QM" -d "$DB" import --format coco "$T/nested.json"
nok "memory_coco_nested: refused" 1
has "memory_coco_nested: says why" "$ERR" "nested too densely"
# peak memory, where GNU time is there to measure it (not under ASan)
if [ -x /usr/bin/time ] && [ $ASAN -eq 0 ]; then
	peak() {	# peak CMD...: kilobytes
		/usr/bin/time -f '%M' -o "$T/rss" "$@" >/dev/null 2>&1
		tail -1 "$T/rss"
	}
	for f in "ingest $T/huge_20250107.png" "import --format voc $T/entities.xml" \
	    "import --format coco $T/nested.json"; do
		kb=$(peak "$QM" -d "$DB" $f)
		CHECKS=$((CHECKS + 1))
		[ "$kb" -lt 262144 ] || fail "memory: $f peaked at $kb KB"
	done
	if command -v gdal_translate >/dev/null; then
		gdal_translate -q -outsize 3712 3712 -ot Byte -b 1 -b 1 -b 1 \
		    "$T/img/quay_20250101.png" "$T/big.tif"
		kb=$(peak "$QM" snapshot "$T/big.tif" --out "$T/big.png")
		CHECKS=$((CHECKS + 1))
		[ "$kb" -lt 262144 ] || fail "memory_snapshot_3712: peaked at $kb KB"
	fi
fi

# --- import_quadratic: 30,000 CSV rows took 75 s; now about a second.
# No clock here (speed is bench/import.sh's to show): the rows must all
# land, and a re-import must find every one of them again.
python3 -c "
print('file,class,kind,cx,cy,width,height,angle,name')
for i in range(30000):
    print(f'quay_20250101.png,ship,box,{10 + i % 180},{10 + i // 180 % 80},{5 + i % 7},{4 + i % 5},0,')
" > "$T/many.csv"
cp "$DB" "$T/many.db"
run "$QM" -d "$T/many.db" import "$T/many.csv"
ok "import_quadratic: 30,000 rows"
has "import_quadratic: all added" "$OUT" "import: 30000 added"
run "$QM" -d "$T/many.db" import "$T/many.csv"
has "import_quadratic: a re-import finds them all" "$OUT" "0 added, 30000 already present"

# --- float_inf_nan: stretch from finite pixels, and the image draws
if command -v gdal_translate >/dev/null; then
	python3 - "$T" <<'PY'
import math, struct, sys
t = sys.argv[1]
w, h = 64, 48
v = []
for y in range(h):
    for x in range(w):
        p = float(x * y)
        if (x + y) % 7 == 0: p = math.inf
        if (x + y) % 11 == 0: p = -math.inf
        if (x * y) % 13 == 0: p = math.nan
        v.append(p)
open(f"{t}/f.raw", "wb").write(struct.pack("<%df" % len(v), *v))
open(f"{t}/f.hdr", "w").write(f"ENVI\nsamples = {w}\nlines = {h}\nbands = 1\n"
    "header offset = 0\nfile type = ENVI Standard\ndata type = 4\n"
    "interleave = bsq\nbyte order = 0\n")
PY
	mkdir -p "$T/float"
	gdal_translate -q -of GTiff "$T/f.raw" "$T/float/inf_20250108.tif"
	run "$QM" render "$T/float/inf_20250108.tif" --size 32x12
	ok "float_inf_nan: render draws it"
	hasnt "float_inf_nan: no statistics error" "$ERR" "statistics"
	run "$QM" snapshot "$T/float/inf_20250108.tif" --out "$T/f.png"
	ok "float_inf_nan: snapshot"
	run "$QM" -d "$DB" ingest --site Float "$T/float"
	ok "float_inf_nan: ingest"
	run "$QM" -d "$DB" tui --keys "$T/keys" --size 100x30 --site Float
	ok "float_inf_nan: the TUI runs"
	hasnt "float_inf_nan: the TUI draws it" "$OUT" "image unavailable"
fi

# --- empty_named_folder: a path given that yields nothing is an error
mkdir -p "$T/x.tif"
run "$QM" -d "$DB" ingest "$T/x.tif"
nok "empty_named_folder: exits non-zero" 1
has "empty_named_folder: says so" "$ERR" "x.tif: no images in this folder"

eq "nothing lost along the way" "$(sqlite3 "$DB" "SELECT count(*) FROM mark WHERE deleted = 0 AND name = 'Keep'")" 1
run "$QM" -d "$DB" audit verify
ok "the audit chain holds"
eq "integrity" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
finish
