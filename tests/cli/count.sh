#!/bin/sh
# The count engine against the demo port's truth: with the truth labels and
# verdicts imported, calls, stacks and the monthly report must be exactly
# the truth. Then the report's formats, chart and options.
. "$(dirname "$0")/../lib.sh"

D=$(demo_dir)
DB="$T/c.db"
run "$QM" -d "$DB" demo --generate "$D" --scale 0.25 --seed 7
# (re)generating in place is idempotent: same seed, same bytes
ok "demo generate in place"
run "$QM" -d "$DB" ingest --site "Rajin (demo)" "$D"
ok "ingest demo"
tail -n +2 "$D/quays.csv" | while IFS= read -r line; do
	name=$(printf '%s' "$line" | cut -d, -f1)
	poly=$(printf '%s' "$line" | sed 's/^[^,]*,//; s/"//g')
	"$QM" -d "$DB" quay add --site "Rajin (demo)" --polygon "$poly" "$name" >/dev/null
done
run "$QM" -d "$DB" import "$D/truth.csv"
ok "import truth"
# verdicts from quality.csv
tail -n +2 "$D/quality.csv" | while IFS=, read -r file date q; do
	id=$("$QM" -d "$DB" images --format csv | grep ",$D/$file," | cut -d, -f1)
	[ -n "$id" ] && "$QM" -d "$DB" quality "$id" "$q"
done

"$QM" -d "$DB" calls --format csv > "$T/calls.csv"
"$QM" -d "$DB" stacks --format csv > "$T/stacks.csv"
"$QM" -d "$DB" report --quay "Arms quay" --format json > "$T/report.json"
python3 - "$D" "$T" <<'PY' || fail "engine differs from the demo truth"
import csv, json, sys
d, t = sys.argv[1], sys.argv[2]
truth = {(r["identity"], r["quay"], r["arrival"]): r
         for r in csv.DictReader(open(d + "/calls.csv"))}
got = {(r["identity"], r["quay"], r["arrival"]): r
       for r in csv.DictReader(open(t + "/calls.csv"))}
assert set(truth) == set(got), (set(truth) ^ set(got))
for k, r in truth.items():
    assert got[k]["departure"] == r["departure"], (k, got[k], r)
    assert int(got[k]["sightings"]) == int(r["sightings"]), (k, got[k], r)
calls_by_track = {r["track"]: r for r in truth.values()}
# a stack hidden by clouds for over 7 days is two (same track)
ts = {(r["track"], r["first"]): r for r in csv.DictReader(open(d + "/stacks.csv"))}
gs = {(r["stack"].split()[-1], r["first"]): r
      for r in csv.DictReader(open(t + "/stacks.csv"))}
assert set(ts) == set(gs), set(ts) ^ set(gs)
for k, r in ts.items():
    g = gs[k]
    assert (g["quay"], g["first"], g["last"], g["containers"]) == \
        (r["quay"], r["first"], r["last"], r["count"]), (k, g, r)
    assert abs(float(g["dwell_min_days"]) - int(r["dwell_days"])) < 0.1, (g, r)
    import datetime
    if r["call_track"] and r["call_track"] in calls_by_track:
        c = calls_by_track[r["call_track"]]
        day = lambda s: datetime.date.fromisoformat(s)
        if g["call_arrival"]:
            assert g["call_arrival"] == c["arrival"], (k, g, c)
        else:   # clouds hid the stack past the 3-day window: not knowable
            assert (day(r["first"]) - day(c["departure"])).days > 3, (k, g, c)
    else:
        assert g["call_arrival"] == "" or r["call_track"], (k, g, r)
rep = json.load(open(t + "/report.json"))
arms = {p["period"]: p for p in rep["periods"]}
want = {}
for r in truth.values():
    if r["quay"] == "Arms quay":
        want[r["arrival"][:7]] = want.get(r["arrival"][:7], 0) + 1
for m, n in want.items():
    assert arms[m]["calls"] == n, (m, arms[m]["calls"], n)
for m in ("2024-10", "2024-11", "2024-12"):
    assert arms[m]["calls"] >= 3
assert arms["2025-01"]["calls"] == 1
assert arms["2025-01"]["vessels"] == ["Angara"]
for k in ("period", "quay", "class", "calls", "vessels", "observed_days",
          "unreviewed_images", "expected", "change", "p_value", "verdict"):
    assert all(k in p for p in rep["periods"]), k
jan = arms["2025-01"]
assert jan["verdict"] in ("no change", "insufficient imagery"), jan
dec = [r for r in truth.values() if r["quay"] == "Arms quay" and r["arrival"][:7] == "2024-12"]
assert max(r["arrival"] for r in dec) == "2024-12-21"
assert [r["arrival"] for r in truth.values() if r["quay"] == "Arms quay" and r["arrival"][:7] == "2025-01"] == ["2025-01-14"]
PY
CHECKS=$((CHECKS + 1))

