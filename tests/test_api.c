/* The API's contracts that hold whatever the page (include/pith.h,
 * docs/ABI.md): who owns a result (pith_extract's is the caller's,
 * pith_ctx_extract's the context's, never NULL); option structs read by
 * their size (an older, shorter struct works, a wrong size is refused);
 * a batch's cancel callback; and the JSON line writer, byte for byte.
 * tests/public_api.sh checks what only a compiler can (freeing a
 * context's result does not compile). Uses only the public header. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pith.h"

static const char page[] =
    "<html lang=en><head><title>A title</title></head><body><article><h1>A title</h1>"
    "<p>The first paragraph of the article holds enough words to be the main "
    "content of this page, and a second sentence.</p><p>Another paragraph follows "
    "it, with more words in it than a menu would have.</p></article></body></html>";

/* ---- Ownership ---- */

static void test_ownership(void)
{
	pith_result *own = (pith_result *)1;
	pith_status status = pith_extract(page, strlen(page), NULL, &own);
	check(status == PITH_OK && own && own->status == PITH_OK && own->text_length > 0,
	      "pith_extract", "%s", pith_strerror(status));
	char *text = own ? strdup(own->text) : NULL;
	pith_result_free(own);

	own = (pith_result *)1;
	status = pith_extract("", 0, NULL, &own);
	check(status == PITH_ERROR_NOT_HTML && own == NULL, "pith_extract failing",
	      "status %s, result %p", pith_strerror(status), (void *)own);
	check(pith_extract(page, strlen(page), NULL, NULL) == PITH_ERROR_INVALID_ARGUMENT,
	      "pith_extract without out", "not refused");
	pith_result_free(NULL);

	const pith_result *none = pith_ctx_extract(NULL, page, strlen(page), NULL);
	check(none && none->status == PITH_ERROR_INVALID_ARGUMENT && none->text && !*none->text &&
	          none->url && none->encoding && none->document,
	      "pith_ctx_extract without a context", "no static failure");

	pith_ctx *ctx = pith_ctx_new();
	const pith_result *first = pith_ctx_extract(ctx, page, strlen(page), NULL);
	check(first && first->status == PITH_OK && text && strcmp(first->text, text) == 0,
	      "pith_ctx_extract", "differs from pith_extract");
	const pith_result *failing = pith_ctx_extract(ctx, "", 0, NULL);
	check(failing == first && failing->status == PITH_ERROR_NOT_HTML && !*failing->text &&
	          failing->metadata == NULL,
	      "pith_ctx_extract failing", "status %s", pith_strerror(failing->status));
	pith_ctx_free(ctx);
	free(text);
}

/* ---- Option structs read by their size ---- */

/* pith_extract_options as a program built before its later fields had it. */
typedef struct older_extract_options {
	size_t size;
	const char *url;
	const char *charset;
	pith_favor favor;
} older_extract_options;

typedef struct older_parse_options {
	size_t size;
	const char *charset;
} older_parse_options;

typedef struct older_batch_options {
	size_t size;
	const char *const *inputs;
	size_t input_count;
	const char *output;
} older_batch_options;

/* A struct larger than the library's, as a newer header would make. */
typedef struct newer_extract_options {
	pith_extract_options known;
	int added;
} newer_extract_options;

