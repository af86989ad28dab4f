#!/bin/sh
# Crashes and faults: a writer killed -9 fifty times at random moments
# loses no acknowledged mark and never corrupts the file; a database held
# locked is waited for, then refused with a message; unwritable files and
# folders give reasons and no lost work; images deleted, truncated or
# replaced after ingest show a placeholder and keep their marks.
. "$(dirname "$0")/../lib.sh"

DB="$T/f.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)

# Kill -9 storms
kills=0
: > "$T/acked"
i=0
while [ $i -lt 50 ]; do
	"$BUILD/tools/markloop" "$DB" "$IMG" >> "$T/acked" 2>"$T/loop.err" &
	pid=$!
	# a random moment: 20 to 220 ms into the run
	sleep "0.$(( $(od -An -N1 -tu1 /dev/urandom) % 20 + 2 ))"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	i=$((i + 1))
done
eq "fifty kills" "$kills" 50
eq "integrity after the kills" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
acked=$(grep -c . "$T/acked")
CHECKS=$((CHECKS + 1))
[ "$acked" -gt 100 ] || fail "only $acked marks acknowledged"
sqlite3 "$DB" "SELECT id FROM mark WHERE deleted = 0" | sort > "$T/present"
missing=$(sort "$T/acked" | comm -23 - "$T/present" | grep -c .)
eq "every acknowledged mark present ($acked)" "$missing" 0
# the README's kill -9 figure comes from this line
echo "faults: $kills kills, $acked acknowledged marks, $missing lost"
run "$QM" -d "$DB" audit verify
ok "the audit chain after the kills"

# A database locked by a long transaction in the sqlite3 shell
sqlite3 "$DB" "BEGIN IMMEDIATE; SELECT 1; SELECT count(*) FROM mark;" >/dev/null
( printf 'BEGIN IMMEDIATE;\nINSERT INTO setting VALUES ("lock", "1");\n'; sleep 3; printf 'ROLLBACK;\n' ) |
    sqlite3 "$DB" &
lockpid=$!
sleep 0.5
t0=$(date +%s%N)
QUAYMARK_BUSY_MS=1000 run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 5,5
t=$(( ($(date +%s%N) - t0) / 1000000 ))
nok "locked: refused" 1
one_line "locked: one line" "$ERR"
has "locked: says so" "$ERR" "database is locked by another process (waited 1 s)"
CHECKS=$((CHECKS + 1))
[ "$t" -ge 900 ] && [ "$t" -lt 2900 ] || fail "waited $t ms for a 1 s timeout"
# with the default wait, the lock goes first and the mark goes in
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 6,6
ok "locked for 3 s: waited, then written"
wait $lockpid

# Images changed after ingest: a placeholder, the marks stay
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 50,50 --name Keep
ok "a mark to keep"
FILE=$("$QM" -d "$DB" images --format json | python3 -c "
import json, sys
print([i['path'] for i in json.load(sys.stdin) if i['id'] == $IMG][0])")
cp "$FILE" "$T/saved.tif"
play() {
	printf 'g' > "$T/keys"
	run "$QM" -d "$DB" tui --keys "$T/keys" --size 120x40 --site "Rajin (demo)"
}
rm "$FILE"
play
ok "deleted file: the TUI runs"
has "deleted: placeholder" "$OUT" "image unavailable"
has "deleted: the marks stay" "$OUT" "Keep"
head -c 3000 "$T/saved.tif" > "$FILE"
play
ok "truncated file: the TUI runs"
has "truncated: placeholder" "$OUT" "image unavailable"
run "$QM" -d "$DB" render --image "$IMG" --size 40x10
nok "truncated: render refuses"
one_line "truncated: one line" "$ERR"
NEXT=$("$QM" -d "$DB" images --format json | python3 -c "
import json, sys
print([i['path'] for i in json.load(sys.stdin) if i['id'] != $IMG][3])")
cp "$NEXT" "$FILE"	# another image under its name
play
ok "replaced file: the TUI runs"
# image_replaced_by_another: the fingerprint taken at ingest is compared
# when the image is opened, so the marks never land on another picture
has "replaced: placeholder" "$OUT" "image unavailable"
has "replaced: says why" "$OUT" "not the file catalogued"
run "$QM" -d "$DB" render --image "$IMG" --size 40x10
nok "replaced: render refuses" 1
one_line "replaced: render one line" "$ERR"
has "replaced: render says why" "$ERR" "not the file catalogued (its content changed since ingest"
run "$QM" -d "$DB" snapshot --image "$IMG" --out "$T/replaced.png"
nok "replaced: snapshot refuses" 1
cp "$T/saved.tif" "$FILE"
play
hasnt "restored: no placeholder" "$OUT" "image unavailable"
run "$QM" -d "$DB" marks --format csv
has "the mark survived it all" "$OUT" ",Keep,"

# Unwritable database, unwritable folder (as another account: root
# writes anything)
if accounts qmfault; then
	cp "$DB" "$SHARE/ro.db"
	chmod 644 "$SHARE/ro.db"
	chmod 755 "$SHARE"
	run_as qmfault -d "$SHARE/ro.db" marks
	ok "read-only file: viewing works"
	run_as qmfault -d "$SHARE/ro.db" mark add --image "$IMG" --class ship --at 1,1
	nok "read-only file: marking refused" 1
	one_line "read-only file: one line" "$ERR"
	has "read-only file: why" "$ERR" "not writable"
	mkdir -p "$SHARE/ro"
	cp "$DB" "$SHARE/ro/db.db"
	chmod 666 "$SHARE/ro/db.db"
	chmod 555 "$SHARE/ro"
	run_as qmfault -d "$SHARE/ro/db.db" mark add --image "$IMG" --class ship --at 1,1
	nok "unwritable folder: refused" 1
	has "unwritable folder: WAL named" "$ERR" "folder"
	printf 'g]1<Enter>' > "$T/keys"
	run_as qmfault -d "$SHARE/ro/db.db" tui --keys "$T/keys" --size 120x40
	ok "unwritable folder: the TUI views"
	has "unwritable folder: marking says read-only" "$OUT" "read-only"
	chmod 755 "$SHARE/ro"
	eq "nothing lost" "$(sqlite3 "$SHARE/ro/db.db" 'SELECT count(*) FROM mark WHERE deleted = 0')" \
	    "$(sqlite3 "$DB" 'SELECT count(*) FROM mark WHERE deleted = 0')"
fi
finish
