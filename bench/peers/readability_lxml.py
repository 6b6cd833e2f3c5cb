#!/usr/bin/python3
"""readability-lxml (Debian's python3-readability) as a make bench peer.

    /usr/bin/python3 bench/peers/readability_lxml.py [--repeat N] HTML_DIR PRED.jsonl

Reads every HTML_DIR/*.html into memory first, then times N passes
(default 1) of extraction alone, one thread, and reports the median pass: Document(bytes).summary(), which sniffs the
charset itself (meta charset, else chardet) as a user of the library gets
it, then the summary's HTML to text. Writes one {"id", "text"} per page
(id = the file name without .html) and prints the same figures as
pith --stat: pages, seconds (median, min, max), MB/s (MB = 10^6 bytes), pages/s, peak RSS MB. A page
that raises counts as a failure and as empty text, and is named on
standard error; the run goes on.

Run it with Debian's /usr/bin/python3: the package lives in its
dist-packages, not in another interpreter's.
"""
import json
import os
import resource
import statistics
import sys
import time

import lxml.html
from readability import Document

# Elements whose edges are line breaks when the summary becomes text, so
# words of neighbouring blocks never run together.
BLOCKS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "table tbody td tfoot th thead tr ul".split())


def html_to_text(html):
    """The summary's text: itertext with newlines at block edges."""
    parts = []

    def walk(element):
        block = isinstance(element.tag, str) and element.tag in BLOCKS
        if block:
            parts.append("\n")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(lxml.html.fromstring(html))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def extract_all(pages):
    """One pass: (id, text) per page and the number of pages that raised."""
    texts, failures = [], 0
    for page_id, data in pages:
        try:
            text = html_to_text(Document(data).summary())
        except Exception as error:  # one page's failure must not end the run
            print(f"readability-lxml: {page_id}: {type(error).__name__}: {error}", file=sys.stderr)
            text, failures = "", failures + 1
        texts.append((page_id, text))
    return texts, failures


def main():
    args = sys.argv[1:]
    repeat = 1
    if len(args) == 4 and args[0] == "--repeat":
        repeat, args = int(args[1]), args[2:]
    if len(args) != 2 or repeat < 1:
        sys.exit("usage: readability_lxml.py [--repeat N] HTML_DIR PRED.jsonl")
    folder, out_path = args
    pages = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".html"):
            with open(os.path.join(folder, name), "rb") as f:
                pages.append((name[:-len(".html")], f.read()))

    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        texts, failures = extract_all(pages)
        passes.append(time.perf_counter() - start)
    seconds = statistics.median(passes)

    with open(out_path, "w", encoding="utf-8") as out:
        for page_id, text in texts:
            out.write(json.dumps({"id": page_id, "text": text}, ensure_ascii=False) + "\n")
    size = sum(len(data) for _, data in pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"pages            {len(pages)} ({failures} failed)")
    print(f"bytes            {size}")
    print(f"passes           {repeat}")
    print(f"seconds          {seconds:.3f} (min {min(passes):.3f}, max {max(passes):.3f})")
    print(f"MB/s             {size / 1e6 / seconds:.2f}")
    print(f"pages/s          {len(pages) / seconds:.1f}")
    print(f"peak RSS MB      {peak_mb:.1f} (the process, pages held in memory included)")


if __name__ == "__main__":
    main()
