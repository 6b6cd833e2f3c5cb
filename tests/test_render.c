/* The document model and its renderers on small pages: each block and
 * span kind in Markdown, HTML and JSON, escaping (Markdown's special
 * characters, HTML's <&>", pipes in cells, backticks in code), nested
 * lists and tables, footnotes, images, links made absolute, the nesting
 * bound; and text output unchanged by the choice of format. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"

static int passed, failed;

static void check(bool ok, const char *format, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL ");
	va_list args;
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	printf("\n");
}

#define BASE_URL "https://example.com/dir/page.html"

/* A page around body, with a sentence of prose so the extractor has an
 * article to keep. */
static char *make_page(const char *body)
{
	static const char head[] =
	    "<!DOCTYPE html><html><head><title>Test page</title></head><body><article>"
	    "<p>This opening paragraph is prose, long enough to be taken as the article "
	    "that the test is about, with sentences.</p>";
	static const char tail[] = "</article></body></html>";
	size_t size = strlen(head) + strlen(body) + strlen(tail) + 1;
	char *page = malloc(size);
	if (page)
		snprintf(page, size, "%s%s%s", head, body, tail);
	return page;
}

/* The page's main content in format; the caller frees it. With
 * PITH_FORMAT_JSON, the document JSON. */
static char *render(const char *body, pith_format format, int images)
{
	char *page = make_page(body);
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.url = BASE_URL;
	options.format = format;
	options.images = images;
	pith_result *result;
	char *copy = NULL;
	if (page && pith_extract(page, strlen(page), &options, &result) == PITH_OK) {
		copy = strdup(format == PITH_FORMAT_JSON ? result->document : result->text);
		pith_result_free(result);
	}
	free(page);
	return copy ? copy : strdup("(failed)");
}

static const char *const format_names[] = {"text", "markdown", "json", "html"};

/* Each of wants must be in the rendering of body. */
static void expect_in(const char *body, pith_format format, int images, const char *const *wants)
{
	char *out = render(body, format, images);
	for (; *wants; wants++)
		check(strstr(out, *wants) != NULL, "%s of %s: no\n%s\nin\n%s", format_names[format],
		      body, *wants, out);
	free(out);
}

static void expect_absent(const char *body, pith_format format, int images, const char *unwanted)
{
	char *out = render(body, format, images);
	check(strstr(out, unwanted) == NULL, "%s of %s: \"%s\" in\n%s", format_names[format], body,
	      unwanted, out);
	free(out);
}

#define WANT(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_blocks_and_spans(void)
{
	const char *page = "<h2>Section heading here</h2><p>Some <em>emphasis</em>, "
	                   "<strong>strong</strong> and <code>a_b</code> text with a <a "
	                   "href=\"/x?y=1\">link</a> in a sentence.</p><h3>Another heading</h3>"
	                   "<p>Line one<br>Line two of the paragraph.</p><hr><p>After the "
	                   "rule, more words.</p>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("## Section heading here\n\nSome *emphasis*, **strong** and `a_b` text "
	               "with a [link](https://example.com/x?y=1) in a sentence.",
	               "### Another heading", "Line one\\\nLine two of the paragraph.",
	               "\n\n---\n\nAfter the rule"));
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("<h2>Section heading here</h2>\n<p>Some <em>emphasis</em>, "
	               "<strong>strong</strong> and <code>a_b</code> text with a <a "
	               "href=\"https://example.com/x?y=1\">link</a> in a sentence.</p>",
	               "<p>Line one<br>Line two of the paragraph.</p>\n<hr>\n<p>After"));
	expect_in(page, PITH_FORMAT_JSON, 0,
	          WANT("{\"type\":\"document\",\"children\":[{\"type\":\"paragraph\"",
	               "{\"type\":\"heading\",\"level\":2,\"children\":[\"Section heading here\"]}",
	               "{\"type\":\"emphasis\",\"children\":[\"emphasis\"]}",
	               "{\"type\":\"code\",\"text\":\"a_b\"}",
	               "{\"type\":\"link\",\"href\":\"https://example.com/x?y=1\",\"children\":["
	               "\"link\"]}",
	               "\"Line one\",{\"type\":\"break\"},\"Line two", "{\"type\":\"rule\"}"));
	/* A space between spans stays outside them. */
	expect_in("<p><b>bold</b> <i>italic</i> words in a sentence here.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("**bold** *italic* words"));
}

