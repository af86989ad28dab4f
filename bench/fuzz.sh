#!/bin/sh
# Longer fuzzing than make check's few seconds: every harness for SECONDS
# (default 600), with libFuzzer's statistics at the end of each.
#   Usage: bench/fuzz.sh [SECONDS]      (builds the harnesses first)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
make -C "$top" --no-print-directory fuzz >/dev/null
sh "$top/fuzz/run.sh" build-fuzz "${1:-600}"
