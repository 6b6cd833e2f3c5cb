/* Pathological inputs: each must parse without error in linear time and
 * bounded memory, keep its text, and keep the tree within PITH_MAX_DEPTH.
 *
 * Linear time is checked as a ratio, not a speed: each input is built at
 * size n and 4n, and the larger must take less than LINEAR_RATIO_BOUND
 * times as long (linear work gives about 4, quadratic 16). Times are the
 * best of RUNS runs so a busy machine does not fail the test. */
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
/* Memory may grow only linearly. Real pages stay under 8 bytes held per
 * input byte (make bench reports the worst), but markup made only of the
 * shortest tags ("<b>", 3 bytes, one 48-byte node) needs about 16, plus
 * the node array's doubling slack: 40 bounds every case here. */
#define MEMORY_PER_INPUT_BYTE 40
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
	puts_n(b, "&amp;&notit;&#x1F600;&#9999999999;", n);
}

static void deep_foreign(buffer *b, size_t n)
{
	puts_n(b, "<svg><g><math><mi>x", n);
}

typedef struct pathological {
	const char *name;
	void (*build)(buffer *, size_t);
	size_t n;            /* the smaller size; the larger is 4n */
	size_t text_per_rep; /* text bytes each repetition must keep, or 0 */
} pathological;

static const pathological cases[] = {
    {"100k nested <div>", nested_div, 25000, 1},
    {"100k nested <b>", nested_b, 25000, 1},
    {"20k nested <table>", nested_table, 5000, 1},
    {"20k nested <table><tr><td>", nested_cells, 5000, 1},
    {"100k unclosed <a>", unclosed_a, 25000, 1},
    {"100k misnested <b><i><p>", misnested, 25000, 1},
    {"one tag with 100k attributes", many_attributes, 25000, 0},
    {"one tag with 100k duplicate attributes", duplicate_attributes, 25000, 0},
    {"10 MB attribute value", long_attribute, 2500000, 0},
    {"50 MB of <div>", flat_div, 2500000, 0},
    {"unclosed <script> at EOF (10 MB)", unclosed_script, 200000, 0},
    {"unclosed comment at EOF (10 MB)", unclosed_comment, 1250000, 0},
    {"unclosed <textarea> at EOF (10 MB)", unclosed_textarea, 300000, 0},
    {"NUL bytes (8 MB)", nul_bytes, 250000, 0},
    {"invalid UTF-8 (10 MB)", invalid_utf8, 2500000, 0},
    {"character references (8 MB)", many_entities, 60000, 0},
    {"100k nested svg/math", deep_foreign, 25000, 1},
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Best of RUNS parses of input with a fresh context each; fills stats and
 * the memory the context held. Returns the status of the last parse. */
static pith_status measure(const buffer *input, double *seconds, pith_tree_stats *stats,
                           size_t *memory)
{
	pith_status status = PITH_OK;
	*seconds = 1e9;
	for (int run = 0; run < RUNS; run++) {
		pith_ctx *ctx = pith_ctx_new();
		if (!ctx)
			return PITH_ERROR_NOMEM;
		double start = now_seconds();
		status = pith_ctx_parse(ctx, input->data, input->length, NULL);
		if (status == PITH_OK)
			pith_ctx_walk_tree(ctx, stats);
		double elapsed = now_seconds() - start;
		if (elapsed < *seconds)
			*seconds = elapsed;
		*memory = pith_ctx_memory(ctx);
		pith_ctx_free(ctx);
		if (status != PITH_OK || elapsed > MAX_SECONDS)
			break;
	}
	return status;
}

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const pathological *c = &cases[i];
		double seconds[2];
		size_t sizes[2];
		for (int scale = 0; scale < 2; scale++) {
			buffer input = {0};
			size_t n = c->n * (scale ? 4 : 1);
			c->build(&input, n);
			sizes[scale] = input.length;
			pith_tree_stats stats = {0};
			size_t memory = 0;
			pith_status status = measure(&input, &seconds[scale], &stats, &memory);
			char what[160];
			snprintf(what, sizeof what, "status %s at %zu bytes", pith_strerror(status),
			         input.length);
			check(status == PITH_OK, c->name, what);
			snprintf(what, sizeof what, "%.2f s at %zu bytes", seconds[scale],
			         input.length);
			check(seconds[scale] < MAX_SECONDS, c->name, what);
			snprintf(what, sizeof what, "holds %zu bytes for %zu bytes of input",
			         memory, input.length);
			check(memory <= MEMORY_PER_INPUT_BYTE * input.length + (1u << 20), c->name,
			      what);
			snprintf(what, sizeof what, "tree depth %zu", stats.max_depth);
			/* document, html, body, then elements up to the limit */
			check(stats.max_depth <= PITH_MAX_DEPTH + 2, c->name, what);
			if (c->text_per_rep) {
				snprintf(what, sizeof what, "kept %zu text bytes of %zu",
				         stats.text_bytes, n * c->text_per_rep);
				check(stats.text_bytes == n * c->text_per_rep, c->name, what);
			}
			free(input.data);
		}
		double ratio = seconds[1] / (seconds[0] > 1e-6 ? seconds[0] : 1e-6);
		printf("%-40s %9zu bytes %8.4f s   %9zu bytes %8.4f s   x%.1f\n", c->name, sizes[0],
		       seconds[0], sizes[1], seconds[1], ratio);
		if (seconds[0] >= MEANINGFUL_SECONDS) {
			char what[96];
			snprintf(what, sizeof what, "4x the input took %.1fx the time", ratio);
			check(ratio < LINEAR_RATIO_BOUND, c->name, what);
		}
	}
	/* A context reused after a huge page gives most of its memory back. */
	buffer huge = {0};
	flat_div(&huge, 10000000);
	pith_ctx *ctx = pith_ctx_new();
	pith_status status = pith_ctx_parse(ctx, huge.data, huge.length, NULL);
	size_t after_huge = pith_ctx_memory(ctx);
	if (status == PITH_OK)
		status = pith_ctx_parse(ctx, "<p>small", 8, NULL);
	size_t after_small = pith_ctx_memory(ctx);
	char what[128];
	snprintf(what, sizeof what, "holds %zu bytes after a small page (%zu after the huge one)",
	         after_small, after_huge);
	check(status == PITH_OK && after_small <= RETAINED_BYTES_BOUND, "memory given back", what);
	printf("%-40s %zu bytes held after 50 MB of <div>, %zu after the next page\n",
	       "memory given back", after_huge, after_small);
	pith_ctx_free(ctx);
	free(huge.data);

	printf("limits: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
