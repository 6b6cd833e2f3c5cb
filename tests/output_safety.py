"""What pith's output promises (docs/DESIGN.md), held to hostile pages.

Every vector of tests/data/xss/vectors.txt is put into an article page as
markup and as text, in a paragraph, a list, a table and a quote; the
pages of tests/data/xss/*.html (the issue's three attack pages) are used
as they are. Each page, with and without a page URL, is rendered:

  - pith --format markdown, then cmark-gfm --unsafe with every extension
    Debian's cmark-gfm has (autolink, table, strikethrough, tagfilter,
    footnotes, tasklist), read back by html5lib and by pith's own parser;
  - pith --format html, read back by both parsers;
  - pith --format json: the document's hrefs and srcs, and metadata's
    url, image and next pages.

In what the parsers read, every element must be one the writer makes
(no script, style, iframe, object, embed, frame, form, base, meta, link,
svg, math...), every attribute one it writes (no on* handler, no style,
no srcdoc, formaction...), every href and src an http, https or mailto
URL or a relative one as a browser reads the scheme (C0 and space around
it dropped, tab and newline removed), and the only comment the empty one
pith's Markdown may hold. The text of the Markdown as cmark-gfm renders
it must be the text of the HTML output: escaping changes no word.

Prints "output_safety: N passed, N failed" (one check per page, option
set and output); exits 1 on any failure."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

import html5lib

PITH, DATA = sys.argv[1], sys.argv[2]
CMARK = ["cmark-gfm", "--unsafe"] + [
    arg for e in ("autolink", "table", "strikethrough", "tagfilter", "footnotes", "tasklist")
    for arg in ("-e", e)
]
OPTION_SETS = (["--images"], ["--images", "--url", "https://example.com/dir/page.html"])
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# What each writer makes: pith's HTML, and cmark-gfm's rendering of
# pith's Markdown (tables get thead and tbody, footnotes their section,
# ids and classes, lists a start, table cells an alignment).
PITH_ELEMENTS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr",
                 "th", "td", "pre", "code", "blockquote", "em", "strong", "a", "img", "br",
                 "hr", "figure", "figcaption", "section", "sup", "tbody"}
CMARK_ELEMENTS = PITH_ELEMENTS | {"thead", "del"}
PITH_ATTRIBUTES = {"href", "src", "alt"}
CMARK_ATTRIBUTES = PITH_ATTRIBUTES | {"title", "start", "align", "class", "id",
                                      "data-footnotes", "data-footnote-ref",
                                      "data-footnote-backref", "data-footnote-backref-idx",
                                      "aria-label"}
URL_ATTRIBUTES = {"href", "src"}
# The one comment pith's Markdown holds: between "xmpp" and ":" before
# an address, where GFM's email autolink would read an xmpp: URL.
ALLOWED_COMMENTS = {" "}
# Named in failures, so a report says what went wrong plainly.
DANGEROUS_ELEMENTS = {"script", "style", "iframe", "object", "embed", "frame", "frameset",
                      "form", "base", "meta", "link", "svg", "math", "template", "noscript",
                      "applet", "input", "button", "textarea", "select"}

passed = failed = 0


def browser_scheme(url):
    """The scheme a browser reads (URL standard, basic URL parser), or
    None for a relative URL: written here apart from pith's C code."""
    url = url.strip("".join(chr(c) for c in range(0x21)))
    url = re.sub("[\t\n\r]", "", url)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def url_allowed(url):
    scheme = browser_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def local_name(name):
    """"{namespace}name" -> ("namespace", "name")."""
    if name.startswith("{"):
        namespace, _, name = name[1:].partition("}")
        return namespace, name
    return "", name


