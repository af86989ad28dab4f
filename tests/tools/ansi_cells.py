#!/usr/bin/env python3
"""ansi_cells.py < FRAME: the pixels of a truecolour half-block frame.

Reads `quaymark render --colors full` output (SGR 38;2 / 48;2 colours,
upper half blocks) with nothing of quaymark's, and prints one line per
pixel row: r,g,b triples separated by spaces ('-' where nothing is drawn).
A cell is two pixels: the foreground is the upper, the background the
lower; a space shows only the background (both pixels).
"""
import re
import sys

TOKEN = re.compile(r"\x1b\[([0-9;]*)m|(.)", re.S)


def cells(line):
    fg = bg = None
    out = []
    for m in TOKEN.finditer(line):
        if m.group(1) is not None:
            p = [int(x) for x in m.group(1).split(";") if x != ""] or [0]
            i = 0
            while i < len(p):
                if p[i] == 0:
                    fg = bg = None
                elif p[i] in (38, 48) and i + 4 < len(p) and p[i + 1] == 2:
                    c = tuple(p[i + 2:i + 5])
                    if p[i] == 38:
                        fg = c
                    else:
                        bg = c
                    i += 4
                elif p[i] == 39:
                    fg = None
                elif p[i] == 49:
                    bg = None
                i += 1
            continue
        ch = m.group(2)
        if ch == "\n":
            continue
        if ch == "\u2580":      # upper half block
            out.append((fg, bg))
        elif ch == "\u2584":    # lower half block
            out.append((bg, fg))
        elif ch == "\u2588":
            out.append((fg, fg))
        else:
            out.append((bg, bg))
    return out


def fmt(c):
    return "-" if c is None else "%d,%d,%d" % c


for line in sys.stdin.read().split("\n"):
    if not line:
        continue
    row = cells(line)
    print(" ".join(fmt(c[0]) for c in row))
    print(" ".join(fmt(c[1]) for c in row))
