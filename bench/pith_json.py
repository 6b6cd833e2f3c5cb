#!/usr/bin/env python3
"""pith --format json over one dataset's pages, with the transport charset
its truth gives.

    python3 bench/pith_json.py PITH DATASET_DIR > OUT.jsonl 2> ERR.txt

A truth row's "charset_hint" (chinese-wced has them: the bytes' real
encoding, as an HTTP header would have said it) goes to pith --charset.
That option applies to every input of a command line, so the pages are run
in one invocation per hint, pages without a hint in one of their own; the
lines are then written in the pages' name order, as one `pith --format
json DIR` would write them. Exits with pith's highest exit status. Python 3
standard library only (tests/quality.sh uses it too).
"""
import json
import os
import subprocess
import sys


def main():
    pith, dataset = sys.argv[1], sys.argv[2]
    html = os.path.join(dataset, "html")
    hints = {}
    with open(os.path.join(dataset, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            hints[row["id"]] = row.get("charset_hint")
    groups = {}
    for name in sorted(os.listdir(html)):
        if name.endswith(".html"):
            groups.setdefault(hints.get(name[:-len(".html")]), []).append(name)
    lines, status = {}, 0
    for hint, names in groups.items():
        command = [pith, "--format", "json"] + (["--charset", hint] if hint else [])
        command += [os.path.join(html, name) for name in names]
        run = subprocess.run(command, stdout=subprocess.PIPE)
        status = max(status, run.returncode)
        # Lines end at "\n" only: str.splitlines() would also cut at the
        # U+2028 and U+0085 that JSON strings may hold unescaped.
        for line in run.stdout.decode("utf-8").split("\n"):
            if line:
                lines[os.path.basename(json.loads(line)["source"])] = line
    for name in sorted(lines, key=lambda n: n.encode()):
        sys.stdout.write(lines[name] + "\n")
    sys.exit(status)


if __name__ == "__main__":
    main()
