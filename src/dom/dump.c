/* The html5lib tree-construction dump format (see the test suite's
 * tree-construction/README.md): one "| "-prefixed line per node, two spaces
 * of indent per level, attributes sorted by name under their element.
 *
 * The walk is iterative (links, not recursion), so a deep tree cannot
 * overflow the C stack. Output goes through a small buffer so the callback
 * sees a few large chunks rather than one call per fragment. */
#include <stdlib.h>
#include <string.h>

#include "dom.h"

/* Attribute lists up to this long are sorted in a stack array; longer ones
 * (only from merged <html>/<body> attributes) use malloc. */
#define DUMP_SORT_ON_STACK 64

typedef struct dump_out {
	pith_dom_write_fn write;
	void *user;
	int status;
	size_t used;
	char buffer[4096];
} dump_out;

static void flush(dump_out *out)
{
	if (out->used && !out->status)
		out->status = out->write(out->user, out->buffer, out->used);
	out->used = 0;
}

static void put(dump_out *out, const char *s, size_t n)
{
	while (n && !out->status) {
		size_t room = sizeof out->buffer - out->used;
		if (room == 0) {
			flush(out);
			continue;
		}
		size_t take = n < room ? n : room;
		memcpy(out->buffer + out->used, s, take);
		out->used += take;
		s += take;
		n -= take;
	}
}

static void puts_(dump_out *out, const char *s)
{
	put(out, s, strlen(s));
}

static void indent(dump_out *out, size_t depth)
{
	put(out, "| ", 2);
	for (size_t i = 0; i < depth; i++)
		put(out, "  ", 2);
}

static const char *attr_prefix(const pith_attr *a)
{
	switch (a->ns) {
	case PITH_ATTR_NS_XLINK:
		return "xlink ";
	case PITH_ATTR_NS_XML:
		return "xml ";
	case PITH_ATTR_NS_XMLNS:
		return "xmlns ";
	default:
		return "";
	}
}

/* Byte i of the attribute's name string (prefix and local name), or -1
 * past its end. */
static int attr_key_byte(const pith_attr *a, size_t i)
{
	const char *prefix = attr_prefix(a);
	size_t plen = strlen(prefix);
	if (i < plen)
		return (unsigned char)prefix[i];
	i -= plen;
	return i < a->name_len ? (unsigned char)a->name[i] : -1;
}

static int attr_compare(const void *x, const void *y)
{
	const pith_attr *a = *(const pith_attr *const *)x;
	const pith_attr *b = *(const pith_attr *const *)y;
	for (size_t i = 0;; i++) {
		int ca = attr_key_byte(a, i), cb = attr_key_byte(b, i);
		if (ca != cb)
			return ca < cb ? -1 : 1;
		if (ca < 0)
			return 0;
	}
}

static void dump_attrs(dump_out *out, const pith_dom *dom, const pith_node *node, size_t depth)
{
	const pith_attr *on_stack[DUMP_SORT_ON_STACK];
	const pith_attr **sorted = on_stack;
	uint32_t n = node->attr_count;
	if (n > DUMP_SORT_ON_STACK) {
		sorted = malloc((size_t)n * sizeof *sorted);
		if (!sorted) {
			out->status = out->status ? out->status : -1;
			return;
		}
	}
	for (uint32_t i = 0; i < n; i++)
		sorted[i] = &dom->attrs[node->attr_first + i];
	qsort(sorted, n, sizeof *sorted, attr_compare);
	for (uint32_t i = 0; i < n; i++) {
		indent(out, depth);
		puts_(out, attr_prefix(sorted[i]));
		put(out, sorted[i]->name, sorted[i]->name_len);
		put(out, "=\"", 2);
		put(out, sorted[i]->value, sorted[i]->value_len);
		put(out, "\"\n", 2);
	}
	if (sorted != on_stack)
		free(sorted);
}

static void dump_node(dump_out *out, const pith_dom *dom, pith_node_id id, size_t depth)
{
	const pith_node *node = &dom->nodes[id];
	indent(out, depth);
	switch (node->type) {
	case PITH_NODE_ELEMENT: {
		put(out, "<", 1);
		if (node->ns == PITH_NS_SVG)
			put(out, "svg ", 4);
		else if (node->ns == PITH_NS_MATHML)
			put(out, "math ", 5);
		size_t len;
		const char *name = pith_dom_element_name(dom, id, &len);
		put(out, name, len);
		put(out, ">\n", 2);
		dump_attrs(out, dom, node, depth + 1);
		break;
	}
	case PITH_NODE_TEXT:
		put(out, "\"", 1);
		put(out, node->text, node->text_len);
		put(out, "\"\n", 2);
		break;
	case PITH_NODE_COMMENT:
		put(out, "<!-- ", 5);
		put(out, node->text, node->text_len);
		put(out, " -->\n", 5);
		break;
	case PITH_NODE_DOCTYPE: {
		const pith_doctype_ids *ids = &dom->doctype;
		put(out, "<!DOCTYPE ", 10);
		if (node->text)
			put(out, node->text, node->text_len);
		if (ids->public_len || ids->system_len) {
			put(out, " \"", 2);
			put(out, ids->public_id, ids->public_len);
			put(out, "\" \"", 3);
			put(out, ids->system_id, ids->system_len);
			put(out, "\"", 1);
		}
		put(out, ">\n", 2);
		break;
	}
	case PITH_NODE_FRAGMENT:
		put(out, "content\n", 8);
		break;
	default:
		put(out, "?\n", 2);
		break;
	}
}

int pith_dom_dump(const pith_dom *dom, pith_node_id root, pith_dom_write_fn write, void *user)
{
	dump_out out = {.write = write, .user = user};
	if (dom->node_count == 0 || root >= dom->node_count)
		return 0;
	pith_node_id id = dom->nodes[root].first_child;
	size_t depth = 0;
	while (id && !out.status) {
		dump_node(&out, dom, id, depth);
		const pith_node *node = &dom->nodes[id];
		if (node->first_child) {
			id = node->first_child;
			depth++;
			continue;
		}
		/* Up until a node has a next sibling, stopping at root. */
		for (;;) {
			node = &dom->nodes[id];
			if (node->next_sibling) {
				id = node->next_sibling;
				break;
			}
			if (depth == 0 || node->parent == root) {
				id = 0;
				break;
			}
			id = node->parent;
			depth--;
		}
	}
	flush(&out);
	return out.status;
}
