#!/bin/sh
# Import speed: 1k, 10k and 100k annotations on one image in each format
# (CSV, COCO, YOLO, Pascal VOC), seconds for `quaymark import`, beside the
# same rows written by a bare SQLite loop (bench/import-bare.c). Issue 12:
# imports were quadratic (30k CSV rows: 75 s); 100k in any format must
# take under 10 s.   Usage: bench/import.sh [BUILD] [SIZES]
. "$(dirname "$0")/lib.sh"
SIZES=${2:-1000 10000 100000}
need "apt-get install python3" python3
need "apt-get install time" /usr/bin/time
W=$(mktemp -d "${TMPDIR:-/tmp}/qm-import.XXXXXX")
trap 'rm -rf "$W"' EXIT
export QUAYMARK_CACHE="$W/cache"
"$QM" -d "$W/base.db" demo --scale 0.25 --labels none --no-open >/dev/null
row=$("$QM" -d "$W/base.db" images --format csv | sed -n 2p)
img=$(echo "$row" | cut -d, -f1)
name=$(basename "$(echo "$row" | cut -d, -f2)")
cls=$(sqlite3 "$W/base.db" "SELECT id FROM class WHERE name = 'ship'")
# each cell: wall seconds/CPU seconds (user + system) of the whole process
printf '%-8s %12s %12s %12s %12s %12s\n' annots csv coco yolo voc bare
for n in $SIZES; do
	python3 - "$W" "$name" "$n" <<'PY'
import json, sys
w, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
stem = name.rsplit(".", 1)[0]
W, H = 400, 250
def box(i):
    return 10 + i % 300, 10 + i // 300 % 200, 5 + i % 7, 4 + i % 5
with open(f"{w}/a.csv", "w") as f:
    f.write("file,class,kind,cx,cy,width,height,angle,name\n")
    for i in range(n):
        cx, cy, bw, bh = box(i)
        f.write(f"{name},ship,box,{cx},{cy},{bw},{bh},0,\n")
anns = []
for i in range(n):
    cx, cy, bw, bh = box(i)
    anns.append({"id": i + 1, "image_id": 1, "category_id": 1,
                 "bbox": [cx - bw / 2, cy - bh / 2, bw, bh]})
json.dump({"images": [{"id": 1, "file_name": name, "width": W, "height": H}],
           "categories": [{"id": 1, "name": "ship"}], "annotations": anns},
          open(f"{w}/a.json", "w"))
with open(f"{w}/{stem}.txt", "w") as f:
    for i in range(n):
        cx, cy, bw, bh = box(i)
        f.write(f"0 {cx / W:.6f} {cy / H:.6f} {bw / W:.6f} {bh / H:.6f}\n")
with open(f"{w}/classes.txt", "w") as f:
    f.write("ship\n")
with open(f"{w}/{stem}.xml", "w") as f:
    f.write(f"<annotation><filename>{name}</filename><size><width>{W}</width>"
            f"<height>{H}</height><depth>3</depth></size>\n")
    for i in range(n):
        cx, cy, bw, bh = box(i)
        f.write(f"<object><name>ship</name><bndbox><xmin>{cx - bw / 2}</xmin>"
                f"<ymin>{cy - bh / 2}</ymin><xmax>{cx + bw / 2}</xmax>"
                f"<ymax>{cy + bh / 2}</ymax></bndbox></object>\n")
    f.write("</annotation>\n")
PY
	line=$(printf '%-8s' "$n")
	for f in "csv a.csv" "coco a.json" "yolo ${name%.*}.txt" "voc ${name%.*}.xml"; do
		set -- $f
		cp "$W/base.db" "$W/t.db"
		/usr/bin/time -f '%e %U %S' -o "$W/time" "$QM" -d "$W/t.db" \
		    import --format "$1" "$W/$2" >/dev/null 2>"$W/err" ||
		    { cat "$W/err" >&2; exit 1; }
		line="$line $(awk '{ printf "%12s", sprintf("%.2f/%.2f", $1, $2 + $3) }' "$W/time")"
	done
	cp "$W/base.db" "$W/t.db"
	/usr/bin/time -f '%e %U %S' -o "$W/time" \
	    "$top/$BUILD/bench/import-bare" "$W/t.db" "$img" "$cls" "$n" >/dev/null
	line="$line $(awk '{ printf "%12s", sprintf("%.2f/%.2f", $1, $2 + $3) }' "$W/time")"
	echo "$line"
done
