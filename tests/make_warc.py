#!/usr/bin/env python3
"""Builds WARC files from local HTML pages, for testing WARC readers.

    python3 tests/make_warc.py --pages DIR [--count N] [--layout LAYOUT]
        [--format warc|arc] [--version 1.0|1.1] [--faults LIST] [--no-extras]
        [--bodies B] [--digests] [--seed S] -o OUT

  --pages DIR    a folder of *.html pages (e.g. build/devpages/scrapinghub/html);
                 each page becomes one HTML response, in name order
  --count N      how many pages (default: all of them)
  --layout       plain | gzip (each record its own gzip member, as Common
                 Crawl writes) | whole-gzip (one gzip stream over the file,
                 flushed after each record) | zstd (each record its own zstd
                 frame) | zstd-dict (the IIPC .warc.zst format: a dictionary
                 frame first, each record a frame compressed with it) |
                 zstd-dict-packed (the same, the dictionary itself zstd-
                 compressed) | whole-zstd (one zstd frame over the file) |
                 lz4 (each record an LZ4 frame) | bz2 (each record a bzip2
                 stream); default gzip. zstd and lz4 frames are made by the
                 zstd and lz4 command-line tools.
  --format       warc (default) or arc: ARC v1, a filedesc:// header record
                 for the warcinfo one, then each response and resource record
                 after its "URL IP-address Archive-date Content-type
                 Archive-length" line (request, metadata and revisit records
                 have no ARC form and are left out)
  --version      the WARC version line, 1.0 or 1.1 (default 1.1)
  --faults LIST  comma-separated damage, each made once (default none):
                 truncated-member  a record cut short, the next record right
                                   after it (in the gzip layout: its gzip
                                   member cut in the middle)
                 garbage           junk bytes between two records
                 bad-length        one record's Content-Length too short,
                                   another's too long
                 truncated-end     the file ends inside its last record
                 huge-length       one record's Content-Length over the
                                   reader's 64 MiB limit, its real block
                                   small: reported too large, the records
                                   after it read (the record after it is
                                   whole, with no junk before it)
                 nan-length        one record's Content-Length not a number
                 gzip-junk         junk built of gzip magics ("1f 8b 08"
                                   over and over) between two records
                 bomb              one HTML response whose gzip
                                   Content-Encoding decodes to 16 MiB, over
                                   100 times (PITH_WARC_MAX_EXPANSION) its
                                   record's size in the file: too large
                                   (not placed in whole-zstd, where a
                                   record's size is known only to a block)
                 corrupt           16 bytes overwritten in the middle of one
                                   record's compressed member (plain input:
                                   its version or header line): it is
                                   returned once, broken ("damaged")
                 bad-digest        one HTML response's WARC-Payload-Digest
                                   wrong (implies --digests): outcome
                                   bad-digest, whole unless digests are
                                   checked
  --digests      every record gets WARC-Block-Digest and WARC-Payload-Digest
                 (sha1 or sha256, base 32 or hex; a chunked body's payload
                 digest over its stored or its de-chunked bytes)
  In the zstd, lz4 and bz2 layouts a member cut short decodes to nothing
  (their blocks are decoded whole), so a truncated-member or truncated-end
  record is "damaged" too.
  --no-extras    only HTML responses; by default the file also holds a
                 warcinfo record, request, metadata, revisit and resource
                 records, non-HTML responses (an image, JSON), legacy-charset
                 pages whose charset is only in HTTP, and responses that are
                 chunked, gzip- or deflate-encoded, or in Common Crawl's form
                 (decoded, with X-Crawler-* headers)
  --bodies B     how HTML responses' bodies are stored: mixed (default:
                 identity, chunked, gzip, deflate, Common Crawl's form, no
                 Content-Type) or common-crawl (decoded, as Common Crawl
                 stores them: for benchmarks)
  --seed S       the random seed (default 1): the same arguments give the
                 same bytes
  -o OUT         the WARC file to write

Next to OUT it writes OUT.manifest.tsv: a header line, then one line per
record in file order, tab-separated:

  offset         where the record starts (gzip: its member; whole-gzip: 0)
  record_id      WARC-Record-ID, or "-" for a stretch of junk
  type           WARC-Type, or "-"
  outcome        ok, malformed (a reader returns it once, broken),
                 too-large (returned once, PITH_ERROR_TOO_LARGE) or damaged
                 (returned once, broken, with whatever fields survived)
  is_html        1 when the record is an HTML response (also when broken,
                 if its headers survive), else 0
  http_status    of an HTTP response, else 0
  charset        the HTTP Content-Type's charset, unquoted, or "-"
  target_uri     WARC-Target-URI, or "-"
  payload_length the payload a reader should return (HTTP body de-chunked
                 and decoded; other records' whole block); "-" if broken
  payload_crc32  its CRC-32 as 8 hex digits; "-" if broken
  source         the page file the payload came from, or "-"

Python 3 standard library only. Target URIs are made up
(https://pages.example/N); pages are never fetched."""

