#!/bin/sh
# pith warc --format and --dedup against pith itself (issue 15, items 4 and
# 6). tests/make_warc.py makes a WARC of dev pages; then
#   - for markdown, html and json, every line's "markdown", "html" or
#     "document" member must equal what pith --format F writes for the same
#     page bytes with the same --url (the record's WARC-Target-URI) and
#     --charset (its HTTP charset), and "text", "word_count" and "simhash"
#     those of pith --format json;
#   - --dedup over a WARC of pages each given twice: the second of each pair
#     is {"warc",...,"http_status","duplicate_of":{"input","record"}}
#     naming the first, and every other line is whole; the same run without
#     --dedup writes both texts.
# Prints "warc_formats: N passed, N failed"; skipped without the pages.
# Run from the repository root.
BUILD=${BUILD:-build}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
if [ ! -d "$PITH_DEVPAGES/scrapinghub/html" ]; then
	echo "no $PITH_DEVPAGES: skipped"
	echo "warc_formats: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec python3 - "$BUILD" "$PITH_DEVPAGES/scrapinghub/html" <<'PYTHON'
import csv, json, os, shutil, subprocess, sys

build, pages = sys.argv[1], sys.argv[2]
pith = os.path.join(build, "pith")
work = os.path.join(build, "test-warc-formats")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
passed = failed = 0
COUNT = 40  # pages: enough for tables, code, images; quick


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def make_warc(folder, name):
    out = os.path.join(work, name)
    subprocess.run([sys.executable, "tests/make_warc.py", "--pages", folder, "--count",
                    str(COUNT * 2), "--no-extras", "--layout", "plain", "-o", out], check=True)
    with open(out + ".manifest.tsv") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["is_html"] == "1"]
    return out, rows


def warc_lines(warc, *options):
    run = subprocess.run([pith, "warc", "--quiet", "--threads", "2", *options, warc],
                         stdout=subprocess.PIPE, check=True)
    return [json.loads(line) for line in run.stdout.decode().splitlines()]


def page_output(row, format):
    command = [pith, "--format", format, "--url", row["target_uri"]]
    if row["charset"] != "-":
        command += ["--charset", row["charset"]]
    run = subprocess.run(command + ["--images", row["source"]], stdout=subprocess.PIPE)
    return run.returncode, run.stdout.decode()


names = sorted(n for n in os.listdir(pages) if n.endswith(".html"))[:COUNT]
once = os.path.join(work, "once")
os.makedirs(once)
for n in names:
    os.symlink(os.path.abspath(os.path.join(pages, n)), os.path.join(once, n))
warc, rows = make_warc(once, "once.warc")
# Sources are relative to the repository: the make_warc call ran from it.
json_lines = {row["target_uri"]: page_output(row, "json") for row in rows}
for format, member in (("markdown", "markdown"), ("html", "html"), ("json", "document")):
    lines = warc_lines(warc, "--format", format, "--images")
    check(len(lines) == len(rows), "%s: %d lines for %d records" % (format, len(lines), len(rows)))
    for line, row in zip(lines, rows):
        status, expected = page_output(row, format)
        _, page_json = json_lines[row["target_uri"]]
        if status != 0:
            check("error" in line, "%s %s: pith failed, the line has no error" % (format, row["source"]))
            continue
        if format == "json":
            expected = json.loads(expected)["document"]
        else:
            expected = expected[:-1] if expected.endswith("\n") else expected
        check(line.get(member) == expected, "%s %s: the %s member differs from pith's"
              % (format, row["source"], member))
        page = json.loads(page_json)
        for key in ("text", "word_count", "simhash"):
            check(line.get(key) == page[key], "%s %s: %s differs from pith --format json's"
                  % (format, row["source"], key))
text_lines = warc_lines(warc)
check(all("markdown" not in l and "html" not in l and "document" not in l for l in text_lines),
      "--format text: a line has another format's member")
check([l.get("text") for l in text_lines] == [l.get("text") for l in lines],
      "--format text and json lines differ in text")

# Every page twice, the copies in name order right after the originals.
twice = os.path.join(work, "twice")
os.makedirs(twice)
for n in names:
    for copy in ("a", "b"):
        os.symlink(os.path.abspath(os.path.join(pages, n)), os.path.join(twice, n[:-5] + copy + ".html"))
warc, rows = make_warc(twice, "twice.warc")
plain = warc_lines(warc)
lines = warc_lines(warc, "--dedup")
check(len(lines) == len(plain) == 2 * COUNT, "--dedup: %d lines, %d without, %d records"
      % (len(lines), len(plain), 2 * COUNT))
first_of = {}
for line, whole in zip(lines, plain):
    if "text" in whole and whole["text"]:
        if whole["text"] in first_of:
            duplicate = line.get("duplicate_of")
            check(duplicate == first_of[whole["text"]],
                  "--dedup: record %d repeats %s, its line says %s"
                  % (line["record"], first_of[whole["text"]], duplicate))
            check(list(line)[-1] == "duplicate_of" and "text" not in line,
                  "--dedup: a duplicate's line holds more than its record's fields")
            continue
        first_of[whole["text"]] = {"input": 0, "record": line["record"]}
    check(line == whole, "--dedup: record %d's line differs from the run without it"
          % line["record"])
check(sum("duplicate_of" in l for l in lines) >= COUNT - 2,
      "--dedup: only %d duplicates of %d pages given twice"
      % (sum("duplicate_of" in l for l in lines), COUNT))
print("warc_formats: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYTHON
