#!/bin/sh
# PostgreSQL as quaymark's database (issue 17): `db init`; the same
# command-line flow giving the same output as on SQLite; `db copy` there
# and back with every row and the same audit chain; the roles the
# server enforces on an analyst's own psql session; one gapless audit
# chain under concurrent writers, and with writers killed (kill -9) in
# mid-change; a mark change's version check and its image's lock holding
# though the chain lock waits for its commit; every acknowledged change
# still there after the server is
# killed (pg_ctl stop -m immediate). A throwaway
# cluster (tests/lib-pg.sh) runs as an unprivileged account and is stopped
# however the script ends; without PostgreSQL's programs the suite skips.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-pg.sh"

pg_test_start
pg_test_postgis

# --- db init -------------------------------------------------------------
run "$QM" db init "$URL"
ok "db init"
has "db init says what it made" "$OUT" "made quaymark's schema 6"
has "db init made the roles" "$OUT" "roles quaymark_analyst and quaymark_supervisor enforced by the server"
run "$QM" db init "$URL"
ok "db init again"
has "db init again changes nothing" "$OUT" "already quaymark's: schema 6"
eq "the owner is the first supervisor" \
    "$(pg_psql "$PG_OWNER" -c 'SELECT name, role FROM "user"')" "$PG_OWNER|supervisor"
run "$QM" db init "$T/some.db"
nok "db init on a SQLite path" 1
has "db init names PostgreSQL" "$ERR" "db init is for PostgreSQL"
pg_createdb other
pg_psql "$PG_OWNER" -d other -c "CREATE TABLE t (x int)" >/dev/null
run "$QM" db init "$(pg_url "$PG_OWNER" other)"
nok "someone else's database refused" 1
one_line "refusal is one line" "$ERR"
has "refusal reason" "$ERR" "a PostgreSQL database, but not quaymark's; refusing to touch it"
eq "someone else's database untouched" \
    "$(pg_psql "$PG_OWNER" -d other -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 1
pg_createdb newer
"$QM" db init "$(pg_url "$PG_OWNER" newer)" >/dev/null
pg_psql "$PG_OWNER" -d newer -c "UPDATE qm_schema SET version = 999"
# (trust authentication takes a password and ignores it: messages must not
# show it all the same)
run "$QM" -d "$(pg_url "$PG_OWNER" newer | sed "s|//$PG_OWNER@|//$PG_OWNER:s3cret@|")" class list
nok "newer schema refused" 1
has "newer reason" "$ERR" "made by a newer quaymark (schema 999"
hasnt "newer: no password in the message" "$ERR" "s3cret"
has "newer: the target named, password hidden" "$ERR" "$PG_OWNER:***@"
# an older schema is migrated: a database taken back to schema 5 (no
# sighting summary) with a mark written at 5, then opened
pg_createdb older
OLDER=$(pg_url "$PG_OWNER" older)
"$QM" -d "$OLDER" ingest --site "Rajin (demo)" "$(demo_dir)" >/dev/null
pg_psql "$PG_OWNER" -d older -c "SET client_min_messages = warning;
    DROP TABLE sighting CASCADE;
    DROP FUNCTION qm_sighting_mark, qm_sighting_image CASCADE;
    UPDATE qm_schema SET version = 5;
    INSERT INTO mark (image_id, class_id, kind, cx, cy, author, created,
    updated, updated_by) VALUES (1, 1, 'point', 3, 4, 'x', 'x', 'x', 'x')"
run "$QM" -d "$OLDER" marks --format csv
ok "schema 5 opens"
eq "schema 5 was migrated to 6" "$(pg_psql "$PG_OWNER" -d older -c \
    "SELECT version FROM qm_schema")" 6
eq "the migration filled the summary from the marks" "$(pg_psql "$PG_OWNER" \
    -d older -c "SELECT count(*) FROM sighting")" 1
run "$QM" -d "$OLDER" mark add --image 1 --class ship --at 9,9
ok "a mark on the migrated database"
eq "the triggers keep the summary" "$(pg_psql "$PG_OWNER" -d older -c \
    "SELECT count(*) FROM sighting")" 2
