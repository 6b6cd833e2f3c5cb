#!/usr/bin/env python3
"""pith --format json output -> score.py predictions.

    pith --format json DIR | python3 bench/predictions.py > PRED.jsonl

pith prints one object per input, {"source", "url", "title", "text"} or
{"source", "error"}; score.py wants {"id", "text"} with id the page's file
name without .html. A page pith failed on becomes empty text (score.py
counts it as recall 0); their number goes to standard error (pith names
them itself). Python 3 standard library only (tests/quality.sh uses it too).
"""
import json
import os
import sys


def main():
    errors = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        page_id = os.path.basename(row["source"])
        if page_id.endswith(".html"):
            page_id = page_id[:-len(".html")]
        text = row.get("text")
        if "error" in row or not isinstance(text, str):
            errors += 1
            text = ""
        sys.stdout.write(json.dumps({"id": page_id, "text": text}, ensure_ascii=False) + "\n")
    if errors:
        print(f"pith: {errors} pages failed (scored as empty text)", file=sys.stderr)


if __name__ == "__main__":
    main()