static void test_markdown_escaping(void)
{
	expect_in("<p>- dash first, *stars* and _under_ with [brackets] &amp;amp; &lt;tag&gt; # "
	          "and | and ~ and \\ and `ticks`, snake_case stays.</p>"
	          "<p>1. Starts like a list item, but is a sentence.</p>"
	          "<p>+ plus, then = and &gt; quote at the start of text.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          WANT("\\- dash first, \\*stars\\* and \\_under\\_ with \\[brackets\\] \\&amp; "
	               "&lt;tag> \\# and \\| and \\~ and \\\\ and \\`ticks\\`, snake_case stays.",
	               "1\\. Starts like", "\\+ plus, then = and > quote"));
	/* After a line break, a marker is escaped again. */
	expect_in("<p>First line of text<br>- not an item<br>2) not either, a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("\\\n\\- not an item\\\n2\\) not either"));
}

static void test_html_escaping(void)
{
	/* A URL parser percent-encodes the quotes of an http URL's query, not
	 * those of a mailto: URL's path, which the writers escape. */
	const char *page = "<p>Less &lt; greater &gt; amp &amp; quote \" in text, and a <a "
	                   "href='/a?b=1&amp;c=\"2\"'>link &lt;here&gt;</a> or <a "
	                   "href='mailto:\"a&amp;b\"@x.example?c=1&amp;d=2'>mail</a> in a "
	                   "sentence.</p>";
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("Less &lt; greater &gt; amp &amp; quote \" in text",
	               "<a href=\"https://example.com/a?b=1&amp;c=%222%22\">link "
	               "&lt;here&gt;</a>",
	               "<a href=\"mailto:&quot;a&amp;b&quot;@x.example?c=1&amp;d=2\">mail</a>"));
	expect_in(page, PITH_FORMAT_JSON, 0,
	          WANT("\"Less < greater > amp & quote \\\" in text, and a\"",
	               "\"href\":\"https://example.com/a?b=1&c=%222%22\"",
	               "\"href\":\"mailto:\\\"a&b\\\"@x.example?c=1&d=2\""));
}

static void test_lists(void)
{
	const char *page = "<ol start=\"3\"><li>Third item words</li><li>Fourth item<ul><li>Nested "
	                   "one</li><li>Nested two</li></ul></li></ol><ul><li>Next list</li></ul>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("3. Third item words\n4. Fourth item\n\n   - Nested one\n   - Nested two",
	               /* a list right after a list takes the other bullet */
	               "\n\n* Next list"));
	expect_in(
	    page, PITH_FORMAT_HTML, 0,
	    WANT("<ol>\n<li>Third item words</li>\n<li>\n<p>Fourth item</p>\n<ul>\n<li>Nested "
	         "one</li>\n<li>Nested two</li>\n</ul>\n</li>\n</ol>\n<ul>\n<li>Next "
	         "list</li>\n</ul>"));
	expect_in(page, PITH_FORMAT_JSON, 0,
	          WANT("{\"type\":\"list\",\"ordered\":true,\"start\":3,\"children\":[{\"type\":"
	               "\"item\",\"children\":[{\"type\":\"paragraph\",\"children\":[\"Third item "
	               "words\"]}]}",
	               "{\"type\":\"list\",\"ordered\":false,\"children\":[{\"type\":\"item\""));
	/* Text keeps its own numbering, whatever the format asked. */
	expect_in(page, PITH_FORMAT_TEXT, 0,
	          WANT("3. Third item words\n4. Fourth item\n\nNested one\nNested two"));
}

static void test_tables(void)
{
	const char *page =
	    "<table><tr><th>Name</th><th>Value</th></tr><tr><td>a|b</td><td><code>x|y"
	    "</code></td></tr><tr><td>only</td></tr><tr><td>Cell with<table><tr><td>"
	    "inner</td></tr></table></td><td>last</td></tr></table>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("| Name | Value |\n| --- | --- |\n| a\\|b | `x\\|y` |\n| only |  |\n"
	               "| Cell with inner | last |"));
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("<table>\n<tr><th>Name</th><th>Value</th></tr>\n<tr><td>a|b</td><td><code>"
	               "x|y</code></td></tr>\n<tr><td>only</td></tr>\n<tr><td>Cell "
	               "with<br>inner</td><td>last</td></tr>\n</table>"));
	expect_in(page, PITH_FORMAT_TEXT, 0, WANT("Name | Value\na|b | x|y\nonly\nCell with"));
	expect_in(page, PITH_FORMAT_JSON, 0,
	          WANT("{\"type\":\"table\",\"children\":[{\"type\":\"row\",\"children\":[{"
	               "\"type\":\"cell\",\"header\":true,\"children\":[\"Name\"]}"));
}

/* A cell keeps its column: an empty cell, or one whose text is only a
 * link, is still a cell, first, middle or last in its row. */
