#!/bin/sh
# Render benchmark, one run, beside the floor GDAL sets and beside chafa
# and timg, on 12000 x 12000 RGB and gray GeoTIFFs (tiled, overviews):
#  - whole-process `quaymark render --size 200x60` time vs the floor
#    (a program that links libgdal and exits): target within 25 ms;
#  - peak memory: target under 64 MB;
#  - bytes for one 256-colour frame: target no more per cell than chafa.
# In-process frame times are bench/frame's.
#   Usage: bench/render.sh BUILD      (needs hyperfine, chafa, timg, time)
. "$(dirname "$0")/lib.sh"
BIG="$OUT/big"
need "apt-get install hyperfine chafa timg time" hyperfine chafa timg /usr/bin/time python3
[ -f "$BIG/rgb-12000.tif" ] || "$top/$BUILD/bench/mkbig" "$BIG" 12000
cc -O2 -o "$OUT/gdalfloor" "$top/bench/floor/gdalfloor.c" \
    $(pkg-config --cflags --libs gdal)
export QUAYMARK_CACHE="$OUT/cache"
rc=0
for kind in rgb gray; do
	img="$BIG/$kind-12000.tif"
	hyperfine -N -w 5 -r 40 --export-json "$OUT/render-$kind.json" \
	    -n floor "$OUT/gdalfloor" \
	    -n quaymark "$QM render $img --size 200x60 --colors 256" \
	    -n chafa "chafa --size 200x60 --colors 256 $img" \
	    -n timg "timg -g200x60 -ph $img" >/dev/null 2>&1
	python3 - "$OUT/render-$kind.json" "$kind" <<'PY' || rc=1
import json, sys
r = {x["command"]: x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
d = r["quaymark"] - r["floor"]
print("render %s 12000x12000 at 200x60: quaymark %.0f ms, floor %.0f ms "
      "(+%.0f ms; target <= 25), chafa %.0f ms (%.1fx), timg %.0f ms"
      % (sys.argv[2], r["quaymark"], r["floor"], d, r["chafa"],
         r["chafa"] / r["quaymark"], r["timg"]))
sys.exit(0 if d <= 25 else 1)
PY
	mem=$(/usr/bin/time -f %M "$QM" render "$img" --size 200x60 \
	    --colors 256 2>&1 >/dev/null | tail -1)
	cmem=$(/usr/bin/time -f %M chafa --size 200x60 --colors 256 "$img" \
	    2>&1 >/dev/null | tail -1)
	echo "peak memory $kind: quaymark $((mem / 1024)) MB (target < 64), chafa $((cmem / 1024)) MB"
	[ "$mem" -lt 65536 ] || rc=1
	# bytes per character cell actually drawn (escapes stripped; chafa
	# keeps the aspect, so it draws fewer cells than 200x60)
	set -- $("$QM" render "$img" --size 200x60 --colors 256 |
	    python3 "$top/bench/cells.py")
	qb=$1 qc=$2 qpc=$3
	set -- $(chafa --size 200x60 --colors 256 "$img" |
	    python3 "$top/bench/cells.py")
	cb=$1 cc=$2 cpc=$3
	echo "256-colour frame $kind: quaymark $qb bytes for $qc cells ($qpc B/cell), chafa $cb bytes for $cc cells ($cpc B/cell)"
	python3 -c "import sys; sys.exit(0 if $qpc <= $cpc else 1)" || rc=1
	"$top/$BUILD/bench/frame" "$img" 200x60 || rc=1
done
exit $rc
