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

#include "decode/decode.h"
#include "dom/dom.h"
#include "extract/page_type.h"
#include "html/parser.h"

static bool types;

static int measure(const char *path, pith_decoder *decoder, pith_html_parser *parser,
                   pith_extractor *ex, pith_dom *dom, char *page, size_t capacity)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t length = fread(page, 1, capacity, f);
	fclose(f);
	const char *utf8, *encoding;
	size_t utf8_length;
	pith_extraction out;
	if (pith_decode(decoder, page, length, NULL, &utf8, &utf8_length, &encoding) ||
	    pith_html_parse(parser, dom, utf8, utf8_length, NULL) ||
	    pith_extract_content(ex, dom, PITH_FAVOR_BALANCED, false, PITH_PAGE_TYPE_UNKNOWN, &out)) {
		fprintf(stderr, "page_features: %s: failed\n", path);
		return 1;
	}
	fputs(path, stdout);
	if (types) {
		printf("\t%s\t%.4f\n", pith_page_type_name(out.page_type), out.page_type_confidence);
		return 0;
	}
	for (int i = 0; i < PITH_PAGE_FEATURES; i++)
		printf("\t%.9g", ex->page_features[i]);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: page_features PAGE.html...\n");
		return 2;
	}
	static char page[PITH_MAX_INPUT_BYTES / 16];
	pith_decoder *decoder = pith_decoder_new();
	pith_html_parser *parser = pith_html_parser_new();
	pith_extractor *ex = pith_extractor_new();
	if (!decoder || !parser || !ex)
		return 1;
	pith_html_parser_set_noscript_bounds(parser, true);
	pith_dom dom;
	pith_dom_init(&dom);
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
		failed |= measure(argv[i], decoder, parser, ex, &dom, page, sizeof page);
	return failed;
}
