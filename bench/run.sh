#!/bin/sh
# Run every benchmark against one build: bench/run.sh BUILD
# (render.sh and tui.sh need hyperfine, chafa, timg, tmux and GNU time:
# apt-get install hyperfine chafa timg tmux time)
set -u
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$top/bench/out"
rc=0
"$top/$BUILD/bench/store-writes" "$top/bench/out" 2000 || rc=1
sh "$top/bench/ingest.sh" "$BUILD" 10000 || rc=1
sh "$top/bench/render.sh" "$BUILD" || rc=1
sh "$top/bench/startup.sh" "$BUILD" || rc=1
sh "$top/bench/count.sh" "$BUILD" || rc=1
sh "$top/bench/tui.sh" "$BUILD" || rc=1
sh "$top/bench/repaint.sh" "$BUILD" || rc=1
sh "$top/bench/demo.sh" "$BUILD" || rc=1
sh "$top/bench/export.sh" "$BUILD" || rc=1
sh "$top/bench/import.sh" "$BUILD" || rc=1
sh "$top/bench/hostile.sh" "$BUILD" || rc=1
# eight writers on one file (a demo database with its first image)
rm -f "$top/bench/out/writers.db"*
"$top/$BUILD/quaymark" -d "$top/bench/out/writers.db" demo --scale 0.25 \
    --labels none --no-open >/dev/null &&
    "$top/$BUILD/bench/writers" "$top/bench/out/writers.db" \
    "$("$top/$BUILD/quaymark" -d "$top/bench/out/writers.db" images \
    --format csv | sed -n 2p | cut -d, -f1)" 8 1000 || rc=1
demo="$top/bench/out/cache/demo/seed1-scale1"
"$top/$BUILD/bench/quantize" "$demo/rajin_20241001.tif" \
    "$demo/rajin_20250114.tif" "$top/bench/out/big/rgb-12000.tif" \
    "$top/bench/out/big/gray-12000.tif" || rc=1
"$top/$BUILD/bench/candidates" "$demo/rajin_20241002.tif" \
    "$top/bench/out/big/rgb-12000.tif" || rc=1
python3 "$top/bench/labelling.py" "$top/$BUILD/quaymark" \
    "$top/bench/out/labelling" || rc=1
exit $rc
