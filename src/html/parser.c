/* The WHATWG tree builder: HTML Living Standard 13.2.6 "Tree construction",
 * over the parse state of 13.2.4, fed token by token by tokenizer.c.
 *
 * It follows the standard as of the html5lib-tests tree-construction suite
 * it is held to, which includes the 2025 "customizable <select>" parser
 * change: the "in select" and "in select in table" insertion modes are gone
 * and <select> content is parsed by "in body" (13.2.6.4.7), with the option
 * pop hook that fills <selectedcontent>. Scripting is off.
 *
 * Departures from the standard are bounds only, each a named limit:
 *  - PITH_MAX_DEPTH: an element that would nest deeper is still created and
 *    appended to the current node, but not pushed; what it would have held
 *    then goes to the current node. Mode switches that belong to an element
 *    (table, td, template, ...) happen only when it was pushed.
 *    Open templates count twice (their contents fragment is a tree level).
 *  - PITH_MAX_ACTIVE_FORMATTING and PITH_RECONSTRUCT_BYTES_PER_ELEMENT:
 *    misnested formatting elements cost linear memory (see below).
 *
 * Cost: every step is O(1) on the common paths. Scope walks are bounded by
 * the stack (at most PITH_MAX_DEPTH) and skipped outright when the per-tag
 * counts of open elements say the target is not open, so nesting attacks
 * stay linear. Nothing is allocated per token except the DOM's nodes,
 * attributes and (rarely) joined text. No recursion: "reprocess the token"
 * is a loop, and a mode handler only calls the handlers of modes it defers
 * to ("in table" to "in body", "in body" to "in head", ...), never back. */
#include "parser.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buffer.h"
#include "tokenizer.h"

/* The list of active formatting elements keeps at most this many elements
 * (markers aside); adding one more forgets the oldest. Noah's Ark (three
 * identical entries) does not bound elements whose attributes differ, and
 * without a bound every paragraph after N misnested <b id=...> tags would
 * recreate all N of them: quadratic time and memory. Real pages stay far
 * below (a few unclosed <font>/<b>/<a>). */
#define PITH_MAX_ACTIVE_FORMATTING 64

/* Reconstructing the active formatting elements may create at most one
 * element per this many input bytes (plus PITH_RECONSTRUCT_MIN_ELEMENTS)
 * per page. Even with the list bounded, "<p><b id=1></p><p><b id=2></p>..."
 * makes every paragraph recreate up to PITH_MAX_ACTIVE_FORMATTING elements,
 * so a few bytes of input would cost kilobytes of nodes. Past the budget,
 * formatting is no longer reopened; no text is lost. Real pages use a tiny
 * fraction of it. */
#define PITH_RECONSTRUCT_BYTES_PER_ELEMENT 16
#define PITH_RECONSTRUCT_MIN_ELEMENTS 4096

/* The per-node flags and the "in table text" spans are kept between pages
 * up to these sizes (bytes of flags, spans), like the DOM's arrays. */
#define PARSER_RETAIN_NODE_FLAGS (256u * 1024)
#define PARSER_RETAIN_PENDING (64u * 1024)

/* Markers belong to open elements (td, th, caption, template, applet,
 * object, marquee), so there are at most PITH_MAX_DEPTH of them. */
#define FORMATTING_CAPACITY (PITH_MAX_DEPTH + PITH_MAX_ACTIVE_FORMATTING + 1)

/* Scratch hash table for comparing and merging attribute sets in linear
 * time (Noah's Ark, <html>/<body> attribute merging); twice the most
 * attributes an element has. */
#define ATTR_SET_SLOTS (2 * PITH_MAX_ATTRIBUTES)

_Static_assert(PITH_TAG_COUNT <= 1024, "stack keys keep the tag in 10 bits");
_Static_assert((ATTR_SET_SLOTS & (ATTR_SET_SLOTS - 1)) == 0, "power of two");

/* A stack entry's key: the tag for HTML elements (so "is an HTML p" is one
 * compare), the tag plus the namespace above bit 10 otherwise. */
#define KEY(ns, tag) ((uint16_t)((unsigned)(tag) | (unsigned)(ns) << 10))
#define KEY_NS(key) ((key) >> 10)
#define KEY_TAG(key) ((pith_tag)((key)&1023))

enum open_flags {
	OPEN_SPECIAL = 1,     /* the 'special' category (13.2.4.2) */
	OPEN_SCOPE = 2,       /* bounds "has an element in scope" */
	OPEN_HTML_IP = 4,     /* HTML integration point (13.2.6.5) */
	OPEN_MATHML_TEXT = 8, /* MathML text integration point */
};

/* Per-node parser state, indexed by node id. */
enum node_flags {
	NODE_OPEN = 1,   /* on the stack of open elements */
	NODE_ACTIVE = 2, /* in the list of active formatting elements */
};

typedef struct open_element {
	pith_node_id node;
	uint16_t key;
	uint8_t flags;
	uint8_t name_hash; /* PITH_TAG_UNKNOWN elements: name_hash() */
} open_element;

typedef struct formatting_entry {
	pith_node_id node; /* 0: a marker */
	uint16_t tag;
} formatting_entry;

typedef struct text_span {
	const char *data;
	size_t len;
} text_span;

/* The insertion modes (13.2.4.1). "in select" and "in select in table"
 * no longer exist in the standard. */
typedef enum insertion_mode {
	MODE_INITIAL,
	MODE_BEFORE_HTML,
	MODE_BEFORE_HEAD,
	MODE_IN_HEAD,
	MODE_IN_HEAD_NOSCRIPT,
	MODE_AFTER_HEAD,
	MODE_IN_BODY,
	MODE_TEXT,
	MODE_IN_TABLE,
	MODE_IN_TABLE_TEXT,
	MODE_IN_CAPTION,
	MODE_IN_COLUMN_GROUP,
	MODE_IN_TABLE_BODY,
	MODE_IN_ROW,
	MODE_IN_CELL,
	MODE_IN_TEMPLATE,
	MODE_AFTER_BODY,
	MODE_IN_FRAMESET,
	MODE_AFTER_FRAMESET,
	MODE_AFTER_AFTER_BODY,
	MODE_AFTER_AFTER_FRAMESET,
} insertion_mode;

enum scope { SCOPE_DEFAULT, SCOPE_LIST_ITEM, SCOPE_BUTTON, SCOPE_TABLE };

enum quirks { NO_QUIRKS, LIMITED_QUIRKS, QUIRKS };

struct pith_html_parser {
	pith_tokenizer *tokenizer;
	pith_dom *dom;

	insertion_mode mode, original_mode;
	pith_tag tag; /* the current start or end tag token's id */

	open_element stack[PITH_MAX_DEPTH];
	uint32_t depth;
	/* HTML elements on the stack, per tag: a zero makes a scope check
	 * O(1) and keeps nesting attacks linear. */
	uint32_t open_count[PITH_TAG_COUNT];

	formatting_entry formatting[FORMATTING_CAPACITY];
	uint32_t formatting_len;
	uint32_t formatting_elements; /* entries that are not markers */

	uint8_t template_modes[PITH_MAX_DEPTH];
	uint32_t template_depth;

	pith_node_id head, form;
	bool frameset_ok;
	bool foster_parenting;
	bool skip_newline; /* drop a LF that starts the next token */
	bool text_pushed;  /* the "text" mode element was pushed */
	bool pushed;       /* the last inserted element was pushed */
	bool allow_cdata;
	bool noscript_bounds; /* pith_html_parser_set_noscript_bounds */
	bool failed;          /* out of memory: stop */
	int quirks;

	/* Fragment parsing (13.2.8.1). */
	bool fragment;
	open_element context;

	/* "in table text" pending character tokens. */
	text_span *pending;
	size_t pending_len, pending_cap;
	bool pending_nonspace;

	uint8_t *node_flags;
	size_t node_flags_cap;

	/* The text node whose data is an arena buffer with spare room, so
	 * text joined from many pieces is copied in amortised O(1). */
	pith_node_id grow_node;
	size_t grow_cap;

	/* Scratch set of attribute names, by generation. */
	uint32_t set_generation;
	uint32_t set_stamp[ATTR_SET_SLOTS];
	uint32_t set_index[ATTR_SET_SLOTS];
	uint16_t merge_list[PITH_MAX_ATTRIBUTES];

	size_t reconstruct_budget; /* elements reconstruction may still make */
	/* Tree depth: the deepest push (open templates counted twice), and
	 * how much deeper nodes may have been moved since (see
	 * enforce_depth_limit). */
	uint32_t deepest;
	size_t depth_slack;
	uint8_t end_tag_hash; /* name_hash() of an unknown end tag */

	/* <selectedcontent> (13.2.6.4.7, "option" pop hook). */
	pith_node_id selectedcontent, selectedcontent_select;
	bool option_chosen;
};

/* ------------------------------------------------------------------ */
/* Small helpers */

static inline pith_node *node_at(const pith_html_parser *p, pith_node_id id)
{
	return &p->dom->nodes[id];
}

static inline bool is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}

