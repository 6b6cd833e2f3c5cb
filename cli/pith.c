/* The pith command: prints pages' main content (the default mode), dumps
 * the parsed tree (--dump-tree) or measures speed and memory (--stat).
 * Uses only the public header. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "inputs.h"
#include "links_command.h"
#include "option_values.h"
#include "page_pool.h"
#include "pith.h"
#include "warc_command.h"

static const char synopsis[] =
    "usage: pith [--format text|markdown|json|html] [--images] [--comments]\n"
    "            [--url URL] [--favor F] [--charset LABEL] [--language LIST]\n"
    "            [--page-type TYPE] [--recursive] [--threads N] [--timeout SECONDS]\n"
    "            [--input-list FILE|-] [URL|FILE|DIR|-]...\n"
    "       pith --dump-tree [--fragment CONTEXT] [--charset LABEL] FILE|-\n"
    "       pith --stat [--repeat N] [--format F] [--images] [--favor F]\n"
    "            [--language LIST] [--charset LABEL] [--recursive] FILE|DIR...\n"
    "       pith --stat --parse-only [--repeat N] [--charset LABEL] FILE|DIR...\n"
    "       pith warc [-o OUT.jsonl[.gz]] [--threads N] [--resume] [--format F]\n"
    "                 [--dedup] FILE.warc[.gz|.zst|.lz4|.bz2]...\n"
    "       pith links [--timeout SECONDS] SITEMAP|FEED|URL...\n";

static const char options_help[] =
    "\n"
    "Prints the main content of each page: the text its author wrote, without the\n"
    "navigation, comments and widgets around it. An input starting http:// or\n"
    "https:// is fetched. No input, or -, is standard input (at a terminal, Ctrl-D\n"
    "ends it). A directory stands for its pages, sorted by name: files named .html,\n"
    ".htm, .xhtml or .shtml, and others whose first bytes are HTML's; the files\n"
    "passed over are counted on standard error. Pages may be gzip, zstd or (named\n"
    ".br) brotli compressed. A WARC file, sitemap or feed is refused with the\n"
    "command that reads it (pith warc, pith links).\n"
    "\n"
    "  --format F          text (default; or txt): each page's text; when there are\n"
    "                      several pages, each starts with a line \"==> PATH <==\"\n"
    "                      and a blank line separates them. markdown (or md):\n"
    "                      CommonMark with GFM tables and footnotes. html: semantic\n"
    "                      HTML. json: one line per input, {\"source\",\"url\",\n"
    "                      \"title\",\"authors\",\"date_published\",...,\"word_count\",\n"
    "                      \"simhash\",\"text\",\"document\"} (docs/json-schema.md) or\n"
    "                      {\"source\",\"url\",\"error\"}; a fetched page's line has\n"
    "                      \"http_status\" and \"final_url\" after \"url\"\n"
    "  --images            markdown, html, json: keep the content's images\n"
    "  --comments          json: add the readers' comments, [{author,date,text}]\n"
    "  --url URL           markdown, html, json: the page's URL, the base of its\n"
    "                      relative links, and json's \"url\" when the page names no\n"
    "                      canonical one; every input gets it (a fetched page's\n"
    "                      own is the URL its redirects ended at; without it,\n"
    "                      links resolve against the page's absolute <base href>,\n"
    "                      else its absolute canonical URL, else stay relative)\n"
    "  --input-list FILE   read more inputs from FILE (- for standard input), one a\n"
    "                      line: a URL, a PATH, or PATH<TAB>URL (a saved page and\n"
    "                      its address); blank lines and # comments are skipped\n"
    "  --recursive, -r     walk directories' subdirectories too (depth first,\n"
    "                      sorted, at most 32 deep, symbolic link loops not entered)\n"
    "  --threads N         work on N inputs at once (default 1); output keeps the\n"
    "                      inputs' order\n"
    "  --timeout SECONDS   the longest a fetch may take (default 30; connecting:\n"
    "                      10 at most); redirects are followed up to 10\n"
    "  --favor F           precision (less noise), recall (fewer lost words) or\n"
    "                      balanced (the default)\n"
    "  --page-type TYPE    what the pages are, when you know it: article, forum,\n"
    "                      product, collection, listing, documentation or service;\n"
    "                      pages of a type but article are taken from their whole\n"
    "                      main landmark, not from its best part (without it,\n"
    "                      pith tells each page's type)\n"
    "  --charset LABEL     the charset the transport declared (HTTP Content-Type;\n"
    "                      a fetched page's header gives it when this is not set)\n"
    "  --language LIST     keep only pages whose detected language is listed\n"
    "                      (\"de,fr\"); another page gives json a line\n"
    "                      {\"source\",\"url\",\"skipped\":\"language\",\"language\",\n"
    "                      \"language_detected\",\"language_score\"}, and text a note\n"
    "                      on standard error\n"
    "  --dump-tree         print the parsed tree in the html5lib test format\n"
    "  --fragment CONTEXT  --dump-tree: parse as a fragment in CONTEXT (\"td\")\n"
    "  --stat              time extraction (decode, parse, main content in --format)\n"
    "                      over the files, held in memory, on one thread; print MB/s,\n"
    "                      pages/s, memory\n"
    "  --parse-only        --stat: time decode + parse + one tree walk instead\n"
    "  --repeat N          --stat: time N passes and report the median (default 5)\n"
    "  --help              this text\n"
    "  --version           pith's version\n"
    "\n"
    "An option the mode given cannot use is a usage error. One that the format\n"
    "leaves nothing to do (--images or --url with text, --comments with any format\n"
    "but json), or a second value for an option, is run with a warning.\n"
    "\n"
    "A fetched page with an HTTP status of 400 or more is a failure, not extracted.\n"
    "Exit status: 0 when every input succeeded, 1 when any failed, 2 for a usage\n"
    "error. Details: man pith (docs/pith.1).\n";

/* ---- Extraction (the default mode) ---- */

