#!/bin/sh
# PostgreSQL's rules in SQL alone (issue 17): `db init` makes the schema
# and the roles, refuses someone else's database and a newer schema; the
# roles are enforced by the server on psql sessions, quaymark absent (no
# approving, no rewriting or deleting audit rows, no audit row in
# another's name or off the chain, users made login roles). tests/cli/pg.sh
# runs quaymark itself on PostgreSQL. A throwaway cluster (tests/lib-pg.sh)
# runs as an unprivileged account and is stopped however the script ends;
# without PostgreSQL's programs the suite skips.
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
eq "the version table" "$(pg_psql "$PG_OWNER" -c 'SELECT version FROM qm_schema')" 6
if [ "$GIS" -eq 1 ]; then
	has "db init made the PostGIS views" "$OUT" "PostGIS views quay_gis and mark_gis"
	run pg_psql "$PG_OWNER" -c "SELECT count(*) FROM quay_gis, mark_gis"
	ok "the PostGIS views answer"
fi
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
run "$QM" db init "$(pg_url "$PG_OWNER" newer | sed "s|//$PG_OWNER@|//$PG_OWNER:s3cret@|")"
nok "newer schema refused" 1
has "newer reason" "$ERR" "made by a newer quaymark (schema 999"
hasnt "newer: no password in the message" "$ERR" "s3cret"
has "newer: the target named, password hidden" "$ERR" "$PG_OWNER:***@"
run "$QM" db init "postgresql://nobody@%2Fnonexistent:1/qm"
nok "no server" 1
one_line "no server: one line" "$ERR"
has "no server reason" "$ERR" "cannot connect"

# --- roles the server enforces, on psql sessions -------------------------
# a quaymark user row makes the login role and grants its quaymark role
pg_psql "$PG_OWNER" -c "INSERT INTO \"user\" VALUES
    ('qmana1', 'analyst', 'x', 'x'), ('qmsup', 'supervisor', 'x', 'x')"
eq "users are the server's roles" "$(pg_psql "$PG_OWNER" -c "SELECT
    pg_has_role('qmana1', 'quaymark_analyst', 'MEMBER'),
    pg_has_role('qmana1', 'quaymark_supervisor', 'MEMBER'),
    pg_has_role('qmsup', 'quaymark_supervisor', 'MEMBER')")" "t|f|t"
pg_psql "$PG_OWNER" -c "INSERT INTO site (name, created) VALUES ('s', 'x');
    INSERT INTO image (site_id, path, name, acquired, date_source, width,
    height, bands, data_type, file_size, file_mtime, hash, created, updated)
    VALUES (1, '/a.tif', 'a', '2025-01-01', 'x', 10, 10, 3, 'Byte', 1, 1,
    'h', 'x', 'x')"
run pg_psql qmana1 -c "INSERT INTO mark (image_id, class_id, kind, cx, cy,
    author, created, updated, updated_by) VALUES (1, 1, 'point', 1, 1,
    'qmana1', 'x', 'x', 'qmana1') RETURNING id"
ok "an analyst adds a pending mark in their own name"
AM=$OUT
eq "the summary follows the mark (schema 6 triggers)" \
    "$(pg_psql "$PG_OWNER" -c "SELECT count(*) FROM sighting WHERE mark_id = $AM")" 1
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
    "INSERT INTO mark (image_id, class_id, kind, cx, cy, author, status, status_by, created, updated, updated_by) VALUES (1, 1, 'point', 1, 1, 'qmana1', 'approved', 'qmana1', 'x', 'x', 'qmana1')" \
    "analysts add pending marks in their own name"
psql_no "psql analyst adds a mark as another" qmana1 \
    "INSERT INTO mark (image_id, class_id, kind, cx, cy, author, created, updated, updated_by) VALUES (1, 1, 'point', 1, 1, 'qmana2', 'x', 'x', 'qmana1')" \
    "analysts add pending marks in their own name"
psql_no "psql analyst changes a mark's author" qmana1 \
    "UPDATE mark SET author = 'qmsup', updated_by = 'qmana1', version = version + 1 WHERE id = $AM" \
    "a mark's author never changes"
