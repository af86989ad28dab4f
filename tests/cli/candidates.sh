#!/bin/sh
# quaymark candidates on the demo port: recall of the truth ships and
# stacks on the clear images (>= 90 % with a candidate of IoU >= 0.5),
# precision at least 85 % (it was 69 % before fragments, strips of quay
# and overlapping duplicates were taken out); the quay limit; marks hiding what they cover; the
# formats; bad input named in one line.
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
D=$(demo_dir)
DB=$(demo_db)

run python3 "$top/bench/candidates-recall.py" "$QM" "$DB" "$D" 0.5 0.85
ok "recall of the demo truth on clear images at least 90 %, precision at least 85 %"
echo "$OUT" | sed "s/^/  [$NAME] /"
has "precision reported" "$OUT" "precision:"
has "precision per class" "$OUT" "container_stack: recall"

img=$("$QM" -d "$DB" images --quality clear --format csv | awk -F, 'NR == 2 { print $1 }')
[ -n "$img" ] || fail "no clear image in the demo"
run "$QM" -d "$DB" candidates --image "$img" --format json
ok "candidates json"
n=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -gt 0 ] || fail "no candidates on a clear demo image"
CHECKS=$((CHECKS + 1))
printf '%s' "$OUT" | python3 -c '
import json, sys
c = json.load(sys.stdin)
for i, x in enumerate(c):
    assert x["id"] == i + 1, x
    assert x["w"] > 0 and x["h"] > 0, x
    assert 0 <= x["cx"] < 400 and 0 <= x["cy"] < 250, x
    assert 0 <= x["score"] <= 1, x
    assert x["reason"] and all(r in ("bright", "dark", "changed") for r in x["reason"].split("+")), x
' || fail "candidate fields out of range"
CHECKS=$((CHECKS + 1))

run "$QM" -d "$DB" candidates --image "$img"
ok "candidates table"
has "table header" "$OUT" "ID  CX"
run "$QM" -d "$DB" candidates --image "$img" --format csv
ok "candidates csv"
has "csv header" "$OUT" "id,cx,cy,w,h,angle,score,reason"

# Only inside the quay asked for (Arms quay: x 50..175 at this scale).
run "$QM" -d "$DB" candidates --image "$img" --quay "Arms quay" --format csv
ok "candidates --quay"
bad=$(echo "$OUT" | awk -F, 'NR > 1 && ($2 < 50 || $2 > 175 || $3 < 75 || $3 > 114)')
eq "every --quay candidate in the quay" "$bad" ""

# A mark over the first candidate hides it; the others stay.
first=$("$QM" -d "$DB" candidates --image "$img" --format csv | awk -F, 'NR == 2')
before=$("$QM" -d "$DB" candidates --image "$img" --format csv | tail -n +2 | wc -l)
cx=$(echo "$first" | cut -d, -f2)
cy=$(echo "$first" | cut -d, -f3)
w=$(echo "$first" | cut -d, -f4)
h=$(echo "$first" | cut -d, -f5)
a=$(echo "$first" | cut -d, -f6)
run "$QM" -d "$DB" mark add --image "$img" --class ship \
    --rbox "$cx,$cy,$w,$h,$a"
ok "mark over the first candidate"
after=$("$QM" -d "$DB" candidates --image "$img" --format csv | tail -n +2 | wc -l)
eq "a mark hides the candidate it covers" "$after" "$((before - 1))"
run "$QM" -d "$DB" candidates --image "$img" --format csv
hasnt "the hidden candidate is gone" "$OUT" ",$cx,$cy,$w,$h,"

# Bad input: one line naming the option and the reason.
run "$QM" -d "$DB" candidates
nok "no --image" 2
has "no --image says so" "$ERR" "give --image ID"
run "$QM" -d "$DB" candidates --image abc
nok "--image abc" 2
has "bad id named" "$ERR" "--image: \"abc\" is not an image id"
run "$QM" -d "$DB" candidates --image 99999
nok "unknown image" 1
one_line "unknown image: one line" "$ERR"
run "$QM" -d "$DB" candidates --image "$img" --quay "Nowhere"
nok "unknown quay" 1
has "unknown quay named" "$ERR" "--quay: no quay \"Nowhere\""
one_line "unknown quay: one line" "$ERR"
run "$QM" -d "$DB" candidates --image "$img" --format xml
nok "bad format" 2
has "bad format named" "$ERR" "--format: \"xml\""
finish
