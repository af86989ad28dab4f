#!/bin/sh
# The monthly report on PostgreSQL (issue 17): bench/count.sh's database
# (1,000,000 marks on 20,000 images by default) copied into a throwaway
# cluster (tests/lib-pg.sh, its unix socket) with `quaymark db copy`, then
# `quaymark report` on it beside a bare SQL GROUP BY month count in psql
# over the same rows (target: <= 2x).
#   Usage: bench/count-pg.sh BUILD [IMAGES MARKS]
# The SQLite database is bench/count.sh's (bench/out/count-MARKS.db),
# built when missing (count_db, bench/lib.sh); the copy takes a few minutes.
. "$(dirname "$0")/lib.sh"
need "apt-get install hyperfine python3" hyperfine python3
IMAGES=${2:-20000}
MARKS=${3:-1000000}
count_db "$IMAGES" "$MARKS"
. "$top/tests/lib-pg.sh"
pg_have || { echo "count-pg.sh: PostgreSQL is not installed" >&2; exit 2; }
pg_start || exit 1
pg_createdb count
URL=$(pg_url "$PG_OWNER" count)
t0=$(date +%s)
copied=$("$QM" db copy "$DB" "$URL") || exit 1
echo "$copied, in $(($(date +%s) - t0)) s"
"$PG_BIN/psql" -X -q -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d count \
    -c "VACUUM ANALYZE" >/dev/null
SQL="SELECT substr(i.acquired, 1, 7), count(*) FROM mark m JOIN image i ON i.id = m.image_id WHERE m.deleted = 0 GROUP BY 1"
PSQL="$PG_BIN/psql -X -q -A -t -h $PG_SOCK -p $PG_PORT -U $PG_OWNER -d count"
hyperfine -N -w 1 -r 10 --export-json "$OUT/count-pg.json" \
    -n report "$QM -d $URL report" \
    -n "sql group by" "$PSQL -c '$SQL'" >/dev/null 2>&1 || exit 1
need "apt-get install time" /usr/bin/time
/usr/bin/time -f "report: peak %M kB resident" "$QM" -d "$URL" report >/dev/null
python3 - "$OUT/count-pg.json" "$MARKS" "$IMAGES" <<'PY'
import json, os, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
marks, images = int(sys.argv[2]), int(sys.argv[3])
def ms(k): return r[k]["median"] * 1000
def cpu(k): return (r[k]["user"] + r[k]["system"]) * 1000
q, s = ms("report"), ms("sql group by")
print("PostgreSQL: monthly report, %s marks on %s images (load %.1f): "
      "%.0f ms (client CPU %.0f); bare SQL GROUP BY in psql %.0f ms: "
      "%.2fx (target <= 2)" % (format(marks, ","), format(images, ","),
      os.getloadavg()[0], q, cpu("report"), s, q / s))
sys.exit(0 if q / s <= 2 else 1)
PY
