/* The examples of tests/spec/extract.md: each page's text must be the
 * text that follows it, and each block it names after a second "." line
 * must be dropped for the reason it names (a text several blocks have:
 * one of them). The file's own words say what
 * each rule is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dom/dom.h"
#include "extract/extract_internal.h"
#include "html/parser.h"
#include "pith.h"
#include "read_file.h"

#define SPEC_PATH "tests/spec/extract.md"
#define FENCE "```````````````````````````````` example"
#define FENCE_END "\n````````````````````````````````\n"

/* The drop reasons the examples name. */
static bool reason_named[PITH_DROP_REASONS];

typedef struct example {
	char *page, *text, *reasons; /* reasons: NULL when it names none */
	pith_favor favor;
	pith_page_type page_type;
	int line;
} example;

static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *c = text; c < at; c++)
		line += *c == '\n';
	return line;
}

/* Cuts body (NUL-terminated) at its first line that is only ".": the
 * part after it, or NULL. */
static char *split_at_dot(char *body)
{
	for (char *line = body; line;) {
		if (line[0] == '.' && (line[1] == '\n' || line[1] == '\0')) {
			line[line > body ? -1 : 0] = '\0';
			return line[1] ? line + 2 : line + 1;
		}
		char *newline = strchr(line, '\n');
		line = newline ? newline + 1 : NULL;
	}
	return NULL;
}

/* The next example from *at, or false when there is none. The fence may
 * name a --favor setting ("example favor=recall") and a page type
 * ("example type=listing"). */
static bool next_example(char *spec, char **at, example *out)
{
	char *fence = strstr(*at, FENCE);
	char *fence_line_end = fence ? strchr(fence, '\n') : NULL;
	char *end = fence_line_end ? strstr(fence_line_end, FENCE_END) : NULL;
	if (!end)
		return false;
	*end = '\0';
	*at = end + strlen(FENCE_END);
	out->line = line_of(spec, fence);
	out->favor = PITH_FAVOR_BALANCED;
	const char *favor = strstr(fence, " favor=");
	if (favor && favor < fence_line_end)
		out->favor = strncmp(favor + 7, "recall", 6) == 0      ? PITH_FAVOR_RECALL
		             : strncmp(favor + 7, "precision", 9) == 0 ? PITH_FAVOR_PRECISION
		                                                       : PITH_FAVOR_BALANCED;
	out->page_type = PITH_PAGE_TYPE_UNKNOWN;
	const char *type = strstr(fence, " type=");
	for (int t = 0; type && type < fence_line_end && t < PITH_PAGE_TYPES; t++) {
		const char *name = pith_page_type_name((pith_page_type)t);
		if (strncmp(type + 6, name, strlen(name)) == 0)
			out->page_type = (pith_page_type)t;
	}
	out->page = fence_line_end + 1;
	out->text = split_at_dot(out->page);
	out->reasons = out->text ? split_at_dot(out->text) : NULL;
	return true;
}

/* The product (pith_extraction) hands on the extractor's decisions: every
 * block, kept exactly when not dropped, with its text and structure; the
 * region's range; the headline's block and text. */
static void check_product(const char *name, const pith_extractor *ex, const pith_extraction *out)
{
	const char *wrong = NULL;
	if (out->block_count != ex->block_count || out->text != ex->text.data)
		wrong = "blocks or text not the extractor's";
	for (size_t i = 0; !wrong && i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		const pith_text_block *p = &out->blocks[i];
		if (p->kept != (b->dropped == PITH_KEPT) || p->text_start != b->text_start ||
		    p->text_length != b->text_length || p->list_owner != b->list_owner ||
		    p->row != b->row || p->table != b->table || p->item_number != b->item_number ||
		    p->heading_level != b->heading_level)
			wrong = "a block differs from the extractor's";
		if (p->kept && (i < out->region_begin || i >= out->region_end))
			wrong = "a kept block outside the region's range";
	}
	const pith_element_info *region = &ex->elements[out->region];
	if (!wrong && ex->block_count &&
	    (out->region != ex->region || out->region_begin != region->block_begin ||
	     out->region_end != region->block_end))
		wrong = "the region is not the extractor's";
	if (!wrong && out->headline_block != ex->headline)
		wrong = "the headline is not the extractor's";
	if (!wrong && ex->headline) {
		const pith_block *h = &ex->blocks[ex->headline - 1];
		if (out->headline_length != h->text_length ||
		    memcmp(out->headline, ex->text.data + h->text_start, h->text_length) != 0)
			wrong = "the headline's text is not its block's";
	} else if (!wrong && (out->headline_length || strcmp(out->headline, "") != 0)) {
		wrong = "a headline's text without a headline";
	}
	char what[160];
	snprintf(what, sizeof what, "%s: the product", name);
	check(!wrong, what, "%s", wrong ? wrong : "");
}

