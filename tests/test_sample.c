/* The library on examples/sample.html: every defect of the extractor that
 * made /work/shared/seed/seed-document.txt (listed in the seed's
 * READING.md; their causes on the page in examples/README.md) must be
 * absent, and the text must equal examples/sample.expected.txt, which is
 * what `pith examples/sample.html` prints: the text and a final newline.
 * Run from the repository root (make test does). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "read_file.h"

#define SAMPLE "examples/sample.html"
#define EXPECTED "examples/sample.expected.txt"
#define TITLE "A Revolutionist in Istanbul: Leon Trotksy"

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

/* How many times needle occurs in text (NUL-terminated, as results are). */
static int count(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void expect_count(const char *text, const char *needle, int want, const char *why)
{
	int got = count(text, needle);
	check(got == want, "\"%s\" %d times, want %d (%s)", needle, got, want, why);
}

static void expect_present(const char *text, const char *needle, const char *why)
{
	check(strstr(text, needle) != NULL, "\"%s\" missing (%s)", needle, why);
}

/* The text matches the expected file, or the first line that differs is
 * shown. The file ends with the newline the command adds after the text. */
static void expect_equal(const char *text, size_t length, const char *want, size_t want_length)
{
	if (want_length && want[want_length - 1] == '\n')
		want_length--;
	if (length == want_length && memcmp(text, want, length) == 0) {
		passed++;
		return;
	}
	const char *got_line = text, *want_line = want;
	size_t line = 1, i = 0;
	for (; i < length && i < want_length && text[i] == want[i]; i++) {
		if (text[i] == '\n') {
			line++;
			got_line = text + i + 1;
			want_line = want + i + 1;
		}
	}
	const char *got_end = memchr(got_line, '\n', length - (size_t)(got_line - text));
	const char *want_end = memchr(want_line, '\n', want_length - (size_t)(want_line - want));
	int got_width = (int)((got_end ? got_end : text + length) - got_line);
	int want_width = (int)((want_end ? want_end : want + want_length) - want_line);
	check(false,
	      "text differs from " EXPECTED " at line %zu, column %zu (lengths %zu, %zu)\n"
	      "  -%.*s\n  +%.*s",
	      line, (size_t)(text + i - got_line) + 1, want_length, length, want_width, want_line,
	      got_width, got_line);
}

/* The source list: each entry whole, on its own line (no back-link arrow
 * after it), whatever the list marker before it. */
static void expect_sources(const char *text)
{
	static const char *const sources[] = {
	    "Service, Robert: Trotzky: Eine Biographie. Suhrkamp Verlag, Berlin, 2012, p: 25, "
	    "58-62",
	    "Service, Robert: p: 70, 93, 139",
	    "Smith, Steve A.: Die Russische Revolution. Philipp Reclam jun., Stuttgart, 2011, p: "
	    "57-77",
	    "Patenaude, Bertrad M, Trotzki: Der Verratene Revolution\xc3\xa4r. Ullstein "
	    "Buchverlage, Berlin, 2010, p: 15-17",
	    "Co\xc5\x9f"
	    "ar, \xc3\x96mer Sami: Trot\xc3\xa7ki Istanbul\xc2\xb4"
	    "da. T\xc3\xbcrkiye "
	    "I\xc5\x9f Bankas\xc4\xb1 K\xc3\xbclt\xc3\xbcr Yay\xc4\xb1nlar\xc4\xb1, Istanbul, "
	    "2010, "
	    "p: 14",
	    "Service, Robert: p: 475",
	};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		const char *found = strstr(text, sources[i]);
		const char *after = found ? found + strlen(sources[i]) : NULL;
		check(after && (*after == '\n' || *after == '\0'), "source %zu %s: \"%s\"", i + 1,
		      found ? "is not the whole of its line" : "missing", sources[i]);
	}
}

