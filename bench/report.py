#!/usr/bin/env python3
"""make bench's last step: the figures bench/run.sh left in bench/work/
become the results table, the ten worst pages per dataset and, when asked,
the quality baseline.

    python3 bench/report.py --work bench/work --datasets "a b" --tools "pith peer..."
                            --results bench/RESULTS.md [--baseline bench/quality-baseline.txt]

Reads, for each dataset NAME and tool TOOL (the first tool is pith, the
others its peers):
  score-TOOL-NAME.json   score.py --json --per-page --sort-by sh_f1
  stat-TOOL-NAME.txt     the tool's speed lines (pith --stat or a peer script)
  out-pith-NAME.jsonl    pith --format json, for its error count
Writes the results (Markdown; also printed), worst-NAME.txt in the work
folder, and the baseline file when --baseline is given. Python 3 standard
library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess

WORST = 10


def stat_figures(path):
    """The numbers of a speed report: pages/s, MB/s, peak RSS MB, the median
    seconds with their spread, passes, failed pages (peers print them)."""
    figures = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, rest = line.partition("  ")
            rest = rest.strip()
            number = re.match(r"[-0-9.]+", rest)
            if not number:
                continue
            figures[key.strip()] = float(number.group())
            spread = re.search(r"\(min ([0-9.]+), max ([0-9.]+)\)", rest)
            if spread:
                figures[key.strip() + " spread"] = (float(spread.group(1)), float(spread.group(2)))
            failed = re.search(r"\((\d+) failed\)", rest)
            if failed:
                figures["failed"] = int(failed.group(1))
    return figures


def pith_errors(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip() and "error" in json.loads(line))


def source_version():
    """The commit measured, "-dirty" when sources differ from it (the files
    make bench itself writes do not count)."""
    commit = run(["git", "rev-parse", "--short", "HEAD"])
    changed = run(["git", "status", "--porcelain", "--", ".", ":!bench/RESULTS.md",
                   ":!bench/RESULTS-parse.txt", ":!bench/quality-baseline.txt"])
    return commit + ("-dirty" if changed not in ("", "?") else "")


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def peer_versions():
    readability = run(["dpkg-query", "-W", "-f=${Version}", "python3-readability"])
    lxml = run(["dpkg-query", "-W", "-f=${Version}", "python3-lxml"])
    npm = {}
    lock = os.path.join(os.path.dirname(__file__), "peers", "package-lock.json")
    with open(lock, encoding="utf-8") as f:
        for key, package in json.load(f)["packages"].items():
            if key in ("node_modules/@mozilla/readability", "node_modules/linkedom"):
                npm[key.split("/", 1)[1]] = package["version"]
    return {
        "readability-lxml": f"readability-lxml {readability} with lxml {lxml} (Debian packages), "
                            f"Python {run(['/usr/bin/python3', '-c', 'import platform; print(platform.python_version())'])}",
        "mozilla-readability": f"@mozilla/readability {npm.get('@mozilla/readability', '?')} on "
                               f"linkedom {npm.get('linkedom', '?')}, Node.js {run(['node', '--version'])}",
    }


def load(work, datasets, tools):
    """figures[dataset][tool] = dict of scores and speeds, with "per_page",
    the tool's per-page scores, worst first; per_page[dataset] = pith's."""
    figures, per_page = {}, {}
    for name in datasets:
        figures[name] = {}
        for tool in tools:
            with open(os.path.join(work, f"score-{tool}-{name}.json"), encoding="utf-8") as f:
                score = json.load(f)
            row = stat_figures(os.path.join(work, f"stat-{tool}-{name}.txt"))
            row["pages"] = score["pages"]
            row["f1"] = score["scrapinghub"]["f1"]
            row["f1_std"] = score["scrapinghub"].get("f1_std", 0.0)
            row["bow_f1"] = score["bow"]["macro"]["f1"]
            row["per_page"] = score["per_page"]
            if tool == tools[0]:
                row["failed"] = pith_errors(os.path.join(work, f"out-pith-{name}.jsonl"))
                per_page[name] = score["per_page"]
            figures[name][tool] = row
    return figures, per_page


def results_markdown(figures, tools, settings):
    pith, peers = tools[0], tools[1:]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# make bench results",
        "",
        f"Written by `make bench` (bench/run.sh, bench/report.py) on {now}; "
        f"{platform.machine()}, {cpu_model()}, {os.cpu_count()} cores; "
        f"pith {source_version()}. Method and workflow: "
        "`bench/README.md`.",
        "",
        "- **F1**: `score.py` metric (a), the ScrapingHub benchmark's (4-gram shingles of `\\w+` "
        "tokens, F1 of the page-mean precision and recall), ± its bootstrap standard deviation; "
        "the headline figure; the multilingual sets (fundus, magichtml, chinese-wced, newspaper) "
        "with `--tokens cjk`. **BoW F1**: metric (b), bag-of-words F1, mean over pages "
        "(NFKC + casefold).",
        "- **Speed**: every page held in memory first, then extraction alone (bytes to text) on "
        f"one thread; the median of {settings['repeat']} passes for pith, of "
        f"{settings['peer_repeat']} for the peers on ScrapingHub and of 1 on the other sets "
        "(seconds: median, min-max). MB = 10^6 bytes. **Peak MB**: the process's peak RSS, the "
        "pages held in memory included (the same for every tool).",
        "- **Failed**: pages the tool raised an error on (scored as empty text).",
        "",
        "| dataset | pages | tool | F1 | BoW F1 | pages/s | MB/s | seconds | peak MB | failed |",
        "|---|---:|---|---|---:|---:|---:|---|---:|---:|",
    ]
    for name, rows in figures.items():
        for tool in tools:
            r = rows[tool]
            low, high = r.get("seconds spread", (r.get("seconds", 0), r.get("seconds", 0)))
            lines.append(
                f"| {name} | {r['pages']} | {tool} | {r['f1']:.3f} ± {r['f1_std']:.3f} | "
                f"{r['bow_f1']:.3f} | {r['pages/s']:,.0f} | {r['MB/s']:,.1f} | "
                f"{r.get('seconds', 0):.3f} ({low:.3f}-{high:.3f}) | {r['peak RSS MB']:.0f} | "
                f"{r.get('failed', 0)} |")
    if peers:
        lines += [
            "",
            "## pith against its peers, same pages, same run",
            "",
            "| dataset | peer | F1 pith − peer | F1 pith / peer | BoW F1 pith − peer | "
            "speed pith / peer (pages/s) |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for name, rows in figures.items():
            p = rows[pith]
            for peer in peers:
                q = rows[peer]
                lines.append(
                    f"| {name} | {peer} | {p['f1'] - q['f1']:+.3f} | "
                    f"{p['f1'] / q['f1'] if q['f1'] else float('inf'):.3f} | "
                    f"{p['bow_f1'] - q['bow_f1']:+.3f} | "
                    f"{p['pages/s'] / q['pages/s']:,.1f}x |")
        versions = peer_versions()
        lines += ["", "Peers: " + "; ".join(versions[peer] for peer in peers if peer in versions)
                  + ". How they are run: `bench/peers/`."]
    else:
        lines += ["", "Peers skipped (PEERS=0): this file is not the one to commit."]
    return "\n".join(lines) + "\n"


# trafilatura 2.2 on the multilingual sets, metric (a) with --tokens cjk,
# as ../shared/DESIGN.md quotes them (not run by make bench).
TRAFILATURA = {"fundus": 0.946, "magichtml": 0.812, "chinese-wced": 0.289, "newspaper": 0.940}


def mean_scores(rows):
    """Metric (a) over some pages: the mean of the page precisions and of
    the page recalls that score.py defines, and the F1 of the two means."""
    precisions = [r["sh_precision"] for r in rows if r.get("sh_precision") is not None]
    recalls = [r["sh_recall"] for r in rows if r.get("sh_recall") is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def languages_markdown(work, figures, tools, multilingual):
    """The multilingual sets by the truth's language: pages, and each tool's
    F1, precision and recall on them."""
    header = "| set | language | pages | " + " | ".join(
        f"{tool} F1 | P | R" for tool in tools) + " |"
    lines = [
        "",
        "## The multilingual sets by language",
        "",
        "Scored with `score.py --tokens cjk` (one token per Han, kana, Thai, Lao, Myanmar or "
        "Khmer character); a truth's `charset_hint` is pith's transport charset "
        "(`bench/pith_json.py`; the peers decode pages themselves). Languages are the truth's "
        "`lang`; F1 is the F1 of the mean page precision (P) and recall (R), as metric (a) "
        "computes it for a whole set. trafilatura 2.2 is quoted from `../shared/DESIGN.md`, "
        "not run here.",
        "",
        "| set | pages | " + " | ".join(f"{tool} F1" for tool in tools)
        + " | trafilatura 2.2 F1 (quoted) |",
        "|---|---:|" + "---:|" * (len(tools) + 1),
    ]
    for name in multilingual:
        rows = figures[name]
        lines.append(f"| {name} | {rows[tools[0]]['pages']} | "
                     + " | ".join(f"{rows[tool]['f1']:.3f}" for tool in tools)
                     + f" | {TRAFILATURA.get(name, float('nan')):.3f} |")
    lines += ["", header, "|---|---|---:|" + "---:|---:|---:|" * len(tools)]
    for name in multilingual:
        language = {}
        with open(os.path.join(work, name, "truth.jsonl"), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    truth = json.loads(line)
                    language[str(truth["id"])] = truth.get("lang") or "?"
        counts = {}
        for code in language.values():
            counts[code] = counts.get(code, 0) + 1
        for code in sorted(counts, key=lambda c: (-counts[c], c)):
            cells = []
            for tool in tools:
                f1, p, r = mean_scores([row for row in figures[name][tool]["per_page"]
                                        if language.get(str(row["id"])) == code])
                cells.append(f"{f1:.3f} | {p:.3f} | {r:.3f}")
            lines.append(f"| {name} | {code} | {counts[code]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def page_type_markdown(path):
    """The page-type model's cross-validation, as make model wrote it."""
    with open(path, encoding="utf-8") as f:
        report = f.read()
    return ("\n## Page type (make model: bench/page-type-cv.txt)\n\n"
            "pith's page-type model in 5-fold cross-validation grouped by domain: each page\n"
            "typed by a model fitted without its site's pages (tools/train_page_type.py).\n\n"
            "```\n" + report + "```\n")


