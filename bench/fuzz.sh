#!/bin/sh
# Longer fuzzing than make check's fixed short run: each harness (all, or
# those named) explores at random for SECONDS (default 600), with
# libFuzzer's statistics at the end of each. The README's figures come
# from `bench/fuzz.sh 180 fuzz-csv fuzz-date fuzz-import fuzz-raster` and
# `bench/fuzz.sh 600 fuzz-tui`.
#   Usage: bench/fuzz.sh [SECONDS [HARNESS...]]   (builds the harnesses)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
[ $# -gt 0 ] && shift
make -C "$top" --no-print-directory fuzz >/dev/null
sh "$top/fuzz/run.sh" build-fuzz "$secs" "$@"