import argparse
import base64
import bz2
import gzip
import hashlib
import os
import random
import struct
import subprocess
import sys
import tempfile
import uuid
import zlib

FAULTS = ("truncated-member", "garbage", "bad-length", "truncated-end", "huge-length",
          "nan-length", "gzip-junk", "bomb", "corrupt", "bad-digest")
# Layouts where each record is its own compressed member.
MEMBER_LAYOUTS = ("gzip", "zstd", "zstd-dict", "zstd-dict-packed", "lz4", "bz2")
# Layouts whose members decode only block by block: a cut one gives nothing.
BLOCK_LAYOUTS = ("zstd", "zstd-dict", "zstd-dict-packed", "whole-zstd", "lz4", "bz2")
# The zstd-dict layouts' dictionary: raw content (zstd takes any bytes as
# one), the text WARC records repeat.
ZSTD_DICTIONARY = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-05-\r\n"
                   b"WARC-Record-ID: <urn:uuid:\r\nContent-Type: application/http; "
                   b"msgtype=response\r\nWARC-Target-URI: https://pages.example/\r\n"
                   b"Content-Length: \r\n\r\nHTTP/1.1 200 OK\r\nServer: test\r\n"
                   b"Content-Type: text/html; charset=utf-8\r\n\r\n<!DOCTYPE html>"
                   b"<html><head><meta charset=\"utf-8\"><title></title></head><body>"
                   b"<div class=\"content\"><p></p></div></body></html>") * 4
# Content-Length values a reader must not trust: over the 64 MiB record
# limit (one byte over, past 64 bits, far past the file), not a number.
HUGE_LENGTHS = ("67108865", "18446744073709551616", "999999999999")
NAN_LENGTHS = ("12x4", "-1", "0x10", "1 000", "")
# A page that gzip packs about 600 times: the body of the bomb fault. 16
# MiB, so that it is too large however its record's bytes are counted
# (gzip over a whole file counts its neighbours' too after a length that
# ran past them).
BOMB_PAGE = b"<html><body><p>" + b"word<br>" * (2 * 1024 * 1024) + b"</p></body></html>"
HEADER = ("offset", "record_id", "type", "outcome", "is_html", "http_status",
          "charset", "target_uri", "payload_length", "payload_crc32", "source")

# Small pages in legacy encodings, declared only by the HTTP charset.
LEGACY_PAGES = (
    ("windows-1252", "<html><head><title>Caf\u00e9</title></head><body><p>"
     "Cr\u00e8me br\u00fbl\u00e9e \u2014 \u201cquoted\u201d, na\u00efve "
     "fa\u00e7ade.</p></body></html>"),
    ("shift_jis", "<html><head><title>\u65e5\u672c</title></head><body><p>"
     "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3067\u3059\u3002</p></body></html>"),
    ("koi8-r", "<html><head><title>\u0420\u0443\u0441\u0441\u043a\u0438\u0439"
     "</title></head><body><p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c"
     "\u0438\u0440.</p></body></html>"),
)
# A 1x1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f"
                    "15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a48b000000"
                    "0049454e44ae426082")