def write_worst(work, name, rows):
    """The pages where pith's F1 is lowest: where to look first."""
    columns = ("sh_f1", "sh_precision", "sh_recall", "bow_f1", "pred_tokens", "truth_tokens")
    page_types = {}  # WCXB says what kind of page each is
    with open(os.path.join(work, name, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                truth = json.loads(line)
                page_types[str(truth["id"])] = truth.get("page_type") or ""
    with open(os.path.join(work, f"worst-{name}.txt"), "w", encoding="utf-8") as out:
        out.write(f"# {name}: pith's {WORST} worst pages by F1 (metric a), worst first;\n"
                  f"# page: {work}/{name}/html/ID.html, pith's text: pred-pith-{name}.jsonl\n")
        out.write("  ".join(f"{c:>12}" for c in columns) + "  id\n")
        for row in rows[:WORST]:
            cells = []
            for c in columns:
                v = row.get(c)
                cells.append(f"{'-':>12}" if v is None else
                             f"{v:>12d}" if isinstance(v, int) else f"{v:>12.3f}")
            out.write("  ".join(cells) + f"  {row['id']} {page_types.get(row['id'], '')}".rstrip() + "\n")


def write_pages(folder, name, rows):
    """pith's scores of every page of a dataset, by id: committed, so that
    the diff of a change to the extractor names the pages it moved."""
    os.makedirs(folder, exist_ok=True)
    columns = ("sh_f1", "sh_precision", "sh_recall", "bow_f1")
    with open(os.path.join(folder, f"{name}.tsv"), "w", encoding="utf-8") as out:
        out.write("id\t" + "\t".join(columns) + "\n")
        for row in sorted(rows, key=lambda r: str(r["id"])):
            out.write(str(row["id"]) + "".join(
                "\t-" if row.get(c) is None else f"\t{row[c]:.3f}" for c in columns) + "\n")


def write_baseline(path, figures, pith):
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Quality baseline: pith's F1 (score.py metric a) per dataset, from\n"
                  "# make bench UPDATE_BASELINE=1. tests/quality.sh fails when a dataset\n"
                  "# scores more than 0.005 below its line. Format: dataset f1\n")
        for name, rows in figures.items():
            out.write(f"{name} {rows[pith]['f1']:.4f}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--datasets", required=True)
    ap.add_argument("--multilingual", default="",
                    help="the datasets scored with --tokens cjk: a table by language")
    ap.add_argument("--tools", required=True, help="pith first, then the peers")
    ap.add_argument("--results", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--pages", help="a folder for pith's per-page scores, NAME.tsv")
    ap.add_argument("--page-type-cv",
                    help="make model's cross-validation report, quoted in the results")
    ap.add_argument("--repeat", default="?")
    ap.add_argument("--peer-repeat", default="?")
    a = ap.parse_args()
    datasets, tools = a.datasets.split(), a.tools.split()
    figures, per_page = load(a.work, datasets, tools)
    text = results_markdown(figures, tools, {"repeat": a.repeat, "peer_repeat": a.peer_repeat})
    if a.multilingual.split():
        text += languages_markdown(a.work, figures, tools, a.multilingual.split())
    if a.page_type_cv:
        text += page_type_markdown(a.page_type_cv)
    with open(a.results, "w", encoding="utf-8") as out:
        out.write(text)
    print(text, end="")
    for name in datasets:
        write_worst(a.work, name, per_page[name])
        if a.pages:
            write_pages(a.pages, name, per_page[name])
    print(f"\nresults: {a.results}; worst pages: {a.work}/worst-NAME.txt")
    if a.baseline:
        write_baseline(a.baseline, figures, tools[0])
        print(f"baseline updated: {a.baseline}")


if __name__ == "__main__":
    main()
