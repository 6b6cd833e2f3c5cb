/* Pathological inputs: each must parse without error in linear time and
 * bounded memory, keep its text, and keep the tree within PITH_MAX_DEPTH;
 * and each, with inputs aimed at the extraction steps (list numbering,
 * de-duplication, teasers, the headline, class-name evidence), must be
 * extracted in linear time and bounded memory too.
 *
 * Linear time is checked as a ratio, not a speed: each input is built at
 * size n and 4n, and the larger must take less than LINEAR_RATIO_BOUND
 * times as long (linear work gives about 4, quadratic 16). Times are the
 * best of RUNS runs so a busy machine does not fail the test (one run when
 * it takes over STABLE_SECONDS). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pith.h"

#define LINEAR_RATIO_BOUND 10.0
#define RUNS 5
/* Below this the timer's noise dominates the ratio: such cases only
 * check the absolute cap. */
#define MEANINGFUL_SECONDS 0.005
/* A run this long is timed once: its noise is small beside it, and a
 * quadratic case should fail in seconds, not minutes. */
#define STABLE_SECONDS 1.0
/* Memory may grow only linearly. Real pages stay under 8 bytes held per
 * input byte (make bench reports the worst), but markup made only of the
 * shortest tags ("<b>", 3 bytes, one 48-byte node) needs about 16, plus
 * the node array's doubling slack: 40 bounds every case here. */
#define MEMORY_PER_INPUT_BYTE 40
/* Extraction adds a pith_element_info (40 bytes) per node, sized to the
 * node count, and a pith_block (52 bytes, the array doubling) per block,
 * with the block texts and the output. The densest input ("<b>x": two
 * nodes in 4 bytes) adds 20 bytes per input byte to the tree's; the worst
 * case here holds 54 in all. */
#define EXTRACT_MEMORY_PER_INPUT_BYTE 80
/* What a context may keep after a huge page once it has parsed a small
 * one: the arena's retained chunk (16 MiB at most) and small arrays. */
#define RETAINED_BYTES_BOUND ((size_t)24 * 1024 * 1024)
/* A hang detector, far above what any case needs even under ASan. */
#define MAX_SECONDS 20.0

static int passed, failed;

static void check(int ok, const char *name, const char *what)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: %s\n", name, what);
	}
}

typedef struct buffer {
	char *data;
	size_t length, capacity;
} buffer;

static void put(buffer *b, const char *s, size_t n)
{
	if (b->length + n > b->capacity) {
		size_t capacity = b->capacity ? b->capacity : 1024;
		while (capacity < b->length + n)
			capacity *= 2;
		b->data = realloc(b->data, capacity);
		if (!b->data) {
			fputs("out of memory building input\n", stderr);
			exit(2);
		}
		b->capacity = capacity;
	}
	memcpy(b->data + b->length, s, n);
	b->length += n;
}

static void puts_n(buffer *b, const char *s, size_t times)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < times; i++)
		put(b, s, n);
}

/* Each generator builds its input at scale n (a count of repetitions). */
static void nested_div(buffer *b, size_t n)
{
	puts_n(b, "<div>x", n);
}
static void nested_b(buffer *b, size_t n)
{
	puts_n(b, "<b>x", n);
}
static void nested_table(buffer *b, size_t n)
{
	puts_n(b, "<table>x", n);
}
static void nested_cells(buffer *b, size_t n)
{
	puts_n(b, "<table><tr><td>x", n);
}
static void unclosed_a(buffer *b, size_t n)
{
	puts_n(b, "<a href=x>x", n);
}
static void misnested(buffer *b, size_t n)
{
	puts_n(b, "<b><i><p>x</b></i>", n);
}
static void flat_div(buffer *b, size_t n)
{
	puts_n(b, "<div>", n);
}

static void many_attributes(buffer *b, size_t n)
{
	put(b, "<div", 4);
	char attr[32];
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(attr, sizeof attr, " a%zu=x", i);
		put(b, attr, (size_t)len);
	}
	put(b, ">x</div>", 8);
}

