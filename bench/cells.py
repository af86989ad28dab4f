#!/usr/bin/env python3
"""cells.py: bytes, character cells and bytes per cell of ANSI text on stdin
(escape sequences stripped; one cell per character, newlines excluded)."""
import re
import sys

data = sys.stdin.buffer.read()
text = re.sub(rb"\x1b\[[0-9;:?]*[ -/]*[@-~]|\x1b[P\]X^_].*?(\x1b\\|\x07)|\x1b.", b"", data)
cells = len(text.decode("utf-8", "replace").replace("\n", "").replace("\r", ""))
print(len(data), cells, "%.2f" % (len(data) / cells if cells else 0))