/* Where the inputs come from and how they are taken. */
typedef struct input_options {
	const char *list_path;  /* --input-list, or NULL */
	bool recursive;         /* --recursive */
	int threads;            /* --threads, 1 by default */
	double timeout_seconds; /* --timeout */
} input_options;

typedef struct extract_run {
	pith_ctx *ctx;
	pith_extract_options options;
	bool json;
	bool several; /* text, markdown, html: more than one input named, so pages get headers */
	bool written; /* text: a page has been written (the next needs a gap) */
	int failures;
	bool output_failed;
	/* The input being written: fetched pages add their status and the
	 * URL reached to JSON lines. */
	long http_status;
	const char *final_url;
} extract_run;

static int write_stdout(void *user, const char *data, size_t length)
{
	(void)user;
	return fwrite(data, 1, length, stdout) == length ? 0 : -1;
}

/* A JSON line (docs/json-schema.md) for the input at path: its page, or
 * with error its failure. A write error shows in ferror(stdout). */
static void write_json_line(const extract_run *run, const char *path, const pith_result *result,
                            const char *error)
{
	pith_record_info info = PITH_RECORD_INFO_INIT;
	info.source = path;
	info.url = run->options.url;
	info.error = error;
	/* A fetched page's status and the URL it ended at. */
	info.http_status = (int)run->http_status;
	info.final_url = run->final_url;
	unsigned flags = PITH_JSON_DOCUMENT | (run->options.comments ? PITH_JSON_COMMENTS : 0);
	if (pith_write_json_record(result, &info, flags, write_stdout, NULL) < 0 &&
	    !ferror(stdout)) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		exit(1);
	}
}

static void report_failure(extract_run *run, const char *path, const char *reason)
{
	run->failures++;
	/* Messages land after the pages before them when both streams go to
	 * one file. */
	fflush(stdout);
	fprintf(stderr, "pith: %s: %s\n", path, reason);
	if (run->json)
		write_json_line(run, path, NULL, reason);
}

