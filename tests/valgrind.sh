#!/bin/sh
# The unit tests under valgrind: no memory errors, no leaks of quaymark's
# own ("definitely lost"; libraries' one-time allocations are not ours).
#   Usage: tests/valgrind.sh BUILD
set -u
BUILD=${1:?usage: tests/valgrind.sh BUILD}
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v valgrind >/dev/null; then
	echo "SKIP valgrind: not installed (apt-get install valgrind)"
	# in CI nothing may skip (see tests/run.sh)
	[ "${CI:-}" = true ] && exit 1
	exit 0
fi
export SHARED="${QUAYMARK_SHARED:-$top/../shared/data}"
rc=0
for t in "$top/$BUILD"/tests/test-*; do
	case $t in *.d) continue ;; esac
	log=$(mktemp)
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	    --error-exitcode=99 "$t" > "$log" 2>&1; then
		echo "valgrind $(basename "$t"): no errors, no leaks"
	else
		echo "FAIL valgrind $(basename "$t")"
		grep -A15 "==[0-9]*== \(Invalid\|Conditional\|.*definitely lost\)" \
		    "$log" | head -40
		rc=1
	fi
	rm -f "$log"
done
exit $rc
