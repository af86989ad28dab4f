#!/bin/sh
# report --evidence DIR on the demo port: the crops, evidence.csv against
# `calls` and `stacks`, every SHA-256 against sha256sum(1), the audit head
# against `audit verify --head` (and a tampered copy against it), the
# summary's numbers against report's JSON, and how DIR is written: refused
# when not empty, replaced with --force, nothing left when writing fails.
. "$(dirname "$0")/../lib.sh"

D=$(demo_dir)
DB="$T/e.db"
"$QM" -d "$DB" ingest --site "Rajin (demo)" "$D" >/dev/null || fail "ingest"
tail -n +2 "$D/quays.csv" | while IFS= read -r line; do
	name=$(printf '%s' "$line" | cut -d, -f1)
	poly=$(printf '%s' "$line" | sed 's/^[^,]*,//; s/"//g')
	"$QM" -d "$DB" quay add --site "Rajin (demo)" --polygon "$poly" "$name" >/dev/null
done
"$QM" -d "$DB" import "$D/truth.csv" >/dev/null || fail "import truth"
"$QM" -d "$DB" images --format csv > "$T/images.csv"
tail -n +2 "$D/quality.csv" | while IFS=, read -r file _ q; do
	id=$(grep ",$D/$file," "$T/images.csv" | cut -d, -f1)
	[ -n "$id" ] && "$QM" -d "$DB" quality "$id" "$q"
done >/dev/null

# January at Arms quay: the issue's own example, one call
EV="$T/jan"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01-01 \
    --to 2025-01-31 --format json --evidence "$EV"
ok "report --evidence"
printf '%s\n' "$OUT" > "$T/report.json"
has "one result line on stderr" "$ERR" "evidence: $EV: "
one_line "no progress when stderr is a file" "$ERR"
for f in summary.md evidence.csv observations.csv periods.csv chart.png \
    warnings.csv audit-head.txt SHA256SUMS; do
	CHECKS=$((CHECKS + 1))
	[ -s "$EV/$f" ] || fail "$f missing or empty"
done
run ls "$T"
hasnt "no part folder left" "$OUT" ".part."
run sh -c "cd '$EV' && sha256sum -c --quiet SHA256SUMS"
ok "SHA256SUMS checks every file: $ERR"
run file -b "$EV/chart.png"
has "chart is a PNG" "$OUT" "PNG image data"
set -- "$EV"/crop-*.png
run file -b "$1"
has "crop is a PNG" "$OUT" "PNG image data, 640 x"

# Independent of quaymark: calls and stacks of January, the marks of each
# image, and the report's JSON
"$QM" -d "$DB" calls --quay "Arms quay" --from 2025-01-01 --to 2025-01-31 \
    --format csv > "$T/calls.csv"
"$QM" -d "$DB" stacks --quay "Arms quay" --from 2025-01-01 --to 2025-01-31 \
    --format csv > "$T/stacks.csv"
for id in $(tail -n +2 "$EV/evidence.csv" | python3 -c '
import csv, sys
print(" ".join(sorted({r[8] for r in csv.reader(sys.stdin)})))'); do
	"$QM" -d "$DB" marks --image "$id" --format json > "$T/marks-$id.json"
done
CHECKS=$((CHECKS + 1))
python3 - "$EV" "$T" <<'PY' || fail "evidence differs from calls, stacks, marks or report"
import csv, glob, json, os, re, struct, sys, zlib
ev, t = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(ev + "/evidence.csv")))
assert rows, "no evidence rows"

