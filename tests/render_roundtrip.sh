#!/bin/sh
# Structured output over every development page (tests/run.sh unpacks them
# into $PITH_DEVPAGES). Per page, three checks:
#   - markdown: the page's Markdown read back by cmark-gfm (tables and
#     footnotes on) has as many headings, lists, tables and code blocks as
#     pith's document model (--format json) has (a table too ragged for a
#     GFM table counts as the list Markdown writes it as);
#   - model: no container (paragraph, heading, caption, list, item, table,
#     row, quote, footnote, emphasis, strong, link) is empty: a node is made
#     only when what it holds arrives (a refused image once left its
#     paragraph behind);
#   - html: pith's own parser reads the page's HTML output, and its only
#     attributes are href, src and alt.
# Prints "render_roundtrip: N passed, N failed"; skipped without the pages.
# Run from the repository root.
BUILD=${BUILD:-build}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
if [ ! -d "$PITH_DEVPAGES" ]; then
	echo "no $PITH_DEVPAGES: skipped"
	echo "render_roundtrip: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
if ! command -v cmark-gfm >/dev/null 2>&1; then
	echo "cmark-gfm is missing (sh tools/setup.sh installs it)"
	echo "render_roundtrip: 0 passed, 1 failed"
	exit 1
fi
exec python3 - "$BUILD/pith" "$PITH_DEVPAGES" <<'PYTHON'
import concurrent.futures, glob, json, os, re, subprocess, sys

pith, pages = sys.argv[1], sys.argv[2]
KINDS = ("heading", "list", "table", "code_block")
ALLOWED = {"href", "src", "alt", "lang"}
passed = failed = 0


def table_as_list(table):
    """Markdown writes a table too ragged for GFM as a list: the rule of
    MARKDOWN_TABLE_MAX_GRID_PER_CELL (2) and MARKDOWN_TABLE_GRID_SLACK (64)
    in src/render/render_markdown.c."""
    rows = [len(row["children"]) for row in table["children"]]
    return bool(rows) and max(rows) > (2 * sum(rows) + 64) // len(rows)


def model_counts(node, counts):
    if isinstance(node, dict):
        kind = node["type"]
        if kind == "table" and table_as_list(node):
            kind = "list"
        if kind in counts:
            counts[kind] += 1
        for child in node.get("children", []):
            model_counts(child, counts)
    return counts


CONTAINERS = {"paragraph", "heading", "caption", "list", "item", "table", "row", "quote",
              "footnote", "emphasis", "strong", "link"}


def empty_containers(node):
    if not isinstance(node, dict):
        return 0
    children = node.get("children", [])
    return (node["type"] in CONTAINERS and not children) + sum(map(empty_containers, children))


def run(args, data=None, check=True):
    return subprocess.run(args, input=data, capture_output=True, check=check).stdout


def check_page(page):
    """The failures of one page's three checks, and how many it passed."""
    failures, checked = [], 0
    options = ["--images", "--url", "https://example.com/dir/page.html", page]
    line = run([pith, "--format", "json"] + options, check=False)
    record = json.loads(line)
    if "document" not in record:
        return failures, checked  # not HTML: no document
    checked += 3
    empty = empty_containers(record["document"])
    if empty:
        failures.append("FAIL model %s: %d empty containers" % (page, empty))
    want = model_counts(record["document"], dict.fromkeys(KINDS, 0))
    markdown = run([pith, "--format", "markdown"] + options)
    xml = run(["cmark-gfm", "-e", "table", "-e", "footnotes", "-t", "xml"], markdown).decode()
    got = {k: len(re.findall(r"<%s[ >]" % k, xml)) for k in KINDS}
    if got != want:
        failures.append("FAIL markdown %s: cmark-gfm %s, model %s" % (page, got, want))
    html = run([pith, "--format", "html"] + options)
    tree = run([pith, "--dump-tree", "--fragment", "body", "-"], html).decode()
    names = set(re.findall(r'^\|\s+([^ <"=]+)="', tree, re.M))
    if not names <= ALLOWED:
        failures.append("FAIL html %s: attributes %s" % (page, sorted(names - ALLOWED)))
    return failures, checked


# Five processes a page, thousands of pages: one page a CPU at a time
# (under make asan each pith process is slow to start).
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
    for failures, checked in pool.map(check_page, sorted(glob.glob(pages + "/*/html/*.html"))):
        for failure in failures:
            print(failure)
        failed += len(failures)
        passed += checked - len(failures)
print("render_roundtrip: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PYTHON
