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

#include "option_values.h"
#include "pith.h"
#include "warc_command.h"

static const char synopsis[] =
    "usage: pith [--format text|markdown|json|html] [--images] [--comments]\n"
    "            [--url URL] [--favor F] [--charset LABEL] [--language LIST]\n"
    "            [--page-type TYPE] [FILE|DIR|-]...\n"
    "       pith --dump-tree [--fragment CONTEXT] [--charset LABEL] FILE|-\n"
    "       pith --stat [--repeat N] [--format F] [--images] [--favor F]\n"
    "            [--language LIST] [--charset LABEL] FILE|DIR...\n"
    "       pith --stat --parse-only [--repeat N] [--charset LABEL] FILE|DIR...\n"
    "       pith warc [-o OUT.jsonl[.gz]] [--threads N] [--resume] [--format F]\n"
    "                 [--dedup] FILE.warc[.gz]...\n";

static const char options_help[] =
    "\n"
    "Prints the main content of each page: the text its author wrote, without the\n"
    "navigation, comments and widgets around it. No input, or -, is standard input\n"
    "(at a terminal, Ctrl-D ends it); a directory stands for its *.html and *.htm\n"
    "files, sorted by name (not recursive).\n"
    "\n"
    "  --format F          text (default; or txt): each page's text; when there are\n"
    "                      several pages, each starts with a line \"==> PATH <==\"\n"
    "                      and a blank line separates them. markdown (or md):\n"
    "                      CommonMark with GFM tables and footnotes. html: semantic\n"
    "                      HTML. json: one line per input, {\"source\",\"url\",\n"
    "                      \"title\",\"authors\",\"date_published\",...,\"word_count\",\n"
    "                      \"simhash\",\"text\",\"document\"} (docs/json-schema.md) or\n"
    "                      {\"source\",\"url\",\n"
    "                      \"error\"}\n"
    "  --images            markdown, html, json: keep the content's images\n"
    "  --comments          json: add the readers' comments, [{author,date,text}]\n"
    "  --url URL           markdown, html, json: the page's URL, the base of its\n"
    "                      relative links, and json's \"url\" when the page names no\n"
    "                      canonical one; every input gets it\n"
    "  --favor F           precision (less noise), recall (fewer lost words) or\n"
    "                      balanced (the default)\n"
    "  --page-type TYPE    what the pages are, when you know it: article, forum,\n"
    "                      product, collection, listing, documentation or service;\n"
    "                      pages of a type but article are taken from their whole\n"
    "                      main landmark, not from its best part\n"
    "  --charset LABEL     the charset the transport declared (HTTP Content-Type)\n"
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
    "Exit status: 0 when every input succeeded, 1 when any failed, 2 for a usage\n"
    "error. Details: man pith (docs/pith.1).\n";

/* ---- Input ---- */

typedef struct input_buffer {
	char *data;
	size_t length, capacity;
	char reason[160]; /* why the last input was refused, when the reason is made here */
} input_buffer;

/* The size of f when it is a regular file, else -1: a stream's (a pipe's,
 * a terminal's) is not known before it is read. */
static long long file_size(FILE *f)
{
	struct stat info;
	return fstat(fileno(f), &info) == 0 && S_ISREG(info.st_mode) ? (long long)info.st_size : -1;
}

/* Why an input over PITH_MAX_INPUT_BYTES is refused, with its size (a
 * file's, from file_size) and the limit. A stream is not read to its end
 * to learn its size (/dev/zero has none): the message gives the bytes read
 * when reading stopped. */
static const char *too_large(input_buffer *buffer, long long size)
{
	if (size > (long long)PITH_MAX_INPUT_BYTES)
		snprintf(buffer->reason, sizeof buffer->reason,
		         "input is %lld bytes (%.1f MiB), larger than the %zu MiB limit "
		         "(PITH_MAX_INPUT_BYTES)",
		         size, (double)size / (1 << 20), PITH_MAX_INPUT_BYTES >> 20);
	else
		snprintf(buffer->reason, sizeof buffer->reason,
		         "input is larger than the %zu MiB limit (PITH_MAX_INPUT_BYTES): reading "
		         "stopped at %zu bytes",
		         PITH_MAX_INPUT_BYTES >> 20, buffer->length);
	return buffer->reason;
}