class Record:
    def __init__(self, rtype, block, fields, expect):
        self.rtype = rtype
        self.block = block          # bytes after the WARC header block
        self.fields = fields        # [(name, value)] besides the fixed ones
        self.expect = expect        # dict: manifest columns
        self.length_delta = 0       # bad-length: added to Content-Length
        self.length_text = None     # huge-length, nan-length: its value
        self.newline = b"\r\n"
        self.lowercase = False
        self.arc_type = "no-type"   # the ARC line's Content-type
        self.unchunked = None       # a chunked body before chunking
        self.bad_digest = False     # bad-digest: its payload digest wrong


def http_response(rng, status, headers, body, newline=b"\r\n"):
    reasons = {200: "OK", 301: "Moved Permanently", 404: "Not Found",
               500: "Internal Server Error"}
    version = rng.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"])
    lines = ["%s %d %s" % (version, status, reasons.get(status, "Whatever"))]
    lines += ["%s: %s" % h for h in headers]
    return newline.join(x.encode("latin-1") for x in lines) + newline + newline + body


def chunked(rng, body):
    out, i = [], 0
    while i < len(body):
        n = rng.randint(1, 8192)
        piece = body[i:i + n]
        ext = rng.choice(["", "", ";name=value", ';q="x y"'])
        out.append(b"%x%s\r\n%s\r\n" % (len(piece), ext.encode(), piece))
        i += n
    out.append(b"0\r\n")
    if rng.random() < 0.5:
        out.append(b"Trailer-One: 1\r\nTrailer-Two: 2\r\n")
    out.append(b"\r\n")
    return b"".join(out)


def content_type(rng, mime, charset):
    if charset is None:
        return mime
    return rng.choice(["%s; charset=%s", "%s;charset=%s", '%s; charset="%s"',
                       "%s; Charset=%s; foo=bar"]) % (mime, charset)


# How an HTML response's body is stored: mixed (every form below, for
# tests), or as Common Crawl stores it (decoded, X-Crawler-* headers or
# none), for benchmarks.
BODY_FORMS = {
    "mixed": ["identity"] * 4 + ["chunked", "gzip", "deflate", "cc", "no-type"],
    "common-crawl": ["identity", "cc"],
}