static size_t leading_space(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

static bool all_space(const char *s, size_t n)
{
	return leading_space(s, n) == n;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool equal_nocase(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

static bool prefix_nocase(const char *s, size_t n, const char *prefix)
{
	size_t plen = strlen(prefix);
	if (n < plen)
		return false;
	for (size_t i = 0; i < plen; i++)
		if (lower(s[i]) != lower(prefix[i]))
			return false;
	return true;
}

static const pith_token_attr *token_attr(const pith_token *t, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < t->attr_count; i++)
		if (t->attrs[i].name_len == len && memcmp(t->attrs[i].name, name, len) == 0)
			return &t->attrs[i];
	return NULL;
}

static inline open_element *current(pith_html_parser *p)
{
	return &p->stack[p->depth - 1];
}

static inline pith_node_id current_node(const pith_html_parser *p)
{
	return p->depth ? p->stack[p->depth - 1].node : 0;
}

static inline bool current_is(const pith_html_parser *p, pith_tag tag)
{
	return p->depth && p->stack[p->depth - 1].key == tag;
}

/* The adjusted current node (13.2.4.2): the context element when parsing a
 * fragment and only the root is open. */
static const open_element *adjusted_current(const pith_html_parser *p)
{
	if (p->fragment && p->depth == 1)
		return &p->context;
	return p->depth ? &p->stack[p->depth - 1] : NULL;
}

/* ------------------------------------------------------------------ */
/* Nodes */

static pith_node_id new_node(pith_html_parser *p, pith_node_type type)
{
	pith_node_id id = pith_dom_new_node(p->dom, type);
	if (!id) {
		p->failed = true;
		return 0;
	}
	uint8_t *flags =
	    pith_grow(p->node_flags, &p->node_flags_cap, (size_t)id + 1, 1, p->dom->node_capacity);
	if (!flags) {
		p->failed = true;
		return 0;
	}
	p->node_flags = flags;
	p->node_flags[id] = 0;
	return id;
}

static pith_node_id create_element(pith_html_parser *p, pith_tag tag, uint8_t ns, const char *name,
                                   size_t name_len)
{
	pith_node_id id = new_node(p, PITH_NODE_ELEMENT);
	if (!id)
		return 0;
	pith_node *n = node_at(p, id);
	n->tag = (uint16_t)tag;
	n->ns = ns;
	const char *svg = ns == PITH_NS_SVG ? pith_tag_svg_name(tag) : NULL;
	if (svg) {
		n->text = svg;
		n->text_len = (uint32_t)strlen(svg);
	} else if (tag == PITH_TAG_UNKNOWN) {
		n->text = name;
		n->text_len = (uint32_t)name_len;
	}
	return id;
}

/* A copy of an element "for the same token" (adoption agency,
 * reconstruction): same name and attributes, which are shared, as the
 * parser never changes a formatting element's attributes. */
static pith_node_id clone_element(pith_html_parser *p, pith_node_id src)
{
	pith_node_id id = new_node(p, PITH_NODE_ELEMENT);
	if (!id)
		return 0;
	pith_node *n = node_at(p, id);
	const pith_node *s = node_at(p, src);
	n->tag = s->tag;
	n->ns = s->ns;
	n->text = s->text;
	n->text_len = s->text_len;
	n->attr_first = s->attr_first;
	n->attr_count = s->attr_count;
	return id;
}

/* 13.2.6.5 "adjust SVG attributes": lowercase token name to SVG case. */
static const char *const svg_attributes[][2] = {
    {"attributename", "attributeName"},
    {"attributetype", "attributeType"},
    {"basefrequency", "baseFrequency"},
    {"baseprofile", "baseProfile"},
    {"calcmode", "calcMode"},
    {"clippathunits", "clipPathUnits"},
    {"diffuseconstant", "diffuseConstant"},
    {"edgemode", "edgeMode"},
    {"filterunits", "filterUnits"},
    {"glyphref", "glyphRef"},
    {"gradienttransform", "gradientTransform"},
    {"gradientunits", "gradientUnits"},
    {"kernelmatrix", "kernelMatrix"},
    {"kernelunitlength", "kernelUnitLength"},
    {"keypoints", "keyPoints"},
    {"keysplines", "keySplines"},
    {"keytimes", "keyTimes"},
    {"lengthadjust", "lengthAdjust"},
    {"limitingconeangle", "limitingConeAngle"},
    {"markerheight", "markerHeight"},
    {"markerunits", "markerUnits"},
    {"markerwidth", "markerWidth"},
    {"maskcontentunits", "maskContentUnits"},
    {"maskunits", "maskUnits"},
    {"numoctaves", "numOctaves"},
    {"pathlength", "pathLength"},
    {"patterncontentunits", "patternContentUnits"},
    {"patterntransform", "patternTransform"},
    {"patternunits", "patternUnits"},
    {"pointsatx", "pointsAtX"},
    {"pointsaty", "pointsAtY"},
    {"pointsatz", "pointsAtZ"},
    {"preservealpha", "preserveAlpha"},
    {"preserveaspectratio", "preserveAspectRatio"},
    {"primitiveunits", "primitiveUnits"},
    {"refx", "refX"},
    {"refy", "refY"},
    {"repeatcount", "repeatCount"},
    {"repeatdur", "repeatDur"},
    {"requiredextensions", "requiredExtensions"},
    {"requiredfeatures", "requiredFeatures"},
    {"specularconstant", "specularConstant"},
    {"specularexponent", "specularExponent"},
    {"spreadmethod", "spreadMethod"},
    {"startoffset", "startOffset"},
    {"stddeviation", "stdDeviation"},
    {"stitchtiles", "stitchTiles"},
    {"surfacescale", "surfaceScale"},
    {"systemlanguage", "systemLanguage"},
    {"tablevalues", "tableValues"},
    {"targetx", "targetX"},
    {"targety", "targetY"},
    {"textlength", "textLength"},
    {"viewbox", "viewBox"},
    {"viewtarget", "viewTarget"},
    {"xchannelselector", "xChannelSelector"},
    {"ychannelselector", "yChannelSelector"},
    {"zoomandpan", "zoomAndPan"},
};

/* 13.2.6.5 "adjust foreign attributes". */
static const struct foreign_attribute {
	const char *qualified, *local;
	uint8_t ns;
} foreign_attributes[] = {
    {"xlink:actuate", "actuate", PITH_ATTR_NS_XLINK},
    {"xlink:arcrole", "arcrole", PITH_ATTR_NS_XLINK},
    {"xlink:href", "href", PITH_ATTR_NS_XLINK},
    {"xlink:role", "role", PITH_ATTR_NS_XLINK},
    {"xlink:show", "show", PITH_ATTR_NS_XLINK},
    {"xlink:title", "title", PITH_ATTR_NS_XLINK},
    {"xlink:type", "type", PITH_ATTR_NS_XLINK},
    {"xml:lang", "lang", PITH_ATTR_NS_XML},
    {"xml:space", "space", PITH_ATTR_NS_XML},
    {"xmlns", "xmlns", PITH_ATTR_NS_XMLNS},
    {"xmlns:xlink", "xlink", PITH_ATTR_NS_XMLNS},
};

static int compare_name(const char *name, size_t len, const char *key)
{
	size_t klen = strlen(key);
	int c = memcmp(name, key, len < klen ? len : klen);
	if (c)
		return c;
	return len < klen ? -1 : len > klen;
}

static void adjust_foreign_attr(pith_attr *a, uint8_t ns)
{
	if (ns == PITH_NS_SVG) {
		size_t lo = 0, hi = sizeof svg_attributes / sizeof svg_attributes[0];
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = compare_name(a->name, a->name_len, svg_attributes[mid][0]);
			if (c == 0) {
				a->name = svg_attributes[mid][1];
				return;
			}
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
	} else if (a->name_len == 13 && memcmp(a->name, "definitionurl", 13) == 0) {
		a->name = "definitionURL";
		return;
	}
	if (a->name_len < 5 || a->name[0] != 'x')
		return;
	for (size_t i = 0; i < sizeof foreign_attributes / sizeof foreign_attributes[0]; i++) {
		const struct foreign_attribute *f = &foreign_attributes[i];
		if (compare_name(a->name, a->name_len, f->qualified) == 0) {
			a->name = f->local;
			a->name_len = (uint32_t)strlen(f->local);
			a->ns = f->ns;
			return;
		}
	}
}

static void copy_attrs(pith_html_parser *p, pith_node_id id, const pith_token *t, uint8_t ns)
{
	if (!t || !t->attr_count || !id)
		return;
	pith_attr *a = pith_dom_add_attrs(p->dom, id, (uint32_t)t->attr_count);
	if (!a) {
		p->failed = true;
		return;
	}
	for (size_t i = 0; i < t->attr_count; i++) {
		a[i].name = t->attrs[i].name;
		a[i].name_len = t->attrs[i].name_len;
		a[i].value = t->attrs[i].value;
		a[i].value_len = t->attrs[i].value_len;
		a[i].ns = PITH_ATTR_NS_NONE;
		if (ns != PITH_NS_HTML)
			adjust_foreign_attr(&a[i], ns);
	}
}

static uint32_t attr_name_hash(const pith_attr *a)
{
	uint32_t h = 2166136261u ^ a->ns;
	for (size_t i = 0; i < a->name_len; i++)
		h = (h ^ (unsigned char)a->name[i]) * 16777619u;
	return h;
}

/* Put the attribute names of element id in the scratch set. */
static void set_fill(pith_html_parser *p, pith_node_id id)
{
	if (++p->set_generation == 0) {
		memset(p->set_stamp, 0, sizeof p->set_stamp);
		p->set_generation = 1;
	}
	const pith_node *n = node_at(p, id);
	for (uint32_t i = 0; i < n->attr_count; i++) {
		const pith_attr *a = &p->dom->attrs[n->attr_first + i];
		uint32_t slot = attr_name_hash(a) & (ATTR_SET_SLOTS - 1);
		while (p->set_stamp[slot] == p->set_generation)
			slot = (slot + 1) & (ATTR_SET_SLOTS - 1);
		p->set_stamp[slot] = p->set_generation;
		p->set_index[slot] = n->attr_first + i;
	}
}

/* The attribute of the set's element named like a, or NULL. */
static const pith_attr *set_find(const pith_html_parser *p, const pith_attr *a)
{
	uint32_t slot = attr_name_hash(a) & (ATTR_SET_SLOTS - 1);
	while (p->set_stamp[slot] == p->set_generation) {
		const pith_attr *b = &p->dom->attrs[p->set_index[slot]];
		if (b->name_len == a->name_len && b->ns == a->ns &&
		    memcmp(b->name, a->name, a->name_len) == 0)
			return b;
		slot = (slot + 1) & (ATTR_SET_SLOTS - 1);
	}
	return NULL;
}

static bool same_attr_value(const pith_attr *u, const pith_attr *v)
{
	return u->value_len == v->value_len && memcmp(u->value, v->value, u->value_len) == 0;
}

/* Whether two elements have the same attributes, in any order, in time
 * linear in their number (Noah's Ark). */
static bool same_attrs(pith_html_parser *p, pith_node_id x, pith_node_id y)
{
	const pith_node *a = node_at(p, x), *b = node_at(p, y);
	if (a->attr_count != b->attr_count)
		return false;
	if (a->attr_first == b->attr_first)
		return true;
	/* Usually the same order: compare in place first. Names within an
	 * element are unique, so equal names with unequal values settle it. */
	uint32_t same = 0;
	for (; same < a->attr_count; same++) {
		const pith_attr *u = &p->dom->attrs[a->attr_first + same];
		const pith_attr *v = &p->dom->attrs[b->attr_first + same];
		if (u->name_len != v->name_len || u->ns != v->ns ||
		    memcmp(u->name, v->name, u->name_len) != 0)
			break;
		if (!same_attr_value(u, v))
			return false;
	}
	if (same == a->attr_count)
		return true;
	if (a->attr_count > ATTR_SET_SLOTS / 2)
		return false;
	set_fill(p, y);
	for (uint32_t i = 0; i < a->attr_count; i++) {
		const pith_attr *u = &p->dom->attrs[a->attr_first + i];
		const pith_attr *v = set_find(p, u);
		if (!v || !same_attr_value(u, v))
			return false;
	}
	return true;
}

/* <html> and <body> start tags in body: add the attributes the element
 * does not have yet, up to PITH_MAX_ATTRIBUTES in all. */
static void merge_attrs(pith_html_parser *p, pith_node_id id, const pith_token *t)
{
	const pith_node *n = node_at(p, id);
	if (!t->attr_count || n->attr_count >= PITH_MAX_ATTRIBUTES)
		return;
	set_fill(p, id);
	uint32_t room = PITH_MAX_ATTRIBUTES - n->attr_count, count = 0;
	for (size_t i = 0; i < t->attr_count && count < room; i++) {
		pith_attr probe = {.name = t->attrs[i].name, .name_len = t->attrs[i].name_len};
		if (!set_find(p, &probe))
			p->merge_list[count++] = (uint16_t)i;
	}
	if (!count)
		return;
	pith_attr *a = pith_dom_add_attrs(p->dom, id, count);
	if (!a) {
		p->failed = true;
		return;
	}
	for (uint32_t i = 0; i < count; i++) {
		const pith_token_attr *s = &t->attrs[p->merge_list[i]];
		a[i].name = s->name;
		a[i].name_len = s->name_len;
		a[i].value = s->value;
		a[i].value_len = s->value_len;
	}
}

/* ------------------------------------------------------------------ */
/* The stack of open elements (13.2.4.2) */

static uint8_t open_flags_for(pith_html_parser *p, pith_node_id id, pith_tag tag, uint8_t ns)
{
	unsigned f = pith_tag_flags(tag);
	if (ns == PITH_NS_HTML)
		return (uint8_t)((f & PITH_TAGF_SPECIAL ? OPEN_SPECIAL : 0) |
		                 (f & PITH_TAGF_SCOPE ? OPEN_SCOPE : 0));
	if (ns == PITH_NS_MATHML) {
		uint8_t r = 0;
		if (f & PITH_TAGF_MATHML_BOUNDARY)
			r |= OPEN_SPECIAL | OPEN_SCOPE;
		if (f & PITH_TAGF_MATHML_TEXT)
			r |= OPEN_MATHML_TEXT;
		if (tag == PITH_TAG_ANNOTATION_XML) {
			const pith_attr *enc = pith_dom_find_attr(p->dom, id, "encoding", 8);
			if (enc &&
			    (equal_nocase(enc->value, enc->value_len, "text/html") ||
			     equal_nocase(enc->value, enc->value_len, "application/xhtml+xml")))
				r |= OPEN_HTML_IP;
		}
		return r;
	}
	return f & PITH_TAGF_SVG_BOUNDARY ? OPEN_SPECIAL | OPEN_SCOPE | OPEN_HTML_IP : 0;
}

/* One byte of hash of an unknown element's name, so end tags of unknown
 * names rarely need a string compare per open element. */
static uint8_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return (uint8_t)(h ^ h >> 8 ^ h >> 16 ^ h >> 24);
}

/* Whether one more element fits under PITH_MAX_DEPTH. A template's
 * contents fragment is a tree level of its own, so open templates count
 * twice and the tree stays within the limit too. */
static inline bool stack_has_room(const pith_html_parser *p)
{
	return p->depth + p->open_count[PITH_TAG_TEMPLATE] < PITH_MAX_DEPTH;
}

static bool push(pith_html_parser *p, pith_node_id id)
{
	if (!id || !stack_has_room(p))
		return false;
	const pith_node *n = node_at(p, id);
	pith_tag tag = (pith_tag)n->tag;
	open_element *e = &p->stack[p->depth++];
	e->node = id;
	e->key = KEY(n->ns, tag);
	e->flags = open_flags_for(p, id, tag, n->ns);
	e->name_hash = tag == PITH_TAG_UNKNOWN ? name_hash(n->text, n->text_len) : 0;
	if (n->ns == PITH_NS_HTML)
		p->open_count[tag]++;
	p->node_flags[id] |= NODE_OPEN;
	uint32_t level = p->depth + p->open_count[PITH_TAG_TEMPLATE];
	if (level > p->deepest)
		p->deepest = level;
	return true;
}

static void option_popped(pith_html_parser *p, pith_node_id option);

static void forget_open(pith_html_parser *p, const open_element *e)
{
	if (e->key < PITH_TAG_COUNT)
		p->open_count[e->key]--;
	p->node_flags[e->node] &= (uint8_t)~NODE_OPEN;
}

static void pop(pith_html_parser *p)
{
	open_element e = p->stack[--p->depth];
	forget_open(p, &e);
	if (e.key == PITH_TAG_OPTION && p->selectedcontent)
		option_popped(p, e.node);
}

static void remove_from_stack(pith_html_parser *p, uint32_t index)
{
	forget_open(p, &p->stack[index]);
	memmove(&p->stack[index], &p->stack[index + 1],
	        (p->depth - index - 1) * sizeof p->stack[0]);
	p->depth--;
}

static int stack_index(const pith_html_parser *p, pith_node_id id)
{
	for (int i = (int)p->depth - 1; i >= 0; i--)
		if (p->stack[i].node == id)
			return i;
	return -1;
}

/* Take an element off the stack wherever it is (</form>, a second <a>,
 * the head after "after head"). Open elements it contains stay open one
 * tree level deeper than their stack position: counted for
 * enforce_depth_limit. */
static void remove_open_element(pith_html_parser *p, pith_node_id id)
{
	int i = stack_index(p, id);
	if (i < 0)
		return;
	if ((uint32_t)i + 1 < p->depth)
		p->depth_slack++;
	remove_from_stack(p, (uint32_t)i);
}

/* Pop until an HTML element with tag has been popped. */
static void pop_until(pith_html_parser *p, pith_tag tag)
{
	if (!p->open_count[tag])
		return;
	while (p->depth) {
		uint16_t key = p->stack[p->depth - 1].key;
		pop(p);
		if (key == tag)
			return;
	}
}

static void pop_until_node(pith_html_parser *p, pith_node_id id)
{
	if (!(p->node_flags[id] & NODE_OPEN))
		return;
	while (p->depth) {
		pith_node_id top = p->stack[p->depth - 1].node;
		pop(p);
		if (top == id)
			return;
	}
}

static bool is_boundary(const open_element *e, enum scope scope)
{
	switch (scope) {
	case SCOPE_DEFAULT:
		return e->flags & OPEN_SCOPE;
	case SCOPE_LIST_ITEM:
		return (e->flags & OPEN_SCOPE) || e->key == PITH_TAG_OL || e->key == PITH_TAG_UL;
	case SCOPE_BUTTON:
		return (e->flags & OPEN_SCOPE) || e->key == PITH_TAG_BUTTON;
	case SCOPE_TABLE:
		return e->key == PITH_TAG_HTML || e->key == PITH_TAG_TABLE ||
		       e->key == PITH_TAG_TEMPLATE;
	}
	return true;
}

/* "has an element in scope" (13.2.4.2) for an HTML tag. */
static bool in_scope(const pith_html_parser *p, pith_tag tag, enum scope scope)
{
	if (!p->open_count[tag])
		return false;
	for (uint32_t i = p->depth; i-- > 0;) {
		const open_element *e = &p->stack[i];
		if (e->key == tag)
			return true;
		if (is_boundary(e, scope))
			return false;
	}
	return false;
}

/* Whether any of tags[0..n) is in scope. */
static bool in_scope_any(const pith_html_parser *p, const pith_tag *tags, int n, enum scope scope)
{
	uint32_t open = 0;
	for (int k = 0; k < n; k++)
		open += p->open_count[tags[k]];
	if (!open)
		return false;
	for (uint32_t i = p->depth; i-- > 0;) {
		const open_element *e = &p->stack[i];
		for (int k = 0; k < n; k++)
			if (e->key == tags[k])
				return true;
		if (is_boundary(e, scope))
			return false;
	}
	return false;
}

static const pith_tag headings[] = {PITH_TAG_H1, PITH_TAG_H2, PITH_TAG_H3,
                                    PITH_TAG_H4, PITH_TAG_H5, PITH_TAG_H6};
static const pith_tag cells[] = {PITH_TAG_TD, PITH_TAG_TH};
static const pith_tag table_sections[] = {PITH_TAG_TBODY, PITH_TAG_THEAD, PITH_TAG_TFOOT};

/* 13.2.6.3: pop elements with implied end tags, except `except`. */
static void generate_implied_end_tags(pith_html_parser *p, pith_tag except)
{
	while (p->depth) {
		uint16_t key = p->stack[p->depth - 1].key;
		if (key >= PITH_TAG_COUNT || key == except ||
		    !(pith_tag_flags((pith_tag)key) & PITH_TAGF_IMPLIED_END))
			return;
		pop(p);
	}
}

static void generate_implied_end_tags_thoroughly(pith_html_parser *p)
{
	while (p->depth) {
		uint16_t key = p->stack[p->depth - 1].key;
		if (key >= PITH_TAG_COUNT ||
		    !(pith_tag_flags((pith_tag)key) & PITH_TAGF_IMPLIED_END_THOROUGH))
			return;
		pop(p);
	}
}

/* "close a p element" */
static void close_p(pith_html_parser *p)
{
	generate_implied_end_tags(p, PITH_TAG_P);
	pop_until(p, PITH_TAG_P);
}

static void close_p_in_button_scope(pith_html_parser *p)
{
	if (in_scope(p, PITH_TAG_P, SCOPE_BUTTON))
		close_p(p);
}

/* Pop until the current node is one of tags (or html). */
static void clear_stack_back_to(pith_html_parser *p, pith_tag a, pith_tag b, pith_tag c)
{
	while (p->depth > 1) {
		uint16_t key = p->stack[p->depth - 1].key;
		if (key == a || key == b || key == c || key == PITH_TAG_TEMPLATE ||
		    key == PITH_TAG_HTML)
			return;
		pop(p);
	}
}

/* ------------------------------------------------------------------ */
/* Insertion (13.2.6.1) */

static pith_node_id template_content(const pith_html_parser *p, pith_node_id id)
{
	const pith_node *n = node_at(p, id);
	if (n->type == PITH_NODE_ELEMENT && n->tag == PITH_TAG_TEMPLATE && n->ns == PITH_NS_HTML &&
	    n->first_child && node_at(p, n->first_child)->type == PITH_NODE_FRAGMENT)
		return n->first_child;
	return id;
}

/* "the appropriate place for inserting a node", with foster parenting. */
static void insertion_place(const pith_html_parser *p, pith_node_id target, pith_node_id *parent,
                            pith_node_id *before)
{
	*before = 0;
	const pith_node *t = node_at(p, target);
	if (p->foster_parenting && t->ns == PITH_NS_HTML &&
	    (t->tag == PITH_TAG_TABLE || t->tag == PITH_TAG_TBODY || t->tag == PITH_TAG_TFOOT ||
	     t->tag == PITH_TAG_THEAD || t->tag == PITH_TAG_TR)) {
		int last_template = -1, last_table = -1;
		for (int i = (int)p->depth - 1; i >= 0; i--) {
			if (last_template < 0 && p->stack[i].key == PITH_TAG_TEMPLATE)
				last_template = i;
			if (last_table < 0 && p->stack[i].key == PITH_TAG_TABLE)
				last_table = i;
			if (last_table >= 0)
				break;
		}
		if (last_template >= 0 && (last_table < 0 || last_template > last_table)) {
			*parent = template_content(p, p->stack[last_template].node);
			return;
		}
		if (last_table < 0) {
			*parent = p->stack[0].node;
			return;
		}
		pith_node_id table = p->stack[last_table].node;
		if (node_at(p, table)->parent) {
			*parent = node_at(p, table)->parent;
			*before = table;
			return;
		}
		*parent = template_content(p, p->stack[last_table - 1].node);
		return;
	}
	*parent = template_content(p, target);
}

static void insert_node_at(pith_html_parser *p, pith_node_id parent, pith_node_id before,
                           pith_node_id id)
{
	pith_dom_insert_before(p->dom, parent, id, before);
}

static void insert_node(pith_html_parser *p, pith_node_id id)
{
	pith_node_id parent, before;
	insertion_place(p, current_node(p), &parent, &before);
	insert_node_at(p, parent, before, id);
}

/* Create, insert and push an element ("insert an HTML element" / "insert
 * a foreign element"). p->pushed says whether it fit on the stack. */
static pith_node_id insert_element(pith_html_parser *p, const pith_token *t, pith_tag tag,
                                   uint8_t ns)
{
	p->pushed = false;
	pith_node_id id = create_element(p, tag, ns, t ? t->name : NULL, t ? t->name_len : 0);
	if (!id)
		return 0;
	copy_attrs(p, id, t, ns);
	insert_node(p, id);
	p->pushed = push(p, id);
	/* A template's contents: only for an open one (one past the depth
	 * limit holds nothing, its content goes to the current node). */
	if (p->pushed && tag == PITH_TAG_TEMPLATE && ns == PITH_NS_HTML) {
		pith_node_id content = new_node(p, PITH_NODE_FRAGMENT);
		if (content)
			pith_dom_append_child(p->dom, id, content);
	}
	return id;
}

/* An element popped as soon as it is pushed (void elements): never
 * pushed at all, which is the same tree. */
static pith_node_id insert_void(pith_html_parser *p, const pith_token *t, pith_tag tag, uint8_t ns)
{
	pith_node_id id = create_element(p, tag, ns, t->name, t->name_len);
	if (!id)
		return 0;
	copy_attrs(p, id, t, ns);
	insert_node(p, id);
	return id;
}

/* An HTML element the parser makes up (html, head, body, tbody, ...). */
static pith_node_id insert_implied(pith_html_parser *p, pith_tag tag)
{
	return insert_element(p, NULL, tag, PITH_NS_HTML);
}

static void append_text(pith_html_parser *p, pith_node_id id, const char *data, size_t len)
{
	pith_node *n = node_at(p, id);
	if (n->text + n->text_len == data) {
		n->text_len += (uint32_t)len;
		return;
	}
	size_t need = (size_t)n->text_len + len;
	if (id == p->grow_node && need <= p->grow_cap) {
		memcpy((char *)n->text + n->text_len, data, len);
		n->text_len = (uint32_t)need;
		return;
	}
	size_t cap = need * 2 < 64 ? 64 : need * 2;
	char *buf = pith_arena_alloc(&p->dom->arena, cap);
	if (!buf) {
		p->failed = true;
		return;
	}
	memcpy(buf, n->text, n->text_len);
	memcpy(buf + n->text_len, data, len);
	n->text = buf;
	n->text_len = (uint32_t)need;
	p->grow_node = id;
	p->grow_cap = cap;
}

/* "insert a character" for a run of characters. */
static void insert_text(pith_html_parser *p, const char *data, size_t len)
{
	if (!len || !p->depth)
		return;
	pith_node_id parent, before;
	insertion_place(p, current_node(p), &parent, &before);
	if (node_at(p, parent)->type == PITH_NODE_DOCUMENT)
		return;
	pith_node_id prev =
	    before ? node_at(p, before)->prev_sibling : node_at(p, parent)->last_child;
	if (prev && node_at(p, prev)->type == PITH_NODE_TEXT) {
		append_text(p, prev, data, len);
		return;
	}
	pith_node_id id = new_node(p, PITH_NODE_TEXT);
	if (!id)
		return;
	node_at(p, id)->text = data;
	node_at(p, id)->text_len = (uint32_t)len;
	insert_node_at(p, parent, before, id);
}

/* Text with U+0000 dropped (in body, in table text). */
static void insert_text_without_nulls(pith_html_parser *p, const char *data, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\0') {
			insert_text(p, data + start, i - start);
			start = i + 1;
		}
	}
	insert_text(p, data + start, len - start);
}

