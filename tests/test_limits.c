/* Pathological inputs: each must parse without error in linear work and
 * bounded memory, keep its text, and keep the tree within PITH_MAX_DEPTH;
 * and each, with inputs aimed at the extraction steps (list numbering,
 * de-duplication, teasers, the headline, class-name evidence), must be
 * extracted in linear work and bounded memory too. After the largest,
 * the same context given a small page must give the memory back.
 *
 * Linear work is checked as a ratio of work counted, never of time (a
 * busy machine stretches times, and noise can hide a quadratic path):
 * each input is built at size n and 4n, parsed or extracted once at each
 * size, and each count of tests/work_count.h (pith's basic blocks run,
 * bytes its libc calls went through, bytes it allocated) must grow less
 * than LINEAR_RATIO_BOUND times. The counts are exact and the same on
 * every run of a build, so one run a size is enough. What they leave out
 * (shared libraries' work, the kernel's) is listed in work_count.h. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "work_count.h"

/* 4x the input: linear work gives 4 (less with a fixed cost), n log n
 * about 4.5 at these sizes, n^1.5 8, quadratic 16. The counts have no
 * noise, so the bound can sit just above n log n. */
#define LINEAR_RATIO_BOUND 6.0
/* A count smaller than this at the larger size is a fixed cost (a
 * context's first arrays, a table of entities), not work done for the
 * input: its ratio says nothing about growth. */
#define MEANINGFUL_COUNT_PER_INPUT_BYTE 1
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
/* What a context may keep after a huge page once it has parsed (or
 * extracted) a small one: the arena's retained chunk (16 MiB at most) and
 * small arrays. */
#define RETAINED_BYTES_BOUND ((size_t)24 * 1024 * 1024)

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

/* An article's paragraph, then n slides whose counters all differ in
 * their count ("1/1000", "2/1001", ...): each count is tracked until four
 * are, the rest passed over. */
static void slide_counters(buffer *b, size_t n)
{
	put(b, "<article>", 9);
	puts_n(b, "<p>The harbour works begin on Monday and close the north quay.</p>", 10);
	char slide[96];
	for (size_t i = 0; i < n; i++) {
		int len = snprintf(slide, sizeof slide,
		                   "<div><p>%zu/%zu A slide</p><p>Its caption.</p></div>",
		                   i % 999 + 1, i % 999 + 1 + i % 7);
		put(b, slide, (size_t)len);
	}
	put(b, "</article>", 10);
}

/* An article's paragraphs, then n lists of three cards, each list inside
 * the last: the cards of every list are read once. */
static void nested_card_lists(buffer *b, size_t n)
{
	put(b, "<article>", 9);
	puts_n(b, "<p>The harbour works begin on Monday and close the north quay.</p>", 10);
	puts_n(b,
	       "<div><div><a href=\"/a\">A teaser title of words</a><p>An excerpt.</p></div>"
	       "<div><a href=\"/b\">A teaser title of words</a><p>An excerpt.</p></div>"
	       "<div><a href=\"/c\">A teaser title of words</a><p>An excerpt.</p></div>",
	       n);
	put(b, "</article>", 10);
}

/* n <noscript> inside each other around n empty elements, each ending
 * in a line of text: were each looked through for its text, each would
 * read the whole nest. */
static void nested_noscripts(buffer *b, size_t n)
{
	puts_n(b, "<noscript>", n);
	puts_n(b, "<br>", n);
	puts_n(b,
	       "A line of text after the empty elements of this noscript."
	       "</noscript>",
	       n);
}

typedef struct pathological {
	const char *name;
	void (*build)(buffer *, size_t);
	size_t n;            /* the smaller size; the larger is 4n */
	size_t text_per_rep; /* text bytes each repetition must keep, or 0 */
	/* Bytes of extracted text at size n, or NULL for no check. */
	size_t (*extracted)(size_t n);
	/* At 4n the page grows everything a context keeps past its retain
	 * size: after it, a small page must leave the context holding under
	 * RETAINED_BYTES_BOUND. */
	bool huge;
} pathological;