static void duplicate_attributes(buffer *b, size_t n)
{
	put(b, "<div", 4);
	puts_n(b, " a=x", n);
	put(b, ">x", 2);
}

static void long_attribute(buffer *b, size_t n)
{
	put(b, "<a href=\"", 9);
	puts_n(b, "x", n);
	put(b, "\">x</a>", 7);
}

static void unclosed_script(buffer *b, size_t n)
{
	put(b, "<script>", 8);
	puts_n(b, "<!--<script>x", n);
}

static void unclosed_comment(buffer *b, size_t n)
{
	put(b, "<!--", 4);
	puts_n(b, "x-", n);
}

static void unclosed_textarea(buffer *b, size_t n)
{
	put(b, "<textarea>", 10);
	puts_n(b, "x&amp;<b>", n);
}

static void nul_bytes(buffer *b, size_t n)
{
	/* A clean first KiB, or extraction refuses the page as binary. */
	puts_n(b, "<p>Clean text.</p>", 57);
	for (size_t i = 0; i < n; i++)
		put(b, "<p>\0x\0<\0", 8);
}

static void invalid_utf8(buffer *b, size_t n)
{
	unsigned state = 12345;
	for (size_t i = 0; i < n; i++) {
		state = state * 1103515245u + 12345u;
		char c = (char)(0x80 | (state >> 16));
		put(b, &c, 1);
		if (i % 7 == 0)
			put(b, "<p>", 3);
	}
}

static void many_entities(buffer *b, size_t n)
{
	put(b, "<p>", 3); /* markup, or extraction refuses the page */
	puts_n(b, "&amp;&notit;&#x1F600;&#9999999999;", n);
}

static void deep_foreign(buffer *b, size_t n)
{
	puts_n(b, "<svg><g><math><mi>x", n);
}

/* ---- inputs aimed at extraction ---- */

static void nested_lists(buffer *b, size_t n)
{
	puts_n(b, "<ol><li>x", n);
}

static void many_headings(buffer *b, size_t n)
{
	put(b, "<title>A heading of some length | Site</title>", 46);
	puts_n(b, "<h1>A heading of some length</h1>", n);
}

static void tiny_paragraphs(buffer *b, size_t n)
{
	puts_n(b, "<p>x</p>", n);
}

static void long_word(buffer *b, size_t n)
{
	put(b, "<p>", 3);
	puts_n(b, "x", n);
}

static size_t all_of_it(size_t n)
{
	return n;
}

#define SAME_PARAGRAPH "The same paragraph, word for word, on every line of the page."

static void identical_paragraphs(buffer *b, size_t n)
{
	puts_n(b, "<p>" SAME_PARAGRAPH "</p>", n);
}

static size_t one_paragraph(size_t n)
{
	(void)n;
	return strlen(SAME_PARAGRAPH);
}

/* Each teaser is the start of the paragraph after it, and every block
 * starts with the same words, so an index of openings sees one key. */
static void teasers(buffer *b, size_t n)
{
	char pair[256];
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(pair, sizeof pair,
		                   "<p>Every paragraph on this page opens with these words, item "
		                   "%zu...</p><p>Every paragraph on this page opens with these "
		                   "words, item %zu, and then goes on.</p>",
		                   i, i);
		put(b, pair, (size_t)len);
	}
}

/* Long class values of names that nearly match boilerplate words, with
 * one that matches at the end; each value differs (an item number), so
 * no value is read from the page's cache of class facts. */
static void boilerplate_classes(buffer *b, size_t n)
{
	static const char names[] =
	    "shar-bar relat-posts commen-list sidebr-widgt na-men foote-links socia-icons "
	    "newslette-signu cooki-consen adx-slot prin-only autho-met breadcrum-trail "
	    "paginatio-na spons-box prom0-2 pop-up mod-al tool-bar ski-p shar-bar relat-posts "
	    "commen-list sidebr-widgt socia-icons comments-area";
	char element[512];
	for (size_t i = 0; i < n; i++) {
		int len =
		    snprintf(element, sizeof element,
		             "<div class=\"item-%zu %s\">A reply, with words.</div>", i, names);
		put(b, element, (size_t)len);
	}
}

