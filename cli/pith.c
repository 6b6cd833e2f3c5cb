/* The pith command. Uses only the public header. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "pith.h"

static const char usage[] =
    "usage: pith --dump-tree [--fragment CONTEXT] [--charset LABEL] FILE|-\n"
    "       pith --stat [--repeat N] FILE...\n"
    "\n"
    "  --dump-tree        print the parsed tree in the html5lib test format\n"
    "  --fragment CONTEXT parse as a fragment in CONTEXT (\"td\", \"svg path\")\n"
    "  --charset LABEL    the charset the transport declared (HTTP header)\n"
    "  --stat             time decode+parse+one tree walk over the files, held\n"
    "                     in memory, on one thread; print MB/s, pages/s, memory\n"
    "  --repeat N         --stat: time N passes and report the median (default 5)\n"
    "  --help             this text\n"
    "  --version          pith's version\n";

/* Whole file (or standard input for "-") into memory. Returns 0, or errno
 * with a message printed. */
static int read_input(const char *path, char **data, size_t *length)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "pith: %s: %s\n", path, strerror(errno));
		return errno ? errno : EIO;
	}
	size_t capacity = 1 << 16, used = 0;
	char *buffer = malloc(capacity);
	int error = 0;
	while (buffer) {
		if (used == capacity) {
			if (capacity > PITH_MAX_INPUT_BYTES) {
				fprintf(stderr, "pith: %s: %s\n", path,
				        pith_strerror(PITH_ERROR_TOO_LARGE));
				error = EFBIG;
				break;
			}
			char *bigger = realloc(buffer, capacity * 2);
			if (!bigger)
				break;
			buffer = bigger;
			capacity *= 2;
		}
		size_t n = fread(buffer + used, 1, capacity - used, f);
		used += n;
		if (n == 0) {
			if (ferror(f)) {
				error = errno ? errno : EIO;
				fprintf(stderr, "pith: %s: %s\n", path, strerror(error));
			}
			break;
		}
	}
	if (!buffer && !error) {
		fprintf(stderr, "pith: %s: %s\n", path, strerror(ENOMEM));
		error = ENOMEM;
	}
	if (f != stdin)
		fclose(f);
	if (error) {
		free(buffer);
		return error;
	}
	*data = buffer;
	*length = used;
	return 0;
}

static int write_stdout(void *user, const char *data, size_t length)
{
	(void)user;
	return fwrite(data, 1, length, stdout) == length ? 0 : -1;
}

static int dump_tree(const char *path, const pith_parse_options *options)
{
	char *data;
	size_t length;
	if (read_input(path, &data, &length))
		return 1;
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		free(data);
		return 1;
	}
	int rc = 0;
	pith_status status = pith_ctx_parse(ctx, data, length, options);
	if (status != PITH_OK) {
		fprintf(stderr, "pith: %s: %s\n", path, pith_strerror(status));
		rc = 1;
	} else if (pith_ctx_dump_tree(ctx, write_stdout, NULL) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "pith: writing output: %s\n", strerror(errno));
		rc = 1;
	}
	pith_ctx_free(ctx);
	free(data);
	return rc;
}

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
	char *data;
	size_t length;
} page;

/* --stat: the benchmark's measuring instrument. Files are read first so
 * the timed passes do no I/O; each pass parses every page once with one
 * reused context, as a batch run does. */
