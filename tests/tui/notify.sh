#!/bin/sh
# The TUI on PostgreSQL (issue 17): another analyst's mark shows up
# without a keypress through LISTEN/NOTIFY, and while idle the TUI sends
# the server no statement at all (counted in the server's log with
# log_statement=all; a database made before the audit trigger gets it
# from its owner's TUI); a dropped connection (its backend terminated, then
# the whole server stopped with -m immediate and started again) is made
# again with backoff, the status line says "reconnecting" meanwhile, a
# mark tried then is refused (not acknowledged, not half-saved), and a
# mark made after recovery is in the database beside every one made
# before. PostgreSQL only (tests/lib-pg.sh's cluster): skipped without it.
. "$(dirname "$0")/../lib.sh"
if [ "${QUAYMARK_TEST_DB:-}" != pg ]; then
	. "$(dirname "$0")/../lib-pg.sh"
	pg_test_start
fi
DB=$URL

run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database on PostgreSQL"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)

# Every statement the server runs, in its log, with the backend's pid;
# the TUI's backend is the only quaymark session while no command runs.
pg_log_statements
# count_marks: marks in the database, as quaymark lists them.
count_marks() {
	"$QM" -d "$DB" marks --format csv | tail -n +2 | grep -c .
}

# a database made before the trigger existed: the owner's TUI adds it
pg_psql "$PG_OWNER" -c "DROP TRIGGER audit_notify ON audit" >/dev/null
trigger() {
	pg_psql "$PG_OWNER" -c "SELECT count(*) FROM pg_trigger WHERE
	    tgname = 'audit_notify'"
}

tm_start 160 48
tm_keys "$QM -d '$DB' tui" Enter
see "starts" "| 1/$N |"
eq "the owner's TUI gave an older database the trigger" "$(trigger)" 1
see "no marks yet" "MARKS (0)"

# --- LISTEN/NOTIFY: no polling while idle, changes still show ----------
P=$(pg_tui_pid)
CHECKS=$((CHECKS + 1))
[ -n "$P" ] || fail "the TUI's backend is not in pg_stat_activity"
# let read-ahead finish: the count stops moving
i=0
s0=$(pg_statements "$P")
while [ "$i" -lt 50 ]; do
	sleep 0.5
	s1=$(pg_statements "$P")
	[ "$s1" = "$s0" ] && break
	s0=$s1
	i=$((i + 1))
done
sleep 3
eq "no statement while idle for 3 s (idle_tui_polls_pg)" \
    "$(pg_statements "$P")" "$s0"

ID=$("$QM" -d "$DB" mark add --image "$IMG" --class ship --at 100,100 \
    --name Lady_R)
see "the other's mark appears without a key" "MARKS (1)" 100
see "with its name" "Lady_R"
eq "the same session all along" "$(pg_tui_pid)" "$P"

# A burst of commits a few ms apart (mark rm: one transaction a mark): a
# notification that comes while the TUI redraws for the one before is
# read by libpq during those queries, and the socket is quiet; the TUI
# must look again before sleeping, not wait for a key or its 60 s idle
# timeout (notification_during_redraw_kept). Five rounds: it raced.
for round in 1 2 3 4 5; do
	ids=
	for k in $(seq 1 30); do
		ids="$ids $("$QM" -d "$DB" mark add --image "$IMG" --class ship \
		    --at "$((20 + k * 12)),200")"
	done
	see "round $round: 30 more marks show" "MARKS (31)" 100
	# shellcheck disable=SC2086
	"$QM" -d "$DB" mark rm $ids || fail "mark rm failed: [$ids]"
	see "round $round: the burst's last commit shown within 10 s, no key" \
	    "MARKS (1)" 100
done

# a mark of our own, committed before anything goes wrong
tm_keys 1 Enter
see "our mark saved" "saved"
see "two marks" "MARKS (2)"
eq "ours is in the database" "$(count_marks)" 2

# --- the backend terminated (an administrator, a pooler's timeout) ------
pg_psql postgres -c "SELECT pg_terminate_backend($P)" >/dev/null
see "made again at once" "reconnected to the server" 100
P2=$(pg_tui_pid)
CHECKS=$((CHECKS + 1))
[ -n "$P2" ] && [ "$P2" != "$P" ] ||
    fail "a new backend after the terminate: [$P] then [$P2]"
# it LISTENs again: another's change still shows without a key
"$QM" -d "$DB" mark add --image "$IMG" --class ship --at 300,100 \
    --name Angara >/dev/null
see "the feed works on the new connection" "MARKS (3)" 100

# --- the server stopped (-m immediate: no checkpoint) and started -------
pg_crash
see "says reconnecting while the server is away" "reconnecting" 100
tm_keys l 1
see "a mark while away is refused, saying why" "not saved: the connection" 100
see "still says reconnecting" "reconnecting"
# the next date's picture is a file, not the server's: it is drawn
tm_keys ]
see "keys still work while away: the next date" "| 2/$N |" 30
tm_keys [
see "and back" "| 1/$N |" 30
pg_restart || fail "the server did not restart"
see "reconnected after the restart" "reconnected to the server" 150
tm_keys 1 Enter
see "a mark after recovery is saved" "saved" 100
see "four marks on screen" "MARKS (4)" 100
tm_keys q
tm_shell || fail "the TUI did not quit"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "Sanitizer\|runtime error\|Segmentation" &&
    fail "a sanitizer report on quitting: $(tm_screen | grep -m3 'Sanitizer\|Segm')"
tm_stop

eq "nothing acknowledged lost, the refused one not stored" \
    "$(count_marks)" 4
run "$QM" -d "$DB" marks --format csv
has "the other's first mark kept" "$OUT" "Lady_R"
has "the other's second mark kept" "$OUT" "Angara"
run "$QM" -d "$DB" audit verify
ok "the audit chain is whole"
finish
