#!/bin/sh
# remote: images at URLs and STAC catalogs over real servers: nginx on
# 127.0.0.1 serving COGs made here (HTTP range requests, as object stores
# answer them) and a static STAC catalog; s3rver speaking the S3 protocol
# (listing, ranged reads) through GDAL's /vsis3/. Secrets in URLs never
# reach output or the database; failures are one line naming the URL.
. "$(dirname "$0")/../lib.sh"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PIDS=""
# the servers go first (nginx's master takes its workers), then lib.sh's
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	lib_cleanup
}
trap cleanup EXIT

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ] || ! command -v gdal_translate >/dev/null; then
	skip "nginx or gdal-bin not installed (tests/deps.sh installs them)"
	finish
fi

# COGs: three dates of the demo, and a large one with internal overviews
# (kept between runs: it takes a few seconds to make).
D=$(demo_dir)
W="$T/nginx/www"
mkdir -p "$W/cogs" "$W/stac/items" "$T/nginx/logs" "$T/nginx/tmp"
set -- $(ls "$D"/*.tif | head -3)
gdal_translate -q -of COG "$1" "$W/cogs/a.tif"
gdal_translate -q -of COG "$2" "$W/cogs/b_2024-10-02.tif"
gdal_translate -q -of COG "$3" "$W/cogs/c.tif"
head -c 60000 "$W/cogs/c.tif" > "$W/cogs/cut_2024-10-09.tif"
BIG="$BUILD/testdata/remote-big-4096.tif"
if [ ! -f "$BIG" ]; then
	mkdir -p "$BUILD/testdata"
	nice gdal_translate -q -outsize 4096 4096 -r bilinear -co TILED=YES \
	    "$1" "$BIG.src.tif" &&
	    nice gdaladdo -q -r average "$BIG.src.tif" 2 4 8 16 &&
	    nice gdal_translate -q -of COG -co COMPRESS=JPEG -co BLOCKSIZE=512 \
	    -co OVERVIEWS=FORCE_USE_EXISTING "$BIG.src.tif" "$BIG.tmp" &&
	    mv "$BIG.tmp" "$BIG"
	rm -f "$BIG.src.tif"
fi
ln -s "$BIG" "$W/cogs/big_2024-10-05.tif"

PORT=$(free_port)
cat > "$T/nginx/nginx.conf" <<EOF
daemon off;
user root;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 64; }
http {
	access_log $T/nginx/logs/access.log;
	client_body_temp_path $T/nginx/tmp; proxy_temp_path $T/nginx/tmp;
	fastcgi_temp_path $T/nginx/tmp; uwsgi_temp_path $T/nginx/tmp;
	scgi_temp_path $T/nginx/tmp;
	types { image/tiff tif; application/json json; }
	server {
		listen 127.0.0.1:$PORT;
		root $W;
		location /private/ { return 403; }
	}
}
EOF
"$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>"$T/nginx/start.err" &
PIDS="$PIDS $!"
U="http://127.0.0.1:$PORT"
i=0
until curl -s -o /dev/null "$U/cogs/a.tif" || [ $i -ge 100 ]; do
	sleep 0.1; i=$((i + 1))
done
[ $i -lt 100 ] || fail "nginx did not start: $(cat "$T/nginx/start.err")"
LOG="$T/nginx/logs/access.log"

SECRET="s3cr3t-Signature-value"
DB="$T/r.db"

# --- plain URLs -------------------------------------------------------
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/a.tif?X-Amz-Signature=$SECRET&X-Amz-Expires=600"
ok "ingest a pre-signed https-style URL"
has "added" "$OUT" "1 added"
hasnt "no secret on stdout" "$OUT" "$SECRET"
hasnt "no secret on stderr" "$ERR" "$SECRET"
run "$QM" -d "$DB" images --format json
has "listing shows the URL redacted" "$OUT" "a.tif?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED"
hasnt "json listing keeps the secret out" "$OUT" "$SECRET"
run "$QM" -d "$DB" images --format csv
hasnt "csv listing keeps the secret out" "$OUT" "$SECRET"
has "the object name is its name" "$OUT" ",Rajin,"

# Re-ingest: unchanged, from headers only; a re-signed link is the same
# object; a rewritten object is fetched and updated.
: > "$LOG"
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/a.tif?X-Amz-Signature=$SECRET&X-Amz-Expires=600"
has "unchanged" "$OUT" "1 unchanged"
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/a.tif?X-Amz-Signature=other&X-Amz-Expires=600"
ok "re-signed link"
has "a re-signed link is the same image" "$OUT" "1 moved"
hasnt "the old secret is not in the note" "$OUT" "$SECRET"
sleep 1	# a new modification time, whatever the file system's granularity
gdal_translate -q -of COG -outsize 50% 50% "$1" "$W/cogs/a.tif"
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/a.tif?X-Amz-Signature=other&X-Amz-Expires=600"
has "a rewritten object is updated" "$OUT" "1 updated"

# A large COG is catalogued from its headers and two tiny reads, not a
# download: count the requests and bytes nginx served.
: > "$LOG"
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/big_2024-10-05.tif"
ok "ingest the 4096x4096 COG"
reqs=$(grep -c 'big_2024' "$LOG")
bytes=$(awk '/big_2024/ { s += $10 } END { print s + 0 }' "$LOG")
size=$(wc -c < "$BIG")
CHECKS=$((CHECKS + 1))
[ "$reqs" -le 6 ] || fail "ingest of the big COG took $reqs requests"
CHECKS=$((CHECKS + 1))
[ "$bytes" -lt $((size / 4)) ] || fail "ingest read $bytes of $size bytes"
id=$("$QM" -d "$DB" images --format csv | grep big_2024 | cut -d, -f1)
: > "$LOG"
run "$QM" -d "$DB" render --image "$id" --size 60x20 --colors 256
ok "render a remote image"
eq "one frame of 20 rows" "$(printf '%s\n' "$OUT" | wc -l)" 20
# the headers (ETag, size, time) with one HEAD, not one for the stat and
# another for the ETag; the header's GET brings the coarse levels along
eq "one_head_per_open" "$(grep -c '"HEAD [^ ]*big_2024' "$LOG")" 1
eq "open and first screen in two requests" "$(grep -c 'big_2024' "$LOG")" 2
bytes=$(awk '/big_2024/ { s += $10 } END { print s + 0 }' "$LOG")
# (the header's request takes 128 KiB, the coarse levels with it: a
# quarter of this 480 KiB COG; the whole level 0 would be all of it)
CHECKS=$((CHECKS + 1))
[ "$bytes" -lt $((size / 3)) ] || fail "a fit-zoom frame read $bytes of $size bytes (overviews not used?)"

# An object rewritten on the server after ingest is not shown under the
# marks made on the old one.
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/b_2024-10-02.tif"
ok "ingest b"
id=$("$QM" -d "$DB" images --format csv | grep b_2024-10-02 | cut -d, -f1)
run "$QM" -d "$DB" render --image "$id" --size 40x10 --colors 256
ok "render b before it changes"
gdal_translate -q -of COG -outsize 50% 50% "$2" "$W/cogs/b_2024-10-02.tif"
run "$QM" -d "$DB" render --image "$id" --size 40x10 --colors 256
nok "render_of_a_rewritten_object_refused" 1
has "rewritten object named" "$ERR" "b_2024-10-02.tif: not the object catalogued"
gdal_translate -q -of COG "$2" "$W/cogs/b_2024-10-02.tif"

# Exports of remote images: copied through GDAL, or NAME.url with the URL
# redacted (a symbolic link cannot point at a URL).
aid=$("$QM" -d "$DB" images --format csv | grep '/a.tif' | cut -d, -f1)
run "$QM" -d "$DB" mark add --image "$aid" --class ship --at 20,20
ok "a mark on a remote image"
run "$QM" -d "$DB" export --format coco --quality all --images copy "$T/ex-copy"
ok "export --images copy of a remote image"
CHECKS=$((CHECKS + 1))
cmp -s "$W/cogs/a.tif" "$T/ex-copy/images/a.tif" || fail "the copy is not the object's bytes"
run "$QM" -d "$DB" export --format coco --quality all --images link "$T/ex-link"
ok "export --images link of a remote image"
eq "link mode writes the URL, redacted" "$(cat "$T/ex-link/images/a.tif.url")" \
    "$U/cogs/a.tif?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED"
CHECKS=$((CHECKS + 1))
grep -rq "X-Amz-Signature=other" "$T/ex-copy" "$T/ex-link" &&
    fail "an export holds the link's signature"

# --- failures: one line each, URL without secrets, the status ---------
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/missing.tif?token=$SECRET"
nok "404" 1
one_line "404 is one line" "$ERR"
has "404 names the URL without the token" "$ERR" "$U/cogs/missing.tif?token=REDACTED: HTTP 404 (not found)"
hasnt "404 keeps the secret" "$ERR$OUT" "$SECRET"
# the same line when the headers were fetched by the parallel probes
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/missing.tif?token=$SECRET" "$U/cogs/c.tif"
nok "404 among others" 1
eq "404 among others: the same one line" "$ERR" "$U/cogs/missing.tif?token=REDACTED: HTTP 404 (not found)"
has "the other one catalogued" "$OUT" "1 added"
run "$QM" -d "$DB" ingest --site Rajin "$U/private/x.tif?sig=$SECRET"
nok "403" 1
has "403 with its status" "$ERR" "$U/private/x.tif?sig=REDACTED: HTTP 403 (forbidden"
one_line "403 is one line" "$ERR"
run "$QM" -d "$DB" ingest --site Rajin "$U/cogs/cut_2024-10-09.tif"
nok "a truncated remote file is refused" 1
has "truncated names the file" "$ERR" "$U/cogs/cut_2024-10-09.tif: "
one_line "truncated is one line" "$ERR"
# a server that accepts connections and never answers
HANG=$(free_port)
python3 -c "import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $HANG)); s.listen(8); time.sleep(60)" &
PIDS="$PIDS $!"
sleep 0.5
run env GDAL_HTTP_TIMEOUT=2 GDAL_HTTP_MAX_RETRY=0 "$QM" -d "$DB" ingest --site Rajin "http://127.0.0.1:$HANG/x.tif?token=$SECRET"
nok "a timeout" 1
has "timeout names the URL" "$ERR" "http://127.0.0.1:$HANG/x.tif?token=REDACTED: "
has "timeout says so" "$ERR" "timed out"
one_line "timeout is one line" "$ERR"
run "$QM" -d "$DB" ingest --site Rajin "ftp://127.0.0.1/x.tif"
nok "an unknown scheme is a path that does not exist" 1

# --- STAC: a static catalog, followed through its links ---------------
ext=$(gdalinfo -json "$W/cogs/b_2024-10-02.tif" | python3 -c '
import json, sys
c = json.load(sys.stdin)["wgs84Extent"]["coordinates"][0]
print(json.dumps(c))')
python3 - "$W/stac" "$ext" "$U" "$SECRET" <<'EOF'
import json, sys
root, ring, url, secret = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
def shifted(dx):
    return [[x + dx, y] for x, y in ring]
def bbox(r):
    xs = [p[0] for p in r]; ys = [p[1] for p in r]
    return [min(xs), min(ys), max(xs), max(ys)]
def item(iid, props, assets, dx=0):
    g = shifted(dx)
    return {"type": "Feature", "stac_version": "1.0.0", "id": iid,
            "collection": "port", "bbox": bbox(g),
            "geometry": {"type": "Polygon", "coordinates": [g]},
            "properties": props, "assets": assets,
            "links": [{"rel": "root", "href": "../catalog.json"}]}
cog = {"type": "image/tiff; application=geotiff; profile=cloud-optimized"}
items = {
    "i1": item("scene-1", {"datetime": "2025-03-01T02:10:00Z",
        "platform": "sentinel-2b", "constellation": "sentinel-2",
        "eo:cloud_cover": 12.5, "view:off_nadir": 7.0},
        {"visual": dict(cog, href="../../cogs/b_2024-10-02.tif", roles=["visual"]),
         "thumbnail": {"href": "t.png", "type": "image/png"}}),
    "i2": item("scene-2", {"datetime": None,
        "start_datetime": "2025-03-08T02:00:00Z",
        "end_datetime": "2025-03-08T02:01:00Z", "eo:cloud_cover": 80},
        {"data": dict(cog, href=url + "/cogs/c.tif?token=" + secret, roles=["data"])}),
    "far": item("scene-far", {"datetime": "2025-03-09T00:00:00Z"},
        {"visual": dict(cog, href="../../cogs/c.tif")}, dx=10),
    "noasset": item("scene-thumb", {"datetime": "2025-03-10T00:00:00Z"},
        {"thumbnail": {"href": "t.png", "type": "image/png"}}),
}
for k, v in items.items():
    json.dump(v, open(f"{root}/items/{k}.json", "w"))
json.dump({"type": "Catalog", "stac_version": "1.0.0", "id": "root",
    "description": "test", "links": [{"rel": "self", "href": "./catalog.json"},
    {"rel": "child", "href": "./collection.json"}]},
    open(f"{root}/catalog.json", "w"))
json.dump({"type": "Collection", "stac_version": "1.0.0", "id": "port",
    "description": "test", "license": "proprietary", "extent": {},
    "links": [{"rel": "root", "href": "./catalog.json"},
              {"rel": "parent", "href": "./catalog.json"}] +
             [{"rel": "item", "href": f"./items/{k}.json"} for k in items]},
    open(f"{root}/collection.json", "w"))
# an item collection (a saved search) with another asset name
fc = {"type": "FeatureCollection", "features": [items["i1"], items["i2"]]}
for f in fc["features"]:
    for a in f["assets"].values():
        a["href"] = a["href"].replace("../../cogs/", url + "/cogs/")
    f["assets"]["analytic"] = dict(cog, href=url + "/cogs/" +
        ("a.tif" if f["id"] == "scene-1" else "c.tif"))
json.dump(fc, open(f"{root}/search.geojson", "w"))
EOF

SDB="$T/stac.db"
printf '{"type": "FeatureCollection", "features": []}' > "$T/empty.json"
run "$QM" -d "$SDB" ingest --site Port --stac "$T/empty.json"
ok "an empty item collection"
has "nothing in it" "$OUT" "stac: 0 item(s) in 1 document(s)"
"$QM" -d "$SDB" quay add --site Port --crs EPSG:32652 \
    --polygon "607000 4678600, 607500 4678600, 607500 4678400, 607000 4678400" \
    North >/dev/null
run "$QM" -d "$SDB" ingest --site Port --stac "$U/stac/catalog.json"
ok "ingest --stac a static catalog over HTTP"
has "counts" "$OUT" "stac: 4 item(s) in 6 document(s); 1 passed over (footprint touches no quay of \"Port\"); 1 without asset \"visual\""
has "two catalogued" "$OUT" "2 added"
hasnt "no secret" "$OUT$ERR" "$SECRET"
run "$QM" -d "$SDB" images --format json
has "platform" "$OUT" "\"platform\": \"sentinel-2b\""
has "cloud cover" "$OUT" "\"cloud_cover\": 12.5"
has "off nadir" "$OUT" "\"off_nadir\": 7"
has "item id" "$OUT" "\"stac_item\": \"scene-2\""
has "asset" "$OUT" "\"stac_asset\": \"data\""
has "datetime" "$OUT" "2025-03-01T02:10:00Z"
has "start_datetime when datetime is null" "$OUT" "2025-03-08T02:00:00Z"
has "date from stac" "$OUT" "\"date_source\": \"stac\""
hasnt "no secret in the listing" "$OUT" "$SECRET"
run "$QM" -d "$SDB" images
has "CLOUD column" "$OUT" "CLOUD"
has "12% shown" "$OUT" "12%"
run "$QM" -d "$SDB" images --max-cloud 50 --format csv
ok "--max-cloud"
eq "one image under 50% cloud" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 1
has "the clear one" "$OUT" "b_2024-10-02.tif"
run "$QM" -d "$SDB" images --max-cloud 120
nok "--max-cloud over 100" 2
run "$QM" -d "$SDB" quality 1 cloudy
run "$QM" -d "$SDB" images --format json
has "cloud cover is never the verdict" "$OUT" "\"cloud_cover\": 12.5"
run "$QM" -d "$SDB" ingest --site Port --stac "$U/stac/catalog.json"
has "re-ingest adds nothing" "$OUT" "0 added, 2 unchanged"

# A saved search from a file, with --asset; a catalog that is not there.
run "$QM" -d "$T/s2.db" ingest --site Port --stac "$W/stac/search.geojson" --asset analytic
ok "item collection from a file with --asset"
has "both items, no quays to test against" "$OUT" "stac: 2 item(s) in 1 document(s); 0 passed over"
has "both added" "$OUT" "2 added"
run "$QM" -d "$T/s2.db" images --format json
has "the analytic asset" "$OUT" "\"stac_asset\": \"analytic\""
run "$QM" -d "$SDB" ingest --site Port --stac "$U/stac/none.json?token=$SECRET"
nok "a missing catalog" 1
has "missing catalog named, status given" "$ERR" "$U/stac/none.json?token=REDACTED: HTTP 404 (not found)"
one_line "missing catalog is one line" "$ERR"
printf '{"type": "Feature", "id": ' > "$W/stac/bad.json"
run "$QM" -d "$SDB" ingest --site Port --stac "$U/stac/bad.json"
nok "broken JSON" 1
has "broken JSON named" "$ERR" "$U/stac/bad.json: not JSON"
run "$QM" -d "$SDB" ingest --site Port --asset visual "$U/cogs/a.tif"
nok "--asset without --stac" 2

# --- S3: s3rver, listing and ranged reads through /vsis3/ -------------
S3DIR="$BUILD/s3rver"
S3RVER="$S3DIR/node_modules/.bin/s3rver"
if [ ! -x "$S3RVER" ] && command -v npm >/dev/null; then
	mkdir -p "$S3DIR"
	npm install --prefix "$S3DIR" --no-audit --no-fund --silent \
	    s3rver@3.7.1 >/dev/null 2>&1
fi
if [ ! -x "$S3RVER" ]; then
	skip "s3rver could not be installed (npm install s3rver): S3 part not run"
	finish
fi
S3PORT=$(free_port)
mkdir -p "$T/s3"
"$S3RVER" -d "$T/s3" -a 127.0.0.1 -p "$S3PORT" -s --configure-bucket imagery \
    >"$T/s3.log" 2>&1 &
PIDS="$PIDS $!"
export AWS_S3_ENDPOINT="127.0.0.1:$S3PORT" AWS_HTTPS=NO AWS_VIRTUAL_HOSTING=FALSE
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
i=0
until curl -s -o /dev/null "http://127.0.0.1:$S3PORT/" || [ $i -ge 150 ]; do
	sleep 0.1; i=$((i + 1))
done
put() { CPL_VSIL_USE_TEMP_FILE_FOR_RANDOM_WRITE=YES gdal_translate -q -of COG "$1" "/vsis3/imagery/$2"; }
put "$W/cogs/b_2024-10-02.tif" port/2024/b_2024-10-02.tif
put "$W/cogs/c.tif" port/2025/c.tif
put "$W/cogs/c.tif" elsewhere/d_2024-11-01.tif
S3DB="$T/s3.db"
run "$QM" -d "$S3DB" ingest --site S3 s3://imagery/port/
ok "ingest an S3 prefix"
has "every image under the prefix" "$OUT" "2 added"
run "$QM" -d "$S3DB" images --format csv
has "stored as s3:// URLs" "$OUT" "s3://imagery/port/2025/c.tif"
hasnt "not as /vsis3/ paths" "$OUT" "/vsis3/"
run sqlite3 "$S3DB" .dump
hasnt "no credentials in the database" "$OUT" "S3RVER"
run "$QM" -d "$S3DB" ingest --site S3 s3://imagery/port/
has "re-listing changes nothing" "$OUT" "0 added, 2 unchanged"
id=$("$QM" -d "$S3DB" images --format csv | grep 2025/c.tif | cut -d, -f1)
run "$QM" -d "$S3DB" render --image "$id" --size 40x10 --colors 256
ok "render an image from S3"
run "$QM" -d "$S3DB" ingest --site S3 s3://imagery/port/missing.tif
nok "a missing S3 object" 1
has "missing S3 object named" "$ERR" "s3://imagery/port/missing.tif: "
one_line "missing S3 object is one line" "$ERR"
run "$QM" -d "$S3DB" ingest --site S3 s3://imagery/none/
nok "an empty prefix" 1
has "empty prefix said" "$ERR" "s3://imagery/none/: no images under this prefix"

finish
