#!/usr/bin/env python3
"""truthcheck.py DEMO_DIR OUT_DIR: an independent check of quaymark's count.

Applies the man page's COUNTING rules, written again here from the text and
sharing no code with quaymark, to the demo's true marks (truth.csv) and the
images' true verdicts (quality.csv), and compares the calls, stacks, dwell
bounds and monthly counts exactly with what quaymark printed into OUT_DIR
(calls.csv, stacks.csv: --format csv; report.json: report --format json).
It also checks that the rules reproduce the demo's own truth (calls.csv,
stacks.csv in DEMO_DIR). Exits 1 with the differences listed.

The rules used: an observation is a clear or partly cloudy image (the demo's
images show every quay whole); a sighting is a mark on one, at the quay
whose polygon holds its centre; its identity is its name (case and spaces
folded), else its track; sightings of one identity at one quay on
consecutive observations of that quay at most GAP calendar (UTC) days
apart are one call or stack, bounded by the observations either side; a
stack first seen on a day from a call's arrival day to ATTACH days after
its departure day belongs to the latest such call; calls count in the
month of their arrival, stacks in that of their first sighting.
"""
import csv
import datetime
import json
import sys

GAP, ATTACH = 7, 3


def when(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


def inside(x, y, poly):
    """Ray casting: is (x, y) inside the polygon [(x, y), ...]?"""
    n, hit = len(poly), False
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def load(demo):
    quays = []
    for r in csv.DictReader(open(demo + "/quays.csv")):
        pts = [tuple(float(v) for v in p.split())
               for p in r["polygon"].split(",")]
        quays.append((r["name"], pts))
    obs = sorted(when(r["date"]) for r in csv.DictReader(
        open(demo + "/quality.csv"))
        if r["quality"] in ("clear", "partly_cloudy"))
    observed = set(obs)
    marks = []
    for r in csv.DictReader(open(demo + "/truth.csv")):
        t = when(r["date"])
        if t not in observed:
            continue
        x, y = float(r["cx"]), float(r["cy"])
        q = next((n for n, p in quays if inside(x, y, p)), None)
        if q is None:
            continue
        name = " ".join(r["name"].split()).lower() if r["name"] else ""
        ident = ("n", name, r["name"].strip()) if name else \
            ("t", r["track"], "track " + r["track"])
        marks.append((q, r["class"], ident, t,
                      int(r["count"]) if r["count"] else None))
    return obs, marks


def tracks(obs, marks, cls):
    pos = {t: i for i, t in enumerate(obs)}
    by = {}
    for q, c, ident, t, n in marks:
        if c == cls:
            by.setdefault((q, ident[:2], ident[2]), {})
            s = by[(q, ident[:2], ident[2])]
            s[t] = max(s.get(t) or 0, n or 0) if n is not None else s.get(t)
    out = []
    for (q, _, shown), seen in by.items():
        cur = None
        for t in sorted(seen):
            if cur and pos[t] == pos[cur["last"]] + 1 and \
                    (t.date() - cur["last"].date()).days <= GAP:
                cur["last"] = t
                cur["n"] += 1
            else:
                cur = {"quay": q, "id": shown, "first": t, "last": t,
                       "n": 1, "count": None}
                out.append(cur)
            if seen[t] is not None:
                cur["count"] = max(cur["count"] or 0, seen[t])
    for tr in out:
        i, j = pos[tr["first"]], pos[tr["last"]]
        tr["before"] = obs[i - 1] if i > 0 else None
        tr["after"] = obs[j + 1] if j + 1 < len(obs) else None
    out.sort(key=lambda r: (r["quay"], r["first"], r["id"]))
    return out


def day(t):
    return t.strftime("%Y-%m-%d") if t else ""


def days(a, b):
    return "%.2f" % ((b - a).total_seconds() / 86400) if a and b else ""


def attach(calls, stacks):
    for s in stacks:
        s["call"] = None
        for c in calls:
            if c["quay"] == s["quay"] and c["first"].date() <= \
                    s["first"].date() and (s["first"].date() -
                                           c["last"].date()).days <= ATTACH:
                if s["call"] is None or c["first"] >= s["call"]["first"]:
                    s["call"] = c


def main(demo, out):
    obs, marks = load(demo)
    calls, stacks = tracks(obs, marks, "ship"), \
        tracks(obs, marks, "container_stack")
    attach(calls, stacks)
    bad = []
    want = [[c["id"], c["quay"], day(c["first"]), day(c["last"]),
             day(c["before"]), day(c["after"]), days(c["first"], c["last"]),
             days(c["before"], c["after"]), str(c["n"])] for c in calls]
    got = [r for r in csv.reader(open(out + "/calls.csv"))][1:]
    if sorted(want) != sorted(got):
        bad.append("calls differ:\n  rules only: %s\n  quaymark only: %s" % (
            [r for r in want if r not in got], [r for r in got if r not in want]))
    want = [[s["id"], s["quay"], day(s["first"]), day(s["last"]),
             day(s["before"]), day(s["after"]), days(s["first"], s["last"]),
             days(s["before"], s["after"]), str(s["n"]),
             str(s["count"]) if s["count"] is not None else "",
             s["call"]["id"] if s["call"] else "",
             day(s["call"]["first"]) if s["call"] else ""] for s in stacks]
    got = [r for r in csv.reader(open(out + "/stacks.csv"))][1:]
    if sorted(want) != sorted(got):
        bad.append("stacks differ:\n  rules only: %s\n  quaymark only: %s" % (
            [r for r in want if r not in got], [r for r in got if r not in want]))
    # the report: calls and stacks by month of arrival, observed days
    rep = json.load(open(out + "/report.json"))
    for p in rep["periods"]:
        key = (p["quay"], p["period"])
        n = sum(1 for c in calls if (c["quay"], day(c["first"])[:7]) == key)
        k = sum(1 for s in stacks if (s["quay"], day(s["first"])[:7]) == key)
        d = len({t.date() for t in obs if day(t)[:7] == p["period"]})
        if (p["calls"], p["stacks_appeared"], p["observed_days"]) != (n, k, d):
            bad.append("report %s: calls, stacks, observed days %s, rules %s"
                       % (key, (p["calls"], p["stacks_appeared"],
                                p["observed_days"]), (n, k, d)))
    # and the rules reproduce the demo's own truth
    tc = {(r["identity"], r["quay"], r["arrival"], r["departure"],
           r["sightings"]) for r in csv.DictReader(open(demo + "/calls.csv"))}
    rc = {(c["id"], c["quay"], day(c["first"]), day(c["last"]), str(c["n"]))
          for c in calls}
    if tc != rc:
        bad.append("the demo's calls.csv and the rules differ: %s" % (tc ^ rc))
    ts = {("track " + r["track"], r["quay"], r["first"], r["last"],
           r["count"]) for r in csv.DictReader(open(demo + "/stacks.csv"))}
    rs = {(s["id"], s["quay"], day(s["first"]), day(s["last"]),
           str(s["count"])) for s in stacks}
    if ts != rs:
        bad.append("the demo's stacks.csv and the rules differ: %s" % (ts ^ rs))
    for b in bad:
        print(b, file=sys.stderr)
    print("%d calls, %d stacks, %d periods checked" % (
        len(calls), len(stacks), len(rep["periods"])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
