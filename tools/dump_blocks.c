/* Development aid: every block of each page with its features and the
 * elements that hold blocks, one JSON line per page, for studying and
 * training extraction offline.
 *
 *   make build/dump_blocks && build/dump_blocks [--favor F] [--page-type T] [--candidates] \
 *       PAGE.html... > blocks.jsonl
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

#include "tool_page.h"

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

static int dump(tool_page *p, const char *path)
{
	if (!tool_page_extract(p, path))
		return 1;
	pith_extractor *ex = p->ex; /* --candidates extracts again */
	const pith_dom *dom = &p->dom;
	const pith_extraction out = p->out;
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
	tool_page p;
	if (!tool_page_init(&p, "dump_blocks"))
		return 1;
	if (!tool_page_read_options(&p, &argc, &argv)) {
		tool_page_release(&p);
		return 2;
	}
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "--candidates") == 0) {
		candidates = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: dump_blocks [--favor F] [--page-type T] [--candidates] "
		                "PAGE.html...\n");
		tool_page_release(&p);
		return 2;
	}
	int failed = 0;
	for (int i = first; i < argc; i++)
		failed |= dump(&p, argv[i]);
	tool_page_release(&p);
	return failed;
}
