#!/bin/sh
# Two analysts' marks and verdicts on images worked out by hand: matching
# (IoU for boxes, distance for points), precision/recall/F1, mean IoU,
# count differences, per-image counts, and Cohen's kappa on verdicts.
. "$(dirname "$0")/../lib.sh"

accounts qmana1 qmana2 || finish
DB="$SHARE/a.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
chmod 666 "$DB"
"$QM" -d "$DB" user add qmana1 qmana2 --role analyst
img() { "$QM" -d "$DB" images --format csv | sed -n "$(($1 + 1))p" | cut -d, -f1; }
I1=$(img 1) I2=$(img 2) I3=$(img 3) I4=$(img 4)

# image 1: a ship both see (IoU 722/858), a stack both see with different
# counts, and a ship only qmana2 saw
as qmana1 -d "$DB" mark add --image "$I1" --class ship --box 100,100,140,120 >/dev/null
as qmana1 -d "$DB" mark add --image "$I1" --class container_stack --box 200,80,220,95 --count 12 >/dev/null
as qmana2 -d "$DB" mark add --image "$I1" --class ship --box 102,101,141,121 >/dev/null
as qmana2 -d "$DB" mark add --image "$I1" --class container_stack --box 200,80,220,95 --count 10 >/dev/null
as qmana2 -d "$DB" mark add --image "$I1" --class ship --box 300,200,320,210 >/dev/null
# image 2: two points 5 px apart
as qmana1 -d "$DB" mark add --image "$I2" --class ship --at 50,50 >/dev/null
as qmana2 -d "$DB" mark add --image "$I2" --class ship --at 53,54 >/dev/null
# image 3: a ship only qmana1 saw; qmana2 looked (gave a verdict)
as qmana1 -d "$DB" mark add --image "$I3" --class ship --box 10,10,30,20 >/dev/null
# image 4: only qmana1 worked on it: not compared
as qmana1 -d "$DB" mark add --image "$I4" --class ship --at 9,9 >/dev/null
# verdicts: agree, disagree, agree
as qmana1 -d "$DB" quality "$I1" clear
as qmana2 -d "$DB" quality "$I1" clear
as qmana1 -d "$DB" quality "$I2" clear
as qmana2 -d "$DB" quality "$I2" cloudy
as qmana1 -d "$DB" quality "$I3" partly_cloudy
as qmana2 -d "$DB" quality "$I3" partly_cloudy

run "$QM" -d "$DB" agreement --analysts qmana1,qmana2 --format json
ok "agreement"
printf '%s' "$OUT" > "$T/a.json"
python3 - "$T/a.json" <<'PY' || fail "agreement figures"
import json, sys
r = json.load(open(sys.argv[1]))
c = {x["class"]: x for x in r["classes"]}
def near(a, b): return abs(a - b) < 1e-3
s = c["ship"]
assert (s["a_marks"], s["b_marks"], s["matched"]) == (3, 3, 2), s
assert near(s["precision"], 2/3) and near(s["recall"], 2/3) and near(s["f1"], 2/3), s
assert near(s["mean_iou"], 722/858), s
k = c["container_stack"]
assert (k["matched"], k["precision"], k["recall"], k["mean_iou"]) == (1, 1, 1, 1), k
assert near(k["count_mad"], 2), k
assert r["images"] == 3, r                  # image 4 is qmana1's alone
assert r["images_same_count"] == 1, r
assert near(r["mean_count_difference"], 2/3), r
assert near(r["kappa"], 0.5) and r["kappa_images"] == 3, r
PY
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2
has "table: kappa line" "$OUT" "Cohen's kappa 0.500 over 3 image(s)"
has "table: ship row" "$OUT" "ship"
has "table: images line" "$OUT" "3 image(s) labelled by both qmana1 (reference) and qmana2"
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2 --iou 0.9 --format csv
has "a stricter IoU drops the ship pair" "$(printf '%s\n' "$OUT" | grep '^ship,')" "ship,3,3,1,"
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2 --dist 4 --format csv
has "a shorter distance drops the points" "$(printf '%s\n' "$OUT" | grep '^ship,')" "ship,3,3,1,"
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2 --per-image --format csv
eq "per image: three rows" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 3
has "per image: image 1" "$OUT" "$I1,"
has "per image: verdicts" "$OUT" ",clear,cloudy"
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2 --from 2031-01-01
ok "no images in range"
has "nothing compared" "$OUT" "0 image(s) labelled by both"
# Blind verdicts are each analyst's own, and kappa uses both (image 5:
# both clear): pairs cc, c-cloudy, pp, cc: po 3/4, pe 7/16, kappa 5/9
I5=$(img 5)
"$QM" -d "$DB" assign --analysts qmana1,qmana2 --blind "$I5"
as qmana1 -d "$DB" quality "$I5" clear
as qmana2 -d "$DB" quality "$I5" clear
run "$QM" -d "$DB" agreement --analysts qmana1,qmana2
has "kappa over blind verdicts" "$OUT" "Cohen's kappa 0.556 over 4 image(s)"
run_as qmana1 -d "$DB" agreement --analysts qmana1,qmana2
has "an analyst's kappa leaves out the other's blind verdict" "$OUT" "over 3 image(s)"
run "$QM" -d "$DB" reveal "$I5"
has "agreeing verdicts settle the image at reveal" "$ERR" "verdicts qmana1 clear, qmana2 clear; image is clear"
run "$QM" -d "$DB" agreement --analysts qmana1
nok "one analyst" 2
run "$QM" -d "$DB" agreement --analysts qmana1,qmana1
nok "the same analyst twice" 2
run "$QM" -d "$DB" agreement --analysts a,b --iou 2
nok "bad IoU" 2
finish
