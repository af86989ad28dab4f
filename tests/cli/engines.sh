#!/bin/sh
# One store, two engines (issue 17): the demo port written through the
# store on SQLite and on PostgreSQL reads back the same: the monthly
# report (on PostgreSQL the count engine's rows are stepped out of a
# plain SELECT, on SQLite handed over by a C function inside the query:
# store/sighting.c), the marks, a blind image's verdicts and the audit
# chain. Skips without PostgreSQL's programs (tests/lib-pg.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-pg.sh"

pg_test_start
SQ="$T/s.db"

run "$QM" db init "$URL"
ok "db init"
for db in "$SQ" "$URL"; do
	run "$QM" -d "$db" demo --scale 0.1 --labels all --no-open
	ok "demo on $db"
done

same() {	# same DESCRIPTION ARGS...: one command's output on both
	run "$QM" -d "$SQ" "$@"
	ok "$1 on SQLite"
	sq=$OUT
	run "$QM" -d "$URL" "$@"
	ok "$1 on PostgreSQL"
	eq "$* alike on both engines" "$OUT" "$sq"
}
same report
same report --format json
same marks --format csv
same images --format csv
has "the report has months" "$sq" "2024"

# a mark added, edited and approved reads back alike (RETURNING id)
for db in "$SQ" "$URL"; do
	img=$("$QM" -d "$db" images --format csv | sed -n 3p | cut -d, -f1)
	run "$QM" -d "$db" mark add --image "$img" --class ship --at 10,12
	ok "mark add on $db"
done
same marks --format csv
run "$QM" -d "$URL" audit verify
ok "the audit chain verifies on PostgreSQL"
run "$QM" -d "$SQ" audit verify
ok "the audit chain verifies on SQLite"
finish
