/* Building the document model from an extraction.
 *
 * One walk over the chosen region of the tree, skipping what the
 * segmenting walk skipped (its trace says which nodes it entered and where
 * each text node's bytes went). The elements that give structure (lists,
 * tables, quotes, pre, links, emphasis...) are pushed on a stack as they
 * are entered, and become model nodes only when kept text arrives inside
 * them: a list whose items were all dropped leaves nothing. The text of a
 * node is taken from the block's bytes, so the model's text is the
 * extraction's, byte for byte. */
#include "document.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/url.h"
#include "../base/url_policy.h"

void pith_document_release(pith_document *doc)
{
	free(doc->nodes);
	free(doc->labels);
	free(doc->label_slots);
	pith_buffer_free(&doc->strings);
	memset(doc, 0, sizeof *doc);
}

size_t pith_document_memory(const pith_document *doc)
{
	return doc->capacity * sizeof *doc->nodes + doc->strings.capacity +
	       doc->label_capacity * sizeof *doc->labels +
	       doc->slot_capacity * sizeof *doc->label_slots;
}

/* ---- the builder's state ---- */

/* An element on the stack: what it becomes, and the node made for it. */
typedef struct open_element {
	pith_node_id dom;
	uint8_t kind; /* pith_doc_kind; PITH_DOC_ROOT: left out (transparent) */
	uint8_t level;
	bool is_block;
	uint32_t model;       /* the node made for it, or 0 */
	pith_doc_string text; /* LINK href, CODE_BLOCK language, FOOTNOTE/NOTE_REF label */
	/* ROW without a node yet: its cells that held no kept text so far,
	 * made empty before its first cell with text (add_empty_cells). */
	uint32_t empty_cells;
} open_element;

typedef struct builder {
	pith_document *doc;
	const pith_extraction *content;
	const pith_dom *dom;
	pith_url_base base; /* parsed once for all links */
	bool images;
	size_t url_bytes, url_budget; /* PITH_DOCUMENT_URL_BYTES_PER_PAGE_BYTE */
	open_element open[PITH_DOCUMENT_MAX_DEPTH];
	uint32_t open_count;
	uint32_t leaf;       /* the node taking inlines, or 0 */
	uint32_t leaf_block; /* its block's index + 1 */
	uint32_t covered;    /* where the leaf's block's text is written up to */
	bool failed;
} builder;

static bool is_leaf_container(uint8_t kind)
{
	return kind == PITH_DOC_CELL || kind == PITH_DOC_CAPTION || kind == PITH_DOC_CODE_BLOCK;
}

static uint32_t add_node(builder *b, uint32_t parent, pith_doc_kind kind)
{
	pith_document *doc = b->doc;
	if (b->failed)
		return 0;
	pith_doc_node *nodes =
	    pith_grow(doc->nodes, &doc->capacity, doc->count + 1, sizeof *nodes, 256);
	if (!nodes) {
		b->failed = true;
		return 0;
	}
	doc->nodes = nodes;
	uint32_t id = (uint32_t)doc->count++;
	nodes[id] = (pith_doc_node){.parent = parent, .kind = (uint8_t)kind};
	if (id == 0)
		return 0;
	if (nodes[parent].last_child)
		nodes[nodes[parent].last_child].next_sibling = id;
	else
		nodes[parent].first_child = id;
	nodes[parent].last_child = id;
	return id;
}

static pith_doc_string add_string(builder *b, const char *s, size_t n)
{
	pith_buffer *strings = &b->doc->strings;
	pith_doc_string out = {(uint32_t)strings->length, (uint32_t)n};
	if (!pith_buffer_append(strings, s, n))
		b->failed = true;
	return out;
}

/* Text under parent, joined to its last child when that is text written
 * just before. */
static void add_text(builder *b, uint32_t parent, const char *s, size_t n)
{
	if (!n || b->failed)
		return;
	pith_document *doc = b->doc;
	uint32_t last = doc->nodes[parent].last_child;
	if (last && doc->nodes[last].kind == PITH_DOC_TEXT &&
	    doc->nodes[last].text.start + doc->nodes[last].text.length == doc->strings.length) {
		if (!pith_buffer_append(&doc->strings, s, n))
			b->failed = true;
		else
			doc->nodes[last].text.length += (uint32_t)n;
		return;
	}
	pith_doc_string text = add_string(b, s, n);
	uint32_t node = add_node(b, parent, PITH_DOC_TEXT);
	if (node)
		doc->nodes[node].text = text;
}