/* parent 0: the appropriate place; else appended to parent (document or
 * html). */
static void insert_comment(pith_html_parser *p, const pith_token *t, bool to_document,
                           pith_node_id parent)
{
	pith_node_id id = new_node(p, PITH_NODE_COMMENT);
	if (!id)
		return;
	node_at(p, id)->text = t->data;
	node_at(p, id)->text_len = (uint32_t)t->data_len;
	if (to_document)
		pith_dom_append_child(p->dom, 0, id);
	else if (parent)
		pith_dom_append_child(p->dom, parent, id);
	else
		insert_node(p, id);
}

/* ------------------------------------------------------------------ */
/* The list of active formatting elements (13.2.4.3) */

static void formatting_remove_at(pith_html_parser *p, uint32_t i)
{
	pith_node_id id = p->formatting[i].node;
	if (id) {
		p->node_flags[id] &= (uint8_t)~NODE_ACTIVE;
		p->formatting_elements--;
	}
	memmove(&p->formatting[i], &p->formatting[i + 1],
	        (p->formatting_len - i - 1) * sizeof p->formatting[0]);
	p->formatting_len--;
}

/* Room for one more entry (an element when element is set): past the
 * limits, forget the oldest element (or marker, if only markers are left;
 * that needs more markers than open elements, which cannot happen). */
static void formatting_make_room(pith_html_parser *p, bool element)
{
	if (p->formatting_len < FORMATTING_CAPACITY &&
	    (!element || p->formatting_elements < PITH_MAX_ACTIVE_FORMATTING))
		return;
	uint32_t victim = 0;
	for (uint32_t i = 0; i < p->formatting_len; i++) {
		if (p->formatting[i].node) {
			victim = i;
			break;
		}
	}
	formatting_remove_at(p, victim);
}

static void push_marker(pith_html_parser *p)
{
	formatting_make_room(p, false);
	formatting_entry *f = &p->formatting[p->formatting_len++];
	f->node = 0;
	f->tag = 0;
}

static int formatting_index(const pith_html_parser *p, pith_node_id id)
{
	for (int i = (int)p->formatting_len - 1; i >= 0; i--)
		if (p->formatting[i].node == id)
			return i;
	return -1;
}

/* "push onto the list of active formatting elements", with Noah's Ark. */
static void push_formatting(pith_html_parser *p, pith_node_id id, pith_tag tag)
{
	int same = 0, earliest = -1;
	for (int i = (int)p->formatting_len - 1; i >= 0 && p->formatting[i].node; i--) {
		const formatting_entry *f = &p->formatting[i];
		if (f->tag == tag && same_attrs(p, f->node, id)) {
			same++;
			earliest = i;
		}
	}
	if (same >= 3)
		formatting_remove_at(p, (uint32_t)earliest);
	formatting_make_room(p, true);
	formatting_entry *f = &p->formatting[p->formatting_len++];
	f->node = id;
	f->tag = (uint16_t)tag;
	p->formatting_elements++;
	p->node_flags[id] |= NODE_ACTIVE;
}

static void clear_formatting_to_marker(pith_html_parser *p)
{
	while (p->formatting_len) {
		bool marker = !p->formatting[p->formatting_len - 1].node;
		formatting_remove_at(p, p->formatting_len - 1);
		if (marker)
			return;
	}
}

/* "reconstruct the active formatting elements" */
static void reconstruct(pith_html_parser *p)
{
	uint32_t n = p->formatting_len;
	if (!n)
		return;
	pith_node_id last = p->formatting[n - 1].node;
	if (!last || (p->node_flags[last] & NODE_OPEN) || !stack_has_room(p))
		return;
	uint32_t i = n - 1;
	while (i > 0) {
		pith_node_id id = p->formatting[i - 1].node;
		if (!id || (p->node_flags[id] & NODE_OPEN))
			break;
		i--;
	}
	for (; i < n; i++) {
		if (!stack_has_room(p) || !p->reconstruct_budget)
			return;
		p->reconstruct_budget--;
		formatting_entry *f = &p->formatting[i];
		pith_node_id clone = clone_element(p, f->node);
		if (!clone)
			return;
		insert_node(p, clone);
		push(p, clone);
		p->node_flags[f->node] &= (uint8_t)~NODE_ACTIVE;
		p->node_flags[clone] |= NODE_ACTIVE;
		f->node = clone;
	}
}

static bool any_other_end_tag(pith_html_parser *p, const pith_token *t);

/* The adoption agency algorithm (13.2.6.4.7). Returns false when the token
 * is to be handled as "any other end tag". */