int main(void)
{
	size_t length, want_length;
	char *html = read_file(SAMPLE, &length);
	char *want = read_file(EXPECTED, &want_length);
	pith_ctx *ctx = pith_ctx_new();
	if (!html || !want || !ctx) {
		printf("cannot read " SAMPLE " or " EXPECTED " (run from the repository root), or "
		       "out of memory\n");
		return 2;
	}
	const pith_result *result;
	pith_status status = (result = pith_ctx_extract(ctx, html, length, NULL))->status;
	check(status == PITH_OK && result->status == PITH_OK, "status %s", pith_strerror(status));
	if (status != PITH_OK) {
		printf("sample: %d passed, %d failed\n", passed, failed);
		return 1;
	}
	const char *text = result->text;
	check(strlen(text) == result->text_length, "text_length %zu, strlen %zu",
	      result->text_length, strlen(text));
	check(strcmp(result->title, TITLE) == 0 && result->title_length == strlen(TITLE),
	      "title \"%s\", want \"" TITLE "\"", result->title);
	check(strcmp(result->url, "") == 0, "url \"%s\" without options, want \"\"", result->url);
	check(strcmp(result->encoding, "UTF-8") == 0, "encoding %s, want UTF-8", result->encoding);

	/* Linked words are kept in their sentences. */
	static const char *const linked[] = {
	    "On February 1929 Leon Trotsky entered Istanbul",
	    "the co-leader of the Russian Revolution of 1917",
	    "in Joseph Stalin\xc2\xb4s eyes",
	    "during the World War I",
	    "a bloody civil war between",
	    "the imminent loss of the revolution",
	    "entered Istanbul",
	};
	for (size_t i = 0; i < sizeof linked / sizeof linked[0]; i++)
		expect_present(text, linked[i], "link text dropped");

	/* The teaser is not emitted beside the body. */
	expect_count(text, "On February 1929 Leon Trotsky entered Istanbul per ship", 1,
	             "first paragraph once");
	expect_count(text, "accepted Trotsky within its borders.", 1, "first paragraph once");
	expect_count(text, "[\xe2\x80\xa6]", 0, "teaser's [\xe2\x80\xa6]");
	expect_count(text, "\xe2\x80\xa6", 0, "teaser's ellipsis");

	/* A figure gives its caption once. */
	expect_count(text, "Leon Trotsky as a Young Student", 1, "caption once");
	expect_count(text, "Trotsky was a founder of Red Army", 1, "caption once");

	/* Pagination, related posts and the comment form are left out. */
	expect_count(text, "Sections", 0, "pagination");
	expect_count(text, "You may also be insterested in", 0, "related posts");
	expect_count(text, "Leave a Reply", 0, "comment form");
	expect_count(text, "Your email address will not be published", 0, "comment form");
	expect_count(text, "Akismet", 0, "spam notice");

	/* Footnote markers, the source list and the credits are the author's. */
	for (int i = 1; i <= 6; i++) {
		char marker[8];
		snprintf(marker, sizeof marker, "[%d]", i);
		expect_count(text, marker, 1, "footnote marker");
	}
	expect_sources(text);
	expect_present(text,
	               "Photo Credits: International May Day, Panama, Old Picz, The Guardian, "
	               "Revolutionary Books",
	               "author's credit line");

	expect_equal(text, result->text_length, want, want_length);

	/* The context gives the same again, and reports the URL it is given. */
	char *first = malloc(result->text_length + 1);
	if (first)
		memcpy(first, text, result->text_length + 1);
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.url = "https://bosporusnotebook.example/2016/03/a-revolutionist-in-istanbul-leon-"
	              "trotksy/";
	status = (result = pith_ctx_extract(ctx, html, length, &options))->status;
	check(status == PITH_OK && first && strcmp(result->text, first) == 0,
	      "a second extraction with the same context differs");
	check(status == PITH_OK && strcmp(result->url, options.url) == 0, "url \"%s\", want \"%s\"",
	      result->url, options.url);

	/* The last result's url may be passed back in (the context copies
	 * the new one before it frees the old; ASan would see otherwise). */
	const char *want_url = options.url;
	options.url = result->url;
	status = (result = pith_ctx_extract(ctx, html, length, &options))->status;
	check(status == PITH_OK && strcmp(result->url, want_url) == 0,
	      "url passed back from the last result: \"%s\"", result->url);

	/* The one-shot call agrees with the context. */
	pith_result *own;
	status = pith_extract(html, length, NULL, &own);
	check(status == PITH_OK && first && strcmp(own->text, first) == 0 &&
	          strcmp(own->title, TITLE) == 0,
	      "pith_extract differs from pith_ctx_extract (%s)", pith_strerror(status));
	pith_result_free(own);

	free(first);
	pith_ctx_free(ctx);
	free(html);
	free(want);
	printf("sample: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
