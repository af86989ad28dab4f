#!/bin/sh
# The TUI replayed without a terminal (tui --keys FILE --exit-after): every
# marking and moving action, checked on the final screen and then in the
# database. It runs in the sanitizer build too, so the real interface is
# exercised under ASan and UBSan.
. "$(dirname "$0")/../lib.sh"

BASE="$T/base.db"
"$QM" -d "$BASE" demo --scale 0.25 --seed 7 --labels none --no-open \
    >/dev/null || fail "demo database"
N=$("$QM" -d "$BASE" images --format csv | tail -n +2 | wc -l)

fresh() { cp "$BASE" "$T/a.db"; rm -f "$T/a.db-wal" "$T/a.db-shm"; }
# play KEYS [OPTIONS...]: replay KEYS on $T/a.db; the screen in $OUT.
play() {
	printf '%s' "$1" > "$T/keys"
	shift
	run "$QM" -d "$T/a.db" tui --keys "$T/keys" --exit-after \
	    --size 120x40 "$@"
}
status() { printf '%s\n' "$OUT" | sed -n 39p; }	# rows of 40
message() { printf '%s\n' "$OUT" | sed -n 40p; }
csv() { "$QM" -d "$T/a.db" marks --format csv | tail -n +2; }

# Moving through dates
fresh
play 'G'
ok "last date"
has "last date" "$(status)" "| $N/$N |"
play 'g]]'
has "first then two on" "$(status)" "| 3/$N |"
play ':goto 2025-01-14<Enter>'
has ":goto" "$(status)" "| 2025-01-14 |"
play 't2024-12<Enter>'
has "date prompt, a month" "$(status)" "| 2024-12-0"
play 't2031-01-01<Enter>'
has "a date past the end" "$(message)" "no image on 2031-01-01"
play 'tnonsense<Enter>'
has "not a date" "$(message)" "\"nonsense\" is not a date"
play 'g}'
has "next unreviewed from the first" "$(status)" "| 2/$N |"

# Zoom: fit is the start, 1:1, in, out, back to fit
play 'gZ'
has "1:1" "$(status)" "| 1:1 |"
play 'Z+'
has "zoomed past 1:1" "$(status)" "| 2:1 |"
play 'Z--'
has "zoomed out" "$(status)" "| 1:4 |"
play 'Zz'
hasnt "fit again" "$(status)" "| 1:1 |"

# A point, a repeat, a box, a turned box
fresh
play 'gZ1<Enter>lll.'
has "point saved" "$(message)" "saved"
play 'Z1lllljrr<Enter>'
eq "three marks" "$(csv | wc -l)" 3
eq "repeat at the cursor" "$(csv | sed -n 2p | cut -d, -f4-10)" \
    "ship,point,203,125,0,0,0"
eq "turned box, rounded" "$(csv | sed -n 3p | cut -d, -f4-10)" \
    "ship,rbox,205,126,5.287,2.275,10"
# a box cancelled leaves nothing
play 'Z1lll<Esc>'
eq "cancelled box" "$(csv | wc -l)" 3

# Select, adjust, change class, delete, undo, redo
fresh
play 'gZ1lllj<Enter>'
play 'Z<Tab>mllwt<Enter>'
# the box: anchor 200,125 to 203,127 (a cell is 1x2 pixels at 1:1),
# then two cells right, one step wider and taller
eq "moved and grown" "$(csv | cut -d, -f5-9)" "box,203.5,126,6,5"
play 'Z<Tab>ccontainer_stack<Enter>'
eq "class changed" "$(csv | cut -d, -f4)" "container_stack"
play 'Z<Tab>ctruck<Enter>'
has "unknown class" "$(message)" "truck"
play 'Z<Tab>x'
eq "deleted" "$(csv | wc -l)" 0
fresh
play 'gZ1lllj<Enter><Tab>xu'
eq "undo restores it" "$(csv | wc -l)" 1
has "undo says what and where" "$(message)" "undid deleting mark #"
play 'Z<Tab>xu<C-r>'
eq "undo, redo: deleted again" "$(csv | wc -l)" 0
play 'Zu'
eq "undo is per session" "$(csv | wc -l)" 0
has "nothing to undo" "$(message)" "nothing to undo"