static bool adoption_agency(pith_html_parser *p, pith_tag subject)
{
	open_element *cur = current(p);
	if (cur->key == subject && !(p->node_flags[cur->node] & NODE_ACTIVE)) {
		pop(p);
		return true;
	}
	for (int outer = 0; outer < 8; outer++) {
		int fi = -1;
		for (int i = (int)p->formatting_len - 1; i >= 0 && p->formatting[i].node; i--) {
			if (p->formatting[i].tag == subject) {
				fi = i;
				break;
			}
		}
		if (fi < 0)
			return false;
		pith_node_id fe = p->formatting[fi].node;
		if (!(p->node_flags[fe] & NODE_OPEN)) {
			formatting_remove_at(p, (uint32_t)fi);
			return true;
		}
		int fe_index = stack_index(p, fe);
		for (int i = (int)p->depth - 1; i > fe_index; i--)
			if (p->stack[i].flags & OPEN_SCOPE)
				return true; /* not in scope: ignore */
		int fb_index = -1;
		for (int i = fe_index + 1; i < (int)p->depth; i++) {
			if (p->stack[i].flags & OPEN_SPECIAL) {
				fb_index = i;
				break;
			}
		}
		if (fb_index < 0) {
			while ((int)p->depth > fe_index)
				pop(p);
			fi = formatting_index(p, fe);
			if (fi >= 0)
				formatting_remove_at(p, (uint32_t)fi);
			return true;
		}
		pith_node_id common = p->stack[fe_index - 1].node;
		pith_node_id fb = p->stack[fb_index].node;
		int bookmark = fi;
		pith_node_id last = fb;
		int index = fb_index;
		for (int inner = 1;; inner++) {
			index--;
			pith_node_id node = p->stack[index].node;
			if (node == fe)
				break;
			int ni =
			    (p->node_flags[node] & NODE_ACTIVE) ? formatting_index(p, node) : -1;
			if (inner > 3 && ni >= 0) {
				formatting_remove_at(p, (uint32_t)ni);
				if (ni < bookmark)
					bookmark--;
				ni = -1;
			}
			if (ni < 0) {
				remove_from_stack(p, (uint32_t)index);
				fb_index--;
				continue;
			}
			pith_node_id clone = clone_element(p, node);
			if (!clone)
				return true;
			p->formatting[ni].node = clone;
			p->node_flags[node] &= (uint8_t) ~(NODE_ACTIVE | NODE_OPEN);
			p->node_flags[clone] |= NODE_ACTIVE | NODE_OPEN;
			p->stack[index].node = clone;
			node = clone;
			if (last == fb)
				bookmark = ni + 1;
			pith_dom_remove(p->dom, last);
			pith_dom_append_child(p->dom, node, last);
			last = node;
		}
		pith_dom_remove(p->dom, last);
		pith_node_id parent, before;
		insertion_place(p, common, &parent, &before);
		insert_node_at(p, parent, before, last);

		pith_node_id element = clone_element(p, fe);
		if (!element)
			return true;
		/* Move the furthest block's children (a template keeps its
		 * contents fragment). */
		pith_node *b = node_at(p, fb);
		pith_node_id child = b->first_child;
		if (child && node_at(p, child)->type == PITH_NODE_FRAGMENT)
			child = node_at(p, child)->next_sibling;
		if (child)
			p->depth_slack++; /* closed subtrees go one level down */
		while (child) {
			pith_node_id next = node_at(p, child)->next_sibling;
			pith_dom_remove(p->dom, child);
			pith_dom_append_child(p->dom, element, child);
			child = next;
		}
		pith_dom_append_child(p->dom, fb, element);

		/* The new element takes the bookmark's place in the list. */
		fi = formatting_index(p, fe);
		formatting_entry entry = p->formatting[fi];
		entry.node = element;
		formatting_remove_at(p, (uint32_t)fi);
		if (bookmark > fi)
			bookmark--;
		memmove(&p->formatting[bookmark + 1], &p->formatting[bookmark],
		        (p->formatting_len - (uint32_t)bookmark) * sizeof entry);
		p->formatting[bookmark] = entry;
		p->formatting_len++;
		p->formatting_elements++;
		p->node_flags[element] |= NODE_ACTIVE;

		fe_index = stack_index(p, fe);
		remove_from_stack(p, (uint32_t)fe_index);
		fb_index = stack_index(p, fb);
		memmove(&p->stack[fb_index + 2], &p->stack[fb_index + 1],
		        (p->depth - (uint32_t)fb_index - 1) * sizeof p->stack[0]);
		p->depth++;
		p->stack[fb_index + 1].node = element;
		p->stack[fb_index + 1].key = (uint16_t)subject;
		p->stack[fb_index + 1].flags = open_flags_for(p, element, subject, PITH_NS_HTML);
		p->stack[fb_index + 1].name_hash = 0;
		p->open_count[subject]++;
		p->node_flags[element] |= NODE_OPEN;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* <selectedcontent>: when an option is popped, the select's selected
 * option's content is cloned into the select's selectedcontent element
 * ("maybe clone an option into selectedcontent"). Only pages that have a
 * selectedcontent element pay for it. */

static pith_node_id clone_subtree(pith_html_parser *p, pith_node_id src)
{
	pith_dom *dom = p->dom;
	pith_node_id root = new_node(p, (pith_node_type)node_at(p, src)->type);
	if (!root)
		return 0;
	{
		pith_node *n = node_at(p, root);
		const pith_node *s = node_at(p, src);
		n->tag = s->tag;
		n->ns = s->ns;
		n->text = s->text;
		n->text_len = s->text_len;
		n->attr_first = s->attr_first;
		n->attr_count = s->attr_count;
	}
	/* Walk src's subtree in document order, mirroring it under root. */
	pith_node_id s = dom->nodes[src].first_child, parent = root;
	while (s) {
		pith_node_id copy = new_node(p, (pith_node_type)dom->nodes[s].type);
		if (!copy)
			return 0;
		pith_node *n = &dom->nodes[copy];
		const pith_node *o = &dom->nodes[s];
		n->tag = o->tag;
		n->ns = o->ns;
		n->text = o->text;
		n->text_len = o->text_len;
		n->attr_first = o->attr_first;
		n->attr_count = o->attr_count;
		pith_dom_append_child(dom, parent, copy);
		if (dom->nodes[s].first_child) {
			parent = copy;
			s = dom->nodes[s].first_child;
			continue;
		}
		while (s != src && !dom->nodes[s].next_sibling) {
			s = dom->nodes[s].parent;
			parent = dom->nodes[parent].parent;
		}
		s = s == src ? 0 : dom->nodes[s].next_sibling;
	}
	return root;
}

static void option_popped(pith_html_parser *p, pith_node_id option)
{
	/* The nearest select ancestor. */
	pith_node_id select = node_at(p, option)->parent;
	while (select && !(node_at(p, select)->tag == PITH_TAG_SELECT &&
	                   node_at(p, select)->ns == PITH_NS_HTML))
		select = node_at(p, select)->parent;
	if (!select || select != p->selectedcontent_select)
		return;
	bool selected = pith_dom_find_attr(p->dom, option, "selected", 8) != NULL;
	if (!selected && p->option_chosen)
		return;
	p->option_chosen = true;
	pith_node_id sc = p->selectedcontent;
	while (node_at(p, sc)->first_child)
		pith_dom_remove(p->dom, node_at(p, sc)->first_child);
	pith_node_id child = node_at(p, option)->first_child;
	if (child)
		p->depth_slack += p->deepest; /* copies land at another depth */
	while (child) {
		pith_node_id copy = clone_subtree(p, child);
		if (!copy)
			return;
		pith_dom_append_child(p->dom, sc, copy);
		child = node_at(p, child)->next_sibling;
	}
}

static void selectedcontent_inserted(pith_html_parser *p, pith_node_id id)
{
	if (p->selectedcontent)
		return;
	for (int i = (int)p->depth - 1; i >= 0; i--) {
		if (p->stack[i].key == PITH_TAG_SELECT) {
			if (pith_dom_find_attr(p->dom, p->stack[i].node, "multiple", 8))
				return;
			p->selectedcontent = id;
			p->selectedcontent_select = p->stack[i].node;
			p->option_chosen = false;
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Reset the insertion mode appropriately (13.2.4.1) */

static void reset_insertion_mode(pith_html_parser *p)
{
	for (int i = (int)p->depth - 1; i >= 0; i--) {
		bool last = i == 0;
		uint16_t key = p->stack[i].key;
		if (last && p->fragment)
			key = p->context.key;
		switch (key) {
		case PITH_TAG_TD:
		case PITH_TAG_TH:
			if (!last) {
				p->mode = MODE_IN_CELL;
				return;
			}
			break;
		case PITH_TAG_TR:
			p->mode = MODE_IN_ROW;
			return;
		case PITH_TAG_TBODY:
		case PITH_TAG_THEAD:
		case PITH_TAG_TFOOT:
			p->mode = MODE_IN_TABLE_BODY;
			return;
		case PITH_TAG_CAPTION:
			p->mode = MODE_IN_CAPTION;
			return;
		case PITH_TAG_COLGROUP:
			p->mode = MODE_IN_COLUMN_GROUP;
			return;
		case PITH_TAG_TABLE:
			p->mode = MODE_IN_TABLE;
			return;
		case PITH_TAG_TEMPLATE:
			p->mode = p->template_depth ? p->template_modes[p->template_depth - 1]
			                            : MODE_IN_BODY;
			return;
		case PITH_TAG_HEAD:
			if (!last) {
				p->mode = MODE_IN_HEAD;
				return;
			}
			break;
		case PITH_TAG_BODY:
			p->mode = MODE_IN_BODY;
			return;
		case PITH_TAG_FRAMESET:
			p->mode = MODE_IN_FRAMESET;
			return;
		case PITH_TAG_HTML:
			p->mode = p->head ? MODE_AFTER_HEAD : MODE_BEFORE_HEAD;
			return;
		default:
			break;
		}
		if (last) {
			p->mode = MODE_IN_BODY;
			return;
		}
	}
	p->mode = MODE_IN_BODY;
}

/* ------------------------------------------------------------------ */
/* Shared steps */

/* The generic raw text and RCDATA element parsing algorithms. */
/* Enters the "text" insertion mode for the element just inserted. */
static void enter_text_mode(pith_html_parser *p, pith_tokenizer_state state)
{
	p->text_pushed = p->pushed;
	pith_tokenizer_set_state(p->tokenizer, state);
	p->original_mode = p->mode;
	p->mode = MODE_TEXT;
	if (p->noscript_bounds && p->open_count[PITH_TAG_NOSCRIPT])
		pith_tokenizer_set_bounding_end_tag(p->tokenizer, "noscript", 8);
}

static void parse_text_element(pith_html_parser *p, const pith_token *t, pith_tag tag,
                               pith_tokenizer_state state)
{
	insert_element(p, t, tag, PITH_NS_HTML);
	enter_text_mode(p, state);
}

static void push_template_mode(pith_html_parser *p, insertion_mode mode)
{
	if (p->template_depth < PITH_MAX_DEPTH)
		p->template_modes[p->template_depth++] = (uint8_t)mode;
}

static void pop_template_mode(pith_html_parser *p)
{
	if (p->template_depth)
		p->template_depth--;
}

static void start_template(pith_html_parser *p, const pith_token *t)
{
	insert_element(p, t, PITH_TAG_TEMPLATE, PITH_NS_HTML);
	if (!p->pushed)
		return;
	push_marker(p);
	p->frameset_ok = false;
	p->mode = MODE_IN_TEMPLATE;
	push_template_mode(p, MODE_IN_TEMPLATE);
}

/* End of file in "in template" (and so in body with a template open). */
static bool template_eof(pith_html_parser *p)
{
	if (!p->open_count[PITH_TAG_TEMPLATE])
		return false; /* stop parsing */
	pop_until(p, PITH_TAG_TEMPLATE);
	clear_formatting_to_marker(p);
	pop_template_mode(p);
	reset_insertion_mode(p);
	return true;
}

/* A <html> start tag after the root exists ("in body"): parse error; its
 * attributes go to the root unless a template is open. */
static void html_start_tag(pith_html_parser *p, const pith_token *t)
{
	if (!p->open_count[PITH_TAG_TEMPLATE] && p->depth)
		merge_attrs(p, p->stack[0].node, t);
}

static void end_template(pith_html_parser *p)
{
	if (!p->open_count[PITH_TAG_TEMPLATE])
		return;
	generate_implied_end_tags_thoroughly(p);
	pop_until(p, PITH_TAG_TEMPLATE);
	clear_formatting_to_marker(p);
	pop_template_mode(p);
	reset_insertion_mode(p);
}

/* Doctype handling of the "initial" mode: quirks mode detection. */
static const char *const quirky_public_prefixes[] = {
    "+//Silmaril//dtd html Pro v0r11 19970101//",
    "-//AS//DTD HTML 3.0 asWedit + extensions//",
    "-//AdvaSoft Ltd//DTD HTML 3.0 asWedit + extensions//",
    "-//IETF//DTD HTML 2.0 Level 1//",
    "-//IETF//DTD HTML 2.0 Level 2//",
    "-//IETF//DTD HTML 2.0 Strict Level 1//",
    "-//IETF//DTD HTML 2.0 Strict Level 2//",
    "-//IETF//DTD HTML 2.0 Strict//",
    "-//IETF//DTD HTML 2.0//",
    "-//IETF//DTD HTML 2.1E//",
    "-//IETF//DTD HTML 3.0//",
    "-//IETF//DTD HTML 3.2 Final//",
    "-//IETF//DTD HTML 3.2//",
    "-//IETF//DTD HTML 3//",
    "-//IETF//DTD HTML Level 0//",
    "-//IETF//DTD HTML Level 1//",
    "-//IETF//DTD HTML Level 2//",
    "-//IETF//DTD HTML Level 3//",
    "-//IETF//DTD HTML Strict Level 0//",
    "-//IETF//DTD HTML Strict Level 1//",
    "-//IETF//DTD HTML Strict Level 2//",
    "-//IETF//DTD HTML Strict Level 3//",
    "-//IETF//DTD HTML Strict//",
    "-//IETF//DTD HTML//",
    "-//Metrius//DTD Metrius Presentational//",
    "-//Microsoft//DTD Internet Explorer 2.0 HTML Strict//",
    "-//Microsoft//DTD Internet Explorer 2.0 HTML//",
    "-//Microsoft//DTD Internet Explorer 2.0 Tables//",
    "-//Microsoft//DTD Internet Explorer 3.0 HTML Strict//",
    "-//Microsoft//DTD Internet Explorer 3.0 HTML//",
    "-//Microsoft//DTD Internet Explorer 3.0 Tables//",
    "-//Netscape Comm. Corp.//DTD HTML//",
    "-//Netscape Comm. Corp.//DTD Strict HTML//",
    "-//O'Reilly and Associates//DTD HTML 2.0//",
    "-//O'Reilly and Associates//DTD HTML Extended 1.0//",
    "-//O'Reilly and Associates//DTD HTML Extended Relaxed 1.0//",
    "-//SQ//DTD HTML 2.0 HoTMetaL + extensions//",
    "-//SoftQuad Software//DTD HoTMetaL PRO 6.0::19990601::extensions to HTML 4.0//",
    "-//SoftQuad//DTD HoTMetaL PRO 4.0::19971010::extensions to HTML 4.0//",
    "-//Spyglass//DTD HTML 2.0 Extended//",
    "-//Sun Microsystems Corp.//DTD HotJava HTML//",
    "-//Sun Microsystems Corp.//DTD HotJava Strict HTML//",
    "-//W3C//DTD HTML 3 1995-03-24//",
    "-//W3C//DTD HTML 3.2 Draft//",
    "-//W3C//DTD HTML 3.2 Final//",
    "-//W3C//DTD HTML 3.2//",
    "-//W3C//DTD HTML 3.2S Draft//",
    "-//W3C//DTD HTML 4.0 Frameset//",
    "-//W3C//DTD HTML 4.0 Transitional//",
    "-//W3C//DTD HTML Experimental 19960712//",
    "-//W3C//DTD HTML Experimental 970421//",
    "-//W3C//DTD W3 HTML//",
    "-//W3O//DTD W3 HTML 3.0//",
    "-//WebTechs//DTD Mozilla HTML 2.0//",
    "-//WebTechs//DTD Mozilla HTML//",
};

static int doctype_quirks(const pith_token *t)
{
	const char *pub = t->public_id ? t->public_id : "";
	size_t pub_len = t->has_public_id ? t->public_id_len : 0;
	const char *sys = t->system_id ? t->system_id : "";
	size_t sys_len = t->has_system_id ? t->system_id_len : 0;
	if (t->force_quirks || !t->name || t->name_len != 4 || memcmp(t->name, "html", 4) != 0)
		return QUIRKS;
	if (t->has_public_id &&
	    (equal_nocase(pub, pub_len, "-//W3O//DTD W3 HTML Strict 3.0//EN//") ||
	     equal_nocase(pub, pub_len, "-/W3C/DTD HTML 4.0 Transitional/EN") ||
	     equal_nocase(pub, pub_len, "HTML")))
		return QUIRKS;
	if (t->has_system_id &&
	    equal_nocase(sys, sys_len,
	                 "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
		return QUIRKS;
	if (t->has_public_id) {
		for (size_t i = 0;
		     i < sizeof quirky_public_prefixes / sizeof *quirky_public_prefixes; i++)
			if (prefix_nocase(pub, pub_len, quirky_public_prefixes[i]))
				return QUIRKS;
		bool html401 = prefix_nocase(pub, pub_len, "-//W3C//DTD HTML 4.01 Frameset//") ||
		               prefix_nocase(pub, pub_len, "-//W3C//DTD HTML 4.01 Transitional//");
		if (!t->has_system_id && html401)
			return QUIRKS;
		if (prefix_nocase(pub, pub_len, "-//W3C//DTD XHTML 1.0 Frameset//") ||
		    prefix_nocase(pub, pub_len, "-//W3C//DTD XHTML 1.0 Transitional//"))
			return LIMITED_QUIRKS;
		if (t->has_system_id && html401)
			return LIMITED_QUIRKS;
	}
	return NO_QUIRKS;
}

static void insert_doctype(pith_html_parser *p, const pith_token *t)
{
	pith_node_id id = new_node(p, PITH_NODE_DOCTYPE);
	if (!id)
		return;
	node_at(p, id)->text = t->name;
	node_at(p, id)->text_len = t->name ? (uint32_t)t->name_len : 0;
	pith_dom_append_child(p->dom, 0, id);
	pith_doctype_ids *ids = &p->dom->doctype;
	ids->has_public = t->has_public_id;
	ids->has_system = t->has_system_id;
	ids->public_id = t->public_id;
	ids->public_len = t->has_public_id ? (uint32_t)t->public_id_len : 0;
	ids->system_id = t->system_id;
	ids->system_len = t->has_system_id ? (uint32_t)t->system_id_len : 0;
	p->quirks = doctype_quirks(t);
	p->dom->quirks = p->quirks == QUIRKS;
}

/* Split off a leading whitespace run of a character token: handle it with
 * insert_text (when insert) and leave the rest in the token. Returns true
 * when something is left. */
static bool take_leading_space(pith_html_parser *p, pith_token *t, bool insert)
{
	size_t n = leading_space(t->data, t->data_len);
	if (n && insert)
		insert_text(p, t->data, n);
	t->data += n;
	t->data_len -= n;
	return t->data_len != 0;
}

/* ------------------------------------------------------------------ */
/* The insertion modes. Each returns true when the token is to be
 * reprocessed in the (new) current mode. */

static bool in_body(pith_html_parser *p, pith_token *t);
static bool in_head(pith_html_parser *p, pith_token *t);
static bool in_table(pith_html_parser *p, pith_token *t);

/* 13.2.6.4.1 */
static bool initial(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, false))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, true, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		insert_doctype(p, t);
		p->mode = MODE_BEFORE_HTML;
		return false;
	default:
		break;
	}
	p->quirks = QUIRKS;
	p->dom->quirks = true;
	p->mode = MODE_BEFORE_HTML;
	return true;
}

static void insert_html_root(pith_html_parser *p, const pith_token *t)
{
	pith_node_id id = create_element(p, PITH_TAG_HTML, PITH_NS_HTML, NULL, 0);
	if (!id)
		return;
	copy_attrs(p, id, t, PITH_NS_HTML);
	pith_dom_append_child(p->dom, 0, id);
	push(p, id);
	p->mode = MODE_BEFORE_HEAD;
}

/* 13.2.6.4.2 */
static bool before_html(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, true, 0);
		return false;
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, false))
			return false;
		break;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML) {
			insert_html_root(p, t);
			return false;
		}
		break;
	case PITH_TOKEN_END_TAG:
		if (p->tag != PITH_TAG_HEAD && p->tag != PITH_TAG_BODY && p->tag != PITH_TAG_HTML &&
		    p->tag != PITH_TAG_BR)
			return false;
		break;
	default:
		break;
	}
	insert_html_root(p, NULL);
	return true;
}

