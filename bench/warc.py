#!/usr/bin/env python3
"""WARC throughput, thread scaling and peak memory of `pith warc`.

    python3 bench/warc.py --pith build/pith --pages DIR --work DIR
        [--repeat N] [--markdown OUT.md]

Builds WARC files from the pages with tests/make_warc.py (HTML responses
only, so every record is extracted, stored decoded as Common Crawl stores
them), then measures on this machine:

  - in-memory extraction of the same pages (`pith --stat`, one thread);
  - `pith warc --threads 1` and `--threads 2`, WARC in and JSON lines out
    to a file, plain WARC and gzip per record (Common Crawl's layout);
  - two `--threads 1` runs of the plain WARC at once: what two cores give
    work that shares nothing, the ceiling for the two-thread figure;
    MB/s counts the pages' HTML bytes, as --stat does, so the two compare;
  - peak resident memory of `pith warc` over 1 and 10 input files, and over
    one file 10 times larger.

Times are medians of --repeat interleaved rounds, each running every
configuration once (the whole command, process start included), so a
change of load falls on all alike. Prints a Markdown section; --markdown
also writes it to a file.
Python 3 standard library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

COPIES = 10  # input files (and size factor) of the memory runs


def run_timed(command):
    """Runs command; returns (seconds, peak RSS in KiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}")
    return seconds, usage.ru_maxrss


def run_pair_timed(first, second):
    """Runs two commands at once; returns the seconds until both ended."""
    start = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL) for c in (first, second)]
    for process, command in zip(processes, (first, second)):
        if process.wait() != 0:
            sys.exit(f"failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - start


def stat_mbs(pith, pages, repeat):
    output = subprocess.run([pith, "--stat", "--repeat", str(repeat), pages],
                            check=True, capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("MB/s"):
            return float(line.split()[1])
    sys.exit("pith --stat printed no MB/s line")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pith", required=True)
    parser.add_argument("--pages", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs per configuration (at most 5 are made)")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    args.repeat = min(args.repeat, 5)  # whole-file runs are long; 5 give a stable median

    work = os.path.join(args.work, "warc")
    os.makedirs(work, exist_ok=True)
    names = sorted(n for n in os.listdir(args.pages) if n.endswith(".html"))
    html_bytes = sum(os.path.getsize(os.path.join(args.pages, n)) for n in names)
    warcs = {}
    for layout, suffix in (("plain", ".warc"), ("gzip", ".warc.gz")):
        path = os.path.join(work, "pages" + suffix)
        if not os.path.exists(path):
            subprocess.run([sys.executable, "tests/make_warc.py", "--pages", args.pages,
                            "--no-extras", "--bodies", "common-crawl", "--layout", layout,
                            "-o", path], check=True)
        warcs[layout] = path
    # Ten times the bytes in one file: the same records one after another.
    big = os.path.join(work, "pages-x10.warc.gz")
    if not os.path.exists(big):
        with open(big, "wb") as out:
            for _ in range(COPIES):
                with open(warcs["gzip"], "rb") as part:
                    shutil.copyfileobj(part, out)
    output = os.path.join(work, "out.jsonl")

    def pith_warc(inputs, threads, to=output):
        return [args.pith, "warc", "--quiet", "--threads", str(threads), "-o", to] + inputs

    # Interleaved rounds, as bench/formats.py does: each round runs every
    # configuration once, so a change of load on this shared machine falls
    # on all of them alike and the ratios hold; each figure is the median
    # of its rounds.
    configurations = [(layout, threads) for layout in ("plain", "gzip") for threads in (1, 2)]
    memory_runs, times, pair_times = [], {c: [] for c in configurations}, []
    for _ in range(args.repeat):
        memory_runs.append(stat_mbs(args.pith, args.pages, 1))
        for layout, threads in configurations:
            times[layout, threads].append(
                run_timed(pith_warc([warcs[layout]], threads))[0])
        # The machine's own ceiling for two threads: two independent
        # one-thread runs at once, twice the work, nothing shared but the
        # hardware.
        pair_times.append(run_pair_timed(pith_warc([warcs["plain"]], 1),
                                         pith_warc([warcs["plain"]], 1, output + ".second")))
    os.remove(output + ".second")
    memory_mbs = statistics.median(memory_runs)
    speeds = {c: html_bytes / 1e6 / statistics.median(times[c]) for c in configurations}
    rows = [(layout, threads, speeds[layout, threads]) for layout, threads in configurations]
    pair_mbs = 2 * html_bytes / 1e6 / statistics.median(pair_times)
    peak_one = run_timed(pith_warc([warcs["gzip"]], 1))[1]
    peak_many = run_timed(pith_warc([warcs["gzip"]] * COPIES, 1))[1]
    peak_big = run_timed(pith_warc([big], 1))[1]
    peak_many_2 = run_timed(pith_warc([warcs["gzip"]] * COPIES, 2))[1]

    mb = 1024.0
    lines = [
        "## WARC in, JSON lines out (make bench)",
        "",
        f"{len(names)} pages, {html_bytes / 1e6:.1f} MB of HTML, from `{args.pages}`; "
        f"median of {args.repeat} interleaved rounds, each running every configuration "
        f"once (the whole command, output to a file). "
        f"In-memory extraction of the same pages (`pith --stat`, one thread, one pass "
        f"a round): "
        f"**{memory_mbs:.0f} MB/s**.",
        "",
        "| input | threads | MB/s of HTML | vs in-memory | vs 1 thread |",
        "|---|---|---|---|---|",
    ]
    for layout, threads, mbs in rows:
        lines.append(f"| {layout} WARC | {threads} | {mbs:.0f} | {mbs / memory_mbs:.2f} | "
                     f"{mbs / speeds[layout, 1]:.2f}x |")
    lines.append(f"| plain WARC, two 1-thread runs at once (the machine's ceiling) | 1 + 1 | "
                 f"{pair_mbs:.0f} | {pair_mbs / memory_mbs:.2f} | "
                 f"{pair_mbs / speeds['plain', 1]:.2f}x |")
    lines += [
        "",
        "Peak resident memory (gzip WARC):",
        "",
        f"| run | peak RSS |",
        "|---|---|",
        f"| 1 file, 1 thread | {peak_one / mb:.1f} MB |",
        f"| {COPIES} files, 1 thread | {peak_many / mb:.1f} MB |",
        f"| 1 file {COPIES}x larger, 1 thread | {peak_big / mb:.1f} MB |",
        f"| {COPIES} files, 2 threads | {peak_many_2 / mb:.1f} MB |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
