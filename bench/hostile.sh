#!/bin/sh
# Peak memory over hostile inputs (issue 12): every file made here (PNGs
# whose chunks declare gigabytes, an XML entity referenced 20,000 times,
# JSON nested densely, boxes 1e308 wide, float images of +-inf and NaN, a
# FIFO, a 3712 x 3712 snapshot) and every file of ../shared/data (pngsuite,
# GDAL's valid and corrupt GeoTIFFs, label files of other tools) through
# quaymark, each under GNU time. Prints the count, the largest peak and
# any input over 256 MB.   Usage: bench/hostile.sh [BUILD] [SHARED]
. "$(dirname "$0")/lib.sh"
SHARED=${2:-$top/../shared/data}
need "apt-get install time" /usr/bin/time
need "apt-get install python3" python3
need "apt-get install gdal-bin" gdal_translate
W=$(mktemp -d "${TMPDIR:-/tmp}/qm-hostile.XXXXXX")
trap 'rm -rf "$W"' EXIT
export QUAYMARK_CACHE="$W/cache"
n=0 max=0 maxwhat= over=0
try() {	# try CMD...: run under GNU time, keep the peak
	timeout -s KILL 60 /usr/bin/time -f '%M' -o "$W/rss" "$@" \
	    >/dev/null 2>&1 </dev/null || true
	kb=$(tail -1 "$W/rss" 2>/dev/null)
	case $kb in *[!0-9]*|'') kb=0 ;; esac
	n=$((n + 1))
	if [ "$kb" -gt "$max" ]; then max=$kb maxwhat="$*"; fi
	if [ "$kb" -ge 262144 ]; then
		over=$((over + 1))
		echo "over 256 MB: $kb KB: $*"
	fi
}
"$QM" -d "$W/d.db" demo --scale 0.25 --labels none --no-open >/dev/null
name=$(basename "$("$QM" -d "$W/d.db" images --format csv | sed -n 2p | cut -d, -f2)")
python3 - "$W" "$name" <<'PY'
import math, os, struct, sys, zlib
w, name = sys.argv[1], sys.argv[2]
os.makedirs(f"{w}/in", exist_ok=True)
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
ihdr = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
for t in (b"iTXt", b"pCAL", b"sCAL", b"sPLT", b"tEXt", b"zTXt", b"IDAT", b"iCCP"):
    for n in (0x7ffffff0, 0x40000000, 0x10000000):
        open(f"{w}/in/huge_{t.decode()}_{n:x}.png", "wb").write(ihdr + struct.pack(">I", n) + t + b"abcd" * 3)
ent = "A" * 50000
for refs in (2000, 20000):
    open(f"{w}/in/ent{refs}.xml", "w").write(
        f'<?xml version="1.0"?><!DOCTYPE annotation [<!ENTITY a "{ent}">]><annotation>'
        f'<filename>{name}</filename><object><name>ship</name><bndbox><xmin>1</xmin>'
        '<ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox><attributes><attribute>'
        '<name>note</name><value>' + "&a;" * refs + '</value></attribute></attributes>'
        '</object></annotation>')
    open(f"{w}/in/objs{refs}.xml", "w").write(
        f'<?xml version="1.0"?><!DOCTYPE annotation [<!ENTITY a "{ent}">]><annotation>'
        f'<filename>{name}</filename>' + "".join('<object><name>ship</name><pose>&a;</pose>'
        '<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>'
        for i in range(refs)) + '</annotation>')
s = "[" * 2000 + "]" * 2000
open(f"{w}/in/nested.json", "w").write('{"images":[],"categories":[],"x":[' + ",".join([s] * 2000) + "]}")
open(f"{w}/in/huge.csv", "w").write(f"file,class,kind,cx,cy,width,height,angle,name\n{name},ship,box,100,50,1e308,10,0,\n")
v = [math.inf if i % 7 == 0 else -math.inf if i % 11 == 0 else math.nan if i % 13 == 0 else float(i) for i in range(512 * 512)]
open(f"{w}/f.raw", "wb").write(struct.pack("<%df" % len(v), *v))
open(f"{w}/f.hdr", "w").write("ENVI\nsamples = 512\nlines = 512\nbands = 1\nheader offset = 0\n"
    "file type = ENVI Standard\ndata type = 4\ninterleave = bsq\nbyte order = 0\n")
PY
gdal_translate -q -of GTiff "$W/f.raw" "$W/in/float_20250108.tif"
gdal_translate -q -outsize 3712 3712 "$QUAYMARK_CACHE"/demo/*/"$name" "$W/in/big_20250109.tif"
mkfifo "$W/in/fifo.tif"
for f in "$W"/in/*.png "$W"/in/*.tif; do
	try "$QM" -d "$W/t.db" ingest "$f"
	try "$QM" render "$f" --size 80x24
done
try "$QM" snapshot "$W/in/big_20250109.tif" --out "$W/big.png"
for f in "$W"/in/*.xml; do try "$QM" -d "$W/d.db" import --format voc "$f"; done
try "$QM" -d "$W/d.db" import --format coco "$W/in/nested.json"
try "$QM" -d "$W/d.db" import "$W/in/huge.csv"
if [ -d "$SHARED" ]; then
	for f in "$SHARED"/pngsuite/*.png "$SHARED"/gdal/valid/*.tif \
	    "$SHARED"/gdal/corrupt/*.tif; do
		try "$QM" render "$f" --size 80x24
		try "$QM" snapshot "$f" --out "$W/s.png"
	done
	for fmt in coco voc yolo dota cvat labelme; do
		for f in "$SHARED"/labels/$fmt/*; do
			[ -f "$f" ] && try "$QM" -d "$W/d.db" import --format "$fmt" "$f"
		done
	done
else
	echo "($SHARED absent: only the inputs made here)"
fi
echo "hostile inputs: $n runs, largest peak $((max / 1024)) MB ($maxwhat), $over over 256 MB"
[ "$over" -eq 0 ]
