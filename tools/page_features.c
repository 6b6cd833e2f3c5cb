/* Development aid: the measurements that tell a page's type
 * (src/extract/page_type.c), one tab-separated line per page after a
 * line of their names, for tools/train_page_type.py.
 *
 *   make build/page_features && build/page_features PAGE.html... > features.tsv
 *   build/page_features --types PAGE.html...    the model's type of each page
 *
 * A line: the page's path, then each measurement; with --types, the
 * page's path, its type and the model's confidence. Uses the library's
 * internal headers; not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/page_type.h"
#include "tool_page.h"

static bool types;

static int measure(tool_page *p, const char *path)
{
	if (!tool_page_extract(p, path))
		return 1;
	fputs(path, stdout);
	if (types) {
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
		fprintf(stderr, "usage: page_features PAGE.html...\n");
		return 2;
	}
	tool_page p;
	if (!tool_page_init(&p, "page_features"))
		return 1;
	int first = 1;
	if (strcmp(argv[1], "--types") == 0) {
		types = true;
		first = 2;
	} else {
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