static int stat_files(char **paths, int count, int repeat)
{
	page *pages = calloc((size_t)count, sizeof *pages);
	double *seconds = calloc((size_t)repeat, sizeof *seconds);
	pith_ctx *ctx = pith_ctx_new();
	if (!pages || !seconds || !ctx) {
		fprintf(stderr, "pith: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	size_t total_bytes = 0;
	int loaded = 0, failed = 0;
	for (int i = 0; i < count; i++) {
		if (read_input(paths[i], &pages[loaded].data, &pages[loaded].length) == 0)
			total_bytes += pages[loaded++].length;
		else
			failed++;
	}

	/* Memory bound per page: a fresh context per page, so what it holds
	 * afterwards is what that page alone needed. */
	double worst_ratio = 0;
	size_t worst_permille_of_bound = 0;
	const char *worst_page = "";
	for (int i = 0; i < loaded; i++) {
		pith_ctx *fresh = pith_ctx_new();
		if (!fresh ||
		    pith_ctx_parse(fresh, pages[i].data, pages[i].length, NULL) != PITH_OK) {
			pith_ctx_free(fresh);
			continue;
		}
		size_t held = pith_ctx_memory(fresh);
		double ratio = pages[i].length ? (double)held / pages[i].length : 0;
		/* The bar: held <= 8 * size + 1 MiB. Report the page closest to it. */
		size_t allowance = 8 * pages[i].length + (1u << 20);
		size_t permille_of_bound = held * 1000 / allowance;
		if (permille_of_bound > worst_permille_of_bound) {
			worst_permille_of_bound = permille_of_bound;
			worst_ratio = ratio;
			worst_page = paths[i];
		}
		pith_ctx_free(fresh);
	}

	size_t errors = 0, nodes = 0;
	for (int r = 0; r < repeat; r++) {
		double start = now_seconds();
		for (int i = 0; i < loaded; i++) {
			pith_tree_stats stats;
			if (pith_ctx_parse(ctx, pages[i].data, pages[i].length, NULL) != PITH_OK) {
				errors++;
				continue;
			}
			pith_ctx_walk_tree(ctx, &stats);
			nodes += stats.nodes;
		}
		seconds[r] = now_seconds() - start;
	}
	qsort(seconds, (size_t)repeat, sizeof *seconds, compare_doubles);
	double median = seconds[repeat / 2];
	struct rusage resources;
	getrusage(RUSAGE_SELF, &resources);

	double mb = total_bytes / 1e6;
	printf("pages            %d (%d unreadable)\n", loaded, failed);
	printf("bytes            %zu\n", total_bytes);
	printf("passes           %d (median of the passes is reported)\n", repeat);
	printf("parse errors     %zu\n", errors / (size_t)repeat);
	printf("nodes per pass   %zu\n", nodes / (size_t)repeat);
	printf("seconds          %.4f (min %.4f, max %.4f)\n", median, seconds[0],
	       seconds[repeat - 1]);
	printf("MB/s             %.1f\n", median > 0 ? mb / median : 0);
	printf("pages/s          %.0f\n", median > 0 ? loaded / median : 0);
	printf("peak RSS MB      %.1f (the process, pages held in memory included)\n",
	       resources.ru_maxrss / 1024.0);
	printf("worst page mem   %.2fx its size, %.0f%% of the 8x+1MiB bound (%s)\n", worst_ratio,
	       worst_permille_of_bound / 10.0, worst_page);

	for (int i = 0; i < loaded; i++)
		free(pages[i].data);
	free(pages);
	free(seconds);
	pith_ctx_free(ctx);
	return failed || errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	enum { MODE_NONE, MODE_DUMP, MODE_STAT } mode = MODE_NONE;
	pith_parse_options options = PITH_PARSE_OPTIONS_INIT;
	int repeat = 5;
	char **files = calloc((size_t)argc + 1, sizeof *files);
	int file_count = 0;
	if (!files)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int has_value = i + 1 < argc;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage, stdout);
			free(files);
			return 0;
		} else if (strcmp(arg, "--version") == 0) {
			puts("pith " PITH_VERSION);
			free(files);
			return 0;
		} else if (strcmp(arg, "--dump-tree") == 0) {
			mode = MODE_DUMP;
		} else if (strcmp(arg, "--stat") == 0) {
			mode = MODE_STAT;
		} else if (strcmp(arg, "--fragment") == 0 && has_value) {
			options.fragment_context = argv[++i];
		} else if (strcmp(arg, "--charset") == 0 && has_value) {
			options.charset = argv[++i];
		} else if (strcmp(arg, "--repeat") == 0 && has_value) {
			repeat = atoi(argv[++i]);
			if (repeat < 1) {
				fprintf(stderr, "pith: --repeat needs a positive number\n");
				free(files);
				return 2;
			}
		} else if (arg[0] == '-' && arg[1] != '\0') {
			fprintf(stderr, "pith: unknown or incomplete option '%s'\n%s", arg, usage);
			free(files);
			return 2;
		} else {
			files[file_count++] = argv[i];
		}
	}
	int rc = 2;
	if (mode == MODE_DUMP && file_count == 1)
		rc = dump_tree(files[0], &options);
	else if (mode == MODE_STAT && file_count > 0)
		rc = stat_files(files, file_count, repeat);
	else
		fputs(usage, stderr);
	free(files);
	return rc;
}