static void test_table_columns(void)
{
	const char *page =
	    "<p>The prices of the three plans, as of this spring, with what each one holds.</p>"
	    "<table><tr><th>Plan</th><th>Note</th><th>Price</th><th>Order</th></tr>"
	    "<tr><td><a href=\"/basic\">Basic</a></td><td></td><td>$5</td>"
	    "<td><a href=\"/buy/basic\">Buy now</a></td></tr>"
	    "<tr><td></td><td>Best value</td><td>$9</td><td></td></tr>"
	    "<tr><td><a href=\"/team\">Team</a></td><td>For ten</td><td>$40</td>"
	    "<td><a href=\"/buy/team\">Buy now</a></td></tr></table>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("| Plan | Note | Price | Order |\n| --- | --- | --- | --- |\n"
	               "| [Basic](https://example.com/basic) |  | $5 | "
	               "[Buy now](https://example.com/buy/basic) |\n"
	               "|  | Best value | $9 |  |\n"
	               "| [Team](https://example.com/team) | For ten | $40 | "
	               "[Buy now](https://example.com/buy/team) |"));
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("<tr><td></td><td>Best value</td><td>$9</td><td></td></tr>"));
	/* In text, an empty cell keeps its bar (none after the last). */
	expect_in(page, PITH_FORMAT_TEXT, 0,
	          WANT("Plan | Note | Price | Order\nBasic | | $5 | Buy now\n"
	               "| Best value | $9\nTeam | For ten | $40 | Buy now"));
	/* A list in a cell: its items one a line, no bar before them. */
	expect_in("<table><tr><th>Plan</th><th>Holds</th></tr><tr><td>Team</td><td><ul><li>Ten "
	          "seats</li><li>Shared files</li></ul></td></tr></table>",
	          PITH_FORMAT_TEXT, 0, WANT("Plan | Holds\nTeam | Ten seats\nShared files"));
	/* Two paragraphs of one cell are one cell. */
	expect_in("<table><tr><th>Plan</th><th>Note</th></tr><tr><td>Basic</td><td><p>For one."
	          "</p><p>Paid monthly.</p></td></tr></table>",
	          PITH_FORMAT_TEXT, 0, WANT("Plan | Note\nBasic | For one. Paid monthly."));
}

static void test_code(void)
{
	const char *page = "<pre><code class=\"language-python\">print(\"```\")\nx = 1</code></pre>"
	                   "<p>Inline <code>a`b</code> and <code>`edge</code> in a sentence.</p>"
	                   "<div class=\"highlight-rust\"><pre>fn main() {}</pre></div>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("````python\nprint(\"```\")\nx = 1\n````", "``a`b``", "`` `edge ``",
	               "```rust\nfn main() {}\n```"));
	expect_in(page, PITH_FORMAT_HTML, 0, WANT("<pre><code>print(\"```\")\nx = 1</code></pre>"));
	expect_in(page, PITH_FORMAT_JSON, 0,
	          WANT("{\"type\":\"code_block\",\"language\":\"python\",\"text\":\"print(\\\"```"
	               "\\\")\\nx = 1\"}"));
}

/* Whitespace alone between two blocks in a <pre> makes a block that is
 * dropped; its text node once kept a trace into the next block's bytes,
 * whose first byte the model then wrote twice ("ssecond"; a byte of a
 * character, invalid UTF-8, in the fuzz input that found it). */
static void test_blank_block_in_pre(void)
{
	const char *page = "<pre><p>first line of code</p>\n<p>second line of code</p></pre>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0, WANT("first line of code\nsecond line of code"));
	expect_absent(page, PITH_FORMAT_HTML, 0, "ssecond");
}

static void test_quotes_and_captions(void)
{
	const char *page = "<blockquote><p>Quoted sentence here.</p><ul><li>Quoted item.</li></ul>"
	                   "</blockquote><figure><img src=\"img/a.png\" alt='An \"alt\" [x]'>"
	                   "<figcaption>Caption text for the figure.</figcaption></figure>";
	expect_in(
	    page, PITH_FORMAT_MARKDOWN, 0,
	    WANT("> Quoted sentence here.\n>\n> - Quoted item.", "Caption text for the figure."));
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("<blockquote>\n<p>Quoted sentence here.</p>",
	               "<figure><figcaption>Caption text for the figure.</figcaption></figure>"));
	expect_absent(page, PITH_FORMAT_MARKDOWN, 0, "![");
	expect_in(page, PITH_FORMAT_MARKDOWN, 1,
	          WANT("![An \"alt\" \\[x\\]](https://example.com/dir/img/a.png)"));
	expect_in(page, PITH_FORMAT_HTML, 1,
	          WANT("<img src=\"https://example.com/dir/img/a.png\" alt=\"An &quot;alt&quot; "
	               "[x]\">"));
	expect_in(page, PITH_FORMAT_JSON, 1,
	          WANT("{\"type\":\"image\",\"src\":\"https://example.com/dir/img/a.png\","
	               "\"alt\":\"An \\\"alt\\\" [x]\"}",
	               "{\"type\":\"caption\",\"children\":[\"Caption text for the figure.\"]}"));
}

