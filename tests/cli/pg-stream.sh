#!/bin/sh
# PostgreSQL's streamed read (db_stream, issue 17: the report reads its
# million sightings as COPY ... TO STDOUT in binary, counting them as the
# server sends them): every type the store reads comes back as the plain
# read gives it, bound values (quotes, NULL) included; a statement failing
# midway, and the server ending the session midway, are one error, not a
# short answer taken for the whole; a read stopped early leaves the
# connection usable at once; a connection whose server restarted streams
# again; and the report on PostgreSQL is the report
# on SQLite, byte for byte. A throwaway cluster (tests/lib-pg.sh); without
# PostgreSQL's programs the suite skips.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-pg.sh"

pg_test_start
READ="$BUILD/tools/dbread"

# --- every type, streamed and plain alike ---------------------------------
TYPES="SELECT g::bigint, (g * 7)::int, (g % 300)::smallint, g % 3 = 0,
  CASE g % 6 WHEN 0 THEN 0.1 WHEN 1 THEN -0.0 WHEN 2 THEN 1e300
    WHEN 3 THEN 'NaN' WHEN 4 THEN '-Infinity' ELSE g / 7.0 END::float8,
  (g / 3.0)::real,
  CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN E'tab\there\nnew'
    WHEN 3 THEN E'back\\\\slash ''q'' Ünï' ELSE 'row ' || g END,
  ('v' || g)::varchar(20), ('c' || g % 10)::char(3), 'pg_class'::name,
  CASE WHEN g % 4 = 0 THEN NULL ELSE g END::bigint
  FROM generate_series(1, 3000) g WHERE g >= ?1 AND (?2 IS NULL OR ?2 <> 'x')
  ORDER BY 1 DESC"
run "$READ" -c 11 "$URL" "$TYPES" 1 null
ok "streamed read of every type"
cp "$T/out" "$T/stream.out"
run "$READ" -p -c 11 "$URL" "$TYPES" 1 null
ok "plain read of every type"
CHECKS=$((CHECKS + 1))
cmp -s "$T/stream.out" "$T/out" || fail "the streamed read differs from the plain read:
$(diff "$T/out" "$T/stream.out" | head -10)"
eq "every row streamed" "$(grep -c '^[0-9][0-9]*|' "$T/stream.out")" 3000
has "NULL stays NULL" "$(sed -n 1p "$T/stream.out")" '|\N|0|0|'
has "a tab inside text" "$(cat "$T/stream.out")" "$(printf 'tab\there')"
has "floats as the server writes them" "$(cat "$T/stream.out")" "|0.1|0|0.10000000000000001|"
has "NaN" "$(cat "$T/stream.out")" "|NaN|"
has "booleans as t and 1" "$(cat "$T/stream.out")" "|t|1|1|"
has "an untyped parameter typed as the plain read types it" "$(cat "$T/stream.out")" "done"
# quotes and backslashes in a bound text go in as a literal, not as SQL
run "$READ" -c 2 "$URL" "SELECT ?1, length(?1)" "t:it's a \\'; DROP TABLE x; --"
ok "a quoted parameter"
eq "the parameter arrives as it was bound" "$(head -1 "$T/out" | cut -d'|' -f1,4)" \
    "it's a \\'; DROP TABLE x; --|27"
run "$READ" -c 1 "$URL" "SELECT 1 WHERE ?1 IS NULL" null
eq "a NULL parameter" "$OUT" "$(printf '1|1|1\ndone')"
# a column of a type the stream does not decode: read the plain way
run "$READ" -c 2 "$URL" "SELECT g, (g || ' days')::interval FROM generate_series(1, 3) g"
ok "an undecoded type"
has "an undecoded type read the plain way" "$OUT" "3|3|3|3 days|3|3"
run "$READ" -c 1 "$URL" "SELECT 1 WHERE false"
eq "no rows" "$OUT" "done"

# --- many rows: all of them, in order -------------------------------------
MANY="SELECT g, 'name ' || g, (g * 0.5)::float8 FROM generate_series(1, 200000) g"
run "$READ" -c 3 "$URL" "$MANY"
ok "200,000 rows streamed"
eq "200,000 rows, in order" "$(grep -c '|' "$T/out")" 200000
eq "the last row last" "$(sed -n 200000p "$T/out")" \
    "200000|200000|200000|name 200000|0|0|100000|100000|100000"