/* ---- footnote labels: a hash table of the labels references point to ---- */

/* A probe sequence longer than this gives up (the label is then no
 * footnote): labels built to collide cost bounded time each. */
#define MAX_LABEL_PROBES 32

static uint32_t hash_label(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool label_equals(const builder *b, uint32_t entry, const char *s, size_t n)
{
	pith_doc_string label = b->doc->labels[entry].label;
	return label.length == n && memcmp(pith_doc_string_data(b->doc, label), s, n) == 0;
}

/* The label's entry index + 1, or 0. */
static uint32_t find_label(const builder *b, const char *s, size_t n)
{
	const pith_document *doc = b->doc;
	if (!doc->slot_capacity)
		return 0;
	size_t mask = doc->slot_capacity - 1, slot = hash_label(s, n) & mask;
	for (int probe = 0; probe < MAX_LABEL_PROBES; probe++, slot = (slot + 1) & mask) {
		uint32_t entry = doc->label_slots[slot];
		if (!entry)
			return 0;
		if (label_equals(b, entry - 1, s, n))
			return entry;
	}
	return 0;
}

static void insert_slot(pith_document *doc, uint32_t entry, uint32_t hash)
{
	size_t mask = doc->slot_capacity - 1, slot = hash & mask;
	for (int probe = 0; probe < MAX_LABEL_PROBES; probe++, slot = (slot + 1) & mask) {
		if (!doc->label_slots[slot]) {
			doc->label_slots[slot] = entry;
			return;
		}
	}
}

/* Records label s (a reference's target); the table keeps its load under
 * a half, so probes stay short. */
static void add_label(builder *b, const char *s, size_t n)
{
	pith_document *doc = b->doc;
	if (b->failed || find_label(b, s, n))
		return;
	pith_doc_label *labels =
	    pith_grow(doc->labels, &doc->label_capacity, doc->label_count + 1, sizeof *labels, 16);
	if (!labels) {
		b->failed = true;
		return;
	}
	doc->labels = labels;
	if (2 * (doc->label_count + 1) > doc->slot_capacity) {
		size_t slots = doc->slot_capacity ? 2 * doc->slot_capacity : 64;
		uint32_t *table = calloc(slots, sizeof *table);
		if (!table) {
			b->failed = true;
			return;
		}
		free(doc->label_slots);
		doc->label_slots = table;
		doc->slot_capacity = slots;
		for (size_t i = 0; i < doc->label_count; i++) {
			pith_doc_string l = labels[i].label;
			insert_slot(doc, (uint32_t)i + 1,
			            hash_label(pith_doc_string_data(doc, l), l.length));
		}
	}
	pith_doc_string label = add_string(b, s, n);
	if (b->failed)
		return;
	labels[doc->label_count] = (pith_doc_label){label, false, 0};
	doc->label_count++;
	insert_slot(doc, (uint32_t)doc->label_count, hash_label(s, n));
}

/* ---- links ---- */

/* href made absolute against the base URL; false when the URL policy
 * (base/url_policy.h) refuses the reference (as the page's browser reads
 * it) or its target: such a link leads nowhere safe, and its text stays
 * as text. The target is tested too because the base may be one the
 * policy refuses (the caller's URL: a <base href> it refuses is not
 * used), and a relative reference takes its scheme. False too past the
 * page's URL budget (PITH_DOCUMENT_URL_BYTES_PER_PAGE_BYTE). */
static bool add_url(builder *b, const char *href, size_t n, pith_doc_string *out)
{
	if (!pith_url_policy_allows(href, n))
		return false;
	pith_buffer *strings = &b->doc->strings;
	size_t start = strings->length;
	if (!pith_url_append_against(strings, &b->base, href, n)) {
		b->failed = true;
		return false;
	}
	size_t length = strings->length - start;
	if (!pith_url_policy_allows(strings->data + start, length) ||
	    length > b->url_budget - b->url_bytes) {
		strings->length = start;
		strings->data[start] = '\0';
		return false;
	}
	b->url_bytes += length;
	*out = (pith_doc_string){(uint32_t)start, (uint32_t)length};
	return true;
}

/* ---- what an element becomes ---- */

static bool is_html(const pith_node *node, uint16_t tag)
{
	return node->type == PITH_NODE_ELEMENT && node->ns == PITH_NS_HTML && node->tag == tag;
}

/* Languages are names such as "python", "c++", "objective-c", "c#". */
#define MAX_LANGUAGE_BYTES 32

/* The language of a code block from its class ("language-python",
 * "lang-js", "highlight-source-rust", "brush: sql") or data-lang, on the
 * pre, its code child, or the pre's parent (Sphinx's "highlight-python"). */
static pith_doc_string code_language(builder *b, pith_node_id pre)
{
	static const char *const prefixes[] = {"language-", "lang-", "highlight-source-",
	                                       "highlight-", "brush:"};
	const pith_dom *dom = b->dom;
	pith_node_id code = dom->nodes[pre].first_child;
	while (code && dom->nodes[code].type != PITH_NODE_ELEMENT)
		code = dom->nodes[code].next_sibling;
	pith_node_id candidates[] = {pre, code, dom->nodes[pre].parent};
	for (size_t c = 0; c < 3; c++) {
		if (!candidates[c] || dom->nodes[candidates[c]].type != PITH_NODE_ELEMENT)
			continue;
		const pith_attr *lang = pith_dom_attr(dom, candidates[c], "data-lang");
		const pith_attr *cls = pith_dom_attr(dom, candidates[c], "class");
		const char *s = NULL;
		size_t n = 0;
		if (lang) {
			s = lang->value;
			n = lang->value_len;
		}
		for (uint32_t i = 0; !s && cls && i < cls->value_len; i++) {
			if (i > 0 && !pith_ascii_is_space(cls->value[i - 1]))
				continue;
			for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
				size_t m = strlen(prefixes[p]);
				if (pith_ascii_starts_with_nocase(
				        cls->value + i, cls->value_len - i, prefixes[p])) {
					s = cls->value + i + m;
					n = cls->value_len - i - m;
					while (n && *s == ' ')
						s++, n--;
					break;
				}
			}
		}
		size_t k = 0;
		while (k < n && k < MAX_LANGUAGE_BYTES &&
		       (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') ||
		        (s[k] >= '0' && s[k] <= '9') || s[k] == '+' || s[k] == '#' || s[k] == '-' ||
		        s[k] == '_' || s[k] == '.'))
			k++;
		if (k)
			return add_string(b, s, k);
	}
	return (pith_doc_string){0, 0};
}

