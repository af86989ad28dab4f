#!/bin/sh
# Marking faster (issue 18), through the real TUI replaying keys (tui
# --keys FILE --exit-after) and, for hint mode, in tmux as typed: carry
# forward from the last observed date leaving the source marks (approved,
# on an accepted image) untouched; a hand-drawn mark joining the track of
# the mark it overlaps on the last observed date.
. "$(dirname "$0")/../lib.sh"

BASE="$T/base.db"
"$QM" -d "$BASE" demo --scale 0.25 --seed 7 --labels none --no-open \
    >/dev/null || fail "demo database"
ids() { "$QM" -d "$T/a.db" images --format csv | tail -n +2 | cut -d, -f1; }
fresh() { cp "$BASE" "$T/a.db"; rm -f "$T/a.db-wal" "$T/a.db-shm"; }
play() {
	printf '%s' "$1" > "$T/keys"
	shift
	run "$QM" -d "$T/a.db" tui --keys "$T/keys" --exit-after \
	    --size 120x40 "$@"
}
message() { printf '%s\n' "$OUT" | sed -n 40p; }
mark() {	# mark ID FIELD: one field of a mark, from the JSON listing
	"$QM" -d "$T/a.db" marks --format json | python3 -c "
import json, sys
for m in json.load(sys.stdin):
    if m['id'] == $1:
        print(m['$2'])"
}

# Carry forward takes the last clear or partly cloudy date, says which,
# and leaves the source alone: approved, its version, its image accepted.
fresh
set -- $(ids)
I2=$2 I3=$3
run "$QM" -d "$T/a.db" mark add --image "$I2" --class ship \
    --rbox 200,125,40,10,0 --name Angara
ok "source mark"
src=$(echo "$OUT" | tail -1)
run "$QM" -d "$T/a.db" approve "$src"
ok "approve the source"
v0=$(mark "$src" version)
"$QM" -d "$T/a.db" quality "$I2" clear >/dev/null
"$QM" -d "$T/a.db" quality "$I3" cloudy >/dev/null
run "$QM" -d "$T/a.db" accept "$I2"
ok "accept the source image"
play 'g]]]P'
ok "carry forward over a cloudy date"
has "carry says which date" "$(message)" "carried 1 mark(s) from 2024-10-02"
eq "source still approved (carry_resets_approved)" "$(mark "$src" status)" \
    "approved"
eq "source version unchanged" "$(mark "$src" version)" "$v0"
eq "source has no track forced on it" "$(mark "$src" track)" "None"
n=$("$QM" -d "$T/a.db" marks --format csv | grep -c "Angara")
eq "one proposal carried" "$n" 2
run "$QM" -d "$T/a.db" images --format csv
has "source image still accepted" "$(echo "$OUT" | grep "^$I2,")" ",clear,"
play 'g]]]P'
has "carried marks are not carried twice" "$(message)" "carried 0 mark(s)"
play 'g]]P'
has "carry onto the cloudy date, from the clear one" "$(message)" "carried 1 mark(s) from 2024-10-02"

# Track join: a box drawn by hand over the last observed date's mark of
# its class takes its track and name; a cloudy date between does not
# matter; another class does not join.
fresh
"$QM" -d "$T/a.db" mark add --image "$I2" --class container_stack \
    --box 180,120,220,130 --track 77 --count 30 >/dev/null
"$QM" -d "$T/a.db" mark add --image "$I2" --class ship \
    --rbox 300,60,40,10,0 --name Maia-1 >/dev/null
"$QM" -d "$T/a.db" quality "$I2" clear >/dev/null
"$QM" -d "$T/a.db" quality "$I3" cloudy >/dev/null
cp "$T/a.db" "$T/join.db"
# each case from the same start (the TUI keeps each user's position)
again() { cp "$T/join.db" "$T/a.db"; rm -f "$T/a.db-wal" "$T/a.db-shm"; }
# at 1:1 the cursor is at the centre (200,125): a box 180..220 x 121..129
play 'g]]]ZHHkk2LLLLjjjj<Enter>'
ok "hand-drawn stack"
has "joined message" "$(message)" "joined track 77 from 2024-10-02"
new=$("$QM" -d "$T/a.db" marks --format csv | awk -F, 'NR > 1 && $15 == 77' | wc -l)
eq "the new stack is on track 77 (track_join_after_cloudy_gap)" "$new" 2
again
play 'g]]]ZHHkk1LLLLjjjj<Enter>'
hasnt "a ship over a stack joins nothing" "$(message)" "joined"
again
play "g]]]ZLLLLLLLL$(printf 'k%.0s' $(seq 35))1LLLLjjjj<Enter>"
has "a ship takes the name" "$(message)" "took the name Maia-1 from 2024-10-02"
eq "the named ship" "$("$QM" -d "$T/a.db" marks --format csv | grep -c Maia-1)" 2
finish