/* Reads the whole of path ("-": standard input) into buffer, replacing what
 * it held; the buffer is reused from input to input. Returns NULL, or why
 * the input could not be read. */
static const char *read_input(const char *path, input_buffer *buffer)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return strerror(errno);
	const char *reason = NULL;
	buffer->length = 0;
	/* A file known to be too large is refused before any of it is read. */
	long long size = file_size(f);
	if (size > (long long)PITH_MAX_INPUT_BYTES)
		reason = too_large(buffer, size);
	while (!reason) {
		if (buffer->length == buffer->capacity) {
			/* One byte over the limit is enough to refuse the input. */
			if (buffer->capacity > PITH_MAX_INPUT_BYTES) {
				reason = too_large(buffer, file_size(f));
				break;
			}
			size_t capacity = buffer->capacity ? buffer->capacity * 2 : (size_t)1 << 16;
			if (capacity > PITH_MAX_INPUT_BYTES)
				capacity = PITH_MAX_INPUT_BYTES + 1;
			char *bigger = realloc(buffer->data, capacity);
			if (!bigger) {
				reason = strerror(ENOMEM);
				break;
			}
			buffer->data = bigger;
			buffer->capacity = capacity;
		}
		errno = 0;
		size_t wanted = buffer->capacity - buffer->length;
		size_t n = fread(buffer->data + buffer->length, 1, wanted, f);
		buffer->length += n;
		/* Short only at the end or on an error. Reading on after the end
		 * would wait at a terminal for a second Ctrl-D: glibc's fread
		 * reads again after its stream has seen the end. */
		if (n < wanted) {
			if (ferror(f))
				reason = strerror(errno ? errno : EIO);
			break;
		}
	}
	if (is_stdin)
		clearerr(stdin);
	else
		fclose(f);
	return reason;
}

/* Called for each input in turn with the path to read, or with reason set
 * for an input that failed before reading (a directory that cannot be
 * listed or holds no page). from_directory: the path was found in a
 * directory named on the command line. Returns false to stop. */
typedef bool (*input_visit)(void *state, const char *path, bool from_directory, const char *reason);

static bool has_html_extension(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcasecmp(name + n - 5, ".html") == 0) ||
	       (n > 4 && strcasecmp(name + n - 4, ".htm") == 0);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Visits the regular files (symbolic links followed) in directory whose
 * names end in .html or .htm in any case, sorted by name in byte order.
 * Subdirectories are not entered: a crawl's folder of pages is flat, and
 * find(1) serves deeper trees. */
static bool visit_directory(const char *directory, input_visit visit, void *state)
{
	DIR *dir = opendir(directory);
	if (!dir)
		return visit(state, directory, false, strerror(errno));
	size_t directory_length = strlen(directory);
	const char *separator =
	    directory_length && directory[directory_length - 1] == '/' ? "" : "/";
	char **paths = NULL;
	size_t count = 0, capacity = 0;
	const char *reason = NULL;
	for (;;) {
		errno = 0;
		struct dirent *entry = readdir(dir);
		if (!entry) {
			if (errno)
				reason = strerror(errno);
			break;
		}
		if (!has_html_extension(entry->d_name))
			continue;
		size_t size = directory_length + strlen(separator) + strlen(entry->d_name) + 1;
		char *path = malloc(size);
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 64;
			char **bigger = realloc(paths, capacity * sizeof *paths);
			if (bigger)
				paths = bigger;
			else
				capacity = count;
		}
		if (!path || count == capacity) {
			free(path);
			reason = strerror(ENOMEM);
			break;
		}
		snprintf(path, size, "%s%s%s", directory, separator, entry->d_name);
		/* When stat fails (a dangling link), reading says why. */
		struct stat info;
		if (stat(path, &info) == 0 && !S_ISREG(info.st_mode)) {
			free(path);
			continue;
		}
		paths[count++] = path;
	}
	closedir(dir);
	if (!reason && count == 0)
		reason = "no .html or .htm files in the directory";
	bool go_on = true;
	if (reason) {
		go_on = visit(state, directory, false, reason);
	} else {
		qsort(paths, count, sizeof *paths, compare_strings);
		for (size_t i = 0; i < count && go_on; i++)
			go_on = visit(state, paths[i], true, NULL);
	}
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	return go_on;
}