/* A footnote reference: a link to "#label" inside or around <sup>, or
 * with role=doc-noteref. */
static bool is_note_ref(const pith_dom *dom, pith_node_id a, const pith_attr *href)
{
	if (href->value_len < 2 || href->value[0] != '#')
		return false;
	if (is_html(&dom->nodes[dom->nodes[a].parent], PITH_TAG_SUP))
		return true;
	for (pith_node_id c = dom->nodes[a].first_child; c; c = dom->nodes[c].next_sibling)
		if (dom->nodes[c].type == PITH_NODE_ELEMENT)
			return is_html(&dom->nodes[c], PITH_TAG_SUP);
	static const char note_ref_role[] = "doc-noteref";
	const pith_attr *role = pith_dom_attr(dom, a, "role");
	return role && role->value_len == sizeof note_ref_role - 1 &&
	       memcmp(role->value, note_ref_role, sizeof note_ref_role - 1) == 0;
}

/* ---- making nodes as text arrives ---- */

/* The innermost block node made for the stack, or the root. */
static uint32_t innermost_block(const builder *b)
{
	for (uint32_t i = b->open_count; i-- > 0;)
		if (b->open[i].is_block && b->open[i].model)
			return b->open[i].model;
	return 0;
}

static void forget_inlines(builder *b)
{
	for (uint32_t i = 0; i < b->open_count; i++)
		if (!b->open[i].is_block)
			b->open[i].model = 0;
}

/* A cell keeps its place in its row though none of its text is kept (an
 * empty cell, a cell of a dropped link): with it left out, the cells
 * after it would shift under the wrong header. A row's first cells are
 * counted until its first cell with text makes the row (make_blocks);
 * later ones are made as they close (leave). */
static uint32_t enclosing_block(const builder *b, uint32_t i)
{
	while (i-- > 0)
		if (b->open[i].is_block)
			return i + 1;
	return 0;
}

/* The empty cells counted on the row around open element i, made in
 * the row's node. */
static void add_empty_cells(builder *b, uint32_t i, uint32_t row)
{
	uint32_t r = enclosing_block(b, i);
	if (!r || b->open[r - 1].kind != PITH_DOC_ROW)
		return;
	for (; b->open[r - 1].empty_cells > 0 && !b->failed; b->open[r - 1].empty_cells--)
		add_node(b, row, PITH_DOC_CELL);
}