/* Each line "reason: block text" of reasons: a block of exactly that text
 * is dropped for that reason ("keep": kept). */
static void check_reasons(const char *name, const example *e)
{
	pith_html_parser *parser = pith_html_parser_new();
	pith_extractor *ex = pith_extractor_new();
	pith_dom dom;
	pith_dom_init(&dom);
	pith_extraction out;
	bool ready = parser && ex;
	if (ready) {
		pith_html_parser_set_noscript_bounds(parser, true);
		ready =
		    pith_html_parse(parser, &dom, e->page, strlen(e->page), NULL) == PITH_OK &&
		    pith_extract_content(ex, &dom, e->favor, false, e->page_type, &out) == PITH_OK;
	}
	check(ready, name, "the page did not parse and extract");
	if (ready)
		check_product(name, ex, &out);
	for (char *line = e->reasons; ready && line && *line;) {
		char *newline = strchr(line, '\n');
		if (newline)
			*newline = '\0';
		char *colon = strstr(line, ": ");
		if (colon)
			*colon = '\0';
		/* A repeated text is several blocks: one of them has the reason. */
		const char *got = "(no such block)";
		for (size_t i = 0; colon && i < ex->block_count; i++) {
			const pith_block *b = &ex->blocks[i];
			if (strlen(colon + 2) == b->text_length &&
			    memcmp(ex->text.data + b->text_start, colon + 2, b->text_length) == 0 &&
			    strcmp(got, line) != 0)
				got = pith_drop_reason_names[b->dropped];
		}
		for (int r = 0; r < PITH_DROP_REASONS; r++)
			reason_named[r] |= strcmp(line, pith_drop_reason_names[r]) == 0;
		char what[160];
		snprintf(what, sizeof what, "%s: '%s'", name, colon ? colon + 2 : line);
		check(colon && strcmp(got, line) == 0, what, "%s, expected %s", got, line);
		line = newline ? newline + 1 : NULL;
	}
	pith_dom_release(&dom);
	pith_extractor_free(ex);
	pith_html_parser_free(parser);
}

int main(void)
{
	size_t length;
	char *spec = read_file(SPEC_PATH, &length);
	if (!spec) {
		printf("FAIL cannot read " SPEC_PATH "\n");
		return 1;
	}
	int examples = 0;
	char *at = spec;
	example e;
	while (next_example(spec, &at, &e)) {
		examples++;
		char name[64];
		snprintf(name, sizeof name, "example %d (line %d)", examples, e.line);
		if (!e.text) {
			check(false, name, "no '.' line after the page");
			continue;
		}
		pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
		options.favor = e.favor;
		options.page_type = e.page_type;
		pith_result *result;
		pith_status status = pith_extract(e.page, strlen(e.page), &options, &result);
		check(status == PITH_OK, name, "status %s", pith_strerror(status));
		if (status == PITH_OK)
			check_string(name, result->text, e.text);
		pith_result_free(result);
		if (e.reasons)
			check_reasons(name, &e);
	}
	check(examples > 0, SPEC_PATH, "no examples");
	/* Every drop reason has an example that names it. */
	for (int r = PITH_DROP_OUTSIDE; r < PITH_DROP_REASONS; r++)
		check(reason_named[r], SPEC_PATH, "no example of the drop reason %s",
		      pith_drop_reason_names[r]);
	/* Every page type's name reads back, "unknown" outside the enum, and
	 * a type outside it is refused. */
	for (int t = 0; t < PITH_PAGE_TYPES; t++) {
		const char *type_name = pith_page_type_name((pith_page_type)t);
		bool unique = true;
		for (int u = 0; u < t; u++)
			unique = unique &&
			         strcmp(type_name, pith_page_type_name((pith_page_type)u)) != 0;
		check(unique && *type_name, "pith_page_type_name", "%d is '%s'", t, type_name);
	}
	check(strcmp(pith_page_type_name((pith_page_type)PITH_PAGE_TYPES), "unknown") == 0,
	      "pith_page_type_name", "out of range is not 'unknown'");
	pith_extract_options bad = PITH_EXTRACT_OPTIONS_INIT;
	bad.page_type = (pith_page_type)PITH_PAGE_TYPES;
	pith_result *refused;
	check(pith_extract("<p>x</p>", 8, &bad, &refused) == PITH_ERROR_INVALID_ARGUMENT,
	      "page_type out of range", "not refused");
	pith_result_free(refused);
	free(spec);
	printf("extract_spec: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
