/* Development aid: the measurements that tell a page's type
 * (src/extract/page_type.c), one tab-separated line per page after a
 * line of their names, for tools/train_page_type.py.
 *
 *   make build/page_features && build/page_features PAGE.html... > features.tsv
 *   build/page_features --types PAGE.html...    the model's type of each page
 *   build/page_features --words PAGE.html...    the words the text model reads
 *
 * A line: the page's path, then each measurement; with --types, the
 * page's path, its type and the model's confidence; with --words, the
 * page's path, then each distinct word (pith_page_words) as its hash in
 * hexadecimal, a colon and how often it occurs, in the hashes' order.
 * Uses the library's internal headers; not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buffer.h"
#include "extract/page_type.h"
#include "tool_page.h"

static enum { FEATURES, TYPES, WORDS } output = FEATURES;

/* The page's words, as pith_page_words gives them. */
typedef struct word_list {
	uint64_t *hashes;
	size_t count, capacity;
	bool failed;
} word_list;

static void add_word(uint64_t hash, void *context)
{
	word_list *list = context;
	uint64_t *grown = pith_grow(list->hashes, &list->capacity, list->count + 1,
	                            sizeof *list->hashes, 1024);
	if (!grown) {
		list->failed = true;
		return;
	}
	list->hashes = grown;
	list->hashes[list->count++] = hash;
}

static int compare_hashes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int print_words(const pith_extractor *ex)
{
	word_list list = {0};
	pith_page_words(ex, add_word, &list);
	if (list.failed) {
		free(list.hashes);
		fputs("page_features: out of memory\n", stderr);
		return 1;
	}
	if (list.count) /* a page without words has no array to sort */
		qsort(list.hashes, list.count, sizeof *list.hashes, compare_hashes);
	for (size_t i = 0, j; i < list.count; i = j) {
		for (j = i; j < list.count && list.hashes[j] == list.hashes[i]; j++)
			;
		printf("\t%016llx:%zu", (unsigned long long)list.hashes[i], j - i);
	}
	putchar('\n');
	free(list.hashes);
	return 0;
}

static int measure(tool_page *p, const char *path)
{
	if (!tool_page_extract(p, path))
		return 1;
	fputs(path, stdout);
	if (output == WORDS)
		return print_words(p->ex);
	if (output == TYPES) {
		printf("\t%s\t%.4f\n", pith_page_type_name(p->out.page_type),
		       p->out.page_type_confidence);
		return 0;
	}
	for (int i = 0; i < PITH_PAGE_FEATURES; i++)
		printf("\t%.9g", p->ex->page_features[i]);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: page_features [--types|--words] PAGE.html...\n");
		return 2;
	}
	tool_page p;
	if (!tool_page_init(&p, "page_features"))
		return 1;
	if (strcmp(argv[1], "--types") == 0)
		output = TYPES;
	else if (strcmp(argv[1], "--words") == 0)
		output = WORDS;
	int first = output == FEATURES ? 1 : 2;
	if (output == FEATURES) {
		fputs("page", stdout);
		for (int i = 0; i < PITH_PAGE_FEATURES; i++)
			printf("\t%s", pith_page_feature_names[i]);
		putchar('\n');
	}
	int failed = 0;
	for (int i = first; i < argc; i++)
		failed |= measure(&p, argv[i]);
	tool_page_release(&p);
	return failed;
}