run "$QM" -d "postgresql://nobody@%2Fnonexistent:1/qm" class list
nok "no server" 1
one_line "no server: one line" "$ERR"
has "no server reason" "$ERR" "cannot connect"
# a password in the URL never reaches a message
run "$QM" -d "postgresql://who:s3cret@%2Fnonexistent:1/qm" class list
hasnt "password not shown" "$ERR" "s3cret"

# --- the same flow, the same output, on both engines ---------------------
D=$(demo_dir)
flow() {
	"$QM" -d "$1" ingest --site "Rajin (demo)" "$D" >/dev/null ||
		echo "ingest failed"
	"$QM" -d "$1" quay add --site "Rajin (demo)" \
	    --polygon "0 0, 400 0, 400 250, 0 250" Arms
	"$QM" -d "$1" images --format csv | head -5
	"$QM" -d "$1" mark add --image 1 --class ship --at 5,5 --name Angara
	"$QM" -d "$1" mark add --image 2 --class container_stack \
	    --box 10,10,40,30 --count 7
	"$QM" -d "$1" mark add --image 2 --class ship --rbox 100,90,40,10,5
	"$QM" -d "$1" approve 1 2
	"$QM" -d "$1" reject --reason "a buoy" 3
	"$QM" -d "$1" mark set 2 count=9
	"$QM" -d "$1" quality 1 clear
	"$QM" -d "$1" quality 2 partly_cloudy
	"$QM" -d "$1" comment add --mark 1 "is this the Angara?"
	"$QM" -d "$1" marks --format csv --status all
	"$QM" -d "$1" report --by month --status all --format csv
	"$QM" -d "$1" audit verify | sed 's/head [0-9]*:[0-9a-f]*/head H/'
	"$QM" -d "$1" history --mark 2 --format csv
	"$QM" -d "$1" class list
	"$QM" -d "$1" user list
	"$QM" -d "$1" mark set 99 count=1
	echo "exit $?"
}
# times and the hashes that cover them differ between two runs
norm() {
	sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:.]*Z/TIME/g;
	    s/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/TIME/g'
}
flow "$T/flow.db" 2>&1 | norm > "$T/sqlite.out"
flow "$URL" 2>&1 | norm > "$T/pg.out"
CHECKS=$((CHECKS + 1))
if ! cmp -s "$T/sqlite.out" "$T/pg.out"; then
	fail "PostgreSQL's output differs from SQLite's:
$(diff "$T/sqlite.out" "$T/pg.out" | head -20)"
fi
has "the flow ran" "$(cat "$T/pg.out")" "audit chain ok"
has "the flow approved" "$(cat "$T/pg.out")" "approved"
has "an unknown mark fails alike" "$(cat "$T/pg.out")" "exit 1"
if [ "$GIS" -eq 1 ]; then
	eq "quays as PostGIS geometry" "$(pg_psql "$PG_OWNER" -c \
	    "SELECT count(*) FROM quay_gis")" 0
	run pg_psql "$PG_OWNER" -c "SELECT count(*) FROM mark_gis"
	ok "marks' PostGIS view answers"
fi

# --- db copy: SQLite -> PostgreSQL -> SQLite, every row ------------------
pg_createdb copy
COPY=$(pg_url "$PG_OWNER" copy)
run "$QM" db copy "$T/flow.db" "$COPY"
ok "db copy SQLite to PostgreSQL"
has "db copy says so" "$OUT" "the copy's audit chain verifies"
run "$QM" db copy "$COPY" "$T/back.db"
ok "db copy PostgreSQL to SQLite"
head_of() { "$QM" -d "$1" audit verify; }
eq "the same chain on the PostgreSQL copy" "$(head_of "$COPY")" "$(head_of "$T/flow.db")"
eq "the same chain back on SQLite" "$(head_of "$T/back.db")" "$(head_of "$T/flow.db")"
for what in "marks --format csv --status all" "images --format csv" \
    "quay list" "class list" "comment list --all" "user list" \
    "history --mark 2 --format csv"; do
	# shellcheck disable=SC2086
	eq "db copy: $what alike" "$("$QM" -d "$T/back.db" $what 2>&1)" \
	    "$("$QM" -d "$T/flow.db" $what 2>&1)"