/* A page --language left out: a JSON line that says so, or a note on
 * standard error, so that no input goes without a trace. */
static void write_skipped(extract_run *run, const char *path, const pith_result *result)
{
	const pith_metadata *m = result->metadata;
	if (!run->json) {
		fflush(stdout);
		fprintf(stderr, "pith: %s: skipped: language %s is not in %s\n", path,
		        *m->language_detected ? m->language_detected : "unknown",
		        run->options.languages);
		return;
	}
	write_json_line(run, path, result, NULL);
}

static void write_page(extract_run *run, const char *path, bool from_directory,
                       const pith_result *result)
{
	if (result->skipped) {
		write_skipped(run, path, result);
		return;
	}
	if (result->text_length == 0) {
		fflush(stdout);
		fprintf(stderr, "pith: %s: no main content found\n", path);
	}
	if (run->json) {
		write_json_line(run, path, result, NULL);
		return;
	}
	/* Pages are told apart the way head(1) does it: a blank line, then
	 * "==> PATH <==" before each. */
	if (run->several || from_directory)
		printf("%s==> %s <==\n", run->written ? "\n" : "", path);
	fwrite(result->text, 1, result->text_length, stdout);
	if (result->text_length == 0 || result->text[result->text_length - 1] != '\n')
		putchar('\n');
	run->written = true;
}

/* A thread's tools and the input it worked on last (cli/page_pool.h). */
typedef struct page_worker {
	const input_list *list;
	const pith_extract_options *base;
	pith_ctx *ctx;
	fetcher *fetcher; /* NULL when no input is a URL */
	loaded_input loaded;
	pith_extract_options options; /* base, with the input's URL and charset */
	const pith_result *result;    /* lent by ctx until its next page */
	const char *reason;           /* why the input failed, or NULL */
} page_worker;

/* Reads or fetches the input and extracts it (on a pool thread). The
 * page's URL is its own from --input-list, else --url, else the URL a
 * fetch ended at; the charset is --charset, else the HTTP header's. */
static void work_on_input(void *state, size_t index)
{
	page_worker *w = state;
	const input_item *item = &w->list->items[index];
	w->options = *w->base;
	w->reason = inputs_load(item, w->fetcher, &w->loaded);
	if (item->url)
		w->options.url = item->url;
	else if (!w->options.url && w->loaded.final_url)
		w->options.url = w->loaded.final_url;
	if (!w->options.charset && w->loaded.charset)
		w->options.charset = w->loaded.charset;
	if (!w->reason)
		w->reason = inputs_refusal(item, &w->loaded);
	if (!w->reason) {
		w->result = pith_ctx_extract(w->ctx, w->loaded.data, w->loaded.length, &w->options);
		if (w->result->status != PITH_OK)
			w->reason = pith_strerror(w->result->status);
	}
}

/* Writes the input a worker finished (on the main thread, in order). */
static bool write_input(void *user, size_t index, void *state)
{
	extract_run *run = user;
	const page_worker *w = state;
	const input_item *item = &w->list->items[index];
	run->options.url = w->options.url;
	run->http_status = w->loaded.http_status;
	run->final_url = w->loaded.final_url;
	if (w->reason)
		report_failure(run, item->source, w->reason);
	else
		write_page(run, item->source, item->from_directory, w->result);
	if (ferror(stdout)) {
		run->output_failed = true;
		return false;
	}
	return true;
}

/* The inputs named and listed (--input-list), directories expanded.
 * Returns false, having said why, when they could not all be listed. */
static bool list_inputs(char **paths, int count, const char *input_list_path, input_list *list)
{
	for (int i = 0; i < count; i++) {
		if (!inputs_add(list, paths[i], NULL)) {
			fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
			return false;
		}
	}
	if (input_list_path) {
		const char *reason = inputs_add_list_file(list, input_list_path);
		if (reason) {
			fprintf(stderr, "pith: %s: %s\n", input_list_path, reason);
			return false;
		}
	}
	return true;
}

