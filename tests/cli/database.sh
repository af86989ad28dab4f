#!/bin/sh
# The database file: default path and QUAYMARK_DB, a file that is not
# SQLite, a newer schema, a read-only database, a missing one.
. "$(dirname "$0")/../lib.sh"

cd "$T"
run "$QM" class list
nok "no database yet" 1
has "missing db message" "$ERR" "quaymark.db: no such database"
run "$QM" class add barge
ok "class add creates ./quaymark.db"
[ -f "$T/quaymark.db" ] || fail "./quaymark.db not created"
QUAYMARK_DB="$T/env.db" "$QM" class add tug >/dev/null
[ -f "$T/env.db" ] || fail "QUAYMARK_DB not honoured"
run "$QM" -d "$T/env.db" class list
has "-d reads it" "$OUT" "tug"

printf 'field notes\nnot a database\n' > "$T/notes.db"
cp "$T/notes.db" "$T/notes.orig"
run "$QM" -d "$T/notes.db" class add x
nok "non-SQLite refused" 1
one_line "non-SQLite one line" "$ERR"
has "non-SQLite reason" "$ERR" "notes.db: not a SQLite database; refusing to touch it"
cmp -s "$T/notes.db" "$T/notes.orig" || fail "non-SQLite file was modified"

cp "$T/quaymark.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
run "$QM" -d "$T/newer.db" class list
nok "newer schema refused" 1
has "newer reason" "$ERR" "made by a newer quaymark (schema 999"

sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
run "$QM" -d "$T/other.db" class list
nok "foreign SQLite refused" 1
has "foreign reason" "$ERR" "not quaymark's"

# Read-only: as a user without write permission (root can write anything,
# so drop to nobody when we are root).
cp "$T/quaymark.db" "$T/ro.db"
chmod 0444 "$T/ro.db"
chmod 0755 "$T"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	run $AS "$QM" -d "$T/ro.db" class list
	ok "read-only database lists"
	has "read-only lists classes" "$OUT" "barge"
	run $AS "$QM" -d "$T/ro.db" class add ro-class
	nok "read-only refuses writes" 1
	has "read-only reason" "$ERR" "read-only: the database and its folder are not writable by you"
else
	skip "read-only as another user needs root"
fi
run "$QM" -d "$T/quaymark.db" class add "bad name!"
nok "bad class name" 1
has "bad class reason" "$ERR" "class name \"bad name!\""
finish
