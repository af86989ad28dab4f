#!/bin/sh
# Blind images keep each analyst's marks from the others on every path
# out, not only the listing: exports, the count engine's sightings (calls
# and report) and the TUI's name completion. Two operating-system
# accounts mark the same blind images; each must never see the other's
# ship, by name or as a count; the supervisor sees both.
. "$(dirname "$0")/../lib.sh"

accounts qmana1 qmana2 || finish
DB="$SHARE/b.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
chmod 666 "$DB"
run "$QM" -d "$DB" user add qmana1 qmana2 --role analyst
ok "analysts"
# two clear December dates, blind, for both analysts
I1=$("$QM" -d "$DB" images --from 2024-12-13 --to 2024-12-13 --format csv |
    sed -n 2p | cut -d, -f1)
I2=$("$QM" -d "$DB" images --from 2024-12-15 --to 2024-12-15 --format csv |
    sed -n 2p | cut -d, -f1)
[ -n "$I1" ] && [ -n "$I2" ] || fail "the demo has no 2024-12-13 and -15"
"$QM" -d "$DB" quality "$I1" clear && "$QM" -d "$DB" quality "$I2" clear
run "$QM" -d "$DB" assign --analysts qmana1,qmana2 --blind "$I1" "$I2"
ok "blind assignment"
# in the arms quay, both dates: a call each
for i in "$I1" "$I2"; do
	run_as qmana1 -d "$DB" mark add --image "$i" --class ship \
	    --rbox 100,100,30,6,0 --name Secret
	ok "qmana1 marks"
	run_as qmana2 -d "$DB" mark add --image "$i" --class ship \
	    --rbox 120,95,30,6,0 --name Mine
	ok "qmana2 marks"
done

# Exports: a CSV to standard output, and a COCO folder
run_as qmana2 -d "$DB" export --format csv --quality all -
ok "qmana2 exports CSV"
has "export: one's own ship" "$OUT" "Mine"
hasnt "export: not the other's" "$OUT" "Secret"
eq "export: two marks" "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" 2
run_as qmana2 -d "$DB" export --format coco --quality all --images none \
    "$SHARE/coco2"
ok "qmana2 exports COCO"
CHECKS=$((CHECKS + 1))
python3 - "$SHARE/coco2/annotations.json" <<'PY' || fail "COCO export shows the other analyst's marks"
import json, sys
d = json.load(open(sys.argv[1]))
names = sorted(a["attributes"].get("name", "") for a in d["annotations"])
sys.exit(names != ["Mine", "Mine"])
PY

# The count engine: calls and the report
run_as qmana2 -d "$DB" calls --status all --format csv
ok "qmana2 calls"
has "calls: one's own ship called" "$OUT" "Mine"
hasnt "calls: not the other's" "$OUT" "Secret"
eq "calls: one call" "$(printf '%s\n' "$OUT" | tail -n +2 | grep -c .)" 1
run_as qmana2 -d "$DB" report --status all --from 2024-12 --to 2024-12 \
    --quay "Arms quay" --format csv
ok "qmana2 report"
has "report: one's own vessel" "$OUT" "Mine"
hasnt "report: not the other's" "$OUT" "Secret"
has "report: one call, not two" "$(printf '%s\n' "$OUT" | sed -n 2p)" \
    "2024-12,Arms quay,ship,1,"
# the supervisor (root, who made the database) sees both
run "$QM" -d "$DB" calls --status all --format csv
has "supervisor: both calls" "$OUT" "Secret"
has "supervisor: and the other" "$OUT" "Mine"

# TUI name completion: "Se" then Tab completes only from names one may
# see. qmana1 gets "Secret" (completion works), qmana2 keeps "Se".
printf ':goto 2024-12-13<Enter><Tab>e<BS><BS><BS><BS><BS><BS>Se<Tab><Enter>' \
    > "$SHARE/keys"
chmod 644 "$SHARE/keys"
run_as qmana1 -d "$DB" tui --keys "$SHARE/keys" --size 120x40
ok "qmana1 edits a name in the TUI"
run_as qmana1 -d "$DB" marks --image "$I1" --format csv
has "qmana1: Se + Tab completes to her own Secret" "$OUT" ",ship,rbox,100,100"
has "qmana1: the name completed" "$(printf '%s\n' "$OUT" | grep ',100,100,')" \
    ",Secret,"
run_as qmana2 -d "$DB" tui --keys "$SHARE/keys" --size 120x40
ok "qmana2 edits a name in the TUI"
run_as qmana2 -d "$DB" marks --image "$I1" --format csv
has "qmana2: the mark edited" "$OUT" ",ship,rbox,120,95"
has "qmana2: Se + Tab is not completed from the other's Secret" \
    "$(printf '%s\n' "$OUT" | grep ',120,95,')" ",Se,"
finish
