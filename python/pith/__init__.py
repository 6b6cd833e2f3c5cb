"""pith: web pages to the text their authors wrote.

The Python face of libpith (include/pith.h): the main content of HTML
pages, WARC files read record by record, and WARC files turned into JSON
lines by pith's threaded batch engine. pith.dask maps that over a Dask
cluster.

    import pith

    text = pith.extract(html_bytes)                        # the main content
    page = pith.extract(html_bytes, url=url, format="json") # a dict
    for record in pith.iter_warc("crawl.warc.gz", html_only=True):
        print(record.target_uri, pith.extract(record.payload, charset=record.charset))
    stats = pith.warc_to_jsonl(["a.warc.gz", "b.warc.gz"], "out.jsonl.gz", threads=4)

Threads: every function may be called from any number of threads at once.
Extraction, WARC reading and batches run with the GIL released, so threads
extract in parallel; each call borrows a reusable parsing context from a
pool, so repeated calls allocate little.

Errors: a page or file pith refuses raises pith.Error (its .status names
the reason, e.g. 'NOT_HTML'); bad arguments raise ValueError or TypeError;
files that cannot be opened raise OSError; running out of memory raises
MemoryError.
"""

import json
import os

from . import _pith
from ._pith import Error, WarcReader, WarcRecord

__all__ = [
    "Error",
    "WarcReader",
    "WarcRecord",
    "extract",
    "extract_warc",
    "iter_warc",
    "warc_to_jsonl",
    "simhash",
    "FAVORS",
    "FORMATS",
    "MAX_INPUT_BYTES",
    "__version__",
]

__version__ = _pith.PITH_VERSION

#: Pages larger than this many bytes raise pith.Error ('TOO_LARGE').
MAX_INPUT_BYTES = _pith.MAX_INPUT_BYTES

#: The values of favor=: which mistake to prefer when a block could be
#: content or boilerplate.
FAVORS = ("balanced", "precision", "recall")


def _rendered(fields):
    return fields["text"]


def _json(fields):
    """The fields of `pith --format json` but "source": url, the metadata,
    text, document, and encoding. The document is the one part read from
    JSON: pith_result.document, its only public form."""
    page = fields["metadata"]
    page["word_count"] = fields["word_count"]
    page["simhash"] = fields["simhash"]
    page["text"] = fields["text"]
    page["document"] = json.loads(fields["document"])
    page["encoding"] = fields["encoding"]
    return page


# What each format= value makes of the extracted fields; a new format is a
# line here (and in pithmodule.c's table).
_FORMAT_BUILDERS = {"text": _rendered, "markdown": _rendered, "html": _rendered,
                    "json": _json}

#: The values of format=.
FORMATS = tuple(_FORMAT_BUILDERS)

_LANGUAGE_FIELDS = ("language", "language_detected", "language_score")


def _language_list(language):
    """language= as the comma-separated codes libpith takes ("de,fr"), or
    None; ValueError unless every code is two or three ASCII letters."""
    if language is None:
        return None
    codes = language.split(",") if isinstance(language, str) else list(language)
    codes = [code.strip().lower() if isinstance(code, str) else code for code in codes]
    if not codes or not all(isinstance(code, str) and 2 <= len(code) <= 3 and code.isascii()
                            and code.isalpha() for code in codes):
        raise ValueError("language must be codes such as 'de,fr' or ['de', 'fr'], not %r"
                         % (language,))
    return ",".join(codes)


def _skipped(metadata, languages):
    """The members of a page's line that languages= leaves out, or None
    when its detected language is listed."""
    if languages is None or metadata["language_detected"] in languages.split(","):
        return None
    line = {"skipped": "language"}
    line.update((key, metadata[key]) for key in _LANGUAGE_FIELDS)
    return line


def _format_builder(format):
    try:
        return _FORMAT_BUILDERS[format]
    except (KeyError, TypeError):
        raise ValueError(
            "format must be one of %s, not %r" % (", ".join(FORMATS), format)
        ) from None