static void test_footnotes(void)
{
	const char *page = "<p>A claim<sup><a href=\"#fn1\">1</a></sup> and another<sup><a "
	                   "href=\"#fn2\">[2]</a></sup> in a sentence.</p><ol class=\"notes\"><li "
	                   "id=\"fn1\">The source of the claim, cited. <a href=\"#r1\">↩</a></li>"
	                   "<li id=\"fn2\">Second note.</li></ol><p>Last paragraph.</p>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("A claim[^1] and another[^2] in a sentence.",
	               "[^1]: The source of the claim, cited.\n\n[^2]: Second note."));
	expect_absent(page, PITH_FORMAT_MARKDOWN, 0, "1. The source");
	expect_in(page, PITH_FORMAT_HTML, 0,
	          WANT("A claim<sup><a href=\"#:~:text=The%20source%20of%20the%20claim%2C%20cited."
	               "\">1</a></sup>",
	               "<p>Last paragraph.</p>\n<section>\n<ol>\n<li>\n<p>The source of the claim, "
	               "cited.</p>\n</li>\n<li>\n<p>Second note.</p>\n</li>\n</ol>\n</section>"));
	expect_in(
	    page, PITH_FORMAT_JSON, 0,
	    WANT("{\"type\":\"footnote_ref\",\"number\":2,\"children\":[\"[2]\"]}",
	         "{\"type\":\"footnote\",\"number\":1,\"children\":[{\"type\":\"paragraph\""));
	/* A reference whose note is not on the page keeps its marker. */
	expect_in("<p>A claim<sup><a href=\"#gone\">7</a></sup> in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("A claim7 in a sentence."));
}

