#!/usr/bin/env python3
"""pith fetching pages and taking inputs (issue 15, items 1 and 2), as a
user runs it: a server on 127.0.0.1 started here (http.server in a
thread) serves pages, redirects, a gzip transfer, a charset given by HTTP
alone, a 404, a slow page and an oversize one; files made in a temporary
folder stand for saved pages, compressed pages, a WARC file, sitemaps and
feeds. Prints "fetch: N passed, N failed"."""
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

BUILD = os.environ.get("BUILD", "build")
PITH = os.path.abspath(os.path.join(BUILD, "pith"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ARTICLE = ("<p>The quiet harbour town kept its lighthouse burning through the long winter, "
           "and the keeper wrote every night in a <a href=\"next.html\">ledger</a> that still survives today.</p>"
           "<p>Fishermen read the ledger when the fog came in; it told them which rocks had "
           "moved and which channels the ice had closed, in plain and careful words.</p>")


def page(title, body=ARTICLE, head=""):
    return ("<!DOCTYPE html><html><head><title>%s</title>%s</head><body><article><h1>%s</h1>"
            "%s</article></body></html>"
            % (title, head, title, body)).encode()


CYRILLIC = "<p>Привет, это длинная статья о погоде и о море, которую читают рыбаки каждое утро на берегу.</p>"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            # pith gave up (the slow page past --timeout): expected.
            self.close_connection = True

    def answer(self):
        path = self.path
        base = "http://%s:%d" % self.server.server_address
        if path == "/page.html":
            self.send(200, page("Lighthouse"))
        elif path == "/ua.html":
            ua = self.headers.get("User-Agent", "")
            self.send(200, page("Agent", ARTICLE + "<p>The agent was %s here.</p>" % ua))
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                self.send(200, page("Redirected"))
            else:
                self.send(302, b"", extra=[("Location", "/redirect/%d" % (n - 1))])
        elif path == "/gzip.html":
            accepted = "gzip" in self.headers.get("Accept-Encoding", "")
            body = page("Gzipped")
            if accepted:
                self.send(200, gzip.compress(body), extra=[("Content-Encoding", "gzip")])
            else:
                self.send(500, b"no gzip asked for")
        elif path == "/cp1251.html":
            body = ("<html><head><title>Погода</title></head><body><article>%s%s</article>"
                    "</body></html>" % (CYRILLIC, CYRILLIC)).encode("windows-1251")
            self.send(200, body, "text/html; charset=windows-1251")
        elif path == "/missing.html":
            self.send(404, page("Not found"))
        elif path == "/slow.html":
            time.sleep(3)
            self.send(200, page("Slow"))
        elif path == "/declared-huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(300 << 20))
            self.end_headers()
            self.wfile.write(b"<p>only this")
        elif path == "/endless.html":
            # No length: the body runs past PITH_MAX_INPUT_BYTES.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * ((1 << 20) - 3)
            try:
                for _ in range(300):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path == "/sitemap.xml":
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                    "xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">"
                    "<url><loc>%s/page.html</loc><image:image><image:loc>%s/x.png</image:loc>"
                    "</image:image></url><url><loc> %s/redirect/2 </loc></url></urlset>"
                    % (base, base, base)).encode()
            self.send(200, body, "application/xml")
        else:
            self.send(404, b"nothing here")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    results = {"passed": 0, "failed": 0}

    def check(name, ok, detail=""):
        if ok:
            results["passed"] += 1
        else:
            results["failed"] += 1
            print("FAIL %s %s" % (name, detail))

    def run(args, stdin=None, cwd=None):
        start = time.monotonic()
        p = subprocess.run([PITH] + args, input=stdin, capture_output=True, cwd=cwd,
                           timeout=120)
        return (p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace"), time.monotonic() - start)

    def records(out):
        return [json.loads(line) for line in out.splitlines() if line]

    # ---- Fetching ----
    rc, out, err, _ = run([base + "/page.html"])
    check("url text", rc == 0 and "lighthouse burning" in out, (rc, out, err))
    rc, out, err, _ = run(["--format", "json", base + "/page.html"])
    r = records(out)
    check("url json", rc == 0 and len(r) == 1 and r[0]["http_status"] == 200 and
          r[0]["final_url"] == base + "/page.html" and r[0]["url"] == base + "/page.html" and
          r[0]["source"] == base + "/page.html", out)
    # The final URL is the base of relative links.
    rc, out, err, _ = run(["--format", "markdown", base + "/redirect/3"])
    check("redirects followed, final URL the base", rc == 0 and
          "(%s/redirect/next.html)" % base in out, (rc, out, err))
    rc, out, err, _ = run(["--format", "json", base + "/redirect/3"])
    r = records(out)
    check("redirect json", rc == 0 and r[0]["final_url"] == base + "/redirect/0" and
          r[0]["http_status"] == 200 and r[0]["source"] == base + "/redirect/3", out)
    # --url wins over the final URL.
    rc, out, err, _ = run(["--format", "json", "--url", "https://given.example/", base + "/redirect/1"])
    r = records(out)
    check("--url over final URL", r[0]["url"] == "https://given.example/" and
          r[0]["final_url"] == base + "/redirect/0", out)
    rc, out, err, _ = run([base + "/redirect/11"])
    check("redirect limit", rc == 1 and "more than 10 redirects (FETCH_MAX_REDIRECTS)" in err
          and out == "", (rc, out, err))
    rc, out, err, _ = run([base + "/gzip.html"])
    check("gzip transfer", rc == 0 and "lighthouse burning" in out, (rc, out, err))
    rc, out, err, _ = run([base + "/cp1251.html"])
    check("HTTP charset", rc == 0 and "Привет, это длинная статья" in out, (rc, out, err))
    rc, out, err, _ = run(["--charset", "utf-8", base + "/cp1251.html"])
    check("--charset over HTTP's", "Привет" not in out, out)
    rc, out, err, _ = run([base + "/missing.html"])
    check("404 text", rc == 1 and out == "" and
          err == "pith: %s/missing.html: HTTP status 404\n" % base, (rc, out, err))
    rc, out, err, _ = run(["--format", "json", base + "/missing.html", base + "/page.html"])
    r = records(out)
    check("404 json", rc == 1 and len(r) == 2 and r[0]["http_status"] == 404 and
          r[0]["error"] == "HTTP status 404" and "text" not in r[0] and
          r[1]["http_status"] == 200, out)
    rc, out, err, seconds = run(["--timeout", "1", base + "/slow.html"])
    check("timeout", rc == 1 and "fetching failed" in err and "imed out" in err and
          seconds < 2.9, (rc, err, seconds))
    rc, out, err, _ = run(["--timeout", "0", base + "/page.html"])
    check("--timeout 0 refused", rc == 2 and "--timeout needs seconds" in err, err)
    rc, out, err, _ = run([base + "/declared-huge.html"])
    check("declared oversize", rc == 1 and "larger than the 256 MiB limit (PITH_MAX_INPUT_BYTES)"
          in err, (rc, err))
    rc, out, err, _ = run([base + "/endless.html"])
    check("oversize stream", rc == 1 and "larger than the 256 MiB limit (PITH_MAX_INPUT_BYTES)"
          in err, (rc, err))
    rc, out, err, _ = run([base + "/ua.html"])
    check("user agent", "The agent was pith/" in out and "(web page text extractor)" in out,
          out)
    rc, out, err, _ = run(["http://127.0.0.1:1/none.html"])
    check("connection refused", rc == 1 and "fetching failed" in err, err)

    with tempfile.TemporaryDirectory() as tmp:
        def write(name, data):
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            return path

        saved = write("saved/story.html", page("Saved", head=""))
        # ---- --input-list ----
        listing = write("list.txt", ("# pages\n\n%s/page.html\n%s\t%s\r\n%s/missing.html\n"
                                     % (base, saved, "https://saved.example/story", base)).encode())
        rc, out, err, _ = run(["--format", "json", "--input-list", listing])
        r = records(out)
        check("input list", rc == 1 and [x["source"] for x in r] ==
              [base + "/page.html", saved, base + "/missing.html"] and
              r[1]["url"] == "https://saved.example/story" and "http_status" not in r[1] and
              r[2]["http_status"] == 404, out)
        rc, out, err, _ = run(["--format", "markdown", "--input-list", "-"],
                              stdin=("%s\thttps://saved.example/dir/story\n" % saved).encode())
        check("input list stdin, PATH<TAB>URL base", rc == 0 and
              "(https://saved.example/dir/next.html)" in out, (rc, out, err))
        rc, out, err, _ = run(["--input-list", os.path.join(tmp, "absent.txt")])
        check("input list missing", rc == 1 and "absent.txt: No such file" in err, err)
        # ---- --threads: the same lines in the same order ----
        many = [base + "/page.html", base + "/slow.html", saved, base + "/missing.html",
                base + "/redirect/2", base + "/gzip.html", base + "/cp1251.html"]
        rc1, out1, err1, t1 = run(["--format", "json"] + many)
        rc2, out2, err2, t2 = run(["--format", "json", "--threads", "2"] + many)
        check("threads order", rc1 == rc2 == 1 and out1 == out2 and err1 == err2 and
              len(records(out2)) == 7, (out1, out2, err1, err2))
        rc3, out3, err3, t3 = run(["--format", "json", "--threads", "3", "--input-list", "-"],
                                  stdin="\n".join(many).encode())
        check("threads input list", out3 == out1, (out3,))
        rc, out, err, _ = run(["--threads", "0", saved])
        check("threads 0 refused", rc == 2 and "--threads needs" in err, err)

        # ---- Directories ----
        html = page("Walked")
        write("site/a.html", html)
        write("site/b.xhtml", html)
        write("site/c.shtml", html)
        write("site/index", b"\xef\xbb\xbf  <!-- saved from url=(0022)http://example.com/ -->\n" + html)
        write("site/d.html.gz", gzip.compress(html))
        write("site/e.zst", subprocess.run(["zstd", "-q", "-c"], input=html,
                                           capture_output=True).stdout)
        # A brotli stream by hand (RFC 7932): WBITS 16, one uncompressed
        # meta-block, then an empty last one.
        header = (0 | (len(html) - 1) << 4 | 1 << 20).to_bytes(3, "little")
        write("site/f.html.br", header + html + b"\x03")
        write("site/notes.txt", b"just some notes\n")
        write("site/image.png", b"\x89PNG\r\n\x1a\n\0\0\0")
        write("site/deep/g.htm", html)
        write("site/deep/deeper/h.html", html)
        write("site/.hidden.html", html)
        os.symlink("..", os.path.join(tmp, "site/deep/up"))
        rc, out, err, _ = run(["--format", "json", "site"], cwd=tmp)
        sources = [x["source"] for x in records(out)]
        check("directory by bytes", rc == 0 and sources ==
              ["site/a.html", "site/b.xhtml", "site/c.shtml", "site/d.html.gz", "site/e.zst",
               "site/f.html.br", "site/index"], (sources, err))
        check("directory notes", "pith: site: skipped 2 files that are not HTML pages by their "
              "first bytes, such as site/image.png\n" in err and
              "pith: site: skipped site/deep: a subdirectory (--recursive enters it)\n" in err
              and "pith: site: skipped site/.hidden.html: a hidden entry" in err, err)
        check("compressed pages extracted", all("lighthouse burning" in x["text"]
                                                 for x in records(out)), out[:300])
        rc, out, err, _ = run(["--format", "json", "--recursive", "site"], cwd=tmp)
        sources = [x["source"] for x in records(out)]
        check("recursive", rc == 0 and sources ==
              ["site/a.html", "site/b.xhtml", "site/c.shtml", "site/d.html.gz",
               "site/deep/deeper/h.html", "site/deep/g.htm", "site/e.zst", "site/f.html.br",
               "site/index"] and "pith: site: skipped site/deep/up: a directory already being walked (a symbolic "
               "link loop)\n" in err,
              (sources, err))
        deep = "deep" + "/d" * 40
        write(deep + "/z.html", html)
        rc, out, err, _ = run(["--recursive", "deep"], cwd=tmp)
        check("depth limit", rc == 1 and ": deeper than 32 levels (INPUTS_MAX_DIRECTORY_DEPTH)\n"
              in err and "no HTML pages in the directory" in err, (rc, err))
        # ---- Compressed files named ----
        bomb = write("bomb.html.gz", gzip.compress(b" " * (64 << 20)))
        rc, out, err, _ = run([bomb])
        check("decompression bound", rc == 1 and "SNIFF_MAX_EXPANSION_RATIO" in err, err)
        cut = write("cut.html.gz", gzip.compress(html)[:40])
        rc, out, err, _ = run([cut])
        check("damaged gzip", rc == 1 and "gzip data is damaged or cut short" in err, err)
        # ---- WARC files given to pith ----
        record = (b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
        write("crawl.warc.gz", gzip.compress(record))
        write("crawl.warc", record)
        rc, out, err, _ = run(["crawl.warc.gz", "crawl.warc"], cwd=tmp)
        check("WARC hint", rc == 1 and
              "pith: crawl.warc.gz: a WARC file, not a page: pith warc crawl.warc.gz extracts "
              "its pages\n" in err and "pith: crawl.warc: a WARC file" in err, err)
        # ---- Sitemaps and feeds ----
        sitemap = write("sitemap.xml", ("<?xml version='1.0'?><!-- made by hand -->"
                                        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                        "<url><loc>https://a.example/1?x=1&amp;y=2</loc></url>"
                                        "<url><loc><![CDATA[https://a.example/2]]></loc></url>"
                                        "<url><loc>/relative</loc></url></urlset>").encode())
        rc, out, err, _ = run(["links", sitemap])
        check("links sitemap", rc == 0 and out == "https://a.example/1?x=1&y=2\nhttps://a.example/2\n"
              and "skipped 1 entries" in err, (rc, out, err))
        write("index.xml.gz", gzip.compress(
            b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap>"
            b"<loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>"))
        rc, out, err, _ = run(["links", "index.xml.gz"], cwd=tmp)
        check("links index gz", rc == 0 and out == "https://a.example/s1.xml\n" and
              "sitemap index" in err, (out, err))
        write("rss.xml", b"<?xml version='1.0'?><rss version='2.0' "
              b"xmlns:atom='http://www.w3.org/2005/Atom'><channel><link>https://a.example/</link>"
              b"<atom:link href='https://a.example/feed' rel='self'/><item><title>x</title>"
              b"<link>https://a.example/post-1</link></item><item>"
              b"<link>https://a.example/post-2</link></item></channel></rss>")
        rc, out, err, _ = run(["links", "rss.xml"], cwd=tmp)
        check("links rss", rc == 0 and out == "https://a.example/post-1\nhttps://a.example/post-2\n",
              (out, err))
        write("atom.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'><link href='https://a.example/'/>"
              b"<entry><link rel='replies' href='https://a.example/c'/>"
              b"<link href=\"https://a.example/e1\"/></entry><entry>"
              b"<link rel='alternate' type='text/html' href='https://a.example/e2'/></entry></feed>")
        rc, out, err, _ = run(["links", "atom.xml"], cwd=tmp)
        check("links atom", rc == 0 and out == "https://a.example/e1\nhttps://a.example/e2\n",
              (out, err))
        write("urls.txt", b"https://a.example/t1\n\nhttps://a.example/t2\n")
        rc, out, err, _ = run(["links", "urls.txt"], cwd=tmp)
        check("links text sitemap", rc == 0 and out == "https://a.example/t1\nhttps://a.example/t2\n",
              (out, err))
        rc, out, err, _ = run(["links", "site/a.html"], cwd=tmp)
        check("links on a page", rc == 1 and out == "" and
              "site/a.html: an HTML page, not a sitemap or feed" in err, err)
        rc, out, err, _ = run(["sitemap.xml", "rss.xml", "atom.xml", "urls.txt"], cwd=tmp)
        check("sitemap and feed hints", rc == 1 and out == "" and
              "pith: sitemap.xml: a sitemap, not a page: pith links sitemap.xml lists its pages" in err
              and "rss.xml: an RSS feed, not a page" in err and "atom.xml: an Atom feed" in err
              and "urls.txt: a text sitemap" in err, err)
        # A sitemap fetched, its pages extracted through a pipe.
        rc, out, err, _ = run(["links", base + "/sitemap.xml"])
        check("links url", rc == 0 and out == "%s/page.html\n%s/redirect/2\n" % (base, base),
              (out, err))
        rc, out2, err, _ = run(["--format", "json", "--input-list", "-"], stdin=out.encode())
        r = records(out2)
        check("links piped to --input-list", rc == 0 and len(r) == 2 and
              r[1]["final_url"] == base + "/redirect/0", out2)

    server.shutdown()
    print("fetch: %d passed, %d failed" % (results["passed"], results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