/* Parsed and extracted. */
static const pathological cases[] = {
    {"100k nested <div>", nested_div, .n = 25000, .text_per_rep = 1},
    {"100k nested <b>", nested_b, .n = 25000, .text_per_rep = 1},
    {"20k nested <table>", nested_table, .n = 5000, .text_per_rep = 1},
    {"20k nested <table><tr><td>", nested_cells, .n = 5000, .text_per_rep = 1},
    {"100k unclosed <a>", unclosed_a, .n = 25000, .text_per_rep = 1},
    {"100k misnested <b><i><p>", misnested, .n = 25000, .text_per_rep = 1},
    {"one tag with 100k attributes", many_attributes, .n = 25000},
    {"one tag with 100k duplicate attributes", duplicate_attributes, .n = 25000},
    {"10 MB attribute value", long_attribute, .n = 2500000},
    {"50 MB of <div>", flat_div, .n = 2500000, .huge = true},
    {"unclosed <script> at EOF (10 MB)", unclosed_script, .n = 200000},
    {"unclosed comment at EOF (10 MB)", unclosed_comment, .n = 1250000},
    {"unclosed <textarea> at EOF (10 MB)", unclosed_textarea, .n = 300000},
    {"NUL bytes (8 MB)", nul_bytes, .n = 250000},
    {"invalid UTF-8 (10 MB)", invalid_utf8, .n = 2500000},
    {"character references (8 MB)", many_entities, .n = 60000},
    {"100k nested svg/math", deep_foreign, .n = 25000, .text_per_rep = 1},
};

/* Extracted only. */
static const pathological extraction_cases[] = {
    {"100k nested <ol><li>", nested_lists, .n = 25000},
    {"100k <h1>", many_headings, .n = 25000},
    {"1M tiny <p>x</p>", tiny_paragraphs, .n = 250000},
    {"one 20 MB word", long_word, .n = 5000000, .extracted = all_of_it},
    {"100k identical paragraphs", identical_paragraphs, .n = 25000, .extracted = one_paragraph},
    {"100k teasers opening alike", teasers, .n = 12500},
    {"100k long boilerplate class names", boilerplate_classes, .n = 25000},
    {"100k nested named elements", nested_named, .n = 25000},
    {"100k <noscript> of escaped markup", escaped_noscript, .n = 25000},
    {"16k headings nearly in a 16k title", headings_in_title, .n = 4000},
    {"20k paragraphs of colliding hashes", colliding_paragraphs, .n = 5000},
    {"10 MB <ol start> value, copied", long_list_start, .n = 2500000},
    {"100k slide counters of many counts", slide_counters, .n = 25000},
    {"25k nested lists of cards", nested_card_lists, .n = 6000},
    {"25k nested <noscript> of text", nested_noscripts, .n = 6000},
};

typedef enum stage { STAGE_PARSE, STAGE_EXTRACT } stage;

typedef struct measurement {
	pith_status status;
	work_count work;
	pith_tree_stats stats;
	size_t text_length;     /* extracted */
	size_t memory;          /* what the context held after the run */
	size_t memory_retained; /* and after a small page next, if asked */
} measurement;

/* Parses (with a walk of the tree) or extracts page with ctx. */
static pith_status run_stage(pith_ctx *ctx, const char *page, size_t length, stage what,
                             measurement *m)
{
	if (what == STAGE_EXTRACT) {
		const pith_result *result;
		pith_status status = (result = pith_ctx_extract(ctx, page, length, NULL))->status;
		m->text_length = result->text_length;
		return status;
	}
	pith_status status = pith_ctx_parse(ctx, page, length, NULL);
	if (status == PITH_OK)
		pith_ctx_walk_tree(ctx, &m->stats);
	return status;
}

/* One parse or extraction of input with a fresh context, its work
 * counted, then, if small_next, a small page with the same context. */
static void measure(const buffer *input, stage what, bool small_next, measurement *m)
{
	static const char small[] = "<p>small";
	memset(m, 0, sizeof *m);
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx) {
		m->status = PITH_ERROR_NOMEM;
		return;
	}
	work_count_reset();
	m->status = run_stage(ctx, input->data, input->length, what, m);
	m->work = work_count_read();
	m->memory = pith_ctx_memory(ctx);
	if (small_next && m->status == PITH_OK) {
		measurement after;
		m->status = run_stage(ctx, small, sizeof small - 1, what, &after);
		m->memory_retained = pith_ctx_memory(ctx);
	}
	pith_ctx_free(ctx);
}

