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
# shellcheck disable=SC2046
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

# P selects the first proposal; a and x move on to the next: P a x.
fresh
"$QM" -d "$T/a.db" mark add --image "$I2" --class ship --rbox 100,60,30,8,0 \
    --name One >/dev/null
"$QM" -d "$T/a.db" mark add --image "$I2" --class ship --rbox 100,160,30,8,0 \
    --name Two >/dev/null
"$QM" -d "$T/a.db" quality "$I2" clear >/dev/null
play 'g]]]Pax'
ok "P a x"
"$QM" -d "$T/a.db" marks --format json > "$T/m.json"
eq "one confirmed, one dropped, none left to confirm" "$(python3 -c "
import json
m = [x for x in json.load(open('$T/m.json')) if x['image_id'] != $I2]
print(len(m), sum(1 for x in m if x['proposal']), m[0]['name'] if m else '')")" \
    "1 0 One"

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
# Hint mode on the demo: f labels the candidates, Esc leaves with nothing
# changed, 1 f s makes a candidate a ship with its fitted box, . takes
# the next one.
fresh
# shellcheck disable=SC2046
set -- $(ids)
play 'g]f'
ok "hint mode"
has "hint mode says how many" "$(message)" "candidate(s): type a label"
has "hint mode in the status line" "$(printf '%s\n' "$OUT" | sed -n 39p)" "| hint"
play 'g]f<Esc>'
has "Esc leaves hint mode" "$(message)" "hint mode left, nothing changed"
eq "Esc changed nothing" "$("$QM" -d "$T/a.db" marks --format csv | tail -n +2 | wc -l)" 0
# (the second label, s, is the upper of the image's two candidates, so
# . has one after it in reading order)
play 'g]1fs.'
ok "1 f s ."
eq "two marks from hints" "$("$QM" -d "$T/a.db" marks --format csv | tail -n +2 | wc -l)" 2
# each is a candidate's box as `quaymark candidates` gave it before
"$QM" -d "$T/a.db" marks --format csv | tail -n +2 | cut -d, -f4,6-10 > "$T/got"
cp "$BASE" "$T/b.db"
"$QM" -d "$T/b.db" candidates --image "$2" --format csv | tail -n +2 |
    awk -F, '{ printf "ship,%s,%s,%s,%s,%s\n", $2, $3, $4, $5, $6 }' > "$T/cands"
CHECKS=$((CHECKS + 1))
while IFS= read -r line; do
	grep -qxF "$line" "$T/cands" ||
	    fail "hint mark [$line] is no candidate of the image: $(cat "$T/cands")"
done < "$T/got"
has "the first hint mark is a ship" "$(head -1 "$T/got")" "ship,"
fresh
play 'g]1Fa'
has "1 F a opens the new mark's form" "$(printf '%s\n' "$OUT" | sed -n 39p)" "| form"
fresh
play 'g]1FaZed<Enter>'
eq "1 F a then a name" "$("$QM" -d "$T/a.db" marks --format csv | grep -c ',Zed,')" 1
fresh
play 'g]fq'
has "a letter that is no label says so" "$(message)" "no label q"
play 'g]f1'
has "a digit in hint mode is not a hint" "$(message)" "not a hint letter"

# Two-letter labels when the view holds more candidates than letters;
# the key after the label is an ordinary key again.
mkdir -p "$T/dots"
"$BUILD/tools/mkdots" "$T/dots/dots_20250101.png" 120 || fail "mkdots"
run "$QM" -d "$T/d.db" ingest --site Dots "$T/dots"
ok "ingest the dots"
printf 'f' > "$T/keys"
run "$QM" -d "$T/d.db" tui --keys "$T/keys" --exit-after --size 120x40 \
    --colors 2
has "120 candidates" "$(message)" "120 candidate(s)"
has "two-letter labels drawn" "$OUT" "as"
printf 'fas' > "$T/keys"
run "$QM" -d "$T/d.db" tui --keys "$T/keys" --exit-after --size 120x40
has "a two-letter label goes to its candidate" "$(message)" "candidate "
pos=$(printf '%s\n' "$OUT" | sed -n 39p | awk -F' [|] ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,[0-9]+/) { print $i; exit } }')
printf 'fasl' > "$T/keys"
run "$QM" -d "$T/d.db" tui --keys "$T/keys" --exit-after --size 120x40
pos2=$(printf '%s\n' "$OUT" | sed -n 39p | awk -F' [|] ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,[0-9]+/) { print $i; exit } }')
[ "$pos" != "$pos2" ] || fail "l after a label did not move the cursor ($pos)"
CHECKS=$((CHECKS + 1))
hasnt "l after a label is no hint" "$(message)" "hint"