/* 13.2.6.4.3 */
static bool before_head(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, false))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML) {
			html_start_tag(p, t);
			return false;
		}
		if (p->tag == PITH_TAG_HEAD) {
			p->head = insert_element(p, t, PITH_TAG_HEAD, PITH_NS_HTML);
			p->mode = MODE_IN_HEAD;
			return false;
		}
		break;
	case PITH_TOKEN_END_TAG:
		if (p->tag != PITH_TAG_HEAD && p->tag != PITH_TAG_BODY && p->tag != PITH_TAG_HTML &&
		    p->tag != PITH_TAG_BR)
			return false;
		break;
	default:
		break;
	}
	p->head = insert_implied(p, PITH_TAG_HEAD);
	p->mode = MODE_IN_HEAD;
	return true;
}

/* 13.2.6.4.4 */
static bool in_head(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, true))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_HTML:
			html_start_tag(p, t);
			return false;
		case PITH_TAG_BASE:
		case PITH_TAG_BASEFONT:
		case PITH_TAG_BGSOUND:
		case PITH_TAG_LINK:
		case PITH_TAG_META:
			insert_void(p, t, p->tag, PITH_NS_HTML);
			return false;
		case PITH_TAG_TITLE:
			parse_text_element(p, t, p->tag, PITH_TOKENIZER_RCDATA);
			return false;
		case PITH_TAG_NOFRAMES:
		case PITH_TAG_STYLE:
			parse_text_element(p, t, p->tag, PITH_TOKENIZER_RAWTEXT);
			return false;
		case PITH_TAG_NOSCRIPT:
			/* Scripting is off: its content is markup. */
			insert_element(p, t, p->tag, PITH_NS_HTML);
			if (p->pushed)
				p->mode = MODE_IN_HEAD_NOSCRIPT;
			return false;
		case PITH_TAG_SCRIPT:
			parse_text_element(p, t, p->tag, PITH_TOKENIZER_SCRIPT_DATA);
			return false;
		case PITH_TAG_TEMPLATE:
			start_template(p, t);
			return false;
		case PITH_TAG_HEAD:
			return false;
		default:
			break;
		}
		break;
	case PITH_TOKEN_END_TAG:
		switch (p->tag) {
		case PITH_TAG_HEAD:
			if (current_is(p, PITH_TAG_HEAD))
				pop(p);
			p->mode = MODE_AFTER_HEAD;
			return false;
		case PITH_TAG_BODY:
		case PITH_TAG_HTML:
		case PITH_TAG_BR:
			break;
		case PITH_TAG_TEMPLATE:
			end_template(p);
			return false;
		default:
			return false;
		}
		break;
	default:
		break;
	}
	if (current_is(p, PITH_TAG_HEAD))
		pop(p);
	p->mode = MODE_AFTER_HEAD;
	return true;
}

/* 13.2.6.4.5 */
static bool in_head_noscript(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_CHARACTER:
		/* Whitespace as in head; the rest is anything else. */
		if (!take_leading_space(p, t, true))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		return in_head(p, t);
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_HTML:
			html_start_tag(p, t);
			return false;
		case PITH_TAG_BASEFONT:
		case PITH_TAG_BGSOUND:
		case PITH_TAG_LINK:
		case PITH_TAG_META:
		case PITH_TAG_NOFRAMES:
		case PITH_TAG_STYLE:
			return in_head(p, t);
		case PITH_TAG_HEAD:
		case PITH_TAG_NOSCRIPT:
			return false;
		default:
			break;
		}
		break;
	case PITH_TOKEN_END_TAG:
		if (p->tag == PITH_TAG_NOSCRIPT) {
			if (current_is(p, PITH_TAG_NOSCRIPT))
				pop(p);
			p->mode = MODE_IN_HEAD;
			return false;
		}
		if (p->tag != PITH_TAG_BR)
			return false;
		break;
	default:
		break;
	}
	if (current_is(p, PITH_TAG_NOSCRIPT))
		pop(p);
	p->mode = MODE_IN_HEAD;
	return true;
}

/* 13.2.6.4.6 */
static bool after_head(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, true))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_HTML:
			html_start_tag(p, t);
			return false;
		case PITH_TAG_BODY:
			insert_element(p, t, PITH_TAG_BODY, PITH_NS_HTML);
			p->frameset_ok = false;
			p->mode = MODE_IN_BODY;
			return false;
		case PITH_TAG_FRAMESET:
			insert_element(p, t, PITH_TAG_FRAMESET, PITH_NS_HTML);
			p->mode = MODE_IN_FRAMESET;
			return false;
		case PITH_TAG_BASE:
		case PITH_TAG_BASEFONT:
		case PITH_TAG_BGSOUND:
		case PITH_TAG_LINK:
		case PITH_TAG_META:
		case PITH_TAG_NOFRAMES:
		case PITH_TAG_SCRIPT:
		case PITH_TAG_STYLE:
		case PITH_TAG_TEMPLATE:
		case PITH_TAG_TITLE: {
			/* Parse error: handled in the head after all. */
			if (!p->head || !push(p, p->head))
				return false;
			bool again = in_head(p, t);
			remove_open_element(p, p->head);
			return again;
		}
		case PITH_TAG_HEAD:
			return false;
		default:
			break;
		}
		break;
	case PITH_TOKEN_END_TAG:
		switch (p->tag) {
		case PITH_TAG_TEMPLATE:
			return in_head(p, t);
		case PITH_TAG_BODY:
		case PITH_TAG_HTML:
		case PITH_TAG_BR:
			break;
		default:
			return false;
		}
		break;
	default:
		break;
	}
	insert_implied(p, PITH_TAG_BODY);
	p->mode = MODE_IN_BODY;
	return true;
}

/* The "any other end tag" steps of "in body". */
static bool any_other_end_tag(pith_html_parser *p, const pith_token *t)
{
	pith_tag tag = p->tag;
	if (!p->open_count[tag])
		return false; /* no such HTML element open: ignored */
	for (uint32_t i = p->depth; i-- > 0;) {
		const open_element *e = &p->stack[i];
		bool match = e->key == tag;
		if (match && tag == PITH_TAG_UNKNOWN && e->name_hash == p->end_tag_hash) {
			const pith_node *n = node_at(p, e->node);
			match = n->text_len == t->name_len &&
			        memcmp(n->text, t->name, t->name_len) == 0;
		} else if (tag == PITH_TAG_UNKNOWN) {
			match = false;
		}
		if (match) {
			pith_node_id id = e->node;
			generate_implied_end_tags(p,
			                          tag == PITH_TAG_UNKNOWN ? PITH_TAG_COUNT : tag);
			pop_until_node(p, id);
			return false;
		}
		if (e->flags & OPEN_SPECIAL)
			return false;
	}
	return false;
}

/* Character tokens in body (and where other modes defer to it). */
static void body_text(pith_html_parser *p, const pith_token *t)
{
	if (p->formatting_len)
		reconstruct(p);
	if (t->has_null)
		insert_text_without_nulls(p, t->data, t->data_len);
	else
		insert_text(p, t->data, t->data_len);
	if (p->frameset_ok) {
		for (size_t i = 0; i < t->data_len; i++) {
			if (!is_space(t->data[i]) && t->data[i] != '\0') {
				p->frameset_ok = false;
				break;
			}
		}
	}
}

static void insert_foreign_from_body(pith_html_parser *p, const pith_token *t, uint8_t ns)
{
	if (p->formatting_len)
		reconstruct(p);
	insert_element(p, t, p->tag, ns);
	if (t->self_closing && p->pushed)
		pop(p);
}

static bool is_hidden_input(const pith_token *t)
{
	const pith_token_attr *type = token_attr(t, "type");
	return type && equal_nocase(type->value, type->value_len, "hidden");
}

