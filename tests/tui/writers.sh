#!/bin/sh
# Eight processes add and edit 1,000 marks each (200 on PostgreSQL) while
# an analyst marks in the TUI: every acknowledged change is there, no
# "database is locked" reaches anyone, the audit chain verifies and
# integrity_check says ok (bench/writers checks its own side), and the
# TUI's marks are saved and its screen shows no error.
. "$(dirname "$0")/../lib.sh"

DB="$T/w.db"
# changes per writer: fewer on PostgreSQL, whose writers take turns over
# a socket (~1,200 changes/s here, README) where SQLite's take ~3,600/s
W=1000
[ "${QUAYMARK_TEST_DB:-}" = pg ] && W=200
TOTAL=$((8 * W + 10))
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)

tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "TUI up" "| 1/$N |"
"$BUILD/bench/writers" "$(db_target "$DB")" "$IMG" 8 "$W" >"$T/writers.out" 2>"$T/writers.err" &
wpid=$!
# the analyst works meanwhile: ten named points, one after another
i=0
while [ $i -lt 10 ]; do
	tm_keys l l 1 Enter
	see "TUI mark $i saved" "name -" 50
	tm_keys e "tui$i" Enter
	see "TUI mark $i named" "name tui$i" 50
	i=$((i + 1))
done
wait $wpid
wrc=$?
CHECKS=$((CHECKS + 1))
[ $wrc -eq 0 ] || fail "writers: exit $wrc: $(head -5 "$T/writers.err")"
has "writers' report" "$(cat "$T/writers.out")" "every acknowledged change present"
CHECKS=$((CHECKS + 1))
tm_screen | grep -qi "locked\|busy" && fail "the TUI showed a lock error"
# the others' marks reach the screen (the poll)
see "others' marks shown" "MARKS (${TOTAL%??}" 30
tm_keys q
see "quit" "qm\$"
tm_stop

run "$QM" -d "$DB" marks --format csv
eq "the TUI's ten marks" "$(printf '%s\n' "$OUT" | grep -c ',tui[0-9],')" 10
eq "all marks" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" "$TOTAL"
run "$QM" -d "$DB" audit verify
ok "audit chain"
has "audit rows" "$OUT" "audit chain ok"
if [ "${QUAYMARK_TEST_DB:-}" != pg ]; then
	eq "integrity" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
fi
finish
