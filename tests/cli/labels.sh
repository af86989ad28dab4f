#!/bin/sh
# Every label file in ../shared/data/labels (written by other tools:
# datumaro, labelme, mmrotate, mmyolo, the DOTA devkit) imports against a
# catalog of stand-in images of the right names and sizes with the number
# of objects an independent reading (python, here) counts, with correct
# geometry for a sample of them; or is refused with a precise reason.
. "$(dirname "$0")/../lib.sh"

L=$(shared_data labels)
[ -n "$L" ] || finish
command -v python3 >/dev/null || { skip "no python3"; finish; }

# Stand-in images and the expected counts, read independently.
mkdir -p "$T/img"
python3 - "$L" "$T/img" > "$T/expect" <<'PY' || fail "reading the label files"
import json, os, re, struct, sys, zlib
import xml.etree.ElementTree as ET
L, out = sys.argv[1], sys.argv[2]
sizes = {}
def need(name, w, h):
    stem = os.path.splitext(os.path.basename(name))[0]
    w0, h0 = sizes.get(stem, (1, 1))
    sizes[stem] = (max(w0, int(w + 0.999)), max(h0, int(h + 0.999)))
def expect(rel, fmt, n, extra=""):
    print(f"{rel}\t{fmt}\t{n}\t{extra}")
for f in sorted(os.listdir(f"{L}/coco")):
    d = json.load(open(f"{L}/coco/{f}"))
    for im in d["images"]:
        need(im["file_name"], im["width"], im["height"])
    expect(f"coco/{f}", "coco", len(d.get("annotations", [])))
for f in sorted(os.listdir(f"{L}/voc")):
    r = ET.parse(f"{L}/voc/{f}").getroot()
    if r.tag == "HRSC_Image":
        need(r.findtext("Img_FileName"), int(r.findtext("Img_SizeWidth")),
             int(r.findtext("Img_SizeHeight")))
        expect(f"voc/{f}", "voc", len(r.findall("HRSC_Objects/HRSC_Object")))
    else:
        s = r.find("size")
        need(r.findtext("filename"), float(s.findtext("width")),
             float(s.findtext("height")))
        expect(f"voc/{f}", "voc", len(r.findall("object")))
for f in sorted(os.listdir(f"{L}/dota")):
    rows = [l.split() for l in open(f"{L}/dota/{f}")]
    rows = [r for r in rows if len(r) >= 9]
    xs = [float(v) for r in rows for v in r[0:8:2]] or [1]
    ys = [float(v) for r in rows for v in r[1:8:2]] or [1]
    need(f, max(xs) + 1, max(ys) + 1)
    expect(f"dota/{f}", "dota", len(rows))
for f in ("darknet_strict_1.txt", "ultralytics_layout_train_1.txt"):
    need(f, 100, 100)
    n = sum(1 for l in open(f"{L}/yolo/{f}") if l.strip())
    expect(f"yolo/{f}", "yolo", n)
for f in sorted(os.listdir(f"{L}/cvat")):
    r = ET.parse(f"{L}/cvat/{f}").getroot()
    n = 0
    for im in r.findall("image"):
        need(im.get("name"), float(im.get("width")), float(im.get("height")))
        for s in im:
            if s.tag == "points":
                n += len(s.get("points").split(";"))
            elif s.tag in ("box", "polygon", "polyline", "ellipse", "mask"):
                n += 1
    expect(f"cvat/{f}", "cvat", n)
for f in sorted(os.listdir(f"{L}/labelme")):
    p = f"{L}/labelme/{f}"
    if f.endswith(".json"):
        d = json.load(open(p))
        need(d["imagePath"], d["imageWidth"], d["imageHeight"])
        expect(f"labelme/{f}", "labelme", len(d["shapes"]))
    else:
        r = ET.parse(p).getroot()
        need(r.findtext("filename"), int(r.findtext("imagesize/ncols")),
             int(r.findtext("imagesize/nrows")))
        expect(f"labelme/{f}", "labelme",
               sum(1 for o in r.findall("object") if o.findtext("deleted") != "1"))