/* Elements named with a boilerplate word, nested as deep as the tree
 * allows and then side by side: evidence checks walk ancestors. */
static void nested_named(buffer *b, size_t n)
{
	puts_n(
	    b,
	    "<div class=\"comment\"><span class=\"comment-text\">A reply, with words in it.</span>",
	    n);
}

static void escaped_noscript(buffer *b, size_t n)
{
	puts_n(b, "<noscript>&lt;img src=\"pixel.gif\"&gt;</noscript><p>Text.</p>", n);
}

/* A title of n letters and n headings that almost occur in it: each
 * heading is looked for in the title. */
static void headings_in_title(buffer *b, size_t n)
{
	put(b, "<title>", 7);
	puts_n(b, "a", n);
	put(b, "</title>", 8);
	puts_n(b, "<h1>aaaaaaab</h1>", n);
}

/* Distinct paragraphs whose FNV-1a hashes (the de-duplication's) all
 * fall in the first 1024 slots of any table of up to 2^18 slots: what a
 * page made to flood the hash table looks like. The suffixes are
 * enumerated, so the hash of the fixed prefix is computed once. */
static void colliding_paragraphs(buffer *b, size_t n)
{
	static const char prefix[] = "floodingparagraph";
	uint32_t h[8];
	h[0] = 2166136261u;
	for (size_t i = 0; i < sizeof prefix - 1; i++)
		h[0] = (h[0] ^ (unsigned char)prefix[i]) * 16777619u;
	char suffix[8] = {0};
	int depth = 0;
	size_t found = 0;
	/* Depth-first over 7-letter suffixes, h[k] the hash after k letters. */
	suffix[0] = 'a' - 1;
	while (found < n && depth >= 0) {
		if (++suffix[depth] > 'z') {
			depth--;
			continue;
		}
		h[depth + 1] = (h[depth] ^ (unsigned char)suffix[depth]) * 16777619u;
		if (depth < 6) {
			suffix[++depth] = 'a' - 1;
			continue;
		}
		if ((h[7] & 0x3FFFF) < 1024) {
			put(b, "<p>", 3);
			put(b, prefix, sizeof prefix - 1);
			put(b, suffix, 7);
			put(b, "</p>", 4);
			found++;
		}
	}
}

/* An <ol start> value that holds a character reference is a copy in the
 * tree's arena, not a span of the input; at this length it has an arena
 * chunk of its own, exactly its size (a multiple of 16). The extractor
 * once read it with atoi, past the end of the chunk (make asan). */
static void long_list_start(buffer *b, size_t n)
{
	put(b, "<ol start=\"&#49;", 16);
	puts_n(b, "1", n - 1);
	put(b, "\"><li>item</ol>", 15);
}

typedef struct pathological {
	const char *name;
	void (*build)(buffer *, size_t);
	size_t n;            /* the smaller size; the larger is 4n */
	size_t text_per_rep; /* text bytes each repetition must keep, or 0 */
	/* Bytes of extracted text at size n, or NULL for no check. */
	size_t (*extracted)(size_t n);
} pathological;