# The form: name with completion, count, state, note
fresh
play 'gZ1<Enter>eAngara<Enter>ll1<Enter>eAn<Tab><Enter>'
eq "name completed from the site's names" "$(csv | cut -d, -f11 | sort -u)" \
    "Angara"
play 'gZ2<Enter>e<Tab>24<Tab>full<Tab>on the quay<Enter>'
eq "count, state, note" "$(csv | grep container_stack | cut -d, -f11-14)" \
    ",24,full,on the quay"
play 'gZ<Tab><Tab>e<Tab>many<Enter>'
has "a count that is not a number" "$(message)" \
    "count: \"many\" is not a whole number"
eq "nothing stored from the bad form" \
    "$(csv | grep container_stack | cut -d, -f12)" "24"

# Undo survives stepping between images, many steps deep
fresh
play 'gZ1<Enter>]1<Enter>]1<Enter>uuu'
eq "three undone across images" "$(csv | wc -l)" 0
play 'gZ1<Enter>]1<Enter>uu<C-r><C-r>'
eq "two redone" "$(csv | wc -l)" 2

# Carry forward: the previous date's marks as proposals on this one
fresh
play 'gZ1lll<Enter>eAngara<Enter>2jjj<Enter>]P'
has "carried" "$(message)" "carried 2 mark(s) from"
play '<Tab>a'
has "accepted" "$(message)" "saved (version"
eq "two on each date" "$(csv | cut -d, -f3 | cut -c1-10 | sort | uniq -c |
    awk '{print $1}' | tr '\n' ' ')" "2 2 "
# the source is only read (issue 18): its copy has a track of its own
eq "the carried ship keeps its name" "$(csv | grep -c Angara)" 2
eq "the source mark has no track forced on it" \
    "$(csv | grep Angara | cut -d, -f15 | sort | head -1)" ""

# Verdicts and reviewed
fresh
play 'g<F3>]<F2>]V'
run "$QM" -d "$T/a.db" images --format csv
eq "cloudy, partly" "$(printf '%s\n' "$OUT" | sed -n 2,3p |
    grep -o 'cloudy\|partly_cloudy' | tr '\n' ' ')" "cloudy partly_cloudy "

# Commands, completion, classes
fresh
play ':class add barge<Enter>'
has "class added" "$(message)" "class barge added: key 5"
run "$QM" -d "$T/a.db" class list
has "class in the store" "$OUT" "barge"
play 'gZ5<Enter>'
eq "the new class marks" "$(csv | cut -d, -f4)" "barge"
play ':cla<Tab>'
eq "completed to the common part" "$(message)" ":class"
play ':cla<Tab><Tab>'
has "both candidates listed" "$(message)" "class  class add"
play ':frob<Enter>'
has "unknown command" "$(message)" "unknown command \"frob\""
play ':w<Enter>'
has ":w is harmless" "$(message)" "everything is saved as you go"
play ':quay 2<Enter>'
has "quay by number" "$(status)" "| Container quay |"
play ":quay 9<Enter>"
has "no such quay" "$(message)" "no quay \"9\""
fresh
play "''"
has "stepping quays" "$(status)" "| Container quay |"
fresh
play "\""
has "backwards from none: the last" "$(status)" "| North pier |"

# The mouse: a click moves the cursor, a drag draws a box
fresh
play 'gZ'
# the cursor's field: "x,y" (then the map position, if any)
cursor_field() { status | tr '|' '\n' | grep -E '^ [0-9]+,[0-9]+( |$)'; }
before=$(cursor_field)
play 'gZ<Press 10,5><Release 10,5>'
after=$(cursor_field)
CHECKS=$((CHECKS + 1))
[ "$before" != "$after" ] || fail "click did not move the cursor: $after"
x=$(echo "$after" | sed 's/^ *\([0-9]*\),.*/\1/')
y=$(echo "$after" | sed 's/^ *[0-9]*,\([0-9]*\) .*/\1/')
eq "no mark from a click" "$(csv | wc -l)" 0
fresh
play 'gZ<Press 10,5><Release 20,9>'
# cells 10..20 across (1 px each), rows 5..9 down (2 px each)
want=$(echo "$x $y" | awk '{printf "box,%g,%g,11,9", $1 + 5.5, $2 + 4.5}')
eq "drag draws a box" "$(csv | cut -d, -f5-9)" "$want"

