#!/bin/sh
# Run every benchmark against one build: bench/run.sh BUILD
# (render.sh needs hyperfine, chafa, timg and GNU time: apt-get install
# hyperfine chafa timg time)
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
exit $rc
