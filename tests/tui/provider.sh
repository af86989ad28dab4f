#!/bin/sh
# provider: the side panel shows a STAC image's cloud cover, off-nadir
# angle and platform as the provider's hint, beside a verdict that stays
# the analyst's.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || { skip "tmux not installed"; finish; }

D=$(demo_dir)
set -- $(ls "$D"/*.tif | head -2)
python3 - "$1" "$2" "$T/search.json" <<'PY'
import json, sys
a, b, out = sys.argv[1:4]
def item(iid, href, when, props):
    p = {"datetime": when}
    p.update(props)
    return {"type": "Feature", "id": iid, "properties": p,
            "assets": {"visual": {"href": href, "type": "image/tiff"}}}
json.dump({"type": "FeatureCollection", "features": [
    item("s1", a, "2025-03-01T02:00:00Z", {"eo:cloud_cover": 12.4,
        "view:off_nadir": 7.2, "platform": "sentinel-2b"}),
    item("s2", b, "2025-03-02T02:00:00Z", {})]}, open(out, "w"))
PY
DB="$T/r.db"
run "$QM" -d "$DB" ingest --site Port --stac "$T/search.json"
ok "ingest the item collection"
tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "starts" "? help  : command  q quit"
see "the provider's cloud cover in the panel" "provider: cloud 12%, off-nadir 7"
see "the platform as the sensor" "sentinel-2b"
see "the verdict is still the analyst's" "unreviewed"
tm_keys ']'
see "second date" "2/2"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "provider:" && fail "an item that reports no cloud cover shows no provider line"
tm_keys q
tm_shell
tm_stop
finish