# Sizes: tiny, then back; the help screen at both
fresh
play '<Resize 30x8>'
has "too small" "$OUT" "terminal too small"
has "says what it needs" "$OUT" "30x8, need"
play '<Resize 30x8>1<Resize 120x40>'
eq "keys in a tiny terminal do nothing" "$(csv | wc -l)" 0
has "recovered" "$(status)" "| 1/$N |"
# found by fuzz-tui: a terminal that reports no rows or no columns (some
# SSH clients do while connecting) is survived, and work goes on after
play '<Resize 100x0>V<Resize 0x30>1<Resize 120x40>'
ok "zero-size terminal"
has "recovered from 0 rows" "$(status)" "| 1/$N |"
# wider than a grid holds (2000 cells): its top-left part is drawn
play '<Resize 12000x50>]]'
ok "a terminal 12000 columns wide"
has "status line of a huge terminal" "$(printf '%s\n' "$OUT" | sed -n 49p)" "| 3/$N |"
play '?'
has "help lists bindings" "$OUT" "next-date"
play 'R'
has "report view" "$OUT" "calls"

# A user's key file rebinds, and help shows the user's keys
mkdir -p "$XDG_CONFIG_HOME/quaymark"
printf '# mine\nbind w next-date\nunbind ]\n' > "$XDG_CONFIG_HOME/quaymark/keys"
play 'gww]'
has "w steps dates" "$(status)" "| 3/$N |"
has "] no longer does" "$(message)" "] does nothing"
play '?'
has "help shows w" "$(printf '%s\n' "$OUT" | grep next-date)" "w"
printf 'bind w next-date\nbind ] no-such-action\n' \
    > "$XDG_CONFIG_HOME/quaymark/keys"
play ''
ok "a bad key file still starts"
has "bad line named" "$(message)" "keys:2: unknown action \"no-such-action\""
play 'gw'
has "lines before it hold" "$(status)" "| 2/$N |"
# the example in assets/ loads and works
cp "$(dirname "$0")/../../assets/keys.example" "$XDG_CONFIG_HOME/quaymark/keys"
play 'gd'
ok "the example key file"
has "example: d steps" "$(status)" "| 2/$N |"
hasnt "example: no complaint" "$(message)" "keys:"
rm "$XDG_CONFIG_HOME/quaymark/keys"

# Read-only: viewing works, marking says so
fresh
play 'g]1' -R
ok "read-only view"
has "read-only" "$(message)" "read-only"
has "stepped" "$(status)" "| 2/$N |"
eq "nothing written" "$(csv | wc -l)" 0

# Names typed by others cannot reach the terminal
fresh
IMG=$("$QM" -d "$T/a.db" images --format csv | sed -n 2p | cut -d, -f1)
"$QM" -d "$T/a.db" mark add --image "$IMG" --class ship --at 20,20 \
    --name "$(printf 'Evil\033]0;pwned\007\033[2J')" >/dev/null ||
    fail "mark add with escapes"
play 'g<Tab>'
hasnt "no ESC on screen" "$OUT" "$(printf '\033')"
hasnt "no BEL on screen" "$OUT" "$(printf '\007')"
# the escaped form itself, not only a word the raw text also contains
has "shown escaped" "$OUT" 'Evil\x1b]0;pwned\x07\x1b[2J'
hasnt "no raw OSC on screen" "$OUT" "$(printf 'Evil\033]0;')"

# Without UTF-8, no block characters
play 'g' --colors 8
LC_ALL=C run "$QM" -d "$T/a.db" tui --keys "$T/keys" --size 120x40
ok "C locale"
hasnt "ASCII only" "$OUT" "▀"

# The trace: a line per frame with times and bytes
play 'g]]' --trace "$T/trace"
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$T/trace")" -ge 3 ] || fail "trace has $(wc -l < "$T/trace") lines"

# Refusals
run "$QM" -d "$T/a.db" tui </dev/null
nok "not a terminal"
one_line "not a terminal, one line" "$ERR"
has "says why" "$ERR" "needs a terminal"
run "$QM" -d "$T/a.db" tui --exit-after
nok "--exit-after alone" 2
run "$QM" -d "$T/a.db" tui --keys "$T/none"
nok "missing key file"
has "names the key file" "$ERR" "$T/none"
run "$QM" -d "$T/a.db" tui --size 0x0 --keys "$T/keys"
nok "bad size" 2
finish
