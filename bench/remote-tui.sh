#!/bin/sh
# bench/remote-tui.sh [BUILD]: the review screen on remote images, every
# HTTP request held 100 ms by tests/tools/delayproxy.py before nginx, six
# dates of the 12000x12000 COG made by bench/remote.sh (run that first).
# Timed from inside by `tui --trace` (key read to screen written):
#  - next date with read-ahead done (each step waits until no request
#    has reached nginx for a second);
#  - a jump to a date not read ahead (G): the key's own screen ("loading",
#    or the coarse level when the image was opened before), then the
#    redraws as the loader reports, the last one the final picture at
#    the latest; and zoom to 1:1 (Z) the same way;
#  - the longest key-to-screen time of keys pressed while those load;
#  - a cached revisit: a new `tui` on date 1 (seen above), from launch
#    to its final picture on screen (polled with tmux capture-pane),
#    median of 5, beside the same 12000² file on local disk.
# The cache of remote images starts empty. Load average is printed.
. "$(dirname "$0")/lib.sh"
need "apt-get install nginx-light" nginx
need "apt-get install tmux python3" tmux python3
W="$OUT/remote/www"
BIG="$W/big12000.tif"
[ -f "$BIG" ] || { echo "remote-tui.sh: run bench/remote.sh first (it makes $BIG)" >&2; exit 2; }
mkdir -p "$W/dates"
for d in 1 2 3 4 5 6; do
	ln -sf ../big12000.tif "$W/dates/d_2024-10-0$d.tif"
done

T=$(mktemp -d)
export QUAYMARK_CACHE="$T/cache" XDG_CONFIG_HOME="$T/config"
SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
. "$top/tests/tools/nginx.sh"
trap 'tm kill-server 2>/dev/null; proxy_stop; nginx_stop; rm -rf "$T"' EXIT
nginx_start "$W" || exit 1
proxy_start 100 || exit 1
D=$PROXY_PORT
U="http://127.0.0.1:$D/dates"
echo "load average at start: $(cut -d' ' -f1 /proc/loadavg) (2 cores)"
DB="$T/r.db"
"$QM" -d "$DB" ingest --site Bench "$U/d_2024-10-01.tif" "$U/d_2024-10-02.tif" \
    "$U/d_2024-10-03.tif" "$U/d_2024-10-04.tif" "$U/d_2024-10-05.tif" \
    "$U/d_2024-10-06.tif" >/dev/null
rm -rf "$QUAYMARK_CACHE/remote"

TRACE="$T/trace"
tm new-session -d -s b -x 200 -y 60 \
    "env TERM=tmux-256color LC_ALL=C.UTF-8 QUAYMARK_CACHE='$QUAYMARK_CACHE' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' '$QM' -d '$DB' tui --trace '$TRACE'; sleep 30"
