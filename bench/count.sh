#!/bin/sh
# Count engine: a full monthly report over 1,000,000 marks on 20,000
# images (target under 1 s, and within 2x of a bare SQL GROUP BY month
# count in the sqlite3 shell over the same database, side by side), and
# the live update after one mark on the demo port (target under 50 ms).
#   Usage: bench/count.sh BUILD
. "$(dirname "$0")/lib.sh"
need "apt-get install hyperfine sqlite3 python3" hyperfine sqlite3 python3
DB="$OUT/count-1m.db"
if [ ! -f "$DB" ]; then
	echo "building $DB (a few minutes, once)" >&2
	"$top/$BUILD/bench/count-db" "$DB" 20000 1000000
fi
SQL="SELECT substr(i.acquired, 1, 7), count(*) FROM mark m JOIN image i ON i.id = m.image_id WHERE m.deleted = 0 GROUP BY 1"
hyperfine -N -w 2 -r 10 --export-json "$OUT/count.json" \
    -n report "$QM -d $DB report" \
    -n "sql group by" "sqlite3 $DB '$SQL'" >/dev/null 2>&1
python3 - "$OUT/count.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
q, s = r["report"], r["sql group by"]
print("monthly report, 1,000,000 marks on 20,000 images: %.0f ms (target < 1000); "
      "bare SQL GROUP BY %.0f ms: %.2fx (target <= 2)" % (q, s, q / s))
sys.exit(0 if q < 1000 and q / s <= 2 else 1)
PY
export QUAYMARK_CACHE="$OUT/cache"
LIVE="$OUT/live.db"
rm -f "$LIVE"*
"$QM" -d "$LIVE" demo --labels all --no-open >/dev/null
id=$("$QM" -d "$LIVE" images --format csv | sed -n 40p | cut -d, -f1)
"$top/$BUILD/bench/count-live" "$LIVE" "Rajin (demo)" "$id"