/* Makes the nodes of the block elements on the stack that have none yet,
 * outermost first, where the model's structure allows them; others are
 * left out (a list inside a table cell: its text joins the cell's). A
 * list is not made for footnotes alone. Block k is the kept block whose
 * text is arriving; its item number is the start of a list made for it. */
static void make_blocks(builder *b, uint32_t k)
{
	pith_doc_node *nodes;
	uint32_t parent = 0, made_list = 0;
	for (uint32_t i = 0; i < b->open_count && !b->failed; i++) {
		open_element *e = &b->open[i];
		if (!e->is_block || e->kind == PITH_DOC_ROOT)
			continue;
		if (e->model) {
			parent = e->model;
			continue;
		}
		uint8_t parent_kind = b->doc->nodes[parent].kind;
		bool left_out = is_leaf_container(parent_kind) ||
		                (parent_kind == PITH_DOC_TABLE && e->kind != PITH_DOC_ROW &&
		                 e->kind != PITH_DOC_CELL) ||
		                (parent_kind == PITH_DOC_ROW && e->kind != PITH_DOC_CELL) ||
		                (e->kind == PITH_DOC_ROW && parent_kind != PITH_DOC_TABLE) ||
		                (e->kind == PITH_DOC_CELL && parent_kind != PITH_DOC_TABLE &&
		                 parent_kind != PITH_DOC_ROW) ||
		                (e->kind == PITH_DOC_ITEM && parent_kind != PITH_DOC_LIST);
		if (left_out) {
			e->kind = PITH_DOC_ROOT;
			continue;
		}
		if (e->kind == PITH_DOC_LIST) {
			uint32_t next = i + 1;
			while (next < b->open_count && !b->open[next].is_block)
				next++;
			if (next < b->open_count && b->open[next].kind == PITH_DOC_FOOTNOTE)
				continue;
		}
		if (parent_kind == PITH_DOC_TABLE && e->kind == PITH_DOC_CELL)
			parent = add_node(b, parent, PITH_DOC_ROW);
		else if (parent_kind == PITH_DOC_ROW && e->kind == PITH_DOC_CELL)
			add_empty_cells(b, i, parent);
		else if (parent_kind == PITH_DOC_LIST && e->kind == PITH_DOC_FOOTNOTE)
			parent = b->doc->nodes[parent].parent;
		else if (parent_kind == PITH_DOC_LIST && e->kind != PITH_DOC_ITEM)
			parent = add_node(b, parent, PITH_DOC_ITEM);
		uint32_t id = add_node(b, parent, e->kind);
		if (b->failed)
			return;
		nodes = b->doc->nodes;
		nodes[id].level = e->level;
		nodes[id].text = e->text;
		nodes[id].number = e->kind == PITH_DOC_LIST ? 1 : 0;
		if (e->kind == PITH_DOC_LIST)
			made_list = id;
		e->model = id;
		parent = id;
		b->leaf = 0;
	}
	if (made_list && b->doc->nodes[made_list].level && b->content->blocks[k].item_number)
		b->doc->nodes[made_list].number = b->content->blocks[k].item_number;
}

/* The node that takes block k's inlines: the leaf already taking them, or
 * a new one (a heading or paragraph; the cell, caption or code block
 * itself; a row and cell, or an item, made for text a table or a list
 * holds outside its cells or items). */
static void make_leaf(builder *b, uint32_t k)
{
	if (b->leaf && b->leaf_block == k + 1)
		return;
	const pith_text_block *block = &b->content->blocks[k];
	uint32_t container = innermost_block(b);
	uint8_t kind = b->doc->nodes[container].kind;
	forget_inlines(b);
	b->leaf_block = k + 1;
	b->covered = block->text_start;
	if (b->leaf && b->leaf == container && is_leaf_container(kind)) {
		/* Another block in the same cell, caption or code block. */
		if (kind == PITH_DOC_CODE_BLOCK)
			add_text(b, container, "\n", 1);
		else
			add_node(b, container, PITH_DOC_BREAK);
		return;
	}
	if (is_leaf_container(kind)) {
		b->leaf = container;
		return;
	}
	if (kind == PITH_DOC_TABLE)
		container = add_node(b, container, PITH_DOC_ROW);
	if (kind == PITH_DOC_TABLE || kind == PITH_DOC_ROW) {
		b->leaf = add_node(b, container, PITH_DOC_CELL);
		return;
	}
	if (kind == PITH_DOC_LIST)
		container = add_node(b, container, PITH_DOC_ITEM);
	b->leaf =
	    add_node(b, container, block->heading_level ? PITH_DOC_HEADING : PITH_DOC_PARAGRAPH);
	if (b->leaf)
		b->doc->nodes[b->leaf].level = block->heading_level;
}

