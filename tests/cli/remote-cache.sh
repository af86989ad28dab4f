#!/bin/sh
# remote-cache: the on-disk cache of what was read from remote images
# (render/cache.c), against nginx on 127.0.0.1. A date seen once is drawn
# again without reading its bytes over the network, and when the server
# is gone; a rewritten object (another ETag) is fetched again; the cache
# stays under QUAYMARK_CACHE_MAX, the least recently used objects out
# first; with the server gone and nothing cached, one line says why; an
# open asks one HEAD, none while the server's max-age holds.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tools/nginx.sh"

nginx_need
D=$(demo_dir)
W="$T/www"
mkdir -p "$W"
set -- $(ls "$D"/*.tif | head -4)
for f in a b c d; do
	gdal_translate -q -of COG "$1" "$W/${f}_2024-10-0$#.tif"
	shift
done
nginx_start "$W" || finish
U="$NGX_URL"
A="$U/a_2024-10-04.tif"
B="$U/b_2024-10-03.tif"
C="$U/c_2024-10-02.tif"
CD="$QUAYMARK_CACHE/remote"
frame() { "$QM" render "$1" --size 40x10 --colors 256; }
gets() { grep -c "\"GET $1" "$NGX_LOG"; }
# the cache entries of a URL (its KEY.map files name it)
held() { grep -l -a "^url $1\$" "$CD"/*.map 2>/dev/null | grep -c .; }

# --- a revisit reads nothing but the headers; offline it still draws --
: > "$NGX_LOG"
run frame "$A?X-Amz-Signature=s3cr3t"
ok "first view of a remote image"
first="$OUT"
CHECKS=$((CHECKS + 1))
[ "$(gets /a_2024)" -ge 1 ] || fail "the first view fetched nothing?"
eq "one cache entry for a" "$(held "$A")" 1
CHECKS=$((CHECKS + 1))
grep -rqa "s3cr3t" "$CD" && fail "the link's signature is in the cache"
: > "$NGX_LOG"
run frame "$A"	# the same object without the signature: the same entry
ok "second view"
eq "the second view is the same picture" "$OUT" "$first"
eq "cache_hit_fetches_no_bytes" "$(gets /a_2024)" 0
has "only the headers were asked for" "$(cat "$NGX_LOG")" "HEAD /a_2024"

nginx_stop
run frame "$A"
ok "cache_hit_after_nginx_is_stopped"
eq "offline: the same picture" "$OUT" "$first"
run frame "$B?token=s3cr3t"
nok "offline and nothing cached" 1
one_line "offline, nothing cached: one line" "$ERR"
has "offline names the URL, redacted" "$ERR" "$B?token=REDACTED: "
has "offline says why" "$ERR" "nothing of it is cached"
hasnt "offline keeps the secret" "$ERR" "s3cr3t"

# A catalogued image: the fingerprint check uses the cached headers.
nginx_start "$W"
DB="$T/c.db"
run "$QM" -d "$DB" ingest --site Rajin "$A"
ok "ingest a"
id=$("$QM" -d "$DB" images --format csv | grep a_2024 | cut -d, -f1)
nginx_stop
run "$QM" -d "$DB" render --image "$id" --size 40x10 --colors 256
ok "a catalogued remote image offline, from the cache"
eq "catalogued offline: the same picture" "$OUT" "$first"

# --- a rewritten object is another entry, fetched again --------------
nginx_start "$W"
sleep 1	# another modification time, hence another ETag
gdal_translate -q -of COG -outsize 50% 50% "$(ls "$D"/*.tif | tail -1)" "$W/a_2024-10-04.tif"
run frame "$W/a_2024-10-04.tif"
local_new="$OUT"
: > "$NGX_LOG"
run frame "$A"
ok "view the rewritten object"
eq "changed_object_refetched: the new picture" "$OUT" "$local_new"
CHECKS=$((CHECKS + 1))
[ "$OUT" != "$first" ] || fail "the rewritten object drew the old picture"
CHECKS=$((CHECKS + 1))
[ "$(gets /a_2024)" -ge 1 ] || fail "the rewritten object was not fetched"
eq "two versions of a cached" "$(held "$A")" 2
nginx_stop
run frame "$A"
eq "offline after the rewrite: the newest version" "$OUT" "$local_new"
run "$QM" -d "$DB" render --image "$id" --size 40x10 --colors 256
nok "offline: the catalogued version is not what is cached now" 1
has "says the object changed" "$ERR" "not the object catalogued"
nginx_start "$W"

# --- export: chips and tiles cut from a remote image ------------------
# the same pixels as from the file itself, nothing of the link's secret
# in them; and cut again from the cache with the server gone
XR="$T/xr.db"
XL="$T/xl.db"
run "$QM" -d "$XR" ingest --site Rajin "$C?sig=s3cr3t"
ok "ingest c for export"
"$QM" -d "$XL" ingest --site Rajin "$W/c_2024-10-02.tif" >/dev/null
for db in "$XR" "$XL"; do
	"$QM" -d "$db" mark add --image 1 --class ship --at 60,40 >/dev/null
	"$QM" -d "$db" mark add --image 1 --class ship --at 10,10 >/dev/null
done
run "$QM" -d "$XR" export --format chips --quality all "$T/chips-r"
ok "export_chips_from_a_remote_image"
"$QM" -d "$XL" export --format chips --quality all "$T/chips-l" >/dev/null 2>&1
eq "two chips" "$(ls "$T/chips-r/ship" | wc -l)" 2
CHECKS=$((CHECKS + 1))
diff -r "$T/chips-r/ship" "$T/chips-l/ship" >/dev/null ||
    fail "chips from the URL differ from chips from the file"
run "$QM" -d "$XR" export --format coco --quality all --tile 64 --images copy "$T/tiles-r"
ok "export_tiles_from_a_remote_image"
"$QM" -d "$XL" export --format coco --quality all --tile 64 --images copy "$T/tiles-l" >/dev/null 2>&1
CHECKS=$((CHECKS + 1))
[ "$(ls "$T/tiles-r/images" | wc -l)" -gt 1 ] || fail "no tiles cut"
CHECKS=$((CHECKS + 1))
diff -r "$T/tiles-r/images" "$T/tiles-l/images" >/dev/null ||
    fail "tiles from the URL differ from tiles from the file"
CHECKS=$((CHECKS + 1))
grep -rqa "s3cr3t" "$T/chips-r" "$T/tiles-r" && fail "an export holds the link's secret"
nginx_stop
run "$QM" -d "$XR" export --format chips --quality all "$T/chips-off"
ok "chips cut offline, from the cache"
CHECKS=$((CHECKS + 1))
diff -r "$T/chips-off/ship" "$T/chips-l/ship" >/dev/null ||
    fail "chips cut offline differ"
nginx_start "$W"

# --- the bound: least recently used out first ------------------------
rm -rf "$CD"
for u in "$B" "$C" "$U/d_2024-10-01.tif"; do frame "$u" >/dev/null; done
big=$(for f in "$CD"/*.data; do
	du -k "$f" "${f%.data}.map" | awk '{ s += $1 } END { print s }'
done | sort -n | tail -1)
small=$(for f in "$CD"/*.data; do
	du -k "$f" "${f%.data}.map" | awk '{ s += $1 } END { print s }'
done | sort -n | head -1)
max=$((big * 2 + small / 2))	# two fit, never three
rm -rf "$CD"
export QUAYMARK_CACHE_MAX="${max}K"
frame "$B" >/dev/null
frame "$C" >/dev/null
frame "$B" >/dev/null	# B used again: C is now the oldest
# temporaries of writers killed before their rename: an old one goes at
# the next trim, one being written now stays
: >"$CD/0.map.tmp99999"
touch -d '2 hours ago' "$CD/0.map.tmp99999"
: >"$CD/1.map.tmp99998"
run frame "$U/d_2024-10-01.tif"
ok "view a third image with two in the cache"
eq "eviction_at_the_bound: the least recently used is gone" "$(held "$C")" 0
eq "the one used again stays" "$(held "$B")" 1
eq "the newest stays" "$(held "$U/d_2024-10-01.tif")" 1
total=$(du -sk "$CD" | awk '{ print $1 }')
CHECKS=$((CHECKS + 1))
[ "$total" -le $((max + 8)) ] || fail "cache at ${total}K, over its bound of ${max}K"
eq "the evicted one's pointer is gone" "$(ls "$CD" | grep -c '^U-')" 2
eq "stale_tmp_removed" "$(ls "$CD" | grep -c 'tmp99999$')" 0
eq "a fresh temporary stays" "$(ls "$CD" | grep -c 'tmp99998$')" 1
# an object larger than the bound alone is read, and not kept
export QUAYMARK_CACHE_MAX=1K
rm -rf "$CD"
run frame "$B"
ok "an image larger than the whole cache is still drawn"
eq "larger_than_the_bound_not_kept" "$(ls "$CD" 2>/dev/null | grep -c '\.map$')" 0
export QUAYMARK_CACHE_MAX=0
rm -rf "$CD"
run frame "$B"
ok "QUAYMARK_CACHE_MAX=0: no cache"
CHECKS=$((CHECKS + 1))
[ -z "$(ls "$CD"/*.map 2>/dev/null)" ] || fail "QUAYMARK_CACHE_MAX=0 still cached"
export QUAYMARK_CACHE_MAX=lots
run frame "$B"
nok "a bad QUAYMARK_CACHE_MAX" 1
one_line "bad bound: one line" "$ERR"
has "bad bound named" "$ERR" "QUAYMARK_CACHE_MAX: \"lots\" is not a size"
unset QUAYMARK_CACHE_MAX

# --- the headers asked once per open, or not at all while fresh -------
# Without Cache-Control each open checks the ETag with one HEAD; where
# the server says how long the object holds (max-age), a new process
# within that time asks nothing, a rewritten object is not seen then.
mkdir -p "$W/fresh"
cp "$W/b_2024-10-03.tif" "$W/fresh/b.tif"
nginx_stop
nginx_start "$W" 'location /fresh/ { expires 1h; }'
rm -rf "$CD"
run frame "$U/fresh/b.tif"
ok "fresh: first view"
fresh_first="$OUT"
: > "$NGX_LOG"
run frame "$U/fresh/b.tif"
ok "fresh: again, in a new process"
eq "fresh_within_max_age_asks_nothing" "$(grep -c /fresh/b.tif "$NGX_LOG")" 0
eq "fresh: the same picture" "$OUT" "$fresh_first"
run frame "$B"
ok "no max-age: first view"
: > "$NGX_LOG"
run frame "$B"
ok "no max-age: again"
eq "no_max_age_one_head_per_open" "$(grep -c '"HEAD /b_2024' "$NGX_LOG")" 1
eq "no max-age: nothing else asked" "$(grep -c /b_2024 "$NGX_LOG")" 1
finish
