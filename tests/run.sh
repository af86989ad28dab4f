#!/bin/sh
# run.sh BUILD [unit|cli|tui]: run quaymark's tests against one build.
# Unit tests are cmocka binaries; cli and tui tests are shell scripts that
# drive the real binary (the tui ones inside tmux).
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

say() { printf '%s\n' "$*"; }

if [ "$WHICH" = all ] || [ "$WHICH" = unit ]; then
	for t in "$BUILD"/tests/test-*; do
		[ -x "$t" ] || continue
		if out=$("$t" 2>&1); then
			passed=$((passed + 1))
			say "$(basename "$t"): $(printf '%s\n' "$out" |
			    grep -c '^\[       OK \]') tests passed"
		else
			failed=$((failed + 1))
			printf '%s\n' "$out" | tail -30
			say "FAIL $(basename "$t")"
		fi
	done
fi
for kind in cli tui; do
	[ "$WHICH" = all ] || [ "$WHICH" = "$kind" ] || continue
	for t in "$top"/tests/$kind/*.sh; do
		[ -f "$t" ] || continue
		if sh "$t"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			say "FAIL $kind/$(basename "$t")"
		fi
	done
done
say "$BUILD: $passed suites passed, $failed failed"
[ "$failed" -eq 0 ]
