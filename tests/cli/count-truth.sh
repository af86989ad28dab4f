#!/bin/sh
# The demo's truth on seeds 1 to 10, checked by an independent
# implementation of the counting rules (tests/tools/truthcheck.py): with
# the true marks and verdicts imported, quaymark's calls, stacks, dwell
# bounds and monthly counts must be exactly what the rules give, and the
# rules must give the demo's own calls.csv and stacks.csv. Seeds 3 and 5
# have a stack seen 7 calendar days (and a few minutes more) apart across
# clouds, which the gap rule once measured in seconds and split.
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
SITE="Rajin (demo)"
for seed in 1 2 3 4 5 6 7 8 9 10; do
	D="$T/d$seed" DB="$T/s$seed.db" O="$T/o$seed"
	mkdir -p "$O"
	run "$QM" demo --generate "$D" --scale 0.1 --seed "$seed"
	ok "seed $seed: generate"
	run "$QM" -d "$DB" ingest --site "$SITE" "$D"
	ok "seed $seed: ingest"
	tail -n +2 "$D/quays.csv" | sed 's/^"\{0,1\}\([^",]*\)"\{0,1\},"\(.*\)"$/\1|\2/' |
	    while IFS='|' read -r name poly; do
		"$QM" -d "$DB" quay add --site "$SITE" --polygon "$poly" \
		    "$name" >/dev/null || fail "seed $seed: quay $name"
	done
	run "$QM" -d "$DB" import "$D/truth.csv"
	ok "seed $seed: import truth"
	"$QM" -d "$DB" images --format csv | tail -n +2 | cut -d, -f1,2 > "$T/ids"
	for q in clear partly_cloudy cloudy no_data; do
		ids=$(grep ",$q\$" "$D/quality.csv" | cut -d, -f1 |
		    while read -r file; do
			grep "/$file\$" "$T/ids" | cut -d, -f1
		    done | tr '\n' ' ')
		# shellcheck disable=SC2086
		[ -z "$ids" ] || "$QM" -d "$DB" quality $ids $q >/dev/null ||
		    fail "seed $seed: verdict $q"
	done
	"$QM" -d "$DB" calls --format csv > "$O/calls.csv"
	"$QM" -d "$DB" stacks --format csv > "$O/stacks.csv"
	"$QM" -d "$DB" report --format json > "$O/report.json"
	run python3 "$top/tests/tools/truthcheck.py" "$D" "$O"
	ok "seed $seed: quaymark, the rules and the truth agree"
	[ "$RC" -eq 0 ] || printf '%s\n' "$ERR" | head -20 >&2
	has "seed $seed: something was checked" "$OUT" "calls"
	rm -rf "$D"
done
finish
