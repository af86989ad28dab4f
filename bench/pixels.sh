#!/bin/sh
# Pixel protocols: a 1600x1000 demo image in a 200x60 pane of 10x20-pixel
# cells (a 2000x1200-pixel picture):
#  - bytes per full picture per protocol (bench/pixels), beside chafa's
#    sixel and kitty output of the same image in a 200x60 terminal of the
#    same cell size (chafa asks the pty for it); target quaymark <= chafa;
#  - key to picture for a pan and for the next date, in the TUI inside
#    tmux with passthrough on (the bytes written to a real pty and taken
#    by tmux), target < 50 ms: wall and CPU time (--trace's ms= and cpu=),
#    and bench/pixels in-process as the TUI makes pictures;
#  - the 1 Mbit/s arithmetic: seconds per picture, and what the byte
#    budget (0.3 s) does instead.
#   Usage: bench/pixels.sh BUILD [PROTOCOL...]  (needs chafa, python3, tmux)
# With protocols named (sixel kitty iterm), only their TUI timings run.
. "$(dirname "$0")/lib.sh"
need "apt-get install chafa python3 tmux" chafa python3 tmux
export QUAYMARK_CACHE="$OUT/cache"
DEMO="$OUT/pixdemo"
[ -f "$DEMO/truth.csv" ] || "$QM" demo --generate "$DEMO" --seed 1 >/dev/null
IMG="$DEMO/rajin_20241024.tif"
shift $(($# > 0 ? 1 : 0))
PROTOS=${*:-sixel kitty iterm}

[ "$PROTOS" != "sixel kitty iterm" ] || {
echo "== in-process, as the TUI makes them, 200x60 cells of 10x20 (median of 9):"
echo "   first = read whole + sixel palette fit + encode; next = encode (read"
echo "   and palette fitted ahead); pan = half read, half copied, encode"
"$top/$BUILD/bench/pixels" "$IMG" 200x60 10x20 9 | tee "$OUT/pixels.txt"

# chafa in a 200x60 pty that says 2000x1200 pixels
chafa_bytes() {
	python3 - "$1" "$IMG" <<'PY'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:	# the size set on our side of the pty before chafa asks
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 2000,
                                                   1200))
    os.execvp("chafa", ["chafa", "-f", sys.argv[1], "--size", "200x60",
                        sys.argv[2]])
n = 0
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    n += len(b)
os.waitpid(pid, 0)
print(n)
PY
}
cs=$(chafa_bytes sixels)
ck=$(chafa_bytes kitty)
qs=$(awk '/^sixel first/ { print $5 }' "$OUT/pixels.txt")
qk=$(awk '/^kitty first/ { print $5 }' "$OUT/pixels.txt")
qi=$(awk '/^iterm first/ { print $5 }' "$OUT/pixels.txt")
echo "== bytes per full picture (target: quaymark <= chafa)"
echo "sixel: quaymark $qs, chafa $cs"
echo "kitty: quaymark $qk, chafa $ck"
echo "iterm: quaymark $qi"
}