def extract(html, url=None, format="text", favor="balanced", charset=None,
            images=False, comments=False, language=None, page_type=None):
    """The main content of one web page.

    html: the page as bytes (or bytearray, memoryview), decoded the way a
        browser would (BOM, charset, <meta>, detection), or as str, which is
        read as UTF-8 whatever charset says. bytes and str are read in
        place; other buffers are copied first, so another thread may change
        them meanwhile without changing what this call reads.
    url: the page's URL (str) or None: the base its relative links resolve
        against, and the json format's "url" when the page names no
        canonical one. With None, links resolve against the page's
        <base href> when absolute, else its canonical URL when absolute,
        else stay relative. URLs are read as browsers read them.
    format: "text" returns the text (str): blocks separated by blank lines,
        one line per list item and table row. "markdown" returns CommonMark
        with GFM tables and footnotes; "html" clean semantic HTML (only
        href, src, alt and lang attributes). "json" returns a dict with the
        fields of `pith --format json` (docs/json-schema.md) but "source":
        "url", "title", "authors", "date_published", "date_modified",
        "site_name", "description", "language", "language_detected",
        "language_score", "page_type", "page_type_confidence", "tags",
        "image", "license", "next_pages" (absent strings None, absent lists []),
        "word_count" and "simhash" (the text's words and its 64-bit
        SimHash as 16 hex digits: see simhash()), "text", "document" (the
        document model: nested dicts and lists),
        and "encoding" (the WHATWG name of the encoding the page was
        decoded from, e.g. "UTF-8").
    favor: "balanced", "precision" (leave out doubtful blocks: less noise)
        or "recall" (keep them: fewer lost words).
    charset: the charset the transport declared (an HTTP Content-Type's
        charset) or None; it overrides <meta charset>, a BOM overrides it,
        an unknown label is ignored.
    images: markdown, html and json keep the content's images.
    comments: json adds "comments", the readers' comments as dicts
        (author, date, text), never part of the text.
    language: codes of the languages to keep, as "language_detected"
        names them ("de,fr" or ["de", "fr"]), or None for every page. A
        page in another language (or whose language is unknown) gives
        None, or with format="json" the dict {"url", "skipped": "language",
        "language", "language_detected", "language_score"}.
    page_type: what the page is, when the caller knows it: "article",
        "forum", "product", "collection", "listing", "documentation" or
        "service"; a page of a type but article is taken from its whole
        main landmark, not from its best part. None: pith tells the type
        from the page (json's "page_type" and "page_type_confidence"), and
        a type told with confidence under 0.5 is extracted as an article.

    A page with no main content gives "" (it is not an error). Raises
    pith.Error when pith refuses the page: status 'NOT_HTML' (empty,
    binary, no markup at all) or 'TOO_LARGE' (over MAX_INPUT_BYTES);
    ValueError for an unknown format, favor or page_type; MemoryError when
    memory runs out. Thread-safe; the GIL is released while the page is processed.
    """
    build = _format_builder(format)
    languages = _language_list(language)
    fields = _pith.extract(html, url, charset, favor, format, bool(images), bool(comments),
                           page_type)
    if languages is not None:
        metadata = fields["metadata"]
        skipped = _skipped(metadata, languages)
        if skipped is not None:
            return dict(url=metadata["url"], **skipped) if format == "json" else None
    return build(fields)


def simhash(text):
    """The 64-bit SimHash of text (str), as an int: texts that share most
    of their wording share most of its bits. Words are runs of letters
    and digits, case folded (a Han or kana character is a word alone);
    the features are every three words in a row, hashed with a fixed
    64-bit hash (pith_simhash in pith.3 says it in full). Records write it
    as 16 hex digits: int(record["simhash"], 16) == simhash(record["text"]).
    Near duplicates differ in a few bits, unrelated texts in about 32:
    bin(a ^ b).count("1") is their distance."""
    if not isinstance(text, str):
        raise TypeError("text must be str, not %s" % type(text).__name__)
    return _pith.simhash(text)


#: The formats of extract_warc(), warc_to_jsonl() and pith.dask, and the
#: member each adds beside "text" (None: none).
_BATCH_MEMBERS = {"text": None, "markdown": "markdown", "html": "html", "json": "document"}


def _batch_format(format):
    if format not in _BATCH_MEMBERS:
        raise ValueError("format must be one of %s, not %r"
                         % (", ".join(_BATCH_MEMBERS), format))
    return format


def iter_warc(path, html_only=False, verify_digests=False):
    """The records of a WARC or ARC file, one at a time, as pith.WarcRecord.

    path: a WARC or ARC file (str or os.PathLike): uncompressed, or
        compressed per record (Common Crawl's layout) or over the whole
        file with gzip, zstd (.warc.zst, its dictionary frame included),
        LZ4 or bzip2, detected from its bytes; "-" reads standard input.
    html_only: yield only HTTP responses whose payload is HTML.
    verify_digests: check each record's WARC-Block-Digest and
        WARC-Payload-Digest (SHA-1, SHA-256): a mismatch makes the record
        'MALFORMED' with the reason in error, and digest says 'MISMATCH'.

    A record has the fields offset, type, record_id, target_uri, date,
    http_status, content_type, charset (None when the Content-Type names
    none), is_html, payload (bytes: an HTTP response's body, de-chunked and
    decompressed; other records' whole block), status, error, truncated
    (WARC-Truncated, or '') and digest ('OK', 'MISMATCH' or None). A broken
    record is yielded with status 'MALFORMED', 'TOO_LARGE' or 'IO' and the
    reason in error, holding what could be read; reading goes on with the
    next good record.

    Streams: one record is held at a time. The file is closed when the
    iterator is exhausted or dropped, or at the end of a with block:

        with pith.iter_warc(path) as records:
            for record in records: ...

    Raises OSError when the file cannot be opened.
    """
    return WarcReader(path, html_only, verify_digests)


