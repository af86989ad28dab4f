#!/bin/sh
# Commands that never read pixels do not load GDAL: their whole-process
# time, beside the GDAL floor (a program that links libgdal and exits).
#   Usage: bench/startup.sh BUILD
. "$(dirname "$0")/lib.sh"
need "apt-get install hyperfine python3" hyperfine cc pkg-config python3
cc -O2 -o "$OUT/gdalfloor" "$top/bench/floor/gdalfloor.c" \
    $(pkg-config --cflags --libs gdal)
DB="$OUT/startup.db"
rm -f "$DB"
"$QM" -d "$DB" class add barge >/dev/null
hyperfine -N -w 3 -r 30 --export-json "$OUT/startup.json" \
    -n floor "$OUT/gdalfloor" \
    -n "class list" "$QM -d $DB class list" \
    -n "marks" "$QM -d $DB marks --format json" >/dev/null 2>&1
python3 - "$OUT/startup.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
print("start-up without pixels: class list %.1f ms, marks %.1f ms; "
      "a program that links GDAL: %.0f ms" % (r["class list"], r["marks"], r["floor"]))
sys.exit(0 if r["marks"] < r["floor"] / 4 else 1)
PY
