#!/usr/bin/env python3
"""export_truth.py FORMAT PATH MARKS.json IMAGES.json

Reads a file (or folder) quaymark exported with Python's own json, csv
and xml readers, or ogrinfo's text (never quaymark's importers), and
checks it against the marks in the database, field by field: every mark
that should be exported is there exactly once, with its class, its
geometry (rotation included: corners computed here from the centre, size
and clockwise angle) and its attributes; nothing else is there.

MARKS.json is `quaymark marks --format json --status all`, IMAGES.json
`quaymark images --format json`. Exported are the marks that are not
rejected and not proposals. Prints one line per problem and exits 1 if
there is any, else prints what it checked and exits 0.
"""
import csv
import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

PX = 0.002      # pixels: the formats write thousandths
problems = []


def bad(msg):
    problems.append(msg)


def corners(m):
    """The four corners of a mark, clockwise on screen (y down)."""
    if m["kind"] == "point":
        w = h = 1.0     # "a point is a one-pixel box"
        a = 0.0
    else:
        w, h, a = m["w"], m["h"], (m["angle"] if m["kind"] == "rbox" else 0)
    t = math.radians(a)
    ux, uy = math.cos(t), math.sin(t)       # along the width
    vx, vy = -uy, ux                        # along the height
    out = []
    for sw, sh in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        out.append((m["cx"] + sw * w / 2 * ux + sh * h / 2 * vx,
                    m["cy"] + sw * w / 2 * uy + sh * h / 2 * vy))
    return out