static bool body_start_tag(pith_html_parser *p, pith_token *t)
{
	pith_tag tag = p->tag;
	switch (tag) {
	case PITH_TAG_HTML:
		html_start_tag(p, t);
		return false;
	case PITH_TAG_BASE:
	case PITH_TAG_BASEFONT:
	case PITH_TAG_BGSOUND:
	case PITH_TAG_LINK:
	case PITH_TAG_META:
	case PITH_TAG_NOFRAMES:
	case PITH_TAG_SCRIPT:
	case PITH_TAG_STYLE:
	case PITH_TAG_TEMPLATE:
	case PITH_TAG_TITLE:
		return in_head(p, t);
	case PITH_TAG_BODY:
		if (p->depth < 2 || p->stack[1].key != PITH_TAG_BODY ||
		    p->open_count[PITH_TAG_TEMPLATE])
			return false;
		p->frameset_ok = false;
		merge_attrs(p, p->stack[1].node, t);
		return false;
	case PITH_TAG_FRAMESET: {
		if (p->depth < 2 || p->stack[1].key != PITH_TAG_BODY || !p->frameset_ok)
			return false;
		pith_dom_remove(p->dom, p->stack[1].node);
		while (p->depth > 1)
			pop(p);
		insert_element(p, t, PITH_TAG_FRAMESET, PITH_NS_HTML);
		p->mode = MODE_IN_FRAMESET;
		return false;
	}
	case PITH_TAG_ADDRESS:
	case PITH_TAG_ARTICLE:
	case PITH_TAG_ASIDE:
	case PITH_TAG_BLOCKQUOTE:
	case PITH_TAG_CENTER:
	case PITH_TAG_DETAILS:
	case PITH_TAG_DIALOG:
	case PITH_TAG_DIR:
	case PITH_TAG_DIV:
	case PITH_TAG_DL:
	case PITH_TAG_FIELDSET:
	case PITH_TAG_FIGCAPTION:
	case PITH_TAG_FIGURE:
	case PITH_TAG_FOOTER:
	case PITH_TAG_HEADER:
	case PITH_TAG_HGROUP:
	case PITH_TAG_MAIN:
	case PITH_TAG_MENU:
	case PITH_TAG_NAV:
	case PITH_TAG_OL:
	case PITH_TAG_P:
	case PITH_TAG_SEARCH:
	case PITH_TAG_SECTION:
	case PITH_TAG_SUMMARY:
	case PITH_TAG_UL:
		close_p_in_button_scope(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_H1:
	case PITH_TAG_H2:
	case PITH_TAG_H3:
	case PITH_TAG_H4:
	case PITH_TAG_H5:
	case PITH_TAG_H6:
		close_p_in_button_scope(p);
		if (p->depth && current(p)->key < PITH_TAG_COUNT &&
		    (pith_tag_flags((pith_tag)current(p)->key) & PITH_TAGF_HEADING))
			pop(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_PRE:
	case PITH_TAG_LISTING:
		close_p_in_button_scope(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		p->skip_newline = true;
		p->frameset_ok = false;
		return false;
	case PITH_TAG_FORM: {
		bool in_template = p->open_count[PITH_TAG_TEMPLATE] != 0;
		if (p->form && !in_template)
			return false;
		close_p_in_button_scope(p);
		pith_node_id id = insert_element(p, t, tag, PITH_NS_HTML);
		if (!in_template)
			p->form = id;
		return false;
	}
	case PITH_TAG_LI:
	case PITH_TAG_DD:
	case PITH_TAG_DT:
		p->frameset_ok = false;
		for (uint32_t i = p->depth; i-- > 0;) {
			const open_element *e = &p->stack[i];
			pith_tag match =
			    e->key == PITH_TAG_LI   ? (tag == PITH_TAG_LI ? PITH_TAG_LI : 0)
			    : e->key == PITH_TAG_DD ? (tag != PITH_TAG_LI ? PITH_TAG_DD : 0)
			    : e->key == PITH_TAG_DT ? (tag != PITH_TAG_LI ? PITH_TAG_DT : 0)
			                            : PITH_TAG_UNKNOWN;
			if (match) {
				generate_implied_end_tags(p, match);
				pop_until(p, match);
				break;
			}
			if ((e->flags & OPEN_SPECIAL) && e->key != PITH_TAG_ADDRESS &&
			    e->key != PITH_TAG_DIV && e->key != PITH_TAG_P)
				break;
		}
		close_p_in_button_scope(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_PLAINTEXT:
		close_p_in_button_scope(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		pith_tokenizer_set_state(p->tokenizer, PITH_TOKENIZER_PLAINTEXT);
		return false;
	case PITH_TAG_BUTTON:
		if (in_scope(p, PITH_TAG_BUTTON, SCOPE_DEFAULT)) {
			generate_implied_end_tags(p, PITH_TAG_COUNT);
			pop_until(p, PITH_TAG_BUTTON);
		}
		if (p->formatting_len)
			reconstruct(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		p->frameset_ok = false;
		return false;
	case PITH_TAG_A: {
		for (int i = (int)p->formatting_len - 1; i >= 0 && p->formatting[i].node; i--) {
			if (p->formatting[i].tag == PITH_TAG_A) {
				pith_node_id a = p->formatting[i].node;
				if (!adoption_agency(p, PITH_TAG_A))
					any_other_end_tag(p, t);
				int fi = formatting_index(p, a);
				if (fi >= 0)
					formatting_remove_at(p, (uint32_t)fi);
				remove_open_element(p, a);
				break;
			}
		}
		if (p->formatting_len)
			reconstruct(p);
		pith_node_id id = insert_element(p, t, tag, PITH_NS_HTML);
		if (p->pushed)
			push_formatting(p, id, tag);
		return false;
	}
	case PITH_TAG_B:
	case PITH_TAG_BIG:
	case PITH_TAG_CODE:
	case PITH_TAG_EM:
	case PITH_TAG_FONT:
	case PITH_TAG_I:
	case PITH_TAG_S:
	case PITH_TAG_SMALL:
	case PITH_TAG_STRIKE:
	case PITH_TAG_STRONG:
	case PITH_TAG_TT:
	case PITH_TAG_U: {
		if (p->formatting_len)
			reconstruct(p);
		pith_node_id id = insert_element(p, t, tag, PITH_NS_HTML);
		if (p->pushed)
			push_formatting(p, id, tag);
		return false;
	}
	case PITH_TAG_NOBR: {
		if (p->formatting_len)
			reconstruct(p);
		if (in_scope(p, PITH_TAG_NOBR, SCOPE_DEFAULT)) {
			p->tag = PITH_TAG_NOBR;
			if (!adoption_agency(p, PITH_TAG_NOBR))
				any_other_end_tag(p, t);
			if (p->formatting_len)
				reconstruct(p);
		}
		pith_node_id id = insert_element(p, t, tag, PITH_NS_HTML);
		if (p->pushed)
			push_formatting(p, id, tag);
		return false;
	}
	case PITH_TAG_APPLET:
	case PITH_TAG_MARQUEE:
	case PITH_TAG_OBJECT:
		if (p->formatting_len)
			reconstruct(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		if (p->pushed)
			push_marker(p);
		p->frameset_ok = false;
		return false;
	case PITH_TAG_TABLE:
		if (p->quirks != QUIRKS)
			close_p_in_button_scope(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		p->frameset_ok = false;
		if (p->pushed)
			p->mode = MODE_IN_TABLE;
		return false;
	case PITH_TAG_IMAGE:
		/* Parse error: "image" is treated as "img". */
		tag = p->tag = PITH_TAG_IMG;
		/* fall through */
	case PITH_TAG_AREA:
	case PITH_TAG_BR:
	case PITH_TAG_EMBED:
	case PITH_TAG_IMG:
	case PITH_TAG_KEYGEN:
	case PITH_TAG_WBR:
		if (p->formatting_len)
			reconstruct(p);
		insert_void(p, t, tag, PITH_NS_HTML);
		p->frameset_ok = false;
		return false;
	case PITH_TAG_INPUT:
		/* An <input> still closes an open <select>. */
		if (p->fragment && p->context.key == PITH_TAG_SELECT)
			return false;
		if (in_scope(p, PITH_TAG_SELECT, SCOPE_DEFAULT))
			pop_until(p, PITH_TAG_SELECT);
		if (p->formatting_len)
			reconstruct(p);
		insert_void(p, t, tag, PITH_NS_HTML);
		if (!is_hidden_input(t))
			p->frameset_ok = false;
		return false;
	case PITH_TAG_PARAM:
	case PITH_TAG_SOURCE:
	case PITH_TAG_TRACK:
		insert_void(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_HR:
		close_p_in_button_scope(p);
		/* In a <select>, an <hr> ends the open option or optgroup. */
		if (in_scope(p, PITH_TAG_SELECT, SCOPE_DEFAULT))
			generate_implied_end_tags(p, PITH_TAG_COUNT);
		insert_void(p, t, tag, PITH_NS_HTML);
		p->frameset_ok = false;
		return false;
	case PITH_TAG_TEXTAREA:
		insert_element(p, t, tag, PITH_NS_HTML);
		p->skip_newline = true;
		p->frameset_ok = false;
		enter_text_mode(p, PITH_TOKENIZER_RCDATA);
		return false;
	case PITH_TAG_XMP:
		close_p_in_button_scope(p);
		if (p->formatting_len)
			reconstruct(p);
		p->frameset_ok = false;
		parse_text_element(p, t, tag, PITH_TOKENIZER_RAWTEXT);
		return false;
	case PITH_TAG_IFRAME:
		p->frameset_ok = false;
		parse_text_element(p, t, tag, PITH_TOKENIZER_RAWTEXT);
		return false;
	case PITH_TAG_NOEMBED:
		parse_text_element(p, t, tag, PITH_TOKENIZER_RAWTEXT);
		return false;
	case PITH_TAG_SELECT:
		/* A <select> inside a <select> closes it and is dropped. */
		if (p->fragment && p->context.key == PITH_TAG_SELECT)
			return false;
		if (in_scope(p, PITH_TAG_SELECT, SCOPE_DEFAULT)) {
			pop_until(p, PITH_TAG_SELECT);
			return false;
		}
		if (p->formatting_len)
			reconstruct(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		p->frameset_ok = false;
		return false;
	case PITH_TAG_OPTION:
	case PITH_TAG_OPTGROUP:
		/* In a <select>, implied end tags close the open option (and
		 * optgroup, for an optgroup); elsewhere only an option that is
		 * the current node is closed. */
		if (in_scope(p, PITH_TAG_SELECT, SCOPE_DEFAULT))
			generate_implied_end_tags(p, tag == PITH_TAG_OPTION ? PITH_TAG_OPTGROUP
			                                                    : PITH_TAG_COUNT);
		else if (current_is(p, PITH_TAG_OPTION))
			pop(p);
		if (p->formatting_len)
			reconstruct(p);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_RB:
	case PITH_TAG_RTC:
		if (in_scope(p, PITH_TAG_RUBY, SCOPE_DEFAULT))
			generate_implied_end_tags(p, PITH_TAG_COUNT);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_RP:
	case PITH_TAG_RT:
		if (in_scope(p, PITH_TAG_RUBY, SCOPE_DEFAULT))
			generate_implied_end_tags(p, PITH_TAG_RTC);
		insert_element(p, t, tag, PITH_NS_HTML);
		return false;
	case PITH_TAG_MATH:
		insert_foreign_from_body(p, t, PITH_NS_MATHML);
		return false;
	case PITH_TAG_SVG:
		insert_foreign_from_body(p, t, PITH_NS_SVG);
		return false;
	case PITH_TAG_CAPTION:
	case PITH_TAG_COL:
	case PITH_TAG_COLGROUP:
	case PITH_TAG_FRAME:
	case PITH_TAG_HEAD:
	case PITH_TAG_TBODY:
	case PITH_TAG_TD:
	case PITH_TAG_TFOOT:
	case PITH_TAG_TH:
	case PITH_TAG_THEAD:
	case PITH_TAG_TR:
		return false;
	case PITH_TAG_SELECTEDCONTENT: {
		if (p->formatting_len)
			reconstruct(p);
		pith_node_id id = insert_element(p, t, tag, PITH_NS_HTML);
		if (id)
			selectedcontent_inserted(p, id);
		return false;
	}
	default:
		break;
	}
	/* Any other start tag (noscript too: scripting is off). */
	if (p->formatting_len)
		reconstruct(p);
	insert_element(p, t, tag, PITH_NS_HTML);
	return false;
}

static bool body_end_tag(pith_html_parser *p, pith_token *t)
{
	pith_tag tag = p->tag;
	switch (tag) {
	case PITH_TAG_TEMPLATE:
		return in_head(p, t);
	case PITH_TAG_BODY:
		if (in_scope(p, PITH_TAG_BODY, SCOPE_DEFAULT))
			p->mode = MODE_AFTER_BODY;
		return false;
	case PITH_TAG_HTML:
		if (!in_scope(p, PITH_TAG_BODY, SCOPE_DEFAULT))
			return false;
		p->mode = MODE_AFTER_BODY;
		return true;
	case PITH_TAG_ADDRESS:
	case PITH_TAG_ARTICLE:
	case PITH_TAG_ASIDE:
	case PITH_TAG_BLOCKQUOTE:
	case PITH_TAG_BUTTON:
	case PITH_TAG_CENTER:
	case PITH_TAG_DETAILS:
	case PITH_TAG_DIALOG:
	case PITH_TAG_DIR:
	case PITH_TAG_DIV:
	case PITH_TAG_DL:
	case PITH_TAG_FIELDSET:
	case PITH_TAG_FIGCAPTION:
	case PITH_TAG_FIGURE:
	case PITH_TAG_FOOTER:
	case PITH_TAG_HEADER:
	case PITH_TAG_HGROUP:
	case PITH_TAG_LISTING:
	case PITH_TAG_MAIN:
	case PITH_TAG_MENU:
	case PITH_TAG_NAV:
	case PITH_TAG_OL:
	case PITH_TAG_PRE:
	case PITH_TAG_SEARCH:
	case PITH_TAG_SECTION:
	case PITH_TAG_SELECT:
	case PITH_TAG_SUMMARY:
	case PITH_TAG_UL:
		if (!in_scope(p, tag, SCOPE_DEFAULT))
			return false;
		generate_implied_end_tags(p, PITH_TAG_COUNT);
		pop_until(p, tag);
		return false;
	case PITH_TAG_FORM:
		if (!p->open_count[PITH_TAG_TEMPLATE]) {
			pith_node_id node = p->form;
			p->form = 0;
			if (!node || !(p->node_flags[node] & NODE_OPEN))
				return false;
			/* "node in scope" */
			for (uint32_t i = p->depth; i-- > 0;) {
				if (p->stack[i].node == node)
					break;
				if (p->stack[i].flags & OPEN_SCOPE)
					return false;
			}
			generate_implied_end_tags(p, PITH_TAG_COUNT);
			remove_open_element(p, node);
		} else {
			if (!in_scope(p, PITH_TAG_FORM, SCOPE_DEFAULT))
				return false;
			generate_implied_end_tags(p, PITH_TAG_COUNT);
			pop_until(p, PITH_TAG_FORM);
		}
		return false;
	case PITH_TAG_P:
		if (!in_scope(p, PITH_TAG_P, SCOPE_BUTTON)) {
			insert_implied(p, PITH_TAG_P);
			if (!p->pushed)
				return false;
		}
		close_p(p);
		return false;
	case PITH_TAG_LI:
		if (!in_scope(p, PITH_TAG_LI, SCOPE_LIST_ITEM))
			return false;
		generate_implied_end_tags(p, PITH_TAG_LI);
		pop_until(p, PITH_TAG_LI);
		return false;
	case PITH_TAG_DD:
	case PITH_TAG_DT:
		if (!in_scope(p, tag, SCOPE_DEFAULT))
			return false;
		generate_implied_end_tags(p, tag);
		pop_until(p, tag);
		return false;
	case PITH_TAG_H1:
	case PITH_TAG_H2:
	case PITH_TAG_H3:
	case PITH_TAG_H4:
	case PITH_TAG_H5:
	case PITH_TAG_H6:
		if (!in_scope_any(p, headings, 6, SCOPE_DEFAULT))
			return false;
		generate_implied_end_tags(p, PITH_TAG_COUNT);
		while (p->depth) {
			uint16_t key = current(p)->key;
			pop(p);
			if (key < PITH_TAG_COUNT &&
			    (pith_tag_flags((pith_tag)key) & PITH_TAGF_HEADING))
				break;
		}
		return false;
	case PITH_TAG_A:
	case PITH_TAG_B:
	case PITH_TAG_BIG:
	case PITH_TAG_CODE:
	case PITH_TAG_EM:
	case PITH_TAG_FONT:
	case PITH_TAG_I:
	case PITH_TAG_NOBR:
	case PITH_TAG_S:
	case PITH_TAG_SMALL:
	case PITH_TAG_STRIKE:
	case PITH_TAG_STRONG:
	case PITH_TAG_TT:
	case PITH_TAG_U:
		if (!adoption_agency(p, tag))
			return any_other_end_tag(p, t);
		return false;
	case PITH_TAG_APPLET:
	case PITH_TAG_MARQUEE:
	case PITH_TAG_OBJECT:
		if (!in_scope(p, tag, SCOPE_DEFAULT))
			return false;
		generate_implied_end_tags(p, PITH_TAG_COUNT);
		pop_until(p, tag);
		clear_formatting_to_marker(p);
		return false;
	case PITH_TAG_BR:
		/* Parse error: treated as <br>, attributes dropped. */
		t->attr_count = 0;
		t->self_closing = false;
		if (p->formatting_len)
			reconstruct(p);
		insert_void(p, t, PITH_TAG_BR, PITH_NS_HTML);
		p->frameset_ok = false;
		return false;
	default:
		return any_other_end_tag(p, t);
	}
}

/* 13.2.6.4.7 */
static bool in_body(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		body_text(p, t);
		return false;
	case PITH_TOKEN_START_TAG:
		return body_start_tag(p, t);
	case PITH_TOKEN_END_TAG:
		return body_end_tag(p, t);
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_EOF:
		/* With templates open, the "in template" rules: */
		return p->template_depth ? template_eof(p) : false;
	}
	return false;
}

/* 13.2.6.4.8 */
static bool text_mode(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		insert_text(p, t->data, t->data_len);
		return false;
	case PITH_TOKEN_EOF:
	case PITH_TOKEN_END_TAG:
		if (p->text_pushed)
			pop(p);
		p->mode = p->original_mode;
		pith_tokenizer_set_bounding_end_tag(p->tokenizer, NULL, 0);
		/* The bounding </noscript> (enter_text_mode) ends the text
		 * element, then closes the noscript as its own token. */
		return t->type == PITH_TOKEN_EOF || p->tag == PITH_TAG_NOSCRIPT;
	default:
		return false;
	}
}

static bool current_is_table_context(const pith_html_parser *p)
{
	if (!p->depth)
		return false;
	uint16_t key = p->stack[p->depth - 1].key;
	return key == PITH_TAG_TABLE || key == PITH_TAG_TBODY || key == PITH_TAG_TEMPLATE ||
	       key == PITH_TAG_TFOOT || key == PITH_TAG_THEAD || key == PITH_TAG_TR;
}

/* "in table", anything else: in body with foster parenting. */
static bool table_anything_else(pith_html_parser *p, pith_token *t)
{
	p->foster_parenting = true;
	bool again = in_body(p, t);
	p->foster_parenting = false;
	return again;
}

/* 13.2.6.4.9 */
static bool in_table(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (current_is_table_context(p)) {
			p->pending_len = 0;
			p->pending_nonspace = false;
			p->original_mode = p->mode;
			p->mode = MODE_IN_TABLE_TEXT;
			return true;
		}
		return table_anything_else(p, t);
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_CAPTION:
			clear_stack_back_to(p, PITH_TAG_TABLE, PITH_TAG_TABLE, PITH_TAG_TABLE);
			push_marker(p);
			insert_element(p, t, PITH_TAG_CAPTION, PITH_NS_HTML);
			if (p->pushed)
				p->mode = MODE_IN_CAPTION;
			else
				clear_formatting_to_marker(p);
			return false;
		case PITH_TAG_COLGROUP:
			clear_stack_back_to(p, PITH_TAG_TABLE, PITH_TAG_TABLE, PITH_TAG_TABLE);
			insert_element(p, t, PITH_TAG_COLGROUP, PITH_NS_HTML);
			if (p->pushed)
				p->mode = MODE_IN_COLUMN_GROUP;
			return false;
		case PITH_TAG_COL:
			clear_stack_back_to(p, PITH_TAG_TABLE, PITH_TAG_TABLE, PITH_TAG_TABLE);
			insert_implied(p, PITH_TAG_COLGROUP);
			if (!p->pushed)
				return false;
			p->mode = MODE_IN_COLUMN_GROUP;
			return true;
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
			clear_stack_back_to(p, PITH_TAG_TABLE, PITH_TAG_TABLE, PITH_TAG_TABLE);
			insert_element(p, t, p->tag, PITH_NS_HTML);
			if (p->pushed)
				p->mode = MODE_IN_TABLE_BODY;
			return false;
		case PITH_TAG_TD:
		case PITH_TAG_TH:
		case PITH_TAG_TR:
			clear_stack_back_to(p, PITH_TAG_TABLE, PITH_TAG_TABLE, PITH_TAG_TABLE);
			insert_implied(p, PITH_TAG_TBODY);
			if (!p->pushed)
				return false;
			p->mode = MODE_IN_TABLE_BODY;
			return true;
		case PITH_TAG_TABLE:
			if (!in_scope(p, PITH_TAG_TABLE, SCOPE_TABLE))
				return false;
			pop_until(p, PITH_TAG_TABLE);
			reset_insertion_mode(p);
			return true;
		case PITH_TAG_STYLE:
		case PITH_TAG_SCRIPT:
		case PITH_TAG_TEMPLATE:
			return in_head(p, t);
		case PITH_TAG_INPUT:
			if (!is_hidden_input(t))
				return table_anything_else(p, t);
			insert_void(p, t, PITH_TAG_INPUT, PITH_NS_HTML);
			return false;
		case PITH_TAG_FORM:
			if (p->open_count[PITH_TAG_TEMPLATE] || p->form)
				return false;
			p->form = insert_void(p, t, PITH_TAG_FORM, PITH_NS_HTML);
			return false;
		default:
			return table_anything_else(p, t);
		}
	case PITH_TOKEN_END_TAG:
		switch (p->tag) {
		case PITH_TAG_TABLE:
			if (!in_scope(p, PITH_TAG_TABLE, SCOPE_TABLE))
				return false;
			pop_until(p, PITH_TAG_TABLE);
			reset_insertion_mode(p);
			return false;
		case PITH_TAG_BODY:
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_HTML:
		case PITH_TAG_TBODY:
		case PITH_TAG_TD:
		case PITH_TAG_TFOOT:
		case PITH_TAG_TH:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			return false;
		case PITH_TAG_TEMPLATE:
			return in_head(p, t);
		default:
			return table_anything_else(p, t);
		}
	case PITH_TOKEN_EOF:
		return in_body(p, t);
	}
	return false;
}

static bool add_pending(pith_html_parser *p, const char *data, size_t len)
{
	if (!len)
		return true;
	text_span *spans =
	    pith_grow(p->pending, &p->pending_cap, p->pending_len + 1, sizeof *spans, 16);
	if (!spans) {
		p->failed = true;
		return false;
	}
	p->pending = spans;
	p->pending[p->pending_len].data = data;
	p->pending[p->pending_len].len = len;
	p->pending_len++;
	if (!p->pending_nonspace && !all_space(data, len))
		p->pending_nonspace = true;
	return true;
}

/* 13.2.6.4.10 */
static bool in_table_text(pith_html_parser *p, pith_token *t)
{
	if (t->type == PITH_TOKEN_CHARACTER) {
		if (t->has_null) {
			size_t start = 0;
			for (size_t i = 0; i < t->data_len; i++) {
				if (t->data[i] == '\0') {
					add_pending(p, t->data + start, i - start);
					start = i + 1;
				}
			}
			add_pending(p, t->data + start, t->data_len - start);
		} else {
			add_pending(p, t->data, t->data_len);
		}
		return false;
	}
	if (p->pending_nonspace) {
		/* Parse error: foster-parented as in "in table", anything
		 * else. */
		for (size_t i = 0; i < p->pending_len; i++) {
			pith_token chars = {.type = PITH_TOKEN_CHARACTER,
			                    .data = p->pending[i].data,
			                    .data_len = p->pending[i].len};
			p->foster_parenting = true;
			body_text(p, &chars);
			p->foster_parenting = false;
		}
	} else {
		for (size_t i = 0; i < p->pending_len; i++)
			insert_text(p, p->pending[i].data, p->pending[i].len);
	}
	p->pending_len = 0;
	p->mode = p->original_mode;
	return true;
}

/* Close the caption: shared by "in caption" end tags. Returns false when
 * there is no caption in table scope. */
static bool close_caption(pith_html_parser *p)
{
	if (!in_scope(p, PITH_TAG_CAPTION, SCOPE_TABLE))
		return false;
	generate_implied_end_tags(p, PITH_TAG_COUNT);
	pop_until(p, PITH_TAG_CAPTION);
	clear_formatting_to_marker(p);
	p->mode = MODE_IN_TABLE;
	return true;
}

/* 13.2.6.4.11 */
static bool in_caption(pith_html_parser *p, pith_token *t)
{
	if (t->type == PITH_TOKEN_START_TAG) {
		switch (p->tag) {
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_TBODY:
		case PITH_TAG_TD:
		case PITH_TAG_TFOOT:
		case PITH_TAG_TH:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			return close_caption(p);
		default:
			break;
		}
	} else if (t->type == PITH_TOKEN_END_TAG) {
		switch (p->tag) {
		case PITH_TAG_CAPTION:
			close_caption(p);
			return false;
		case PITH_TAG_TABLE:
			return close_caption(p);
		case PITH_TAG_BODY:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_HTML:
		case PITH_TAG_TBODY:
		case PITH_TAG_TD:
		case PITH_TAG_TFOOT:
		case PITH_TAG_TH:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			return false;
		default:
			break;
		}
	}
	return in_body(p, t);
}

/* 13.2.6.4.12 */
static bool in_column_group(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (!take_leading_space(p, t, true))
			return false;
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_HTML:
			html_start_tag(p, t);
			return false;
		case PITH_TAG_COL:
			insert_void(p, t, PITH_TAG_COL, PITH_NS_HTML);
			return false;
		case PITH_TAG_TEMPLATE:
			return in_head(p, t);
		default:
			break;
		}
		break;
	case PITH_TOKEN_END_TAG:
		switch (p->tag) {
		case PITH_TAG_COLGROUP:
			if (current_is(p, PITH_TAG_COLGROUP)) {
				pop(p);
				p->mode = MODE_IN_TABLE;
			}
			return false;
		case PITH_TAG_COL:
			return false;
		case PITH_TAG_TEMPLATE:
			return in_head(p, t);
		default:
			break;
		}
		break;
	case PITH_TOKEN_EOF:
		return in_body(p, t);
	}
	if (!current_is(p, PITH_TAG_COLGROUP))
		return false;
	pop(p);
	p->mode = MODE_IN_TABLE;
	return true;
}

/* 13.2.6.4.13 */
static bool in_table_body(pith_html_parser *p, pith_token *t)
{
	if (t->type == PITH_TOKEN_START_TAG) {
		switch (p->tag) {
		case PITH_TAG_TR:
			clear_stack_back_to(p, PITH_TAG_TBODY, PITH_TAG_TFOOT, PITH_TAG_THEAD);
			insert_element(p, t, PITH_TAG_TR, PITH_NS_HTML);
			if (p->pushed)
				p->mode = MODE_IN_ROW;
			return false;
		case PITH_TAG_TH:
		case PITH_TAG_TD:
			clear_stack_back_to(p, PITH_TAG_TBODY, PITH_TAG_TFOOT, PITH_TAG_THEAD);
			insert_implied(p, PITH_TAG_TR);
			if (!p->pushed)
				return false;
			p->mode = MODE_IN_ROW;
			return true;
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
			if (!in_scope_any(p, table_sections, 3, SCOPE_TABLE))
				return false;
			clear_stack_back_to(p, PITH_TAG_TBODY, PITH_TAG_TFOOT, PITH_TAG_THEAD);
			pop(p);
			p->mode = MODE_IN_TABLE;
			return true;
		default:
			break;
		}
	} else if (t->type == PITH_TOKEN_END_TAG) {
		switch (p->tag) {
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
			if (!in_scope(p, p->tag, SCOPE_TABLE))
				return false;
			clear_stack_back_to(p, PITH_TAG_TBODY, PITH_TAG_TFOOT, PITH_TAG_THEAD);
			pop(p);
			p->mode = MODE_IN_TABLE;
			return false;
		case PITH_TAG_TABLE:
			if (!in_scope_any(p, table_sections, 3, SCOPE_TABLE))
				return false;
			clear_stack_back_to(p, PITH_TAG_TBODY, PITH_TAG_TFOOT, PITH_TAG_THEAD);
			pop(p);
			p->mode = MODE_IN_TABLE;
			return true;
		case PITH_TAG_BODY:
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_HTML:
		case PITH_TAG_TD:
		case PITH_TAG_TH:
		case PITH_TAG_TR:
			return false;
		default:
			break;
		}
	}
	return in_table(p, t);
}

/* Leave the row: shared by "in row" tokens that close it. */
static bool close_row(pith_html_parser *p)
{
	if (!in_scope(p, PITH_TAG_TR, SCOPE_TABLE))
		return false;
	clear_stack_back_to(p, PITH_TAG_TR, PITH_TAG_TR, PITH_TAG_TR);
	pop(p);
	p->mode = MODE_IN_TABLE_BODY;
	return true;
}

/* 13.2.6.4.14 */
static bool in_row(pith_html_parser *p, pith_token *t)
{
	if (t->type == PITH_TOKEN_START_TAG) {
		switch (p->tag) {
		case PITH_TAG_TH:
		case PITH_TAG_TD:
			clear_stack_back_to(p, PITH_TAG_TR, PITH_TAG_TR, PITH_TAG_TR);
			insert_element(p, t, p->tag, PITH_NS_HTML);
			if (p->pushed) {
				p->mode = MODE_IN_CELL;
				push_marker(p);
			}
			return false;
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			return close_row(p);
		default:
			break;
		}
	} else if (t->type == PITH_TOKEN_END_TAG) {
		switch (p->tag) {
		case PITH_TAG_TR:
			close_row(p);
			return false;
		case PITH_TAG_TABLE:
			return close_row(p);
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
			if (!in_scope(p, p->tag, SCOPE_TABLE))
				return false;
			return close_row(p);
		case PITH_TAG_BODY:
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_HTML:
		case PITH_TAG_TD:
		case PITH_TAG_TH:
			return false;
		default:
			break;
		}
	}
	return in_table(p, t);
}

static void close_cell(pith_html_parser *p)
{
	generate_implied_end_tags(p, PITH_TAG_COUNT);
	while (p->depth) {
		uint16_t key = current(p)->key;
		pop(p);
		if (key == PITH_TAG_TD || key == PITH_TAG_TH)
			break;
	}
	clear_formatting_to_marker(p);
	p->mode = MODE_IN_ROW;
}

/* 13.2.6.4.15 */
static bool in_cell(pith_html_parser *p, pith_token *t)
{
	if (t->type == PITH_TOKEN_START_TAG) {
		switch (p->tag) {
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_TBODY:
		case PITH_TAG_TD:
		case PITH_TAG_TFOOT:
		case PITH_TAG_TH:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			if (!in_scope_any(p, cells, 2, SCOPE_TABLE))
				return false;
			close_cell(p);
			return true;
		default:
			break;
		}
	} else if (t->type == PITH_TOKEN_END_TAG) {
		switch (p->tag) {
		case PITH_TAG_TD:
		case PITH_TAG_TH:
			if (!in_scope(p, p->tag, SCOPE_TABLE))
				return false;
			generate_implied_end_tags(p, PITH_TAG_COUNT);
			pop_until(p, p->tag);
			clear_formatting_to_marker(p);
			p->mode = MODE_IN_ROW;
			return false;
		case PITH_TAG_BODY:
		case PITH_TAG_CAPTION:
		case PITH_TAG_COL:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_HTML:
			return false;
		case PITH_TAG_TABLE:
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
		case PITH_TAG_TR:
			if (!in_scope(p, p->tag, SCOPE_TABLE))
				return false;
			close_cell(p);
			return true;
		default:
			break;
		}
	}
	return in_body(p, t);
}

static bool switch_template_mode(pith_html_parser *p, insertion_mode mode)
{
	pop_template_mode(p);
	push_template_mode(p, mode);
	p->mode = mode;
	return true;
}

/* 13.2.6.4.18 */
static bool in_template(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
	case PITH_TOKEN_COMMENT:
	case PITH_TOKEN_DOCTYPE:
		return in_body(p, t);
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_BASE:
		case PITH_TAG_BASEFONT:
		case PITH_TAG_BGSOUND:
		case PITH_TAG_LINK:
		case PITH_TAG_META:
		case PITH_TAG_NOFRAMES:
		case PITH_TAG_SCRIPT:
		case PITH_TAG_STYLE:
		case PITH_TAG_TEMPLATE:
		case PITH_TAG_TITLE:
			return in_head(p, t);
		case PITH_TAG_CAPTION:
		case PITH_TAG_COLGROUP:
		case PITH_TAG_TBODY:
		case PITH_TAG_TFOOT:
		case PITH_TAG_THEAD:
			return switch_template_mode(p, MODE_IN_TABLE);
		case PITH_TAG_COL:
			return switch_template_mode(p, MODE_IN_COLUMN_GROUP);
		case PITH_TAG_TR:
			return switch_template_mode(p, MODE_IN_TABLE_BODY);
		case PITH_TAG_TD:
		case PITH_TAG_TH:
			return switch_template_mode(p, MODE_IN_ROW);
		default:
			return switch_template_mode(p, MODE_IN_BODY);
		}
	case PITH_TOKEN_END_TAG:
		if (p->tag == PITH_TAG_TEMPLATE)
			return in_head(p, t);
		return false;
	case PITH_TOKEN_EOF:
		return template_eof(p);
	}
	return false;
}

/* 13.2.6.4.19 */
static bool after_body(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		if (all_space(t->data, t->data_len))
			return in_body(p, t);
		break;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, p->depth ? p->stack[0].node : 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML)
			return in_body(p, t);
		break;
	case PITH_TOKEN_END_TAG:
		if (p->tag == PITH_TAG_HTML) {
			if (!p->fragment)
				p->mode = MODE_AFTER_AFTER_BODY;
			return false;
		}
		break;
	case PITH_TOKEN_EOF:
		return false;
	}
	p->mode = MODE_IN_BODY;
	return true;
}

