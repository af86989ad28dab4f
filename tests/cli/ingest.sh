#!/bin/sh
# ingest: valid, corrupt, truncated, undated, duplicate, changed and moved
# files; the shared GDAL suites; idempotence; summary and exit status.
. "$(dirname "$0")/../lib.sh"

D=$(demo_dir)
IMG="$T/img"
mkdir -p "$IMG/sub"
tifs=$(ls "$D"/*.tif | head -4)
set -- $tifs
cp "$1" "$IMG/a_2025-01-01.tif"
cp "$2" "$IMG/sub/b.tif"
png=$(ls "$D"/*.png | head -1)
cp "$png" "$IMG/nodate.png"				# no date anywhere
head -c 3000 "$3" > "$IMG/truncated_2025-01-03.tif"	# cut short
printf 'II*\0garbage' > "$IMG/junk_2025-01-04.tif"	# a TIFF in name only
: > "$IMG/empty_2025-01-05.tif"
echo "not an image" > "$IMG/README.txt"			# ignored in folders
cp "$1" "$IMG/copy-of-a.tif"				# a duplicate

DB="$T/i.db"
run "$QM" -d "$DB" ingest --site Rajin "$IMG"
nok "ingest with bad files exits non-zero" 1
has "summary line" "$OUT" "ingest: 2 added, 0 unchanged, 0 updated, 0 moved, 5 skipped (site \"Rajin\")"
has "no date" "$ERR" "nodate.png: no acquisition date"
has "truncated" "$ERR" "truncated_2025-01-03.tif: "
has "junk" "$ERR" "junk_2025-01-04.tif: "
has "empty" "$ERR" "empty_2025-01-05.tif: empty file"
has "duplicate" "$ERR" "copy-of-a.tif: duplicate of image"
hasnt "README ignored" "$ERR" "README"
eq "one line per skipped file" "$(printf '%s\n' "$ERR" | grep -c .)" 5

run "$QM" -d "$DB" images --format json
ok "images json"
eq "two images" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
for k in id path site date quality width height marks; do
	has "json key $k" "$OUT" "\"$k\":"
done
has "date from metadata wins" "$OUT" "\"date_source\": \"metadata\""

# Idempotent; --date rescues the undated file.
run "$QM" -d "$DB" ingest --site Rajin --date 2025-02-02 "$IMG/a_2025-01-01.tif" "$IMG/nodate.png"
ok "re-ingest"
has "unchanged and added" "$OUT" "1 added, 1 unchanged"
run "$QM" -d "$DB" images --format csv
has "date from --date" "$OUT" "2025-02-02T00:00:00Z"

# A changed file is updated (marks kept); a moved one is recognised.
id=$("$QM" -d "$DB" images --format csv | grep "a_2025-01-01.tif" | cut -d, -f1)
run "$QM" -d "$DB" mark add --image "$id" --class ship --at 10,10
ok "mark on a"
cp "$4" "$IMG/a_2025-01-01.tif"
run "$QM" -d "$DB" ingest --site Rajin "$IMG/a_2025-01-01.tif"
ok "ingest changed file"
has "updated" "$OUT" "updated: $IMG/a_2025-01-01.tif (content changed; 1 mark(s) kept)"
mv "$IMG/sub/b.tif" "$IMG/b-renamed.tif"
run "$QM" -d "$DB" ingest --site Rajin "$IMG/b-renamed.tif"
has "moved" "$OUT" "moved: $IMG/b-renamed.tif (moved from"
has "moved counted" "$OUT" "1 moved"

# Names a user might get wrong.
run "$QM" -d "$DB" ingest "$T/does-not-exist.tif"
nok "missing file" 1
has "missing file reason" "$ERR" "does-not-exist.tif: No such file or directory"
run "$QM" -d "$DB" ingest --date 2025-02-30 "$IMG"
nok "impossible --date" 2
has "--date named" "$ERR" "--date: \"2025-02-30\" is not a date"
run "$QM" -d "$DB" ingest
nok "no paths" 2

# GDAL's own test files: every valid one accepted, every corrupt refused.
V=$(shared_data gdal/valid)
if [ -n "$V" ]; then
	run "$QM" -d "$T/v.db" ingest --date 2020-01-01 "$V"
	ok "all of gdal/valid"
	n=$(ls "$V"/*.tif | wc -l)
	has "every valid tif added" "$OUT" "ingest: $n added"
	run "$QM" -d "$T/v.db" images --format csv
	has "IMD acquisition time" "$OUT" "md_dg.tif,default,2010-04-01T12:00:00Z"
	has "TIFFTAG_DATETIME" "$OUT" "test_gf.tif,default,2008-01-07T21:21:42Z"
fi
C=$(shared_data gdal/corrupt)
if [ -n "$C" ]; then
	for f in "$C"/*.tif; do
		run "$QM" -d "$T/c.db" ingest --date 2020-01-01 "$f"
		nok "corrupt $(basename "$f") refused" 1
		one_line "corrupt $(basename "$f") reason" "$ERR"
		has "corrupt $(basename "$f") named" "$ERR" "$f: "
	done
	run "$QM" -d "$T/c.db" images --format csv
	eq "nothing corrupt catalogued" "$(printf '%s\n' "$OUT" | grep -c .)" 1
fi
# A large PNG has no overviews: ingest builds cached ones (this once
# crashed, closing the source before the VRT that reads it)
mkdir -p "$T/big"
python3 - "$T/big/wide.png" <<'PY'
import struct, sys, zlib
w, h = 2600, 300
raw = b"".join(b"\0" + bytes((x * 7 + y) & 0xff for x in range(w)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
PY
run "$QM" -d "$T/big.db" ingest --site big --date 2025-01-01 "$T/big/wide.png"
ok "a large PNG without overviews"
CHECKS=$((CHECKS + 1))
ls "$QUAYMARK_CACHE"/ovr/*.ovr >/dev/null 2>&1 || fail "no cached overviews built"
run "$QM" -d "$T/big.db" render --image 1 --size 80x24
ok "and it renders"
# Vendors' file names: the acquisition time, not the processing date
V="$T/vendors"
mkdir -p "$V"
set -- $(ls "$D"/*.png | head -3)
cp "$1" "$V/20250114_031021_12_2447_3B_AnalyticMS.png"		# Planet
cp "$2" "$V/25JAN15022233-P1BS-012345678010_01_P001.png"	# Maxar
cp "$3" "$V/LC09_L1TP_116031_20250116_20250118_02_T1.png"	# Landsat
run "$QM" -d "$T/v.db" ingest --site Vendors "$V"
ok "vendor names"
run "$QM" -d "$T/v.db" images --format csv
has "Planet's clock" "$OUT" "20250114_031021_12_2447_3B_AnalyticMS.png,Vendors,2025-01-14T03:10:21Z"
has "Maxar's clock" "$OUT" "P001.png,Vendors,2025-01-15T02:22:33Z"
has "Landsat's first date" "$OUT" "T1.png,Vendors,2025-01-16T00:00:00Z"
# Symbolic links: a loop back up the tree is walked once, a second name of
# a file is not a second image, a broken link named as an image is reported
L="$T/links"
mkdir -p "$L/a"
set -- $(ls "$D"/*.tif | head -1)
cp "$1" "$L/a/scene_2025-01-01.tif"
ln -s .. "$L/a/up"
ln -s a/scene_2025-01-01.tif "$L/z_2025-01-01.tif"
ln -s "$T/nowhere.tif" "$L/gone_2025-01-02.tif"
run timeout 60 "$QM" -d "$T/l.db" ingest --site Links "$L"
nok "a broken link is a skipped file" 1
has "loop walked once" "$OUT" "ingest: 1 added, 0 unchanged, 0 updated, 0 moved, 1 skipped"
has "broken link named" "$ERR" "gone_2025-01-02.tif: broken symbolic link"
eq "only the broken link complained" "$(printf '%s\n' "$ERR" | grep -c .)" 1
run "$QM" -d "$T/l.db" images --format csv
has "the file's first name in name order" "$OUT" "$L/a/scene_2025-01-01.tif"
# A folder without images (the wrong folder, most likely) says so, and,
# named explicitly, fails as a named file that is no image does (issue 12:
# an empty folder named x.tif exited 0)
mkdir -p "$T/noimages"
echo notes > "$T/noimages/notes.txt"
run "$QM" -d "$T/l.db" ingest --site Links "$T/noimages"
nok "a named folder without images is an error" 1
has "and it is said" "$ERR" "noimages: no images in this folder (1 other file(s) passed over)"
has "counted as skipped" "$OUT" "1 skipped"
finish
