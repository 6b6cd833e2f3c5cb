/* Pagers and links: the page numbers of a pager (the next pages after the
 * current one), and what <link> and <a rel> say: canonical URL, licence,
 * image, rel=next, rel=tag. */
#include <string.h>

#include "metadata_internal.h"

/* Pager links are digits: page numbers up to this are read. */
#define MAX_PAGE_NUMBER 9999

/* Page numbers of a pager: links whose text is a number, in an element
 * whose class or id names pages (pagination, pager, page-links,
 * page-numbers). The current page is the number that is not a link, or
 * is marked current. */
void pith_metadata_read_pager_item(collector *c, pith_node_id id)
{
	const pith_dom *dom = c->dom;
	const pith_node *node = &dom->nodes[id];
	pith_node_id text = node->first_child;
	if (!text || dom->nodes[text].type != PITH_NODE_TEXT || dom->nodes[text].next_sibling)
		return;
	const char *s = dom->nodes[text].text;
	size_t n = dom->nodes[text].text_len;
	pith_metadata_trim(&s, &n);
	if (n == 0 || n > 4)
		return;
	unsigned number = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return;
		number = number * 10 + (unsigned)(s[i] - '0');
	}
	if (number == 0 || number > MAX_PAGE_NUMBER)
		return;
	/* The pager is the parent or grandparent (a list item's list). */
	pith_node_id pager = 0;
	for (pith_node_id up = node->parent, level = 0; up && level < 2 && !pager;
	     up = dom->nodes[up].parent, level++)
		if (pith_metadata_attr_has_word(dom, up, "class", "pag", true) ||
		    pith_metadata_attr_has_word(dom, up, "id", "pag", true))
			pager = up;
	if (!pager || (c->pager && c->pager != pager))
		return;
	c->pager = pager;
	const pith_attr *href = node->tag == PITH_TAG_A ? pith_dom_attr(dom, id, "href") : NULL;
	bool current = !href || pith_dom_attr(dom, id, "aria-current") ||
	               pith_metadata_attr_has_word(dom, id, "class", "current", false) ||
	               pith_metadata_attr_has_word(dom, id, "class", "active", false);
	if (current) {
		if (!c->current_page)
			c->current_page = number;
		return;
	}
	if (c->pager_link_count < PITH_MAX_NEXT_PAGES)
		c->pager_links[c->pager_link_count++] =
		    (pager_link){number, href->value, href->value_len};
}

void pith_metadata_read_link(collector *c, pith_node_id id, const pith_attr *rel)
{
	const pith_attr *href = pith_dom_attr(c->dom, id, "href");
	if (!href)
		return;
	bool is_link = c->dom->nodes[id].tag == PITH_TAG_LINK;
	if (is_link && pith_metadata_has_token(rel->value, rel->value_len, "canonical"))
		pith_metadata_offer(c, FIELD_URL, href->value, href->value_len, RANK_BEST);
	if (pith_metadata_has_token(rel->value, rel->value_len, "license"))
		pith_metadata_offer(c, FIELD_LICENSE, href->value, href->value_len, RANK_MARKUP);
	if (is_link && pith_metadata_has_token(rel->value, rel->value_len, "image_src"))
		pith_metadata_offer(c, FIELD_IMAGE, href->value, href->value_len, RANK_MARKUP);
	if (pith_metadata_has_token(rel->value, rel->value_len, "next") && c->next_pages.count == 0)
		pith_metadata_offer_next_page(c, href->value, href->value_len);
	if (!is_link && pith_metadata_has_token(rel->value, rel->value_len, "tag")) {
		size_t n;
		char *text = pith_metadata_node_text(c->arena, c->dom, id, MAX_TITLE_BYTES, &n);
		if (!text)
			c->out_of_memory = true;
		else
			pith_metadata_list_offer(c, &c->tags, text, n, RANK_META);
	}
}

/* The next pages: rel=next first, then the pager's pages after the
 * current one, in page order. */
void pith_metadata_choose_next_pages(collector *c)
{
	unsigned current = c->current_page ? c->current_page : 1;
	for (unsigned wanted = current + 1; wanted <= MAX_PAGE_NUMBER; wanted++) {
		bool found = false;
		for (size_t i = 0; i < c->pager_link_count && !found; i++) {
			if (c->pager_links[i].number != wanted)
				continue;
			pith_metadata_offer_next_page(c, c->pager_links[i].href,
			                              c->pager_links[i].href_length);
			found = true;
		}
		if (!found)
			break;
	}
}
