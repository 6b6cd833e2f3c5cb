/* The floor under any HTML parser: a pass that only skips tags with memchr
 * ('<' to '>') and counts the text between them. make bench runs it on the
 * same pages in the same run as `pith --stat`, so the ratio of the two says
 * how much of the hardware's speed the real parser keeps.
 * usage: tagskip [--repeat N] FILE... ; prints MB/s of the median pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Text bytes outside tags; the result is used so the pass is not optimised
 * away. */
static size_t skip_tags(const char *p, const char *end)
{
	size_t text = 0;
	while (p < end) {
		const char *open = memchr(p, '<', (size_t)(end - p));
		if (!open)
			return text + (size_t)(end - p);
		text += (size_t)(open - p);
		const char *close = memchr(open, '>', (size_t)(end - open));
		if (!close)
			break;
		p = close + 1;
	}
	return text;
}

int main(int argc, char **argv)
{
	int repeat = 5, first = 1;
	if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
		repeat = atoi(argv[2]);
		first = 3;
	}
	if (repeat < 1 || first >= argc) {
		fputs("usage: tagskip [--repeat N] FILE...\n", stderr);
		return 2;
	}
	int count = argc - first;
	char **pages = calloc((size_t)count, sizeof *pages);
	size_t *lengths = calloc((size_t)count, sizeof *lengths);
	double *seconds = calloc((size_t)repeat, sizeof *seconds);
	size_t total = 0;
	for (int i = 0; i < count; i++) {
		FILE *f = fopen(argv[first + i], "rb");
		if (!f) {
			perror(argv[first + i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		lengths[i] = (size_t)ftell(f);
		fseek(f, 0, SEEK_SET);
		pages[i] = malloc(lengths[i] + 1);
		if (fread(pages[i], 1, lengths[i], f) != lengths[i]) {
			perror(argv[first + i]);
			return 1;
		}
		fclose(f);
		total += lengths[i];
	}
	volatile size_t sink = 0;
	for (int r = 0; r < repeat; r++) {
		double start = now_seconds();
		for (int i = 0; i < count; i++)
			sink += skip_tags(pages[i], pages[i] + lengths[i]);
		seconds[r] = now_seconds() - start;
	}
	qsort(seconds, (size_t)repeat, sizeof *seconds, compare_doubles);
	double median = seconds[repeat / 2];
	printf("MB/s             %.1f\n", median > 0 ? total / 1e6 / median : 0);
	return 0;
}
