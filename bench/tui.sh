#!/bin/sh
# TUI benchmark: the real binary in a 200x60 tmux terminal, driven by
# keys as a person would, timed from inside by `tui --trace` (key read to
# finished screen written to the terminal, and the bytes written):
#  - cursor moves under 10 ms; pan and zoom under 20 ms;
#  - next date under 30 ms with read-ahead (a pause between dates);
#  - a mark committed and shown under 5 ms;
#  - the bytes of a full 256-colour repaint (Ctrl-L); bench/repaint.sh
#    sets them beside chafa's, per drawn image cell;
#  - peak memory under 100 MB with 10,000 images in the catalog.
# Runs on the demo port, on a 12000x12000 GeoTIFF, and on a 10,000-image
# catalog.   Usage: bench/tui.sh BUILD [sqlite|pg|both] [MARKS]
# (MARKS: how many marks the demo part commits, 15 unless given)
# (needs tmux, chafa, python3). pg runs the demo-port part on PostgreSQL
# (a throwaway cluster from tests/lib-pg.sh, over its unix socket, fsync
# on); both runs it on each engine and prints PostgreSQL's next-date and
# mark-commit medians over SQLite's (issue 17's target: within 1.5x).
. "$(dirname "$0")/lib.sh"
ENGINE=${2:-sqlite}
MARKS=${3:-15}
case $ENGINE in
sqlite|pg|both) ;;
*) echo "tui.sh: engine $ENGINE is not sqlite, pg or both" >&2; exit 2 ;;
esac
need "apt-get install tmux chafa python3" tmux chafa python3
export QUAYMARK_CACHE="$OUT/cache"
SOCK="$OUT/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
rc=0

