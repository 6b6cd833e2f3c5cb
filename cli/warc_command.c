/* pith warc: WARC files in, one JSON line per HTML record out, over
 * pith_batch_run. Uses only the public header. */
#include "warc_command.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "option_values.h"
#include "pith.h"

static const char warc_synopsis[] =
    "usage: pith warc [-o OUT.jsonl[.gz]] [--threads N] [--resume] [--favor F]\n"
    "                 [--format F] [--images] [--dedup] [--comments]\n"
    "                 [--language LIST] [--status LIST] [--mime LIST]\n"
    "                 [--verify-digests] [--quiet] FILE.warc[.gz|.zst|.lz4|.bz2]...\n";

static const char warc_help[] =
    "\n"
    "Extracts every HTML response of the WARC files (WARC 1.0 or 1.1) or ARC files,\n"
    "plain or compressed per record (as Common Crawl writes them) or over the whole\n"
    "file with gzip, zstd (.warc.zst, its dictionary frame included), LZ4 or bzip2,\n"
    "known from the first bytes whatever the name, and writes one JSON line per\n"
    "HTML record, in input order:\n"
    "  {\"warc\",\"input\",\"record\",\"offset\",\"record_id\",\"uri\",\"date\",\n"
    "   \"http_status\",\"encoding\",\"url\",\"title\",\"authors\",...,\"word_count\",\n"
    "   \"simhash\",\"text\"}\n"
    "(the metadata as in pith --format json), or \"error\" after \"http_status\";\n"
    "\"input\" is the file's position among the inputs, from 0; a record the crawler\n"
    "cut short has \"truncated\" (its WARC-Truncated reason) after \"http_status\".\n"
    "Pages of every HTTP status are extracted: \"http_status\" tells a 404 page.\n"
    "A broken record or stretch of input gives one line with its error, and reading\n"
    "goes on at the next good record. Other records are counted and skipped.\n"
    "\n"
    "  -o, --output OUT   write to OUT (default: standard output); a name ending in\n"
    "                     .gz is written gzip-compressed\n"
    "  --threads N        extraction threads (default: one per CPU)\n"
    "  --resume           continue an interrupted run into the same OUT, with the\n"
    "                     same inputs in the same order: its complete lines are kept\n"
    "                     and the records they cover are not extracted again; an OUT\n"
    "                     whose lines are not from these inputs, at these positions,\n"
    "                     is refused and left as it was\n"
    "  --favor F          precision, recall or balanced (the default)\n"
    "  --comments         lines also hold the readers' comments\n"
    "  --language LIST    keep only pages whose detected language is listed\n"
    "                     (\"de,fr\"); another page's line ends \"skipped\":\"language\",\n"
    "                     \"language\",\"language_detected\",\"language_score\" after\n"
    "                     \"http_status\"\n"
    "  --format F         text (the default): \"text\" alone; markdown or html: also\n"
    "                     \"markdown\" or \"html\" after \"text\", as pith --format F\n"
    "                     writes the page; json: also \"document\", the document\n"
    "                     model (the lines are JSON lines in every format)\n"
    "  --images           markdown, html and json keep the content's images\n"
    "  --dedup            a page whose text an earlier line of the run has, byte for\n"
    "                     byte, is not written again: its line ends\n"
    "                     \"duplicate_of\":{\"input\":I,\"record\":R} after\n"
    "                     \"http_status\", naming the first (up to 1,048,576 texts\n"
    "                     are remembered)\n"
    "  --status LIST      extract only pages of these HTTP statuses or classes\n"
    "                     (\"200,3xx\"); another page's line ends \"skipped\":\"status\"\n"
    "  --mime LIST        extract responses of these media types instead of the\n"
    "                     HTML ones (\"text/html,application/xhtml+xml\"); an HTML\n"
    "                     page of another type gets \"skipped\":\"mime\",\"content_type\"\n"
    "  --verify-digests   check WARC-Block-Digest and WARC-Payload-Digest (SHA-1,\n"
    "                     SHA-256); a record that does not match gets an error line\n"
    "  --quiet            no progress line and no summary on standard error\n"
    "(--url, --charset and pith's modes are refused: each record gives its own)\n"
    "\n"
    "On a terminal, standard error shows records/s, MB/s and the time left. Ctrl-C\n"
    "stops reading, writes what was read, closes OUT whole, and exits with 130;\n"
    "--resume then goes on. OUT is locked while pith warc writes it: a second run on\n"
    "it fails at once. Exit status: 0 when every input was read, 1 when an input\n"
    "could not be read as a WARC file (it gets an error line, the others are read;\n"
    "an empty input fails too, without a line) or OUT could not be written, 2 for\n"
    "a usage error.\n";