static int extract_inputs(char **paths, int count, const pith_extract_options *options,
                          const input_options *inputs)
{
	bool json = options->format == PITH_FORMAT_JSON;
	static char *standard_input[] = {"-"};
	if (count == 0 && !inputs->list_path) {
		paths = standard_input;
		count = 1;
		/* Run without arguments at a terminal, pith would seem to hang:
		 * say what it waits for. Not for "-", which asks for it. */
		if (isatty(STDIN_FILENO))
			fputs("pith: reading HTML from standard input (Ctrl-D ends it; pith --help "
			      "for usage)\n",
			      stderr);
	}
	input_list list = {.recursive = inputs->recursive};
	if (!list_inputs(paths, count, inputs->list_path, &list)) {
		inputs_free(&list);
		return 1;
	}
	bool any_url = false;
	for (size_t i = 0; i < list.count; i++)
		any_url = any_url || list.items[i].is_url;
	if (any_url && !fetch_global_init()) {
		fputs("pith: libcurl could not be set up\n", stderr);
		inputs_free(&list);
		return 1;
	}
	extract_run run = {.options = *options, .json = json, .several = list.count > 1};
	int threads = inputs->threads;
	if ((size_t)threads > list.count)
		threads = list.count ? (int)list.count : 1;
	page_worker *workers = calloc((size_t)threads, sizeof *workers);
	void **states = calloc((size_t)threads, sizeof *states);
	bool ready = workers && states;
	for (int t = 0; ready && t < threads; t++) {
		workers[t] = (page_worker){.list = &list, .base = options, .ctx = pith_ctx_new()};
		if (any_url)
			workers[t].fetcher = fetcher_new(inputs->timeout_seconds);
		states[t] = &workers[t];
		ready = workers[t].ctx && (!any_url || workers[t].fetcher);
	}
	if (!ready || !pool_run(list.count, threads, states, work_on_input, write_input, &run)) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		run.failures++;
	}
	if (fflush(stdout) != 0 || ferror(stdout) || run.output_failed) {
		fprintf(stderr, "pith: writing output: %s\n", strerror(errno ? errno : EIO));
		run.failures++;
	}
	for (int t = 0; workers && t < threads; t++) {
		pith_ctx_free(workers[t].ctx);
		fetcher_free(workers[t].fetcher);
		loaded_input_free(&workers[t].loaded);
	}
	free(workers);
	free(states);
	inputs_free(&list);
	if (any_url)
		fetch_global_cleanup();
	return run.failures ? 1 : 0;
}

/* ---- --dump-tree ---- */

static int dump_tree(const char *path, const pith_parse_options *options)
{
	input_buffer buffer = {0};
	const char *reason = read_input(path, &buffer);
	if (reason) {
		fprintf(stderr, "pith: %s: %s\n", path, reason);
		free(buffer.data);
		return 1;
	}
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		free(buffer.data);
		return 1;
	}
	int rc = 0;
	pith_status status = pith_ctx_parse(ctx, buffer.data, buffer.length, options);
	if (status != PITH_OK) {
		fprintf(stderr, "pith: %s: %s\n", path, pith_strerror(status));
		rc = 1;
	} else if (pith_ctx_dump_tree(ctx, write_stdout, NULL) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "pith: writing output: %s\n", strerror(errno));
		rc = 1;
	}
	pith_ctx_free(ctx);
	free(buffer.data);
	return rc;
}

/* ---- --stat ---- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef struct page {
	char *path;
	char *data;
	size_t length;
} page;

typedef struct stat_run {
	bool parse_only; /* time decode+parse+walk instead of extraction */
	pith_extract_options options;
	page *pages;
	size_t count, capacity;
	int unreadable;
} stat_run;