static void test_option_sizes(void)
{
	pith_ctx *ctx = pith_ctx_new();
	/* Fields past the size take their defaults: text format, no
	 * comments, every language. */
	older_extract_options older = {sizeof older, "https://example.com/a", NULL,
	                               PITH_FAVOR_BALANCED};
	const pith_result *r =
	    pith_ctx_extract(ctx, page, strlen(page), (const pith_extract_options *)&older);
	check(r->status == PITH_OK && strcmp(r->url, "https://example.com/a") == 0 &&
	          r->document_length == 0 && !r->skipped && r->text_length > 0,
	      "older extract options", "status %s, url %s", pith_strerror(r->status), r->url);
	char *text = strdup(r->text);
	pith_extract_options full = PITH_EXTRACT_OPTIONS_INIT;
	check(full.size == sizeof full, "PITH_EXTRACT_OPTIONS_INIT", "size %zu", full.size);
	r = pith_ctx_extract(ctx, page, strlen(page), &full);
	check(r->status == PITH_OK && strcmp(r->text, text) == 0, "older extract options",
	      "text differs from the defaults'");
	free(text);

	size_t refused_sizes[] = {0, sizeof(size_t), sizeof full + 1};
	for (size_t i = 0; i < sizeof refused_sizes / sizeof *refused_sizes; i++) {
		newer_extract_options newer = {PITH_EXTRACT_OPTIONS_INIT, 1};
		newer.known.size = refused_sizes[i];
		r = pith_ctx_extract(ctx, page, strlen(page), &newer.known);
		check(r->status == PITH_ERROR_INVALID_ARGUMENT, "extract options size",
		      "%zu not refused", refused_sizes[i]);
		pith_result *own = NULL;
		check(pith_extract(page, strlen(page), &newer.known, &own) ==
		              PITH_ERROR_INVALID_ARGUMENT &&
		          !own,
		      "pith_extract options size", "%zu not refused", refused_sizes[i]);
	}

	older_parse_options older_parse = {sizeof older_parse, "utf-8"};
	check(pith_ctx_parse(ctx, page, strlen(page), (const pith_parse_options *)&older_parse) ==
	          PITH_OK,
	      "older parse options", "refused");
	pith_tree_stats stats;
	pith_ctx_walk_tree(ctx, &stats);
	check(stats.elements > 5, "older parse options", "%zu elements", stats.elements);
	pith_parse_options parse = PITH_PARSE_OPTIONS_INIT;
	parse.size = 0;
	check(pith_ctx_parse(ctx, page, strlen(page), &parse) == PITH_ERROR_INVALID_ARGUMENT,
	      "parse options size 0", "not refused");
	parse.size = sizeof parse + 8;
	check(pith_ctx_parse(ctx, page, strlen(page), &parse) == PITH_ERROR_INVALID_ARGUMENT,
	      "parse options too large", "not refused");
	check(pith_ctx_parse(ctx, page, strlen(page), NULL) == PITH_OK, "NULL parse options",
	      "refused");
	pith_ctx_free(ctx);

	/* A batch from a struct that stops after output: threads, favor,
	 * cancel, progress, comments, languages take their defaults. */
	const char *input = "examples/sample.warc.gz";
	char output[] = "/tmp/pith-test-api-XXXXXX";
	int fd = mkstemp(output);
	if (fd >= 0)
		close(fd);
	older_batch_options older_batch = {sizeof older_batch, &input, 1, output};
	pith_batch_stats batch_stats;
	pith_status status = pith_batch_run((const pith_batch_options *)&older_batch, &batch_stats);
	check(status == PITH_OK && batch_stats.extracted == 1, "older batch options",
	      "%s: %s, %llu lines", pith_strerror(status), batch_stats.error,
	      batch_stats.extracted);
	pith_batch_options batch = PITH_BATCH_OPTIONS_INIT;
	batch.inputs = &input;
	batch.input_count = 1;
	batch.output = output;
	batch.size = 0;
	check(pith_batch_run(&batch, &batch_stats) == PITH_ERROR_INVALID_ARGUMENT,
	      "batch options size 0", "not refused");
	batch.size = sizeof batch + sizeof(void *);
	check(pith_batch_run(&batch, &batch_stats) == PITH_ERROR_INVALID_ARGUMENT,
	      "batch options too large", "not refused");
	unlink(output);
}

/* ---- A batch's cancel callback ---- */

typedef struct cancel_state {
	int calls;
	int after; /* calls before it says stop */
} cancel_state;

static int cancel_after(void *user)
{
	cancel_state *state = user;
	return ++state->calls > state->after;
}