/* Whitespace characters of a token, the rest dropped (frameset modes). */
static void insert_only_space(pith_html_parser *p, const pith_token *t)
{
	size_t start = 0;
	bool in_run = false;
	for (size_t i = 0; i <= t->data_len; i++) {
		bool space = i < t->data_len && is_space(t->data[i]);
		if (space && !in_run) {
			start = i;
			in_run = true;
		} else if (!space && in_run) {
			insert_text(p, t->data + start, i - start);
			in_run = false;
		}
	}
}

/* 13.2.6.4.20 */
static bool in_frameset(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		insert_only_space(p, t);
		return false;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG:
		switch (p->tag) {
		case PITH_TAG_HTML:
			html_start_tag(p, t);
			return false;
		case PITH_TAG_FRAMESET:
			insert_element(p, t, PITH_TAG_FRAMESET, PITH_NS_HTML);
			return false;
		case PITH_TAG_FRAME:
			insert_void(p, t, PITH_TAG_FRAME, PITH_NS_HTML);
			return false;
		case PITH_TAG_NOFRAMES:
			return in_head(p, t);
		default:
			return false;
		}
	case PITH_TOKEN_END_TAG:
		if (p->tag == PITH_TAG_FRAMESET) {
			if (p->depth <= 1)
				return false;
			pop(p);
			if (!p->fragment && !current_is(p, PITH_TAG_FRAMESET))
				p->mode = MODE_AFTER_FRAMESET;
		}
		return false;
	case PITH_TOKEN_EOF:
		return false;
	}
	return false;
}

/* 13.2.6.4.21 */
static bool after_frameset(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER:
		insert_only_space(p, t);
		return false;
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML)
			return in_body(p, t);
		if (p->tag == PITH_TAG_NOFRAMES)
			return in_head(p, t);
		return false;
	case PITH_TOKEN_END_TAG:
		if (p->tag == PITH_TAG_HTML)
			p->mode = MODE_AFTER_AFTER_FRAMESET;
		return false;
	default:
		return false;
	}
}

/* 13.2.6.4.22 */
static bool after_after_body(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, true, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return in_body(p, t);
	case PITH_TOKEN_CHARACTER:
		if (all_space(t->data, t->data_len))
			return in_body(p, t);
		break;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML)
			return in_body(p, t);
		break;
	case PITH_TOKEN_EOF:
		return false;
	default:
		break;
	}
	p->mode = MODE_IN_BODY;
	return true;
}

/* 13.2.6.4.23 */
static bool after_after_frameset(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, true, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return in_body(p, t);
	case PITH_TOKEN_CHARACTER:
		insert_only_space(p, t);
		return false;
	case PITH_TOKEN_START_TAG:
		if (p->tag == PITH_TAG_HTML)
			return in_body(p, t);
		if (p->tag == PITH_TAG_NOFRAMES)
			return in_head(p, t);
		return false;
	default:
		return false;
	}
}