done
eq "every table's rows there and back" \
    "$(for t in setting site quay image class mark audit '"user"' comment verdict; do
	sqlite3 "$T/back.db" "SELECT count(*) FROM $t"; done | paste -sd,)" \
    "$(for t in setting site quay image class mark audit '"user"' comment verdict; do
	sqlite3 "$T/flow.db" "SELECT count(*) FROM $t"; done | paste -sd,)"
run "$QM" -d "$COPY" mark add --image 3 --class ship --at 1,1
ok "the copy takes new marks (ids go on after the copied ones)"
eq "the new mark's id" "$OUT" "$(($(sqlite3 "$T/flow.db" "SELECT max(id) FROM mark") + 1))"
# (trust authentication takes the password and ignores it)
run "$QM" db copy "$T/flow.db" "$(echo "$COPY" | sed "s|//$PG_OWNER@|//$PG_OWNER:s3cret@|")"
nok "db copy into a database with data" 1
has "db copy refusal" "$ERR" "not empty"
hasnt "db copy refusal shows no password" "$ERR" "s3cret"
run "$QM" db copy "$T/flow.db" "$T/back.db"
nok "db copy onto a SQLite database with data" 1
eq "the refused target kept its rows" "$(sqlite3 "$T/back.db" "SELECT count(*) FROM mark")" \
    "$(sqlite3 "$T/flow.db" "SELECT count(*) FROM mark")"

# --- roles the server enforces -------------------------------------------
run "$QM" -d "$URL" user add --role analyst qmana1 qmana2
ok "user add analysts"
run "$QM" -d "$URL" user add --role supervisor qmsup
ok "user add supervisor"
eq "user add made the login role with quaymark_analyst" "$(pg_psql "$PG_OWNER" -c \
    "SELECT pg_has_role('qmana1', 'quaymark_analyst', 'MEMBER'), pg_has_role('qmana1', 'quaymark_supervisor', 'MEMBER')")" "t|f"
ANA=$(pg_url qmana1)
SUP=$(pg_url qmsup)
run "$QM" -d "$ANA" mark add --image 3 --class ship --at 20,20
ok "an analyst marks through quaymark"
AM=$OUT
run "$QM" -d "$ANA" approve "$AM"
nok "quaymark refuses the analyst's approval" 1
has "approve refusal" "$ERR" "only supervisors may review marks"
# the same analyst around quaymark, in psql
psql_no() {	# psql_no DESCRIPTION ROLE SQL NEEDLE: refused, with NEEDLE
	run pg_psql "$2" -c "$3"
	nok "$1"
	has "$1: reason" "$ERR" "$4"
}
psql_no "psql analyst approves" qmana1 \
    "UPDATE mark SET status = 'approved', status_by = 'qmana1', updated_by = 'qmana1', version = version + 1 WHERE id = $AM" \
    "only supervisors may review marks"
psql_no "psql analyst approves in a supervisor's name" qmana1 \
    "UPDATE mark SET status = 'approved', status_by = 'qmsup', updated_by = 'qmsup', version = version + 1 WHERE id = $AM" \
    "marks change only in the name of who changes them"
psql_no "psql analyst adds an approved mark" qmana1 \
    "INSERT INTO mark (image_id, class_id, kind, cx, cy, author, status, status_by, created, updated, updated_by) VALUES (3, 1, 'point', 1, 1, 'qmana1', 'approved', 'qmana1', 'x', 'x', 'qmana1')" \
    "analysts add pending marks in their own name"
psql_no "psql analyst adds a mark as another" qmana1 \
    "INSERT INTO mark (image_id, class_id, kind, cx, cy, author, created, updated, updated_by) VALUES (3, 1, 'point', 1, 1, 'qmana2', 'x', 'x', 'qmana1')" \
    "analysts add pending marks in their own name"
psql_no "psql analyst rewrites an audit row" qmana1 \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "permission denied"
psql_no "psql analyst deletes audit rows" qmana1 \
    "DELETE FROM audit" "permission denied"
psql_no "psql analyst truncates the audit" qmana1 \
    "TRUNCATE audit" "permission denied"
