"""pith.extract: inputs, options, errors, agreement with the pith command,
and threads."""

import json
import mmap
import os
import random
import subprocess
import sys
import threading
import time

import pytest

import pith
from conftest import dev_pages, plain_environment

ARTICLE = (
    "<html><head><title>The title</title></head><body><nav><a href=/>Home</a></nav>"
    "<article><h1>The title</h1><p>The first paragraph of the article says a thing "
    "at some length, as articles do.</p><p>The second paragraph says caf\u00e9 and "
    "na\u00efve, in so many words.</p></article><footer>Copyright</footer></body></html>"
)
ARTICLE_TEXT = (
    "The first paragraph of the article says a thing at some length, as articles do."
    "\n\nThe second paragraph says caf\u00e9 and na\u00efve, in so many words."
)


def test_text_of_bytes_and_of_str():
    assert pith.extract(ARTICLE.encode("utf-8")) == ARTICLE_TEXT
    assert pith.extract(ARTICLE) == ARTICLE_TEXT
    assert pith.extract(bytearray(ARTICLE.encode())) == ARTICLE_TEXT
    assert pith.extract(memoryview(ARTICLE.encode())) == ARTICLE_TEXT


def test_json_fields():
    page = pith.extract(ARTICLE.encode(), url="https://example.org/a", format="json")
    document = page.pop("document")
    # The page-type model's confidence: a share with two decimals.
    confidence = page["page_type_confidence"]
    assert 0 < confidence <= 1 and round(confidence, 2) == confidence
    assert page == {
        "url": "https://example.org/a",
        "title": "The title",
        "authors": [],
        "date_published": None,
        "date_modified": None,
        "site_name": None,
        "description": None,
        "language": None,
        "language_detected": "en",
        "language_score": 0.99,
        "page_type": "article",
        "page_type_confidence": confidence,
        "tags": [],
        "image": None,
        "license": None,
        "next_pages": [],
        "word_count": 26,
        "simhash": "%016x" % pith.simhash(ARTICLE_TEXT),
        "text": ARTICLE_TEXT,
        "encoding": "UTF-8",
    }
    assert document["type"] == "document"
    assert [child["type"] for child in document["children"]] == ["paragraph", "paragraph"]
    assert pith.extract(ARTICLE, format="json")["url"] is None
    assert "comments" not in page
    assert pith.extract(ARTICLE, format="json", comments=True)["comments"] == []


def test_structured_formats():
    sample = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "sample.html")
    with open(sample, "rb") as f:
        html = f.read()
    markdown = pith.extract(html, format="markdown")
    assert "[Leon Trotsky](https://bosporusnotebook.example/tag/leon-trotsky/) entered" in markdown
    assert "[^1]" in markdown
    page = pith.extract(html, format="html")
    assert page.startswith("<") and "his wife Natalia Sedova" in page
    assert "<img" not in page and "<img" in pith.extract(html, format="html", images=True)
    json_page = pith.extract(html, format="json", comments=True)
    assert json_page["authors"] == ["Selin Kaya"]
    assert json_page["comments"] and json_page["comments"][0]["text"]
    assert all(c["text"] not in json_page["text"] for c in json_page["comments"])


def test_charset_is_a_hint_for_bytes_and_ignored_for_str():
    latin1 = ARTICLE.encode("latin-1")
    page = pith.extract(latin1, charset="windows-1252", format="json")
    assert page["encoding"] == "windows-1252"
    assert page["text"] == ARTICLE_TEXT
    # A str is text already: its UTF-8 form is what pith reads.
    page = pith.extract(ARTICLE, charset="shift_jis", format="json")
    assert page["encoding"] == "UTF-8"
    assert page["text"] == ARTICLE_TEXT
    # The transport's label overrides <meta>, as browsers do.
    meta = ARTICLE.replace("<head>", '<head><meta charset="koi8-r">').encode("latin-1")
    assert pith.extract(meta, format="json")["encoding"] == "KOI8-R"
    assert pith.extract(meta, charset="latin1", format="json")["encoding"] == "windows-1252"


def test_favor_reaches_the_extractor():
    values = {favor: [] for favor in pith.FAVORS}
    for path in dev_pages("scrapinghub", 40):
        with open(path, "rb") as page:
            html = page.read()
        for favor in pith.FAVORS:
            values[favor].append(pith.extract(html, favor=favor))
    assert values["precision"] != values["balanced"] or values["recall"] != values["balanced"]
    assert sum(map(len, values["recall"])) > sum(map(len, values["precision"]))


LISTING = """<html><body><main><h1>Evening courses</h1>
<ul><li><a href="/c/pottery">Pottery for beginners</a></li>
<li><a href="/c/welding">Welding basics</a></li></ul>
<div class="note"><p>Places are limited and are given in the order the forms arrive at the
office, so send yours early in the month.</p></div></main></body></html>"""


def test_page_type_reaches_the_extractor():
    # As tests/spec/extract.md: a listing's links are its content.
    assert "Pottery" not in pith.extract(LISTING)
    assert pith.extract(LISTING, page_type="article") == pith.extract(LISTING)
    listing = pith.extract(LISTING, page_type="listing")
    assert "Pottery for beginners\nWelding basics" in listing and "Places are limited" in listing


@pytest.mark.parametrize("arguments, message", [
    ({"page_type": "blog"}, "page_type must be 'article', 'forum', "),
    ({"format": "markdown-ish"}, "format must be one of text, markdown, html, json"),
    ({"format": None}, "format must be one of"),
    ({"favor": "speed"}, "favor must be 'balanced', 'precision' or 'recall', not 'speed'"),
])
def test_bad_option_values(arguments, message):
    with pytest.raises(ValueError, match=message):
        pith.extract(ARTICLE, **arguments)