def _input_failure(path, status, reason):
    """The pith.Error of a file that could not be read as a WARC file,
    worded as warc_to_jsonl's."""
    error = Error("cannot read %s as a WARC file: %s" % (os.fsdecode(path), reason))
    error.status = status
    return error


def _comma_list(value, name):
    """A list option as the C side takes it: "a,b", or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = ",".join(str(item) for item in value)
    if not value.strip(" ,"):
        raise ValueError("%s must not be empty" % name)
    return value


def _status_listed(statuses, status):
    code = "%03d" % status if 0 < status < 1000 else "000"
    for item in statuses.split(","):
        item = item.strip().lower()
        if len(item) == 3 and item[0] == code[0] and (item[1:] == "xx" or item == code):
            return True
    return False


def _mime_listed(mime_types, content_type):
    media = content_type.split(";")[0].strip().lower()
    return any(item.strip().lower() == media for item in mime_types.split(","))


def extract_warc(path, favor="balanced", comments=False, language=None, status=None, mime=None,
                 verify_digests=False, format="text", images=False, dedup=False):
    """Extract every HTML record of a WARC file: one dict per record.

    The dicts are the lines warc_to_jsonl(path) writes, in the same order:
    one per HTML record and one per broken record or stretch of input,
    each with "warc" (path), "input" (0: the position of path among the
    inputs), "record" (the record's number in the file, from 0, broken
    stretches counted), "offset", "record_id", "uri", "date",
    "http_status", then "encoding", "url" (the page's canonical URL, or
    None), the metadata fields of extract(format="json") ("title",
    "authors", ... "next_pages", and "comments" when asked), "word_count",
    "simhash" and "text", then with format="markdown" or "html" the page
    in that format ("markdown", "html"), with format="json" "document"
    (the document model, as extract(format="json") has it); or "error" in
    place of them for a broken record or a page pith refused. images: as
    in extract(), for those formats. dedup: a page whose text an earlier
    record's line has, byte for byte, gives "duplicate_of": {"input": 0,
    "record": R} (the first one) after "http_status" instead.
    Records are read one at a time, on the calling thread (warc_to_jsonl
    runs a batch on many). favor, comments: as in extract(). language: as
    in extract(); a page in another language gives "skipped": "language",
    "language", "language_detected" and "language_score" after
    "http_status", as warc_to_jsonl's lines do. status: HTTP statuses or
    classes to extract ("200,3xx", or a list such as [200, "3xx"]); a page
    of another status gives "skipped": "status". mime: media types whose
    responses are extracted instead of the HTML ones
    ("text/html,application/xhtml+xml", or a list); an HTML page of another
    type gives "skipped": "mime" and "content_type". verify_digests: check
    the records' WARC digests; a mismatch gives an error line. A record the
    crawler truncated has "truncated" (its WARC-Truncated) after
    "http_status". The file may be WARC or ARC, compressed as iter_warc()
    reads.

    Raises OSError when the file cannot be opened. A file that cannot be
    read as a WARC file raises pith.Error after its last line, as
    warc_to_jsonl does: status 'IO' when reading it failed (a directory, a
    device error), 'MALFORMED' when every record in it was malformed (a
    page, junk).
    """
    languages = _language_list(language)
    statuses = _comma_list(status, "status")
    mime_types = _comma_list(mime, "mime")
    member = _BATCH_MEMBERS[_batch_format(format)]
    seen = {} if dedup else None  # text -> the record of its first line
    records = 0
    is_warc = False  # a record of it was not malformed
    failure = None
    for number, record in enumerate(iter_warc(path, verify_digests=bool(verify_digests))):
        records += 1
        is_warc = is_warc or record.status != "MALFORMED" or record.digest == "MISMATCH"
        if record.status == "IO" and failure is None:
            failure = _input_failure(path, "IO", record.error)
        # As the batch: a page is an HTML response, or one of a type in
        # mime; an HTML page left out by mime or status gets a line.
        listed = mime_types is None or (
            record.http_status > 0 and _mime_listed(mime_types, record.content_type))
        whole = record.status == "OK"
        filtered = None
        if whole and record.is_html and not listed:
            filtered = "mime"
        elif whole and (record.is_html or listed) and statuses is not None and \
                not _status_listed(statuses, record.http_status):
            filtered = "status"
        if whole and not record.is_html and not (mime_types is not None and listed):
            continue
        line = {
            "warc": os.fsdecode(path),
            "input": 0,
            "record": number,
            "offset": record.offset,
            "record_id": record.record_id,
            "uri": record.target_uri,
            "date": record.date,
            "http_status": record.http_status,
        }
        if record.truncated:
            line["truncated"] = record.truncated
        if filtered is not None:
            line["skipped"] = filtered
            if filtered == "mime":
                line["content_type"] = record.content_type
            yield line
            continue
        if record.status != "OK":
            line["error"] = record.error
            yield line
            continue
        try:
            page = _pith.extract(record.payload, record.target_uri, record.charset, favor,
                                 format, bool(images), bool(comments), None)
        except Error as error:
            line["error"] = str(error)
        else:
            metadata = page["metadata"]
            skipped = _skipped(metadata, languages)
            if skipped is not None:
                line.update(skipped)
            elif seen is not None and page["plain_text"] in seen:
                line["duplicate_of"] = {"input": 0, "record": seen[page["plain_text"]]}
            else:
                if seen is not None and page["plain_text"]:
                    seen[page["plain_text"]] = number
                line["encoding"] = page["encoding"]
                line.update(metadata)
                line["word_count"] = page["word_count"]
                line["simhash"] = page["simhash"]
                line["text"] = page["plain_text"]
                if member == "document":
                    line[member] = json.loads(page["document"])
                elif member is not None:
                    line[member] = page["text"]
        yield line
    if failure is None and records > 0 and not is_warc:
        failure = _input_failure(path, "MALFORMED", "no WARC record in it")
    if failure is None and records == 0:
        failure = _input_failure(path, "MALFORMED", "no WARC record in it: it is empty")
    if failure is not None:
        raise failure


def warc_to_jsonl(inputs, output, threads=1, resume=False, favor="balanced", comments=False,
                  language=None, status=None, mime=None, verify_digests=False,
                  format="text", images=False, dedup=False):
    """Turn WARC files into JSON lines with pith's batch engine.

    inputs: a WARC path or a list of them (str or os.PathLike), read in
        order. output: the path written; a name ending ".gz" is gzip (in
        members that each end whole, so an interrupted file stays
        readable); "-" is the process's standard output (file descriptor 1,
        not sys.stdout). threads: extraction threads, 0 for one per CPU.
    resume: continue an interrupted run into the same output: keep its
        complete lines, drop a partial last one, skip the records they
        cover. The inputs must be the same list in the same order: every
        kept line must be from the input at its position ("input"), or
        pith.Error is raised (status 'INVALID_ARGUMENT') and the output is
        left as it was. favor, comments, language: as in extract() (a page
        left out by language gets extract_warc()'s "skipped" line). status,
        mime, verify_digests, format, images, dedup: as in extract_warc();
        dedup finds repeats across every input of the run, remembering up
        to 1,048,576 distinct texts (a text first seen past that is written
        and not remembered), and with resume only repeats within this run.

    Each line is what extract_warc() yields: "warc", "input" (the
    position of its file in inputs, from 0), "record", "offset",
    "record_id", "uri", "date", "http_status", then "encoding", "url", the
    metadata fields, "word_count", "simhash", "text" (and the format's
    member), or "error", or "duplicate_of". Every HTML record and every
    broken stretch of input gives exactly one line, in input order whatever
    the thread count.

    Returns the run's counts as a dict: records, html_records, extracted
    and failed (lines with text and with an error written to the output),
    language_skipped (lines of pages left out by language), filtered
    (lines of pages left out by status or mime), skipped
    (records that are not HTML responses), resumed (lines kept from an
    earlier run), bytes_read, inputs_failed. The GIL is released while the
    batch runs. Ctrl-C (KeyboardInterrupt) stops it within a tenth of a
    second: what was read is written, the output is closed, the exception
    propagates, and resume=True continues later.

    Raises pith.Error, str(error) saying why and error.stats holding the
    counts: status 'IO' when an input could not be opened or read (it gets
    an error line and the other inputs are still read), or the output
    could not be opened or written (nothing is written after a failed
    write; resume=True goes on from what is whole), or another batch is
    writing it (the output is locked while a batch writes it);
    'MALFORMED' when an input held no WARC record (every record malformed).
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise ValueError("threads must be an int >= 0, not %r" % (threads,))
    return _pith.warc_to_jsonl(list(inputs), output, threads, bool(resume), favor,
                               bool(comments), _language_list(language),
                               _comma_list(status, "status"), _comma_list(mime, "mime"),
                               bool(verify_digests), _batch_format(format),
                               bool(images), bool(dedup))
