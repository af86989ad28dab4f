# bench/lib.sh: what every benchmark script starts with, sourced as
#   . "$(dirname "$0")/lib.sh"
# with the script's own arguments (BUILD first). Sets BUILD, top (the
# checkout), QM (the binary) and OUT (bench/out, made), and need().
set -eu
BUILD=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
QM="$top/$BUILD/quaymark"
OUT="$top/bench/out"
mkdir -p "$OUT"
[ -x "$QM" ] || {
	echo "$(basename "$0"): no $QM (make, or make bench, first)" >&2
	exit 2
}

# need "HOW TO INSTALL" TOOL...: stop with exit 2 when a tool is missing.
need() {
	how=$1
	shift
	for tool; do
		command -v "$tool" >/dev/null || {
			echo "$(basename "$0"): needs $tool ($how)" >&2
			exit 2
		}
	done
}

# count_db IMAGES MARKS: set DB to the count benches' database
# (bench/out/count-MARKS.db), built by bench/count-db when missing.
count_db() {
	DB="$OUT/count-$2.db"
	[ "$2" = 1000000 ] && [ -f "$OUT/count-1m.db" ] && DB="$OUT/count-1m.db"
	if [ ! -f "$DB" ]; then
		echo "building $DB (once; 1M marks take about 1.5 minutes)" >&2
		nice "$top/$BUILD/bench/count-db" "$DB" "$1" "$2"
	fi
}
