#!/bin/sh
# Pixel protocols: a 1600x1000 demo image in a 200x60 pane of 10x20-pixel
# cells (a 2000x1200-pixel picture):
#  - bytes per full picture per protocol (bench/pixels), beside chafa's
#    sixel and kitty output of the same image in a 200x60 terminal of the
#    same cell size (chafa asks the pty for it); target quaymark <= chafa;
#  - key to picture for a pan and for the next date, in the TUI (the
#    scripted terminal: read, compose, encode; bench/pixels splits read
#    and encode), target < 50 ms;
#  - the 1 Mbit/s arithmetic: seconds per picture, and what the byte
#    budget (0.3 s) does instead.
#   Usage: bench/pixels.sh BUILD     (needs chafa, python3)
. "$(dirname "$0")/lib.sh"
need "apt-get install chafa python3" chafa python3
export QUAYMARK_CACHE="$OUT/cache"
DEMO="$OUT/pixdemo"
[ -f "$DEMO/truth.csv" ] || "$QM" demo --generate "$DEMO" --seed 1 >/dev/null
IMG="$DEMO/rajin_20241024.tif"

echo "== in-process: read + encode, 200x60 cells of 10x20 (median of 9)"
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
qs=$(awk '/^sixel fit/ { print $5 }' "$OUT/pixels.txt")
qk=$(awk '/^kitty fit/ { print $5 }' "$OUT/pixels.txt")
qi=$(awk '/^iterm fit/ { print $5 }' "$OUT/pixels.txt")
echo "== bytes per full picture (target: quaymark <= chafa)"
echo "sixel: quaymark $qs, chafa $cs"
echo "kitty: quaymark $qk, chafa $ck"
echo "iterm: quaymark $qi"

echo "== the scripted TUI at 235x63 (a 200x60 pane), key to picture"
DB="$OUT/pixdemo.db"
[ -f "$DB" ] || "$QM" -d "$DB" ingest --site "Rajin (demo)" "$DEMO" >/dev/null
# zoom in twice (to pan), then pans and dates, each key its own frame
printf '++' > "$OUT/keys"
i=0
while [ $i -lt 10 ]; do printf '><' >> "$OUT/keys"; i=$((i + 1)); done
i=0
while [ $i -lt 10 ]; do printf ']' >> "$OUT/keys"; i=$((i + 1)); done
for p in sixel kitty iterm; do
	rm -f "$OUT/trace"
	"$QM" -d "$DB" tui --size 235x63 --graphics $p --keys "$OUT/keys" \
	    --exit-after --trace "$OUT/trace" >/dev/null
	python3 - "$OUT/trace" $p <<'PY'
import re, statistics, sys
pan, nxt, bp, bn = [], [], [], []
for line in open(sys.argv[1]):
    m = re.search(r"key=(\S+) .* ms=([\d.]+) bytes=(\d+)", line)
    if not m:
        continue
    if m.group(1) in (">", "<lt>"):
        pan.append(float(m.group(2))); bp.append(int(m.group(3)))
    elif m.group(1) == "]":
        nxt.append(float(m.group(2))); bn.append(int(m.group(3)))
print("%-5s pan: median %.0f ms (max %.0f), %d bytes; next date: median "
      "%.0f ms (max %.0f), %d bytes; at 1 Mbit/s %.1f s a date (budget "
      "0.3 s: cells instead)" % (sys.argv[2], statistics.median(pan),
      max(pan), statistics.median(bp), statistics.median(nxt), max(nxt),
      statistics.median(bn), statistics.median(bn) * 8 / 1e6))
PY
done
echo "== back and forth with kitty ids (bytes of ] [ ] [ after the first)"
printf '][][' > "$OUT/keys"
rm -f "$OUT/trace"
"$QM" -d "$DB" tui --size 235x63 --graphics kitty --keys "$OUT/keys" \
    --exit-after --trace "$OUT/trace" >/dev/null
sed -n 's/.*key=\([^ ]*\) .* bytes=\([0-9]*\).*/\1 \2/p' "$OUT/trace" | tr '\n' ' '
echo