tm set-option -t b status off >/dev/null
settle() {	# until nothing says it is loading (at most 30 s)
	i=0
	while tm capture-pane -p -t b | grep -q "loading" && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
quiet() {	# until no request reached nginx for 1 s (at most 30 s):
	i=0	# read-ahead done
	q=0
	last=-1
	while [ $q -lt 10 ] && [ $i -lt 300 ]; do
		n=$(wc -l < "$NGX_LOG")
		if [ "$n" = "$last" ]; then q=$((q + 1)); else q=0; last=$n; fi
		sleep 0.1; i=$((i + 1))
	done
}
screen() {	# screen TEXT: until the screen shows TEXT (at most 30 s)
	i=0
	until tm capture-pane -p -t b | grep -q "$1" || [ $i -ge 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
screen 'q quit'
settle
quiet
for n in 2 3 4; do
	tm send-keys -t b ']'
	screen " $n/6 "
	settle
	quiet		# the next date read ahead before the next step
done
echo "mark:far" >> "$TRACE"
tm send-keys -t b G
for n in 1 2 3 4 5 6 7 8 9 10; do tm send-keys -t b l; sleep 0.03; done
settle
quiet
echo "mark:zoom" >> "$TRACE"
tm send-keys -t b Z
for n in 1 2 3 4 5 6 7 8 9 10; do tm send-keys -t b l; sleep 0.03; done
settle
quiet
tm send-keys -t b q
i=0		# until the TUI has ended (its trace written)
while [ "$(tm display-message -p -t b '#{pane_current_command}')" != sleep ] &&
    [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done

python3 - "$TRACE" <<'PY'
import re, sys
rows, part = [], "start"
for line in open(sys.argv[1]):
    if line.startswith("mark:"):
        part = line.strip()[5:]
        continue
    m = re.match(r"([\d.]+) key=(\S+) reactions=(\S+) ms=([\d.]+) bytes=\d+ "
                 r"image=(\d+) zoom=(\S+)", line)
    if m:
        rows.append((part, float(m.group(1)), m.group(2), float(m.group(4)),
                     int(m.group(3), 16)))
nexts = [ms for p, t, k, ms, re_ in rows if p == "start" and k == "]"]
print("next date, read ahead (3 steps): %s ms  (target < 50)" %
      " · ".join("%.1f" % v for v in nexts))
for part, key, what in (("far", "G", "jump to a date not read ahead"),
                        ("zoom", "Z", "zoom to 1:1")):
    r = [x for x in rows if x[0] == part]
    k = [x for x in r if x[2] == key]
    if not k:
        print("%s: no %s key in the trace" % (what, key))
        continue
    t0 = k[0][1]
    # the pane redrawn as the loader reports (R_VIEW): the coarse level,
    # then the view; the last of them is the final picture at the latest
    redraws = [x for x in r if x[2] == "(none)" and x[4] & 0x002]
    keys = [x[3] for x in r if x[2] not in ("(none)",)]
    first = (redraws[0][1] - t0) * 1000 if redraws else float("nan")
    last = (redraws[-1][1] - t0) * 1000 if redraws else float("nan")
    print("%s: key drawn in %.1f ms; first picture +%.0f ms, final by +%.0f ms; "
          "longest key while loading %.1f ms (%d keys)"
          % (what, k[0][3], first, last, max(keys), len(keys)))
PY

# --- a cached revisit, as the analyst feels it -------------------------
# A new process on date 1, seen above: from launch to the final picture
# on screen (the pane's top 50 rows as they are once nothing loads),
# polled every ~10 ms; the same for the file on local disk.
"$QM" -d "$T/rv.db" ingest --site Bench "$U/d_2024-10-01.tif" >/dev/null
"$QM" -d "$T/lv.db" ingest --site Bench "$BIG" >/dev/null
pic() { tm capture-pane -e -p -t r | head -50 | md5sum; }
launch() {	# launch DB: a new tui on DB in tmux session r
	tm new-session -d -s r -x 200 -y 60 \
	    "env TERM=tmux-256color LC_ALL=C.UTF-8 QUAYMARK_CACHE='$QUAYMARK_CACHE' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' '$QM' -d '$1'  tui"
	tm set-option -t r status off >/dev/null
}
ended() {	# until session r is gone (the tui quit)
	tm send-keys -t r q
	i=0
	while tm has-session -t r 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
revisit() {	# revisit DB NAME: median launch-to-final-picture of 5 runs
	launch "$1"	# first: what the final picture is
	sleep 1
	i=0
	while tm capture-pane -p -t r | grep -q "loading" && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
	sleep 1
	final=$(pic)
	ended
	ts=""
	reqs=""
	for run in 1 2 3 4 5; do
		: > "$NGX_LOG"
		t0=$(date +%s%N)
		launch "$1"
		i=0
		until [ "$(pic)" = "$final" ] || [ $i -ge 3000 ]; do
			sleep 0.01; i=$((i + 1))
		done
		t1=$(date +%s%N)
		reqs="$reqs $(wc -l < "$NGX_LOG")"
		ts="$ts $(( (t1 - t0) / 1000000 ))"
		sleep 0.5	# the revalidation's HEAD
		ended
	done
	printf '%s: launch to final picture, median of 5: %s ms (runs:%s ms; requests answered by then:%s)\n' \
	    "$2" "$(printf '%s\n' $ts | sort -n | sed -n 3p)" "$ts" "$reqs"
}
revisit "$T/rv.db" "cached revisit (remote, no Cache-Control, 100 ms/request)"
revisit "$T/lv.db" "the same file on local disk"
echo "load average at the end: $(cut -d' ' -f1 /proc/loadavg)"
