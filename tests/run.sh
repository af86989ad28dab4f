#!/bin/sh
# run.sh BUILD [unit|cli|tui]: run quaymark's tests against one build.
# Unit tests are cmocka binaries; cli and tui tests are shell scripts that
# drive the real binary (the tui ones inside tmux).
#
# Each suite ends passed, failed or skipped (a suite that skipped any of
# its checks, with the reasons listed, is not a pass). The last line is
# "N passed, N failed, N skipped". With CI=true (and under .ci/run) a
# skip fails the run: the CI machine has everything, so a skip there
# means something is missing that the tests need.
set -u
BUILD=${1:?usage: run.sh BUILD [unit|cli|tui]}
WHICH=${2:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
export QM="$top/$BUILD/quaymark"
export BUILD="$top/$BUILD"
export SHARED="${QUAYMARK_SHARED:-$top/../shared/data}"
export TMPROOT="${TMPDIR:-/tmp}"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
failed=0
passed=0
skipped=0
reasons=$(mktemp "$TMPROOT/qmskips.XXXXXX")
export QM_SKIPLOG
QM_SKIPLOG=$(mktemp "$TMPROOT/qmskip.XXXXXX")
trap 'rm -f "$reasons" "$QM_SKIPLOG"' EXIT

say() { printf '%s\n' "$*"; }

# verdict NAME STATUS: count one suite; its skips are in $QM_SKIPLOG.
verdict() {
	if [ "$2" -ne 0 ]; then
		failed=$((failed + 1))
		say "FAIL $1"
	elif [ -s "$QM_SKIPLOG" ]; then
		skipped=$((skipped + 1))
		sed "s|^|SKIP $1: |" "$QM_SKIPLOG" | tee -a "$reasons"
	else
		passed=$((passed + 1))
	fi
	: > "$QM_SKIPLOG"
}

if [ "$WHICH" = all ] || [ "$WHICH" = unit ]; then
	for t in "$BUILD"/tests/test-*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		rc=$?
		[ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -30
		# cmocka's skip(): by convention the test prints "SKIP reason"
		# first; cmocka lists each skipped test twice (as it runs and
		# in its summary), hence the unique names.
		printf '%s\n' "$out" | grep '^SKIP ' | sed 's/^SKIP //' \
		    >> "$QM_SKIPLOG"
		n=$(printf '%s\n' "$out" | grep '^\[  SKIPPED \] test' |
		    sort -u | grep -c .)
		[ "$n" -gt 0 ] && ! [ -s "$QM_SKIPLOG" ] &&
		    echo "$n test(s) skipped without a reason" >> "$QM_SKIPLOG"
		say "$(basename "$t"): $(printf '%s\n' "$out" |
		    grep -c '^\[       OK \]') tests passed, $n skipped"
		verdict "unit/$(basename "$t")" "$rc"
	done
fi
for kind in cli tui; do
	[ "$WHICH" = all ] || [ "$WHICH" = "$kind" ] || continue
	for t in "$top"/tests/$kind/*.sh; do
		[ -f "$t" ] || continue
		sh "$t"
		verdict "$kind/$(basename "$t")" $?
	done
done
# The command-line scripts that see the database only through quaymark
# run again on PostgreSQL (QUAYMARK_TEST_DB=pg, tests/lib.sh), each on a
# throwaway cluster; tests/cli/pg.sh holds the engine's own checks.
PG_BOTH="candidates chart count count-truth export-truth formats ingest
labels marks messages outputs quays"
if { [ "$WHICH" = all ] || [ "$WHICH" = cli ]; } &&
    [ -f "$top/tests/lib-pg.sh" ]; then
	if (. "$top/tests/lib-pg.sh" && trap - EXIT && pg_have); then
		for n in $PG_BOTH; do
			[ -f "$top/tests/cli/$n.sh" ] || continue
			QUAYMARK_TEST_DB=pg sh "$top/tests/cli/$n.sh"
			verdict "cli-pg/$n.sh" $?
		done
	else
		echo "PostgreSQL not installed: no suite ran on PostgreSQL" \
		    >> "$QM_SKIPLOG"
		verdict "cli-pg" 0
	fi
fi
# The terminal suites run again on PostgreSQL the same way, but for
# those below, which say why (printed, not skips: nothing is missing).
PG_TUI_NOT="diskfull:a SQLite file on a full tmpfs (a server's disk is the server's)
marking:copies a SQLite database file between cases
scripted:copies a SQLite database file between cases
review:other analysts are OS accounts sharing a file (on PostgreSQL login roles: cli/pg-roles.sh)
notify:PostgreSQL's own suite, run above
pg-marking:PostgreSQL's own suite, run above"
# Plain build only: they take ~4 min, twice that under the sanitizers,
# whose findings the same code paths give on SQLite (and notify.sh, the
# PostgreSQL TUI's own suite, runs under them above).
if { [ "$WHICH" = all ] || [ "$WHICH" = tui ]; } &&
    [ "$(basename "$BUILD")" = build-asan ]; then
	say "tui-pg: not run under the sanitizers (the plain build runs them)"
elif { [ "$WHICH" = all ] || [ "$WHICH" = tui ]; } &&
    [ -f "$top/tests/lib-pg.sh" ]; then
	if (. "$top/tests/lib-pg.sh" && trap - EXIT && pg_have); then
		for t in "$top"/tests/tui/*.sh; do
			n=$(basename "$t" .sh)
			why=$(printf '%s\n' "$PG_TUI_NOT" | sed -n "s/^$n://p")
			if [ -n "$why" ]; then
				say "tui-pg/$n.sh not run on PostgreSQL: $why"
				continue
			fi
			QUAYMARK_TEST_DB=pg sh "$t"
			verdict "tui-pg/$n.sh" $?
		done
	else
		echo "PostgreSQL not installed: no TUI suite ran on PostgreSQL" \
		    >> "$QM_SKIPLOG"
		verdict "tui-pg" 0
	fi
fi
say "$BUILD: $passed suites passed, $failed failed, $skipped skipped"
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then
	say "FAIL: $skipped suite(s) skipped under CI=true, where nothing may be:"
	cat "$reasons"
	failed=$((failed + skipped))
fi
say "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