def png_size(path):
    # a whole, valid PNG: signature, IHDR, IDAT that inflates to h rows
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        assert zlib.crc32(kind + body) == crc, (path, kind)
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert (depth, ctype) == (8, 2), (path, depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert len(zlib.decompress(idat)) == h * (1 + 3 * w), path
    return w, h

for r in rows:
    w, h = png_size(ev + "/" + r["crop"])
    assert (w, h) == (int(r["crop_width"]), int(r["crop_height"])), r
    assert max(w, h) == 640 and min(w, h) >= 32, (r["crop"], w, h)
crops = {os.path.basename(p) for p in glob.glob(ev + "/crop-*.png")}
assert crops == {r["crop"] for r in rows}, crops ^ {r["crop"] for r in rows}

def in_jan(day):
    return "2025-01-01" <= day <= "2025-01-31"

def check(kind, listing, ident, first, last):
    want = {(r[ident], r[first]): r for r in csv.DictReader(open(listing))
            if r["quay"] == "Arms quay" and in_jan(r[first])}
    got = {}
    for r in rows:
        if r["kind"] == kind:
            got.setdefault((r["identity"], r["arrival"]), {})[r["role"]] = r
    assert set(want) == set(got), (kind, set(want) ^ set(got))
    for k, w in want.items():
        g = got[k]
        assert g["first"]["date"] == w[first], (k, g)
        assert g.get("last", g["first"])["date"] == w[last], (k, g, w)
        # the observations either side bound the stay
        assert (g["before"]["date"] if "before" in g else "") == w["after"], (k, w)
        assert (g["after"]["date"] if "after" in g else "") == w["before"], (k, w)
        for role in ("first", "last"):
            if role not in g:
                continue
            r = g[role]
            marks = {m["id"]: m for m in
                     json.load(open("%s/marks-%s.json" % (t, r["image_id"])))}
            ids = r["mark_ids"].split(";")
            assert ids and ids[0], (k, role, "no marks listed")
            for i, v, s in zip(ids, r["mark_versions"].split(";"),
                               r["mark_status"].split(";")):
                m = marks[int(i)]
                assert m["version"] == int(v) and m["status"] == s, (m, r)
                assert m["quay"] == "Arms quay", m
                assert m["class"] == ("ship" if kind == "call"
                                      else "container_stack"), m
                if not k[0].startswith(("track ", "auto ")):
                    assert m["name"] == k[0], (m, k)
                elif k[0].startswith("track "):
                    assert m["track"] == int(k[0].split()[1]), (m, k)
    return len(want)

ncalls = check("call", t + "/calls.csv", "identity", "arrival", "departure")
nstacks = check("stack", t + "/stacks.csv", "stack", "first", "last")
assert ncalls == 1 and nstacks >= 1, (ncalls, nstacks)

# the summary's numbers are the report's
rep = json.load(open(t + "/report.json"))["periods"]
assert len(rep) == 1, rep
p = rep[0]
summary = open(ev + "/summary.md").read()
line = [l for l in summary.splitlines() if "in January 2025" in l]
assert len(line) == 1, summary
line = line[0]
m = re.search(r"\[(\d+) calls?\]\(evidence\.csv#L(\d+)(?:-L(\d+))?\)", line)
assert m and int(m.group(1)) == p["calls"] == ncalls, line
lo, hi = int(m.group(2)), int(m.group(3) or m.group(2))
linked = list(csv.reader(open(ev + "/evidence.csv")))[lo - 1:hi]
assert {r[2] for r in linked} == {"call"} and len({r[3] for r in linked}) == 1, linked
m = re.search(r"\[(\d+) of (\d+) days observable\]\(observations\.csv#L(\d+)-L(\d+)\)", line)
assert m and int(m.group(1)) == p["observed_days"] and m.group(2) == "31", line
obs = list(csv.reader(open(ev + "/observations.csv")))
days = {r[2] for r in obs[int(m.group(3)) - 1:int(m.group(4))] if r[8] == "yes"}
assert len(days) == p["observed_days"], (days, p)
m = re.search(r"\[([0-9.]+) expected\]\(periods\.csv#L\d+\) from Oct.Dec 2024 "
              r"\((\d+) calls? in (\d+) observed days?\)", line)
assert m and abs(float(m.group(1)) - p["expected"]) <= 0.05, (line, p)
assert (int(m.group(2)), int(m.group(3))) == (p["baseline_calls"], p["baseline_days"]), (line, p)
m = re.search(r"\[p = ([0-9.]+)\]", line)
assert m and abs(float(m.group(1)) - p["p_value"]) <= 0.005, (line, p)
m = re.search(r"\[rate ratio ([0-9.]+) \(95% CI ([0-9.]+).([0-9.]+)\)\]", line)
assert m and abs(float(m.group(1)) - p["rate_ratio"]) <= 0.005, (line, p)
assert abs(float(m.group(2)) - p["rate_ratio_low"]) <= 0.005, (line, p)
assert abs(float(m.group(3)) - p["rate_ratio_high"]) <= 0.005, (line, p)
assert "warnings.csv" not in line and not json.load(open(t + "/report.json"))["warnings"]
assert "Angara, 14 Jan](crop-call-" in line, line
assert ("no evidence of a drop" in line) == (p["verdict"] == "no change"), line
m = re.search(r"\[(\d+) stacks?\]\(evidence\.csv#L", line)
assert m and int(m.group(1)) == p["stacks_appeared"] == nstacks, line
PY

# every SHA-256 listed is the file's, by sha256sum(1)
tail -n +2 "$EV/evidence.csv" | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin):
    print(r[10], r[9]); print(r[16], sys.argv[1] + "/" + r[15])' "$EV" |
