/* Development aid: why pith kept or dropped each block of a page.
 *
 *   make build/explain && build/explain [--favor F] [--page-type T] PAGE.html
 *
 * Prints the chosen region and one line per block: its decision, value
 * features (characters, link characters, punctuation) and the start of its
 * text. --favor (balanced, precision, recall) and --page-type (article,
 * forum, ...) extract as pith's options of those names do. Uses the
 * library's internal headers; not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_page.h"

static void print_element(const pith_dom *dom, pith_node_id id)
{
	size_t len;
	const char *name = pith_dom_element_name(dom, id, &len);
	printf("<%.*s", (int)len, name);
	const pith_attr *a = pith_dom_find_attr(dom, id, "id", 2);
	if (a)
		printf(" id=\"%.*s\"", (int)a->value_len, a->value);
	a = pith_dom_find_attr(dom, id, "class", 5);
	if (a)
		printf(" class=\"%.*s\"", (int)(a->value_len > 80 ? 80 : a->value_len), a->value);
	printf(">");
}

int main(int argc, char **argv)
{
	tool_page p;
	if (!tool_page_init(&p, "explain"))
		return 1;
	if (!tool_page_read_options(&p, &argc, &argv))
		return 2;
	bool tsv = argc > 1 && strcmp(argv[1], "--tsv") == 0;
	bool named = argc > 1 && strcmp(argv[1], "--boilerplate") == 0;
	if (tsv || named) {
		argv++;
		argc--;
	}
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: explain [--favor F] [--page-type T] [--tsv|--boilerplate] "
		                "PAGE.html [BLOCK]\n");
		return 2;
	}
	if (!tool_page_extract(&p, argv[1]))
		return 1;
	const pith_extractor *ex = p.ex;
	const pith_dom *dom = &p.dom;
	const pith_extraction out = p.out;
	if (named) { /* the elements taken as boilerplate, outermost only */
		for (pith_node_id id = 1; id < dom->node_count; id++) {
			const pith_element_info *e = &ex->elements[id];
			if (!e->is_boilerplate ||
			    ex->elements[dom->nodes[id].parent].in_boilerplate)
				continue;
			print_element(dom, id);
			printf(" chars %u prose %.0f evidence %d word %d blocks %u-%u\n", e->chars,
			       e->prose, e->evidence, e->named_word, e->block_begin, e->block_end);
		}
		return 0;
	}
	if (tsv) { /* reason, then the whole text with newlines as spaces */
		for (size_t i = 0; i < ex->block_count; i++) {
			const pith_block *b = &ex->blocks[i];
			printf("%s\t", pith_drop_reason_names[b->dropped]);
			for (uint32_t k = 0; k < b->text_length; k++) {
				char c = ex->text.data[b->text_start + k];
				putchar(c == '\n' || c == '\t' ? ' ' : c);
			}
			putchar('\n');
		}
		return 0;
	}
	printf("headline: %.*s\nregion: ", (int)out.headline_length, out.headline);
	for (pith_node_id id = ex->region; id; id = dom->nodes[id].parent) {
		print_element(dom, id);
		const pith_element_info *e = &ex->elements[id];
		printf(" score %.0f prose %.0f\n  in ", e->score, e->prose);
	}
	printf("document\n");
	if (argc == 3) { /* the elements around one block */
		size_t i = strtoul(argv[2], NULL, 10);
		if (i >= ex->block_count)
			return 1;
		for (pith_node_id id = ex->blocks[i].owner; id; id = dom->nodes[id].parent) {
			const pith_element_info *e = &ex->elements[id];
			print_element(dom, id);
			printf(" score %.0f prose %.0f evidence %d word %d blocks %u-%u\n",
			       e->score, e->prose, e->evidence, e->named_word, e->block_begin,
			       e->block_end);
		}
		return 0;
	}
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		printf("%4zu %-11s c%-5u l%-5u p%-3u h%u | %.*s\n", i,
		       pith_drop_reason_names[b->dropped], b->chars, b->link_chars, b->punctuation,
		       b->heading_level, (int)(b->text_length > 90 ? 90 : b->text_length),
		       ex->text.data + b->text_start);
	}
	return 0;
}
