#!/bin/sh
# bench/remote.sh [BUILD] [ITEMS] [RUNS]: what a remote analyst feels,
# with every HTTP request held 100 ms by tests/tools/delayproxy.py in
# front of nginx: requests, bytes (from nginx's access log) and time to
# ingest and to draw the first screen (fit zoom, 160x48 cells) of a
# 12000x12000 COG with internal overviews (medians of RUNS runs, default
# 5, each a new process; the first screen with an empty cache), beside
# the same file on local disk, and revisits from the cache (served with
# and without Cache-Control: max-age); and ingest of a STAC item
# collection of ITEMS items (default 100), then again (adds nothing).
# Run on an idle machine; it says so when the load is high.
. "$(dirname "$0")/lib.sh"
ITEMS=${2:-100}
RUNS=${3:-5}
need "apt-get install nginx-light" nginx
need "apt-get install gdal-bin" gdal_translate gdaladdo
need "apt-get install python3" python3

W="$OUT/remote/www"
BIG="$W/big12000.tif"
mkdir -p "$W/scenes"
if [ ! -f "$BIG" ]; then
	[ -d "$OUT/remote/demo" ] || "$QM" demo --generate "$OUT/remote/demo" \
	    --scale 0.25 --seed 7 >/dev/null
	src=$(ls "$OUT/remote/demo"/*.tif | head -1)
	echo "making a 12000x12000 COG (once)..." >&2
	nice gdal_translate -q -outsize 12000 12000 -r bilinear -co TILED=YES \
	    -co BIGTIFF=YES "$src" "$BIG.src.tif"
	nice gdaladdo -q -r average "$BIG.src.tif" 2 4 8 16 32 64
	nice gdal_translate -q -of COG -co COMPRESS=JPEG -co BLOCKSIZE=512 \
	    -co OVERVIEWS=FORCE_USE_EXISTING "$BIG.src.tif" "$BIG"
	rm -f "$BIG.src.tif"
	nice gdal_translate -q -of COG "$src" "$W/scenes/small.tif"
fi

T=$(mktemp -d)
export QUAYMARK_CACHE="$T/cache"	# an empty cache of remote images
. "$top/tests/tools/nginx.sh"
trap 'proxy_stop; nginx_stop; rm -rf "$T"' EXIT
mkdir -p "$W/fresh"
ln -sf ../big12000.tif "$W/fresh/big12000.tif"
nginx_start "$W" 'location /fresh/ { expires 1h; }' || exit 1
proxy_start 100 || exit 1
D=$PROXY_PORT
U="http://127.0.0.1:$D"
LOG="$NGX_LOG"
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load average at start: $load (2 cores; figures are for an idle machine)"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
reqs() { grep -c "$1" "$LOG"; }
bytes() { awk -v f="$1" '$0 ~ f { s += $10 } END { printf "%.0f", s / 1024 }' "$LOG"; }

DB="$T/r.db"
size=$(($(wc -c < "$BIG") / 1024))
: > "$LOG"
t0=$(now)
"$QM" -d "$DB" ingest --site Bench "$U/big12000.tif" >/dev/null
t=$(since "$t0")
echo "ingest 12000² COG (${size} KiB) at 100 ms/request: $t s, $(reqs big12000) requests, $(bytes big12000) KiB"
id=$("$QM" -d "$DB" images --format csv | grep big12000 | cut -d, -f1)
# med CMD...: the median wall time of RUNS runs of CMD (seconds)
med() {
	_ts=""
	_r=0
	while [ $_r -lt "$RUNS" ]; do
		t0=$(now)
		"$@" >/dev/null
		_ts="$_ts $(since "$t0")"
		_r=$((_r + 1))
	done
	printf '%s\n' $_ts | sort -n |
	    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
cold() {	# a new process with an empty cache
	rm -rf "$QUAYMARK_CACHE/remote"
	"$QM" "$@"
}
perrun() { echo $(($1 / RUNS)); }
: > "$LOG"
t=$(med cold -d "$DB" render --image "$id" --size 160x48 --colors full)
echo "open + first screen (fit, 160x48) at 100 ms/request, median of $RUNS: $t s, $(perrun "$(reqs big12000)") requests, $(perrun "$(bytes big12000)") KiB"
"$QM" -d "$T/l.db" ingest --site Bench "$BIG" >/dev/null
lid=$("$QM" -d "$T/l.db" images --format csv | tail -1 | cut -d, -f1)
t=$(med "$QM" -d "$T/l.db" render --image "$lid" --size 160x48 --colors full)
echo "the same from local disk: $t s"
# again, in a new process: the bytes come from the cache on disk
: > "$LOG"
t=$(med "$QM" -d "$DB" render --image "$id" --size 160x48 --colors full)
echo "cached revisit (new process) at 100 ms/request: $t s, $(perrun "$(reqs big12000)") requests, $(perrun "$(bytes big12000)") KiB"
# served with Cache-Control: max-age (nginx's expires), the headers hold:
# a revisit asks nothing
"$QM" render "$U/fresh/big12000.tif" --size 160x48 --colors full >/dev/null
: > "$LOG"
t=$(med "$QM" render "$U/fresh/big12000.tif" --size 160x48 --colors full)
echo "the same, served with max-age: $t s, $(perrun "$(reqs big12000)") requests"
# zoom to 1:1 in the middle, with nothing of it cached yet
: > "$LOG"
t0=$(now)
"$QM" -d "$DB" render --image "$id" --size 160x48 --colors full \
    --window 5920,5904,160,96 >/dev/null
t=$(since "$t0")
echo "open + 1:1 view (160x48 cells) at 100 ms/request: $t s, $(reqs big12000) requests, $(bytes big12000) KiB"
t0=$(now)
"$QM" -d "$T/l.db" render --image "$lid" --size 160x48 --colors full \
    --window 5920,5904,160,96 >/dev/null
echo "the same from local disk: $(since "$t0") s"

# A STAC item collection of ITEMS scenes (one small COG under many names).
python3 - "$W" "$ITEMS" "$U" <<'PY'
import datetime, json, os, sys
w, n, url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
feats = []
for i in range(n):
    name = f"scenes/s{i:05d}.tif"
    p = os.path.join(w, name)
    if not os.path.exists(p):
        os.symlink("small.tif", p)
    feats.append({"type": "Feature", "stac_version": "1.0.0", "id": f"s{i}",
        "bbox": [130.29, 42.24, 130.32, 42.26],
        "geometry": None,
        "properties": {"datetime": (datetime.datetime(2000, 1, 1) +
            datetime.timedelta(days=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eo:cloud_cover": i % 100},
        "assets": {"visual": {"href": f"{url}/{name}", "type": "image/tiff; application=geotiff; profile=cloud-optimized"}}})
json.dump({"type": "FeatureCollection", "features": feats}, open(os.path.join(w, "search.json"), "w"))
PY
: > "$LOG"
t0=$(now)
"$QM" -d "$T/s.db" ingest --site Bench --stac "$U/search.json" > "$T/stac.out"
t=$(since "$t0")
echo "ingest --stac of $ITEMS items at 100 ms/request: $t s, $(wc -l < "$LOG") requests ($(tail -1 "$T/stac.out"))"
t0=$(now)
"$QM" -d "$T/s.db" ingest --site Bench --stac "$U/search.json" > "$T/stac.out"
echo "again: $(since "$t0") s ($(tail -1 "$T/stac.out"))"

# The server gone: what was seen is drawn from the cache.
proxy_stop
nginx_stop
sleep 0.2
t0=$(now)
if "$QM" -d "$DB" render --image "$id" --size 160x48 --colors full >/dev/null 2>&1; then
	echo "offline revisit (server stopped): $(since "$t0") s"
else
	echo "offline revisit (server stopped): FAILED"
fi
echo "cache on disk: $(du -sk "$QUAYMARK_CACHE/remote" | cut -f1) KiB for ${size} KiB of COG"