def html5lib_items(html):
    """(kind, name, value) of what html5lib reads from html as a body
    fragment: ("element", name, namespace), ("attribute", name, value),
    ("comment", "", text)."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        if element is root:
            continue
        if element.tag is ElementTree.Comment:
            yield "comment", "", element.text or ""
            continue
        namespace, name = local_name(element.tag)
        yield "element", name, namespace
        for key, value in element.attrib.items():
            namespace, name = local_name(key)
            yield "attribute", ("xlink:" if "xlink" in namespace else "") + name, value


def pith_items(html):
    """The same items from pith's own parser (--dump-tree, html5lib's
    test format: "| <name>", "|   name=\"value\"", "| <!-- text -->")."""
    tree = subprocess.run([PITH, "--dump-tree", "--fragment", "body", "-"],
                          input=html.encode("utf-8"), capture_output=True, check=True).stdout.decode("utf-8", "replace")
    lines = []
    for line in tree.split("\n"):
        if line.startswith("| ") or not lines:
            lines.append(line)
        else:
            lines[-1] += "\n" + line  # a value that holds a newline
    for line in lines:
        body = line[2:].lstrip(" ")
        if body.startswith("<!-- ") and body.endswith(" -->"):
            yield "comment", "", body[5:-4]
        elif body.startswith("<") and body.endswith(">"):
            parts = body[1:-1].split(" ")
            yield "element", parts[-1], parts[0] if len(parts) > 1 else ""
        elif not body.startswith('"'):
            match = re.match(r'([^=]+)="(.*)"$', body, re.S)
            if match:
                yield "attribute", match.group(1).replace(" ", ":"), match.group(2)


def problems(items, elements, attributes):
    found = []
    for kind, name, value in items:
        if kind == "comment":
            if value not in ALLOWED_COMMENTS:
                found.append("comment %r" % value)
        elif kind == "element":
            if value:
                found.append("foreign element %s %s" % (value.split("/")[-1], name))
            elif name not in elements:
                found.append("%s element %s" % (
                    "dangerous" if name in DANGEROUS_ELEMENTS else "unexpected", name))
        else:
            lower = name.lower()
            if lower.startswith("on"):
                found.append("handler %s=%r" % (name, value))
            elif lower == "style":
                found.append("style=%r" % value)
            elif lower not in attributes:
                found.append("attribute %s=%r" % (name, value))
            elif lower in URL_ATTRIBUTES and not url_allowed(value):
                found.append("URL %s=%r" % (name, value))
    return found


INLINE_ELEMENTS = {"a", "em", "strong", "code", "sup", "del", "img"}


def visible_text(html):
    """The words of html as a reader sees them: inline elements join the
    text around them, other elements separate it; whitespace collapsed."""
    pieces = []

    def walk(element):
        if element.tag is ElementTree.Comment:
            pieces.append(element.tail or "")
            return
        block = element.tag not in INLINE_ELEMENTS
        if block:
            pieces.append(" ")
        pieces.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            pieces.append(" ")
        pieces.append(element.tail or "")

    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    walk(root)
    return " ".join("".join(pieces).split())


def run(args, data=None):
    return subprocess.run(args, input=data, capture_output=True).stdout


def check(ok, what, details):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s: %s" % (what, details))


def render_all(paths, format, options):
    """pith's output for every page, from one run over them all: a line
    "==> PATH <==" before each, a blank line between them (--format
    json: one line each)."""
    out = run([PITH, "--format", format] + options + paths)
    if format == "json":
        return out.split(b"\n")[:len(paths)]
    pieces = []
    for i, path in enumerate(paths):
        header = b"==> %s <==\n" % path.encode()
        start = out.index(header) + len(header)
        end = out.index(b"\n\n==> %s <==\n" % paths[i + 1].encode(), start) \
            if i + 1 < len(paths) else len(out)
        pieces.append(out[start:end])
    return pieces


def check_pages(names, paths):
    for options in OPTION_SETS:
        outputs = zip(names, *(render_all(paths, f, options) for f in ("markdown", "html", "json")))
        for name, markdown, html, line in outputs:
            check_page("%s %s" % (name, " ".join(options)), markdown, html.decode("utf-8"),
                       json.loads(line))


def check_page(what, markdown, html, line):
    rendered = run(CMARK, markdown).decode("utf-8")
    for parser, items in (("html5lib", html5lib_items), ("pith", pith_items)):
        found = problems(items(rendered), CMARK_ELEMENTS, CMARK_ATTRIBUTES)
        check(not found, "%s: markdown, cmark-gfm, %s" % (what, parser),
              "%s\nmarkdown:\n%s\nrendered:\n%s" % (found, markdown.decode(), rendered))
        found = problems(items(html), PITH_ELEMENTS, PITH_ATTRIBUTES)
        check(not found, "%s: html, %s" % (what, parser), "%s\n%s" % (found, html))
    # No word changed by escaping: footnotes aside, which cmark-gfm
    # numbers and links back in its own way.
    if "<sup>" not in html:
        want, got = visible_text(html), visible_text(rendered)
        check(want == got, "%s: markdown text" % what,
              "\nhtml text:     %r\nmarkdown text: %r\nmarkdown:\n%s"
              % (want, got, markdown.decode()))
    urls = [line.get("url") or "", line.get("image") or ""] + line.get("next_pages", [])

    def collect(node):
        if isinstance(node, dict):
            urls.extend(node[k] for k in ("href", "src") if k in node)
            for child in node.get("children", []):
                collect(child)

    collect(line.get("document"))
    bad = [u for u in urls if not url_allowed(u)]
    check(not bad, "%s: json URLs" % what, bad)


ARTICLE = ("<p>This page is an article about the safety of what a program writes, long "
           "enough to be taken for the main content: it has several sentences, and the "
           "words go on for a while so that the extractor keeps this paragraph and what "
           "follows it in the same article.</p>")


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vector_page(number, vector):
    text = escape(vector)
    return ("<!DOCTYPE html><html><head><title>Vector %d</title></head><body><article>"
            "<h1>Vector %d</h1>%s"
            "<p>The payload as markup, inside a sentence: %s and the sentence goes on.</p>"
            "<p>The payload as text, inside a sentence: %s and the sentence goes on.</p>"
            "<ul><li>In a list, as markup: %s</li><li>In a list, as text: %s</li></ul>"
            "<table><tr><th>Markup</th><th>Text</th></tr><tr><td>%s</td><td>%s</td></tr>"
            "</table><blockquote><p>%s</p></blockquote>%s<p>%s</p>"
            "<p>The last paragraph of the article closes it with a few more words.</p>"
            "</article></body></html>"
            % (number, number, ARTICLE, vector, text, vector, text, vector, text, text,
               vector, text)).encode("utf-8")


vectors = [line for line in open(os.path.join(DATA, "vectors.txt"), encoding="utf-8")
           .read().split("\n") if line and not line.startswith("#")]
pages = sorted(glob.glob(os.path.join(DATA, "*.html")))
with tempfile.TemporaryDirectory() as folder:
    paths = []
    for number, vector in enumerate(vectors, 1):
        paths.append(os.path.join(folder, "vector-%03d.html" % number))
        with open(paths[-1], "wb") as page:
            page.write(vector_page(number, vector))
    names = ["vector %d %r" % (n, v) for n, v in enumerate(vectors, 1)]
    check_pages(names + [os.path.basename(p) for p in pages], paths + pages)
print("%d vectors, %d pages" % (len(vectors), len(pages)))
print("output_safety: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