def html_response(rng, page_bytes, source, index, version, bodies="mixed"):
    """One HTML response in a random transport form; its expected payload is
    page_bytes."""
    status = rng.choice([200] * 12 + [404, 301, 500])
    charset = rng.choice([None, None, "utf-8", "UTF-8", "iso-8859-1"])
    mime = rng.choice(["text/html"] * 6 + ["application/xhtml+xml", "TEXT/HTML"])
    form = rng.choice(BODY_FORMS[bodies])
    headers = [("Server", "test")]
    fields = []
    if form == "no-type":
        # No HTTP Content-Type: the WARC's identified type says HTML.
        fields.append(("WARC-Identified-Payload-Type", "text/html"))
        charset = None
    else:
        headers.append((rng.choice(["Content-Type", "content-type", "CONTENT-TYPE"]),
                        content_type(rng, mime, charset)))
    body = page_bytes
    unchunked = None
    if form == "chunked":
        headers.append(("Transfer-Encoding", "chunked"))
        unchunked = body
        body = chunked(rng, body)
    elif form == "gzip":
        headers.append(("Content-Encoding", "gzip"))
        body = gzip.compress(body, mtime=0)
        if rng.random() < 0.5:
            headers.append(("Transfer-Encoding", "chunked"))
            unchunked = body
            body = chunked(rng, body)
    elif form == "deflate":
        headers.append(("Content-Encoding", "deflate"))
        body = zlib.compress(body)
    elif form == "cc":
        # Common Crawl: stored decoded, the real headers renamed.
        headers.append(("X-Crawler-Content-Encoding", "gzip"))
        headers.append(("X-Crawler-Transfer-Encoding", "chunked"))
        headers.append(("X-Crawler-Content-Length", str(len(page_bytes) // 3)))
    if form not in ("chunked", "gzip") or rng.random() < 0.3:
        headers.append(("Content-Length", str(len(body))))
    newline = b"\n" if rng.random() < 0.05 else b"\r\n"
    block = http_response(rng, status, headers, body, newline)
    fields.insert(0, ("Content-Type", "application/http; msgtype=response"))
    uri = "https://pages.example/%d" % index
    record = Record("response", block, [("WARC-Target-URI", uri)] + fields,
                    dict(is_html=1, http_status=status, charset=charset or "-",
                         target_uri=uri, payload=page_bytes, source=source))
    record.arc_type = "text/html" if form == "no-type" else mime.lower()
    record.unchunked = unchunked
    return record


def extra_records(rng, index):
    """Records that are not HTML responses, and legacy-charset pages."""
    uri = "https://pages.example/extra/%d" % index
    kind = index % 7
    http = [("Content-Type", "application/http; msgtype=response")]
    target = [("WARC-Target-URI", uri)]
    if kind == 0:
        block = b"GET /%d HTTP/1.1\r\nHost: pages.example\r\n\r\n" % index
        return [Record("request", block, target + [("Content-Type", "application/http; msgtype=request")],
                       dict(target_uri=uri, payload=block))]
    if kind == 1:
        block = b"fetchTimeMs: 12\r\noutlink: https://pages.example/x\r\n"
        return [Record("metadata", block, target + [("Content-Type", "application/warc-fields")],
                       dict(target_uri=uri, payload=block))]
    if kind == 2:
        block = http_response(rng, 200, [("Content-Type", "image/png")], PNG)
        record = Record("response", block, target + http,
                        dict(http_status=200, target_uri=uri, payload=PNG))
        record.arc_type = "image/png"
        return [record]
    if kind == 3:
        body = b'{"html": "<p>not a page</p>", "n": %d}' % index
        block = http_response(rng, 200, [("Content-Type", "application/json; charset=utf-8")], body)
        record = Record("response", block, target + http,
                        dict(http_status=200, charset="utf-8", target_uri=uri, payload=body))
        record.arc_type = "application/json"
        return [record]
    if kind == 4:
        block = http_response(rng, 200, [("Content-Type", "text/html")], b"")
        block = block[:block.index(b"\r\n\r\n") + 4]
        fields = target + http + [("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                                  ("WARC-Refers-To-Target-URI", uri)]
        # A revisit's block is headers only: not an HTML response to extract.
        return [Record("revisit", block, fields,
                       dict(target_uri=uri, payload=block))]
    if kind == 5:
        body = b"<html><body><p>A resource, not a response.</p></body></html>"
        record = Record("resource", body, target + [("Content-Type", "text/html")],
                        dict(target_uri=uri, payload=body))
        record.arc_type = "text/html"
        return [record]
    charset, text = LEGACY_PAGES[(index // 7) % len(LEGACY_PAGES)]
    body = text.encode(charset)
    block = http_response(rng, 200, [("Content-Type", "text/html; charset=%s" % charset)], body)
    record = Record("response", block, target + http,
                    dict(is_html=1, http_status=200, charset=charset, target_uri=uri, payload=body))
    record.arc_type = "text/html"
    return [record]


def warc_digest(rng, data):
    """A labelled digest of data: sha1 or sha256, base 32 or hex."""
    if rng.random() < 0.5:
        d, label = hashlib.sha1(data).digest(), "sha1"
    else:
        d, label = hashlib.sha256(data).digest(), "sha256"
    value = base64.b32encode(d).decode() if rng.random() < 0.7 else d.hex()
    return "%s:%s" % (label, value)


def add_digests(record, rng):
    """WARC-Block-Digest and WARC-Payload-Digest fields; the payload digest
    is over an HTTP body as sent (chunked as stored, or, as some crawlers
    write it, de-chunked)."""
    record.fields.append(("WARC-Block-Digest", warc_digest(rng, record.block)))
    if record.rtype == "revisit":
        record.fields.append(("WARC-Payload-Digest", warc_digest(rng, b"the original")))
        return
    body = record.block
    if record.rtype == "response":
        ends = [record.block.find(e) + len(e) for e in (b"\r\n\r\n", b"\n\n") if e in record.block]
        body = record.block[min(ends):]
        if record.unchunked is not None and rng.random() < 0.5:
            body = record.unchunked
    if record.bad_digest:
        body = body + b"x"
    record.fields.append(("WARC-Payload-Digest", warc_digest(rng, body)))


def serialize(record, version, rng):
    nl = record.newline
    date = "2024-05-%02dT12:%02d:%02dZ" % (rng.randint(1, 28), rng.randint(0, 59), rng.randint(0, 59))
    if version == "1.1":
        date = date[:-1] + ".%06dZ" % rng.randint(0, 999999)
    fields = [("WARC-Type", record.rtype), ("WARC-Date", date),
              ("WARC-Record-ID", record.expect["record_id"])] + record.fields
    length = str(len(record.block) + record.length_delta)
    fields.append(("Content-Length", length if record.length_text is None else record.length_text))
    rng.shuffle(fields)
    lines = [b"WARC/" + version.encode()]
    for name, value in fields:
        if record.lowercase:
            name = name.lower()
        lines.append(("%s: %s" % (name, value)).encode("utf-8"))
    head = nl.join(lines) + nl + nl
    # What a cut keeps: the WARC headers and an HTTP response's headers.
    keep = len(head)
    if record.rtype == "response":
        ends = [record.block.find(e) + len(e) for e in (b"\r\n\r\n", b"\n\n") if e in record.block]
        keep += min(ends, default=0)
    return head + record.block + b"\r\n\r\n", keep


def bomb_response(rng, record):
    """record made an HTML response whose body decodes to BOMB_PAGE."""
    record.block = http_response(rng, 200, [("Content-Type", "text/html"),
                                            ("Content-Encoding", "gzip")],
                                 gzip.compress(BOMB_PAGE, compresslevel=9, mtime=0))
    record.expect.update(is_html=1, http_status=200, charset="-", outcome="too-large",
                         source="-")


def junk(rng, n):
    """Bytes that hold neither a WARC version line nor a gzip, zstd, LZ4
    or bzip2 magic, and do not start with a newline (which readers skip
    before a record)."""
    data = bytearray(rng.getrandbits(8) for _ in range(n))
    for i in range(len(data)):
        if data[i] in (0x1F, ord("W"), 0x28, 0x04, ord("B")):
            data[i] = 0x20
    if data and data[0] in (0x0D, 0x0A):
        data[0] = 0x20
    return bytes(data)


def tool(args, data):
    """data through a command-line compressor."""
    return subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout


def compress_member(layout, data, dictionary_path):
    if layout == "zstd":
        return tool(["zstd", "-q", "-c", "-3"], data)
    if layout in ("zstd-dict", "zstd-dict-packed"):
        return tool(["zstd", "-q", "-c", "-3", "-D", dictionary_path], data)
    if layout == "lz4":
        return tool(["lz4", "-q", "-c"], data)
    if layout == "bz2":
        return bz2.compress(data, 9)
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    return z.compress(data) + z.flush(zlib.Z_FINISH)


def dictionary_frame(packed):
    """The .warc.zst dictionary frame: a skippable frame, magic 0x184D2A5D,
    its contents the dictionary (zstd-compressed when packed)."""
    body = tool(["zstd", "-q", "-c", "-19"], ZSTD_DICTIONARY) if packed else ZSTD_DICTIONARY
    return struct.pack("<II", 0x184D2A5D, len(body)) + body


def arc_date(rng):
    return "202405%02d%02d%02d%02d" % (rng.randint(1, 28), rng.randint(0, 23),
                                       rng.randint(0, 59), rng.randint(0, 59))


def arc_serialize(record, rng):
    """An ARC v1 record: its header line, block and newline; and how much a
    cut keeps (the line and an HTTP head)."""
    if record.rtype == "warcinfo":
        uri, mime = record.expect["target_uri"], "text/plain"
    else:
        uri, mime = record.expect["target_uri"], record.arc_type
    length = str(len(record.block) + record.length_delta)
    if record.length_text is not None:
        length = record.length_text
    line = ("%s 192.0.2.%d %s %s %s\n" % (uri, rng.randint(1, 254), arc_date(rng), mime,
                                          length)).encode("utf-8")
    keep = len(line)
    if record.rtype == "response":
        ends = [record.block.find(e) + len(e) for e in (b"\r\n\r\n", b"\n\n") if e in record.block]
        keep += min(ends, default=0)
    return line + record.block + b"\n", keep


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", required=True)
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--layout", choices=("plain", "whole-gzip", "whole-zstd") + MEMBER_LAYOUTS,
                        default="gzip")
    parser.add_argument("--format", choices=("warc", "arc"), default="warc")
    parser.add_argument("--digests", action="store_true")
    parser.add_argument("--version", choices=("1.0", "1.1"), default="1.1")
    parser.add_argument("--faults", default="")
    parser.add_argument("--no-extras", action="store_true")
    parser.add_argument("--bodies", choices=tuple(BODY_FORMS), default="mixed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    faults = [f for f in args.faults.split(",") if f]
    for f in faults:
        if f not in FAULTS:
            parser.error("unknown fault %r (known: %s)" % (f, ", ".join(FAULTS)))
    rng = random.Random(args.seed)

    names = sorted(n for n in os.listdir(args.pages) if n.endswith(".html"))
    if args.count:
        names = names[:args.count]
    if not names:
        parser.error("no *.html pages in %s" % args.pages)

    records = []
    if not args.no_extras:
        info = b"software: tests/make_warc.py\r\nformat: WARC File Format %s\r\n" % args.version.encode()
        records.append(Record("warcinfo", info, [("Content-Type", "application/warc-fields")],
                              dict(payload=info)))
    for i, name in enumerate(names):
        path = os.path.join(args.pages, name)
        with open(path, "rb") as f:
            page = f.read()
        records.append(html_response(rng, page, path, i, args.version, args.bodies))
        if not args.no_extras:
            records += extra_records(rng, i)
    arc = args.format == "arc"
    if arc:
        # ARC has a file header for warcinfo, and no request, metadata or
        # revisit records.
        records = [r for r in records if r.rtype in ("warcinfo", "response", "resource")]
        for r in records:
            if r.rtype == "warcinfo":
                r.block = (b"1 0 tests/make_warc.py\n"
                           b"URL IP-address Archive-date Content-type Archive-length\n")
                r.expect.update(payload=r.block, target_uri="filedesc://%s" %
                                os.path.basename(args.output))
    for r in records:
        r.expect.setdefault("record_id", "<urn:uuid:%s>" % uuid.UUID(int=rng.getrandbits(128), version=4))
        r.lowercase = rng.random() < 0.05
        if rng.random() < 0.03:
            r.newline = b"\n"

    # Where faults go: HTML responses in the middle, never next to each
    # other (a reader reports each once, whatever its neighbour).
    html = [i for i, r in enumerate(records) if r.expect.get("is_html") and r.rtype == "response"]
    spots = html[1:-1] if len(html) > 2 else []
    rng.shuffle(spots)
    if "truncated-end" in faults:
        # Nor next to the last record, which truncated-end cuts: a length
        # running into it would meet its damage.
        spots = [j for j in spots if j < len(records) - 2]

    def take_spot(fits=lambda i: True):
        for k in range(len(spots) - 1, -1, -1):
            i = spots[k]
            if fits(i):
                spots[:] = [j for j in spots if abs(j - i) > 1]
                return i
        return None

    cut_member = None
    junk_before = {}  # record index: the junk's bytes

    def reads_whole(i):
        return records[i].expect.get("outcome", "ok") == "ok" and i != cut_member

    member_cut = "damaged" if args.layout in BLOCK_LAYOUTS and args.layout != "whole-zstd" \
        else "malformed"
    corrupt = None

    # Junk after the broken records, and only after a whole one: a reader
    # resynchronising after a broken record skips junk unreported. Then
    # huge-length, after which a reader scans past junk and broken
    # records unreported: the record after it is whole, with no junk.
    order = {"garbage": 1, "gzip-junk": 1, "huge-length": 2}
    for f in sorted(faults, key=lambda f: order.get(f, 0)):
        if f == "truncated-member":
            cut_member = take_spot()
            if cut_member is not None:
                records[cut_member].expect["outcome"] = member_cut
        elif f in ("garbage", "gzip-junk") and len(records) > 1:
            n = rng.randint(10, 3000)
            # Nor before a damaged record: one that decodes to nothing would
            # be part of the junk's stretch.
            # (An ARC record with a length not a number is junk too.)
            places = [i for i in range(1, len(records)) if reads_whole(i - 1) and
                      records[i].expect.get("outcome") != "damaged" and
                      not (arc and records[i].length_text in NAN_LENGTHS)]
            junk_before[rng.choice(places)] = (
                junk(rng, n) if f == "garbage" else (b"\x1f\x8b\x08" * n)[:n])
        elif f == "bad-length":
            for delta in (-rng.randint(1, 200), rng.randint(1, 200)):
                i = take_spot()
                while i is not None and arc and delta < 0 and \
                        records[i].block[len(records[i].block) + delta:][:1] == b"\n":
                    delta -= 1  # ARC's trailer is one newline: miss it
                if i is not None:
                    records[i].length_delta = delta
                    records[i].expect["outcome"] = "malformed"
        elif f == "truncated-end":
            records[-1].expect["outcome"] = member_cut
        elif f == "nan-length":
            i = take_spot()
            if i is not None:
                records[i].length_text = rng.choice(NAN_LENGTHS)
                records[i].expect["outcome"] = "malformed"
        elif f == "corrupt" and args.layout not in ("whole-gzip", "whole-zstd"):
            corrupt = take_spot()
            if corrupt is not None:
                records[corrupt].expect["outcome"] = "damaged"
        elif f == "bad-digest" and not arc:
            i = take_spot()
            if i is not None:
                records[i].bad_digest = True
                records[i].expect["outcome"] = "bad-digest"
        elif f == "bomb" and args.layout == "whole-zstd":
            # One zstd frame over the file: a record's compressed size is
            # known only to a block (128 KiB), so a bomb of this size is
            # within the per-record bound; not placed.
            pass
        elif f == "bomb":
            i = take_spot()
            if i is not None:
                bomb_response(rng, records[i])
        elif f == "huge-length":
            i = take_spot(lambda i: i + 1 < len(records) and i + 1 not in junk_before and
                          reads_whole(i + 1))
            if i is not None:
                records[i].length_text = rng.choice(HUGE_LENGTHS)
                records[i].expect["outcome"] = "too-large"

    if (args.digests or "bad-digest" in faults) and not arc:
        for r in records:
            add_digests(r, rng)

    out = bytearray()
    manifest = []
    whole = zlib.compressobj(6, zlib.DEFLATED, 31) if args.layout == "whole-gzip" else None
    whole_zstd = bytearray() if args.layout == "whole-zstd" else None
    dictionary_path = None
    if args.layout in ("zstd-dict", "zstd-dict-packed"):
        with tempfile.NamedTemporaryFile(delete=False, suffix=".dict") as f:
            f.write(ZSTD_DICTIONARY)
            dictionary_path = f.name
        out.extend(dictionary_frame(args.layout == "zstd-dict-packed"))

    def layout_bytes(data, keep=None):
        """data in the layout; with keep, only the first keep bytes and
        about half of the rest survive (a cut that leaves the headers)."""
        nonlocal whole
        if args.layout == "plain":
            return data if keep is None else data[:keep + (len(data) - keep) // 2]
        if args.layout == "whole-zstd":
            whole_zstd.extend(data if keep is None else data[:keep + (len(data) - keep) // 2])
            return b""
        if args.layout != "gzip" and args.layout in MEMBER_LAYOUTS:
            member = compress_member(args.layout, data, dictionary_path)
            return member if keep is None else member[:len(member) // 2]
        z = whole or zlib.compressobj(6, zlib.DEFLATED, 31)
        if keep is None:
            return z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH if whole else zlib.Z_FINISH)
        head = z.compress(data[:keep]) + z.flush(zlib.Z_SYNC_FLUSH)
        rest = z.compress(data[keep:]) + z.flush(zlib.Z_FINISH)
        whole = None  # a cut whole-gzip stream is over
        return head + rest[:len(rest) // 2]

    for i, r in enumerate(records):
        if i in junk_before:
            bad = junk_before[i]
            manifest.append(dict(offset=0 if whole else len(out), record_id="-", type="-",
                                 outcome="malformed"))
            out.extend(bad if args.layout in MEMBER_LAYOUTS else layout_bytes(bad))
        data, keep = arc_serialize(r, rng) if arc else serialize(r, args.version, rng)
        e = r.expect
        at = 0 if whole or whole_zstd is not None else len(out)
        row = dict(offset=at, record_id="-" if arc else e["record_id"], type=r.rtype,
                   outcome=e.get("outcome", "ok"), is_html=e.get("is_html", 0),
                   http_status=e.get("http_status", 0), charset=e.get("charset", "-"),
                   target_uri=e.get("target_uri", "-"), source=e.get("source", "-"))
        if arc and r.length_text in NAN_LENGTHS:
            # No ARC header line: junk to a reader.
            row.update(type="-", is_html=0, http_status=0, charset="-", target_uri="-")
        if row["outcome"] in ("ok", "bad-digest"):
            row["payload_length"] = len(e["payload"])
            row["payload_crc32"] = "%08x" % zlib.crc32(e["payload"])
        manifest.append(row)
        if i == corrupt:
            # 16 bytes overwritten in the middle of its member, or over
            # its first line in plain input.
            member = bytearray(layout_bytes(data))
            at = len(member) // 2 if args.layout != "plain" else 0
            member[at:at + 16] = junk(rng, 16).replace(b"\n", b" ")
            out.extend(member)
            continue
        last = i == len(records) - 1
        cut = i == cut_member or (last and "truncated-end" in faults)
        if cut and args.layout == "whole-gzip" and not last:
            # A record cut inside the stream, the stream going on.
            data = data[:keep + (len(data) - keep) // 2]
            cut = False
        out.extend(layout_bytes(data, keep if cut else None))
        if whole is None and args.layout == "whole-gzip":
            break
    if whole:
        out.extend(whole.flush(zlib.Z_FINISH))
    if whole_zstd is not None:
        out.extend(tool(["zstd", "-q", "-c", "-3"], bytes(whole_zstd)))
    if dictionary_path:
        os.unlink(dictionary_path)

    with open(args.output, "wb") as f:
        f.write(out)
    with open(args.output + ".manifest.tsv", "w", encoding="utf-8") as f:
        f.write("\t".join(HEADER) + "\n")
        for row in manifest:
            f.write("\t".join(str(row.get(k, "-" if k != "is_html" and k != "http_status" else 0))
                              for k in HEADER) + "\n")


if __name__ == "__main__":
    sys.exit(main())
