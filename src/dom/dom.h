/* The page's tree: compact nodes in arrays, linked by 32-bit indexes.
 *
 * Node 0 is the document. Index 0 in a link field means "none" (the
 * document is never anyone's child or sibling). Nodes are appended in
 * creation order, which for well-formed pages is document order, so a walk
 * over the links touches memory mostly forwards.
 *
 * Strings (text, comment data, attribute names and values, names of tags
 * pith has no id for) are borrowed: they point either into the UTF-8 input,
 * which must outlive the tree, or into the tree's arena. They are not
 * NUL-terminated.
 *
 * The DOM is data, not policy: it knows nothing of parsing rules or of
 * content scoring. */
#ifndef PITH_DOM_H
#define PITH_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/arena.h"
#include "tags.h"

typedef enum pith_node_type {
	PITH_NODE_DOCUMENT,
	PITH_NODE_DOCTYPE,
	PITH_NODE_ELEMENT,
	PITH_NODE_TEXT,
	PITH_NODE_COMMENT,
	/* A template element's contents (a DocumentFragment): always the
	 * template's first child; what the page put inside <template> hangs
	 * under it, as the standard keeps it out of the main tree. */
	PITH_NODE_FRAGMENT,
} pith_node_type;

typedef enum pith_namespace {
	PITH_NS_HTML,
	PITH_NS_SVG,
	PITH_NS_MATHML,
} pith_namespace;

/* Attribute namespaces of the foreign-content "adjust foreign attributes"
 * step (xlink:href, xml:lang, xmlns...). */
typedef enum pith_attr_namespace {
	PITH_ATTR_NS_NONE,
	PITH_ATTR_NS_XLINK,
	PITH_ATTR_NS_XML,
	PITH_ATTR_NS_XMLNS,
} pith_attr_namespace;

typedef uint32_t pith_node_id;

typedef struct pith_attr {
	const char *name; /* lowercased; for foreign attributes the local name */
	const char *value;
	uint32_t name_len;
	uint32_t value_len;
	uint8_t ns; /* pith_attr_namespace */
} pith_attr;

typedef struct pith_node {
	pith_node_id parent, first_child, last_child, prev_sibling, next_sibling;
	uint16_t tag;        /* pith_tag; PITH_TAG_UNKNOWN: name is in text */
	uint8_t type;        /* pith_node_type */
	uint8_t ns;          /* pith_namespace of an element */
	uint32_t attr_first; /* index into pith_dom.attrs */
	uint32_t attr_count;
	uint32_t text_len;
	/* Text and comment: the data. Element: its name when tag is
	 * PITH_TAG_UNKNOWN, or a foreign element's adjusted name (foreignObject).
	 * Doctype: the name (public/system ids are in pith_dom.doctype). */
	const char *text;
} pith_node;

typedef struct pith_doctype_ids {
	const char *public_id, *system_id;
	uint32_t public_len, system_len;
	bool has_public, has_system;
} pith_doctype_ids;

typedef struct pith_dom {
	pith_node *nodes;
	uint32_t node_count, node_capacity;
	pith_attr *attrs;
	uint32_t attr_count, attr_capacity;
	pith_doctype_ids doctype;
	bool quirks; /* document is in quirks mode */
	pith_arena arena;
} pith_dom;

/* Node 0, the document, exists once the first node is made (an empty,
 * freshly reset tree has node_count 0 and no document yet). */
void pith_dom_init(pith_dom *dom);
/* Empty the tree for the next page; keeps the arrays' and arena's memory. */
void pith_dom_reset(pith_dom *dom);
void pith_dom_release(pith_dom *dom);

/* A new unattached node, or 0 when memory runs out (0 is never a new
 * node's id: it is the document). */
pith_node_id pith_dom_new_node(pith_dom *dom, pith_node_type type);

void pith_dom_append_child(pith_dom *dom, pith_node_id parent, pith_node_id child);
/* Insert child before ref, which is a child of parent. */
void pith_dom_insert_before(pith_dom *dom, pith_node_id parent, pith_node_id child,
                            pith_node_id ref);
void pith_dom_remove(pith_dom *dom, pith_node_id node);

static inline pith_node *pith_dom_node(const pith_dom *dom, pith_node_id id)
{
	return &dom->nodes[id];
}

/* The node after id in a pre-order walk of root's subtree, or 0 at the
 * end; with skip_children, id's subtree is passed over. */
static inline pith_node_id pith_dom_next_in_order(const pith_dom *dom, pith_node_id root,
                                                  pith_node_id id, bool skip_children)
{
	if (!skip_children && dom->nodes[id].first_child)
		return dom->nodes[id].first_child;
	while (id != root && !dom->nodes[id].next_sibling)
		id = dom->nodes[id].parent;
	return id == root ? 0 : dom->nodes[id].next_sibling;
}

/* Reserve count more attribute slots for element id, after the ones it
 * has (moving them to the array's end when they are not there already),
 * and return the first new slot for the caller to fill, or NULL when memory
 * runs out. The node's attr_count includes the new slots. */
pith_attr *pith_dom_add_attrs(pith_dom *dom, pith_node_id id, uint32_t count);

/* The element's name: the tag table's name, or the stored name. */
const char *pith_dom_element_name(const pith_dom *dom, pith_node_id id, size_t *len);

/* Value of the attribute named name (lowercase) or NULL. */
const pith_attr *pith_dom_find_attr(const pith_dom *dom, pith_node_id id, const char *name,
                                    size_t name_len);

/* The same, for a NUL-terminated name: pith_dom_attr(dom, id, "href"). */
static inline const pith_attr *pith_dom_attr(const pith_dom *dom, pith_node_id id, const char *name)
{
	return pith_dom_find_attr(dom, id, name, strlen(name));
}

/* Write the tree in the html5lib tree-construction test format (the lines of
 * a test's #document section, each starting with "| "). The callback gets
 * chunks of output; a non-zero return stops the dump and is returned. */
typedef int (*pith_dom_write_fn)(void *user, const char *data, size_t len);
int pith_dom_dump(const pith_dom *dom, pith_node_id root, pith_dom_write_fn write, void *user);

#endif