static bool load_page(void *state, const char *path, bool from_directory, const char *reason)
{
	stat_run *run = state;
	input_buffer buffer = {0};
	if (!reason)
		reason = read_input(path, &buffer);
	if (!reason && run->count == run->capacity) {
		size_t capacity = run->capacity ? run->capacity * 2 : 64;
		page *bigger = realloc(run->pages, capacity * sizeof *bigger);
		if (bigger) {
			run->pages = bigger;
			run->capacity = capacity;
		}
	}
	char *copy = reason ? NULL : strdup(path);
	if (!reason && (!copy || run->count == run->capacity))
		reason = strerror(ENOMEM);
	if (reason) {
		fprintf(stderr, "pith: %s: %s\n", path, reason);
		run->unreadable++;
		free(buffer.data);
		free(copy);
		return true;
	}
	run->pages[run->count++] = (page){copy, buffer.data, buffer.length};
	return true;
}

/* One page through what --stat measures. Adds to *amount the tree's nodes
 * (--parse-only) or the text's bytes. */
static pith_status measure_page(const stat_run *run, pith_ctx *ctx, const page *p, size_t *amount)
{
	if (run->parse_only) {
		pith_parse_options options = PITH_PARSE_OPTIONS_INIT;
		options.charset = run->options.charset;
		pith_status status = pith_ctx_parse(ctx, p->data, p->length, &options);
		if (status == PITH_OK) {
			pith_tree_stats stats;
			pith_ctx_walk_tree(ctx, &stats);
			*amount += stats.nodes;
		}
		return status;
	}
	const pith_result *result = pith_ctx_extract(ctx, p->data, p->length, &run->options);
	if (result->status == PITH_OK)
		*amount += result->text_length + result->document_length;
	return result->status;
}

/* --stat: the benchmark's measuring instrument. Files are read first so
 * the timed passes do no I/O; each pass takes every page once through one
 * reused context, as a batch run does. */
static int stat_inputs(char **paths, int count, bool recursive, int repeat, stat_run *run)
{
	double *seconds = calloc((size_t)repeat, sizeof *seconds);
	pith_ctx *ctx = pith_ctx_new();
	if (!seconds || !ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		free(seconds);
		pith_ctx_free(ctx);
		return 1;
	}
	input_list list = {.recursive = recursive};
	for (int i = 0; i < count; i++) {
		if (!inputs_add(&list, paths[i], NULL))
			fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
	}
	for (size_t i = 0; i < list.count; i++) {
		const input_item *item = &list.items[i];
		load_page(run, item->source, item->from_directory, item->reason);
	}
	inputs_free(&list);
	size_t total_bytes = 0;
	for (size_t i = 0; i < run->count; i++)
		total_bytes += run->pages[i].length;

	/* Memory bound per page: a fresh context per page, so what it holds
	 * afterwards is what that page alone needed. This pass also names the
	 * pages that fail. */
	double worst_ratio = 0;
	size_t worst_permille_of_bound = 0;
	const char *worst_page = "";
	for (size_t i = 0; i < run->count; i++) {
		const page *p = &run->pages[i];
		pith_ctx *fresh = pith_ctx_new();
		size_t ignored = 0;
		pith_status status =
		    fresh ? measure_page(run, fresh, p, &ignored) : PITH_ERROR_NOMEM;
		if (status != PITH_OK) {
			fprintf(stderr, "pith: %s: %s\n", p->path, pith_strerror(status));
			pith_ctx_free(fresh);
			continue;
		}
		size_t held = pith_ctx_memory(fresh);
		double ratio = p->length ? (double)held / p->length : 0;
		/* The bar: held <= 8 * size + 1 MiB. Report the page closest to it. */
		size_t allowance = 8 * p->length + (1u << 20);
		size_t permille_of_bound = held * 1000 / allowance;
		if (permille_of_bound > worst_permille_of_bound) {
			worst_permille_of_bound = permille_of_bound;
			worst_ratio = ratio;
			worst_page = p->path;
		}
		pith_ctx_free(fresh);
	}

	size_t errors = 0, amount = 0;
	for (int r = 0; r < repeat; r++) {
		double start = now_seconds();
		for (size_t i = 0; i < run->count; i++) {
			if (measure_page(run, ctx, &run->pages[i], &amount) != PITH_OK)
				errors++;
		}
		seconds[r] = now_seconds() - start;
	}
	qsort(seconds, (size_t)repeat, sizeof *seconds, compare_doubles);
	double median = seconds[repeat / 2];
	struct rusage resources;
	getrusage(RUSAGE_SELF, &resources);

	double mb = total_bytes / 1e6;
	bool images = run->options.images && run->options.format != PITH_FORMAT_TEXT;
	if (run->parse_only)
		printf("measured         decode + parse + one tree walk (--parse-only)\n");
	else
		printf("measured         extraction: decode + parse + main content as %s%s\n",
		       format_name(run->options.format), images ? " with images" : "");
	printf("pages            %zu (%d unreadable)\n", run->count, run->unreadable);
	printf("bytes            %zu\n", total_bytes);
	printf("passes           %d (median of the passes is reported)\n", repeat);
	printf("errors           %zu (pages failing per pass)\n", errors / (size_t)repeat);
	if (run->parse_only)
		printf("nodes per pass   %zu\n", amount / (size_t)repeat);
	else
		printf("output per pass  %zu bytes\n", amount / (size_t)repeat);
	printf("seconds          %.4f (min %.4f, max %.4f)\n", median, seconds[0],
	       seconds[repeat - 1]);
	printf("MB/s             %.1f\n", median > 0 ? mb / median : 0);
	printf("pages/s          %.0f\n", median > 0 ? run->count / median : 0);
	printf("peak RSS MB      %.1f (the process, pages held in memory included)\n",
	       resources.ru_maxrss / 1024.0);
	printf("worst page mem   %.2fx its size, %.0f%% of the 8x+1MiB bound (%s)\n", worst_ratio,
	       worst_permille_of_bound / 10.0, worst_page);

	for (size_t i = 0; i < run->count; i++) {
		free(run->pages[i].path);
		free(run->pages[i].data);
	}
	free(run->pages);
	free(seconds);
	pith_ctx_free(ctx);
	return run->unreadable || errors ? 1 : 0;
}

