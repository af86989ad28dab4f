#!/bin/sh
# A mark committed in the TUI on PostgreSQL (issue 17, within 1.5x of
# SQLite's time): what it sends the server, and the role it keeps.
#  - one mark is 10 statements in 3 round trips (BEGIN with the image read
#    FOR SHARE; the insert, which returns the row the TUI then shows; the
#    chain lock, audit row and durable COMMIT): no role looked up, nothing
#    read back, neither the image's marks nor its comments read again,
#    and the notification of its own commit reloads nothing
#    (mark_commit_trips);
#  - the store keeps "this user may write" for its connection instead of
#    asking the server before every mark (store/user.c, store_may_write),
#    which must never let through what the roles forbid: an analyst whose
#    role is taken away marks at once: refused (the server enforces the
#    role), nothing stored, and the next try says why; the database's
#    owner (whom the server's rules do not bind) removed from the users:
#    once the TUI has taken in the change (NOTIFY), a mark is refused by
#    quaymark itself (role_kept_after_notify); given a role again, the
#    next mark goes in at once: a no is never kept (role_refusal_kept).
# PostgreSQL only (tests/lib-pg.sh's cluster): skipped without it.
. "$(dirname "$0")/../lib.sh"
if [ "${QUAYMARK_TEST_DB:-}" != pg ]; then
	. "$(dirname "$0")/../lib-pg.sh"
	pg_test_start
fi
DB=$URL
BOB=$(pg_url qmbob)
SUE=$(pg_url qmsue)

run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database on PostgreSQL"
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)
run "$QM" -d "$DB" user add qmbob --role analyst
ok "qmbob is an analyst"
run "$QM" -d "$DB" user add qmsue --role supervisor
ok "qmsue is a supervisor"

# Every statement the server runs, in its log, with the backend's pid.
pg_log_statements
# took_in PID BEFORE: until backend PID ran statements past BEFORE (the
# TUI reloading after a notification), at most 10 s
took_in() {
	_i=0
	while [ "$(pg_statements "$1")" -le "$2" ] && [ "$_i" -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	CHECKS=$((CHECKS + 1))
	[ "$_i" -lt 100 ] || fail "the TUI did not reload after the change"
}
# quiet PID: until backend PID's count stands still for a second (30 s
# at most); prints it
quiet() {
	_i=0
	_s=$(pg_statements "$1")
	while [ "$_i" -lt 30 ]; do
		sleep 1
		[ "$(pg_statements "$1")" = "$_s" ] && break
		_s=$(pg_statements "$1")
		_i=$((_i + 1))
	done
	echo "$_s"
}
count_marks() {
	"$QM" -d "$DB" marks --format csv | tail -n +2 | grep -c .
}

# --- an analyst loses the role mid-session --------------------------------
tm_start 160 48
tm_keys "$QM -d '$BOB' tui" Enter
see "qmbob's TUI starts" "| 1/$N |"
tm_keys 1 Enter
see "qmbob's mark saved" "saved"
eq "qmbob's mark stored" "$(count_marks)" 1
run "$QM" -d "$SUE" user rm qmbob
ok "the supervisor removes qmbob"
# at once, before or after the TUI hears of it: refused all the same
# (by the server, or by quaymark when the notification came first)
tm_keys 1 Enter
i=0
until tm_screen | grep -q "permission denied\|qmbob may view but not"; do
	i=$((i + 1))
	[ "$i" -ge 100 ] && break
	sleep 0.1
done
CHECKS=$((CHECKS + 1))
[ "$i" -lt 100 ] || fail "no refusal on screen: $(tm_screen | tail -3)"
tm_keys 1 Enter
see "the next try says why" "qmbob may view but not change" 100
eq "nothing stored for either (role_cache_grants_nothing)" \
    "$(count_marks)" 1
tm_keys q
tm_shell || fail "qmbob's TUI did not quit"

# --- the owner, whom the server does not bind, removed and given back -----
tm_keys "clear; $QM -d '$DB' tui" Enter
see "the owner's TUI starts" "| 1/$N |"
tm_keys 1 Enter
see "the owner's mark saved" "saved"
eq "the owner's mark stored" "$(count_marks)" 2
P=$(pg_tui_pid "$PG_OWNER")
CHECKS=$((CHECKS + 1))
[ -n "$P" ] || fail "the owner's TUI backend is not in pg_stat_activity"
S=$(pg_statements "$P")
# --- what one mark sends (the cache holds: the last mark looked it up) ----
tm_keys 1
S=$(quiet "$P")
tm_keys Enter
eq "a mark is 10 statements, and its own notification reloads nothing (mark_commit_trips)" \
    "$(($(quiet "$P") - S))" 10
eq "the marks stored" "$(count_marks)" 3
see "and all three shown, the new one without reading them again" \
    "MARKS (3)"
S=$(pg_statements "$P")
run "$QM" -d "$SUE" user rm "$PG_OWNER"
ok "the supervisor removes the owner from the users"
took_in "$P" "$S"
tm_keys 1 Enter
see "refused by quaymark once the change is in (role_kept_after_notify)" \
    "$PG_OWNER may view but not change" 100
eq "nothing stored for it" "$(count_marks)" 3
run "$QM" -d "$SUE" user add "$PG_OWNER" --role analyst
ok "the supervisor makes the owner an analyst"
# at once: a refusal is never kept
tm_keys 1 Enter
see "marks again at once (role_refusal_kept)" "saved" 100
eq "that mark stored" "$(count_marks)" 4
tm_keys q
tm_shell || fail "the owner's TUI did not quit"
tm_stop
run "$QM" -d "$DB" audit verify
ok "the audit chain is whole"
finish