# Hundreds in view (600 boats: labels aa..bs, all two letters): the last
# label goes to its candidate and the key after it is an ordinary key; a
# first letter no label starts with, or a second that ends none, says so
# and takes nothing; a key file binding a letter in hint mode does not
# make the labels starting with it unreachable.
mkdir -p "$T/dots600"
"$BUILD/tools/mkdots" "$T/dots600/dots_20250101.png" 600 || fail "mkdots 600"
run "$QM" -d "$T/d6.db" ingest --site Dots "$T/dots600"
ok "ingest 600 dots"
hint600() {
	printf '%s' "$1" > "$T/keys"
	run "$QM" -d "$T/d6.db" tui --keys "$T/keys" --exit-after --size 120x40
}
where() { printf '%s\n' "$OUT" | sed -n 39p | awk -F' [|] ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,[0-9]+/) { print $i; exit } }'; }
hint600 'f'
has "600 candidates labelled" "$(message)" "600 candidate(s)"
hint600 'fbs'
has "the last label, bs, goes to its candidate" "$(message)" "candidate "
p1=$(where)
hint600 'fbsl'
[ "$p1" != "$(where)" ] || fail "l after the label bs did not move the cursor ($p1)"
CHECKS=$((CHECKS + 1))
hasnt "l after bs is no hint" "$(message)" "hint"
hint600 'fn'
has "no label starts with n" "$(message)" "no label starts with n"
hint600 'fbd'
has "bd ends no label" "$(message)" "no label bd"
hint600 'fbd<Esc>'
has "Esc after a refused label leaves" "$(message)" "hint mode left, nothing changed"
p0=$(where)
mkdir -p "$XDG_CONFIG_HOME/quaymark"
printf 'bind -m hint a hint-cancel\n' > "$XDG_CONFIG_HOME/quaymark/keys"
hint600 'faa'
rm -f "$XDG_CONFIG_HOME/quaymark/keys"
has "a bound letter still types its label" "$(message)" "candidate "
[ "$p0" != "$(where)" ] || fail "faa with a bound a did not go to a candidate"
CHECKS=$((CHECKS + 1))

# Jumps in reading order (round to the other end): ; to a candidate, ,
# back to where it came from; o and O select the marks in reading order.
fresh
play 'g];'
has "; goes to a candidate" "$(message)" "candidate "
c1=$(message | sed 's/ (from the other end)//')
fresh
play 'g];;,'
eq ", comes back" "$(message | sed 's/ (from the other end)//')" "$c1"
"$QM" -d "$T/a.db" mark add --image "$2" --class ship --rbox 100,60,30,8,0 \
    --name Upper >/dev/null
"$QM" -d "$T/a.db" mark add --image "$2" --class ship --rbox 50,200,30,8,0 \
    --name Lower >/dev/null
cp "$T/a.db" "$T/two.db"
back() { cp "$T/two.db" "$T/a.db"; rm -f "$T/a.db-wal" "$T/a.db-shm"; }
play 'g]o'
has "o from the middle: the lower mark" "$(message)" "ship Lower"
back
play 'g]oo'
has "oo rounds to the upper mark" "$(message)" "ship Upper"
back
play 'g]ooO'
has "O goes back" "$(message)" "ship Lower"
back
play 'g]02o'
has "a count before o" "$(message)" "ship Upper"

# Snap: a box started on an object and snapped takes its candidate's box.
fresh
play 'g];1s'
has "snap message" "$(message)" "snapped:"
fresh
play 'g];1s<Enter>'
has "snap then Enter saves" "$(message)" "saved"
got=$("$QM" -d "$T/a.db" marks --format csv | tail -n +2 | cut -d, -f6-10)
CHECKS=$((CHECKS + 1))
"$QM" -d "$T/b.db" candidates --image "$2" --format csv | cut -d, -f2-6 |
    grep -qxF "$got" || fail "the snapped box [$got] is no candidate's box"


# The overlay filter: all, the selected class, the selected mark, none.
fresh
"$QM" -d "$T/a.db" mark add --image "$2" --class ship --rbox 200,125,60,10,0 \
    --name Zanzibar >/dev/null
play 'g]'
has "label shown" "$OUT" "Zanzibar"
play 'g]vvv'
has "overlay none" "$(message)" "overlay: no marks"
hasnt "no label with the overlay off" "$(printf '%s\n' "$OUT" | sed -n 1,36p | cut -c1-80)" "Zanzibar"
play 'g]v'
has "overlay class" "$(message)" "overlay: the selected class"

# Counts: 0 then digits then a motion (1-9 stay class keys).
fresh
play 'g]Z'
x0=$(printf '%s\n' "$OUT" | sed -n 39p | awk -F' [|] ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,[0-9]+/) { print $i; exit } }' | cut -d, -f1)
play 'g]Z012l'
x1=$(printf '%s\n' "$OUT" | sed -n 39p | awk -F' [|] ' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,[0-9]+/) { print $i; exit } }' | cut -d, -f1)
eq "012l moves 12 cells" "$((x1 - x0))" 12
play 'g]Z01'
hasnt "0 1 is a count, not a ship" "$(printf '%s\n' "$OUT" | sed -n 39p)" "| box"

# The same keys typed into a real terminal (tmux): hint mode, Esc, a
# hint mark, a jump, the overlay toggle, carry forward.
if command -v tmux >/dev/null; then
	trap tm_stop EXIT
	fresh
	"$QM" -d "$T/a.db" quality "$1" clear >/dev/null
	"$QM" -d "$T/a.db" mark add --image "$1" --class ship \
	    --rbox 300,60,40,10,0 --name Maia-1 >/dev/null
	tm_start 120 40
	tm_keys "clear; $QM -d $T/a.db tui" Enter
	see "tmux: the TUI starts" "| 1/"
	tm_keys g ']'
	see "tmux: the second date" "| 2/"
	tm_keys f
	see "tmux: hint mode" "type a label to go there"
	tm_keys Escape
	see "tmux: Esc leaves hint mode" "hint mode left, nothing changed"
	tm_keys '\;'
	see "tmux: ; jumps to a candidate" "candidate "
	tm_keys 1 f a
	see "tmux: 1 f a marks a candidate" "ship 2 saved"
	tm_keys v
	see "tmux: v filters the overlay" "overlay: the selected class"
	tm_keys v v v
	see "tmux: round to all marks" "overlay: all marks"
	tm_keys ']' P
	see "tmux: carry from the last observed date" "mark(s) from 2024-10-02"
	tm_keys q
	see "tmux: quit" "qm\$"
	tm_stop
	trap lib_cleanup EXIT
else
	echo "SKIP [$NAME] tmux absent" >&2
fi
finish