/* How much one count grew from the smaller input to the larger, checked
 * when it is work done for the input. Returns the ratio, 0 when not
 * checked. */
static double check_growth(const pathological *c, const char *count_name,
                           unsigned long long smaller, unsigned long long larger,
                           size_t larger_input)
{
	if (larger < (unsigned long long)MEANINGFUL_COUNT_PER_INPUT_BYTE * larger_input)
		return 0;
	double ratio = smaller ? (double)larger / (double)smaller : INFINITY;
	char what_happened[128];
	snprintf(what_happened, sizeof what_happened, "4x the input took %.2fx the %s", ratio,
	         count_name);
	check(ratio < LINEAR_RATIO_BOUND, c->name, what_happened);
	return ratio;
}

static void run_case(const pathological *c, stage what)
{
	work_count work[2];
	size_t larger_size = 0;
	for (int scale = 0; scale < 2; scale++) {
		buffer input = {0};
		size_t n = c->n * (scale ? 4 : 1);
		c->build(&input, n);
		larger_size = input.length;
		measurement m;
		bool small_next = c->huge && scale == 1;
		measure(&input, what, small_next, &m);
		work[scale] = m.work;
		char what_happened[160];
		snprintf(what_happened, sizeof what_happened, "status %s at %zu bytes",
		         pith_strerror(m.status), input.length);
		check(m.status == PITH_OK, c->name, what_happened);
		/* Both hooks of the counted library were called: the test is not
		 * linked against an uncounted one. */
		snprintf(what_happened, sizeof what_happened,
		         "%llu blocks and %llu library bytes counted", m.work.blocks,
		         m.work.library_bytes);
		check(m.work.blocks > 0 && m.work.library_bytes > 0, c->name, what_happened);
		size_t per_byte =
		    what == STAGE_PARSE ? MEMORY_PER_INPUT_BYTE : EXTRACT_MEMORY_PER_INPUT_BYTE;
		snprintf(what_happened, sizeof what_happened,
		         "holds %zu bytes for %zu bytes of input", m.memory, input.length);
		check(m.memory <= per_byte * input.length + (1u << 20), c->name, what_happened);
		if (small_next) {
			snprintf(what_happened, sizeof what_happened,
			         "holds %zu bytes after a small page (%zu after %zu bytes)",
			         m.memory_retained, m.memory, input.length);
			check(m.memory_retained <= RETAINED_BYTES_BOUND, c->name, what_happened);
			printf("%s: %zu bytes held after %zu bytes, %zu after the next page\n",
			       what == STAGE_PARSE ? "memory given back"
			                           : "memory given back by extraction",
			       m.memory, input.length, m.memory_retained);
		}
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
	double blocks = check_growth(c, "blocks", work[0].blocks, work[1].blocks, larger_size);
	double library = check_growth(c, "library bytes", work[0].library_bytes,
	                              work[1].library_bytes, larger_size);
	double allocated = check_growth(c, "bytes allocated", work[0].allocated_bytes,
	                                work[1].allocated_bytes, larger_size);
	printf("%-40s %9zu %11llu  x%.2f x%.2f x%.2f\n", c->name, larger_size, work[1].blocks,
	       blocks, library, allocated);
}

/* Ratios of 0.00 are fixed costs, not checked (MEANINGFUL_COUNT_PER_INPUT_BYTE). */
static const char columns[] = "%-40s %9s %11s  %s\n";

int main(void)
{
	printf("parse + walk:\n");
	printf(columns, "input at 4n", "bytes", "blocks", "growth: blocks library allocated");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], STAGE_PARSE);

	printf("extraction:\n");
	printf(columns, "input at 4n", "bytes", "blocks", "growth: blocks library allocated");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], STAGE_EXTRACT);
	for (size_t i = 0; i < sizeof extraction_cases / sizeof extraction_cases[0]; i++)
		run_case(&extraction_cases[i], STAGE_EXTRACT);

	printf("limits: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
