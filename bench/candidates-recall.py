#!/usr/bin/env python3
# candidates-recall.py QM DB DEMO_DIR [MIN_IOU [MIN_PRECISION]]: candidate
# recall and precision against the demo truth on the clear images.
# Applies the demo's verdicts first (so "changed" can use the last clear
# image), runs `quaymark candidates --format json` on each clear image and
# matches truth ships and stacks to candidates by rotated-box IoU (greedy,
# best first). Prints per-class recall and precision (a candidate matched
# to no truth counts against the class of the truth it overlaps most, or
# against none when it overlaps no truth) and the counts; exit 1 when
# recall is under 90 % or precision under MIN_PRECISION (default 0).
# Used by tests/cli/candidates.sh and by hand.
import csv, json, math, os, subprocess, sys

qm, db, demo = sys.argv[1], sys.argv[2], sys.argv[3]
min_iou = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
min_prec = float(sys.argv[5]) if len(sys.argv) > 5 else 0

def run(*args):
    return subprocess.run([qm, "-d", db] + list(args), check=True,
                          capture_output=True, text=True).stdout

def corners(b):
    cx, cy, w, h, a = b
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    out = []
    for ux, uy in ((-.5, -.5), (.5, -.5), (.5, .5), (-.5, .5)):
        x, y = ux * w, uy * h
        out.append((cx + x * c - y * s, cy + x * s + y * c))
    return out

def area(p):
    return abs(sum(p[i][0] * p[i - 1][1] - p[i - 1][0] * p[i][1]
                   for i in range(len(p)))) / 2

def clip(subject, clipper):
    out = subject
    for i in range(len(clipper)):
        a, b = clipper[i - 1], clipper[i]
        inp, out = out, []
        if not inp:
            break
        side = lambda p: (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
        for j in range(len(inp)):
            p, q = inp[j - 1], inp[j]
            sp, sq = side(p), side(q)
            if sq >= 0:
                if sp < 0:
                    t = sp / (sp - sq)
                    out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
                out.append(q)
            elif sp >= 0:
                t = sp / (sp - sq)
                out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out

def iou(a, b):
    pa, pb = corners(a), corners(b)
    inter = area(clip(pa, pb)) if a[2] * a[3] > 0 and b[2] * b[3] > 0 else 0
    u = a[2] * a[3] + b[2] * b[3] - inter
    return inter / u if u > 0 else 0

images = {}
for r in csv.DictReader(io := open(os.path.join(demo, "quality.csv"))):
    images[r["file"]] = r["quality"]
ids = {}
for r in csv.DictReader(run("images", "--format", "csv").splitlines()):
    ids[os.path.basename(r["path"])] = r["id"]
for name, q in images.items():
    if name in ids and q in ("clear", "partly_cloudy", "cloudy", "no_data"):
        subprocess.run([qm, "-d", db, "quality", ids[name], q], check=True,
                       capture_output=True)
truth = {}
for r in csv.DictReader(open(os.path.join(demo, "truth.csv"))):
    if r["class"] not in ("ship", "container_stack"):
        continue
    truth.setdefault(r["file"], []).append((r["class"], (float(r["cx"]),
        float(r["cy"]), float(r["width"]), float(r["height"]),
        float(r["angle"] or 0))))
found = {"ship": [0, 0], "container_stack": [0, 0]}
wrong = {"ship": 0, "container_stack": 0, "none": 0}
ncand = nmatched = 0
for name, q in sorted(images.items()):
    if q != "clear" or name not in ids:
        continue
    cands = json.loads(run("candidates", "--image", ids[name], "--format",
                           "json"))
    boxes = [(c["cx"], c["cy"], c["w"], c["h"], c["angle"]) for c in cands]
    ncand += len(boxes)
    pairs = []
    for ti, (cls, t) in enumerate(truth.get(name, [])):
        for ci, b in enumerate(boxes):
            v = iou(t, b)
            if v >= min_iou:
                pairs.append((v, ti, ci))
    pairs.sort(reverse=True)
    ut, uc = set(), set()
    for v, ti, ci in pairs:
        if ti in ut or ci in uc:
            continue
        ut.add(ti)
        uc.add(ci)
    nmatched += len(uc)
    for ci, b in enumerate(boxes):
        if ci in uc:
            continue
        best, cls = 0, "none"
        for tcls, t in truth.get(name, []):
            v = iou(t, b)
            if v > best:
                best, cls = v, tcls
        wrong[cls] += 1
    for ti, (cls, t) in enumerate(truth.get(name, [])):
        found[cls][1] += 1
        found[cls][0] += ti in ut
        if ti not in ut and os.environ.get("VERBOSE"):
            best = max([iou(t, b) for b in boxes] + [0])
            print("missed", name, cls, t, "best IoU %.2f" % best)
tot = sum(v[0] for v in found.values()), sum(v[1] for v in found.values())
for cls, (f, n) in found.items():
    print("%s: recall %d of %d (%.1f %%), precision %d of %d (%.1f %%)" % (
        cls, f, n, 100.0 * f / max(n, 1), f, f + wrong[cls],
        100.0 * f / max(f + wrong[cls], 1)))
print("candidates over no truth object: %d" % wrong["none"])
print("recall: %d of %d (%.1f %%)" % (tot[0], tot[1], 100.0 * tot[0] / max(tot[1], 1)))
print("precision: %d of %d candidates (%.1f %%)" % (nmatched, ncand,
      100.0 * nmatched / max(ncand, 1)))
prec = nmatched / max(ncand, 1)
sys.exit(0 if tot[1] and tot[0] >= 0.9 * tot[1] and prec >= min_prec else 1)