# a row that extends the chain correctly (the hash computed as audit.c
# does), but in another's name
forge() {	# forge NAME: the next audit row, in NAME's name
	echo "INSERT INTO audit (id, at, \"user\", action, entity, hash)
	    SELECT t.id + 1, 'X', '$1', 'approve', 'mark',
	    encode(sha256(convert_to(t.hash || E'\\x1e' || (t.id + 1)::text ||
	    E'\\x1eX\\x1e$1\\x1eapprove\\x1emark\\x1e\\x1e\\x1e', 'UTF8')), 'hex')
	    FROM (SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1) t"
}
run pg_psql qmana1 -c "BEGIN; $(forge qmana1); ROLLBACK"
ok "the forged row's hash is right (in one's own name it would go in)"
psql_no "psql analyst forges another's audit row" qmana1 "$(forge qmsup)" \
    "row-level security"
psql_no "psql analyst appends a row off the chain" qmana1 \
    "INSERT INTO audit (id, at, \"user\", action, entity, hash) SELECT max(id) + 1, 'x', 'qmana1', 'approve', 'mark', 'h' FROM audit" \
    "does not match its hash"
psql_no "psql analyst makes themself supervisor" qmana1 \
    "UPDATE \"user\" SET role = 'supervisor' WHERE name = 'qmana1'" \
    "permission denied"
psql_no "psql analyst grants themself the role" qmana1 \
    "GRANT quaymark_supervisor TO qmana1" "must have admin option"
psql_no "psql supervisor rewrites an audit row" qmsup \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "permission denied"
psql_no "psql supervisor deletes audit rows" qmsup \
    "DELETE FROM audit WHERE id = 1" "permission denied"
psql_no "psql supervisor approves in another's name" qmsup \
    "UPDATE mark SET status = 'approved', status_by = 'qmana1', updated_by = 'qmsup', version = version + 1 WHERE id = $AM" \
    "a review is in the reviewer's own name"
psql_no "the owner cannot rewrite an audit row either (trigger)" "$PG_OWNER" \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "audit rows are append-only"
run "$QM" -d "$SUP" approve "$AM"
ok "the supervisor approves through quaymark"
run "$QM" -d "$ANA" mark set "$AM" count=3
ok "the analyst edits the approved mark (back to pending)"
eq "the edit sent it back to pending" "$(pg_psql "$PG_OWNER" -c \
    "SELECT status, updated_by, author FROM mark WHERE id = $AM")" "pending|qmana1|qmana1"
eq "audit rows in the analysts' own names" "$(pg_psql "$PG_OWNER" -c \
    "SELECT \"user\", action FROM audit WHERE entity = 'mark' AND entity_id = $AM ORDER BY id")" \
    "qmana1|create
qmsup|approve
qmana1|update"
run "$QM" -d "$URL" audit verify
ok "the chain verifies after the refusals"

# --- concurrent writers: one gapless chain -------------------------------
before=$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM audit")
writer() {	# writer ROLE N: N marks, each its own transaction
	_i=0
	while [ "$_i" -lt "$2" ]; do
		"$QM" -d "$(pg_url "$1")" mark add --image 4 --class ship \
		    --at "$_i,$_i" >> "$T/acked.$1" 2>> "$T/errs.$1" ||
			echo "mark add failed" >> "$T/errs.$1"
		_i=$((_i + 1))
	done
}
: > "$T/acked.qmana1"
: > "$T/acked.qmana2"
writer qmana1 25 &
w1=$!
writer qmana2 25 &
w2=$!
wait "$w1" "$w2"
eq "writer 1 errors" "$(cat "$T/errs.qmana1" 2>/dev/null)" ""
eq "writer 2 errors" "$(cat "$T/errs.qmana2" 2>/dev/null)" ""
eq "every change has its audit row" \
    "$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM audit") " "$((before + 50)) "
eq "ids gapless" "$(pg_psql "$PG_OWNER" -c "SELECT max(id) = count(*) FROM audit")" t
run "$QM" -d "$URL" audit verify
ok "concurrent writers: the chain verifies"