static void test_cancel(void)
{
	const char *input = "examples/sample.warc.gz";
	char output[] = "/tmp/pith-test-api-XXXXXX";
	int fd = mkstemp(output);
	if (fd >= 0)
		close(fd);
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = &input;
	options.input_count = 1;
	options.output = output;
	options.threads = 1;
	options.cancel = cancel_after;
	cancel_state state = {0, 0};
	options.cancel_user = &state;
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	check(status == PITH_ERROR_INTERRUPTED && state.calls >= 1 && stats.extracted == 0,
	      "cancelled at once", "%s, %d calls, %llu lines", pith_strerror(status), state.calls,
	      stats.extracted);
	state = (cancel_state){0, 1000000};
	status = pith_batch_run(&options, &stats);
	check(status == PITH_OK && state.calls >= 1 && stats.extracted == 1, "never cancelled",
	      "%s, %d calls, %llu lines", pith_strerror(status), state.calls, stats.extracted);
	unlink(output);
}

/* ---- The JSON line writer ---- */

typedef struct written {
	char text[1 << 14];
	size_t length;
	int calls;
	int give; /* what the writer returns */
} written;

static int write_into(void *user, const char *data, size_t length)
{
	written *w = user;
	w->calls++;
	if (w->length + length < sizeof w->text) {
		memcpy(w->text + w->length, data, length);
		w->length += length;
		w->text[w->length] = '\0';
	}
	return w->give;
}

/* Writes a line and compares it with want (or, when prefix, its start). */
static void expect_line(const char *name, const pith_result *result, const pith_record_info *info,
                        unsigned flags, const char *want, bool prefix)
{
	written w = {.length = 0};
	int rc = pith_write_json_record(result, info, flags, write_into, &w);
	size_t n = strlen(want);
	bool same = prefix ? w.length >= n && memcmp(w.text, want, n) == 0
	                   : w.length == n && memcmp(w.text, want, n) == 0;
	check(rc == 0 && w.calls == 1 && same, name, "rc %d, %d calls, got %s, want %s", rc,
	      w.calls, w.text, want);
	check(w.length > 0 && w.text[w.length - 1] == '\n' && !memchr(w.text, '\n', w.length - 1),
	      name, "not one line: %s", w.text);
}