def png(path, w, h):
    # each its own grey: no two stand-ins are duplicates of each other
    g = bytes([zlib.crc32(path.encode()) & 0xff])
    raw = b"".join(b"\0" + g * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
for stem, (w, h) in sizes.items():
    png(f"{out}/{stem}.png", w, h)
PY

DB="$T/l.db"
run "$QM" -d "$DB" ingest --site labels --date 2025-01-01 "$T/img"
ok "stand-in images"
while IFS="$(printf '\t')" read -r rel fmt n extra; do
	set -- --new-classes
	case $rel in
	yolo/darknet*) set -- --names "$L/yolo/darknet_strict_obj.names" --new-classes ;;
	yolo/ultra*) set -- --map 2=ship --map 4=vehicle ;;
	esac
	run "$QM" -d "$DB" import --format "$fmt" "$@" "$L/$rel"
	case $rel in
	cvat/datumaro_cvat_export_task_train.xml)
		nok "$rel: refused" 1
		has "$rel: says why" "$ERR" "with no label (a mark needs a class)"
		continue ;;
	cvat/datumaro_cvat_for_video_annotations.xml)
		nok "$rel: refused" 1
		has "$rel: says why" "$ERR" "CVAT for video"
		continue ;;
	coco/mmyolo_coco_sample.json|coco/mmrotate_coco_rbox_sample.json)
		# test data of theirs: an annotation of a category not listed
		nok "$rel: refused" 1
		has "$rel: says why" "$ERR" "category_id 3 is not in \"categories\""
		continue ;;
	esac
	ok "$rel imports"
	if [ "$n" -eq 0 ]; then
		has "$rel: no objects" "$ERR" "no objects"
	else
		# what another file already put on the same image is not
		# added twice
		got=$(printf '%s\n' "$OUT" | sed -n 's/^import: \([0-9]*\) added, \([0-9]*\) already.*/\1 \2/p')
		eq "$rel: $n objects" "$(( ${got% *} + ${got#* } ))" "$n"
	fi
done < "$T/expect"
CHECKS=$((CHECKS + 1))
[ "$(wc -l < "$T/expect")" -ge 20 ] || fail "expected 20+ label files"

# Geometry, checked against the files' own numbers
run "$QM" -d "$DB" marks --format csv --status all
csvline() { printf '%s\n' "$OUT" | grep "^$1," | grep ",$2," ; }
has "DOTA quad to a rotated box" "$(csvline DOTA_devkit_P0706.png ship | head -1)" \
    ",ship,rbox,1085,1035.25,20.6290498"
has "VOC box" "$(csvline 2007_000001.png cat)" ",cat,box,2,3,2,2,0,"
has "HRSC radians to degrees" "$(csvline 100000006.png ship)" ",-64.3399518"
has "DIOR corners" "$(csvline 00001.png golffield)" ",408.5,454.5,551,435,"
has "labelme point" "$(printf '%s\n' "$OUT" | grep ',point,point,')" ",point,point,"
has "yolo names from the names file" "$(csvline darknet_strict_1.png label_2)" \
    ",label_2,box,"
has "yolo fractions to pixels" "$(csvline darknet_strict_1.png label_2)" \
    ",box,13.3333,30,26.6667,20,"
has "yolo numbers mapped" "$(csvline ultralytics_layout_train_1.png vehicle)" \
    ",vehicle,box,26.6667,45,13.3333,30,"

# An Ultralytics dataset handed over whole, as its folder or its
# data.yaml: names from it, label files found under labels/, an empty
# label file a background image (regressions: yolo_import_needs_files,
# yolo_empty_label_warns)
U="$T/ultra"
mkdir -p "$U/images/train" "$U/images/val" "$U/labels/train" "$U/labels/val"
cp "$L/yolo/ultralytics_layout_train_1.txt" "$U/labels/train/"
: > "$U/labels/val/darknet_strict_1.txt"
cp "$L/yolo/ultralytics_layout_README.txt" "$U/README.txt"
printf 'path: ../elsewhere\ntrain: images/train\nval: images/val\nnames:\n  0: a\n  1: b\n  2: ship\n  3: c\n  4: vehicle\n' > "$U/data.yaml"
UDB="$T/u.db"
"$QM" -d "$UDB" ingest --site labels --date 2025-01-01 "$T/img" >/dev/null 2>&1
run "$QM" -d "$UDB" import --format yolo "$U"
ok "a YOLO dataset folder imports"
has "its objects" "$OUT" "import: 2 added, 0 already present, 0 file(s) refused"
has "the empty label file is a background image" "$OUT" ", 1 background image(s)"
hasnt "and no warning" "$ERR" "no objects"
run "$QM" -d "$UDB" marks --format csv --status all
has "names from its data.yaml" "$(printf '%s\n' "$OUT" | grep '^ultralytics_layout_train_1.png,')" \
    ",vehicle,box,26.6667,45,13.3333,30,"
