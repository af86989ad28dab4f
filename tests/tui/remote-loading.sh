#!/bin/sh
# remote-loading: remote images are read off the drawing path
# (imagery/loader.c). With every request held 700 ms by
# tests/tools/delayproxy.py before nginx, the screen comes up at once,
# says what is loading, and keys act while the image loads: stepping to
# the next date and a verdict show within a second, long before the
# image. A date not read ahead shows its coarsest overview first, in
# cells and in kitty pictures, then the final picture. A date cached in
# an earlier session is drawn before the server is asked, and read again
# when the server's object turns out rewritten. Then, with the
# server gone and nothing cached, the pane says why while stepping and
# verdicts still work.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tools/nginx.sh"
command -v tmux >/dev/null || { skip "tmux not installed"; finish; }
nginx_need
D=$(demo_dir)
W="$T/www"
mkdir -p "$W"
set -- $(ls "$D"/*.tif | head -3)
# larger than the demo's scenes, with overviews: several requests each
for f in a b c; do
	gdal_translate -q -of COG -outsize 2048 1280 -co BLOCKSIZE=256 \
	    -co COMPRESS=JPEG "$1" "$W/${f}_2024-10-0$#.tif"
	shift
done
nginx_start "$W" || finish
P=$(free_port)
proxy() {	# proxy DELAY_MS: (re)start the delaying proxy on port $P
	proxy_stop
	proxy_start -p "$P" "$1" || finish
}
proxy 0
U="http://127.0.0.1:$P"
DB="$T/l.db"
run "$QM" -d "$DB" ingest --site Port "$U/a_2024-10-03.tif" "$U/b_2024-10-02.tif" "$U/c_2024-10-01.tif"
ok "ingest three remote images"
rm -rf "$QUAYMARK_CACHE/remote"
proxy 700

now() { date +%s%N | cut -c1-13; }
tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "the screen comes up" "? help  : command  q quit" 30
see "the message line says what loads" "loading a_2024-10-03.tif" 30
see "the pane says it is loading" "keys work meanwhile" 30
t0=$(now)
tm_keys ']'
see "keys_act_while_an_image_loads: stepping" "2/3" 10
t1=$(now)
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "keys work meanwhile" ||
    fail "the step waited for the image: $(tm_screen | tail -3)"
see "the message line says the new date loads" "loading b_2024-10-02.tif" 10
tm_keys F3
see "a verdict while it loads" "verdict: cloudy" 10
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "keys work meanwhile" ||
    fail "the verdict waited for the image: $(tm_screen | tail -3)"
CHECKS=$((CHECKS + 1))
[ $((t1 - t0)) -lt 1500 ] || fail "stepping took $((t1 - t0)) ms while an image loaded"
# then the picture comes, and the placeholder goes
CHECKS=$((CHECKS + 1))
_i=0
while tm_screen | grep -q "keys work meanwhile" && [ $_i -lt 300 ]; do
	sleep 0.1; _i=$((_i + 1))
done
[ $_i -lt 300 ] || fail "the image never came: $(tm_screen | tail -3)"
CHECKS=$((CHECKS + 1))
_i=0
while tm_screen | grep -q "loading b_2024" && [ $_i -lt 300 ]; do
	sleep 0.1; _i=$((_i + 1))
done
[ $_i -lt 300 ] || fail "the loading message stayed"
tm_keys q
tm_shell
run "$QM" -d "$DB" images --format csv
has "the verdict was stored" "$OUT" "cloudy"

# --- a far date: a picture at once, then the final one ----------------
# A date not read ahead, at 1:1: the header's request brings the
# coarsest overview with it (render/cache.c), so a coarse picture stands
# in a round trip before the view's own blocks. "loading..." then the
# final picture, with no picture between, is the bug this pins.
# 4096x2560 with four overview levels (the coarsest one tile), under
# three names: three dates, each read on its own
gdal_translate -q -of COG -outsize 4096 2560 -co BLOCKSIZE=256 \
    -co COMPRESS=JPEG -co OVERVIEWS=IGNORE_EXISTING "$(ls "$D"/*.tif | head -1)" \
    "$W/far.tif"
for f in 1 2 3; do ln -s far.tif "$W/far_2024-12-0$f.tif"; done
proxy 0
run "$QM" -d "$T/far.db" ingest --site Far "$U/far_2024-12-01.tif" \
    "$U/far_2024-12-02.tif" "$U/far_2024-12-03.tif"
ok "far: ingest"
rm -rf "$QUAYMARK_CACHE/remote"
tm_keys "clear" Enter
tm_keys "$QM -d $T/far.db tui" Enter
see "far: the screen comes up" "1/3" 30
tm_keys Z
settled() {	# until nothing loads (at most 30 s)
	_i=0
	while tm_screen | grep -q "loading" && [ $_i -lt 300 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
sleep 0.5
settled
nginx_quiet	# the read-ahead of date 2 at 1:1, answered
settled
proxy 700
: > "$NGX_LOG"
tm_keys G
# a capture every 0.1 s (colours too) until nothing loads, each with the
# requests for the date answered by then
n=0
while [ $n -lt 200 ]; do
	grep -c far_2024-12-03 "$NGX_LOG" > "$T/far.$n.reqs"
	tm capture-pane -e -p -t t > "$T/far.$n"
	n=$((n + 1))
	grep -q "loading" "$T/far.$((n - 1))" || [ $n -lt 3 ] || break
	sleep 0.1
done
CHECKS=$((CHECKS + 1))
[ $n -lt 200 ] || fail "far: the date never finished loading"
# the pane: what the capture holds but the message and status lines
pane() { grep -v "loading\|^.*Far |" "$1" | md5sum; }
final=$(pane "$T/far.$((n - 1))")
coarse=0
i=0
while [ $i -lt $((n - 1)) ]; do
	f="$T/far.$i"
	if ! grep -q "keys work meanwhile" "$f" &&
	    [ "$(pane "$f")" != "$final" ]; then
		[ $coarse -eq 0 ] && reqs=$(cat "$f.reqs")
		coarse=$((coarse + 1))
	fi
	i=$((i + 1))
done
CHECKS=$((CHECKS + 1))
grep -q "keys work meanwhile\|unavailable" "$T/far.$((n - 1))" &&
    fail "far: no picture at the end: $(tail -3 "$T/far.$((n - 1))")"
CHECKS=$((CHECKS + 1))
[ $coarse -gt 0 ] ||
    fail "far_date_coarse_picture_first: no picture before the final one ($n captures)"
# one HEAD (render/remote.c) and one GET bringing the header and the
# coarsest overview together; before, two HEADs and two GETs
CHECKS=$((CHECKS + 1))
[ $coarse -eq 0 ] || [ "$reqs" -le 2 ] ||
    fail "far_date_coarse_in_two_requests: the coarse picture came after $reqs requests"
tm_keys q
tm_shell

# --- the pixel protocols draw the coarse level too --------------------
# kitty through tmux, 700 ms a request: the first kitty picture of date 1
# goes out after its two requests (the HEAD, and the header with the
# coarsest overview), then the final one. pixel_coarse_while_loading
# fails when the pane gives way to cells until the bytes are all there.
proxy 0
rm -rf "$QUAYMARK_CACHE/remote"
tm set-option -g allow-passthrough on
tm pipe-pane -t t -o "cat >> '$T/px.raw'"
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $T/far.db tui" Enter
see "kitty: the screen comes up" "3/3" 30
see "kitty: through tmux" "through tmux" 30
sleep 0.5
settled
nginx_quiet	# the read-ahead of date 2, answered
settled
proxy 700
off=$(wc -c < "$T/px.raw")
: > "$NGX_LOG"
tm_keys g
# every 0.1 s: the pictures put on screen since (sent, or placed when
# sent ahead), then the requests answered (in that order: a picture seen
# with 2 requests came before the third)
n=0
first=""
quiet=0
last=-1
while [ $n -lt 300 ] && [ $quiet -lt 15 ]; do
	shots=$(tail -c +$((off + 1)) "$T/px.raw" | grep -o '_Ga=[Tp],' | wc -l)
	reqs=$(grep -c far_2024-12-01 "$NGX_LOG")
	[ -z "$first" ] && [ "$shots" -gt 0 ] && first=$reqs
	if [ "$reqs" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; last=$reqs; fi
	n=$((n + 1))
	sleep 0.1
done
tm_keys q
tm_shell
tm pipe-pane -t t
tm set-option -g allow-passthrough off
CHECKS=$((CHECKS + 1))
[ -n "$first" ] && [ "$first" -le 2 ] ||
    fail "pixel_coarse_while_loading: the first kitty picture came after ${first:-all} of $reqs requests"
CHECKS=$((CHECKS + 1))
[ "$shots" -ge 2 ] || fail "kitty: $shots picture(s) for date 1, not the coarse then the final"

# --- the pixel pictures' finer level is the loader's too -------------
# At fit zoom a kitty picture reads a finer overview than the cells do;
# the loader reads that view as well (imagery/loader.c read_fine), so no
# frame waits on the network. With 2.5 s a request, the longest frame in
# `tui --trace` stays under 2 s: pixel_view_read_by_the_loader fails when
# the screen fetches the finer level where it draws.
proxy 0
rm -rf "$QUAYMARK_CACHE/remote"
proxy 2500
tm set-option -g allow-passthrough on
tm_keys "clear; QUAYMARK_GRAPHICS=kitty $QM -d $T/far.db tui --trace $T/fine.trace" Enter
see "fine: through tmux" "through tmux" 100
sleep 1
settled
nginx_quiet 4	# read-ahead too (2.5 s a request)
settled
tm_keys q
tm_shell
tm set-option -g allow-passthrough off
longest=$(sed -n 's/.* ms=\([0-9.]*\) .*/\1/p' "$T/fine.trace" | sort -n | tail -1)
CHECKS=$((CHECKS + 1))
awk -v m="$longest" 'BEGIN { exit !(m != "" && m < 2000) }' ||
    fail "pixel_view_read_by_the_loader: a frame took $longest ms (a request is 2500)"

# --- a revisit: the cache at once, then the server asked -----------
# A date seen in an earlier session is drawn from the disk cache without
# waiting on the server; only then does the loader ask, with one HEAD,
# whether the object is still that version (stale-while-revalidate).
# With every request held 5 s, the picture is on screen before the HEAD
# has reached nginx. Then the object is rewritten on the server: the
# revisit shows the cached picture, the HEAD finds another ETag, and the
# view is read again: "not the object catalogued" (its marks describe
# the old picture); once ingested again, the new picture.
proxy 0
cp "$W/a_2024-10-03.tif" "$W/r_2024-10-05.tif"
run "$QM" -d "$T/rv.db" ingest --site Rev "$U/r_2024-10-05.tif"
ok "revisit: ingest"
pic() { tm capture-pane -e -p -t t | head -40 | md5sum; }
launch() { tm_keys "clear" Enter; tm_keys "$QM -d $T/rv.db tui" Enter; }
revisit() {	# revisit: the TUI on rv.db, until nothing loads
	launch
	see "revisit: the screen comes up" "1/1" 30
	settled
}
old_shown() {	# old_shown: the TUI on rv.db until it shows $old (30 s)
	launch
	_i=0
	while [ "$(pic)" != "$old" ] && [ $_i -lt 300 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ $_i -lt 300 ]
}
revisit
sleep 0.5
settled
old=$(pic)
tm_keys q
tm_shell
proxy 5000
: > "$NGX_LOG"
shown=0
old_shown || shown=$?
reqs=$(grep -c r_2024 "$NGX_LOG")
CHECKS=$((CHECKS + 1))
[ $shown -eq 0 ] || fail "revisit: the cached picture never came: $(tm_screen | tail -3)"
CHECKS=$((CHECKS + 1))
[ "$reqs" -eq 0 ] ||
    fail "revisit_draws_before_the_server_answers: $reqs request(s) reached nginx before the picture"
CHECKS=$((CHECKS + 1))
_i=0
until grep -q '"HEAD /r_2024' "$NGX_LOG" || [ $_i -ge 300 ]; do
	sleep 0.1; _i=$((_i + 1))
done
[ $_i -lt 300 ] || fail "revisit: the version shown was never revalidated"
sleep 0.5
eq "revisit: an unchanged object stays as drawn" "$(pic)" "$old"
tm_keys q
tm_shell
# the object rewritten (another time, hence another ETag)
sleep 1
gdal_translate -q -of COG -outsize 2048 1280 -co BLOCKSIZE=256 \
    -co COMPRESS=JPEG "$(ls "$D"/*.tif | tail -1)" "$W/r_2024-10-05.tif"
proxy 3000
CHECKS=$((CHECKS + 1))
old_shown || fail "revisit, rewritten: the cached picture was not shown first"
see "revisit_rewritten_object_revalidated: the view read again" \
    "not the object catalogued" 150
tm_keys q
tm_shell
proxy 0
run "$QM" -d "$T/rv.db" ingest --site Rev "$U/r_2024-10-05.tif"
has "revisit: ingested again" "$OUT" "1 updated"
proxy 700
revisit
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "unavailable\|not the object" &&
    fail "revisit after ingest: $(tm_screen | grep -m2 -A1 unavailable)"
CHECKS=$((CHECKS + 1))
[ "$(pic)" != "$old" ] || fail "revisit_rewritten_object_new_picture: the old picture"
tm_keys q
tm_shell

# --- quitting while a read hangs: at once, and cleanly ---------------
rm -rf "$QUAYMARK_CACHE/remote"
proxy 30000
tm_keys "clear" Enter
tm_keys "$QM -d $DB tui; echo EXIT=\$?" Enter
see "hung: loading" "keys work meanwhile" 30
t0=$(now)
tm_keys q
see "quit_while_a_read_hangs" "EXIT=0" 50
t1=$(now)
CHECKS=$((CHECKS + 1))
[ $((t1 - t0)) -lt 2000 ] || fail "quitting took $((t1 - t0)) ms with a read hanging"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "Sanitizer\|runtime error\|Segmentation" &&
    fail "quitting with a read hanging: $(tm_screen | grep -m3 'Sanitizer\|Segm')"

# --- the server gone, nothing cached of c: the pane says why ---------
proxy_stop
nginx_stop
rm -rf "$QUAYMARK_CACHE/remote"
tm_keys "$QM -d $DB tui" Enter
see "offline: the screen comes up" "? help  : command  q quit" 30
see "offline: the pane says why" "image unavailable:" 100
see "offline: the reason" "nothing of it is cached" 30
tm_keys ']'
see "offline: stepping works" "3/3" 10
tm_keys F2
see "offline: a verdict works" "partly" 10
tm_keys 1 Enter
see "offline: a mark is placed" "MARKS (1)" 10
tm_keys q
tm_shell
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "Sanitizer\|runtime error" &&
    fail "a sanitizer report on quitting: $(tm_screen | grep -m3 Sanitizer)"

# --- the network lost in mid-session --------------------------------
# Six dates (more than the screen keeps open), all seen; the server
# stops; once the headers seen are no longer trusted (30 s), every date
# opens again from the cache. GDAL still answers the stat from memory
# then, and only the ETag request fails: that must read as "no answer",
# not as an object that changed since ingest.
mkdir -p "$W/six"
set -- $(ls "$D"/*.tif | head -6)
for f in 1 2 3 4 5 6; do
	gdal_translate -q -of COG "$1" "$W/six/s_2024-11-0$f.tif"
	shift
done
nginx_start "$W"
run "$QM" -d "$T/six.db" ingest --site Six $(cd "$W/six" && ls | sed "s|^|$NGX_URL/six/|")
ok "ingest six dates"
tm_keys "clear" Enter
tm_keys "$QM -d $T/six.db tui" Enter
see "six: the screen comes up" "? help  : command  q quit" 30
for n in 2 3 4 5 6; do
	tm_keys ']'
	see "six: date $n seen" "$n/6" 30
	sleep 0.5
done
nginx_stop
sleep 31
for n in 5 4 3 2 1; do
	tm_keys '['
	see "network_lost_mid_session: date $n" "$n/6" 30
	sleep 1
	CHECKS=$((CHECKS + 1))
	tm_screen | grep -q "not the object catalogued\|image unavailable" &&
	    fail "date $n after the network went: $(tm_screen | grep -m2 -A1 unavailable)"
done
tm_keys q
tm_shell
tm_stop
finish
