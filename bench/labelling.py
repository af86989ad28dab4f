#!/usr/bin/env python3
# labelling.py QM [WORKDIR]: a scripted analyst labels the demo port's
# January and February 2025 through the real TUI (key scripts replayed by
# `tui --keys FILE --exit-after`, one short session a step, the position
# kept between them as for a person), against the demo truth, and counts
# keystrokes:
#   repeat sightings: P on each observed date carries the last observed
#     date's marks; a confirms a carried proposal that is still there, x
#     drops one that left (the selection moves on by itself): the P and
#     every a and x are charged to the confirmed sightings of that date;
#   new marks: a class key, f, the hint label of the candidate (1 f ab);
#     a named ship that will not take its name by joining a track gets F
#     instead of f (the form opens on it), then the shortest prefix that
#     Tab completes (or the whole name when it is new), Tab, Enter; an object no candidate fits is drawn by
#     hand (counted moves at 1:1, class key, counted moves, Enter);
#   date steps (]) and verdicts (F1-F4) are counted apart.
# A key a person would not type, needed only because each step is its own
# session (the selection does not outlive a session), is sent but not
# counted: the Tab before a and x.
# A mark is correct when it is not a proposal, has the truth's class, IoU
# >= 0.5 with it and its name. Prints the distributions and medians.
import csv, json, math, os, re, statistics, subprocess, sys, tempfile

QM = sys.argv[1]
W = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="qm-label-")
os.makedirs(W, exist_ok=True)
ENV = dict(os.environ, QUAYMARK_CACHE=os.path.join(W, "cache"),
           XDG_CONFIG_HOME=os.path.join(W, "config"), LC_ALL="C.UTF-8")
DB = os.path.join(W, "label.db")
COLS, ROWS = 160, 50
ALPHA = "asdfghjklqwertyuiopzxcvbnm"
CLASS_KEY = {"ship": "1", "container_stack": "2"}
FKEY = {"clear": "<F1>", "partly_cloudy": "<F2>", "cloudy": "<F3>",
        "no_data": "<F4>"}

def qm(*args):
    return subprocess.run([QM, "-d", DB] + list(args), env=ENV, check=True,
                          capture_output=True, text=True).stdout

def tui(keys):
    path = os.path.join(W, "keys")
    with open(path, "w") as f:
        f.write(keys)
    out = subprocess.run([QM, "-d", DB, "tui", "--keys", path,
                          "--exit-after", "--size", "%dx%d" % (COLS, ROWS)],
                         env=ENV, check=True, capture_output=True,
                         text=True).stdout.split("\n")
    status, msg = out[ROWS - 2], out[ROWS - 1]
    # fields found by their form, not their place
    f = status.split(" | ")
    pos = next(v for v in f if re.match(r"^-?[0-9.]+,-?[0-9.]+( |$)", v))
    zoom = next(v for v in f if re.match(r"^[0-9.]+:[0-9.]+$", v))
    x, y = (float(v) for v in pos.split()[0].split(","))
    scale = float(zoom[2:]) if zoom.startswith("1:") else 1 / float(zoom.split(":")[0])
    return {"cx": x, "cy": y, "scale": scale, "msg": msg.strip()}

def corners(b):
    cx, cy, w, h, a = b
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in
            ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))]

def area(p):
    return abs(sum(p[i][0] * p[i - 1][1] - p[i - 1][0] * p[i][1]
                   for i in range(len(p)))) / 2

def clip(sub, clp):
    out = sub
    for i in range(len(clp)):
        a, b = clp[i - 1], clp[i]
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
    if a[2] * a[3] <= 0 or b[2] * b[3] <= 0:
        return 0
    inter = area(clip(corners(a), corners(b)))
    u = a[2] * a[3] + b[2] * b[3] - inter
    return inter / u if u > 0 else 0

def box(m):
    return (m["cx"], m["cy"], m["w"], m["h"], m.get("angle") or 0)

def joined_name(im, c, cls):
    """The name a mark at candidate c takes by joining a track: that of
    the same-class mark it overlaps (IoU >= 0.3) on the last earlier date
    with objects seen (clear, partly cloudy, or marked unreviewed)."""
    rows = sorted(csv.DictReader(qm("images", "--format", "csv").splitlines()),
                  key=lambda r: r["date"])
    prev = None
    for r in rows:
        if r["date"] >= im["date"]:
            break
        if r["quality"] in ("clear", "partly_cloudy") or (
                r["quality"] == "unreviewed" and int(r["marks"]) > 0):
            prev = r
    if prev is None:
        return None
    best, name = 0.3, None
    for m in json.loads(qm("marks", "--image", prev["id"], "--format", "json")):
        if m["class"] == cls and m["kind"] != "point" and m["status"] != "rejected":
            v = iou(box(c), box(m))
            if v >= best:
                best, name = v, m["name"]
    return name

def moves(n, pos, neg):
    """Keys to move n cells: one key, or the count prefix 0, digits."""
    if n == 0:
        return ""
    k = pos if n > 0 else neg
    return k if abs(n) == 1 else "0%d%s" % (abs(n), k)

# The demo, October and November labelled, as `quaymark demo` leaves it.
if not os.path.exists(DB):
    subprocess.run([QM, "-d", DB, "demo", "--labels", "partial",
                    "--no-open"], env=ENV, check=True, capture_output=True)
demo = os.path.join(W, "cache", "demo", "seed1-scale1")
quality = {r["file"]: r["quality"] for r in
           csv.DictReader(open(os.path.join(demo, "quality.csv")))}
