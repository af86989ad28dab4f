#!/bin/sh
# The test harness itself: `nok` fails on a crash (a signal, a sanitizer
# report) rather than taking it for a refusal; `skip` is counted apart
# from passes and says why; run.sh's last line is "N passed, N failed,
# N skipped", and under CI=true a skip fails the run.
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
F="$T/fake"
mkdir -p "$F/tests/cli" "$F/build/tests"
cp "$top/tests/lib.sh" "$top/tests/run.sh" "$F/tests/"
# case NAME BODY: a one-check suite using lib.sh
case_() {
	printf '. "$(dirname "$0")/../lib.sh"\n%s\nfinish\n' "$2" > "$F/tests/cli/$1.sh"
}

# nok on a crash, a sanitizer report, a plain refusal
case_ segv 'run sh -c "kill -SEGV \$\$"; nok "refused"'
run env -u QM_SKIPLOG QM=x sh "$F/tests/cli/segv.sh"
eq "nok does not pass a segfault" "$RC" 1
has "says it crashed" "$ERR" "crashed (exit 139)"
# SIGABRT's status (ASan with abort_on_error), with nothing on stderr
case_ abrt 'run sh -c "exit 134"; nok "refused"'
run env -u QM_SKIPLOG QM=x sh "$F/tests/cli/abrt.sh"
eq "nok does not pass an abort's status" "$RC" 1
has "says it crashed (134)" "$ERR" "crashed (exit 134)"
case_ asan 'run sh -c "echo ==1==ERROR: AddressSanitizer: heap-use-after-free >&2; exit 1"; nok "refused" 1'
run env -u QM_SKIPLOG QM=x sh "$F/tests/cli/asan.sh"
eq "nok does not pass an ASan report" "$RC" 1
has "says it crashed (ASan)" "$ERR" "crashed (exit 1)"
case_ refusal 'run sh -c "echo no >&2; exit 2"; nok "refused" 2'
run env -u QM_SKIPLOG QM=x sh "$F/tests/cli/refusal.sh"
ok "nok passes a refusal"
rm "$F/tests/cli/segv.sh" "$F/tests/cli/asan.sh" "$F/tests/cli/abrt.sh"

# skips: counted, with the reason, in run.sh's summary
case_ skipper 'skip "no frobnicator here"'
run env -u QM_SKIPLOG QM=x sh "$F/tests/cli/skipper.sh"
ok "a skip alone is not a failure"
has "the suite says it skipped" "$OUT" "0 checks passed, 1 skipped"
has "and why" "$ERR" "SKIP [skipper] no frobnicator here"
run env -u CI sh "$F/tests/run.sh" build cli
ok "run.sh: a skip is not a failure outside CI"
eq "run.sh: the last line" "$(printf '%s\n' "$OUT" | tail -1)" \
    "1 passed, 0 failed, 1 skipped"
has "run.sh lists the reason" "$OUT" "SKIP cli/skipper.sh: skipper: no frobnicator here"
run env CI=true sh "$F/tests/run.sh" build cli
nok "run.sh under CI=true: a skip fails the run" 1
has "CI says why" "$OUT" "skipped under CI=true"
# a skip inside $(...) (shared_data does that) still counts
case_ sub 'd=$(skip "in a subshell"; echo x); eq "subshell" "$d" x'
rm "$F/tests/cli/skipper.sh"
run env -u CI sh "$F/tests/run.sh" build cli
eq "run.sh: a subshell's skip counted" "$(printf '%s\n' "$OUT" | tail -1)" \
    "1 passed, 0 failed, 1 skipped"
# a failure is a failure
case_ failing 'eq "x" 1 2'
run env -u CI sh "$F/tests/run.sh" build cli
nok "run.sh: a failing suite fails the run" 1
eq "run.sh: counted" "$(printf '%s\n' "$OUT" | tail -1)" \
    "1 passed, 1 failed, 1 skipped"
# A terminal test that is stopped half-way (timeout's SIGTERM, ^C, a
# crash of the script) takes its tmux server and $T with it.
if command -v tmux >/dev/null; then
	for sig in TERM INT HUP; do
		case_ "stopped$sig" 'tm_start 40 10; echo "$T" > "$TMPROOT/qmharness-t"; kill -'"$sig"' $$; sleep 5; eq "not reached" 1 1'
		run env -u QM_SKIPLOG QM=x TMPROOT="$T" sh "$F/tests/cli/stopped$sig.sh"
		CHECKS=$((CHECKS + 1))
		[ "$RC" -ne 0 ] || fail "SIG$sig: the stopped script exited 0"
		st=$(cat "$T/qmharness-t" 2>/dev/null)
		CHECKS=$((CHECKS + 1))
		[ -n "$st" ] && [ ! -e "$st" ] || fail "SIG$sig: $st left behind"
		CHECKS=$((CHECKS + 1))
		pgrep -f "tmux -S $st/tmux.sock" >/dev/null &&
		    fail "SIG$sig: its tmux server still runs"
		pkill -f "tmux -S $st/tmux.sock" 2>/dev/null
		rm -f "$F/tests/cli/stopped$sig.sh" "$T/qmharness-t"
	done
fi
finish