# --- failures midway --------------------------------------------------------
run "$READ" -c 2 "$URL" "SELECT g, 1 / (g - 40000) FROM generate_series(1, 50000) g"
nok "a statement failing midway" 1
has "its reason" "$(tail -1 "$T/out")" "error: division by zero"
# the rows before it were real rows, but the read did not end as done
hasnt "a failed read is not done" "$OUT" "done"
# the server ends the session while rows are still coming
SLOW="SELECT g, CASE WHEN g = 5000 THEN pg_sleep(60) END IS NULL FROM generate_series(1, 6000) g"
KILL="SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY%' AND pid <> pg_backend_pid()"
t0=$(date +%s)
run "$READ" -c 2 -k "1:$KILL" "$URL" "$SLOW"
nok "the session ended midway" 1
one_line "one error line" "$(grep error: "$T/out")"
has "says the connection ended" "$(tail -1 "$T/out")" "terminating connection"
hasnt "a cut read is not done" "$OUT" "done"
[ $(($(date +%s) - t0)) -lt 30 ] || fail "the cut read waited for the server's sleep"

# --- an early stop ----------------------------------------------------------
# (a billion rows, made as they are read: reading them all would take
# minutes, so a stop that drained the answer instead fails the bound)
t0=$(date +%s)
run timeout 40 "$READ" -s 5 "$URL" "SELECT g FROM generate_series(1, 1000) a, LATERAL generate_series(a * 1000000 - 999999, a * 1000000) g"
ok "a read stopped after 5 of 1,000,000,000 rows"
eq "five rows, then the connection answers" "$OUT" "$(printf '1|1|1\n2|2|2\n3|3|3\n4|4|4\n5|5|5\nafter the stop: 42\ndone')"
[ $(($(date +%s) - t0)) -lt 30 ] || fail "the stop read the whole answer"
# inside a transaction a cancel would abort it: the rest is read instead,
# and the transaction goes on
run "$READ" -t -s 5 "$URL" "SELECT g FROM generate_series(1, 100000) g"
ok "a read stopped early inside a transaction"
eq "the transaction goes on after the stop" "$(tail -2 "$T/out")" "$(printf 'after the stop: 42\ndone')"

# --- one connection across a server restart (a TUI's report view) --------
"$READ" -a "$T/go" "$URL" "SELECT g FROM generate_series(1, 3) g" \
    > "$T/again.out" 2>&1 &
rp=$!
i=0
while ! grep -q again "$T/again.out" && [ "$i" -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
pg_bounce "$rp" "$T/again.out"
ok "a streamed read on the same connection after the server restarted"
eq "both reads whole" "$OUT" "$(printf '1|1|1\n2|2|2\n3|3|3\nagain\n1|1|1\n2|2|2\n3|3|3\ndone')"

# --- the report: PostgreSQL's is SQLite's ---------------------------------
DB=$(demo_db)
d=$(demo_dir)
"$QM" -d "$DB" import "$d/truth.csv" >/dev/null 2>&1 ||
    fail "the demo's marks did not import"
# the demo's quality verdicts, one command per verdict
"$QM" -d "$DB" images --format csv | awk -F, -v D="$d/" '
    NR == FNR { if (FNR > 1) q[$1] = $3; next }
    FNR > 1 { f = $2; sub(D, "", f); if (f in q) ids[q[f]] = ids[q[f]] " " $1 }
    END { for (v in ids) print v ids[v] }' "$d/quality.csv" - |
while read -r v ids; do
	"$QM" -d "$DB" quality $ids "$v" >/dev/null
done
pg_createdb report
REP=$(pg_url "$PG_OWNER" report)
run "$QM" db copy "$DB" "$REP"
ok "db copy of the demo"
for by in month day; do
	"$QM" -d "$DB" report --by "$by" --status all --format json > "$T/sqlite.json"
	run "$QM" -d "$REP" report --by "$by" --status all --format json
	ok "report --by $by on PostgreSQL"
	CHECKS=$((CHECKS + 1))
	cmp -s "$T/sqlite.json" "$T/out" || fail "report --by $by differs on PostgreSQL:
$(diff "$T/sqlite.json" "$T/out" | head -10)"
done
has "the report counted calls" "$(cat "$T/sqlite.json")" '"calls": 1'
finish
