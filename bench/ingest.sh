#!/bin/sh
# Ingest of N small GeoTIFFs (default 10000) by `quaymark ingest`, beside
# GDAL's own gdaltindex over the same files in the same run. Both open
# every file's headers; quaymark also decodes two pixels of each, dates and
# fingerprints it, and commits it with an audit row. Target: at most 1.5x
# gdaltindex.   Usage: bench/ingest.sh BUILD [N]
. "$(dirname "$0")/lib.sh"
need "apt-get install gdal-bin" gdaltindex
N=${2:-10000}
OUT="$OUT/ingest"
mkdir -p "$OUT"
if [ "$(ls "$OUT/files" 2>/dev/null | wc -l)" -ne "$N" ]; then
	rm -rf "$OUT/files"
	"$top/$BUILD/bench/mkscenes" "$OUT/files" "$N" 64
fi
ls "$OUT"/files/*.tif > "$OUT/list.txt"

secs() { date +%s.%N; }
best_q=999999 best_g=999999
for round in 1 2; do
	rm -f "$OUT/q.db" "$OUT/q.db-wal" "$OUT/q.db-shm" "$OUT/index.gpkg"
	t0=$(secs)
	"$QM" -d "$OUT/q.db" ingest --site bench "$OUT/files" >/dev/null
	t1=$(secs)
	gdaltindex -f GPKG "$OUT/index.gpkg" --optfile "$OUT/list.txt" >/dev/null
	t2=$(secs)
	q=$(echo "$t1 - $t0" | bc)
	g=$(echo "$t2 - $t1" | bc)
	best_q=$(echo "if ($q < $best_q) $q else $best_q" | bc)
	best_g=$(echo "if ($g < $best_g) $g else $best_g" | bc)
done
ratio=$(echo "scale=2; $best_q / $best_g" | bc)
printf 'ingest of %s GeoTIFFs: quaymark %.2f s, gdaltindex %.2f s (%.2fx; target <= 1.5x)\n' \
    "$N" "$best_q" "$best_g" "$ratio"
echo "$ratio <= 1.5" | bc | grep -q 1
