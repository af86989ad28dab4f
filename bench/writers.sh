#!/bin/sh
# writers.sh [BUILD [MARKS]]: concurrent writers (bench/writers) at 8, 32 and
# 64 processes, each change its own transaction with its audit row, on
# SQLite (one file) and on PostgreSQL (a throwaway cluster from
# tests/lib-pg.sh, over its unix socket, fsync on), with the same demo
# image. Prints changes/s for each, beside bare SQLite and, for
# PostgreSQL, bare libpq writers taking turns under a lock held over each
# commit's flush (the ceiling before early lock release, which the store
# now passes) and free (what group commit gives when commits need not
# take turns); every acknowledged
# change is checked and the audit chain verified after each run.
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
# the durability each side has: SQLite's store opens WAL, synchronous=FULL
# (an fsync of the WAL at every commit); the server's settings as they are
echo "load before: $(uptime | sed 's/.*load average: //')"
echo "SQLite: journal_mode=WAL synchronous=FULL; PostgreSQL: $("$PG_BIN/psql" -X -A -t \
    -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -c "SELECT 'fsync=' ||
    current_setting('fsync') || ' synchronous_commit=' ||
    current_setting('synchronous_commit') || ' wal_sync_method=' ||
    current_setting('wal_sync_method')")"
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
echo "load after: $(uptime | sed 's/.*load average: //')"
exit $rc
