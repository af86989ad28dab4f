#!/bin/sh
# The report view (R) in a real terminal: each month with the rate ratio
# to its baseline and the ratio's exact 95 % interval, the same numbers
# `quaymark report` prints, so whether a change is real reads on screen.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || { skip "no tmux"; finish; }

DB="$T/r.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels all --no-open
ok "demo database with its labels"
# The months with a baseline, as the command line's report words them.
"$QM" -d "$DB" report --format json > "$T/report.json"
python3 - "$T/report.json" > "$T/want" <<'PY'
import json, sys
def num(v):
    return "inf" if v is None else "%.2f" % v
for p in json.load(open(sys.argv[1]))["periods"]:
    if p.get("rate_ratio") is None and p.get("rate_ratio_low") is None:
        continue
    print("%s|%s|%s (%s-%s)" % (p["period"], p["quay"], num(p["rate_ratio"]),
          num(p["rate_ratio_low"]), num(p["rate_ratio_high"])))
PY
[ -s "$T/want" ] || fail "the demo report has no month with a ratio"

tm_start 200 60
tm_keys "$QM -d $DB tui" Enter
see "starts" "? help  : command  q quit"
tm_keys R
see "report view" "RATIO (95% CI)"
tm_screen > "$T/screen"
while IFS='|' read -r period quay ratio; do
	line=$(grep -F "$period" "$T/screen" | grep -F "$quay" | head -1)
	has "$period $quay: its row" "$line" "$period"
	has "$period $quay: the ratio and its interval" "$line" "$ratio"
done < "$T/want"
tm_keys q
see "report closed" "? help  : command  q quit"
tm_keys q
tm_shell || fail "the TUI did not quit"
finish
