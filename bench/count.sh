#!/bin/sh
# Count engine: a full monthly report over the bench database beside a
# bare SQL GROUP BY month count in the sqlite3 shell over the same
# database, and the report read from the marks themselves
# (QUAYMARK_COUNT_FROM=marks, what it did before the sighting summary of
# schema 6); then the live update after one mark (count/live.c, what the
# TUI's report view does) on the demo port and on the bench database.
#   Usage: bench/count.sh BUILD [IMAGES MARKS]
# Defaults 20,000 images and 1,000,000 marks (targets: < 1 s, <= 2x the
# GROUP BY); with 200000 10000000 the issue's scale (targets: < 5 s,
# <= 2x). The database is made once (bench/out/count-MARKS.db: 1M marks
# take about 0.7 GB and 1.5 minutes, 10M about 7 GB and 15 minutes).
. "$(dirname "$0")/lib.sh"
need "apt-get install hyperfine sqlite3 python3" hyperfine sqlite3 python3
IMAGES=${2:-20000}
MARKS=${3:-1000000}
count_db "$IMAGES" "$MARKS"
need "apt-get install time" /usr/bin/time
# an older database is brought to schema 6 (the summary filled) first
/usr/bin/time -f "opening $DB (brought to schema 6 when older): %e s, peak %M kB" \
    "$QM" -d "$DB" sites >/dev/null
runs=10
[ "$MARKS" -gt 2000000 ] && runs=3
SQL="SELECT substr(i.acquired, 1, 7), count(*) FROM mark m JOIN image i ON i.id = m.image_id WHERE m.deleted = 0 GROUP BY 1"
hyperfine -N -w 1 -r "$runs" --export-json "$OUT/count.json" \
    -n report "$QM -d $DB report" \
    -n "report from marks" "env QUAYMARK_COUNT_FROM=marks $QM -d $DB report" \
    -n "sql group by" "sqlite3 $DB '$SQL'" >/dev/null 2>&1
/usr/bin/time -f "report: peak %M kB resident" "$QM" -d "$DB" report >/dev/null
rc=0
python3 - "$OUT/count.json" "$MARKS" "$IMAGES" <<'PY' || rc=1
import json, os, sys
res = json.load(open(sys.argv[1]))["results"]
r = {x["command"]: x for x in res}
marks, images = int(sys.argv[2]), int(sys.argv[3])
limit = 1000 if marks <= 1000000 else 5000
def ms(k): return r[k]["median"] * 1000
def cpu(k): return (r[k]["user"] + r[k]["system"]) * 1000
q, m, s = ms("report"), ms("report from marks"), ms("sql group by")
# CPU too: on a shared machine it is what an idle one's wall time follows
print("monthly report, %s marks on %s images (load %.1f): %.0f ms "
      "(CPU %.0f; target < %d); from the marks %.0f ms (CPU %.0f); "
      "bare SQL GROUP BY %.0f ms (CPU %.0f): %.2fx, in CPU %.2fx "
      "(target <= 2)" %
      (format(marks, ","), format(images, ","), os.getloadavg()[0], q,
       cpu("report"), limit, m, cpu("report from marks"), s,
       cpu("sql group by"), q / s, cpu("report") / cpu("sql group by")))
sys.exit(0 if q < limit and q / s <= 2 else 1)
PY
export QUAYMARK_CACHE="$OUT/cache"
LIVE="$OUT/live.db"
rm -f "$LIVE"*
"$QM" -d "$LIVE" demo --labels all --no-open >/dev/null
id=$("$QM" -d "$LIVE" images --format csv | sed -n 40p | cut -d, -f1)
printf "demo port: "
"$top/$BUILD/bench/count-live" "$LIVE" "Rajin (demo)" "$id" || rc=1
# An image the bench made clear (count-db.c: i % 7 == 3 is cloudy, and
# i % 11 == 5 unreviewed), half way through; it adds and deletes marks.
id=$((IMAGES / 2 + 1))
while [ $(((id - 1) % 7)) = 3 ] || [ $(((id - 1) % 11)) = 5 ]; do
	id=$((id + 1))
done
printf "bench database, %s marks: " "$MARKS"
"$top/$BUILD/bench/count-live" "$DB" bench "$id" || rc=1
exit $rc
