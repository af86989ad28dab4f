#!/bin/sh
# The monthly report on PostgreSQL (issue 17): bench/count.sh's database
# (1,000,000 marks on 20,000 images by default) copied into a throwaway
# cluster (tests/lib-pg.sh, its unix socket) with `quaymark db copy`, then
# `quaymark report` on it beside a bare SQL GROUP BY month count in psql
# over the same rows (target: <= 2x).
#   Usage: bench/count-pg.sh BUILD [IMAGES MARKS]
# The SQLite database is bench/count.sh's (bench/out/count-MARKS.db),
# built when missing (count_db, bench/lib.sh); the copy takes a few minutes.
# BASE=/path/to/an/older/quaymark also runs that build's report, in the
# same hyperfine run on the same copy (a before/after pair, one load),
# and checks that both reports' JSON is byte for byte the same.
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
BASE=${BASE:-}
if [ -n "$BASE" ]; then
	"$BASE" -d "$URL" report --format json > "$OUT/count-pg-base.json"
	"$QM" -d "$URL" report --format json > "$OUT/count-pg-report.json"
	cmp -s "$OUT/count-pg-base.json" "$OUT/count-pg-report.json" || {
		echo "count-pg.sh: the two builds' reports differ" >&2
		exit 1
	}
	echo "report --format json: the same bytes from both builds"
fi
# The floor of any report that sends the rows to C: the report's own
# sighting read (store/sighting.c, as PostgreSQL runs it: a binary COPY,
# JIT off) into psql, which throws the rows away.
SITE=$($PSQL -c "SELECT min(id) FROM site")
CLASSES=$($PSQL -c "SELECT string_agg(id::text, ',') FROM class WHERE name IN ('ship', 'container_stack')")
ROWS="COPY (SELECT s.image_id, s.class_id, s.cx, s.cy, s.name, s.track, s.count, s.kind, s.w, s.h, s.angle, s.status, s.mark_id FROM sighting s WHERE s.site_id = $SITE AND s.class_id IN ($CLASSES) AND (s.blind = 0 OR qm_sees((SELECT m.author FROM mark m WHERE m.id = s.mark_id))) ORDER BY s.acquired, s.image_id, s.mark_id) TO STDOUT (FORMAT binary)"
load0=$(cut -d' ' -f1 /proc/loadavg)
hyperfine -N -w 1 -r 10 --export-json "$OUT/count-pg.json" \
    ${BASE:+-n base "$BASE -d $URL report"} \
    -n report "$QM -d $URL report" \
    -n "sql group by" "$PSQL -c '$SQL'" \
    -n "rows to psql" "$PSQL -o /dev/null -c 'SET jit = off' -c '$ROWS'" \
    >/dev/null 2>&1 || exit 1
need "apt-get install time" /usr/bin/time
for q in ${BASE:+"$BASE"} "$QM"; do
	/usr/bin/time -f "peak %M kB resident: $q" "$q" -d "$URL" report \
	    >/dev/null
done
python3 - "$OUT/count-pg.json" "$MARKS" "$IMAGES" "$load0" <<'PY'
import json, os, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
marks, images = int(sys.argv[2]), int(sys.argv[3])
def ms(k): return r[k]["median"] * 1000
def cpu(k): return (r[k]["user"] + r[k]["system"]) * 1000
q, s = ms("report"), ms("sql group by")
if "base" in r:
    print("base build: %.0f ms (client CPU %.0f): %.2fx" % (ms("base"),
          cpu("base"), ms("base") / s))
print("PostgreSQL: monthly report, %s marks on %s images (load %s before, "
      "%.1f after): %.0f ms (client CPU %.0f); bare SQL GROUP BY in psql "
      "%.0f ms: %.2fx (target <= 2)" % (format(marks, ","),
      format(images, ","), sys.argv[4], os.getloadavg()[0], q,
      cpu("report"), s, q / s))
print("the report's 1,000,000 rows sent to psql (binary COPY, as the "
      "report reads them): %.0f ms: %.2fx the GROUP BY, the floor of "
      "counting them in C" % (ms("rows to psql"), ms("rows to psql") / s))
sys.exit(0 if q / s <= 2 else 1)
PY