def aabb(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def same_corners(a, b, tol):
    """Same four points, in any starting order, going round either way."""
    if len(a) != 4 or len(b) != 4:
        return False
    for start in range(4):
        for step in (1, -1):
            if all(abs(a[i][0] - b[(start + step * i) % 4][0]) <= tol and
                   abs(a[i][1] - b[(start + step * i) % 4][1]) <= tol
                   for i in range(4)):
                return True
    return False


def near(a, b, tol):
    return abs(float(a) - float(b)) <= tol


def load(marks_path, images_path):
    marks = json.load(open(marks_path))
    images = {im["id"]: im for im in json.load(open(images_path))}
    want = [m for m in marks
            if m["status"] != "rejected" and not m.get("proposal")]
    if not want:
        bad("no marks to compare with: the test database is empty")
    return want, images


def by_image(want, key):
    d = {}
    for m in want:
        d.setdefault(key(m), []).append(m)
    return d


def match(what, expected, written, same):
    """Pair each expected mark with one written object; report the rest."""
    left = list(written)
    for m in expected:
        for i, o in enumerate(left):
            if same(m, o):
                del left[i]
                break
        else:
            bad("%s: mark %d (%s %s at %g,%g %gx%g %g deg) missing or "
                "written wrong" % (what, m["id"], m["class"], m["kind"],
                                   m["cx"], m["cy"], m["w"], m["h"],
                                   m["angle"]))
    for o in left:
        bad("%s: an object no mark accounts for: %s" % (what, o))


ATTRS = ("name", "count", "state", "note", "track", "quay", "author",
         "status", "reason")


def check_attrs(what, m, got, keys=ATTRS):
    """got: the written attributes (str or number values)."""
    for k in keys:
        v = m.get(k)
        g = got.get(k)
        if v is None:
            if g not in (None, ""):
                bad("%s: mark %d has no %s, written %r" % (what, m["id"], k, g))
        elif g is None or str(g) != str(v):
            bad("%s: mark %d %s is %r, written %r" % (what, m["id"], k, v, g))


def stem(name):
    return os.path.splitext(name)[0]


def check_coco(path, want, images):
    d = json.load(open(os.path.join(path, "annotations.json")))
    cats = {c["id"]: c["name"] for c in d["categories"]}
    imgs = {i["id"]: i for i in d["images"]}
    for i in d["images"]:
        im = images.get(i["id"])
        if im is None or im["name"] != i["file_name"]:
            bad("coco: image %s is not catalogued as %s" % (i["id"],
                                                          i["file_name"]))
        elif (i["width"], i["height"]) != (im["width"], im["height"]):
            bad("coco: image %s size %sx%s, catalogued %sx%s" % (
                i["file_name"], i["width"], i["height"], im["width"],
                im["height"]))
    anns = {}
    for a in d["annotations"]:
        anns.setdefault(a["image_id"], []).append(a)

    def same(m, a):
        pts = corners(m)
        x0, y0, x1, y1 = aabb(pts)
        if cats.get(a["category_id"]) != m["class"]:
            return False
        if not all(near(p, q, PX) for p, q in
                   zip(a["bbox"], (x0, y0, x1 - x0, y1 - y0))):
            return False
        if m["kind"] == "point":
            k = a.get("keypoints", [])
            return len(k) == 3 and near(k[0], m["cx"], PX) and \
                near(k[1], m["cy"], PX) and k[2] == 2
        s = a.get("segmentation") or [[]]
        seg = list(zip(s[0][0::2], s[0][1::2]))
        return same_corners(seg, pts, PX)

    for img_id, ms in by_image(want, lambda m: m["image_id"]).items():
        if img_id not in imgs:
            bad("coco: image %d (%d marks) not written" % (img_id, len(ms)))
            continue
        got = anns.get(img_id, [])
        match("coco image %d" % img_id, ms, got, same)
        ids = {a.get("attributes", {}).get("mark_id"): a for a in got}
        for m in ms:
            a = ids.get(m["id"])
            if a is None:
                bad("coco: mark %d: no annotation with its mark_id" % m["id"])
                continue
            at = a.get("attributes", {})
            check_attrs("coco", m, at)
            if at.get("date") != m["date"]:
                bad("coco: mark %d date %r, written %r" % (m["id"], m["date"],
                                                          at.get("date")))
            if not near(at.get("rotation", 1e9), m["angle"], 0.0005):
                bad("coco: mark %d rotation %r, written %r" % (
                    m["id"], m["angle"], at.get("rotation")))
            rb = at.get("rbox", [])
            if len(rb) != 5 or not all(near(p, q, PX) for p, q in zip(
                    rb, (m["cx"], m["cy"], m["w"], m["h"], m["angle"]))):
                bad("coco: mark %d rbox %r" % (m["id"], rb))
            if not near(a.get("area", -1), (1 if m["kind"] == "point" else
                                            m["w"] * m["h"]), 0.01):
                bad("coco: mark %d area %r" % (m["id"], a.get("area")))
    return len(d["annotations"])


def read_names(path):
    """data.yaml's names: block, read as plain text."""
    names = {}
    inside = False
    for line in open(os.path.join(path, "data.yaml")):
        if line.startswith("names:"):
            inside = True
            continue
        mm = re.match(r'\s+(\d+):\s*"?([^"\n]*)"?\s*$', line)
        if inside and mm:
            names[int(mm.group(1))] = mm.group(2)
        elif inside and line.strip():
            inside = False
    return names


def label_files(folder, ext):
    out = {}
    for f in os.listdir(folder):
        if f.endswith(ext):
            out[stem(f)] = os.path.join(folder, f)
    return out


def check_yolo(path, want, images, obb):
    names = read_names(path)
    files = label_files(os.path.join(path, "labels"), ".txt")
    n = 0
    for img_id, ms in by_image(want, lambda m: m["image_id"]).items():
        im = images[img_id]
        W, H = im["width"], im["height"]
        f = files.get(stem(im["name"]))
        if f is None:
            bad("yolo: no label file for %s" % im["name"])
            continue
        rows = [l.split() for l in open(f) if l.strip()]
        n += len(rows)
        tol = 0.6e-6 * max(W, H) + 1e-9

        def same(m, r):
            if names.get(int(r[0])) != m["class"]:
                return False
            v = [float(x) for x in r[1:]]
            pts = corners(m)
            if obb:
                if len(v) != 8:
                    return False
                got = [(v[i] * W, v[i + 1] * H) for i in range(0, 8, 2)]
                return same_corners(got, pts, tol)
            x0, y0, x1, y1 = aabb(pts)
            return len(v) == 4 and near(v[0] * W, (x0 + x1) / 2, tol) and \
                near(v[1] * H, (y0 + y1) / 2, tol) and \
                near(v[2] * W, x1 - x0, tol) and near(v[3] * H, y1 - y0, tol)
        match("yolo%s %s" % ("-obb" if obb else "", f), ms, rows, same)
    return n


def check_dota(path, want, images):
    files = label_files(os.path.join(path, "labelTxt"), ".txt")
    n = 0
    for img_id, ms in by_image(want, lambda m: m["image_id"]).items():
        im = images[img_id]
        f = files.get(stem(im["name"]))
        if f is None:
            bad("dota: no label file for %s" % im["name"])
            continue
        rows = [l.split() for l in open(f)
                if l.strip() and not re.match(r"(imagesource|gsd):", l)]
        n += len(rows)

        def same(m, r):
            if len(r) != 10 or r[8] != m["class"] or r[9] not in ("0", "1"):
                return False
            v = [float(x) for x in r[:8]]
            return same_corners([(v[i], v[i + 1]) for i in range(0, 8, 2)],
                                corners(m), PX)
        match("dota " + f, ms, rows, same)
    return n


# VOC objects carry no quay (it is worked out from the quays' outlines)
VOC_ATTRS = tuple(k for k in ATTRS if k != "quay")


def check_voc(path, want, images):
    objs = {}
    folder = os.path.join(path, "Annotations")
    for f in os.listdir(folder):
        root = ET.parse(os.path.join(folder, f)).getroot()
        fn = root.findtext("filename")
        for o in root.findall("object"):
            objs.setdefault(fn, []).append(o)
    n = sum(len(v) for v in objs.values())

    def attrs(o):
        return {a.findtext("name"): a.findtext("value")
                for a in o.findall("attributes/attribute")}

    def same(m, o):
        if o.findtext("name") != m["class"]:
            return False
        pts = corners(m)
        x0, y0, x1, y1 = aabb(pts)
        b = o.find("bndbox")
        if b is None or not all(near(b.findtext(k), v, PX) for k, v in (
                ("xmin", x0), ("ymin", y0), ("xmax", x1), ("ymax", y1))):
            return False
        rb = o.find("robndbox")
        if m["kind"] != "rbox":
            return rb is None
        if rb is None or not near(o.findtext("angle"), m["angle"], 0.0005):
            return False
        got = [(float(rb.findtext("x_" + c)), float(rb.findtext("y_" + c)))
               for c in ("left_top", "right_top", "right_bottom",
                         "left_bottom")]
        return same_corners(got, pts, PX)

    for img_id, ms in by_image(want, lambda m: m["image_id"]).items():
        name = images[img_id]["name"]
        got = objs.get(name, [])
        match("voc " + name, ms, got, same)
        for m in ms:    # the attributes of the object its geometry matched
            cand = [o for o in got if same(m, o)]
            if cand and not any(attrs(o).get("name") == (m["name"] or None)
                                and all(str(attrs(o).get(k)) == str(m[k])
                                        for k in VOC_ATTRS
                                        if m.get(k) is not None)
                                for o in cand):
                bad("voc %s: mark %d attributes %r, written %r" % (
                    name, m["id"], {k: m[k] for k in VOC_ATTRS if m.get(k)
                                   is not None}, [attrs(o) for o in cand]))
    return n


CSV_FIELDS = ("file", "site", "date", "class", "kind", "cx", "cy", "width",
              "height", "angle", "name", "count", "state", "note", "track",
              "quay", "author", "status", "reason")
CSV_KEYS = ("file", "site", "date", "class", "kind", "cx", "cy", "w", "h",
            "angle") + ATTRS


def check_csv(path, want, images):
    rows = list(csv.DictReader(open(path, newline="")))
    for r in rows:
        if tuple(r.keys())[:len(CSV_FIELDS)] != CSV_FIELDS:
            bad("csv: columns %s" % list(r.keys()))
            return len(rows)

    def same(m, r):
        for f, k in zip(CSV_FIELDS, CSV_KEYS):
            v = m.get(k)
            if k in ("cx", "cy", "w", "h", "angle"):
                if not near(r[f], v, PX):
                    return False
            elif (r[f] or None) != (None if v is None else str(v)):
                return False
        return True
    match("csv", want, rows, same)
    return len(rows)


def ogr_features(path, layer):
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-q", path, layer],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return None
    feats, cur = [], None
    for line in out.stdout.splitlines():
        if line.startswith("OGRFeature("):
            cur = {"_geom": None}
            feats.append(cur)
        elif cur is not None:
            mm = re.match(r"  (\w+) \((\w+)\) = (.*)$", line)
            if mm:
                cur[mm.group(1)] = None if mm.group(3) == "(null)" \
                    else mm.group(3)
            elif re.match(r"  (POLYGON|POINT|MULTI)", line):
                cur["_geom"] = [tuple(float(c) for c in p.split())
                                for p in re.findall(r"[-\d.e+]+ [-\d.e+]+",
                                                    line)]
    return feats


def check_ogr(path, want, images):
    feats = (ogr_features(path, "marks") or []) + \
        (ogr_features(path, "mark_points") or [])
    geo = [m for m in want if images[m["image_id"]].get("geotransform")]

    def to_map(m, p):
        g = images[m["image_id"]]["geotransform"]
        return (g[0] + p[0] * g[1] + p[1] * g[2],
                g[3] + p[0] * g[4] + p[1] * g[5])

    def same(m, f):
        if f.get("id") != str(m["id"]):
            return False
        for k in ("class", "kind") + ATTRS:
            v = m.get(k)
            if (f.get(k) or None) != (None if v is None else str(v)):
                return False
        if f.get("image") != m["file"]:
            return False
        # 2024/10/02 02:27:00+00 for 2024-10-02T02:27:00Z
        d = re.sub(r"[-T:Z]", "", m["date"])
        if re.sub(r"[/ :]|\+00$", "", f.get("date") or "") != d:
            return False
        for k, v in (("angle", m["angle"]), ("px_cx", m["cx"]),
                     ("px_cy", m["cy"]), ("px_w", m["w"]), ("px_h", m["h"])):
            if f.get(k) is None or not near(f[k], v, PX):
                return False
        g = f["_geom"] or []
        tol = PX * 10 * max(abs(x) for x in images[m["image_id"]]
                            ["geotransform"][1:3] + images[m["image_id"]]
                            ["geotransform"][4:6])
        if m["kind"] == "point":
            c = to_map(m, (m["cx"], m["cy"]))
            return len(g) == 1 and near(g[0][0], c[0], tol) and \
                near(g[0][1], c[1], tol)
        if len(g) != 5 or g[0] != g[4]:
            return False
        return same_corners(g[:4], [to_map(m, p) for p in corners(m)], tol)
    match("ogr " + path, geo, feats, same)
    want[:] = geo       # what was checked: the georeferenced images' marks
    return len(feats)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    fmt, path = sys.argv[1], sys.argv[2]
    want, images = load(sys.argv[3], sys.argv[4])
    fn = {"coco": check_coco, "dota": check_dota, "voc": check_voc,
          "csv": check_csv, "ogr": check_ogr,
          "yolo": lambda p, w, i: check_yolo(p, w, i, False),
          "yolo-obb": lambda p, w, i: check_yolo(p, w, i, True)}[fmt]
    try:
        n = fn(path, want, images)
    except (OSError, ValueError, KeyError, ET.ParseError) as e:
        bad("%s: cannot read %s: %s" % (fmt, path, e))
        n = 0
    for p in problems[:20]:
        print("%s: %s" % (fmt, p))
    if len(problems) > 20:
        print("%s: ... and %d more" % (fmt, len(problems) - 20))
    if problems:
        sys.exit(1)
    print("%s: %d objects written, %d marks checked field by field" % (
        fmt, n, len(want)))


main()