static void test_json_lines(void)
{
	pith_record_info info = PITH_RECORD_INFO_INIT;
	info.source = "a \"page\".html";
	info.error = "cannot read";
	expect_line("source error", NULL, &info, 0,
	            "{\"source\":\"a \\\"page\\\".html\",\"url\":null,\"error\":\"cannot read\"}\n",
	            false);
	info.url = "https://example.com/";
	expect_line("source error with url", NULL, &info, 0,
	            "{\"source\":\"a \\\"page\\\".html\",\"url\":\"https://example.com/\","
	            "\"error\":\"cannot read\"}\n",
	            false);

	pith_ctx *ctx = pith_ctx_new();
	const pith_result *refused = pith_ctx_extract(ctx, "", 0, NULL);
	pith_record_info source = PITH_RECORD_INFO_INIT;
	source.source = "-";
	char want[512];
	snprintf(want, sizeof want, "{\"source\":\"-\",\"url\":null,\"error\":\"%s\"}\n",
	         pith_strerror(PITH_ERROR_NOT_HTML));
	expect_line("failed result", refused, &source, 0, want, false);

	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.format = PITH_FORMAT_JSON;
	options.url = "https://example.com/a";
	const pith_result *r = pith_ctx_extract(ctx, page, strlen(page), &options);
	source.url = options.url;
	expect_line("page", r, &source, PITH_JSON_DOCUMENT,
	            "{\"source\":\"-\",\"url\":\"https://example.com/a\",\"title\":\"A title\","
	            "\"authors\":[],\"date_published\":null",
	            true);
	/* A page the caller fetched: its status and final URL after "url",
	 * on page and error lines alike; a WARC record's line has neither. */
	pith_record_info fetched = source;
	fetched.http_status = 200;
	fetched.final_url = "https://example.com/a?from=redirect";
	expect_line("fetched page", r, &fetched, 0,
	            "{\"source\":\"-\",\"url\":\"https://example.com/a\",\"http_status\":200,"
	            "\"final_url\":\"https://example.com/a?from=redirect\",\"title\":\"A title\"",
	            true);
	fetched.http_status = 404;
	fetched.final_url = NULL;
	fetched.error = "HTTP status 404";
	expect_line("fetched error", NULL, &fetched, 0,
	            "{\"source\":\"-\",\"url\":\"https://example.com/a\",\"http_status\":404,"
	            "\"final_url\":null,\"error\":\"HTTP status 404\"}\n",
	            false);
	written w = {.length = 0};
	pith_write_json_record(r, &source, PITH_JSON_DOCUMENT | PITH_JSON_COMMENTS, write_into, &w);
	char signals[128];
	snprintf(signals, sizeof signals,
	         ",\"comments\":[],\"word_count\":%zu,\"simhash\":\"%016llx\",", r->word_count,
	         r->simhash);
	check(r->word_count == 37 && r->simhash == pith_simhash(r->text, r->text_length) &&
	          strstr(w.text, signals),
	      "word_count and simhash", "%zu words, %016llx", r->word_count, r->simhash);
	check(strstr(w.text, "\"text\":\"A title\\n\\nThe first") &&
	          strstr(w.text, "\",\"document\":{\"type\":\"document\"") &&
	          strcmp(w.text + w.length - 3, "}}\n") == 0,
	      "page with comments and document", "%s", w.text);
	w = (written){.length = 0};
	pith_write_json_record(r, &source, 0, write_into, &w);
	check(!strstr(w.text, "\"document\"") && !strstr(w.text, "\"comments\"") &&
	          !strstr(w.text, "\"encoding\""),
	      "page without flags", "%s", w.text);

	/* A second rendering: "text" is the plain text, "markdown" the
	 * result's text. */
	options.format = PITH_FORMAT_MARKDOWN;
	r = pith_ctx_extract(ctx, page, strlen(page), &options);
	w = (written){.length = 0};
	pith_write_json_record(r, &source, PITH_JSON_MARKDOWN, write_into, &w);
	check(strcmp(r->plain_text,
	             "A title\n\nThe first paragraph of the article holds enough words "
	             "to be the main content of this page, and a second sentence.\n\n"
	             "Another paragraph follows it, with more words in it than a menu "
	             "would have.") == 0 &&
	          strstr(w.text, "\"text\":\"A title\\n\\nThe first") &&
	          strstr(w.text, "\",\"markdown\":\"# A title\\n\\nThe first") &&
	          strcmp(w.text + w.length - 3, "\"}\n") == 0,
	      "markdown beside text", "%s", w.text);
	w = (written){.length = 0};
	pith_write_json_record(r, &source, 0, write_into, &w);
	check(strstr(w.text, "\"text\":\"# A title") && !strstr(w.text, "\"markdown\""),
	      "markdown without the flag", "%s", w.text);
	options.format = PITH_FORMAT_JSON;
	r = pith_ctx_extract(ctx, page, strlen(page), &options);

	pith_record_info record = PITH_RECORD_INFO_INIT;
	record.warc = "in.warc.gz";
	record.input = 2;
	record.error = "No such file or directory";
	expect_line("warc input error", NULL, &record, 0,
	            "{\"warc\":\"in.warc.gz\",\"input\":2,\"error\":\"No such file or "
	            "directory\"}\n",
	            false);
	record.error = NULL;
	record.has_record = 1;
	record.record = 7;
	record.offset = 1234;
	record.record_id = "<urn:uuid:1>";
	record.uri = "https://example.com/a";
	record.http_status = 200;
	expect_line("warc record", r, &record, 0,
	            "{\"warc\":\"in.warc.gz\",\"input\":2,\"record\":7,\"offset\":1234,"
	            "\"record_id\":\"<urn:uuid:1>\",\"uri\":\"https://example.com/a\","
	            "\"date\":\"\",\"http_status\":200,\"encoding\":\"UTF-8\",\"url\":"
	            "\"https://example.com/a\",\"title\":\"A title\"",
	            true);

	options.languages = "de";
	r = pith_ctx_extract(ctx, page, strlen(page), &options);
	check(r->status == PITH_OK && r->skipped, "skipped", "not skipped");
	expect_line("warc skipped", r, &record, 0,
	            "{\"warc\":\"in.warc.gz\",\"input\":2,\"record\":7,\"offset\":1234,"
	            "\"record_id\":\"<urn:uuid:1>\",\"uri\":\"https://example.com/a\","
	            "\"date\":\"\",\"http_status\":200,\"skipped\":\"language\","
	            "\"language\":\"en\",\"language_detected\":\"en\",\"language_score\":",
	            true);
	expect_line("source skipped", r, &source, PITH_JSON_DOCUMENT,
	            "{\"source\":\"-\",\"url\":\"https://example.com/a\",\"skipped\":\"language\","
	            "\"language\":\"en\"",
	            true);

	/* The writer's return, and what is refused. */
	w = (written){.length = 0, .give = 7};
	check(pith_write_json_record(r, &source, 0, write_into, &w) == 7, "writer's return",
	      "not passed on");
	pith_record_info both = source;
	both.warc = "x.warc";
	pith_record_info neither = PITH_RECORD_INFO_INIT;
	pith_record_info unsized = source;
	unsized.size = 0;
	const pith_record_info *refused_infos[] = {NULL, &both, &neither, &unsized};
	for (size_t i = 0; i < sizeof refused_infos / sizeof *refused_infos; i++) {
		w = (written){.length = 0};
		check(pith_write_json_record(r, refused_infos[i], 0, write_into, &w) == -1 &&
		          w.calls == 0,
		      "refused info", "case %zu written", i);
	}
	check(pith_write_json_record(NULL, &source, 0, write_into, &w) == -1, "no result, no error",
	      "not refused");
	check(pith_write_json_record(r, &source, 0, NULL, NULL) == -1, "no writer", "not refused");
	pith_ctx_free(ctx);
}