/* Parsed and extracted. */
static const pathological cases[] = {
    {"100k nested <div>", nested_div, 25000, 1, NULL},
    {"100k nested <b>", nested_b, 25000, 1, NULL},
    {"20k nested <table>", nested_table, 5000, 1, NULL},
    {"20k nested <table><tr><td>", nested_cells, 5000, 1, NULL},
    {"100k unclosed <a>", unclosed_a, 25000, 1, NULL},
    {"100k misnested <b><i><p>", misnested, 25000, 1, NULL},
    {"one tag with 100k attributes", many_attributes, 25000, 0, NULL},
    {"one tag with 100k duplicate attributes", duplicate_attributes, 25000, 0, NULL},
    {"10 MB attribute value", long_attribute, 2500000, 0, NULL},
    {"50 MB of <div>", flat_div, 2500000, 0, NULL},
    {"unclosed <script> at EOF (10 MB)", unclosed_script, 200000, 0, NULL},
    {"unclosed comment at EOF (10 MB)", unclosed_comment, 1250000, 0, NULL},
    {"unclosed <textarea> at EOF (10 MB)", unclosed_textarea, 300000, 0, NULL},
    {"NUL bytes (8 MB)", nul_bytes, 250000, 0, NULL},
    {"invalid UTF-8 (10 MB)", invalid_utf8, 2500000, 0, NULL},
    {"character references (8 MB)", many_entities, 60000, 0, NULL},
    {"100k nested svg/math", deep_foreign, 25000, 1, NULL},
};