# drive DB TRACE KEYS...: open the TUI on DB, play the key groups, quit.
# A group "sleep:S" pauses S seconds; "keys:K:N:S" sends key K N times,
# S seconds apart. Leaves the peak memory (kB) in $OUT/hwm.
drive() {
	db=$1 trace=$2
	shift 2
	rm -f "$trace"
	tm kill-server 2>/dev/null || true
	tm new-session -d -s b -x 200 -y 60 \
	    "env TERM=tmux-256color LC_ALL=C.UTF-8 QUAYMARK_CACHE='$QUAYMARK_CACHE' XDG_CONFIG_HOME='$OUT/config' '$QM' -d '$db' tui --trace '$trace'; sleep 30"
	tm set-option -t b status off >/dev/null
	i=0
	until tm capture-pane -p -t b | grep -q 'q quit'; do
		sleep 0.1
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "tui.sh: the TUI did not start" >&2; return 1; }
	done
	sleep 0.5
	pid=$(pgrep -f "quaymark -d $db tui --trace" | head -1)
	[ -n "$pid" ] || pid=$(pgrep -f "tui --trace $trace" | head -1)
	for g in "$@"; do
		case $g in
		sleep:*) sleep "${g#sleep:}" ;;
		keys:*)
			rest=${g#keys:}
			k=${rest%%:*}; rest=${rest#*:}
			n=${rest%%:*}; s=${rest#*:}
			j=0
			while [ $j -lt "$n" ]; do
				tm send-keys -t b "$k"
				sleep "$s"
				j=$((j + 1))
			done ;;
		esac
	done
	sleep 0.3
	awk '/VmHWM/ { print $2 }' "/proc/$pid/status" > "$OUT/hwm"
	tm send-keys -t b q
	sleep 0.5
	tm kill-server 2>/dev/null || true
}

# report TRACE LABEL: per-key medians, 95th percentiles and maxima
report() {
	python3 - "$1" "$2" <<'PY'
import re, sys
groups = {"cursor": {"h", "j", "k", "l"}, "pan": {"<C-d>", "<C-u>", "<lt>", ">"},
          "zoom": {"+", "-", "z", "Z"}, "next date": {"]"}, "mark": {"<Enter>"},
          "repaint": {"<C-l>"}}
target = {"cursor": 10, "pan": 20, "zoom": 20, "next date": 30, "mark": 5}
ms = {g: [] for g in groups}
cpu = {g: [] for g in groups}	# the process's CPU time of the same keys
repaint = []
for line in open(sys.argv[1]):
    m = re.search(r"key=(\S+) reactions=\S+ ms=([\d.]+) bytes=(\d+)", line)
    if not m:
        continue
    c = re.search(r" cpu=([\d.]+)", line)
    for g, keys in groups.items():
        if m.group(1) in keys:
            ms[g].append(float(m.group(2)))
            if c:
                cpu[g].append(float(c.group(1)))
            if g == "repaint":
                repaint.append(int(m.group(3)))
bad = 0
for g, v in ms.items():
    if not v:
        continue
    v.sort()
    p95 = v[min(len(v) - 1, int(len(v) * 0.95))]
    t = target.get(g)
    flag = "" if t is None or p95 < t else "  OVER TARGET"
    bad |= bool(flag)
    c = sorted(cpu[g])
    print("%-10s %-9s n=%-3d median %6.2f ms  95%% %6.2f ms  max %6.2f ms"
          "  (CPU median %s)%s%s"
          % (sys.argv[2], g, len(v), v[len(v) // 2], p95, v[-1],
             "%.2f ms" % c[len(c) // 2] if c else "-",
             "" if t is None else "  (target < %d)" % t, flag))
with open(sys.argv[1] + ".medians", "w") as f:
    for g, v in ms.items():
        if v:
            f.write("%s %.3f\n" % (g.replace(" ", "-"), v[len(v) // 2]))
if repaint:
    print("%-10s full repaint: %d bytes, %.2f B/cell over 200x60"
          % (sys.argv[2], repaint[-1], repaint[-1] / 12000.0))
    open(sys.argv[1] + ".repaint", "w").write("%d\n" % repaint[-1])
sys.exit(1 if bad else 0)
PY
}

KEYS="keys:l:40:0.05 keys:j:20:0.05 keys:h:20:0.05 keys:k:20:0.05
keys:C-d:10:0.1 keys:C-u:10:0.1 keys:>:10:0.1 keys:<:10:0.1
keys:+:3:0.15 keys:-:3:0.15 keys:+:3:0.15 keys:-:3:0.15 keys:Z:1:0.2 keys:z:1:0.2
keys:C-l:3:0.3"

# 1. the demo port (85 images, 1600x1000), fit zoom
# demo_part DB LABEL: the keys on the demo port, and their report
demo_part() {
	# MARKS marks, each committed (1 Enter) and undone (u)
	marks=""
	j=0
	while [ $j -lt "$MARKS" ]; do
		marks="$marks keys:1:1:0.1 keys:Enter:1:0.2 keys:u:1:0.2"
		j=$((j + 1))
	done
	# shellcheck disable=SC2086
	drive "$1" "$OUT/tui-$2.trace" $KEYS keys:]:30:0.3 $marks \
	    keys:[:30:0.3 || return 1
	report "$OUT/tui-$2.trace" "$2" || rc=1
	echo "$2$(printf '%*s' $((11 - ${#2})) '')peak memory" \
	    "$(($(cat "$OUT/hwm") / 1024)) MB"
}
DEMO="$OUT/tui-demo.db"
if [ "$ENGINE" != pg ]; then
	[ -f "$DEMO" ] || "$QM" -d "$DEMO" demo --seed 1 --no-open >/dev/null
	demo_part "$DEMO" demo
fi
if [ "$ENGINE" != sqlite ]; then
	TMPROOT=${TMPDIR:-/tmp}
	. "$top/tests/lib-pg.sh"
	pg_start || exit 1
	"$QM" -d "$(pg_url)" demo --seed 1 --no-open >/dev/null
	demo_part "$(pg_url)" demo-pg
	pg_stop
fi
if [ "$ENGINE" = both ]; then
	python3 - "$OUT/tui-demo.trace.medians" \
	    "$OUT/tui-demo-pg.trace.medians" <<'PY' || rc=1
import sys
sq, pg = ({l.split()[0]: float(l.split()[1]) for l in open(f)}
          for f in sys.argv[1:3])
bad = 0
for g in ("next-date", "mark"):
    r = pg[g] / sq[g]
    bad |= r > 1.5
    print("pg/sqlite  %-9s median %6.2f ms / %6.2f ms = %.2fx  (target <= 1.5x)%s"
          % (g.replace("-", " "), pg[g], sq[g], r,
             "  OVER TARGET" if r > 1.5 else ""))
sys.exit(1 if bad else 0)
PY
fi
[ "$ENGINE" = sqlite ] || { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; exit $rc; }

# the repaint beside chafa, like with like (bytes per drawn image cell
# for both): bench/repaint.sh

# 2. one 12000x12000 RGB GeoTIFF
BIGDB="$OUT/tui-big.db"
[ -f "$OUT/big/rgb-12000.tif" ] || "$top/$BUILD/bench/mkbig" "$OUT/big" 12000
[ -f "$BIGDB" ] || "$QM" -d "$BIGDB" ingest --site big --date 2025-01-01 \
    "$OUT/big/rgb-12000.tif" >/dev/null
# shellcheck disable=SC2086
drive "$BIGDB" "$OUT/tui-big.trace" $KEYS keys:Z:1:0.3 keys:+:2:0.2 \
    keys:C-d:10:0.1 keys:C-u:10:0.1 "keys:>:10:0.1" "keys:<:10:0.1" \
    keys:l:40:0.05 keys:-:4:0.2
report "$OUT/tui-big.trace" 12000px || rc=1
echo "12000px    peak memory $(($(cat "$OUT/hwm") / 1024)) MB"

# 3. 10,000 images in the catalog (bench/ingest.sh's small GeoTIFFs)
TENK="$OUT/tui-10k.db"
if [ ! -f "$TENK" ]; then
	[ -d "$OUT/ingest/files" ] || sh "$top/bench/ingest.sh" "$BUILD" 10000
	"$QM" -d "$TENK" ingest --site scenes "$OUT/ingest/files" >/dev/null
fi
drive "$TENK" "$OUT/tui-10k.trace" keys:]:100:0.05 keys:G:1:0.3 \
    keys:[:50:0.05 keys:g:1:0.3 keys:l:40:0.05
report "$OUT/tui-10k.trace" 10k || rc=1
hwm=$(cat "$OUT/hwm")
echo "10k        peak memory $((hwm / 1024)) MB with 10,000 images (target < 100)"
[ "$hwm" -lt 102400 ] || rc=1
exit $rc
