#!/bin/sh
# report --plot: a figure for an article, as PNG and SVG. The PNG is the
# full size with real content (many colours: anti-aliased type and lines,
# not a tiny bitmap caption); the SVG is XML whose words carry the site,
# the quay, the verdicts and p-values, and "no imagery" on a month that
# had none (drawn as an empty slot at 0 before).
. "$(dirname "$0")/../lib.sh"

DB="$T/c.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels all --no-open
ok "demo with every label"

# the demo starts in 2024-10: from 2024-08 there are two months without
run "$QM" -d "$DB" report --quay "Arms quay" --from 2024-08 --plot "$T/a.png"
ok "report --plot png"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2024-08 --plot "$T/a.svg"
ok "report --plot svg"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2024-08 --format json
ok "the report itself"
printf '%s' "$OUT" > "$T/report.json"
run "$QM" -d "$DB" report --plot "$T/all.svg"
ok "every quay, one panel each"

python3 - "$T" <<'PY' || fail "the figures"
import json, struct, sys, zlib
import xml.etree.ElementTree as ET
t = sys.argv[1]

# PNG: signature, IHDR size, and the pixels: decoded (filters undone) to
# count colours and the share of non-white pixels.
data = open(t + "/a.png", "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
assert (w, h) >= (1000, 400), ("too small for print", w, h)
assert depth == 8 and ctype in (2, 6), (depth, ctype)
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 3 if ctype == 2 else 4
stride = w * bpp
prev = bytearray(stride)
colours, ink = set(), 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 3):
        px = bytes(line[x:x + 3])
        colours.add(px)
        if px != b"\xff\xff\xff":
            ink += 1
    prev = line
assert len(colours) > 50, ("flat picture: no anti-aliasing", len(colours))
share = ink / (h * w / 3)
assert 0.05 < share < 0.8, ("empty or solid", share)

# SVG: well-formed, with the words a reader needs: the verdict, p and rate
# ratio written over every period tested
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(t + "/a.svg").getroot()
assert root.tag == ns + "svg", root.tag
title = root.find(ns + "title").text
words = [e.text or "" for e in root.iter(ns + "text")]
alltext = "\n".join([title] + words)
assert "Rajin (demo)" in title and "Arms quay" in title, title
periods = json.load(open(t + "/report.json"))["periods"]
tested = [p for p in periods if p["p_value"] is not None]
assert tested, "the demo should have months with a verdict"
for p in tested:
    assert p["verdict"] in words, (p["period"], p["verdict"])
    pv = "p < 0.001" if p["p_value"] < 0.001 else "p = %.3f" % p["p_value"]
    assert pv in words, (p["period"], pv)
# the rate ratio to the baseline and its interval (count/), when given
with_ratio = [p for p in tested if p.get("rate_ratio") is not None]
assert sum(1 for wd in words if wd.startswith("ratio ")) == len(with_ratio), \
    ([wd for wd in words if wd.startswith("ratio")], len(with_ratio))
none = [p["period"] for p in periods if p["observed_days"] == 0 and
        p["unreviewed_images"] == 0]
assert {"2024-08", "2024-09"} <= set(none), none
assert words.count("no imagery") == len(none), (words.count("no imagery"), none)
for p in periods:
    assert p["period"] in words, p["period"]
for legend in ("calls", "days observed (right axis)",
               "expected, with its 95 % interval"):
    assert legend in words, legend
assert any(wd.startswith("calls per month") for wd in words)

# every quay: one panel each, named
root = ET.parse(t + "/all.svg").getroot()
words = [e.text or "" for e in root.iter(ns + "text")]
for q in ("Arms quay", "Container quay", "North pier"):
    assert q in words, q
PY
CHECKS=$((CHECKS + 1))

# a month whose images nobody has reviewed is not "no imagery"
DB2="$T/u.db"
"$QM" -d "$DB2" demo --scale 0.25 --seed 7 --labels partial --no-open \
    >/dev/null 2>&1
run "$QM" -d "$DB2" report --quay "Arms quay" --plot "$T/u.svg"
ok "partly reviewed"
want=$("$QM" -d "$DB2" report --quay "Arms quay" --format json |
    python3 -c 'import json, sys
print(sum(1 for p in json.load(sys.stdin)["periods"]
          if p["observed_days"] == 0 and p["unreviewed_images"] > 0))')
got=$(grep -o '>not reviewed<' "$T/u.svg" | wc -l)
[ "$want" -gt 0 ] || fail "the partial demo should leave months unreviewed"
eq "unreviewed months labelled so" "$got" "$want"
hasnt "and not as no imagery" "$(cat "$T/u.svg")" ">no imagery<"
CHECKS=$((CHECKS + 1))

# bad targets: the reason, and nothing replaced
mkfifo "$T/pipe.svg"
run "$QM" -d "$DB" report --plot "$T/pipe.svg"
nok "an SVG over a named pipe"
has "named pipe: why" "$ERR" "not a regular file"
[ -p "$T/pipe.svg" ] || fail "the named pipe was replaced"
CHECKS=$((CHECKS + 1))
run "$QM" -d "$DB" report --plot "$T/no/such/dir/x.png"
nok "a folder that is not there"
one_line "no folder: one line" "$ERR"
finish
