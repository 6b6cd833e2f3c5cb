#!/usr/bin/env python3
"""Builds fuzz/corpus/parse/ from the development pages.

Each seed is an 8 KiB slice of a dev page (whole pages would make each
fuzz iteration slow), prefixed by one byte that picks the fuzz target's
variant (transport charset, fragment context). Deterministic: the same
archives give the same seeds. Usage: tools/make_fuzz_corpus.py SHARED_DIR
"""
import hashlib
import os
import random
import sys
import tarfile

SLICE = 8192
PER_DATASET = {"scrapinghub": 40, "readability": 40}


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
    out = os.path.join(os.path.dirname(__file__), "..", "fuzz", "corpus", "parse")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(2026)
    for name, count in PER_DATASET.items():
        path = os.path.join(shared, "bench", "data", name + ".tar.xz")
        with tarfile.open(path) as tar:
            members = sorted((m for m in tar.getmembers() if m.name.endswith(".html")),
                             key=lambda m: m.name)
            for member in rng.sample(members, count):
                page = tar.extractfile(member).read()
                start = rng.randrange(max(1, len(page) - SLICE))
                seed = bytes([rng.randrange(256)]) + page[start:start + SLICE]
                digest = hashlib.sha1(seed).hexdigest()[:16]
                with open(os.path.join(out, name + "-" + digest), "wb") as f:
                    f.write(seed)


if __name__ == "__main__":
    main()
