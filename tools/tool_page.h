/* What the development tools that study extraction share
 * (tools/dump_blocks.c, tools/explain.c, tools/page_features.c): a page
 * file read, decoded, parsed with the extractor's noscript bounds and
 * extracted as pith extracts it (balanced and no type given, unless the
 * tool reads --favor and --page-type), into an extractor whose internals
 * the tool then reads. */
#ifndef PITH_TOOL_PAGE_H
#define PITH_TOOL_PAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../cli/option_values.h"
#include "decode/decode.h"
#include "dom/dom.h"
#include "extract/extract_internal.h"
#include "html/parser.h"

typedef struct tool_page {
	const char *tool; /* the tool's name, for its error messages */
	pith_decoder *decoder;
	pith_html_parser *parser;
	pith_extractor *ex;
	pith_dom dom;
	pith_extraction out;
	pith_favor favor;
	pith_page_type page_type; /* PITH_PAGE_TYPE_UNKNOWN: the model's */
} tool_page;

/* Ready to extract, or false when memory runs out. */
static inline bool tool_page_init(tool_page *p, const char *tool)
{
	p->tool = tool;
	p->favor = PITH_FAVOR_BALANCED;
	p->page_type = PITH_PAGE_TYPE_UNKNOWN;
	p->decoder = pith_decoder_new();
	p->parser = pith_html_parser_new();
	p->ex = pith_extractor_new();
	pith_dom_init(&p->dom);
	if (!p->decoder || !p->parser || !p->ex)
		return false;
	pith_html_parser_set_noscript_bounds(p->parser, true);
	return true;
}

/* Reads --favor F and --page-type T at the front of argv (after the
 * tool's name) into p, shifting them off, with the names the command
 * takes (cli/option_values.c). False, said on standard error, for an
 * unknown value. */
static inline bool tool_page_read_options(tool_page *p, int *argc, char ***argv)
{
	while (*argc > 2) {
		const char *option = (*argv)[1], *value = (*argv)[2];
		bool known;
		if (strcmp(option, "--favor") == 0)
			known = favor_from_name(value, &p->favor);
		else if (strcmp(option, "--page-type") == 0)
			known = page_type_from_name(value, &p->page_type);
		else
			break;
		if (!known) {
			fprintf(stderr, "%s: unknown %s value %s\n", p->tool, option, value);
			return false;
		}
		*argc -= 2;
		*argv += 2;
	}
	return true;
}

/* Frees what tool_page_init made (so that a run under ASan reports no
 * leak). */
static inline void tool_page_release(tool_page *p)
{
	pith_decoder_free(p->decoder);
	pith_html_parser_free(p->parser);
	pith_extractor_free(p->ex);
	pith_dom_release(&p->dom);
}

/* Extracts the page in the file at path (its first
 * PITH_MAX_INPUT_BYTES / 16 bytes) into p->ex and p->out; false, said on
 * standard error, when that fails. */
static inline bool tool_page_extract(tool_page *p, const char *path)
{
	static char page[PITH_MAX_INPUT_BYTES / 16];
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return false;
	}
	size_t length = fread(page, 1, sizeof page, f);
	fclose(f);
	const char *utf8, *encoding;
	size_t utf8_length;
	if (pith_decode(p->decoder, page, length, NULL, &utf8, &utf8_length, &encoding) ||
	    pith_html_parse(p->parser, &p->dom, utf8, utf8_length, NULL) ||
	    pith_extract_content(p->ex, &p->dom, p->favor, false, p->page_type, &p->out)) {
		fprintf(stderr, "%s: %s: failed\n", p->tool, path);
		return false;
	}
	return true;
}

#endif
