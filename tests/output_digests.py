#!/usr/bin/env python3
"""Digests of pith's output, per development page and per output form.

    python3 tests/output_digests.py PITH DEVPAGES WORKDIR > digests.txt

For each dataset folder DEVPAGES/NAME/html, runs PITH over the folder once
per form below and prints one line per page:

    NAME/PAGE.html FORM=DIGEST FORM=DIGEST ...

DIGEST is the first 12 hex digits of the SHA-256 of that page's output (its
part of the multi-page stream, or its JSON line with the page's name for
its "source" path), so a changed byte in any form of any page changes its
line. The batch form runs `pith warc` over a
WARC of the dataset's pages (tests/make_warc.py, gzip members) and digests
each page's JSON line with the WARC's path, the record's offset, WARC-Record-ID
and WARC-Date left out, which depend on the WARC, not on pith.

A page with no output in a form (an error line instead) has "none" there.

tests/output_identity.sh compares these lines with the committed
tests/data/output-digests.txt: a refactor must leave every byte as it was.
"""
import hashlib
import json
import os
import subprocess
import sys

# The forms compared: every --format, with the options that change it.
FORMS = [
    ("text", ["--format", "text"]),
    ("md", ["--format", "markdown"]),
    ("md-images", ["--format", "markdown", "--images"]),
    ("html", ["--format", "html", "--images"]),
    ("json", ["--format", "json", "--images", "--comments"]),
]
# Fields of a batch line that describe the WARC record, not the extraction.
WARC_FIELDS = ("warc", "offset", "record_id", "date")


def digest(data):
    return hashlib.sha256(data).hexdigest()[:12]


def split_pages(stream, folder):
    """Splits pith's multi-page output at its "==> PATH <==" headers."""
    pages = {}
    current = None
    parts = []
    marker_start, marker_end = b"==> ", b" <==\n"
    for line in stream.splitlines(keepends=True):
        if line.startswith(marker_start) and line.endswith(marker_end):
            path = line[len(marker_start):-len(marker_end)].decode("utf-8", "replace")
            if os.path.dirname(path) == folder:
                if current is not None:
                    pages[current] = b"".join(parts)
                current, parts = os.path.basename(path), []
                continue
        parts.append(line)
    if current is not None:
        pages[current] = b"".join(parts)
    return pages


def run(pith, args):
    done = subprocess.run([pith] + args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return done.stdout


def main():
    pith, devpages, work = sys.argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(devpages)):
        folder = os.path.join(devpages, name, "html")
        if not os.path.isdir(folder):
            continue
        pages = sorted(p for p in os.listdir(folder) if p.endswith(".html"))
        lines = {page: [] for page in pages}
        for form, args in FORMS:
            out = run(pith, args + [folder])
            if form == "json":
                got = {}
                for line in out.splitlines():
                    record = json.loads(line)
                    page = os.path.basename(record["source"])
                    # The line names the page by the path given, which
                    # depends on where the pages were unpacked: the digest
                    # takes the page's name in its place.
                    got[page] = line.replace(json.dumps(record["source"], ensure_ascii=False).encode(),
                                             json.dumps(page, ensure_ascii=False).encode(), 1)
            else:
                got = split_pages(out, folder)
            for page in pages:
                lines[page].append("%s=%s" % (form, digest(got[page]) if page in got else "none"))
        # The batch: the same pages through a WARC and pith warc.
        warc = os.path.join(work, name + ".warc.gz")
        subprocess.run([sys.executable, os.path.join(here, "make_warc.py"), "--pages", folder,
                        "--no-extras", "-o", warc], check=True, stdout=subprocess.DEVNULL)
        out = run(pith, ["warc", warc])
        records = [json.loads(line) for line in out.splitlines()]
        for page, record in zip(pages, records):
            for field in WARC_FIELDS:
                record.pop(field, None)
            text = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
            lines[page].append("warc=%s" % digest(text))
        for page in pages[len(records):]:
            lines[page].append("warc=none")
        for page in pages:
            print("%s/%s %s" % (name, page, " ".join(lines[page])))


if __name__ == "__main__":
    main()