while read -r sum path; do
	got=$(sha256sum "$path" | cut -d" " -f1)
	[ "$got" = "$sum" ] || echo "$path: $got, listed $sum"
done > "$T/sums"
CHECKS=$((CHECKS + 1))
[ -s "$T/sums" ] && fail "listed SHA-256 differs: $(head -2 "$T/sums")"

# the head proves the trail up to it unchanged; a tampered copy fails
HEAD=$(cat "$EV/audit-head.txt")
has "head in summary" "$(cat "$EV/summary.md")" "audit verify --head $HEAD"
run "$QM" -d "$DB" audit verify --head "$HEAD"
ok "audit verify --head of the evidence"
mid=$(tail -n +2 "$EV/evidence.csv" | grep ',first,' | head -1 |
    python3 -c 'import csv,sys; print(next(csv.reader(sys.stdin))[12].split(";")[0])')
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_update; UPDATE audit SET after = replace(after, 'Angara', 'Anagra') WHERE entity = 'mark' AND entity_id = $mid;"
run "$QM" -d "$T/tamper.db" audit verify --head "$HEAD"
nok "a mark's audit row rewritten after the evidence" 1
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= ${HEAD%%:*} - 1;"
run "$QM" -d "$T/tamper.db" audit verify
ok "a cut tail still chains..."
run "$QM" -d "$T/tamper.db" audit verify --head "$HEAD"
nok "...but not past the evidence's head" 1
has "cut named" "$ERR" "audit chain cut"

# a non-empty DIR is refused, untouched; --force replaces it whole
before=$(cat "$EV/SHA256SUMS")
run "$QM" -d "$DB" report --quay "Arms quay" --from 2024-12-01 \
    --to 2024-12-31 --evidence "$EV"
nok "non-empty DIR refused" 1
one_line "refusal: one line" "$ERR"
has "refusal says why" "$ERR" "is not empty (--force replaces it)"
eq "refused DIR untouched" "$(cat "$EV/SHA256SUMS")" "$before"
eq "refused before any report" "$OUT" ""
run "$QM" -d "$DB" report --quay "Arms quay" --from 2024-10-01 \
    --to 2024-12-31 --evidence "$EV" --force
ok "--force replaces"
has "December now" "$(cat "$EV/summary.md")" "in December 2024"
hasnt "January gone" "$(cat "$EV/summary.md")" "in January 2025"
run sh -c "cd '$EV' && sha256sum -c --quiet SHA256SUMS && ls | grep -c '^crop-call-0011'"
eq "no crop of the old set left" "$OUT" "0"
# with its baseline in the set, "expected" links to the baseline's rows
"$QM" -d "$DB" report --quay "Arms quay" --from 2024-10-01 --to 2025-01-31 \
    --evidence "$T/four" >/dev/null 2>&1
CHECKS=$((CHECKS + 1))
python3 - "$T/four" "$T/report.json" <<'PY' || fail "expected not linked to its baseline"
import csv, json, re, sys
ev = sys.argv[1]
jan = json.load(open(sys.argv[2]))["periods"][0]
line = [l for l in open(ev + "/summary.md") if "in January 2025" in l][0]
m = re.search(r"\[([0-9.]+) expected\]\(periods\.csv#L(\d+)-L(\d+)\)", line)
assert m, line
rows = list(csv.DictReader(open(ev + "/periods.csv")))
base = rows[int(m.group(2)) - 2:int(m.group(3)) - 1]
assert [r["period"] for r in base] == ["2024-10", "2024-11", "2024-12"], base
calls = sum(int(r["calls"]) for r in base)
days = sum(int(r["observed_days"]) for r in base)
assert abs(calls / days * jan["observed_days"] - jan["expected"]) < 0.01, (base, jan)
PY
run ls "$T"
hasnt "no old set left" "$OUT" ".old."
mkdir -p "$T/nested/sub"
run "$QM" -d "$DB" report --evidence "$T/nested" --force
nok "--force never removes folders" 1
CHECKS=$((CHECKS + 1))
[ -d "$T/nested/sub" ] || fail "--force removed a folder"
run "$QM" -d "$DB" report --force
nok "--force alone" 2
run "$QM" -d "$DB" calls --evidence "$T/x"
nok "calls --evidence" 2
# "DIR/" is DIR: the set is made beside it, not inside
mkdir "$T/slash"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01-01 \
    --to 2025-01-31 --evidence "$T/slash/"