/* The innermost inline node made in the leaf, or the leaf. */
static uint32_t innermost_inline(const builder *b)
{
	uint32_t parent = b->leaf;
	for (uint32_t i = 0; i < b->open_count; i++)
		if (!b->open[i].is_block && b->open[i].model)
			parent = b->open[i].model;
	return parent;
}

/* Makes the inline elements on the stack that have no node in the leaf
 * yet; a code block takes none, and a link inside a link is left out. */
static uint32_t make_inlines(builder *b)
{
	uint32_t parent = b->leaf;
	if (b->doc->nodes[parent].kind == PITH_DOC_CODE_BLOCK)
		return parent;
	bool in_link = false;
	for (uint32_t i = 0; i < b->open_count && !b->failed; i++) {
		open_element *e = &b->open[i];
		if (e->is_block || e->kind == PITH_DOC_ROOT)
			continue;
		bool is_link = e->kind == PITH_DOC_LINK || e->kind == PITH_DOC_NOTE_REF;
		if (is_link && in_link)
			continue;
		in_link |= is_link;
		if (!e->model) {
			e->model = add_node(b, parent, e->kind);
			if (!e->model)
				return parent;
			b->doc->nodes[e->model].text = e->text;
		}
		parent = e->model;
	}
	return parent;
}

/* Block k's bytes [start, end) of the extraction's text, from one text
 * node: bytes before them not yet written (the newline of a <br>) go
 * first, as a line break; a space before them goes outside the spans that
 * open with them. */
static void add_piece(builder *b, uint32_t k, uint32_t start, uint32_t end)
{
	const char *text = b->content->text;
	make_blocks(b, k);
	make_leaf(b, k);
	if (b->failed)
		return;
	bool code = b->doc->nodes[b->leaf].kind == PITH_DOC_CODE_BLOCK;
	uint32_t parent = innermost_inline(b);
	for (uint32_t i = b->covered; i < start; i++) {
		if (text[i] == '\n' && !code)
			add_node(b, parent, PITH_DOC_BREAK);
		else
			add_text(b, parent, text + i, 1);
	}
	if (start < end && text[start] == ' ' && !code) {
		add_text(b, parent, " ", 1);
		start++;
	}
	add_text(b, make_inlines(b), text + start, end - start);
	b->covered = end;
}

/* Does the text node right before element id end with whitespace
 * (before), or the one right after it start with some? */
static bool space_beside(const pith_dom *dom, pith_node_id id, bool before)
{
	pith_node_id beside = before ? dom->nodes[id].prev_sibling : dom->nodes[id].next_sibling;
	const pith_node *text = &dom->nodes[beside];
	return beside && text->type == PITH_NODE_TEXT && text->text_len &&
	       pith_ascii_is_space(text->text[before ? text->text_len - 1 : 0]);
}

/* An image (with images) goes where the block it is in, or the next
 * block, goes, when that block is kept. */
static void add_image(builder *b, pith_node_id id, uint32_t k)
{
	/* An image after the last block has no next block to go with (block
	 * k would be a stale record past the extraction's blocks). */
	if (k >= b->content->block_count)
		return;
	const pith_attr *src = pith_dom_attr(b->dom, id, "src");
	if (!src || !src->value_len)
		return;
	/* The URL first: a refused image makes no block (a list item of a
	 * data: image and a link once got an empty paragraph, which broke
	 * its Markdown list). */
	pith_doc_string url;
	if (!add_url(b, src->value, src->value_len, &url))
		return;
	make_blocks(b, k);
	make_leaf(b, k);
	if (b->failed || b->doc->nodes[b->leaf].kind == PITH_DOC_CODE_BLOCK)
		return;
	const pith_attr *alt = pith_dom_attr(b->dom, id, "alt");
	pith_doc_string alt_text =
	    alt ? add_string(b, alt->value, alt->value_len) : (pith_doc_string){0, 0};
	/* Whitespace around an image is collapsed into the text after it,
	 * or trimmed at the block's start, so the writers are told where
	 * the page had a space (the model's text stays the extraction's,
	 * byte for byte): before it when the leaf holds inlines already,
	 * and after it. */
	uint8_t spaces = 0;
	if (b->doc->nodes[b->leaf].first_child && space_beside(b->dom, id, true))
		spaces |= PITH_DOC_SPACE_BEFORE;
	if (space_beside(b->dom, id, false))
		spaces |= PITH_DOC_SPACE_AFTER;
	uint32_t image = add_node(b, make_inlines(b), PITH_DOC_IMAGE);
	if (image) {
		b->doc->nodes[image].text = url;
		b->doc->nodes[image].alt = alt_text;
		b->doc->nodes[image].level = spaces;
	}
}