/* Whether every comma-separated item of list passes item_valid. */
static bool list_valid(const char *list, bool (*item_valid)(const char *, size_t))
{
	size_t count = 0;
	for (const char *s = list; *s;) {
		size_t n = strcspn(s, ",");
		while (n && s[n - 1] == ' ')
			n--;
		const char *item = s;
		while (n && *item == ' ')
			item++, n--;
		if (n) {
			if (!item_valid(item, n))
				return false;
			count++;
		}
		s += strcspn(s, ",");
		if (*s == ',')
			s++;
	}
	return count > 0;
}

/* "404" or "4xx". */
static bool status_valid(const char *s, size_t n)
{
	if (n != 3 || s[0] < '1' || s[0] > '9')
		return false;
	bool x = (s[1] | 0x20) == 'x' && (s[2] | 0x20) == 'x';
	return x || (s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9');
}

/* "type/subtype", no parameters. */
static bool mime_valid(const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	return slash && slash != s && slash != s + n - 1 && !memchr(s, ';', n);
}

/* Set by SIGINT, read by the batch's threads through batch_cancelled: a
 * lock-free atomic, which a signal handler may store to (C11 7.14.1.1)
 * and other threads read without a data race. */
static atomic_int interrupted;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler stores to an atomic_int");

static void on_interrupt(int signal_number)
{
	atomic_store(&interrupted, 1);
	/* A second Ctrl-C ends the program at once. */
	signal(signal_number, SIG_DFL);
}

/* pith_batch_options.cancel: polled between records. */
static int batch_cancelled(void *user)
{
	(void)user;
	return atomic_load(&interrupted);
}

typedef struct progress_state {
	struct timespec start;
	bool shown; /* a progress line is on the terminal */
} progress_state;

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* One line, rewritten in place: records/s, MB/s, done and time left. */
static void show_progress(void *user, const pith_batch_progress *progress)
{
	progress_state *state = user;
	double seconds = seconds_since(&state->start);
	if (seconds <= 0)
		return;
	double megabytes = (double)progress->bytes_read / 1e6;
	fprintf(stderr, "\r%llu records, %llu lines  %.0f records/s  %.1f MB/s", progress->records,
	        progress->lines_written, (double)progress->records / seconds, megabytes / seconds);
	if (progress->bytes_total > 0 && progress->bytes_read > 0) {
		double share = (double)progress->bytes_read / (double)progress->bytes_total;
		double left = seconds / share - seconds;
		fprintf(stderr, "  %3.0f%%  ETA %d:%02d ", share * 100, (int)left / 60,
		        (int)left % 60);
	}
	state->shown = true;
}

static int warc_usage_error(const char *format, const char *arg)
{
	fputs("pith warc: ", stderr);
	fprintf(stderr, format, arg);
	fprintf(stderr, "\n%sTry 'pith warc --help' for more information.\n", warc_synopsis);
	return 2;
}

/* Options of pith that pith warc refuses by name rather than as unknown:
 * its modes, and options whose value pith warc takes from each record. */
static const char *refused_option(const char *arg)
{
	static const struct {
		const char *name, *reason;
	} refused[] = {
	    {"--url", "--url does not apply to pith warc: a page's URL is its record's "
	              "WARC-Target-URI"},
	    {"--charset", "--charset does not apply to pith warc: a page's charset is its HTTP "
	                  "header's, else its own"},
	    {"--dump-tree", "--dump-tree is an option of pith, not of pith warc"},
	    {"--fragment", "--fragment is an option of pith, not of pith warc"},
	    {"--stat", "--stat is an option of pith, not of pith warc"},
	    {"--parse-only", "--parse-only is an option of pith, not of pith warc"},
	    {"--repeat", "--repeat is an option of pith, not of pith warc"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (strcmp(arg, refused[i].name) == 0)
			return refused[i].reason;
	}
	return NULL;
}

int warc_command(int argc, char **argv)
{
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	bool quiet = false;
	const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
	size_t input_count = 0;
	if (!inputs) {
		fprintf(stderr, "pith warc: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	int rc = -1;
	bool options_done = false;
	/* -o and --output are one option, named -o in a warning. */
	option_value values[] = {{.name = "-o"},         {.name = "--threads"}, {.name = "--favor"},
	                         {.name = "--language"}, {.name = "--status"},  {.name = "--mime"},
	                         {.name = "--format"}};
	const int value_count = (int)(sizeof values / sizeof values[0]);
	for (int i = 1; i < argc && rc < 0; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			inputs[input_count++] = arg;
			continue;
		}
		const char *name = strcmp(arg, "--output") == 0 ? "-o" : arg;
		bool takes_value = false;
		for (int v = 0; v < value_count; v++)
			takes_value = takes_value || strcmp(name, values[v].name) == 0;
		if (takes_value && value)
			option_value_record(values, value_count, name, value);
		if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (takes_value && !value) {
			rc = warc_usage_error("%s needs a value", arg);
		} else if (refused_option(arg)) {
			rc = warc_usage_error("%s", refused_option(arg));
		} else if (strcmp(arg, "--format") == 0) {
			if (!format_from_name(value, &options.format))
				rc = warc_usage_error(
				    "--format must be text, markdown, html or json, not '%s'",
				    value);
			i++;
		} else if (strcmp(arg, "--images") == 0) {
			options.images = 1;
		} else if (strcmp(arg, "--dedup") == 0) {
			options.dedup = 1;
		} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
			options.output = value;
			i++;
		} else if (strcmp(arg, "--threads") == 0) {
			char *end;
			errno = 0;
			long n = strtol(value, &end, 10);
			if (errno || *end || n < 1 || n > 256)
				rc = warc_usage_error(
				    "--threads needs a number from 1 to 256, not '%s'", value);
			options.threads = (unsigned)n;
			i++;
		} else if (strcmp(arg, "--favor") == 0) {
			if (!favor_from_name(value, &options.favor))
				rc = warc_usage_error(
				    "--favor must be precision, recall or balanced, not '%s'",
				    value);
			i++;
		} else if (strcmp(arg, "--language") == 0) {
			if (pith_languages_match(value, "") < 0)
				rc = warc_usage_error(
				    "--language needs codes such as de,fr, not '%s'", value);
			options.languages = value;
			i++;
		} else if (strcmp(arg, "--status") == 0) {
			if (!list_valid(value, status_valid))
				rc =
				    warc_usage_error("--status needs HTTP statuses or classes such "
				                     "as 200,3xx, not '%s'",
				                     value);
			options.statuses = value;
			i++;
		} else if (strcmp(arg, "--mime") == 0) {
			if (!list_valid(value, mime_valid))
				rc = warc_usage_error("--mime needs media types such as "
				                      "text/html,application/xhtml+xml, not '%s'",
				                      value);
			options.mime_types = value;
			i++;
		} else if (strcmp(arg, "--verify-digests") == 0) {
			options.verify_digests = 1;
		} else if (strcmp(arg, "--resume") == 0) {
			options.resume = 1;
		} else if (strcmp(arg, "--comments") == 0) {
			options.comments = 1;
		} else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
			quiet = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(warc_synopsis, stdout);
			fputs(warc_help, stdout);
			rc = 0;
		} else {
			rc = warc_usage_error("unknown option '%s'", arg);
		}
	}
	if (rc < 0 && input_count == 0)
		rc = warc_usage_error("%s", "no WARC file given (- reads standard input)");
	if (rc < 0 && options.resume && (!options.output || strcmp(options.output, "-") == 0))
		rc = warc_usage_error("%s", "--resume needs -o OUT: it continues that file");
	if (rc < 0)
		option_values_warn_replaced(values, value_count, "pith warc");
	if (rc >= 0) {
		free(inputs);
		return rc;
	}

	options.inputs = inputs;
	options.input_count = input_count;
	options.cancel = batch_cancelled;
	progress_state progress = {.shown = false};
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	if (!quiet && isatty(STDERR_FILENO)) {
		options.progress = show_progress;
		options.progress_user = &progress;
	}
	signal(SIGINT, on_interrupt);
	/* Over a file size limit, a write fails with EFBIG and is reported as
	 * a write error, rather than the signal ending the program. */
	signal(SIGXFSZ, SIG_IGN);

	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	double seconds = seconds_since(&progress.start);
	if (progress.shown)
		fputc('\n', stderr);
	if (!quiet) {
		fprintf(stderr,
		        "pith warc: %llu records (%llu HTML, %llu skipped); lines: %llu extracted, "
		        "%llu errors",
		        stats.records, stats.html_records, stats.skipped, stats.extracted,
		        stats.failed);
		if (stats.language_skipped)
			fprintf(stderr, ", %llu skipped for their language",
			        stats.language_skipped);
		if (stats.filtered)
			fprintf(stderr, ", %llu skipped for their status or type", stats.filtered);
		if (stats.resumed)
			fprintf(stderr, ", %llu kept from the earlier run", stats.resumed);
		fprintf(stderr, "; %.1f MB in %.1f s\n", (double)stats.bytes_read / 1e6, seconds);
	}
	free(inputs);
	if (status == PITH_OK)
		return 0;
	if (status == PITH_ERROR_INTERRUPTED) {
		fprintf(stderr, "pith warc: interrupted; the output is complete up to here, and "
		                "--resume goes on from it\n");
		return 130;
	}
	fprintf(stderr, "pith warc: %s\n", stats.error[0] ? stats.error : pith_strerror(status));
	if (stats.inputs_failed > 1)
		fprintf(stderr,
		        "pith warc: %llu inputs could not be read as WARC files: their lines "
		        "say why\n",
		        stats.inputs_failed);
	return 1;
}
