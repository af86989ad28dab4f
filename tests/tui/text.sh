#!/bin/sh
# Hostile text: names and notes with escape sequences, right-to-left
# overrides, wide characters, the longest allowed, and invalid UTF-8 (refused
# at the door). On screen they are inert and cut to fit, never past the
# panel; in tables and JSON they are escaped.
. "$(dirname "$0")/../lib.sh"

DB="$T/x.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
add() { "$QM" -d "$DB" mark add --image "$IMG" --class ship --at "$1" --name "$2" ${3:+--note "$3"} >/dev/null; }
add 10,10 "$(printf 'RTL\342\200\256evil')" "$(printf 'iso\342\201\246late')" || fail "bidi name"
add 20,20 "$(python3 -c 'print("船" * 66)')" || fail "wide name"
add 30,30 "$(python3 -c 'print("W" * 200)')" "$(printf 'esc\033[31mred\033]0;t\007')" || fail "long name"
add 40,40 "$(printf 'zw\342\200\213sp\314\201')" || fail "combining"
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 50,50 --name "$(python3 -c 'print("W" * 201)')"
nok "a name too long" 1
has "says how long" "$ERR" "longer than 200 bytes"
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 50,50 --name "$(printf 'bad\377\376')"
nok "invalid UTF-8" 1
has "says why" "$ERR" "not UTF-8"
run "$QM" -d "$DB" comment add --image "$IMG" "$(printf 'c\377')"
nok "invalid UTF-8 comment" 1

# each mark selected in turn, on a 100-column screen
for n in 1 2 3 4; do
	keys=$(python3 -c "print('g' + '<Tab>' * $n)")
	printf '%s' "$keys" > "$T/keys"
	run "$QM" -d "$DB" tui --keys "$T/keys" --size 100x30
	ok "mark $n shown"
	printf '%s\n' "$OUT" > "$T/screen$n"
	python3 - "$T/screen$n" <<'PY' || fail "mark $n: the screen"
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else
            0 if unicodedata.combining(c) else 1 for c in line)
    assert w <= 100, (w, line)
    for c in line:
        assert c not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f", line
        assert ord(c) >= 0x20 and not 0x7f <= ord(c) <= 0x9f, repr(line)
PY
done
has "bidi shown escaped" "$(cat "$T/screen1")" 'RTL\u202eevil'
has "wide name cut to the panel" "$(cat "$T/screen2")" "name 船船"
has "long name cut with an ellipsis" "$(cat "$T/screen3")" "…"
has "escapes in a note escaped" "$(cat "$T/screen3")" 'note esc\x1b[31mred'
run "$QM" -d "$DB" marks
ok "table"
hasnt "table: no raw bidi" "$OUT" "$(printf '\342\200\256')"
has "table: long names cut" "$OUT" "WWWW…"
run "$QM" -d "$DB" marks --format json
has "JSON: bidi escaped" "$OUT" 'RTL\u202Eevil'
hasnt "JSON: no raw ESC" "$OUT" "$(printf '\033')"
finish