/* A rule between two kept blocks, where a block may go and every block
 * element around it has its node. */
static void add_rule(builder *b, uint32_t next)
{
	const pith_extraction *content = b->content;
	if (next == 0 || next >= content->block_count || !content->blocks[next].kept ||
	    !content->blocks[next - 1].kept)
		return;
	for (uint32_t i = 0; i < b->open_count; i++)
		if (b->open[i].is_block && b->open[i].kind != PITH_DOC_ROOT && !b->open[i].model)
			return;
	uint32_t container = innermost_block(b);
	uint8_t kind = b->doc->nodes[container].kind;
	if (is_leaf_container(kind) || kind == PITH_DOC_TABLE || kind == PITH_DOC_ROW ||
	    kind == PITH_DOC_LIST)
		return;
	add_node(b, container, PITH_DOC_RULE);
	b->leaf = 0;
}

/* ---- the walk ---- */

static void push(builder *b, pith_node_id id, pith_doc_kind kind, bool is_block, uint8_t level,
                 pith_doc_string text)
{
	if (b->open_count == PITH_DOCUMENT_MAX_DEPTH)
		return;
	b->open[b->open_count++] = (open_element){id, (uint8_t)kind, level, is_block, 0, text, 0};
}

/* Enters an element: false when the segmenting walk skipped its subtree. */
static bool enter(builder *b, pith_node_id id)
{
	const pith_dom *dom = b->dom;
	const pith_node *node = &dom->nodes[id];
	uint32_t traced = b->content->trace[id].block;
	if (!traced)
		return false;
	if (node->ns != PITH_NS_HTML)
		return true;
	pith_doc_string none = {0, 0};
	switch (node->tag) {
	case PITH_TAG_UL:
	case PITH_TAG_OL:
		push(b, id, PITH_DOC_LIST, true, node->tag == PITH_TAG_OL, none);
		break;
	case PITH_TAG_LI:
	case PITH_TAG_P:
	case PITH_TAG_DIV:
	case PITH_TAG_ASIDE:
	case PITH_TAG_SECTION: {
		const pith_attr *ident = pith_dom_attr(dom, id, "id");
		uint32_t label =
		    ident && ident->value_len ? find_label(b, ident->value, ident->value_len) : 0;
		if (label)
			push(b, id, PITH_DOC_FOOTNOTE, true, 0, b->doc->labels[label - 1].label);
		else if (node->tag == PITH_TAG_LI)
			push(b, id, PITH_DOC_ITEM, true, 0, none);
		break;
	}
	case PITH_TAG_TABLE:
		push(b, id, PITH_DOC_TABLE, true, 0, none);
		break;
	case PITH_TAG_TR:
		push(b, id, PITH_DOC_ROW, true, 0, none);
		break;
	case PITH_TAG_TD:
	case PITH_TAG_TH:
		push(b, id, PITH_DOC_CELL, true, node->tag == PITH_TAG_TH, none);
		break;
	case PITH_TAG_BLOCKQUOTE:
		push(b, id, PITH_DOC_QUOTE, true, 0, none);
		break;
	case PITH_TAG_PRE:
	case PITH_TAG_LISTING:
	case PITH_TAG_XMP:
	case PITH_TAG_PLAINTEXT:
		push(b, id, PITH_DOC_CODE_BLOCK, true, 0, code_language(b, id));
		break;
	case PITH_TAG_FIGCAPTION:
		push(b, id, PITH_DOC_CAPTION, true, 0, none);
		break;
	case PITH_TAG_EM:
	case PITH_TAG_I:
		push(b, id, PITH_DOC_EMPHASIS, false, 0, none);
		break;
	case PITH_TAG_STRONG:
	case PITH_TAG_B:
		push(b, id, PITH_DOC_STRONG, false, 0, none);
		break;
	case PITH_TAG_CODE:
	case PITH_TAG_KBD:
	case PITH_TAG_SAMP:
	case PITH_TAG_TT:
		push(b, id, PITH_DOC_CODE, false, 0, none);
		break;
	case PITH_TAG_A: {
		const pith_attr *href = pith_dom_attr(dom, id, "href");
		pith_doc_string url;
		if (!href) {
			break;
		} else if (is_note_ref(dom, id, href)) {
			add_label(b, href->value + 1, href->value_len - 1);
			uint32_t label = find_label(b, href->value + 1, href->value_len - 1);
			if (label)
				push(b, id, PITH_DOC_NOTE_REF, false, 0,
				     b->doc->labels[label - 1].label);
		} else if (add_url(b, href->value, href->value_len, &url)) {
			push(b, id, PITH_DOC_LINK, false, 0, url);
		}
		break;
	}
	case PITH_TAG_IMG:
		if (b->images)
			add_image(b, id, traced - 1);
		break;
	case PITH_TAG_HR:
		add_rule(b, traced - 1);
		break;
	}
	return true;
}

