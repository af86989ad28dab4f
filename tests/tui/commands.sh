#!/bin/sh
# The ":" command line, replayed headless: a command is refused under the
# same conditions and with the same message as its key (a write under
# tui -R, a mark command with none selected), and it still works when
# they hold. The table itself is checked in tests/unit/test-tui.c.
. "$(dirname "$0")/../lib.sh"

"$QM" -d "$T/a.db" demo --scale 0.25 --seed 7 --labels none --no-open \
    >/dev/null || fail "demo database"
play() {	# play KEYS [OPTIONS...]: the message line in $MSG
	printf '%s' "$1" > "$T/keys"
	shift
	run "$QM" -d "$T/a.db" tui --keys "$T/keys" --exit-after \
	    --size "120x${ROWS:-40}" "$@"
	MSG=$(printf '%s\n' "$OUT" | sed -n "${ROWS:-40}p")
}
images() { "$QM" -d "$T/a.db" images --format csv | sed -n 2p; }

# read-only: the verdict key and :verdict say the same, nothing is written
play '<F3>' -R
key=$MSG
has "the key is refused" "$key" "read-only"
play ':verdict cloudy<Enter>' -R
eq ":verdict refused as the key is" "$MSG" "$key"
play ':class add barge<Enter>' -R
eq ":class add refused as a write" "$MSG" "$key"
hasnt "no verdict stored" "$(images)" "cloudy"
run "$QM" -d "$T/a.db" class list
hasnt "no class stored" "$OUT" "barge"

# a mark command with no mark selected: the edit key's message
play 'e'
key=$MSG
has "edit needs a mark" "$key" "select a mark first"
play ':name Angara<Enter>'
eq ":name refused as the edit key is" "$MSG" "$key"
play ':delete<Enter>'
eq ":delete refused as the delete key is" "$MSG" "$key"

# with its needs met, the command does what it says
play ':verdict cloudy<Enter>'
has "verdict stored" "$(images)" "cloudy"
play 'gZ1<Enter>:name Angara<Enter>'
run "$QM" -d "$T/a.db" marks --format csv
has "the new mark named" "$OUT" "Angara"
ROWS=300 play ':help<Enter>'
has "help lists the commands from the table" "$OUT" \
    "  :resolve ID                   resolve a comment"
has "with their help lines and aliases" "$OUT" \
    "  :quit                         quit; everything is already saved (also: q wq x)"
finish
