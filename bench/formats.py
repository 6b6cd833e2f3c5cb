#!/usr/bin/env python3
"""The time of each output format against text's.

    python3 bench/formats.py --pith build/pith --pages DIR [--rounds N]
        [--repeat N] [--markdown OUT.md]

Runs `pith --stat --format F` (pages held in memory, one thread) for text,
markdown, json (text + document model + metadata) and html, in rounds
that take the formats in turn so that the shared machine's drift falls on
all of them alike; each round reports the median of --repeat passes, and
the table gives the median over rounds. Prints a Markdown section.
Python 3 standard library only.
"""

import argparse
import statistics
import subprocess
import sys

FORMATS = ("text", "markdown", "json", "html")


def seconds(pith, pages, fmt, repeat):
    output = subprocess.run([pith, "--stat", "--format", fmt, "--repeat", str(repeat), pages],
                            check=True, capture_output=True, text=True).stdout
    values = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("seconds", "bytes"):
            values[parts[0]] = float(parts[1])
    if "seconds" not in values:
        sys.exit("pith --stat printed no seconds line")
    return values["seconds"], values["bytes"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pith", required=True)
    parser.add_argument("--pages", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown")
    args = parser.parse_args()

    times = {f: [] for f in FORMATS}
    size = 0
    for _ in range(args.rounds):
        for fmt in FORMATS:
            t, size = seconds(args.pith, args.pages, fmt, args.repeat)
            times[fmt].append(t)
    median = {f: statistics.median(times[f]) for f in FORMATS}
    lines = [
        "## Output formats (make bench)",
        "",
        f"`pith --stat --format F` on `{args.pages}` ({size / 1e6:.1f} MB), one thread, "
        f"pages in memory; median over {args.rounds} rounds of the formats in turn, each "
        f"the median of {args.repeat} passes. The bar: structured output adds at most 15%.",
        "",
        "| format | MB/s | time vs text |",
        "|---|---|---|",
    ]
    for fmt in FORMATS:
        lines.append(f"| {fmt} | {size / 1e6 / median[fmt]:.0f} | "
                     f"{median[fmt] / median['text']:.3f} |")
    lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
