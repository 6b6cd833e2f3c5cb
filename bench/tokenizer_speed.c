/* Tokenizer throughput on a folder of pages, for tuning src/html/tokenizer.c.
 *
 *   cc -std=c11 -O2 -Iinclude -Isrc bench/tokenizer_speed.c \
 *      src/html/tokenizer.c src/html/entities.c src/base/arena.c -o /tmp/tokspeed
 *   /tmp/tokspeed [DIR] [RUNS]   (default /tmp/pith-data/scrapinghub/html, 5)
 *
 * All pages are loaded first, so no I/O is timed; each run tokenizes every
 * page with a sink that only counts tokens, resetting one arena per page as
 * the parser does. Prints every run, then the best and the median in MB/s
 * (MB = 10^6 bytes). The input is used as is: no decoding. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "html/tokenizer.h"

typedef struct page {
	char *data;
	size_t len;
} page;

static int count_token(void *user, pith_token *token)
{
	(*(size_t *)user)++;
	(void)token;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	const char *dir_path = argc > 1 ? argv[1] : "/tmp/pith-data/scrapinghub/html";
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	if (runs < 1 || runs > 100)
		runs = 5;
	DIR *dir = opendir(dir_path);
	if (!dir) {
		fprintf(stderr, "cannot open %s\n", dir_path);
		return 1;
	}
	page *pages = NULL;
	size_t count = 0, cap = 0, total = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir_path, entry->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long size = ftell(f);
		fseek(f, 0, SEEK_SET);
		if (size <= 0) {
			fclose(f);
			continue;
		}
		char *data = malloc((size_t)size);
		if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
			free(data);
			fclose(f);
			continue;
		}
		fclose(f);
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			pages = realloc(pages, cap * sizeof *pages);
			if (!pages)
				return 1;
		}
		pages[count++] = (page){data, (size_t)size};
		total += (size_t)size;
	}
	closedir(dir);

	pith_tokenizer *t = pith_tokenizer_new();
	pith_arena arena;
	pith_arena_init(&arena);
	double *rates = malloc((size_t)runs * sizeof *rates);
	if (!t || !rates)
		return 1;
	size_t tokens = 0;
	for (int r = 0; r < runs; r++) {
		tokens = 0;
		double start = now();
		for (size_t i = 0; i < count; i++) {
			pith_arena_reset(&arena);
			pith_tokenizer_start(t, pages[i].data, pages[i].len, &arena, count_token,
			                     &tokens);
			if (pith_tokenizer_run(t) != 0) {
				fprintf(stderr, "tokenizer error\n");
				return 1;
			}
		}
		double seconds = now() - start;
		rates[r] = (double)total / seconds / 1e6;
		printf("run %d: %.0f MB/s\n", r + 1, rates[r]);
	}
	qsort(rates, (size_t)runs, sizeof *rates, compare_double);
	printf("%zu pages, %.1f MB, %zu tokens: best %.0f MB/s, median %.0f MB/s\n", count,
	       (double)total / 1e6, tokens, rates[runs - 1], rates[runs / 2]);
	pith_tokenizer_free(t);
	pith_arena_release(&arena);
	for (size_t i = 0; i < count; i++)
		free(pages[i].data);
	free(pages);
	free(rates);
	return 0;
}