static void leave(builder *b, pith_node_id id)
{
	if (b->open_count && b->open[b->open_count - 1].dom == id) {
		open_element *e = &b->open[--b->open_count];
		if (e->model && e->model == b->leaf)
			b->leaf = 0;
		uint32_t cell, r = e->kind == PITH_DOC_CELL && !e->model
		                       ? enclosing_block(b, b->open_count)
		                       : 0;
		if (r && b->open[r - 1].kind == PITH_DOC_ROW) {
			open_element *row = &b->open[r - 1];
			if (!row->model)
				row->empty_cells++;
			else if ((cell = add_node(b, row->model, PITH_DOC_CELL)))
				b->doc->nodes[cell].level = e->level;
		}
	}
}

static void add_text_node(builder *b, pith_node_id id)
{
	const pith_node_trace *t = &b->content->trace[id];
	if (!t->block)
		return;
	const pith_text_block *block = &b->content->blocks[t->block - 1];
	if (!block->kept)
		return;
	uint32_t end = t->end, block_end = block->text_start + block->text_length;
	if (end > block_end)
		end = block_end;
	if (t->start < end)
		add_piece(b, t->block - 1, t->start, end);
}

/* Pre-order walk of the subtree at root with enter and leave events. */
static void walk(builder *b, pith_node_id root)
{
	const pith_node *nodes = b->dom->nodes;
	pith_node_id id = root;
	for (;;) {
		const pith_node *node = &nodes[id];
		bool entered = false;
		if (node->type == PITH_NODE_ELEMENT) {
			entered = enter(b, id);
			if (entered && node->first_child) {
				id = node->first_child;
				continue;
			}
		} else if (node->type == PITH_NODE_TEXT) {
			add_text_node(b, id);
		}
		if (entered)
			leave(b, id);
		while (id != root && !nodes[id].next_sibling) {
			id = nodes[id].parent;
			leave(b, id);
		}
		if (id == root || b->failed)
			break;
		id = nodes[id].next_sibling;
	}
}

/* Numbers the footnotes that kept references point to, in document order,
 * and gives each reference its footnote's number. */
static void number_footnotes(pith_document *doc, builder *b)
{
	for (size_t i = 1; i < doc->count; i++) {
		pith_doc_node *n = &doc->nodes[i];
		if (n->kind == PITH_DOC_NOTE_REF) {
			uint32_t label =
			    find_label(b, pith_doc_string_data(doc, n->text), n->text.length);
			if (label)
				doc->labels[label - 1].referenced = true;
		}
	}
	int32_t count = 0;
	for (size_t i = 1; i < doc->count; i++) {
		pith_doc_node *n = &doc->nodes[i];
		if (n->kind != PITH_DOC_FOOTNOTE)
			continue;
		uint32_t label = find_label(b, pith_doc_string_data(doc, n->text), n->text.length);
		if (label && doc->labels[label - 1].referenced && !doc->labels[label - 1].number)
			n->number = doc->labels[label - 1].number = ++count;
	}
	for (size_t i = 1; i < doc->count; i++) {
		pith_doc_node *n = &doc->nodes[i];
		if (n->kind != PITH_DOC_NOTE_REF)
			continue;
		uint32_t label = find_label(b, pith_doc_string_data(doc, n->text), n->text.length);
		n->number = label ? doc->labels[label - 1].number : 0;
	}
}