# marks IMAGE Y FILE STOP: mark add as the analyst, one process each, until
# the file STOP (at most 3000), each acknowledged id appended to FILE
marks() {
	_i=0
	while [ ! -f "$4" ] && [ "$_i" -lt 3000 ]; do
		"$QM" -d "$ANA" mark add --image "$1" --class ship --at "$_i,$2" \
		    >> "$3" 2>/dev/null
		_i=$((_i + 1))
	done
}
# acked FILE N [TENTHS]: until FILE holds N acknowledged ids (default 30 s)
acked() {
	_w=0
	while [ "$(grep -c . "$1")" -lt "$2" ] && [ "$_w" -lt "${3:-300}" ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
}

# --- writers killed (kill -9) in mid-change: the chain stays whole -------
: > "$T/acked.kill"
marks 6 2 "$T/acked.kill" "$T/stopk" &
wk=$!
# one change acknowledged first, so that the check below has one to find
# however slow the machine
acked "$T/acked.kill" 1
killed=0
_w=0
while [ "$killed" -lt 5 ] && [ "$_w" -lt 600 ]; do
	sleep 0.05
	_w=$((_w + 1))
	for p in $(pgrep -P "$wk"); do
		kill -KILL "$p" 2>/dev/null && killed=$((killed + 1))
	done
done
touch "$T/stopk"
wait "$wk"
CHECKS=$((CHECKS + 1))
[ "$killed" -ge 5 ] || fail "only $killed writers killed"
n=$(grep -c . "$T/acked.kill")
ids=$(paste -sd, "$T/acked.kill")
eq "writers killed: every acknowledged mark is there" \
    "$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM mark WHERE id IN ($ids)" 2>&1)" "$n"
run "$QM" -d "$URL" audit verify
ok "writers killed: the chain verifies"
# a killed writer's lock on the chain went with its session
run "$QM" -d "$ANA" mark add --image 6 --class ship --at 1,1
ok "writers killed: the next change goes through"

# --- a change's own checks hold though the chain lock waits for its commit
# (db_begin_late: mark changes read without a lock and take the chain lock
# only with their audit row). A psql session as the owner holds a row
# that a quaymark change needs, and commits only once someone waits for a
# lock (pg_locks: the owner does not see analysts' wait events); hold SQL
# runs it. held: until the holder has its row (30 s).
hold() {
	PGAPPNAME=qmhold pg_psql "$PG_OWNER" -c "BEGIN; $1;
	    SET application_name = 'qmheld';
	    DO \$\$ DECLARE i int := 0; BEGIN
	    WHILE i < 600 AND NOT EXISTS (SELECT 1 FROM pg_locks WHERE
	    NOT granted) LOOP PERFORM pg_sleep(0.05); i := i + 1; END LOOP;
	    END \$\$; COMMIT" >/dev/null
}
held() {
	_w=0
	while [ "$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM
	    pg_stat_activity WHERE application_name = 'qmheld'")" != 1 ] &&
	    [ "$_w" -lt 300 ]; do
		sleep 0.1
		_w=$((_w + 1))
	done
}
# two edits of one version: the second to commit is refused, not written
# over the first (regression: late_lock_lost_update)
mid=$("$QM" -d "$ANA" mark add --image 9 --class ship --at 4,4)
ver=$(pg_psql "$PG_OWNER" -c "SELECT version FROM mark WHERE id = $mid")
hold "UPDATE mark SET count = 99, version = version + 1 WHERE id = $mid" &
wh=$!
held
run "$QM" -d "$ANA" mark set --if-version "$ver" "$mid" count=7
wait "$wh"
nok "late_lock_lost_update: an edit of a version changed meanwhile" 1
has "late_lock_lost_update: says the mark changed" "$ERR" "was changed by"
eq "late_lock_lost_update: the first edit stands" "$(pg_psql "$PG_OWNER" -c \
    "SELECT count, version FROM mark WHERE id = $mid")" "99|$((ver + 1))"
eq "late_lock_lost_update: no audit row for the refused edit" \
    "$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM audit WHERE entity =
    'mark' AND entity_id = $mid AND action = 'update'")" 0
