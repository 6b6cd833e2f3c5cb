#!/usr/bin/env python3
"""Per-field accuracy of pith's metadata against the datasets that have it.

    python3 bench/metadata.py --work DIR [--pith build/pith] [--markdown]

DIR holds readability/ (html/, metadata.jsonl: Mozilla Readability's
expected title, byline, lang, siteName, publishedTime) and wcxb-dev/
(html/, truth.jsonl with a human-made "title"), as bench/run.sh unpacks
them, and pith's output out-pith-NAME.jsonl (--format json); with --pith,
that output is made first. Prints one row per field: pages matched, pages
with a value in the truth, the share, and the bar.

Matching rules, chosen to be fair to a field's meaning rather than to
Readability's own formatting:
  title (WCXB)       equal after whitespace is collapsed
  title (Readability) equal, or Readability's title less a site name cut
                     from its start or end at | - – — : · (the title a
                     reader sees; Readability keeps the site name)
  authors            a name pith gives is contained in the byline, both
                     lowercased with punctuation and a leading "by"
                     removed (bylines hold dates and roles beside names)
  language           the same primary subtag, case ignored
  site_name          equal, case and whitespace ignored
  date_published     the same calendar date (the source's own offset kept)
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys

BARS = {"title (wcxb-dev)": 0.90, "title (readability)": 0.95, "authors": 0.85,
        "language": 0.95, "site_name": 0.80, "date_published": 0.90}
SEPARATORS = "|-–—:·"


def spaces(s):
    return " ".join((s or "").split())


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def page_id(source):
    return os.path.splitext(os.path.basename(source))[0]


def load_pith(work, name, pith):
    out = os.path.join(work, "out-pith-%s.jsonl" % name)
    if pith:
        html = os.path.join(work, name, "html")
        with open(out, "w", encoding="utf-8") as f:
            subprocess.run([pith, "--format", "json", html], stdout=f,
                           stderr=subprocess.DEVNULL, check=False)
    return {page_id(r["source"]): r for r in load_jsonl(out)}


def title_cuts(title):
    """The title, and the title less one part at a separator, either end."""
    yield title
    for i, c in enumerate(title):
        if c in SEPARATORS:
            yield spaces(title[:i])
            yield spaces(title[i + 1:])


def name_form(s):
    s = re.sub(r"[^\w\s]", " ", (s or "").lower())
    s = spaces(s)
    return s[3:] if s.startswith("by ") else s


def author_match(authors, byline):
    b = name_form(byline)
    return any(name_form(a) and name_form(a) in b for a in authors)


def field_rows(work, pith):
    rows = []
    wcxb = load_pith(work, "wcxb-dev", pith)
    truth = load_jsonl(os.path.join(work, "wcxb-dev", "truth.jsonl"))
    got = [spaces(wcxb.get(t["id"], {}).get("title")) == spaces(t["title"])
           for t in truth if spaces(t.get("title"))]
    rows.append(("title (wcxb-dev)", sum(got), len(got)))

    rdb = load_pith(work, "readability", pith)
    meta = load_jsonl(os.path.join(work, "readability", "metadata.jsonl"))
    checks = {k: [] for k in ("title (readability)", "authors", "language", "site_name",
                              "date_published")}
    for m in meta:
        p = rdb.get(m["id"], {})
        if spaces(m.get("title")):
            checks["title (readability)"].append(
                spaces(p.get("title")) in set(title_cuts(spaces(m["title"]))))
        if m.get("byline"):
            checks["authors"].append(author_match(p.get("authors") or [], m["byline"]))
        if m.get("lang"):
            checks["language"].append(
                (p.get("language") or "").lower().split("-")[0] ==
                m["lang"].lower().split("-")[0])
        if m.get("siteName"):
            checks["site_name"].append(spaces(p.get("site_name")).lower() ==
                                       spaces(m["siteName"]).lower())
        if m.get("publishedTime"):
            checks["date_published"].append(
                (p.get("date_published") or "")[:10] == m["publishedTime"][:10])
    for k, v in checks.items():
        rows.append((k, sum(v), len(v)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--pith", help="run this pith binary first")
    ap.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = ap.parse_args()
    rows = field_rows(args.work, args.pith)
    if args.markdown:
        print("| field | matched | pages | share | bar |")
        print("|---|---|---|---|---|")
    for field, good, total in rows:
        share = good / total if total else 0
        if args.markdown:
            print("| %s | %d | %d | %.3f | %.2f |" % (field, good, total, share, BARS[field]))
        else:
            print("%-22s %4d / %4d  %.3f  (bar %.2f)" % (field, good, total, share,
                                                        BARS[field]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
