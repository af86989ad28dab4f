#!/bin/sh
# writers.sh [BUILD [MARKS]]: concurrent writers (bench/writers) at 8, 32 and
# 64 processes, each change its own transaction with its audit row, on
# SQLite (one file) and on PostgreSQL (a throwaway cluster from
# tests/lib-pg.sh, over its unix socket, fsync on), with the same demo
# image. Prints changes/s for each; every acknowledged change is checked
# and the audit chain verified after each run.
set -u
BUILD=${1:-build}
MARKS=${2:-250}
top=$(cd "$(dirname "$0")/.." && pwd)
QM="$top/$BUILD/quaymark"
W="$top/$BUILD/bench/writers"
. "$top/tests/lib-pg.sh"
pg_have || { echo "writers.sh: PostgreSQL is not installed" >&2; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/qmwriters.XXXXXX")
trap 'pg_stop; rm -rf "$out"' EXIT
"$QM" demo --generate "$out/demo" --scale 0.25 --seed 1 >/dev/null || exit 1
pg_start || exit 1
rc=0
for n in 8 32 64; do
	db="$out/w$n.db"
	"$QM" -d "$db" ingest --site demo "$out/demo" >/dev/null || exit 1
	printf 'SQLite      %s\n' "$("$W" "$db" 1 "$n" "$MARKS")" || rc=1
	pg_createdb "w$n"
	url=$(pg_url "$PG_OWNER" "w$n")
	"$QM" -d "$url" ingest --site demo "$out/demo" >/dev/null || exit 1
	printf 'PostgreSQL  %s\n' "$("$W" "$url" 1 "$n" "$MARKS")" || rc=1
done
exit $rc
