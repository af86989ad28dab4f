#!/bin/sh
# Every file of ../shared/data/pngsuite and ../shared/data/gdal through
# `quaymark render` (probe, open, read, cells): valid files render,
# invalid ones are refused with a one-line reason, none crashes, and none
# takes more than a second or 256 MB (limits not applied to sanitizer
# builds, which are slower and larger by design).
. "$(dirname "$0")/../lib.sh"

P=$(shared_data pngsuite)
G=$(shared_data gdal)
[ -n "$P$G" ] || finish
case $BUILD in *asan*|*fuzz*) LIMITS=0 ;; *) LIMITS=1 ;; esac

python3 - "$QM" "$LIMITS" "$P" "$G" > "$T/report" <<'PY'
import os, resource, subprocess, sys, time
qm, limits = sys.argv[1], sys.argv[2] == "1"
files = []
if sys.argv[3]:
    for f in sorted(os.listdir(sys.argv[3])):
        if f.endswith(".png"):
            files.append((os.path.join(sys.argv[3], f), not f.startswith("x")))
if sys.argv[4]:
    for sub, valid in (("valid", True), ("corrupt", False)):
        d = os.path.join(sys.argv[4], sub)
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                # DigitalGlobe's .IMD and .RPB are md_dg.tif's metadata,
                # read with it, not images
                if not f.endswith((".txt", ".aux.xml", ".md", ".IMD", ".RPB")):
                    files.append((os.path.join(d, f), valid))
bad = 0
for path, valid in files:
    t0 = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([qm, "render", path, "--size", "80x24", "--colors", "256"],
                       capture_output=True, timeout=60)
    dt = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB, max so far
    err = p.stderr.decode(errors="replace").strip()
    why = None
    if p.returncode < 0 or p.returncode >= 128:
        why = "crashed (status %d): %s" % (p.returncode, err[-300:])
    elif valid and p.returncode != 0:
        why = "refused a valid file: " + err
    elif not valid and p.returncode == 0:
        why = "accepted an invalid file"
    elif not valid and (len(err.splitlines()) != 1 or os.path.basename(path) not in err):
        why = "refusal is not one line naming the file: " + err
    elif limits and dt > 1.0:
        why = "took %.2f s" % dt
    elif limits and rss > 256 * 1024 and rss > before:
        why = "used %d MB" % (rss // 1024)
    print("%s\t%s\t%.3f\t%s" % ("ok" if why is None else "BAD", path, dt, why or ""))
    bad += why is not None
print("files\t%d\tbad\t%d" % (len(files), bad))
PY
CHECKS=$((CHECKS + 1))
grep '^BAD' "$T/report" | while IFS="$(printf '\t')" read -r _ path _ why; do
	echo "FAIL [$NAME] $path: $why" >&2
done
grep -q '^BAD' "$T/report" && FAILS=$((FAILS + 1))
n=$(sed -n 's/^files\t\([0-9]*\).*/\1/p' "$T/report")
CHECKS=$((CHECKS + 1))
[ "${n:-0}" -ge 200 ] || fail "only ${n:-0} files tried"
echo "suites: $n files, $(grep -c '^ok' "$T/report") fine" >&2

# Found by fuzz-raster: 346 bytes of JPEG declaring 58351 x 63486 pixels
# (decoding it took minutes); refused at once
echo '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAwNzIyHyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCPf+4+8DASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABgf/xAAfEAABAwQDAQAAAAAAAAAAAAABAgMFAAQGIgcTMkH/xAAUAQEAAAAAAAAAAAAAAAAAAAAB/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8ADYvFeDIyMjK3MjIyMjIyMjIyMjIyMjH/wAARCAAMABADASIAAhEBAxEB/8QAFQABAZIPwgUh2Q==' |
    base64 -d > "$T/bomb.jpg"
t0=$(date +%s%N)
run "$QM" render "$T/bomb.jpg" --size 40x10
t=$(( ($(date +%s%N) - t0) / 1000000 ))
nok "a decompression bomb" 1
has "bomb: says why" "$ERR" "impossible size: declares 58351 x 63486"
CHECKS=$((CHECKS + 1))
[ "$t" -lt 5000 ] || fail "the bomb took $t ms to refuse"
finish