static bool run_mode(pith_html_parser *p, pith_token *t)
{
	switch (p->mode) {
	case MODE_INITIAL:
		return initial(p, t);
	case MODE_BEFORE_HTML:
		return before_html(p, t);
	case MODE_BEFORE_HEAD:
		return before_head(p, t);
	case MODE_IN_HEAD:
		return in_head(p, t);
	case MODE_IN_HEAD_NOSCRIPT:
		return in_head_noscript(p, t);
	case MODE_AFTER_HEAD:
		return after_head(p, t);
	case MODE_IN_BODY:
		return in_body(p, t);
	case MODE_TEXT:
		return text_mode(p, t);
	case MODE_IN_TABLE:
		return in_table(p, t);
	case MODE_IN_TABLE_TEXT:
		return in_table_text(p, t);
	case MODE_IN_CAPTION:
		return in_caption(p, t);
	case MODE_IN_COLUMN_GROUP:
		return in_column_group(p, t);
	case MODE_IN_TABLE_BODY:
		return in_table_body(p, t);
	case MODE_IN_ROW:
		return in_row(p, t);
	case MODE_IN_CELL:
		return in_cell(p, t);
	case MODE_IN_TEMPLATE:
		return in_template(p, t);
	case MODE_AFTER_BODY:
		return after_body(p, t);
	case MODE_IN_FRAMESET:
		return in_frameset(p, t);
	case MODE_AFTER_FRAMESET:
		return after_frameset(p, t);
	case MODE_AFTER_AFTER_BODY:
		return after_after_body(p, t);
	case MODE_AFTER_AFTER_FRAMESET:
		return after_after_frameset(p, t);
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Foreign content (13.2.6.5) */

/* Pop until the current node is HTML or an integration point. */
static void pop_to_html_content(pith_html_parser *p)
{
	while (p->depth > 1) {
		const open_element *e = current(p);
		if (e->key < PITH_TAG_COUNT || (e->flags & (OPEN_MATHML_TEXT | OPEN_HTML_IP)))
			return;
		pop(p);
	}
}

static bool is_breakout(const pith_html_parser *p, const pith_token *t)
{
	if (p->tag == PITH_TAG_FONT)
		return token_attr(t, "color") || token_attr(t, "face") || token_attr(t, "size");
	return pith_tag_flags(p->tag) & PITH_TAGF_BREAKOUT;
}

static char *replace_nulls(pith_html_parser *p, const char *s, size_t n, size_t *out_len)
{
	size_t nulls = 0;
	for (size_t i = 0; i < n; i++)
		nulls += s[i] == '\0';
	char *buf = pith_arena_alloc(&p->dom->arena, n + 2 * nulls);
	if (!buf) {
		p->failed = true;
		return NULL;
	}
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0') {
			memcpy(buf + j, "\xEF\xBF\xBD", 3);
			j += 3;
		} else {
			buf[j++] = s[i];
		}
	}
	*out_len = j;
	return buf;
}

/* Returns true when the token is to be processed by the HTML rules of the
 * current insertion mode. */
static bool foreign_content(pith_html_parser *p, pith_token *t)
{
	switch (t->type) {
	case PITH_TOKEN_CHARACTER: {
		const char *data = t->data;
		size_t len = t->data_len;
		if (t->has_null) {
			data = replace_nulls(p, t->data, t->data_len, &len);
			if (!data)
				return false;
		}
		insert_text(p, data, len);
		/* U+0000 (now U+FFFD) leaves frameset-ok alone; other
		 * non-whitespace clears it. */
		for (size_t i = 0; p->frameset_ok && i < t->data_len; i++)
			if (!is_space(t->data[i]) && t->data[i] != '\0')
				p->frameset_ok = false;
		return false;
	}
	case PITH_TOKEN_COMMENT:
		insert_comment(p, t, false, 0);
		return false;
	case PITH_TOKEN_DOCTYPE:
		return false;
	case PITH_TOKEN_START_TAG: {
		if (is_breakout(p, t)) {
			pop_to_html_content(p);
			return true;
		}
		const open_element *acn = adjusted_current(p);
		uint8_t ns = (uint8_t)KEY_NS(acn->key);
		insert_element(p, t, p->tag, ns);
		if (t->self_closing && p->pushed)
			pop(p);
		return false;
	}
	case PITH_TOKEN_END_TAG: {
		if (p->tag == PITH_TAG_BR || p->tag == PITH_TAG_P) {
			pop_to_html_content(p);
			return true;
		}
		/* Walk down from the current node for an element of this name
		 * (compared ASCII case-insensitively: foreign element names
		 * are stored in their adjusted case). */
		for (uint32_t i = p->depth; i-- > 0;) {
			const open_element *e = &p->stack[i];
			if (i != p->depth - 1 && e->key < PITH_TAG_COUNT)
				return true; /* an HTML element: its mode's rules */
			if (i == 0)
				return false;
			const pith_node *n = node_at(p, e->node);
			bool match = KEY_TAG(e->key) == p->tag;
			if (match && p->tag == PITH_TAG_UNKNOWN)
				match = e->name_hash == p->end_tag_hash &&
				        n->text_len == t->name_len &&
				        memcmp(n->text, t->name, t->name_len) == 0;
			if (match) {
				pop_until_node(p, e->node);
				return false;
			}
		}
		return false;
	}
	case PITH_TOKEN_EOF:
		return true;
	}
	return false;
}

/* The tree construction dispatcher (13.2.6): HTML rules or foreign
 * content? */
static bool use_html_rules(const pith_html_parser *p, const pith_token *t)
{
	const open_element *acn = adjusted_current(p);
	if (!acn || acn->key < PITH_TAG_COUNT)
		return true;
	if (t->type == PITH_TOKEN_EOF)
		return true;
	if (acn->flags & OPEN_MATHML_TEXT) {
		if (t->type == PITH_TOKEN_CHARACTER)
			return true;
		if (t->type == PITH_TOKEN_START_TAG && p->tag != PITH_TAG_MGLYPH &&
		    p->tag != PITH_TAG_MALIGNMARK)
			return true;
	}
	if (acn->key == KEY(PITH_NS_MATHML, PITH_TAG_ANNOTATION_XML) &&
	    t->type == PITH_TOKEN_START_TAG && p->tag == PITH_TAG_SVG)
		return true;
	if ((acn->flags & OPEN_HTML_IP) &&
	    (t->type == PITH_TOKEN_START_TAG || t->type == PITH_TOKEN_CHARACTER))
		return true;
	return false;
}

static void dispatch(pith_html_parser *p, pith_token *t)
{
	bool again = use_html_rules(p, t) ? run_mode(p, t) : foreign_content(p, t);
	/* A reprocessed token goes straight to the (new) mode's rules; every
	 * reprocess path leaves an HTML current node or is a foreign-content
	 * breakout, which the standard sends to the HTML rules as well. */
	while (again && !p->failed)
		again = run_mode(p, t);
}

static void stop_parsing(pith_html_parser *p)
{
	if (p->selectedcontent) {
		while (p->depth)
			pop(p);
		return;
	}
	while (p->depth)
		forget_open(p, &p->stack[--p->depth]);
}

static int sink(void *user, pith_token *t)
{
	pith_html_parser *p = user;
	if (p->skip_newline) {
		p->skip_newline = false;
		if (t->type == PITH_TOKEN_CHARACTER && t->data_len && t->data[0] == '\n') {
			t->data++;
			t->data_len--;
			if (!t->data_len)
				return 0;
		}
	}
	if (t->type == PITH_TOKEN_START_TAG || t->type == PITH_TOKEN_END_TAG) {
		p->tag = pith_tag_lookup(t->name, t->name_len);
		if (p->tag == PITH_TAG_UNKNOWN && t->type == PITH_TOKEN_END_TAG)
			p->end_tag_hash = name_hash(t->name, t->name_len);
	}
	dispatch(p, t);
	if (t->type == PITH_TOKEN_EOF)
		stop_parsing(p);
	if (p->failed)
		return PITH_TOKENIZER_NOMEM;
	const open_element *acn = adjusted_current(p);
	bool allow = acn && acn->key >= PITH_TAG_COUNT;
	if (allow != p->allow_cdata) {
		p->allow_cdata = allow;
		pith_tokenizer_allow_cdata(p->tokenizer, allow);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* API */

void pith_html_parser_set_noscript_bounds(pith_html_parser *parser, bool on)
{
	parser->noscript_bounds = on;
}

pith_html_parser *pith_html_parser_new(void)
{
	pith_html_parser *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->tokenizer = pith_tokenizer_new();
	if (!p->tokenizer) {
		free(p);
		return NULL;
	}
	return p;
}

size_t pith_html_parser_memory(const pith_html_parser *p)
{
	return sizeof *p + p->node_flags_cap + p->pending_cap * sizeof *p->pending +
	       pith_tokenizer_memory(p->tokenizer);
}

void pith_html_parser_free(pith_html_parser *p)
{
	if (!p)
		return;
	pith_tokenizer_free(p->tokenizer);
	free(p->pending);
	free(p->node_flags);
	free(p);
}

static void parser_reset(pith_html_parser *p, pith_dom *dom)
{
	/* Give back what one huge page made these arrays grow to. */
	if (p->node_flags_cap > PARSER_RETAIN_NODE_FLAGS) {
		free(p->node_flags);
		p->node_flags = NULL;
		p->node_flags_cap = 0;
	}
	if (p->pending_cap > PARSER_RETAIN_PENDING) {
		free(p->pending);
		p->pending = NULL;
		p->pending_cap = 0;
	}
	p->dom = dom;
	p->mode = MODE_INITIAL;
	p->original_mode = MODE_INITIAL;
	p->depth = 0;
	memset(p->open_count, 0, sizeof p->open_count);
	p->formatting_len = 0;
	p->formatting_elements = 0;
	p->template_depth = 0;
	p->head = p->form = 0;
	p->frameset_ok = true;
	p->foster_parenting = false;
	p->skip_newline = false;
	p->text_pushed = false;
	p->pushed = false;
	p->allow_cdata = false;
	p->failed = false;
	p->quirks = NO_QUIRKS;
	p->fragment = false;
	memset(&p->context, 0, sizeof p->context);
	p->pending_len = 0;
	p->pending_nonspace = false;
	p->grow_node = 0;
	p->grow_cap = 0;
	p->selectedcontent = p->selectedcontent_select = 0;
	p->option_chosen = false;
	p->deepest = 0;
	p->depth_slack = 0;
}

/* Make every descendant of limit its child, in document order (a
 * fragment, emptied, is dropped). */
static void flatten_below(pith_dom *dom, pith_node_id limit)
{
	pith_node_id x = dom->nodes[limit].first_child;
	while (x) {
		pith_node *n = &dom->nodes[x];
		pith_node_id first = n->first_child;
		if (first) {
			pith_node_id last = n->last_child, after = n->next_sibling;
			for (pith_node_id c = first; c; c = dom->nodes[c].next_sibling)
				dom->nodes[c].parent = limit;
			dom->nodes[last].next_sibling = after;
			if (after)
				dom->nodes[after].prev_sibling = last;
			else
				dom->nodes[limit].last_child = last;
			n->next_sibling = first;
			dom->nodes[first].prev_sibling = x;
			n->first_child = n->last_child = 0;
		}
		pith_node_id next = n->next_sibling;
		if (n->type == PITH_NODE_FRAGMENT)
			pith_dom_remove(dom, x);
		x = next;
	}
}

/* The stack never exceeds PITH_MAX_DEPTH, but the adoption agency moves
 * a furthest block's closed children one level down (13.2.6.4.7 step 16),
 * elements taken off the middle of the stack leave what they contain a
 * level deeper than its stack position, and <selectedcontent> receives
 * copies, so a tree can end up deeper than any push. Only then (deepest push plus possible moves
 * over the limit), one walk attaches whatever lies below the limit to the element at the limit, as
 * the parser does with elements it cannot push. */
static void enforce_depth_limit(pith_html_parser *p)
{
	if ((size_t)p->deepest + p->depth_slack <= PITH_MAX_DEPTH)
		return;
	pith_dom *dom = p->dom;
	pith_node_id id = dom->nodes[0].first_child;
	size_t depth = 1;
	while (id) {
		pith_node *n = &dom->nodes[id];
		if (n->first_child && depth == PITH_MAX_DEPTH)
			flatten_below(dom, id);
		else if (n->first_child) {
			id = n->first_child;
			depth++;
			continue;
		}
		while (id && !dom->nodes[id].next_sibling) {
			id = dom->nodes[id].parent;
			depth--;
		}
		if (id)
			id = dom->nodes[id].next_sibling;
	}
}

static size_t reconstruct_budget(size_t length)
{
	return length / PITH_RECONSTRUCT_BYTES_PER_ELEMENT + PITH_RECONSTRUCT_MIN_ELEMENTS;
}

/* The fragment parsing algorithm's set-up (13.2.8.1, HTML fragment
 * parsing algorithm, steps that precede tokenizing). */
static void start_fragment(pith_html_parser *p, const char *context)
{
	uint8_t ns = PITH_NS_HTML;
	if (strncmp(context, "svg ", 4) == 0) {
		ns = PITH_NS_SVG;
		context += 4;
	} else if (strncmp(context, "math ", 5) == 0) {
		ns = PITH_NS_MATHML;
		context += 5;
	}
	size_t len = strlen(context);
	char *name = pith_arena_alloc(&p->dom->arena, len + 1);
	if (!name) {
		p->failed = true;
		return;
	}
	for (size_t i = 0; i < len; i++)
		name[i] = lower(context[i]);
	name[len] = '\0';
	pith_tag tag = pith_tag_lookup(name, len);
	pith_node_id ctx = create_element(p, tag, ns, name, len);
	pith_node_id root = create_element(p, PITH_TAG_HTML, PITH_NS_HTML, NULL, 0);
	if (!ctx || !root)
		return;
	p->fragment = true;
	p->context.node = ctx;
	p->context.key = KEY(ns, tag);
	p->context.flags = open_flags_for(p, ctx, tag, ns);
	pith_dom_append_child(p->dom, 0, root);
	push(p, root);

	if (ns == PITH_NS_HTML) {
		switch (tag) {
		case PITH_TAG_TITLE:
		case PITH_TAG_TEXTAREA:
			pith_tokenizer_set_state(p->tokenizer, PITH_TOKENIZER_RCDATA);
			break;
		case PITH_TAG_STYLE:
		case PITH_TAG_XMP:
		case PITH_TAG_IFRAME:
		case PITH_TAG_NOEMBED:
		case PITH_TAG_NOFRAMES:
			pith_tokenizer_set_state(p->tokenizer, PITH_TOKENIZER_RAWTEXT);
			break;
		case PITH_TAG_SCRIPT:
			pith_tokenizer_set_state(p->tokenizer, PITH_TOKENIZER_SCRIPT_DATA);
			break;
		case PITH_TAG_PLAINTEXT:
			pith_tokenizer_set_state(p->tokenizer, PITH_TOKENIZER_PLAINTEXT);
			break;
		default:
			break;
		}
		if (tag == PITH_TAG_TEMPLATE)
			push_template_mode(p, MODE_IN_TEMPLATE);
		if (tag == PITH_TAG_FORM)
			p->form = ctx;
	}
	/* No "last start tag": the standard sets none for fragments, so an end
	 * tag naming the context element (</script> in a script context) is
	 * text, not an appropriate end tag. */
	reset_insertion_mode(p);
	p->allow_cdata = ns != PITH_NS_HTML;
	pith_tokenizer_allow_cdata(p->tokenizer, p->allow_cdata);
}

pith_status pith_html_parse(pith_html_parser *parser, pith_dom *dom, const char *utf8,
                            size_t length, const char *fragment_context)
{
	if (!parser || !dom || (!utf8 && length))
		return PITH_ERROR_INVALID_ARGUMENT;
	if (length > PITH_MAX_INPUT_BYTES)
		return PITH_ERROR_TOO_LARGE;
	pith_dom_reset(dom);
	parser_reset(parser, dom);
	parser->reconstruct_budget = reconstruct_budget(length);
	pith_tokenizer_start(parser->tokenizer, utf8 ? utf8 : "", length, &dom->arena, sink,
	                     parser);
	if (fragment_context)
		start_fragment(parser, fragment_context);
	int rc = parser->failed ? PITH_TOKENIZER_NOMEM : pith_tokenizer_run(parser->tokenizer);
	if (rc != 0 || parser->failed) {
		pith_dom_reset(dom);
		return PITH_ERROR_NOMEM;
	}
	enforce_depth_limit(parser);
	return PITH_OK;
}
