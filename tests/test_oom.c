/* Out of memory is an error, never a crash or a leak: every allocation
 * made while creating a context and parsing a page, and while extracting
 * a page with a context (pith_ctx_extract) or without (pith_extract), in
 * text and in the structured formats (document model and renderers), with
 * and without reader comments, is made to fail in turn. Each run must end
 * with PITH_ERROR_NOMEM (or PITH_OK when the failed allocation was
 * optional), leave the context usable (the next call gives what a run
 * without failures gives), and free everything it allocated once the
 * context or result is freed. So must reading a WARC file (no record lost
 * without a PITH_ERROR_NOMEM) and a one-thread batch over it.
 *
 * The test replaces malloc and friends by wrappers over glibc's own
 * allocator, which also count the blocks alive, so leaks on the error
 * paths show here (LeakSanitizer never sees those paths). Under
 * AddressSanitizer, which owns malloc itself, it reports itself skipped.
 *
 * Run from the repository root: it extracts examples/sample.html and,
 * when $PITH_DEVPAGES holds it, one development page. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "read_file.h"

#if defined(__SANITIZE_ADDRESS__)
#define OOM_TEST_SKIPPED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OOM_TEST_SKIPPED 1
#endif
#endif

#define SAMPLE "examples/sample.html"
/* The sample page in a gzip WARC with a warcinfo and a request record. */
#define SAMPLE_WARC "examples/sample.warc.gz"
/* A documentation page: lists, tables, code, headings (Mozilla
 * Readability's test pages, unpacked by tests/run.sh). */
#define DEV_PAGE "readability/html/mercurial.html"

#ifndef OOM_TEST_SKIPPED
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

/* Allocations counted since arming; the one numbered fail_at fails, with
 * errno ENOMEM as glibc's allocator sets it (iconv_open reports it). */
static long allocations, fail_at = -1;
/* Blocks allocated and not yet freed, by anyone in the process: compared
 * before and after a run, so only the difference matters. */
static long live_blocks;

/* uchardet and CLD2 (C++) are not exception-safe: when operator new
 * throws inside them, the objects they had built are lost. pith cannot
 * free them, so a run whose failed allocation was operator new's may leak;
 * such runs are counted apart. Nothing else in pith allocates through
 * operator new. */
static bool failed_in_operator_new;
static long cxx_library_leaks;