run "$QM" -d "$UDB" import --format yolo-obb "$U/data.yaml"
nok "its data.yaml names it too (yolo-obb reads 9 values)" 1
has "the label file named" "$ERR" "ultralytics_layout_train_1.txt:1: yolo-obb lines"
run "$QM" -d "$UDB" import --format yolo "$U/data.yaml"
ok "by its data.yaml"
has "the same objects, already present" "$OUT" "import: 0 added, 2 already present"
run "$QM" -d "$UDB" import --format yolo "$U/labels/val/darknet_strict_1.txt"
ok "an empty label file alone"
hasnt "is no warning" "$ERR" "no objects"
has "but a background image" "$OUT" ", 1 background image(s)"
mkdir -p "$T/nolabels"
run "$QM" -d "$UDB" import --format yolo "$T/nolabels"
nok "a folder without label files" 1
has "says so" "$ERR" "no YOLO label files (.txt) under it"

# Malformed files: a precise reason, nothing imported
printf '{"images": [{"id": 1, "file_name": "img0.png", "width": 8, "height": 8}], "categories": [{"id": 1, "name": "ship"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, -3, 2]}]}' > "$T/neg.json"
run "$QM" -d "$DB" import --format coco "$T/neg.json"
nok "negative size" 1
has "negative size named" "$ERR" "annotations[0]: bbox has a negative size"
printf '{"images": [' > "$T/broken.json"
run "$QM" -d "$DB" import --format coco "$T/broken.json"
nok "broken JSON" 1
has "broken JSON with a line" "$ERR" "broken.json:1:"
printf '<annotation><filename>img0.png</filename><object><name>ship</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>NaN</xmax><ymax>4</ymax></bndbox></object></annotation>' > "$T/nan.xml"
run "$QM" -d "$DB" import --format voc --new-classes "$T/nan.xml"
nok "NaN" 1
has "NaN named" "$ERR" "<xmax> is missing or not a number"
printf '<annotation><filename>img0.png</filename><object><name>ship</name>' > "$T/cut.xml"
run "$QM" -d "$DB" import --format voc "$T/cut.xml"
nok "unclosed XML" 1
has "unclosed XML named" "$ERR" "not well-formed XML"
printf '0 0 0 1 1 1 1 0 ship 0\n400 500 410 500 410 510 400 510 ship 0\n' > "$T/img0.txt"
run "$QM" -d "$DB" import --format dota "$T/img0.txt"
nok "outside the image" 1
has "outside named with its line" "$ERR" "img0.txt:2:"
run "$QM" -d "$DB" marks --format csv --status all
eq "nothing from a refused file" "$(printf '%s\n' "$OUT" | grep -c '^img0.png,.*,ship,')" 0
# found by fuzz-import: a class number past any long
printf '222222222222222222222222222222222222222222222222222220 0.1 0.1 0.3 0.1 0.3 0.2 0.1 0.2\n' > "$T/img0.txt"
run "$QM" -d "$DB" import --format yolo-obb "$T/img0.txt"
nok "a huge class number" 1
has "huge class named" "$ERR" "is not a class number"
printf '0 0 0 1 1 1 1 0 ship 0\n' > "$T/nosuch.txt"
run "$QM" -d "$DB" import --format dota "$T/nosuch.txt"
nok "unknown image" 1
has "unknown image named" "$ERR" "no image named \"nosuch\""
printf '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><annotation><filename>img0.png</filename><object><name>&x;</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>' > "$T/xxe.xml"
run "$QM" -d "$DB" import --format voc --new-classes "$T/xxe.xml"
run "$QM" -d "$DB" class list
hasnt "no external entities read" "$OUT" "root:"
finish