/* ---- Command line ---- */

static int usage_error(const char *format, const char *arg)
{
	fputs("pith: ", stderr);
	fprintf(stderr, format, arg);
	fprintf(stderr, "\n%sTry 'pith --help' for more information.\n", synopsis);
	return 2;
}

typedef enum mode { MODE_EXTRACT, MODE_DUMP, MODE_STAT } mode;

typedef struct command_line {
	mode mode;
	pith_parse_options parse_options;
	pith_extract_options extract_options;
	bool parse_only;
	int repeat;
	input_options inputs;
	char **files;
	int file_count;
} command_line;

/* The options of pith warc, refused here by name rather than as unknown. */
static bool is_warc_option(const char *arg)
{
	static const char *const names[] = {"-o", "--output", "--resume", "--quiet", "-q"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(arg, names[i]) == 0)
			return true;
	}
	return false;
}

static void warning(const char *format, const char *arg)
{
	fputs("pith: warning: ", stderr);
	fprintf(stderr, format, arg);
	fputc('\n', stderr);
}

/* Warns of the options the command takes but that the format given leaves
 * nothing to do (docs/pith.1, OPTIONS, says which and why they are not
 * errors). Options of another mode have been refused before. */
static void warn_without_effect(const command_line *command)
{
	const pith_extract_options *options = &command->extract_options;
	const char *format = format_name(options->format);
	if (options->images && options->format == PITH_FORMAT_TEXT)
		warning("--images does nothing with --format %s: text has no images", format);
	if (options->comments && options->format != PITH_FORMAT_JSON)
		warning("--comments does nothing with --format %s: only json writes the comments",
		        format);
	if (options->url && options->format == PITH_FORMAT_TEXT)
		warning("--url does nothing with --format %s: text has no links or URLs", format);
}