def test_bad_argument_types():
    with pytest.raises(TypeError, match="html must be bytes or str, not int"):
        pith.extract(42)
    with pytest.raises(TypeError):
        pith.extract(ARTICLE, url=b"https://example.org/")
    with pytest.raises(ValueError):
        pith.extract(ARTICLE, url="https://example.org/\0")
    with pytest.raises(UnicodeEncodeError):
        pith.extract("<p>a lone surrogate \ud800</p>")


@pytest.mark.parametrize("html", [b"", b"   \n", b"\x00\x01\x02\x03" * 100, "just words"])
def test_pages_pith_refuses_raise_error(html):
    with pytest.raises(pith.Error) as raised:
        pith.extract(html)
    assert raised.value.status == "NOT_HTML"
    assert str(raised.value) == "not an HTML page (empty, binary, or no markup)"
    assert isinstance(raised.value, Exception)


def test_too_large_page_raises_error():
    # Anonymous memory that is never written costs no RAM.
    with mmap.mmap(-1, pith.MAX_INPUT_BYTES + 1) as huge:
        view = memoryview(huge)
        with pytest.raises(pith.Error) as raised:
            pith.extract(view)
        view.release()
    assert raised.value.status == "TOO_LARGE"


def test_a_page_without_content_is_empty_text_not_an_error():
    assert pith.extract(b"<html><body><nav><a href=/>Home</a></nav></body></html>") == ""


def test_same_as_the_pith_command(pith_command):
    paths = []
    for dataset in ("scrapinghub", "readability", "wcxb-dev"):
        paths += dev_pages(dataset, 25)
    run = subprocess.run([pith_command, "--format", "json", *paths], capture_output=True,
                         env=plain_environment())
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines):
        assert line["source"] == path
        with open(path, "rb") as page:
            html = page.read()
        if "error" in line:
            with pytest.raises(pith.Error):
                pith.extract(html)
            continue
        page = pith.extract(html, format="json")
        assert (page["title"], page["text"], page["url"]) == (
            line["title"], line["text"], line["url"]), path


def test_threads_give_the_single_threaded_results():
    pages = []
    for dataset in ("scrapinghub", "readability"):
        for path in dev_pages(dataset, 60):
            with open(path, "rb") as page:
                pages.append(page.read())
    expected = [pith.extract(html, format="json") for html in pages]
    results = {}
    errors = []

    def work(index):
        # Each thread starts at another page, so different pages run at once.
        try:
            order = list(range(index * 13 % len(pages), len(pages))) + list(
                range(index * 13 % len(pages)))
            found = [None] * len(pages)
            for i in order:
                found[i] = pith.extract(pages[i], format="json")
            results[index] = found
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 8
    for found in results.values():
        assert found == expected


def test_the_gil_is_released_during_extraction():
    # With a switch interval far longer than the test, the other thread can
    # only run while this one has let go of the GIL: inside extract.
    html = ("<html><body><article>" + "<p>Words of a long page, one sentence.</p>" * 400000
            + "</article></body></html>").encode()
    counter = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0)

    interval = sys.getswitchinterval()
    thread = threading.Thread(target=count)
    thread.start()
    try:
        sys.setswitchinterval(1000)
        moved = False
        for attempt in range(5):
            before = counter[0]
            pith.extract(html)
            if counter[0] != before:
                moved = True
                break
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        thread.join()
    assert moved


# A page whose text is mostly multi-byte UTF-8, and the bytes another thread
# writes into it: lead and continuation bytes, bytes never valid in UTF-8,
# markup and entity starts.
CHANGING_PAGE = (
    "<html><head><title>T</title></head><body><article><h1>T</h1>"
    + "<p>Caf\u00e9 na\u00efve \u00fcber \u4e2d\u6587 \U0001F600 &amp; words enough to be "
      "the article of the page.</p>" * 40
    + "</article></body></html>").encode()
TROUBLE_BYTES = b"\xc3\xa9\xe2\x80\xf0\x9f\xff<&a "
CHANGING_CALLS = 1200


@pytest.mark.parametrize("view", ["bytearray", "memoryview", "read-only memoryview"])
def test_a_buffer_changed_during_extraction_gives_valid_utf8(view):
    # Issue 11: another thread wrote into a bytearray while extract ran
    # without the GIL, and about one call in 600 returned bytes that were
    # not UTF-8 (UnicodeDecodeError). pith must read a copy. A read-only
    # memoryview of a bytearray is no safer: its bytes still change.
    buffer = bytearray(CHANGING_PAGE)
    target = {"bytearray": buffer, "memoryview": memoryview(buffer),
              "read-only memoryview": memoryview(buffer).toreadonly()}[view]
    stop = threading.Event()
    rounds = [0]

    def change():
        rng = random.Random(11)
        while not stop.is_set():
            for _ in range(16):
                buffer[rng.randrange(len(buffer))] = rng.choice(TROUBLE_BYTES)
            if rng.random() < 0.05:
                buffer[:] = CHANGING_PAGE
            rounds[0] += 1
            time.sleep(0)  # lets the extracting thread have the GIL back

    interval = sys.getswitchinterval()
    thread = threading.Thread(target=change)
    thread.start()
    failures = []
    try:
        # The changing thread runs only while extract has let go of the
        # GIL (or between calls): each call meets many changes.
        sys.setswitchinterval(1000)
        for call in range(CHANGING_CALLS):
            format = pith.FORMATS[call % len(pith.FORMATS)]
            try:
                pith.extract(target, format=format)
            except pith.Error:
                pass  # a page changed into one pith refuses: fine
            except UnicodeDecodeError as error:
                failures.append((format, str(error)))
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        thread.join()
    assert rounds[0] > CHANGING_CALLS  # the bytes did change meanwhile
    assert failures == []
