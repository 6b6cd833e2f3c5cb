/* Development aid: every block of each page with its features and the
 * elements that hold blocks, one JSON line per page, for studying and
 * training extraction offline (tools/extraction/).
 *
 *   make build/dump_blocks && build/dump_blocks PAGE.html... > blocks.jsonl
 *
 * A line: {"source", "headline_text", "region", "main", "body", "blocks": [[text, chars,
 * link_chars, words, number_words, punctuation, heading_level,
 * list_owner, row, table, item_number, dropped, owner], ...],
 * "elements": [[id, parent, tag, evidence, named_word, score, prose,
 * chars, link_chars, block_begin, block_end, is_boilerplate, class, id],
 * ...]}. Uses the library's internal headers; not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "dom/dom.h"
#include "extract/extract_internal.h"
#include "html/parser.h"

static void put_json_string(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void put_attr(const pith_dom *dom, pith_node_id id, const char *name)
{
	const pith_attr *a = pith_dom_find_attr(dom, id, name, strlen(name));
	if (a)
		put_json_string(a->value, a->value_len > 200 ? 200 : a->value_len);
	else
		printf("\"\"");
}

/* Kept blocks as [begin, end) ranges. */
static void put_kept(const pith_extractor *ex)
{
	printf("[");
	bool first = true;
	for (size_t i = 0; i < ex->block_count;) {
		if (ex->blocks[i].dropped) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < ex->block_count && !ex->blocks[j].dropped)
			j++;
		printf(first ? "[%zu,%zu]" : ",[%zu,%zu]", i, j);
		first = false;
		i = j;
	}
	printf("]");
}

/* Every element holding CANDIDATE_SHARE of the page's characters (one per
 * distinct block range, the outermost), with the blocks each mode of
 * filtering keeps when it is the region. */
#define CANDIDATE_SHARE 0.03
static void dump_candidates(pith_extractor *ex, const pith_dom *dom)
{
	pith_node_id rule_region = ex->region;
	double page_chars = ex->elements[ex->body].chars;
	printf(",\"candidates\":[");
	bool first = true;
	for (pith_node_id id = 1; id < dom->node_count; id++) {
		const pith_element_info *e = &ex->elements[id];
		if (dom->nodes[id].type != PITH_NODE_ELEMENT || e->block_end <= e->block_begin ||
		    (e->chars < CANDIDATE_SHARE * page_chars && id != rule_region))
			continue;
		pith_node_id parent = dom->nodes[id].parent;
		const pith_element_info *p = &ex->elements[parent];
		if (parent && p->block_begin == e->block_begin && p->block_end == e->block_end &&
		    p->chars == e->chars && id != rule_region)
			continue; /* the same blocks as its parent */
		for (int index_page = 0; index_page < 2; index_page++) {
			pith_extract_region(ex, dom, id, index_page);
			printf(first ? "[%u,%d," : ",[%u,%d,", (unsigned)id, index_page);
			first = false;
			put_kept(ex);
			printf("]");
		}
	}
	printf("]");
	pith_extract_region(ex, dom, rule_region,
	                    2 * ex->elements[rule_region].link_chars >=
	                        ex->elements[rule_region].chars);
}

static bool candidates;

static int dump(const char *path, pith_decoder *decoder, pith_html_parser *parser,
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
		fprintf(stderr, "dump_blocks: %s: failed\n", path);
		return 1;
	}
	printf("{\"source\":");
	put_json_string(path, strlen(path));
	printf(",\"headline_text\":");
	put_json_string(out.headline, out.headline_length);
	printf(",\"region\":%u,\"main\":%u,\"body\":%u,\"headline\":%u,\"blocks\":[",
	       (unsigned)ex->region, (unsigned)ex->main, (unsigned)ex->body,
	       (unsigned)ex->headline);
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		printf(i ? ",[" : "[");
		put_json_string(ex->text.data + b->text_start, b->text_length);
		printf(",%u,%u,%u,%u,%u,%u,%u,%u,%u,%d,%u,%u]", b->chars, b->link_chars, b->words,
		       b->number_words, b->punctuation, b->heading_level, (unsigned)b->list_owner,
		       (unsigned)b->row, (unsigned)b->table, b->item_number, b->dropped,
		       (unsigned)b->owner);
	}
	printf("],\"elements\":[");
	bool first = true;
	for (pith_node_id id = 1; id < dom->node_count; id++) {
		const pith_element_info *e = &ex->elements[id];
		if (dom->nodes[id].type != PITH_NODE_ELEMENT || e->block_end <= e->block_begin)
			continue;
		size_t name_length;
		const char *name = pith_dom_element_name(dom, id, &name_length);
		printf(first ? "[" : ",[");
		first = false;
		printf("%u,%u,", (unsigned)id, (unsigned)dom->nodes[id].parent);
		put_json_string(name, name_length);
		printf(",%d,%u,%.1f,%.1f,%u,%u,%u,%u,%d,", e->evidence, e->named_word, e->score,
		       e->prose, e->chars, e->link_chars, e->block_begin, e->block_end,
		       e->is_boilerplate);
		put_attr(dom, id, "class");
		putchar(',');
		put_attr(dom, id, "id");
		putchar(']');
	}
	printf("]");
	if (candidates)
		dump_candidates(ex, dom);
	printf("}\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: dump_blocks PAGE.html...\n");
		return 2;
	}
	static char page[PITH_MAX_INPUT_BYTES / 16];
	pith_decoder *decoder = pith_decoder_new();
	pith_html_parser *parser = pith_html_parser_new();
	if (parser)
		pith_html_parser_set_noscript_bounds(parser, true);
	pith_extractor *ex = pith_extractor_new();
	pith_dom dom;
	pith_dom_init(&dom);
	int failed = 0;
	int first = 1;
	if (strcmp(argv[1], "--candidates") == 0) {
		candidates = true;
		first = 2;
	}
	for (int i = first; i < argc; i++)
		failed |= dump(argv[i], decoder, parser, ex, &dom, page, sizeof page);
	return failed;
}