/* ---- Corpus signals ---- */

static int hamming(unsigned long long a, unsigned long long b)
{
	return __builtin_popcountll(a ^ b);
}

/* pith_simhash: the same text the same hash, whatever its case; a near
 * duplicate (a word changed, a sentence added) a few bits away; an
 * unrelated text about half the bits away. */
static void test_simhash(void)
{
	static const char base[] =
	    "The council met on Tuesday to discuss the new budget for the city's parks. "
	    "Members agreed that the playgrounds in the north need repairs before the "
	    "summer, and that the lake path should be lit at night. The mayor said the "
	    "money would come from the road fund, which had a surplus last year. A vote "
	    "on the plan is expected next month, after a public hearing in the town hall.";
	static const char near[] =
	    "The council met on Tuesday to discuss the new budget for the city's parks. "
	    "Members agreed that the playgrounds in the north need repairs before the "
	    "summer, and that the lake path should be lit at night. The mayor said the "
	    "money would come from the road fund, which had a surplus last year. A vote "
	    "on the plan is expected next week, after a public hearing in the town hall. "
	    "Share this article.";
	static const char shouted[] =
	    "THE COUNCIL MET ON TUESDAY TO DISCUSS THE NEW BUDGET FOR THE CITY'S PARKS. "
	    "Members agreed that the playgrounds in the north need repairs before the "
	    "summer, and that the lake path should be lit at night. The mayor said the "
	    "money would come from the road fund, which had a surplus last year. A vote "
	    "on the plan is expected next month, after a public hearing in the town hall.";
	static const char other[] =
	    "Preheat the oven to 200 degrees. Whisk the eggs with the sugar until pale, "
	    "fold in the flour and the melted butter, and pour the batter into a greased "
	    "tin. Bake for twenty-five minutes, until a skewer comes out clean, then let "
	    "the cake cool on a rack before you spread the icing over it and serve.";
	unsigned long long h = pith_simhash(base, strlen(base));
	check(h == pith_simhash(base, strlen(base)) && h != 0, "simhash is a function", "%016llx",
	      h);
	check(h == pith_simhash(shouted, strlen(shouted)), "simhash folds case", "%d bits apart",
	      hamming(h, pith_simhash(shouted, strlen(shouted))));
	int close = hamming(h, pith_simhash(near, strlen(near)));
	int far = hamming(h, pith_simhash(other, strlen(other)));
	check(close <= 12, "a near duplicate is close", "%d bits apart", close);
	check(far >= 20, "an unrelated text is far", "%d bits apart", far);
	check(pith_simhash("", 0) == 0 && pith_simhash(NULL, 0) == 0 &&
	          pith_simhash(" ... -- !", 9) == 0,
	      "no words, no hash", "not 0");
	check(pith_simhash("word", 4) != 0 && pith_simhash("word", 4) == pith_simhash("WORD", 4),
	      "one word is one feature", "%016llx", pith_simhash("word", 4));
	/* Han characters are words by themselves: a sentence without spaces
	 * has as many features as characters less two. */
	static const char han[] = "北京市政府今天宣布新的公园预算";
	static const char han_near[] = "北京市政府今天宣布新的公园计划";
	int han_distance =
	    hamming(pith_simhash(han, strlen(han)), pith_simhash(han_near, strlen(han_near)));
	check(han_distance > 0 && han_distance <= 24, "Han text has features", "%d bits apart",
	      han_distance);
	/* Any bytes: invalid and cut UTF-8 sequences, NULs, control bytes
	 * (under ASan, no read past length). */
	unsigned seed = 12345;
	int unstable = -1;
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 67);
		char *bytes = malloc(n ? n : 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			bytes[i] = (char)(seed >> 16);
		}
		if (pith_simhash(bytes, n) != pith_simhash(bytes, n) && unstable < 0)
			unstable = round;
		free(bytes);
	}
	check(unstable < 0, "simhash of any bytes", "round %d differs", unstable);
	/* The bytes need not be NUL-terminated, and may hold NUL. */
	check(pith_simhash("one two three four", 13) == pith_simhash("one two three", 13),
	      "the length is the text", "not");
}

