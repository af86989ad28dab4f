#!/bin/sh
# Many analysts, one database: a change made by another process shows up
# on the screen within a second, and an edit of a mark someone changed
# since it was loaded is refused with the fresh version shown.
. "$(dirname "$0")/../lib.sh"

DB="$T/m.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)

tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "starts" "| 1/$N |"
see "no marks yet" "MARKS (0)"

# another analyst (another process) adds a ship on the image on screen
ID=$("$QM" -d "$DB" mark add --image "$IMG" --class ship --at 100,100 \
    --name Lady_R)
# within a second (the poll is every half second)
see "the other's mark appears" "MARKS (1)" 12
see "with its name" "Lady_R"

# a stale edit: open the form, the mark changes underneath, save
tm_keys Tab
see "selected" "#$ID v1"
tm_keys e
see "form open" "edit: Tab next field"
run "$QM" -d "$DB" mark set "$ID" name=Angara
ok "the other analyst renames it"
# wait for the poll to have seen it, so the refusal is not a timing race
sleep 1.2
tm_keys C-u Mine Enter
see "refused" "was changed by"
see "says the versions" "now version 2, you had 1"
see "the fresh one shown" "name Angara"
run "$QM" -d "$DB" marks --format csv
has "the store keeps the other's change" "$OUT" "Angara"
hasnt "ours was not written" "$OUT" "Mine"

# a deletion by the other shows up too
run "$QM" -d "$DB" mark rm "$ID"
ok "the other deletes it"
see "the deletion appears" "MARKS (0)" 12

tm_keys q
see "quit" "qm\$"
tm_stop
finish
