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