/* ---- What is taken for a page ---- */

static void test_page_sniffing(void)
{
	pith_ctx *ctx = pith_ctx_new();
	/* An ad server's comment separates its fields with \x02: 17 control
	 * bytes in the first KiB are a page still. */
	char page_bytes[2048];
	size_t n = (size_t)snprintf(page_bytes, sizeof page_bytes, "<!-- ad:");
	for (int i = 0; i < 17; i++)
		n += (size_t)snprintf(page_bytes + n, sizeof page_bytes - n, "\002ST%d", i);
	n += (size_t)snprintf(page_bytes + n, sizeof page_bytes - n, " -->%s", page);
	const pith_result *r = pith_ctx_extract(ctx, page_bytes, n, NULL);
	check(r->status == PITH_OK && strstr(r->text, "Another paragraph"),
	      "a page with control bytes in a comment", "%s", pith_strerror(r->status));
	/* Random bytes with a tag in them are not a page, in any of 50 draws. */
	unsigned seed = 2024;
	int taken = -1;
	for (int round = 0; round < 50 && taken < 0; round++) {
		char bytes[1024];
		for (size_t i = 0; i < sizeof bytes; i++) {
			seed = seed * 1103515245u + 12345u;
			bytes[i] = (char)(seed >> 16);
		}
		memcpy(bytes + 512, "<p>", 3);
		bytes[0] = 'x'; /* no format's signature */
		if (pith_ctx_extract(ctx, bytes, sizeof bytes, NULL)->status != PITH_ERROR_NOT_HTML)
			taken = round;
	}
	check(taken < 0, "random bytes refused", "draw %d taken for a page", taken);
	pith_ctx_free(ctx);
}

int main(void)
{
	test_ownership();
	test_option_sizes();
	test_cancel();
	test_json_lines();
	test_simhash();
	test_page_sniffing();
	printf("api: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