/* Visits the inputs named on the command line in order, directories
 * expanded. */
static void visit_inputs(char **paths, int count, input_visit visit, void *state)
{
	for (int i = 0; i < count; i++) {
		struct stat info;
		bool go_on;
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &info) == 0 &&
		    S_ISDIR(info.st_mode))
			go_on = visit_directory(paths[i], visit, state);
		else
			go_on = visit(state, paths[i], false, NULL);
		if (!go_on)
			break;
	}
}

/* ---- Extraction (the default mode) ---- */

typedef struct extract_run {
	pith_ctx *ctx;
	pith_extract_options options;
	bool json;
	bool several; /* text, markdown, html: more than one input named, so pages get headers */
	bool written; /* text: a page has been written (the next needs a gap) */
	int failures;
	bool output_failed;
	input_buffer buffer;
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

static bool extract_input(void *state, const char *path, bool from_directory, const char *reason)
{
	extract_run *run = state;
	const pith_result *result = NULL;
	if (!reason)
		reason = read_input(path, &run->buffer);
	if (!reason) {
		result =
		    pith_ctx_extract(run->ctx, run->buffer.data, run->buffer.length, &run->options);
		if (result->status != PITH_OK)
			reason = pith_strerror(result->status);
	}
	if (reason)
		report_failure(run, path, reason);
	else
		write_page(run, path, from_directory, result);
	if (ferror(stdout)) {
		run->output_failed = true;
		return false;
	}
	return true;
}

static int extract_inputs(char **paths, int count, const pith_extract_options *options)
{
	bool json = options->format == PITH_FORMAT_JSON;
	static char *standard_input[] = {"-"};
	if (count == 0) {
		paths = standard_input;
		count = 1;
		/* Run without arguments at a terminal, pith would seem to hang:
		 * say what it waits for. Not for "-", which asks for it. */
		if (isatty(STDIN_FILENO))
			fputs("pith: reading HTML from standard input (Ctrl-D ends it; pith --help "
			      "for usage)\n",
			      stderr);
	}
	extract_run run = {.options = *options, .json = json, .several = count > 1};
	run.ctx = pith_ctx_new();
	if (!run.ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	visit_inputs(paths, count, extract_input, &run);
	if (fflush(stdout) != 0 || ferror(stdout) || run.output_failed) {
		fprintf(stderr, "pith: writing output: %s\n", strerror(errno ? errno : EIO));
		run.failures++;
	}
	pith_ctx_free(run.ctx);
	free(run.buffer.data);
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
static int stat_inputs(char **paths, int count, int repeat, stat_run *run)
{
	double *seconds = calloc((size_t)repeat, sizeof *seconds);
	pith_ctx *ctx = pith_ctx_new();
	if (!seconds || !ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		free(seconds);
		pith_ctx_free(ctx);
		return 1;
	}
	visit_inputs(paths, count, load_page, run);
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
	char **files;
	int file_count;
} command_line;

/* The options of pith warc, refused here by name rather than as unknown. */
static bool is_warc_option(const char *arg)
{
	static const char *const names[] = {"-o",       "--output", "--threads",
	                                    "--resume", "--quiet",  "-q"};
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
	option_value values[] = {{.name = "--url"},      {.name = "--charset"},
	                         {.name = "--language"}, {.name = "--format"},
	                         {.name = "--favor"},    {.name = "--fragment"},
	                         {.name = "--repeat"},   {.name = "--page-type"}};
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
	command_line command = {
	    .mode = MODE_EXTRACT,
	    .parse_options = PITH_PARSE_OPTIONS_INIT,
	    .extract_options = PITH_EXTRACT_OPTIONS_INIT,
	    .repeat = 5,
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
		rc = stat_inputs(command.files, command.file_count, command.repeat, &run);
	} else {
		rc = extract_inputs(command.files, command.file_count, &command.extract_options);
	}
	free(command.files);
	return rc;
}