/* Extracted only. */
static const pathological extraction_cases[] = {
    {"100k nested <ol><li>", nested_lists, 25000, 0, NULL},
    {"100k <h1>", many_headings, 25000, 0, NULL},
    {"1M tiny <p>x</p>", tiny_paragraphs, 250000, 0, NULL},
    {"one 20 MB word", long_word, 5000000, 0, all_of_it},
    {"100k identical paragraphs", identical_paragraphs, 25000, 0, one_paragraph},
    {"100k teasers opening alike", teasers, 12500, 0, NULL},
    {"100k long boilerplate class names", boilerplate_classes, 25000, 0, NULL},
    {"100k nested named elements", nested_named, 25000, 0, NULL},
    {"100k <noscript> of escaped markup", escaped_noscript, 25000, 0, NULL},
    {"16k headings nearly in a 16k title", headings_in_title, 4000, 0, NULL},
    {"20k paragraphs of colliding hashes", colliding_paragraphs, 5000, 0, NULL},
    {"10 MB <ol start> value, copied", long_list_start, 2500000, 0, NULL},
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef enum stage { STAGE_PARSE, STAGE_EXTRACT } stage;

typedef struct measurement {
	pith_status status; /* of the last run */
	double seconds;     /* the best run's */
	pith_tree_stats stats;
	size_t text_length; /* extracted */
	size_t memory;      /* what the context held after the run */
} measurement;

/* Best of RUNS parses (with a walk of the tree) or extractions of input,
 * each with a fresh context. */
static void measure(const buffer *input, stage what, measurement *m)
{
	memset(m, 0, sizeof *m);
	m->seconds = 1e9;
	for (int run = 0; run < RUNS; run++) {
		pith_ctx *ctx = pith_ctx_new();
		if (!ctx) {
			m->status = PITH_ERROR_NOMEM;
			return;
		}
		double start = now_seconds();
		if (what == STAGE_PARSE) {
			m->status = pith_ctx_parse(ctx, input->data, input->length, NULL);
			if (m->status == PITH_OK)
				pith_ctx_walk_tree(ctx, &m->stats);
		} else {
			pith_result result;
			m->status =
			    pith_ctx_extract(ctx, input->data, input->length, NULL, &result);
			m->text_length = result.text_length;
		}
		double elapsed = now_seconds() - start;
		if (elapsed < m->seconds)
			m->seconds = elapsed;
		m->memory = pith_ctx_memory(ctx);
		pith_ctx_free(ctx);
		if (m->status != PITH_OK || elapsed > STABLE_SECONDS)
			break;
	}
}

static void run_case(const pathological *c, stage what)
{
	double seconds[2];
	size_t sizes[2];
	for (int scale = 0; scale < 2; scale++) {
		buffer input = {0};
		size_t n = c->n * (scale ? 4 : 1);
		c->build(&input, n);
		sizes[scale] = input.length;
		measurement m;
		measure(&input, what, &m);
		seconds[scale] = m.seconds;
		char what_happened[160];
		snprintf(what_happened, sizeof what_happened, "status %s at %zu bytes",
		         pith_strerror(m.status), input.length);
		check(m.status == PITH_OK, c->name, what_happened);
		snprintf(what_happened, sizeof what_happened, "%.2f s at %zu bytes", m.seconds,
		         input.length);
		check(m.seconds < MAX_SECONDS, c->name, what_happened);
		size_t per_byte =
		    what == STAGE_PARSE ? MEMORY_PER_INPUT_BYTE : EXTRACT_MEMORY_PER_INPUT_BYTE;
		snprintf(what_happened, sizeof what_happened,
		         "holds %zu bytes for %zu bytes of input", m.memory, input.length);
		check(m.memory <= per_byte * input.length + (1u << 20), c->name, what_happened);
		if (what == STAGE_PARSE) {
			snprintf(what_happened, sizeof what_happened, "tree depth %zu",
			         m.stats.max_depth);
			/* document, html, body, then elements up to the limit */
			check(m.stats.max_depth <= PITH_MAX_DEPTH + 2, c->name, what_happened);
			if (c->text_per_rep) {
				snprintf(what_happened, sizeof what_happened,
				         "kept %zu text bytes of %zu", m.stats.text_bytes,
				         n * c->text_per_rep);
				check(m.stats.text_bytes == n * c->text_per_rep, c->name,
				      what_happened);
			}
		} else if (c->extracted && m.status == PITH_OK) {
			snprintf(what_happened, sizeof what_happened,
			         "extracted %zu bytes, not %zu", m.text_length, c->extracted(n));
			check(m.text_length == c->extracted(n), c->name, what_happened);
		}
		free(input.data);
	}
	double ratio = seconds[1] / (seconds[0] > 1e-6 ? seconds[0] : 1e-6);
	printf("%-40s %9zu bytes %8.4f s   %9zu bytes %8.4f s   x%.1f\n", c->name, sizes[0],
	       seconds[0], sizes[1], seconds[1], ratio);
	if (seconds[0] >= MEANINGFUL_SECONDS) {
		char what_happened[96];
		snprintf(what_happened, sizeof what_happened, "4x the input took %.1fx the time",
		         ratio);
		check(ratio < LINEAR_RATIO_BOUND, c->name, what_happened);
	}
}

/* A context reused after a huge page gives most of its memory back. */
static void check_memory_given_back(const buffer *huge, stage what)
{
	static const char small[] = "<p>small";
	pith_ctx *ctx = pith_ctx_new();
	pith_result result;
	pith_status status = what == STAGE_PARSE
	                         ? pith_ctx_parse(ctx, huge->data, huge->length, NULL)
	                         : pith_ctx_extract(ctx, huge->data, huge->length, NULL, &result);
	size_t after_huge = pith_ctx_memory(ctx);
	if (status == PITH_OK)
		status = what == STAGE_PARSE
		             ? pith_ctx_parse(ctx, small, sizeof small - 1, NULL)
		             : pith_ctx_extract(ctx, small, sizeof small - 1, NULL, &result);
	size_t after_small = pith_ctx_memory(ctx);
	pith_ctx_free(ctx);
	const char *name =
	    what == STAGE_PARSE ? "memory given back" : "memory given back by extraction";
	char what_happened[128];
	snprintf(what_happened, sizeof what_happened,
	         "holds %zu bytes after a small page (%zu after the huge one)", after_small,
	         after_huge);
	check(status == PITH_OK && after_small <= RETAINED_BYTES_BOUND, name, what_happened);
	printf("%-40s %zu bytes held after 50 MB of <div>, %zu after the next page\n", name,
	       after_huge, after_small);
}

int main(void)
{
	buffer huge = {0};
	flat_div(&huge, 10000000);

	printf("parse + walk:\n");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], STAGE_PARSE);
	check_memory_given_back(&huge, STAGE_PARSE);

	printf("extraction:\n");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], STAGE_EXTRACT);
	for (size_t i = 0; i < sizeof extraction_cases / sizeof extraction_cases[0]; i++)
		run_case(&extraction_cases[i], STAGE_EXTRACT);
	check_memory_given_back(&huge, STAGE_EXTRACT);
	free(huge.data);

	printf("limits: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
