#!/bin/sh
# Run libFuzzer harnesses from seeds made here (no third-party files), in
# a scratch corpus. Exits non-zero on any finding, which libFuzzer leaves
# as crash-* / leak-* / timeout-* in the scratch folder (its path is
# printed).
#   Usage: fuzz/run.sh BUILD [SECONDS|check] [HARNESS...]
# SECONDS explores at random for that long per harness (bench/fuzz.sh).
# "check" is make check's run: a fixed seed and a fixed number of inputs
# per harness, so a commit passes or fails the same way on every run and
# every machine; inputs that once crashed are among the seeds.
set -u
BUILD=${1:?usage: fuzz/run.sh BUILD [SECONDS|check] [HARNESS...]}
SECS=${2:-check}
[ $# -ge 2 ] && shift 2 || shift $#
ONLY="$*"
top=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/qm-fuzz.XXXXXX")
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1"
export QUAYMARK_CACHE="$W/cache" XDG_CONFIG_HOME="$W/config"

seed() {	# seed HARNESS NAME: stdin is the seed
	mkdir -p "$W/seeds/$1"
	cat > "$W/seeds/$1/$2"
}
printf '2025-01-14' | seed fuzz-date a
printf '2025-01-14T03:10:00Z' | seed fuzz-date b
printf '2025-01' | seed fuzz-date c
printf '20250114_031000' | seed fuzz-date d
printf '25JAN14031021-P1BS-012345678010_01_P001.tif' | seed fuzz-date e
printf 'LC09_L1TP_116031_20250114_20250116_02_T1' | seed fuzz-date f
printf 'file,class,cx,cy\na.tif,ship,1,2\n"b,c",ship,"3",4\n' | seed fuzz-csv a
# the import harness: the first byte chooses the reader
printf '\000file,class,kind,cx,cy,width,height,angle,name\na.tif,ship,rbox,10,20,30,5,12.5,Angara\n' | seed fuzz-import csv
printf '\001{"images":[{"id":1,"file_name":"a.tif","width":100,"height":80}],"categories":[{"id":1,"name":"ship"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[1,2,30,10],"segmentation":[[1,2,31,2,31,12,1,12]],"attributes":{"rotation":5}}]}' | seed fuzz-import coco
printf '\0020 0.5 0.5 0.2 0.1\n1 0.25 0.75 0.1 0.1\n' | seed fuzz-import yolo
printf '\0030 0.1 0.1 0.3 0.1 0.3 0.2 0.1 0.2\n' | seed fuzz-import obb
printf '\004<annotation><filename>a.tif</filename><object><name>ship</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>9</xmax><ymax>5</ymax></bndbox><robndbox><x_left_top>1</x_left_top><y_left_top>2</y_left_top><x_right_top>9</x_right_top><y_right_top>2</y_right_top><x_right_bottom>9</x_right_bottom><y_right_bottom>5</y_right_bottom><x_left_bottom>1</x_left_bottom><y_left_bottom>5</y_left_bottom></robndbox><angle>0</angle></object></annotation>' | seed fuzz-import voc
printf '\005imagesource:x\ngsd:1\n1 2 9 2 9 5 1 5 ship 0\n' | seed fuzz-import dota
printf '\006<annotations><image name="a.png" width="8" height="8"><box label="ship" xtl="0" ytl="1" xbr="4" ybr="5" rotation="10"><attribute name="name">x</attribute></box><points label="ship" points="1,2;3,4"/></image></annotations>' | seed fuzz-import cvat
printf '\007{"imagePath":"a.png","imageWidth":8,"imageHeight":8,"shapes":[{"label":"ship","points":[[1,1],[5,5]],"shape_type":"rectangle"},{"label":"p","points":[[2,2]],"shape_type":"point"}]}' | seed fuzz-import labelme
# hostile label files (issue 12): a box 1e308 wide, an internal XML
# entity referenced over and over, JSON nested densely
printf '\000file,class,kind,cx,cy,width,height,angle,name\na.tif,ship,box,5,5,1e308,10,0,\n' | seed fuzz-import csv-huge
printf '\001{"images":[{"id":1,"file_name":"a.tif","width":9,"height":9}],"categories":[{"id":1,"name":"ship"}],"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[-5e307,1,1e308,2]}]}' | seed fuzz-import coco-huge
printf '\001{"images":[[[[[[[[]]]]]]],[[[[[[[]]]]]]],[[[[[[[]]]]]]]],"categories":[{}]}' | seed fuzz-import coco-nested
{ printf '\004<?xml version="1.0"?><!DOCTYPE annotation [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><annotation><filename>a.tif</filename><object><name>ship</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>9</xmax><ymax>5</ymax></bndbox><attributes><attribute><name>note</name><value>'
  i=0; while [ $i -lt 40 ]; do printf '&b;'; i=$((i + 1)); done
  printf '</value></attribute></attributes></object></annotation>'; } | seed fuzz-import voc-entities
printf '\007{"imagePath":"a.png","shapes":[{"label":"ship","points":[[1,1],[5,5]],"shape_type":"x\\u001b]0;pwned\\u0007"}]}' | seed fuzz-import labelme-escape
# the geometry class: mark kind, then cx, cy, w, h, angle, image w, h as
# doubles (a 1e308 box centred on a 200 x 100 image; NaN; inf - inf)
python3 - "$W/seeds/fuzz-geom" <<'PY'
import os, struct, sys
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
inf, nan = float("inf"), float("nan")
for name, kind, v in (("huge", 1, (100, 50, 1e308, 10, 0, 200, 100)),
                      ("turned", 2, (100, 50, 1e308, 1e308, 45, 200, 100)),
                      ("nan", 2, (nan, 50, 10, 10, 0, 200, 100)),
                      ("inf", 1, (inf, -inf, inf, 1, 0, 200, 100)),
                      ("point", 0, (-1e300, 1e300, 0, 0, 0, 3712, 3712)),
                      ("plain", 1, (100, 50, 30, 10, 0, 200, 100))):
    open(f"{d}/{name}", "wb").write(bytes([kind]) + struct.pack("<7d", *v) + b"\x03")
PY
# the path class: names with escape sequences, Latin-1, bidi overrides
printf 'bad\033]0;pwned\007\033[2J_20250102.tif' | seed fuzz-text escape
printf 'caf\351_20250106.png' | seed fuzz-text latin1
printf 'x\342\200\256gpj.exe\302\233[31m' | seed fuzz-text bidi
# rasters: a PNG written here, and GDAL's copies of it in other formats
python3 - "$W/seeds/fuzz-raster" <<'PY'
import os, struct, sys, zlib
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
# libpng's huge_*_chunk crashers: 2 GB declared in a 45-byte file
open(f"{d}/huge-chunk.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + struct.pack(">I", 0x7ffffff0) + b"zTXt" + b"abcd")
for name, ct, ch in (("rgb.png", 2, 3), ("gray.png", 0, 1), ("rgba.png", 6, 4)):
    w, h = 16, 12
    raw = b"".join(b"\0" + bytes((x * 13 + y * 7 + c) & 0xff for x in range(w) for c in range(ch)) for y in range(h))
    open(f"{d}/{name}", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ct, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
if command -v gdal_translate >/dev/null; then
	for f in "GTiff tif -co TILED=YES -co BLOCKXSIZE=16 -co BLOCKYSIZE=16" \
	    "BMP bmp" "JPEG jpg" "GTiff lzw.tif -co COMPRESS=LZW"; do
		set -- $f
		drv=$1 ext=$2
		shift 2
		gdal_translate -q -of "$drv" "$@" "$W/seeds/fuzz-raster/rgb.png" \
		    "$W/seeds/fuzz-raster/rgb.$ext" 2>/dev/null
	done
	# a float image with +-inf and NaN pixels (statistics failed on it)
	python3 - "$W" <<'PY'
import math, struct, sys
w = sys.argv[1]
v = [math.inf if i % 7 == 0 else -math.inf if i % 11 == 0 else math.nan if i % 13 == 0 else float(i) for i in range(16 * 12)]
open(f"{w}/f.raw", "wb").write(struct.pack("<%df" % len(v), *v))
open(f"{w}/f.hdr", "w").write("ENVI\nsamples = 16\nlines = 12\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 4\ninterleave = bsq\nbyte order = 0\n")
PY
	gdal_translate -q -of GTiff "$W/f.raw" "$W/seeds/fuzz-raster/float-inf.tif" 2>/dev/null
	rm -f "$W"/seeds/fuzz-raster/*.aux.xml
fi
printf 'g]]+1lllj<Enter>eAngara<Enter><Tab>mllwt<Enter>ux<C-r>:goto 2025-01-02<Enter>P<Tab>a' | seed fuzz-tui a
printf '?jjq<Resize 30x8><Resize 100x30>R q I q b b <F3>V:class add barge<Enter>5<Enter>' | seed fuzz-tui b
# once crashed: a terminal of 0 rows (copy of a grid never made)
printf '?jjq<Resize 30x8><Resize 100x0x8><Resize 100x30>V q I q bP\000 barge<Enter>5<Enter>' | seed fuzz-tui c
# once crashed: a terminal wider than a grid holds
printf '<Resize 12000x40>]]V<Resize 100x30>' | seed fuzz-tui d

rc=0
for h in "$top/$BUILD"/fuzz/fuzz-*; do
	case $h in *.d) continue ;; esac
	name=$(basename "$h")
	case " ${ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
	if [ "$SECS" = check ]; then
		# about six seconds each on a 2-core VM
		case $name in
		fuzz-csv) n=300000 ;; fuzz-date) n=800000 ;;
		fuzz-import) n=300000 ;; fuzz-raster) n=8000 ;;
		fuzz-tui) n=200 ;; fuzz-geom) n=200000 ;;
		fuzz-text) n=200000 ;; *) n=10000 ;;
		esac
		limit="-seed=1 -runs=$n"
	else
		limit="-max_total_time=$SECS"
	fi
	mkdir -p "$W/corpus/$name" "$W/out/$name"
	cp "$W/seeds/$name"/* "$W/corpus/$name/" 2>/dev/null
	# its own scratch files under out/ (a crash leaves them beside it)
	(cd "$W/out/$name" && TMPDIR="$W/out/$name" "$h" $limit -timeout=5 \
	    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
	    "$W/corpus/$name" > "$W/out/$name/log" 2>&1)
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/out/$name/log")
	if [ $st -ne 0 ] || ls "$W/out/$name" | grep -q '^\(crash\|leak\|timeout\|oom\)-'; then
		echo "FAIL $name: see $W/out/$name"
		tail -30 "$W/out/$name/log"
		rc=1
	else
		[ "$SECS" = check ] && what="seed 1" || what="${SECS} s"
		echo "$name: ${execs:-?} runs ($what), nothing found"
	fi
done
[ $rc -eq 0 ] && rm -rf "$W"
exit $rc