ok "--evidence DIR/"
run ls -A "$T/slash"
hasnt "no part folder inside" "$OUT" ".part"
has "the set inside" "$OUT" "summary.md"

# an escape sequence in DIR is printed escaped
BAD="$T/$(printf 'e\033[31mx')"
mkdir "$BAD" && touch "$BAD/f"
run "$QM" -d "$DB" report --evidence "$BAD"
nok "odd DIR refused" 1
hasnt "escaped" "$ERR" "$(printf '\033')"

# a source image gone: one line, exit 1, nothing written
IMG=$(tail -n +2 "$T/images.csv" | grep 'rajin_20250114' | cut -d, -f1)
IMGPATH=$(grep "^$IMG," "$T/images.csv" | grep -o "$D/[^,]*")
mv "$IMGPATH" "$T/moved.tif"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01-01 \
    --to 2025-01-31 --evidence "$T/fail"
mv "$T/moved.tif" "$IMGPATH"
nok "missing source image" 1
one_line "missing image: one line" "$ERR"
has "names the image" "$ERR" "rajin_20250114"
has "says nothing written" "$ERR" "nothing written"
run ls "$T"
hasnt "no set" "$OUT" "fail"

# a mark the count could not use is listed, and linked from the sentence
run "$QM" -d "$DB" mark add --site "Rajin (demo)" --date 2025-01-02 \
    --class ship --rbox 82.5,104,37,5,0 --name Ghost
ok "a ship marked on a cloudy image"
ghost=$OUT
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01-01 \
    --to 2025-01-31 --format json --evidence "$T/warn"
ok "report --evidence with a warning"
printf '%s\n' "$OUT" > "$T/warn.json"
CHECKS=$((CHECKS + 1))
python3 - "$T/warn" "$T/warn.json" "$ghost" <<'PY' || fail "warnings not in the evidence"
import csv, json, re, sys
ev, rep, ghost = sys.argv[1], json.load(open(sys.argv[2])), int(sys.argv[3])
rows = list(csv.DictReader(open(ev + "/warnings.csv")))
assert [int(r["mark_id"]) for r in rows] == [w["mark_id"] for w in rep["warnings"]] == [ghost], rows
assert rows[0]["identity"] == "Ghost" and rows[0]["date"] == "2025-01-02", rows
line = [l for l in open(ev + "/summary.md") if "in January 2025" in l][0]
assert re.search(r"\[1 mark\]\(warnings\.csv#L2\) \(\[Ghost, 2 Jan\]\(crop-warning-0001-mark\.png\)\) was not counted", line), line
shot = [r for r in csv.DictReader(open(ev + "/evidence.csv")) if r["kind"] == "warning"]
assert len(shot) == 1 and shot[0]["mark_ids"] == str(ghost) and shot[0]["role"] == "mark", shot
assert shot[0]["crop"] == "crop-warning-0001-mark.png" and shot[0]["image_verdict"] == "cloudy", shot
per = list(csv.DictReader(open(ev + "/periods.csv")))
assert per[0]["warnings"] == "1", per
PY

# --status approved: an unapproved sighting is not evidence
mid=$(python3 -c '
import json, sys
print([m["id"] for m in json.load(open(sys.argv[1])) if m["name"] == "Angara"][0])' \
    "$T/marks-$IMG.json")
"$QM" -d "$DB" unreview "$mid" >/dev/null 2>&1 ||
    sqlite3 "$DB" "UPDATE mark SET status = 0 WHERE id = $mid"
run "$QM" -d "$DB" report --quay "Arms quay" --from 2025-01-01 \
    --to 2025-01-31 --status approved --format json --evidence "$T/appr"
ok "--status approved"
hasnt "no Angara call from a pending mark" "$(cat "$T/appr/evidence.csv")" ",call,Angara,"
has "0 calls said" "$(cat "$T/appr/summary.md")" "0 calls in January 2025"

# progress on a terminal, escaped, and gone when done
if command -v script >/dev/null; then
	script -qec "'$QM' -d '$DB' report --quay 'Arms quay' --evidence '$T/tty'" \
	    /dev/null > "$T/tty.out" 2>&1
	CHECKS=$((CHECKS + 1))
	grep -q "evidence: [0-9]*/[0-9]* (" "$T/tty.out" ||
		fail "no progress on a terminal: $(head -c 300 "$T/tty.out")"
fi
finish