static void test_links(void)
{
	static const struct {
		const char *href, *want;
	} cases[] = {
	    {"//cdn.example.org/y", "(https://cdn.example.org/y)"},
	    {"/root", "(https://example.com/root)"},
	    {"?q=1", "(https://example.com/dir/page.html?q=1)"},
	    {"#frag", "(https://example.com/dir/page.html#frag)"},
	    {"../up", "(https://example.com/up)"},
	    {"./same", "(https://example.com/dir/same)"},
	    {"rel path(1)", "(https://example.com/dir/rel%20path\\(1\\))"},
	    {"mailto:a@example.com", "(mailto:a@example.com)"},
	    /* RFC 3986 5.2.4 applies to absolute references too */
	    {"https://x.org/a/./b/../c", "(https://x.org/a/c)"},
	    {" \n/trimmed ", "(https://example.com/trimmed)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char page[256];
		snprintf(page, sizeof page, "<p>Read <a href=\"%s\">this</a> in a sentence.</p>",
		         cases[i].href);
		expect_in(page, PITH_FORMAT_MARKDOWN, 0, WANT(cases[i].want));
	}
	expect_in("<p>Read <a href=\"javascript:void(0)\">this</a> in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("Read this in a sentence."));
	expect_in("<p>Read <a href=\" JavaScript:go()\">this</a> in a sentence.</p>",
	          PITH_FORMAT_HTML, 0, WANT("<p>Read this in a sentence.</p>"));
	/* Links resolve against <base href> (itself resolved against the
	 * page's URL), as metadata's URLs do. */
	expect_in("<base href=\"https://other.example.net/x/\"><p>Read <a href=\"y\">this</a> and "
	          "<img src=\"i.png\" alt=\"an image\"> in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 1,
	          WANT("(https://other.example.net/x/y)", "(https://other.example.net/x/i.png)"));
	expect_in("<base href=\"../other/\"><p>Read <a href=\"y?z\">this</a> in a sentence.</p>",
	          PITH_FORMAT_JSON, 0, WANT("\"href\":\"https://example.com/other/y?z\""));
	/* A base the URL policy refuses is not used, as HTML ignores a
	 * javascript: or data: one: relative links resolve against the
	 * page's URL. */
	expect_in(
	    "<base href=\"javascript:alert(1)//\"><p>Read <a href=\"y\">this</a> in a "
	    "sentence.</p>",
	    PITH_FORMAT_HTML, 0,
	    WANT("<p>Read <a href=\"https://example.com/dir/y\">this</a> in a sentence.</p>"));
	expect_in("<p>Read <a href=\"java&#9;script:go()\">this</a> in a sentence.</p>",
	          PITH_FORMAT_HTML, 0, WANT("<p>Read this in a sentence.</p>"));
	expect_in("<base target=\"_blank\"><p>Read <a href=\"y\">this</a> in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("(https://example.com/dir/y)"));
}

/* Without the page's URL (options.url NULL), links resolve against what
 * the page declares: its <base href> when absolute, else its declared URL
 * (link rel=canonical, og:url) when absolute; else they stay as written.
 * With the page's URL, that URL is the base. */
static void test_base_without_url(void)
{
	static const struct {
		const char *url, *head, *want;
	} cases[] = {
	    {NULL, "<link rel=canonical href=\"https://site.example/news/a/story.html\">",
	     "(https://site.example/news/about)"},
	    {NULL, "<meta property=og:url content=\"https://site.example/news/a/story.html\">",
	     "(https://site.example/news/about)"},
	    {NULL,
	     "<base href=\"https://cdn.example/x/y/\"><link rel=canonical "
	     "href=\"https://site.example/news/a/story.html\">",
	     "(https://cdn.example/x/about)"},
	    /* a relative <base href> is no base; the canonical URL is */
	    {NULL,
	     "<base href=\"/x/y/\"><link rel=canonical "
	     "href=\"https://site.example/news/a/story.html\">",
	     "(https://site.example/news/about)"},
	    {NULL, "<link rel=canonical href=\"/news/a/story.html\">", "(../about)"},
	    {NULL, "", "(../about)"},
	    {NULL, "<link rel=canonical href=\"javascript:alert(1)//\">", "(../about)"},
	    {BASE_URL, "<link rel=canonical href=\"https://site.example/news/a/story.html\">",
	     "(https://example.com/about)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char page[1024];
		snprintf(
		    page, sizeof page,
		    "<!DOCTYPE html><html><head><title>Test page</title>%s</head><body><article>"
		    "<p>This opening paragraph is prose, long enough to be taken as the "
		    "article that the test is about, with sentences.</p><p>Read <a "
		    "href=\"../about\">about us</a> in a sentence.</p></article></body></html>",
		    cases[i].head);
		pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
		options.url = cases[i].url;
		options.format = PITH_FORMAT_MARKDOWN;
		pith_result *result = NULL;
		bool ok = pith_extract(page, strlen(page), &options, &result) == PITH_OK;
		check(ok && strstr(result->text, cases[i].want) != NULL, "base without a URL",
		      "'%s': want %s in\n%s", cases[i].head, cases[i].want, ok ? result->text : "");
		pith_result_free(result);
	}
}

/* The URL policy (base/url_policy.h): links and images stay only when a
 * browser would read their URL as http, https, mailto or relative; the
 * text of a refused link stays as text, in every format. */
static void test_url_policy(void)
{
	static const char *const refused[] = {
	    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=",
	    "d\tata:text/html,x", "&#1;javascript:x",
	    " JAVA&#10;SCRIPT:x", "ftp://x.example/",
	    "file:///etc/passwd", "xmpp:a@x.example",
	    "javascript&#58;x",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char page[256];
		snprintf(page, sizeof page,
		         "<p>Read <a href=\"%s\">this</a> and <img src=\"%s\" alt=\"pic\"> in a "
		         "sentence.</p>",
		         refused[i], refused[i]);
		expect_in(page, PITH_FORMAT_MARKDOWN, 1, WANT("Read this and in a sentence."));
		expect_absent(page, PITH_FORMAT_MARKDOWN, 1, "](");
		expect_in(page, PITH_FORMAT_HTML, 1, WANT("<p>Read this and in a sentence.</p>"));
		expect_absent(page, PITH_FORMAT_JSON, 1, "\"href\"");
		expect_absent(page, PITH_FORMAT_JSON, 1, "\"src\"");
	}
	/* A refused image makes no node: a figure's image goes in a
	 * paragraph of its own before the caption, which once stayed,
	 * empty, when the image was refused. */
	const char *figure = "<figure><img src=\"data:image/gif;base64,R0lGOD\" alt=\"a dot\">"
	                     "<figcaption>Caption words of the figure.</figcaption></figure>";
	expect_absent(figure, PITH_FORMAT_JSON, 1, "{\"type\":\"paragraph\",\"children\":[]}");
	expect_absent(figure, PITH_FORMAT_HTML, 1, "<p></p>");
	expect_in(figure, PITH_FORMAT_MARKDOWN, 1,
	          WANT("sentences.\n\nCaption words of the figure."));
	/* What decodes to a scheme only once more (the page's "&amp;") is
	 * relative, and written so that no format decodes it again. */
	const char *entities = "<p>Read <a href=\"javascript&amp;colon;alert(1)\">this</a> and <a "
	                       "href=\"/a?b=1&amp;c=2\">that</a> in a sentence.</p>";
	expect_in(entities, PITH_FORMAT_MARKDOWN, 0,
	          WANT("[this](https://example.com/dir/javascript&amp;colon;alert\\(1\\))",
	               "[that](https://example.com/a?b=1&amp;c=2)"));
	expect_in(
	    entities, PITH_FORMAT_HTML, 0,
	    WANT("<a href=\"https://example.com/dir/javascript&amp;colon;alert(1)\">this</a>"));
	expect_in(entities, PITH_FORMAT_JSON, 0,
	          WANT("\"href\":\"https://example.com/dir/javascript&colon;alert(1)\""));
	expect_in("<p>Mail <a href=\"MAILTO:a@x.example\">me</a> or <a href=\"HTTPS://x.example/"
	          "\">there</a> in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          /* kept, and written lowercase as a browser reads them */
	          WANT("[me](mailto:a@x.example)", "[there](https://x.example/)"));
}

/* GFM's autolinks read raw text: "www.", "http://" (any letters before
 * "://") and "xmpp:" before an address are broken, and "<" is an entity,
 * so that an autolink that swallows a backslash cannot free it (the
 * issue's attack: the www autolink took "\" and left "<img onerror>"
 * as raw HTML). */
static void test_markdown_autolinks(void)
{
	expect_in(
	    "<p>Read more at www.example.com/&lt;img src=x onerror=alert(document.domain)&gt;"
	    "</p>",
	    PITH_FORMAT_MARKDOWN, 0,
	    WANT("Read more at www\\.example.com/&lt;img src=x onerror=alert(document.domain)>"));
	expect_in("<p>See http://a.example/x, HTTPS://b.example, ftp://c.example/ and "
	          "WWW.D.EXAMPLE in the text.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          WANT("http:\\//a.example/x, HTTPS:\\//b.example, ftp:\\//c.example/ and "
	               "WWW\\.D.EXAMPLE in"));
	expect_in("<p>Write to xmpp:a@b.example or XMPP:c@d.example, but xmpp: alone stays.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          WANT("xmpp<!-- -->:a@b.example or XMPP<!-- -->:c@d.example, but xmpp: alone"));
	/* A colon, slash or dot that starts no autolink stays as it is, at a
	 * text's end too; the text of a refused link joins the text before
	 * it, and a scheme so joined is broken too. */
	expect_in("<p>Note: at 10:30 the key a:b, 5/12 and the file www.txt. were read: <a "
	          "href=\"/x\">here</a> and http:<a href=\"javascript:x\">//e.example</a> too.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          WANT("Note: at 10:30 the key a:b, 5/12 and the file www\\.txt. were read: [here]",
	               "and http:\\//e.example too."));
}

/* A "!" before a link would make it an image ("![...](...)"), and
 * code spans side by side would share their backticks ("`a``b`" is one
 * span of "a``b"): the "!" is escaped, the spans written as one. */
static void test_markdown_adjacent_markup(void)
{
	const char *page = "<p>It worked!<a href=\"/x\">Read more</a> and <code>Ctrl+F</code><code>"
	                   "TAB</code><code>`x</code> keys, and a note!<sup><a href=\"#n\">1</a>"
	                   "</sup> here.</p><p id=\"n\">The note.</p>";
	expect_in(page, PITH_FORMAT_MARKDOWN, 0,
	          WANT("It worked\\![Read more](https://example.com/x) and ``Ctrl+FTAB`x`` keys",
	               "a note\\![^1] here."));
	expect_in(
	    page, PITH_FORMAT_JSON, 0,
	    WANT("{\"type\":\"code\",\"text\":\"Ctrl+F\"},{\"type\":\"code\",\"text\":\"TAB\"}"));
	expect_in("<p>Wow! <a href=\"/x\">Read more</a> and more words in a sentence.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("Wow! [Read more]"));
	/* The "!" that ends an element written as its text alone (a link to
	 * a footnote that is none, with its empty <sup>) before a link: found
	 * by fuzz_markdown, where "!" was escaped only before a sibling. */
	expect_in("<p>After a week of trying every fix we could think of, <a href='#n\"'>it "
	          "worked!<sup></sup></a><a href=\"/x\">Read more</a> about the fix.</p>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("it worked\\![Read more](https://example.com/x)"));
}

/* A link with role=doc-noteref is a footnote reference, with or without
 * a <sup>. */
static void test_note_ref_role(void)
{
	expect_in("<p>A claim<a href=\"#n1\" role=\"doc-noteref\">1</a> in a sentence.</p>"
	          "<p id=\"n1\">The note of the claim, with words.</p>",
	          PITH_FORMAT_MARKDOWN, 0,
	          WANT("A claim[^1] in a sentence.", "[^1]: The note of the claim, with words."));
}

/* The space before an inline image stays (whitespace collapsed around it
 * goes to the text after it); none is added where the page had none. */
static void test_image_space(void)
{
	const char *spaced =
	    "<p>See the chart <img src=\"a.png\" alt=\"chart\"> for the numbers "
	    "of this year.</p><p>And the chart <img src=\"b.png\" alt=\"last\"></p>";
	expect_in(spaced, PITH_FORMAT_MARKDOWN, 1,
	          WANT("See the chart ![chart](https://example.com/dir/a.png) for the numbers",
	               "And the chart ![last](https://example.com/dir/b.png)"));
	expect_in(
	    spaced, PITH_FORMAT_HTML, 1,
	    WANT("See the chart <img src=\"https://example.com/dir/a.png\" alt=\"chart\"> for",
	         "And the chart <img src=\"https://example.com/dir/b.png\" alt=\"last\">"));
	const char *glued = "<p>See the chart<img src=\"a.png\" alt=\"chart\"> for the numbers.</p>"
	                    "<p><img src=\"b.png\" alt=\"first\"> Words after the image here.</p>";
	expect_in(glued, PITH_FORMAT_MARKDOWN, 1,
	          WANT("See the chart![chart](https://example.com/dir/a.png) for",
	               "\n![first](https://example.com/dir/b.png) Words after"));
	expect_in(glued, PITH_FORMAT_HTML, 1,
	          WANT("<p><img src=\"https://example.com/dir/b.png\" alt=\"first\"> Words"));
}

/* Bytes of body's rendering in format, with images. */
static size_t rendered_size(const char *body, pith_format format)
{
	char *out = render(body, format, 1);
	size_t size = strlen(out);
	free(out);
	return size;
}

/* Output grows linearly with the page in every format, checked by size.
 * A ragged table (the issue's: 8,000 cells in its first row over 8,000
 * one-cell rows) once gave 192 MB of Markdown, every row padded to the
 * widest; it is now a list, within 10 times the table's HTML. A long
 * <base href> over thousands of short links once wrote the base for each
 * (80 MB from 218 KB); the URL budget bounds it. */
static void test_output_size(void)
{
	enum { WIDTH = 8000, MAX_GROWTH = 8 };
	size_t size = (size_t)WIDTH * 32 + 64, used = 0;
	char *table = malloc(size);
	used += (size_t)snprintf(table + used, size - used, "<table><tr>");
	for (int i = 0; i < WIDTH; i++)
		used += (size_t)snprintf(table + used, size - used, "<td>a</td>");
	used += (size_t)snprintf(table + used, size - used, "</tr>");
	for (int i = 0; i < WIDTH; i++)
		used += (size_t)snprintf(table + used, size - used, "<tr><td>b</td></tr>");
	snprintf(table + used, size - used, "</table>");
	size_t markdown = rendered_size(table, PITH_FORMAT_MARKDOWN);
	size_t html = rendered_size(table, PITH_FORMAT_HTML);
	check(markdown <= 10 * html, "ragged table: %zu bytes of Markdown, %zu of HTML", markdown,
	      html);
	for (pith_format f = PITH_FORMAT_MARKDOWN; f <= PITH_FORMAT_HTML; f++) {
		size_t out = rendered_size(table, f);
		check(out <= MAX_GROWTH * strlen(table), "ragged table: %zu bytes of %s from %zu",
		      out, format_names[f], strlen(table));
	}
	expect_in(table, PITH_FORMAT_MARKDOWN, 0, WANT("- a \\| a \\| a", "\n- b\n- b\n"));
	expect_absent(table, PITH_FORMAT_MARKDOWN, 0, "---");
	free(table);
	/* A small ragged table stays a table; a table written as a list is
	 * a list to the one after it, which takes the other bullet. */
	expect_in("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>",
	          PITH_FORMAT_MARKDOWN, 0, WANT("| a | b | c |\n| --- | --- | --- |\n| d |  |  |"));
	char ragged[1024] = "<table><tr>";
	for (int i = 0; i < 70; i++)
		strcat(ragged, "<td>c</td>");
	strcat(ragged, "</tr><tr><td>d</td></tr><tr><td>e</td></tr><tr><td>f</td></tr></table>"
	               "<ul><li>after the table</li></ul>");
	expect_in(ragged, PITH_FORMAT_MARKDOWN, 0, WANT("\n- d\n- e\n- f\n\n* after the table"));

	enum { LINKS = 10000, BASE = 8000 };
	size = BASE + (size_t)LINKS * 24 + 64;
	char *links = malloc(size);
	used = (size_t)snprintf(links, size, "<base href=\"https://x.example/");
	memset(links + used, 'a', BASE);
	used += BASE;
	used += (size_t)snprintf(links + used, size - used, "/\"><p>");
	for (int i = 0; i < LINKS; i++)
		used += (size_t)snprintf(links + used, size - used, "<a href=#>w</a> word ");
	snprintf(links + used, size - used, "</p>");
	for (pith_format f = PITH_FORMAT_MARKDOWN; f <= PITH_FORMAT_HTML; f++) {
		size_t out = rendered_size(links, f);
		check(out <= MAX_GROWTH * strlen(links), "long base: %zu bytes of %s from %zu", out,
		      format_names[f], strlen(links));
	}
	/* Within the budget, links stay links. */
	expect_in(links, PITH_FORMAT_HTML, 0, WANT("<a href=\"https://x.example/aaaa"));
	free(links);
}

/* Containers nest at most PITH_DOCUMENT_MAX_DEPTH (32) deep: deeper quotes
 * are left out, and their text stays. */
static void test_nesting_bound(void)
{
	char body[4096] = "";
	for (int i = 0; i < 100; i++)
		strcat(body, "<blockquote>");
	strcat(body, "<p>Deep words in a sentence.</p>");
	char *out = render(body, PITH_FORMAT_MARKDOWN, 0);
	const char *line = strstr(out, "Deep words");
	int markers = 0;
	for (const char *p = line; p && p > out && p[-1] != '\n'; p--)
		markers += p[-1] == '>';
	check(line && markers == 32, "100 nested quotes: %d markers, want 32:\n%s", markers, out);
	free(out);
}

/* The text of every format's result is what text gives, apart from the
 * JSON document beside it. */
static void test_text_unchanged(void)
{
	const char *body = "<h2>A heading of words</h2><p>Some <em>text</em>.</p><ul><li>one</li>"
	                   "<li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>";
	char *text = render(body, PITH_FORMAT_TEXT, 0);
	char *page = make_page(body);
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.format = PITH_FORMAT_JSON;
	pith_result *result;
	pith_status status = pith_extract(page, strlen(page), &options, &result);
	check(status == PITH_OK && strcmp(result->text, text) == 0 &&
	          result->document_length == strlen(result->document) &&
	          result->document_length > 0,
	      "json format: text differs from text format's");
	pith_result_free(result);
	options.format = PITH_FORMAT_TEXT;
	status = pith_extract(page, strlen(page), &options, &result);
	check(status == PITH_OK && result->document_length == 0 && result->document[0] == '\0',
	      "text format: a document was made");
	pith_result_free(result);
	options.format = (pith_format)7;
	check(pith_extract(page, strlen(page), &options, &result) == PITH_ERROR_INVALID_ARGUMENT &&
	          !result,
	      "an unknown format is refused, with no result");
	pith_result_free(result);
	free(page);
	free(text);
}

/* An image after the last block has no block to go with. The document
 * once read the block record past the extractor's last one, left by an
 * earlier page of the same context, so whether the image was kept
 * depended on that page (found by fuzz_formats). */
static void test_image_after_last_block(void)
{
	static const char earlier[] =
	    "<html><body><article><h2>One</h2><p>Prose of the earlier page, kept.</p><h2>Two</h2>"
	    "<p>More prose of the earlier page, kept too.</p><h2>Three</h2><p>And more prose, "
	    "with sentences.</p></article></body></html>";
	static const char page[] = "<html><body><article><p>The only paragraph of this page is "
	                           "prose, long enough to be kept.</p><img src=\"after.png\" "
	                           "alt=\"after\"></article></body></html>";
	pith_ctx *ctx = pith_ctx_new();
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.format = PITH_FORMAT_MARKDOWN;
	options.images = 1;
	bool ok =
	    ctx && pith_ctx_extract(ctx, earlier, strlen(earlier), &options)->status == PITH_OK;
	const pith_result *result = pith_ctx_extract(ctx, page, strlen(page), &options);
	ok = ok && result->status == PITH_OK;
	check(ok && strstr(result->text, "The only paragraph") &&
	          !strstr(result->text, "after.png"),
	      "image after the last block, reused context: %s", ok ? result->text : "(failed)");
	pith_result *fresh;
	ok = pith_extract(page, strlen(page), &options, &fresh) == PITH_OK;
	check(ok && !strstr(fresh->text, "after.png"), "image after the last block: %s",
	      ok ? fresh->text : "(failed)");
	if (ok)
		pith_result_free(fresh);
	pith_ctx_free(ctx);
}

int main(void)
{
	test_blocks_and_spans();
	test_markdown_escaping();
	test_html_escaping();
	test_lists();
	test_tables();
	test_table_columns();
	test_code();
	test_blank_block_in_pre();
	test_quotes_and_captions();
	test_footnotes();
	test_links();
	test_base_without_url();
	test_url_policy();
	test_markdown_autolinks();
	test_markdown_adjacent_markup();
	test_note_ref_role();
	test_image_space();
	test_output_size();
	test_nesting_bound();
	test_text_unchanged();
	test_image_after_last_block();
	printf("render: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
