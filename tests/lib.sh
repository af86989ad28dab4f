# lib.sh: helpers for quaymark's command-line and terminal tests.
# A test script sources this, calls its checks, and ends with `finish`.
# Environment from run.sh: QM (the binary), BUILD, TMPROOT, SHARED.

set -u
: "${QM:?QM must name the quaymark binary}"
T=$(mktemp -d "${TMPROOT:-/tmp}/qmtest.XXXXXX")
export QUAYMARK_CACHE="$T/cache"
export XDG_CONFIG_HOME="$T/config"
export HOME="$T/home"
mkdir -p "$HOME"
unset QUAYMARK_DB NO_COLOR COLORTERM
export LC_ALL=C.UTF-8
FAILS=0
CHECKS=0
NAME=$(basename "$0" .sh)

fail() {
	echo "FAIL [$NAME] $*" >&2
	FAILS=$((FAILS + 1))
}

# run CMD...: runs it, keeping $OUT, $ERR and $RC.
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
	return 0
}

ok() {		# ok DESCRIPTION: the last `run` exited 0
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq 0 ] || fail "$1: exit $RC; stderr: $(echo "$ERR" | head -3)"
}

nok() {		# nok DESCRIPTION [STATUS]: the last `run` failed (with STATUS)
	CHECKS=$((CHECKS + 1))
	if [ "$RC" -eq 0 ]; then
		fail "$1: succeeded, should have failed"
	elif [ $# -ge 2 ] && [ "$RC" -ne "$2" ]; then
		fail "$1: exit $RC, expected $2"
	fi
}

eq() {		# eq DESCRIPTION GOT WANT
	CHECKS=$((CHECKS + 1))
	[ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"
}

has() {		# has DESCRIPTION HAYSTACK NEEDLE
	CHECKS=$((CHECKS + 1))
	case "$2" in
	*"$3"*) ;;
	*) fail "$1: [$3] not in [$(echo "$2" | head -5)]" ;;
	esac
}

hasnt() {	# hasnt DESCRIPTION HAYSTACK NEEDLE
	CHECKS=$((CHECKS + 1))
	case "$2" in
	*"$3"*) fail "$1: [$3] should not be in output" ;;
	esac
}

one_line() {	# one_line DESCRIPTION TEXT: an error is one line
	CHECKS=$((CHECKS + 1))
	[ "$(printf '%s\n' "$2" | grep -c .)" -eq 1 ] ||
		fail "$1: expected one line, got: $2"
}

# A small demo port shared by all tests of one build (made once).
demo_dir() {
	d="$BUILD/testdata/demo-s0.25"
	if [ ! -f "$d/truth.csv" ]; then
		mkdir -p "$BUILD/testdata"
		"$QM" demo --generate "$d.tmp" --scale 0.25 --seed 7 >/dev/null &&
			rm -rf "$d" && mv "$d.tmp" "$d"
	fi
	echo "$d"
}

# A database with the small demo catalogued and its quays, no marks.
demo_db() {
	db=$(mktemp -u "$T/demo.XXXXXX").db
	d=$(demo_dir)
	"$QM" -d "$db" ingest --site "Rajin (demo)" "$d" >/dev/null
	tail -n +2 "$d/quays.csv" | while IFS= read -r line; do
		name=$(printf '%s' "$line" | sed 's/^"\{0,1\}\([^",]*\)"\{0,1\},.*/\1/')
		poly=$(printf '%s' "$line" | sed 's/^[^,]*,//; s/"//g')
		"$QM" -d "$db" quay add --site "Rajin (demo)" --polygon "$poly" \
		    "$name" >/dev/null
	done
	echo "$db"
}

shared_data() {	# shared_data SUBDIR: the path, or "" with a skip message
	if [ -d "$SHARED/$1" ]; then
		echo "$SHARED/$1"
	else
		echo "SKIP [$NAME] $SHARED/$1 absent" >&2
		echo ""
	fi
}

finish() {
	rm -rf "$T"
	if [ "$FAILS" -gt 0 ]; then
		echo "$NAME: $FAILS of $CHECKS checks failed"
		exit 1
	fi
	echo "$NAME: $CHECKS checks passed"
	exit 0
}
