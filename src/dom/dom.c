/* The page tree: node and attribute arrays that grow by doubling and are
 * kept between pages, so a batch run stops allocating after its largest
 * page. See dom.h for the layout. */
#include "dom.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buffer.h"
#include "pith.h"

/* Nodes stay small so a page's tree stays in cache: 5 links, tag, type,
 * namespace, attribute range, one string. */
_Static_assert(sizeof(pith_node) <= 48, "pith_node must stay compact");

/* First allocation of each array; most pages need a few thousand nodes. */
#define DOM_FIRST_NODES 1024
#define DOM_FIRST_ATTRS 1024
/* Arrays grown past these sizes by one huge page are freed when the next
 * page starts, so a long batch run does not hold a pathological page's
 * memory forever. 256k nodes is 12 MiB, above 99% of real pages. */
#define DOM_RETAIN_NODES (256u * 1024)
#define DOM_RETAIN_ATTRS (256u * 1024)

void pith_dom_init(pith_dom *dom)
{
	memset(dom, 0, sizeof *dom);
	pith_arena_init(&dom->arena);
}

static void init_document(pith_dom *dom)
{
	memset(&dom->nodes[0], 0, sizeof dom->nodes[0]);
	dom->nodes[0].type = PITH_NODE_DOCUMENT;
	dom->node_count = 1;
}

void pith_dom_reset(pith_dom *dom)
{
	if (dom->node_capacity > DOM_RETAIN_NODES) {
		free(dom->nodes);
		dom->nodes = NULL;
		dom->node_capacity = 0;
	}
	if (dom->attr_capacity > DOM_RETAIN_ATTRS) {
		free(dom->attrs);
		dom->attrs = NULL;
		dom->attr_capacity = 0;
	}
	dom->node_count = 0;
	if (dom->nodes)
		init_document(dom);
	dom->attr_count = 0;
	memset(&dom->doctype, 0, sizeof dom->doctype);
	dom->quirks = false;
	pith_arena_reset(&dom->arena);
}

void pith_dom_release(pith_dom *dom)
{
	free(dom->nodes);
	free(dom->attrs);
	pith_arena_release(&dom->arena);
	memset(dom, 0, sizeof *dom);
}

/* Room for one more node. Ids are 32-bit, and the input cap keeps counts
 * far below 2^32 (a node needs at least one input byte, bar a bounded
 * number of implied ones per byte). */
static bool reserve_node(pith_dom *dom)
{
	if (dom->node_count < dom->node_capacity)
		return true;
	if (dom->node_count >= UINT32_MAX / 2)
		return false;
	size_t capacity = dom->node_capacity;
	pith_node *nodes = pith_grow(dom->nodes, &capacity, (size_t)dom->node_count + 1,
	                             sizeof *nodes, DOM_FIRST_NODES);
	if (!nodes)
		return false;
	dom->nodes = nodes;
	dom->node_capacity = (uint32_t)capacity; /* at most 2^31: a power of two times the first */
	return true;
}

pith_node_id pith_dom_new_node(pith_dom *dom, pith_node_type type)
{
	if (dom->node_count == 0) {
		if (!reserve_node(dom))
			return 0;
		init_document(dom);
	}
	if (!reserve_node(dom))
		return 0;
	pith_node_id id = dom->node_count++;
	pith_node *node = &dom->nodes[id];
	memset(node, 0, sizeof *node);
	node->type = (uint8_t)type;
	return id;
}

void pith_dom_append_child(pith_dom *dom, pith_node_id parent, pith_node_id child)
{
	pith_node *p = &dom->nodes[parent];
	pith_node *c = &dom->nodes[child];
	c->parent = parent;
	c->next_sibling = 0;
	c->prev_sibling = p->last_child;
	if (p->last_child)
		dom->nodes[p->last_child].next_sibling = child;
	else
		p->first_child = child;
	p->last_child = child;
}

void pith_dom_insert_before(pith_dom *dom, pith_node_id parent, pith_node_id child,
                            pith_node_id ref)
{
	if (!ref) {
		pith_dom_append_child(dom, parent, child);
		return;
	}
	pith_node *c = &dom->nodes[child];
	pith_node *r = &dom->nodes[ref];
	c->parent = parent;
	c->next_sibling = ref;
	c->prev_sibling = r->prev_sibling;
	if (r->prev_sibling)
		dom->nodes[r->prev_sibling].next_sibling = child;
	else
		dom->nodes[parent].first_child = child;
	r->prev_sibling = child;
}

void pith_dom_remove(pith_dom *dom, pith_node_id node)
{
	pith_node *n = &dom->nodes[node];
	if (!n->parent && !n->prev_sibling && !n->next_sibling) {
		/* Unattached (or the document): nothing to unlink. */
		if (node == 0 || dom->nodes[0].first_child != node)
			return;
	}
	pith_node *p = &dom->nodes[n->parent];
	if (n->prev_sibling)
		dom->nodes[n->prev_sibling].next_sibling = n->next_sibling;
	else
		p->first_child = n->next_sibling;
	if (n->next_sibling)
		dom->nodes[n->next_sibling].prev_sibling = n->prev_sibling;
	else
		p->last_child = n->prev_sibling;
	n->parent = n->prev_sibling = n->next_sibling = 0;
}

pith_attr *pith_dom_add_attrs(pith_dom *dom, pith_node_id id, uint32_t count)
{
	pith_node *node = &dom->nodes[id];
	bool at_end = node->attr_first + node->attr_count == dom->attr_count;
	uint32_t keep = at_end ? 0 : node->attr_count;
	if (count > UINT32_MAX / 4 || dom->attr_count > UINT32_MAX / 4 - count - keep)
		return NULL;
	uint32_t need = dom->attr_count + keep + count;
	if (need > dom->attr_capacity) {
		size_t capacity = dom->attr_capacity;
		pith_attr *attrs =
		    pith_grow(dom->attrs, &capacity, need, sizeof *attrs, DOM_FIRST_ATTRS);
		if (!attrs)
			return NULL;
		dom->attrs = attrs;
		dom->attr_capacity = (uint32_t)capacity; /* need <= 2^30: see above */
	}
	if (!at_end) {
		/* Rare (attributes merged into <html> or <body> after other
		 * elements got theirs): the old slots are left unused. */
		memcpy(&dom->attrs[dom->attr_count], &dom->attrs[node->attr_first],
		       (size_t)keep * sizeof *dom->attrs);
		node->attr_first = dom->attr_count;
		dom->attr_count += keep;
	}
	if (node->attr_count == 0)
		node->attr_first = dom->attr_count;
	pith_attr *slots = &dom->attrs[dom->attr_count];
	memset(slots, 0, (size_t)count * sizeof *slots);
	dom->attr_count += count;
	node->attr_count += count;
	return slots;
}

const char *pith_dom_element_name(const pith_dom *dom, pith_node_id id, size_t *len)
{
	const pith_node *node = &dom->nodes[id];
	if (node->text) {
		*len = node->text_len;
		return node->text;
	}
	return pith_tag_name((pith_tag)node->tag, len);
}

const pith_attr *pith_dom_find_attr(const pith_dom *dom, pith_node_id id, const char *name,
                                    size_t name_len)
{
	const pith_node *node = &dom->nodes[id];
	if (!node->attr_count)
		return NULL;
	const pith_attr *a = dom->attrs + node->attr_first;
	for (uint32_t i = 0; i < node->attr_count; i++) {
		if (a[i].name_len == name_len && a[i].ns == PITH_ATTR_NS_NONE &&
		    memcmp(a[i].name, name, name_len) == 0)
			return &a[i];
	}
	return NULL;
}
