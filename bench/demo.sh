#!/bin/sh
# The demo port's generation and catalog time (the README's "demo port"
# row): `quaymark demo --no-open` from an empty cache, whole process, three
# runs, target under 60 s.   Usage: bench/demo.sh BUILD [RUNS]
. "$(dirname "$0")/lib.sh"
RUNS=${2:-3}
need "apt-get install python3" python3
times=""
i=0
while [ "$i" -lt "$RUNS" ]; do
	cache="$OUT/demo-bench-cache"
	rm -rf "$cache"
	t0=$(date +%s.%N)
	QUAYMARK_CACHE="$cache" "$QM" demo --seed 1 --no-open >/dev/null
	t1=$(date +%s.%N)
	times="$times $(echo "$t1 - $t0" | bc)"
	i=$((i + 1))
done
n=$(ls "$cache"/demo/seed1-scale1/*.tif "$cache"/demo/seed1-scale1/*.png |
    wc -l)
rm -rf "$cache"
python3 - "$n" $times <<'PY'
import sys
n, t = int(sys.argv[1]), sorted(float(x) for x in sys.argv[2:])
print("demo port, generate and catalog (%d images): %s s, median %.1f s "
      "(target < 60 s)" % (n, " ".join("%.1f" % x for x in t), t[len(t) // 2]))
sys.exit(0 if t[len(t) // 2] < 60 else 1)
PY