echo "== the TUI in tmux (passthrough on, no client: tmux takes the bytes"
echo "   and drops them), 235x63: a 200x60 pane of 10x20 cells; --trace"
echo "   times key read to picture written (tcdrain for large writes)"
DB="$OUT/pixdemo.db"
[ -f "$DB" ] || "$QM" -d "$DB" ingest --site "Rajin (demo)" "$DEMO" >/dev/null
SOCK="$OUT/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT
# drive P TRACE ENV KEY...: the TUI in protocol P inside tmux (235x63,
# passthrough on), ENV in its environment, the keys a second apart (the
# read-ahead's idle time, as a person), traced into TRACE
drive() {
	p=$1 trace=$2 env=$3
	shift 3
	rm -f "$trace"
	tm kill-server 2>/dev/null || true
	# passthrough on before the TUI starts: it asks tmux once
	tm new-session -d -s b -x 235 -y 63 "sleep 60"
	tm set-option -g allow-passthrough on
	tm respawn-pane -k -t b \
	    "env TERM=tmux-256color LC_ALL=C.UTF-8 QUAYMARK_GRAPHICS=$p QUAYMARK_CELL=10x20 QUAYMARK_CACHE='$QUAYMARK_CACHE' XDG_CONFIG_HOME='$OUT/config' $env '$QM' -d '$DB' tui --trace '$trace'; sleep 30"
	i=0
	until tm capture-pane -p -t b | grep -q 'q quit'; do
		sleep 0.1
		i=$((i + 1))
		[ $i -lt 300 ] || { echo "pixels.sh: the TUI did not start" >&2; exit 1; }
	done
	sleep 1
	for k; do
		tm send-keys -t b "$k"
		sleep 1
	done
	tm capture-pane -p -t b > "$trace.screen"
	tm send-keys -t b q
	sleep 0.5
	tm kill-server 2>/dev/null || true
}
echo "   load: $(uptime | sed 's/.*load/load/')"
for p in $PROTOS; do
	# g: the first date; z fits, + zooms in so there is room to pan
	drive $p "$OUT/tui-$p.trace" "" g z + '>' C-d '<' C-u '>' C-d \
	    ']' ']' ']' ']' ']' ']' ']' ']'
	python3 - "$OUT/tui-$p.trace" $p <<'PY'
import re, statistics, sys
got = {"pan": [], "next date": []}
for line in open(sys.argv[1]):
    m = re.search(r"key=(\S+) .* ms=([\d.]+) bytes=(\d+) .* cpu=([\d.]+)", line)
    if not m:
        continue
    k = {">": "pan", "<lt>": "pan", "<C-d>": "pan", "<C-u>": "pan",
         "]": "next date"}.get(m.group(1))
    if k:
        got[k].append((float(m.group(2)), float(m.group(4)),
                       int(m.group(3))))
if not got["pan"] or not got["next date"]:
    sys.exit("no pans or dates in the trace")
for k, v in got.items():
    wall = [x[0] for x in v]
    cpu = [x[1] for x in v]
    b = statistics.median(x[2] for x in v)
    print("%-5s %-9s wall median %3.0f ms (max %3.0f), cpu median %4.1f ms "
          "(max %4.1f), %7d bytes = %4.2f s at 1 Mbit/s"
          % (sys.argv[2], k, statistics.median(wall), max(wall),
             statistics.median(cpu), max(cpu), b, b * 8 / 1e6))
PY
done
echo "== at 1 Mbit/s (QUAYMARK_LINK=1M): the byte budget is 0.3 s = 37,500"
echo "   bytes; a whole picture is over it, so that frame is drawn in cells"
echo "   and the message line says so. Bytes of g ] ] (first date, next"
echo "   two) and seconds at 1 Mbit/s:"
for p in $PROTOS; do
	drive $p "$OUT/tui-$p-1M.trace" QUAYMARK_LINK=1M g ']' ']'
	printf '%-5s ' $p
	sed -n 's/.*key=\([^ ]*\) .* bytes=\([0-9]*\).*/\1 \2/p' \
	    "$OUT/tui-$p-1M.trace" |
	    awk '{ printf "%s %d B = %.2f s; ", $1, $2, $2 * 8 / 1e6 }'
	echo
done
grep -o 'a [0-9]* KB picture takes [^:]*: cells[^|]*' "$OUT/tui-sixel-1M.trace.screen" | head -1
echo "== on a fast link, kitty's back-and-forth and blink place a held id;"
echo "   a cursor step (h) is a strip of the pixels that changed:"
printf '][][h' > "$OUT/keys"
rm -f "$OUT/trace"
"$QM" -d "$DB" tui --size 235x63 --graphics kitty --keys "$OUT/keys" \
    --exit-after --trace "$OUT/trace" >/dev/null
sed -n 's/.*key=\([^ ]*\) .* bytes=\([0-9]*\).*/\1 \2/p' "$OUT/trace" | tr '\n' ' '
echo
