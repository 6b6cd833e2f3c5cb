/* Reader comments: the comment sections of a page (an element whose id or
 * class names comments), the comments in them (class "comment", an id
 * "comment-N", microdata Comment; else the items of the section's first
 * list), and each comment's author, date and text. A reply nested in a
 * comment is a comment of its own and is left out of its parent's text. */
#include <string.h>

#include "metadata_internal.h"

/* Elements a comment's parts are searched among, per comment. */
#define MAX_PART_SEARCH_NODES 4096
/* Author names longer than this are not names. */
#define MAX_AUTHOR_BYTES 200

static bool is_element(const pith_dom *dom, pith_node_id id)
{
	return dom->nodes[id].type == PITH_NODE_ELEMENT && dom->nodes[id].ns == PITH_NS_HTML;
}

/* A class token exactly "comment" (not "comment-body"). */
static bool has_comment_class(const pith_dom *dom, pith_node_id id)
{
	const pith_attr *a = pith_dom_attr(dom, id, "class");
	if (!a)
		return false;
	const char *s = a->value, *end = s + a->value_len;
	size_t n;
	for (const char *start; (start = pith_metadata_next_token(&s, end, &n)), n;)
		if (n == 7 && strncmp(start, "comment", 7) == 0)
			return true;
	return false;
}

/* One comment: class "comment", id "comment-N", or microdata Comment. */
static bool is_comment(const pith_dom *dom, pith_node_id id)
{
	if (!is_element(dom, id) || !dom->nodes[id].attr_count)
		return false;
	if (has_comment_class(dom, id) ||
	    pith_metadata_attr_has_word(dom, id, "itemtype", "comment", false))
		return true;
	const pith_attr *a = pith_dom_attr(dom, id, "id");
	return a && a->value_len > 8 && strncmp(a->value, "comment-", 8) == 0 &&
	       a->value[8] >= '0' && a->value[8] <= '9';
}

/* A section: id or class names comments ("comments", "comment-list",
 * "commentlist"), and it is no form and no single comment. */
static bool is_section(const pith_dom *dom, pith_node_id id)
{
	if (!is_element(dom, id) || !dom->nodes[id].attr_count || is_comment(dom, id))
		return false;
	if (!pith_metadata_attr_has_word(dom, id, "id", "comment", true) &&
	    !pith_metadata_attr_has_word(dom, id, "class", "comment", true))
		return false;
	return !pith_metadata_attr_has_word(dom, id, "class", "form", true) &&
	       !pith_metadata_attr_has_word(dom, id, "id", "form", true) &&
	       !pith_metadata_attr_has_word(dom, id, "class", "respond", false) &&
	       !pith_metadata_attr_has_word(dom, id, "id", "respond", false) &&
	       dom->nodes[id].tag != PITH_TAG_FORM;
}

typedef bool (*part_test)(const pith_dom *dom, pith_node_id id);

/* The first element under item (not under a nested comment) that test
 * accepts, or 0. */
static pith_node_id find_part(const pith_dom *dom, pith_node_id item, part_test test)
{
	size_t visited = 0;
	pith_node_id at = dom->nodes[item].first_child ? dom->nodes[item].first_child : 0;
	while (at && visited++ < MAX_PART_SEARCH_NODES) {
		bool nested = is_comment(dom, at);
		if (!nested && is_element(dom, at) && test(dom, at))
			return at;
		at = pith_dom_next_in_order(dom, item, at, nested);
	}
	return 0;
}

static bool is_author_name(const pith_dom *dom, pith_node_id id)
{
	return pith_metadata_attr_has_word(dom, id, "itemprop", "author", false) ||
	       pith_metadata_attr_has_word(dom, id, "class", "fn", false);
}

static bool is_author(const pith_dom *dom, pith_node_id id)
{
	return pith_metadata_attr_has_word(dom, id, "class", "author", true) ||
	       pith_metadata_attr_has_word(dom, id, "class", "username", false) ||
	       pith_metadata_attr_has_word(dom, id, "class", "user", false) ||
	       pith_metadata_attr_has_word(dom, id, "rel", "author", false);
}

static bool is_time(const pith_dom *dom, pith_node_id id)
{
	return dom->nodes[id].tag == PITH_TAG_TIME ||
	       pith_metadata_attr_has_word(dom, id, "class", "date", true) ||
	       pith_metadata_attr_has_word(dom, id, "class", "time", true) ||
	       pith_metadata_attr_has_word(dom, id, "class", "metadata", false);
}

static bool is_body(const pith_dom *dom, pith_node_id id)
{
	return pith_metadata_attr_has_word(dom, id, "itemprop", "text", false) ||
	       pith_metadata_attr_has_word(dom, id, "class", "content", false) ||
	       pith_metadata_attr_has_word(dom, id, "class", "text", false) ||
	       pith_metadata_attr_has_word(dom, id, "class", "message", false);
}

/* Text of id's subtree without nested comments, collapsed, cut at
 * PITH_MAX_COMMENT_BYTES. */