run "$QM" -d "$DB" calls --quay "Arms quay" --from 2025-01 --to 2025-01
ok "calls in January"
has "January call" "$OUT" "Angara    Arms quay  2025-01-14"
run "$QM" -d "$DB" report --quay "Arms quay" --by week --format csv
ok "weekly csv"
has "week labels" "$OUT" "2025-W03"
run "$QM" -d "$DB" report --plot "$T/chart.png"
ok "report --plot"
eq "chart is a PNG" "$(head -c 4 "$T/chart.png" | tail -c 3)" "PNG"
# Regression (calls and stacks ignored --from/--to): a call is listed in
# the period of its arrival, a stack in that of its appearance.
"$QM" -d "$DB" calls --from 2025-01 --to 2025-01 --format csv > "$T/jan.calls"
eq "calls --from/--to: January's arrivals only" \
    "$(tail -n +2 "$T/jan.calls" | cut -d, -f3 | cut -c1-7 | sort -u)" "2025-01"
eq "calls --from/--to: all of them" "$(tail -n +2 "$T/jan.calls" | wc -l)" \
    "$(grep -c ',2025-01-..,2025-' "$D/calls.csv")"
"$QM" -d "$DB" stacks --from 2024-12-05 --to 2025-01-20 --format csv > "$T/s.stacks"
eq "stacks --from/--to: whole months around the dates" \
    "$(tail -n +2 "$T/s.stacks" | wc -l)" \
    "$(grep -c ',\(2024-12\|2025-01\)-..,20' "$D/stacks.csv")"
run "$QM" -d "$DB" report --format json
python3 - "$OUT" <<'PY' || fail "report: unassigned, warnings or rate ratio"
import json, sys
r = json.loads(sys.argv[1])
assert r["unassigned_sightings"] == 0, r["unassigned_sightings"]
assert r["warnings"] == [], r["warnings"]
ps = [p for p in r["periods"] if p["p_value"] is not None]
assert ps
for p in ps:
    assert p["rate_ratio_low"] is not None and p["baseline_days"] > 0, p
    if p["rate_ratio"] is not None and p["rate_ratio_high"] is not None:
        assert p["rate_ratio_low"] <= p["rate_ratio"] <= p["rate_ratio_high"], p
PY
CHECKS=$((CHECKS + 1))
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01 --to 2025-01
has "table: rate ratio column" "$OUT" "RATIO (95% CI)"

# Unreviewed images make counts a lower bound.
id=$("$QM" -d "$DB" images --from 2025-01-14 --to 2025-01-14 --format csv | tail -1 | cut -d, -f1)
"$QM" -d "$DB" quality "$id" unreviewed
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01 --to 2025-01
has "at least" "$OUT" ">=0"
run "$QM" -d "$DB" report --status approved --quay "Arms quay" --format json
ok "approved only"

# Regression (--status approved split calls): a mark sent back to pending
# in the middle of a stay is unknown, not an observation without the ship.
mid=$("$QM" -d "$DB" marks --format json | python3 -c '
import collections, json, sys
by = collections.defaultdict(list)
for m in json.load(sys.stdin):
    if m["class"] == "ship" and m["name"]:
        by[m["track"]].append(m)
for t, ms in sorted(by.items()):
    if len(ms) >= 3:
        ms.sort(key=lambda m: m["date"])
        print(ms[1]["id"])
        break')
[ -n "$mid" ] || fail "no call with three sightings"
run "$QM" -d "$DB" unreview "$mid"
ok "a mark back to pending"
eq "approved-only calls as many as all calls" \
    "$("$QM" -d "$DB" calls --status approved --format csv | wc -l)" \
    "$("$QM" -d "$DB" calls --format csv | wc -l)"

# Regression (a ship marked only on cloudy images vanished silently): the
# report says which marks it could not use.
img=$("$QM" -d "$DB" marks --format json | python3 -c '
import csv, json, sys
one = [r["track"] for r in csv.DictReader(open(sys.argv[1] + "/calls.csv"))
       if r["sightings"] == "1"]
print([m for m in json.load(sys.stdin) if m["class"] == "ship" and
       str(m["track"]) in one][0]["image_id"])' "$D")
"$QM" -d "$DB" quality "$img" cloudy >/dev/null
run "$QM" -d "$DB" report
has "warnings footer" "$OUT" "warning"
has "warnings footer: why" "$OUT" "image is cloudy: not counted"
run "$QM" -d "$DB" report --format json
has "warnings in JSON" "$OUT" '"kind": "not observed"'
run "$QM" -d "$DB" report --format csv
has "warnings: CSV says so on stderr" "$ERR" "warning"
run "$QM" -d "$DB" report --by fortnight
nok "bad --by" 2
run "$QM" -d "$DB" report --quay Nowhere
nok "unknown quay" 1
has "unknown quay reason" "$ERR" "--quay: no quay \"Nowhere\""
run "$QM" -d "$DB" report --iou 7
nok "bad iou" 2
run "$QM" -d "$T/empty.db" class add x
run "$QM" -d "$T/empty.db" report
nok "no sites" 1
finish