static int should_fail(const void *caller)
{
	if (fail_at < 0 || allocations++ != fail_at)
		return 0;
	Dl_info info;
	failed_in_operator_new =
	    dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libstdc++") != NULL;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	void *p = should_fail(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
	live_blocks += p != NULL;
	return p;
}
void *calloc(size_t n, size_t size)
{
	void *p = should_fail(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
	live_blocks += p != NULL;
	return p;
}
void *realloc(void *p, size_t n)
{
	if (should_fail(__builtin_return_address(0)))
		return NULL;
	void *q = __libc_realloc(p, n);
	if (!p && q)
		live_blocks++;
	else if (p && !n)
		live_blocks--; /* glibc frees p and returns NULL */
	return q;
}
void free(void *p)
{
	live_blocks -= p != NULL;
	__libc_free(p);
}

/* Pages that reach every allocating path of parsing: growth of the node,
 * attribute and string stores, a legacy decoder's tables, decoding into a
 * buffer, templates, foreign content and rewritten strings. */
static const char *const pages[] = {
    "<!DOCTYPE html><html lang=en><title>t</title><body><p class=A ID=b>caf&eacute; "
    "<b><i>x</b>y</i><table><tr><td>1<td>2</table><template><td>t</template>"
    "<svg viewBox='0 0 1 1'><foreignObject><p>z</svg><math><mi>q</math>\r\n",
    "<meta charset=windows-1252><p>\x93quoted\x94 \xe9t\xe9</p>",
    "<meta charset=shift_jis><p>\x82\xa0\x82\xa2</p><p>\xff\xfe</p>",
    "<p>invalid \xc3 utf-8 \xed\xa0\x80 here</p>",
};

/* A page with metadata of every kind and reader comments: nested
 * replies, microdata, dates; the comments are only read on request. */
static const char comments_page[] =
    "<!DOCTYPE html><html lang=en><head><title>Comments | Site</title>"
    "<script type=application/ld+json>{\"@type\":\"Article\",\"headline\":\"Comments\","
    "\"author\":[{\"name\":\"Ann\"},{\"name\":\"Bo\"}],\"datePublished\":\"2024-03-05\","
    "\"keywords\":\"a, b, c\"}</script><base href=\"/base/\"><link rel=next href=2>"
    "<meta property=og:image content=i.png></head><body><article><h1>Comments</h1>"
    "<p>The article says something long enough to be the article of this page, with "
    "sentences. <a href=x>A link</a> and <img src=y.png alt=y>.</p></article>"
    "<section id=comments><ol><li class=comment><span class=comment-author>Bob</span>"
    "<time datetime=2024-03-06>6 March</time><p>First comment.</p><ol><li class=comment>"
    "<span class=author>Eve</span><p>A reply.</p></li></ol></li><li class=comment itemscope "
    "itemtype=http://schema.org/Comment><span itemprop=author>Mal</span><p itemprop=text>"
    "Microdata comment.</p></li></ol></section></body></html>";

static int passed, failed;

static void fail(const char *page, long n, const char *what)
{
	printf("FAIL %s, allocation %ld: %s\n", page, n, what);
	failed++;
}

/* Did the run leave more blocks alive than before it? A leak after a
 * failure inside uchardet or CLD2 is counted apart, not failed. */
static bool leaked(long live_before)
{
	if (live_blocks == live_before)
		return false;
	if (!failed_in_operator_new)
		return true;
	cxx_library_leaks++;
	return false;
}

/* Creation and parse of a page, every allocation failed in turn. */
static void sweep_parse(const char *name, const char *page, size_t length)
{
	fail_at = 1L << 40;
	allocations = 0;
	pith_ctx *ctx = pith_ctx_new();
	pith_status status = pith_ctx_parse(ctx, page, length, NULL);
	long total = allocations;
	fail_at = -1;
	pith_ctx_free(ctx);
	printf("%-34s creation and parse: %ld allocations\n", name, total);
	if (status != PITH_OK) {
		fail(name, -1, "does not parse without injected failures");
		return;
	}
	for (long n = 0; n < total; n++) {
		long live = live_blocks;
		fail_at = n;
		failed_in_operator_new = false;
		allocations = 0;
		ctx = pith_ctx_new();
		if (!ctx) {
			fail_at = -1;
			if (leaked(live))
				fail(name, n, "failed creation leaks");
			else
				passed++; /* creation failed cleanly */
			continue;
		}
		status = pith_ctx_parse(ctx, page, length, NULL);
		fail_at = -1;
		bool usable = pith_ctx_parse(ctx, page, length, NULL) == PITH_OK;
		pith_ctx_free(ctx);
		if (status != PITH_OK && status != PITH_ERROR_NOMEM)
			fail(name, n, pith_strerror(status));
		else if (!usable)
			fail(name, n, "context unusable after");
		else if (leaked(live))
			fail(name, n, "leaks");
		else
			passed++;
	}
}

static bool same_comments(const pith_metadata *a, const pith_metadata *b)
{
	if (!a || !b || a->comment_count != b->comment_count)
		return false;
	for (size_t i = 0; i < a->comment_count; i++)
		if (strcmp(a->comments[i].author, b->comments[i].author) != 0 ||
		    strcmp(a->comments[i].date, b->comments[i].date) != 0 ||
		    strcmp(a->comments[i].text, b->comments[i].text) != 0)
			return false;
	return true;
}

static bool same_result(const pith_result *a, const pith_result *b)
{
	return a->status == b->status && a->text_length == b->text_length &&
	       memcmp(a->text, b->text, a->text_length) == 0 &&
	       a->title_length == b->title_length &&
	       memcmp(a->title, b->title, a->title_length) == 0 && strcmp(a->url, b->url) == 0 &&
	       a->document_length == b->document_length &&
	       memcmp(a->document, b->document, a->document_length) == 0 &&
	       same_comments(a->metadata, b->metadata);
}

static bool is_empty_failure(const pith_result *r)
{
	return r->status == PITH_ERROR_NOMEM && r->text && !r->text[0] && !r->text_length &&
	       r->title && !r->title[0] && !r->title_length && r->url;
}

/* Extraction with a context made beforehand, then the one-shot call,
 * every allocation failed in turn. The context must give the clean
 * result on its next call; pith_extract must free all it made, or give
 * exactly the result that pith_result_free releases (and NULL on
 * failure). */
static void sweep_extract(const char *name, const char *page, size_t length, pith_format format,
                          bool comments)
{
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.url = "https://example.com/page";
	options.format = format;
	options.images = 1;
	options.comments = comments;
	pith_ctx *reference_ctx = pith_ctx_new();
	const pith_result *reference = pith_ctx_extract(reference_ctx, page, length, &options);
	pith_status status = reference->status;
	if (status != PITH_OK || reference->text_length == 0 ||
	    (comments && reference->metadata->comment_count == 0)) {
		fail(name, -1, "gives no text (or no comments) without injected failures");
		pith_ctx_free(reference_ctx);
		return;
	}

	pith_ctx *ctx = pith_ctx_new();
	fail_at = 1L << 40;
	allocations = 0;
	pith_ctx_extract(ctx, page, length, &options);
	long total = allocations;
	fail_at = -1;
	pith_ctx_free(ctx);
	printf("%-34s pith_ctx_extract: %ld allocations\n", name, total);
	for (long n = 0; n < total; n++) {
		long live = live_blocks;
		ctx = pith_ctx_new();
		fail_at = n;
		failed_in_operator_new = false;
		allocations = 0;
		const pith_result *result = pith_ctx_extract(ctx, page, length, &options);
		status = result->status;
		fail_at = -1;
		bool consistent =
		    status == PITH_OK ? same_result(result, reference) : is_empty_failure(result);
		bool usable = same_result(pith_ctx_extract(ctx, page, length, &options), reference);
		pith_ctx_free(ctx);
		if (status != PITH_OK && status != PITH_ERROR_NOMEM)
			fail(name, n, pith_strerror(status));
		else if (!consistent)
			fail(name, n, "result not the clean one nor an empty failure");
		else if (!usable)
			fail(name, n, "context gives another result after");
		else if (leaked(live))
			fail(name, n, "leaks");
		else
			passed++;
	}

	fail_at = 1L << 40;
	allocations = 0;
	pith_result *own;
	pith_extract(page, length, &options, &own);
	total = allocations;
	fail_at = -1;
	pith_result_free(own);
	printf("%-34s pith_extract: %ld allocations\n", name, total);
	for (long n = 0; n < total; n++) {
		long live = live_blocks;
		fail_at = n;
		failed_in_operator_new = false;
		allocations = 0;
		status = pith_extract(page, length, &options, &own);
		fail_at = -1;
		bool consistent = status == PITH_OK ? own && same_result(own, reference) : !own;
		pith_result_free(own);
		if (status != PITH_OK && status != PITH_ERROR_NOMEM)
			fail(name, n, pith_strerror(status));
		else if (!consistent)
			fail(name, n,
			     "pith_extract: result not the clean one nor an empty failure");
		else if (leaked(live))
			fail(name, n, "pith_extract leaks");
		else
			passed++;
	}
	pith_ctx_free(reference_ctx);
}

/* Every record of a WARC file, read with the allocation numbered n
 * failed (n < 0: none): how many records came whole, and whether one
 * reported PITH_ERROR_NOMEM. */
static long read_warc(const char *path, long n, bool *saw_nomem)
{
	fail_at = n;
	allocations = 0;
	long whole = 0;
	*saw_nomem = false;
	pith_warc *warc = NULL;
	pith_status status = pith_warc_open(path, &warc);
	if (status == PITH_ERROR_NOMEM || status == PITH_ERROR_IO)
		*saw_nomem = true; /* IO: fopen's own allocation failed */
	pith_warc_record record;
	while (warc && pith_warc_next(warc, &record)) {
		if (record.status == PITH_OK)
			whole++;
		else if (record.status == PITH_ERROR_NOMEM)
			*saw_nomem = true;
	}
	pith_warc_free(warc);
	fail_at = -1;
	return whole;
}

/* The WARC reader (zlib's inflate state and windows included): each
 * failed allocation gives PITH_ERROR_NOMEM, never a lost record without
 * it, a crash or a leak. */
static void sweep_warc(const char *path)
{
	bool saw_nomem;
	long expected = read_warc(path, 1L << 40, &saw_nomem);
	long total = allocations;
	printf("%-34s WARC reading: %ld allocations\n", path, total);
	if (expected == 0 || saw_nomem) {
		fail(path, -1, "does not read without injected failures");
		return;
	}
	for (long n = 0; n < total; n++) {
		long live = live_blocks;
		long whole = read_warc(path, n, &saw_nomem);
		if (leaked(live))
			fail(path, n, "leaks");
		else if (whole < expected && !saw_nomem)
			fail(path, n, "records lost without PITH_ERROR_NOMEM");
		else
			passed++;
	}
}

/* A batch on one thread (no thread is started, so every allocation is
 * this one's): each failure ends in PITH_ERROR_NOMEM (or PITH_ERROR_IO,
 * when the C library's fopen was the one refused) without a leak, and a
 * run that says PITH_OK wrote every line. */
static void sweep_batch(const char *input, const char *output)
{
	const char *inputs[] = {input};
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = 1;
	options.output = output;
	options.threads = 1;
	pith_batch_stats stats, expected;
	fail_at = 1L << 40;
	allocations = 0;
	pith_status status = pith_batch_run(&options, &expected);
	long total = allocations;
	fail_at = -1;
	printf("%-34s batch: %ld allocations\n", input, total);
	if (status != PITH_OK || expected.extracted == 0) {
		fail(input, -1, "the batch fails without injected failures");
		return;
	}
	for (long n = 0; n < total; n++) {
		long live = live_blocks;
		fail_at = n;
		allocations = 0;
		status = pith_batch_run(&options, &stats);
		fail_at = -1;
		if (leaked(live))
			fail(input, n, "batch leaks");
		else if (status == PITH_OK &&
		         stats.extracted + stats.failed != expected.extracted + expected.failed)
			fail(input, n, "batch says OK with lines missing");
		else if (status != PITH_OK && status != PITH_ERROR_NOMEM && status != PITH_ERROR_IO)
			fail(input, n, pith_strerror(status));
		else
			passed++;
	}
	remove(output);
}

#endif

int main(void)
{
#ifdef OOM_TEST_SKIPPED
	printf("oom: 0 passed, 0 failed, 1 skipped (AddressSanitizer owns malloc)\n");
	return 0;
#else
	/* glibc loads an iconv module on a converter's first use and unloads
	 * it some time after its last user closes it: a context kept open
	 * with every legacy page decoded keeps the modules loaded, so they
	 * never come or go inside a counted run. */
	pith_ctx *keeper = pith_ctx_new();
	for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
		pith_ctx_extract(keeper, pages[p], strlen(pages[p]), NULL);
	}
	for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
		char name[32];
		snprintf(name, sizeof name, "page %zu", p);
		sweep_parse(name, pages[p], strlen(pages[p]));
		sweep_extract(name, pages[p], strlen(pages[p]), PITH_FORMAT_TEXT, false);
	}

	/* Reader comments (the finder and their copy in pith_extract's
	 * result), with the metadata around them, in each format. */
	static const pith_format formats[] = {PITH_FORMAT_TEXT, PITH_FORMAT_JSON,
	                                      PITH_FORMAT_MARKDOWN, PITH_FORMAT_HTML};
	static const char *const format_names[] = {"text", "json", "markdown", "html"};
	for (size_t f = 0; f < 4; f++) {
		char name[48];
		snprintf(name, sizeof name, "comments page, %s", format_names[f]);
		sweep_extract(name, comments_page, strlen(comments_page), formats[f], true);
	}

	size_t length;
	char *sample = read_file(SAMPLE, &length);
	if (sample) {
		sweep_parse(SAMPLE, sample, length);
		sweep_extract(SAMPLE, sample, length, PITH_FORMAT_TEXT, false);
		/* The document model and every structured renderer. */
		sweep_extract(SAMPLE " json", sample, length, PITH_FORMAT_JSON, false);
		sweep_extract(SAMPLE " markdown", sample, length, PITH_FORMAT_MARKDOWN, false);
		sweep_extract(SAMPLE " html", sample, length, PITH_FORMAT_HTML, false);
		free(sample);
	} else {
		fail(SAMPLE, -1, "unreadable (run from the repository root)");
	}

	/* WARC reading and a batch over the sample archive. */
	sweep_warc(SAMPLE_WARC);
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char output[4096];
	snprintf(output, sizeof output, "%s/test-oom-batch.jsonl.gz", build);
	sweep_batch(SAMPLE_WARC, output);

	const char *folder = getenv("PITH_DEVPAGES");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", folder ? folder : "$PITH_DEVPAGES", DEV_PAGE);
	char *dev_page = folder ? read_file(path, &length) : NULL;
	bool skipped = dev_page == NULL;
	if (dev_page) {
		sweep_extract(DEV_PAGE, dev_page, length, PITH_FORMAT_TEXT, false);
		sweep_extract(DEV_PAGE " markdown", dev_page, length, PITH_FORMAT_MARKDOWN, false);
		free(dev_page);
	}
	if (cxx_library_leaks)
		printf("note: %ld runs leaked inside uchardet or CLD2 after operator new threw "
		       "(neither is exception-safe)\n",
		       cxx_library_leaks);
	if (skipped)
		printf("oom: %d passed, %d failed, 1 skipped (no %s)\n", passed, failed, path);
	else
		printf("oom: %d passed, %d failed\n", passed, failed);
	pith_ctx_free(keeper);
	return failed ? 1 : 0;
#endif
}