static char *comment_text(pith_arena *arena, const pith_dom *dom, pith_node_id id)
{
	char *out = pith_arena_alloc(arena, PITH_MAX_COMMENT_BYTES + 1);
	if (!out)
		return NULL;
	size_t n = 0, visited = 0;
	bool space = false;
	for (pith_node_id at = id; at && n < PITH_MAX_COMMENT_BYTES;) {
		if (++visited > PITH_MAX_TEXT_NODES_VISITED)
			break;
		const pith_node *node = &dom->nodes[at];
		bool skip = at != id && (is_comment(dom, at) || (node->type == PITH_NODE_ELEMENT &&
		                                                 (node->tag == PITH_TAG_SCRIPT ||
		                                                  node->tag == PITH_TAG_STYLE ||
		                                                  node->tag == PITH_TAG_FORM)));
		if (node->type == PITH_NODE_TEXT) {
			for (uint32_t i = 0; i < node->text_len && n < PITH_MAX_COMMENT_BYTES;
			     i++) {
				char c = node->text[i];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
					space = n > 0;
					continue;
				}
				if (space && n + 1 < PITH_MAX_COMMENT_BYTES)
					out[n++] = ' ';
				space = false;
				out[n++] = c;
			}
		} else if (node->type == PITH_NODE_ELEMENT && node->tag != PITH_TAG_A &&
		           node->tag != PITH_TAG_SPAN && node->tag != PITH_TAG_B &&
		           node->tag != PITH_TAG_I && node->tag != PITH_TAG_EM &&
		           node->tag != PITH_TAG_STRONG) {
			space = n > 0; /* block boundaries separate words */
		}
		at = pith_dom_next_in_order(dom, id, at, skip);
	}
	if (n == PITH_MAX_COMMENT_BYTES)
		n = pith_metadata_whole_characters(out, n);
	out[n] = '\0';
	return out;
}

typedef struct comment_list {
	pith_arena *arena;
	const char *language; /* the page's, which orders numeric dates */
	pith_comment *items;
	size_t count;
	bool out_of_memory;
} comment_list;

static void add_comment(comment_list *list, const pith_dom *dom, pith_node_id item)
{
	if (list->count == PITH_MAX_COMMENTS)
		return;
	pith_arena *arena = list->arena;
	pith_node_id body = find_part(dom, item, is_body);
	char *text = comment_text(arena, dom, body ? body : item);
	if (!text) {
		list->out_of_memory = true;
		return;
	}
	if (!*text)
		return;
	pith_node_id author = find_part(dom, item, is_author_name);
	if (!author)
		author = find_part(dom, item, is_author);
	const char *name = "";
	if (author) {
		size_t n;
		char *s = pith_metadata_node_text(arena, dom, author, MAX_AUTHOR_BYTES, &n);
		if (!s) {
			list->out_of_memory = true;
			return;
		}
		name = s;
	}
	const char *date = "";
	pith_node_id time = find_part(dom, item, is_time);
	if (time) {
		const pith_attr *datetime = pith_dom_attr(dom, time, "datetime");
		char iso[PITH_DATE_BYTES];
		size_t n = 0;
		if (datetime) {
			n = pith_date_normalize(datetime->value, datetime->value_len,
			                        list->language, iso, NULL);
		} else {
			size_t length;
			char *s = pith_metadata_node_text(arena, dom, time, 100, &length);
			if (!s) {
				list->out_of_memory = true;
				return;
			}
			n = pith_date_normalize(s, length, list->language, iso, NULL);
		}
		char *copy = n ? pith_arena_copy(arena, iso, n + 1) : NULL;
		if (n && !copy) {
			list->out_of_memory = true;
			return;
		}
		if (copy)
			date = copy;
	}
	if (!list->items &&
	    !(list->items = pith_arena_alloc(arena, PITH_MAX_COMMENTS * sizeof *list->items))) {
		list->out_of_memory = true;
		return;
	}
	list->items[list->count++] = (pith_comment){name, date, text};
}

/* The comments of one section; false when it holds none marked as such. */
static bool read_section(comment_list *list, const pith_dom *dom, pith_node_id section)
{
	size_t before = list->count;
	for (pith_node_id at = dom->nodes[section].first_child; at;) {
		bool comment = is_comment(dom, at);
		if (comment)
			add_comment(list, dom, at);
		/* Replies are inside their parent: keep descending. */
		at = pith_dom_next_in_order(dom, section, at, false);
	}
	return list->count > before;
}

/* Without marked comments, the items of the section's first list. */
static void read_section_list(comment_list *list, const pith_dom *dom, pith_node_id section)
{
	for (pith_node_id at = section; at; at = pith_dom_next_in_order(dom, section, at, false)) {
		const pith_node *node = &dom->nodes[at];
		if (node->type != PITH_NODE_ELEMENT ||
		    (node->tag != PITH_TAG_OL && node->tag != PITH_TAG_UL))
			continue;
		for (pith_node_id item = node->first_child; item;
		     item = dom->nodes[item].next_sibling)
			if (dom->nodes[item].tag == PITH_TAG_LI && is_element(dom, item))
				add_comment(list, dom, item);
		return;
	}
}

pith_status pith_comments_find(pith_arena *arena, const pith_dom *dom, const char *language,
                               pith_comment **comments, size_t *count)
{
	comment_list list = {arena, language, NULL, 0, false};
	pith_node_id root = 0;
	for (pith_node_id at = dom->node_count ? dom->nodes[0].first_child : 0; at;) {
		bool section = is_section(dom, at);
		if (section) {
			if (!read_section(&list, dom, at))
				read_section_list(&list, dom, at);
		} else if (is_comment(dom, at)) {
			/* A comment outside any section (microdata alone). */
			add_comment(&list, dom, at);
		}
		if (list.out_of_memory)
			break;
		/* A section is read whole; a lone comment's replies are read
		 * as comments of their own. */
		at = pith_dom_next_in_order(dom, root, at, section);
	}
	*comments = list.items;
	*count = list.count;
	return list.out_of_memory ? PITH_ERROR_NOMEM : PITH_OK;
}