# a row that extends the chain correctly (the hash computed as audit.c
# does), in NAME's name
forge() {
	echo "INSERT INTO audit (id, at, \"user\", action, entity, hash)
	    SELECT coalesce(t.id, 0) + 1, 'X', '$1', 'approve', 'mark',
	    encode(sha256(convert_to(coalesce(t.hash, '') || E'\\x1e' ||
	    (coalesce(t.id, 0) + 1)::text ||
	    E'\\x1eX\\x1e$1\\x1eapprove\\x1emark\\x1e\\x1e\\x1e', 'UTF8')), 'hex')
	    FROM (SELECT NULL::bigint AS id, NULL::text AS hash UNION ALL
	    (SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1)) t
	    ORDER BY t.id DESC NULLS LAST LIMIT 1"
}
run pg_psql qmana1 -c "$(forge qmana1)"
ok "an audit row in one's own name, extending the chain, goes in"
run "$QM" db init "$URL"
ok "and the database still opens"
psql_no "psql analyst forges another's audit row" qmana1 "$(forge qmsup)" \
    "row-level security"
psql_no "psql analyst appends a row off the chain" qmana1 \
    "INSERT INTO audit (id, at, \"user\", action, entity, hash) SELECT max(id) + 1, 'x', 'qmana1', 'approve', 'mark', 'h' FROM audit" \
    "does not match its hash"
psql_no "psql analyst skips an id" qmana1 \
    "INSERT INTO audit (id, at, \"user\", action, entity, hash) SELECT max(id) + 2, 'x', 'qmana1', 'approve', 'mark', 'h' FROM audit" \
    "does not follow the chain"
psql_no "psql analyst rewrites an audit row" qmana1 \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "permission denied"
psql_no "psql analyst deletes audit rows" qmana1 \
    "DELETE FROM audit" "permission denied"
psql_no "psql analyst truncates the audit" qmana1 \
    "TRUNCATE audit" "permission denied"
psql_no "psql analyst makes themself supervisor" qmana1 \
    "UPDATE \"user\" SET role = 'supervisor' WHERE name = 'qmana1'" \
    "permission denied"
psql_no "psql analyst grants themself the role" qmana1 \
    "GRANT quaymark_supervisor TO qmana1" "must have admin option"
psql_no "psql analyst accepts an image" qmana1 \
    "UPDATE image SET accepted = 1, accepted_by = 'qmana1' WHERE id = 1" \
    "only supervisors may accept"
psql_no "psql supervisor rewrites an audit row" qmsup \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "permission denied"
psql_no "psql supervisor deletes audit rows" qmsup \
    "DELETE FROM audit WHERE id = 1" "permission denied"
psql_no "psql supervisor approves in another's name" qmsup \
    "UPDATE mark SET status = 'approved', status_by = 'qmana1', updated_by = 'qmsup', version = version + 1 WHERE id = $AM" \
    "a review is in the reviewer's own name"
psql_no "the owner cannot rewrite an audit row either (trigger)" "$PG_OWNER" \
    "UPDATE audit SET action = 'nothing' WHERE id = 1" "audit rows are append-only"
run pg_psql qmsup -c "UPDATE mark SET status = 'approved', status_by = 'qmsup', updated_by = 'qmsup', version = version + 1 WHERE id = $AM"
ok "the supervisor approves in their own name"
run pg_psql qmana1 -c "UPDATE mark SET cx = 2, status = 'pending', status_by = NULL, updated_by = 'qmana1', version = version + 1 WHERE id = $AM"
ok "the analyst's edit sends the approved mark back to pending"
run pg_psql qmsup -c "UPDATE image SET accepted = 1, accepted_by = 'qmsup' WHERE id = 1"
ok "the supervisor accepts the image"
psql_no "psql analyst edits a mark of an accepted image" qmana1 \
    "UPDATE mark SET cx = 3, updated_by = 'qmana1', version = version + 1 WHERE id = $AM" \
    "accepted by a supervisor and locked"
finish