/* Reads the options into command. Returns -1 to go on, or the exit status
 * (0 after --help or --version, 2 for a usage error). An option that
 * cannot act in the mode given is a usage error; one that the mode takes
 * but the other options leave nothing to do is a warning. */
static int parse_command_line(int argc, char **argv, command_line *command)
{
	const char *mode_option = NULL;
	/* The last option given of those that only some modes take, to refuse
	 * it in the others. extraction_option: one of those that tune
	 * extraction, which --stat times, but --dump-tree and --stat
	 * --parse-only only parse. */
	const char *extract_only = NULL, *dump_only = NULL, *stat_only = NULL;
	const char *extraction_option = NULL;
	option_value values[] = {
	    {.name = "--url"},     {.name = "--charset"},   {.name = "--language"},
	    {.name = "--format"},  {.name = "--favor"},     {.name = "--fragment"},
	    {.name = "--repeat"},  {.name = "--page-type"}, {.name = "--input-list"},
	    {.name = "--threads"}, {.name = "--timeout"}};
	const int value_count = (int)(sizeof values / sizeof values[0]);
	bool options_ended = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (options_ended || arg[0] != '-' || arg[1] == '\0') {
			command->files[command->file_count++] = argv[i];
			continue;
		}
		bool takes_value = false;
		for (int v = 0; v < value_count; v++)
			takes_value = takes_value || strcmp(arg, values[v].name) == 0;
		if (takes_value) {
			if (!value)
				return usage_error("%s needs a value", arg);
			option_value_record(values, value_count, arg, value);
			i++;
		}
		if (strcmp(arg, "--") == 0) {
			options_ended = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			printf("%s%s", synopsis, options_help);
			return 0;
		} else if (strcmp(arg, "--version") == 0) {
			printf("pith %s\n", pith_version_string());
			return 0;
		} else if (strcmp(arg, "--dump-tree") == 0 || strcmp(arg, "--stat") == 0) {
			if (mode_option && strcmp(mode_option, arg) != 0)
				return usage_error(
				    "%s", "--dump-tree and --stat cannot be used together");
			mode_option = arg;
			command->mode = arg[2] == 'd' ? MODE_DUMP : MODE_STAT;
		} else if (strcmp(arg, "--charset") == 0) {
			command->parse_options.charset = value;
			command->extract_options.charset = value;
		} else if (strcmp(arg, "--language") == 0) {
			if (pith_languages_match(value, "") < 0)
				return usage_error("--language needs codes such as de,fr, not '%s'",
				                   value);
			command->extract_options.languages = value;
			extraction_option = arg;
		} else if (strcmp(arg, "--url") == 0) {
			command->extract_options.url = value;
			extract_only = arg;
		} else if (strcmp(arg, "--format") == 0) {
			if (!format_from_name(value, &command->extract_options.format))
				return usage_error(
				    "--format must be text, markdown, json or html, not '%s'",
				    value);
			extraction_option = arg;
		} else if (strcmp(arg, "--images") == 0) {
			command->extract_options.images = 1;
			extraction_option = arg;
		} else if (strcmp(arg, "--comments") == 0) {
			command->extract_options.comments = 1;
			extract_only = arg;
		} else if (strcmp(arg, "--favor") == 0) {
			if (!favor_from_name(value, &command->extract_options.favor))
				return usage_error(
				    "--favor must be precision, recall or balanced, not '%s'",
				    value);
			extraction_option = arg;
		} else if (strcmp(arg, "--page-type") == 0) {
			if (!page_type_from_name(value, &command->extract_options.page_type))
				return usage_error("--page-type must be article, forum, product, "
				                   "collection, listing, documentation or service, "
				                   "not '%s'",
				                   value);
			extraction_option = arg;
		} else if (strcmp(arg, "--fragment") == 0) {
			command->parse_options.fragment_context = value;
			dump_only = arg;
		} else if (strcmp(arg, "--repeat") == 0) {
			char *end;
			long n = strtol(value, &end, 10);
			if (*end != '\0' || end == value || n < 1 || n > 1000000)
				return usage_error("--repeat needs a positive number, not '%s'",
				                   value);
			command->repeat = (int)n;
			stat_only = arg;
		} else if (strcmp(arg, "--input-list") == 0) {
			command->inputs.list_path = value;
			extract_only = arg;
		} else if (strcmp(arg, "--recursive") == 0 || strcmp(arg, "-r") == 0) {
			command->inputs.recursive = true;
		} else if (strcmp(arg, "--threads") == 0) {
			char *end;
			long n = strtol(value, &end, 10);
			if (*end != '\0' || end == value || n < 1 || n > 256)
				return usage_error(
				    "--threads needs a number from 1 to 256, not '%s'", value);
			command->inputs.threads = (int)n;
			extract_only = arg;
		} else if (strcmp(arg, "--timeout") == 0) {
			char *end;
			double seconds = strtod(value, &end);
			if (*end != '\0' || end == value || !(seconds >= 0.001 && seconds <= 86400))
				return usage_error(
				    "--timeout needs seconds from 0.001 to 86400, not '%s'", value);
			command->inputs.timeout_seconds = seconds;
			extract_only = arg;
		} else if (strcmp(arg, "--parse-only") == 0) {
			command->parse_only = true;
			stat_only = arg;
		} else if (is_warc_option(arg)) {
			return usage_error("%s is an option of pith warc (WARC files), not of pith",
			                   arg);
		} else {
			return usage_error("unknown option '%s'", arg);
		}
	}
	mode m = command->mode;
	if (m != MODE_EXTRACT && extract_only)
		return usage_error("%s is for extraction, not --dump-tree or --stat", extract_only);
	if (m == MODE_DUMP && extraction_option)
		return usage_error("%s does not apply to --dump-tree", extraction_option);
	if (m == MODE_STAT && command->parse_only && extraction_option)
		return usage_error("%s does not apply to --stat --parse-only, which times parsing "
		                   "alone",
		                   extraction_option);
	if (m != MODE_DUMP && dump_only)
		return usage_error("%s works only with --dump-tree", dump_only);
	if (m != MODE_STAT && stat_only)
		return usage_error("%s works only with --stat", stat_only);
	if (m == MODE_DUMP && command->inputs.recursive)
		return usage_error(
		    "%s", "--recursive does not apply to --dump-tree, which reads one file");
	if (m == MODE_DUMP && command->file_count != 1)
		return usage_error("%s", "--dump-tree takes one FILE, or - for standard input");
	if (m == MODE_STAT && command->file_count == 0)
		return usage_error("%s", "--stat needs at least one FILE or DIR");
	option_values_warn_replaced(values, value_count, "pith");
	warn_without_effect(command);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "warc") == 0)
		return warc_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "links") == 0)
		return links_command(argc - 1, argv + 1);
	command_line command = {
	    .mode = MODE_EXTRACT,
	    .parse_options = PITH_PARSE_OPTIONS_INIT,
	    .extract_options = PITH_EXTRACT_OPTIONS_INIT,
	    .repeat = 5,
	    .inputs = {.threads = 1, .timeout_seconds = FETCH_DEFAULT_TIMEOUT_SECONDS},
	    .files = calloc((size_t)argc + 1, sizeof(char *)),
	};
	if (!command.files) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	int rc = parse_command_line(argc, argv, &command);
	if (rc >= 0) {
		/* --help, --version or a usage error */
	} else if (command.mode == MODE_DUMP) {
		rc = dump_tree(command.files[0], &command.parse_options);
	} else if (command.mode == MODE_STAT) {
		stat_run run = {.parse_only = command.parse_only,
		                .options = command.extract_options};
		rc = stat_inputs(command.files, command.file_count, command.inputs.recursive,
		                 command.repeat, &run);
	} else {
		rc = extract_inputs(command.files, command.file_count, &command.extract_options,
		                    &command.inputs);
	}
	free(command.files);
	return rc;
}
