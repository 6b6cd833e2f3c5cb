#!/usr/bin/env python3
"""Seeds fuzz/corpus/markdown/ with the XSS vectors of tests/data/xss/.

One seed a vector, named xss-NNN: a first byte that picks fuzz_markdown's
options (images, page URL), cycling through all eight, then the vector as
the HTML fragment the target puts into its page. Deterministic.
Usage: tools/make_markdown_fuzz_seeds.py (from the repository root)."""
import os

root = os.path.join(os.path.dirname(__file__), "..")
out = os.path.join(root, "fuzz", "corpus", "markdown")
os.makedirs(out, exist_ok=True)
with open(os.path.join(root, "tests", "data", "xss", "vectors.txt"), encoding="utf-8") as f:
    vectors = [line for line in f.read().split("\n") if line and not line.startswith("#")]
for number, vector in enumerate(vectors, 1):
    with open(os.path.join(out, "xss-%03d" % number), "wb") as seed:
        seed.write(bytes([number % 8]) + vector.encode("utf-8"))