/* Memory one huge page made the model grow past is given back at the
 * next page, as the extractor does with its arrays. */
#define DOCUMENT_RETAIN_BYTES ((size_t)16 * 1024 * 1024)

static void empty_document(pith_document *doc)
{
	if (doc->capacity * sizeof *doc->nodes > DOCUMENT_RETAIN_BYTES ||
	    doc->label_capacity * sizeof *doc->labels > DOCUMENT_RETAIN_BYTES ||
	    doc->slot_capacity * sizeof *doc->label_slots > DOCUMENT_RETAIN_BYTES) {
		pith_buffer strings = doc->strings;
		doc->strings = (pith_buffer){0};
		pith_document_release(doc);
		doc->strings = strings;
	}
	pith_buffer_clear(&doc->strings, DOCUMENT_RETAIN_BYTES);
	doc->count = 0;
	doc->label_count = 0;
	if (doc->label_slots)
		memset(doc->label_slots, 0, doc->slot_capacity * sizeof *doc->label_slots);
}

pith_status pith_document_build(pith_document *doc, const pith_extraction *content,
                                const pith_dom *dom, const char *base_url, bool images,
                                size_t page_bytes)
{
	empty_document(doc);
	builder *b = calloc(1, sizeof *b);
	if (!b)
		return PITH_ERROR_NOMEM;
	*b = (builder){.doc = doc, .content = content, .dom = dom, .images = images};
	b->url_budget = PITH_DOCUMENT_URL_SLACK_BYTES;
	if (page_bytes <= (SIZE_MAX - b->url_budget) / PITH_DOCUMENT_URL_BYTES_PER_PAGE_BYTE)
		b->url_budget += PITH_DOCUMENT_URL_BYTES_PER_PAGE_BYTE * page_bytes;
	else
		b->url_budget = SIZE_MAX;
	if (base_url && !pith_url_base_set(&b->base, base_url, strlen(base_url)))
		b->failed = true;
	add_node(b, 0, PITH_DOC_ROOT);
	if (!pith_buffer_append(&doc->strings, "", 0))
		b->failed = true;
	if (content->block_count && content->trace && dom->node_count && !b->failed) {
		/* The region, or the children of the body or document the
		 * segmenting walk started from. */
		pith_node_id region = content->region;
		if (content->trace[region].block)
			walk(b, region);
		else
			for (pith_node_id c = dom->nodes[region].first_child; c && !b->failed;
			     c = dom->nodes[c].next_sibling)
				walk(b, c);
	}
	if (!b->failed)
		number_footnotes(doc, b);
	bool failed = b->failed;
	pith_url_base_release(&b->base);
	free(b);
	if (failed) {
		doc->count = 0;
		return PITH_ERROR_NOMEM;
	}
	return PITH_OK;
}

static bool append_text_under(const pith_document *doc, uint32_t id, const char *line_break,
                              pith_buffer *into)
{
	bool ok = true;
	for (uint32_t c = doc->nodes[id].first_child; c && ok; c = doc->nodes[c].next_sibling) {
		const pith_doc_node *n = &doc->nodes[c];
		if (n->kind == PITH_DOC_TEXT)
			ok = pith_buffer_append(into, pith_doc_string_data(doc, n->text),
			                        n->text.length);
		else if (n->kind == PITH_DOC_BREAK)
			ok = pith_buffer_append_string(into, line_break);
		else
			ok = append_text_under(doc, c, line_break, into);
	}
	return ok;
}

bool pith_document_append_text(const pith_document *doc, uint32_t id, const char *line_break,
                               pith_buffer *into)
{
	/* The empty append leaves into allocated and NUL-terminated even
	 * when the node holds no text. */
	return pith_buffer_append(into, "", 0) && append_text_under(doc, id, line_break, into);
}

bool pith_document_space_after_image(const pith_document *doc, uint32_t id)
{
	const pith_doc_node *image = &doc->nodes[id];
	if (!(image->level & PITH_DOC_SPACE_AFTER) || !image->next_sibling)
		return false;
	const pith_doc_node *next = &doc->nodes[image->next_sibling];
	if (next->kind == PITH_DOC_TEXT) {
		char first = pith_doc_string_data(doc, next->text)[0];
		return first != ' ' && first != '\n';
	}
	return next->kind != PITH_DOC_BREAK;
}