truth = {}
for r in csv.DictReader(open(os.path.join(demo, "truth.csv"))):
    truth.setdefault(r["file"], []).append(
        {"class": r["class"], "name": r["name"] or None,
         "box": (float(r["cx"]), float(r["cy"]), float(r["width"]),
                 float(r["height"]), float(r["angle"] or 0))})
images = [r for r in csv.DictReader(qm("images", "--format", "csv").splitlines())]
images.sort(key=lambda r: r["date"])
todo = [r for r in images if r["date"][:7] in ("2025-01", "2025-02")]

new_keys, rep_keys, named_keys, overhead = [], [], [], 0
first = True
for im in todo:
    name = os.path.basename(im["path"])
    q = quality.get(name, "clear")
    step = (":goto %s<Enter>" % im["date"][:10]) if first else "]"
    first = False
    st = tui(step + FKEY[q])
    overhead += 2
    if q in ("cloudy", "no_data"):
        continue
    want = list(truth.get(name, []))
    # Repeats: P, then a or x on each carried proposal, in id order.
    st = tui("P")
    marks = json.loads(qm("marks", "--image", im["id"], "--format", "json"))
    props = sorted((m for m in marks if m["proposal"]), key=lambda m: m["id"])
    keys, confirmed = "", 0
    for m in props:
        hit = None
        for t in want:
            if t["class"] == m["class"] and iou(t["box"], box(m)) >= 0.5 and \
                    (t["name"] is None or t["name"] == m["name"]):
                hit = t
                break
        if hit:
            want.remove(hit)
            keys += "a"
            confirmed += 1
        else:
            keys += "x"
    if keys:
        # one session a step loses the selection P made: a Tab gets it
        # back (not counted: in one sitting P has selected it already)
        st = tui("<Tab>" + keys)
    if confirmed:
        rep_keys += [(1 + len(keys)) / confirmed] * confirmed
    else:
        overhead += 1 + len(keys)
    # New marks, in reading order.
    want.sort(key=lambda t: (t["box"][1] // 32, t["box"][0]))
    for t in want:
        cands = json.loads(qm("candidates", "--image", im["id"], "--format", "json"))
        best, bi = 0.5, None
        for i, c in enumerate(cands):
            v = iou(t["box"], box(c))
            if v >= best:
                best, bi = v, i
        ck = CLASS_KEY[t["class"]]
        if bi is not None:
            order = sorted(range(len(cands)), key=lambda i: (
                math.hypot(cands[i]["cx"] - st["cx"], cands[i]["cy"] - st["cy"]), i))
            order = order[:26 * 26]
            k = order.index(bi)
            label = ALPHA[k] if len(order) <= 26 else ALPHA[k // 26] + ALPHA[k % 26]
            keys = ck + "f" + label
        else:
            # by hand: to the object at fit, 1:1 there, corner to corner
            s = st["scale"]
            x0, y0 = t["box"][0] - t["box"][2] / 2, t["box"][1] - t["box"][3] / 2
            keys = moves(round((t["box"][0] - st["cx"]) / s), "l", "h") + \
                moves(round((t["box"][1] - st["cy"]) / (2 * s)), "j", "k")
            st = tui(keys + "Z")
            keys += "Z"
            k2 = moves(round(x0 - st["cx"]), "l", "h") + \
                moves(round((y0 - st["cy"]) / 2), "j", "k") + ck + \
                moves(round(t["box"][2]), "l", "h") + \
                moves(round(t["box"][3] / 2), "j", "k") + "<Enter>z"
            keys += k2
            st = tui(k2)
            keys_n = len(re.sub(r"<[^>]+>", "K", keys))
            new_keys.append(keys_n)
            continue
        n = len(keys)
        if t["name"] and joined_name(im, cands[bi], t["class"]) != t["name"]:
            # F instead of f: the form opens on the new mark for its name
            names = sorted({m["name"] for m in json.loads(qm(
                "marks", "--site", "Rajin (demo)", "--format", "json"))
                if m["name"]})
            typed = t["name"] + "<Enter>"
            for p in range(1, len(t["name"]) + 1):
                first_match = next((x for x in names if
                                    x.lower().startswith(t["name"][:p].lower())
                                    and x != t["name"][:p]), None)
                if first_match == t["name"]:
                    typed = t["name"][:p] + "<Tab><Enter>"
                    break
            keys = ck + "F" + label + typed
            n = len(re.sub(r"<[^>]+>", "K", keys))
        st = tui(keys)
        new_keys.append(n)
        if t["name"]:
            named_keys.append(n)

# Which marks are right, as the truth has them.
ok_new = ok_rep = total = 0
for im in todo:
    name = os.path.basename(im["path"])
    if quality.get(name) in ("cloudy", "no_data"):
        continue
    marks = [m for m in json.loads(qm("marks", "--image", im["id"], "--format", "json"))
             if not m["proposal"]]
    for t in truth.get(name, []):
        total += 1
        if any(m["class"] == t["class"] and iou(t["box"], box(m)) >= 0.5 and
               (t["name"] is None or m["name"] == t["name"]) for m in marks):
            ok_new += 1
def dist(v):
    if not v:
        return "none"
    v = sorted(v)
    q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
    return "n=%d median %.1f, quartiles %.1f-%.1f, max %.1f" % (
        len(v), statistics.median(v), q(0.25), q(0.75), v[-1])
print("new marks: keystrokes %s" % dist(new_keys))
print("  of which named ships: %s" % dist(named_keys))
print("repeat sightings: keystrokes %s" % dist(rep_keys))
print("date steps and verdicts (apart): %d keys over %d images" % (overhead, len(todo)))
print("correct marks (class, IoU >= 0.5, name) on observed images: %d of %d truth" % (ok_new, total))
