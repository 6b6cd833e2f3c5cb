/* The microdata reader (HTML "Microdata"): itemprop headline, author,
 * dates, language and keywords, outside comment sections; and whether an
 * element lies in one, which the byline and <time> readers ask too. */
#include <string.h>

#include "metadata_internal.h"

/* Is the element inside (or itself) a comment section or a comment? Its
 * dates and authors are the commenters'. */
bool pith_metadata_in_comments(const pith_dom *dom, pith_node_id id)
{
	for (; id; id = dom->nodes[id].parent)
		if (dom->nodes[id].type == PITH_NODE_ELEMENT &&
		    (pith_metadata_attr_has_word(dom, id, "class", "comment", true) ||
		     pith_metadata_attr_has_word(dom, id, "id", "comment", true) ||
		     pith_metadata_attr_has_word(dom, id, "itemtype", "comment", false)))
			return true;
	return false;
}

/* An element's microdata value (HTML "Microdata", itemprop values): an
 * attribute for the elements that have one, else the text. */
static void microdata_value(collector *c, pith_node_id id, const char **s, size_t *n)
{
	const pith_node *node = &c->dom->nodes[id];
	const char *name = node->tag == PITH_TAG_META                              ? "content"
	                   : node->tag == PITH_TAG_TIME                            ? "datetime"
	                   : node->tag == PITH_TAG_A || node->tag == PITH_TAG_LINK ? "href"
	                   : node->tag == PITH_TAG_IMG                             ? "src"
	                                                                           : NULL;
	const pith_attr *a = name ? pith_dom_attr(c->dom, id, name) : NULL;
	if (!a && node->tag != PITH_TAG_META)
		a = pith_dom_attr(c->dom, id, "content");
	if (a) {
		*s = a->value;
		*n = a->value_len;
		return;
	}
	*s = pith_metadata_node_text(c->arena, c->dom, id, MAX_TITLE_BYTES, n);
	if (!*s) {
		c->out_of_memory = true;
		*n = 0;
	}
}

/* An itemscope author's name: its first descendant with itemprop=name. */
static pith_node_id microdata_name(const pith_dom *dom, pith_node_id scope)
{
	size_t visited = 0;
	for (pith_node_id at = dom->nodes[scope].first_child ? scope : 0; at;
	     at = pith_dom_next_in_order(dom, scope, at, false)) {
		if (++visited > PITH_MAX_TEXT_NODES_VISITED)
			break;
		if (at != scope && dom->nodes[at].type == PITH_NODE_ELEMENT &&
		    pith_metadata_attr_has_word(dom, at, "itemprop", "name", false))
			return at;
	}
	return 0;
}

void pith_metadata_read_microdata(collector *c, pith_node_id id, const pith_attr *itemprop)
{
	static const struct {
		const char *name;
		field field;
	} props[] = {
	    {"headline", FIELD_TITLE_JSONLD},        {"author", FIELD_AUTHOR},
	    {"datePublished", FIELD_DATE_PUBLISHED}, {"dateModified", FIELD_DATE_MODIFIED},
	    {"inLanguage", FIELD_LANGUAGE},          {"keywords", FIELD_TAG},
	};
	for (size_t i = 0; i < COUNT_OF(props); i++) {
		if (!pith_metadata_has_token(itemprop->value, itemprop->value_len, props[i].name))
			continue;
		/* Nothing to do when a better source gave the field (the
		 * ancestor walk below is the costly part). A comment's
		 * microdata is the commenter's. */
		field f = props[i].field;
		bool decided = f == FIELD_AUTHOR ? c->authors.rank < RANK_MICRODATA
		               : f == FIELD_TAG  ? c->tags.rank < RANK_MICRODATA
		                                 : c->fields[f].rank <= RANK_MICRODATA;
		if (decided || pith_metadata_in_comments(c->dom, id))
			return;
		pith_node_id from = id;
		if (props[i].field == FIELD_AUTHOR && pith_dom_attr(c->dom, id, "itemscope")) {
			from = microdata_name(c->dom, id);
			if (!from)
				return;
		}
		const char *s;
		size_t n;
		microdata_value(c, from, &s, &n);
		if (props[i].field == FIELD_AUTHOR)
			pith_metadata_offer_author(c, s, n, RANK_MICRODATA);
		else if (props[i].field == FIELD_TAG)
			pith_metadata_offer_tags(c, s, n, RANK_MICRODATA);
		else
			pith_metadata_offer(c, props[i].field, s, n, RANK_MICRODATA);
		return;
	}
}