# a mark added while its image is being accepted waits, then sees it
# accepted (regression: late_lock_accept_skew)
hold "UPDATE image SET accepted = 1, accepted_by = '$PG_OWNER',
    version = version + 1 WHERE id = 8" &
wh=$!
held
run "$QM" -d "$ANA" mark add --image 8 --class ship --at 6,6
wait "$wh"
nok "late_lock_accept_skew: a mark on an image accepted meanwhile" 1
has "late_lock_accept_skew: says why" "$ERR" "accepted by a supervisor and locked"
eq "late_lock_accept_skew: no mark went in" "$(pg_psql "$PG_OWNER" -c \
    "SELECT count(*) FROM mark WHERE image_id = 8 AND cx = 6")" 0
run "$QM" -d "$URL" audit verify
ok "late lock: the chain verifies"

# --- one connection across a server restart (a TUI session's) -----------
# (the file is made first: a background job opens it later, and the wait
# below must not read a missing file as "done")
: > "$T/wait.out"
"$BUILD/tools/markloop" "$ANA" 7 "$T/go" >> "$T/wait.out" 2>&1 &
wm=$!
acked "$T/wait.out" 1
pg_bounce "$wm" "$T/wait.out"
ok "the store reconnects after the server restarted"
eq "both changes went in, before and after" "$(grep -c '^[0-9][0-9]*$' "$T/wait.out")" 2
ids=$(paste -sd, "$T/wait.out")
eq "both marks are there" "$(pg_psql "$PG_OWNER" -c \
    "SELECT count(*) FROM mark WHERE id IN ($ids)" 2>&1)" 2

# kept FILE MIN WHAT: after a crash, the FILE's (at least MIN) acknowledged
# marks are all there with their audit rows, and the chain verifies
kept() {
	n=$(grep -c . "$1")
	[ "$n" -ge "$2" ] || fail "only $n changes acknowledged before the crash"
	ids=$(paste -sd, "$1")
	eq "$3: every acknowledged mark is there" "$(pg_psql "$PG_OWNER" -c \
	    "SELECT count(*) FROM mark WHERE id IN ($ids)")" "$n"
	eq "$3: and its audit row" "$(pg_psql "$PG_OWNER" -c \
	    "SELECT count(*) FROM audit WHERE entity = 'mark' AND action = 'create' AND entity_id IN ($ids)")" "$n"
	run "$QM" -d "$URL" audit verify
	ok "$3: the chain verifies"
}

# --- the server killed: acknowledged changes survive ---------------------
: > "$T/acked.crash"
marks 5 1 "$T/acked.crash" "$T/stop" &
wc=$!
acked "$T/acked.crash" 10
pg_crash
CHECKS=$((CHECKS + 1))
pg_restart || fail "the server did not restart after the crash"
# writing goes on after the restart (new connections)
acked "$T/acked.crash" $(($(grep -c . "$T/acked.crash") + 5))
touch "$T/stop"
wait "$wc"
kept "$T/acked.crash" 10 "server crash"

# --- the server killed under several writers (early lock release): a change
# commits with synchronous_commit off, so the chain lock goes before its
# flush, and is acknowledged only after a second commit flushed the WAL
# (regression: early_release_acked_lost). Four writers at once, the
# server stopped -m immediate while they write: every acknowledged change
# is there after the restart, with its audit row, and the chain verifies
# (a prefix of it, never a hole).
for k in 1 2 3 4; do
	: > "$T/acked.many$k"
	marks 10 "$((k + 1))" "$T/acked.many$k" "$T/stopm" &
	eval "wm$k=\$!"
done
for k in 1 2 3 4; do
	acked "$T/acked.many$k" 8
done
pg_crash
CHECKS=$((CHECKS + 1))
touch "$T/stopm"
wait "$wm1" "$wm2" "$wm3" "$wm4"
pg_restart || fail "the server did not restart after the crash"
cat "$T/acked.many1" "$T/acked.many2" "$T/acked.many3" "$T/acked.many4" \
    > "$T/acked.many"
kept "$T/acked.many" 32 early_release_acked_lost
eq "early_release_acked_lost: audit ids gapless" "$(pg_psql "$PG_OWNER" -c \
    "SELECT max(id) = count(*) FROM audit")" t
finish
