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
# Live: another analyst deletes every third ship mark while the view is
# open; each row's calls become the command line's (count/live.c patches
# the count mark by mark).
rows() {
	"$QM" -d "$DB" report --format json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["periods"]:
    calls = (">=" if p["at_least"] else "") + str(p["calls"])
    print("%-8s %-16.16s %5s" % (p["period"], p["quay"], calls))'
}
rows > "$T/rows0"
"$QM" -d "$DB" marks --format json | python3 -c '
import json, sys
ids = [m["id"] for m in json.load(sys.stdin) if m["class"] == "ship"]
print(" ".join(str(i) for i in ids[::3]))' > "$T/rm"
[ -s "$T/rm" ] || fail "the demo has no ship marks"
# shellcheck disable=SC2046
run "$QM" -d "$DB" mark rm $(cat "$T/rm")
rows > "$T/rows"
cmp -s "$T/rows0" "$T/rows" && fail "the deletions changed no month's calls"
ok "a third of the ship marks deleted by another process"
# until every row shows (the view polls the store for others' writes)
i=0
while :; do
	tm_screen > "$T/screen"
	missing=$(while IFS= read -r row; do
		grep -qF "$row" "$T/screen" || echo "$row"
	done < "$T/rows")
	[ -z "$missing" ] && break
	i=$((i + 1))
	if [ $i -ge 150 ]; then
		fail "the view still lacks rows: $missing"
		break
	fi
	sleep 0.1
done
ok "$(wc -l < "$T/rows") rows' calls after the deletions are the command line's"
tm_keys q
see "report closed" "? help  : command  q quit"
tm_keys q
tm_shell || fail "the TUI did not quit"
finish
