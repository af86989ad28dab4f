#!/bin/sh
# marks from the command line: add, set, rm, verdicts, listing formats,
# stale versions, and the interchange CSV round trip.
. "$(dirname "$0")/../lib.sh"

DB=$(demo_db)
S="Rajin (demo)"
run "$QM" -d "$DB" mark add --site "$S" --date 2025-01-14 --class ship \
    --rbox 82.5,104,37.5,5.5,1.5 --name Angara
ok "mark add rbox"
SHIP=$OUT
run "$QM" -d "$DB" mark add --site "$S" --date 2025-01-14 \
    --class container_stack --box 50,80,70,90 --count 24 --state loaded
ok "mark add box"
STACK=$OUT
run "$QM" -d "$DB" mark add --site "$S" --date 2025-01-14 --class vehicle \
    --at 10,10 --note 'crane?'
ok "mark add point"
run "$QM" -d "$DB" marks --format json
ok "marks json"
printf '%s' "$OUT" | python3 -c '
import json, sys
m = json.load(sys.stdin)
assert len(m) == 3, m
for k in ("id", "image_id", "date", "class", "author", "status", "version",
          "cx", "cy", "w", "h", "angle", "name", "count", "state", "note",
          "track", "kind", "quay"):
    assert all(k in x for x in m), k
s = [x for x in m if x["name"] == "Angara"][0]
assert s["kind"] == "rbox" and s["angle"] == 1.5 and s["w"] == 37.5, s
assert s["quay"] == "Arms quay", s
b = [x for x in m if x["class"] == "container_stack"][0]
assert b["cx"] == 60 and b["w"] == 20 and b["count"] == 24, b
assert b["state"] == "loaded" and b["status"] == "pending", b
' || fail "marks json content"

run "$QM" -d "$DB" mark set "$SHIP" name="Lady R" count=1 rbox=83,104,37.5,5.5,-2
ok "mark set"
has "new version" "$OUT" "$SHIP version 2"
run "$QM" -d "$DB" mark set --if-version 1 "$SHIP" note=stale
nok "stale version refused" 1
has "stale reason" "$ERR" "was changed by"
run "$QM" -d "$DB" mark set "$SHIP" colour=red
nok "unknown key" 2
has "unknown key named" "$ERR" "unknown key \"colour\""
run "$QM" -d "$DB" mark set "$SHIP" count=-3
nok "negative count"
run "$QM" -d "$DB" mark add --image 1 --class ship --at 99999,1
nok "outside image" 1
has "outside reason" "$ERR" "is outside image 1"
run "$QM" -d "$DB" mark add --image 1 --class ship --box 1,2,3
nok "bad box" 2
has "bad box reason" "$ERR" "--box X0,Y0,X1,Y1: \"1,2,3\""
run "$QM" -d "$DB" mark add --site "$S" --date 2031-01-01 --class ship --at 1,1
nok "no image that day" 1
has "no image reason" "$ERR" "no image of this site on 2031-01-01"

run "$QM" -d "$DB" mark rm "$STACK"
ok "mark rm"
run "$QM" -d "$DB" marks --format csv
hasnt "deleted mark gone from listing" "$OUT" "container_stack"
run "$QM" -d "$DB" mark rm "$STACK"
nok "rm twice" 1
has "rm twice reason" "$ERR" "was deleted by"

run "$QM" -d "$DB" quality 1 2 cloudy
ok "quality verdict"
run "$QM" -d "$DB" images --format csv
has "verdict stored" "$(printf '%s\n' "$OUT" | grep '^1,')" ",cloudy,"
run "$QM" -d "$DB" quality 1 sunny
nok "bad verdict" 2

# Interchange CSV: export, import elsewhere, export again: same bytes.
D=$(demo_dir)
run "$QM" -d "$DB" import "$D/truth.csv"
ok "import truth"
"$QM" -d "$DB" marks --format csv > "$T/one.csv"
DB2=$(demo_db)
run "$QM" -d "$DB2" import "$T/one.csv"
ok "import the export"
"$QM" -d "$DB2" marks --format csv > "$T/two.csv"
cmp -s "$T/one.csv" "$T/two.csv" || fail "export-import-export differs"
eq "header" "$(head -1 "$T/one.csv")" "file,site,date,class,kind,cx,cy,width,height,angle,name,count,state,note,track,quay,author,status,reason"
run "$QM" -d "$DB2" import "$T/one.csv"
has "re-import adds nothing" "$OUT" "import: 0 added,"

printf 'file,class,kind,cx,cy\nrajin_20250114.tif,boat,point,1,1\n' > "$T/bad.csv"
run "$QM" -d "$DB2" import "$T/bad.csv"
nok "unknown class refused" 1
has "file:line reason" "$ERR" "bad.csv:2: unknown class \"boat\""
run "$QM" -d "$DB2" import --map boat=ship "$T/bad.csv"
ok "mapped class imports"
# the other listings speak the same three formats
run "$QM" -d "$DB" sites --format json
ok "sites json"
eq "sites json" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
print(s["site"], s["images"] > 0)')" "$S True"
run "$QM" -d "$DB" class list --format csv
eq "class list csv" "$(printf '%s\n' "$OUT" | sed -n '1p;2p')" \
    "$(printf 'id,class,colour,key\n1,ship,#ff5050,1')"
run "$QM" -d "$DB" quay list --site "$S" --format json
eq "quay list json" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
q = json.load(sys.stdin)[0]
print(q["quay"], q["crs"], q["polygon"].count(","))')" "Arms quay pixels 3"
run "$QM" -d "$DB" sites --format yaml
nok "sites yaml" 2
has "sites yaml: why" "$ERR" "not table, csv or json"
# getopt's own complaints name the whole command
run "$QM" -d "$DB" comment list --bogus
nok "unknown option" 2
has "unknown option names the command" "$ERR" "quaymark comment list: unrecognized option '--bogus'"
finish
