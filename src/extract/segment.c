/* Step 1 of extraction: one walk over the body that prunes what is never
 * content, cuts the rest into blocks with measured features, and scores
 * every element by the blocks it holds. */
#define _GNU_SOURCE /* memmem: linear, where a naive search is quadratic */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/text_hash.h"
#include "extract_internal.h"

/* True when needle (not empty) occurs in haystack; linear time. */
static bool contains(const char *haystack, size_t n, const char *needle, size_t m)
{
	return m && memmem(haystack, n, needle, m) != NULL;
}

/* ---- what an element is ---- */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Elements whose subtree is never the page's text: code, media, controls,
 * and the navigation landmark. */
static bool is_never_content(uint16_t tag)
{
	switch (tag) {
	case PITH_TAG_SCRIPT:
	case PITH_TAG_STYLE:
	case PITH_TAG_TEMPLATE:
	case PITH_TAG_IFRAME:
	case PITH_TAG_OBJECT:
	case PITH_TAG_EMBED:
	case PITH_TAG_APPLET:
	case PITH_TAG_SVG:
	case PITH_TAG_CANVAS:
	case PITH_TAG_AUDIO:
	case PITH_TAG_VIDEO:
	case PITH_TAG_MAP:
	case PITH_TAG_SELECT:
	case PITH_TAG_DATALIST:
	case PITH_TAG_OPTION:
	case PITH_TAG_BUTTON:
	case PITH_TAG_INPUT:
	case PITH_TAG_TEXTAREA:
	case PITH_TAG_LABEL:
	case PITH_TAG_HEAD:
	case PITH_TAG_TITLE:
	case PITH_TAG_NAV:
	case PITH_TAG_MENU:
	case PITH_TAG_DIALOG:
	case PITH_TAG_FRAMESET:
	case PITH_TAG_NOFRAMES:
		return true;
	}
	return false;
}

/* The fields a consent toggle, a newsletter's sign-up and a poll are
 * made of (drop_forms, choose_region). Buttons and text fields are left
 * out: a code block's "Copy" button, a search box. */
typedef enum form_field {
	FIELD_NONE,
	FIELD_CHOICE, /* a checkbox or a radio button */
	FIELD_EMAIL,  /* an e-mail field */
} form_field;

static form_field input_field(const pith_dom *dom, pith_node_id id)
{
	const pith_node *node = &dom->nodes[id];
	if (node->ns != PITH_NS_HTML || node->tag != PITH_TAG_INPUT)
		return FIELD_NONE;
	const pith_attr *type = pith_dom_attr(dom, id, "type");
	if (!type)
		return FIELD_NONE;
	if (pith_ascii_equals_nocase(type->value, type->value_len, "email"))
		return FIELD_EMAIL;
	return pith_ascii_equals_nocase(type->value, type->value_len, "checkbox") ||
	               pith_ascii_equals_nocase(type->value, type->value_len, "radio")
	           ? FIELD_CHOICE
	           : FIELD_NONE;
}

/* Such a field, or a <label> around one ("<label><input type=checkbox> I
 * agree</label>": the walk skips labels, so it never meets the field). */
static form_field form_field_of(const pith_dom *dom, pith_node_id id)
{
	const pith_node *node = &dom->nodes[id];
	if (node->ns == PITH_NS_HTML && node->tag == PITH_TAG_LABEL) {
		for (pith_node_id c = node->first_child; c; c = dom->nodes[c].next_sibling) {
			form_field field = input_field(dom, c);
			if (field != FIELD_NONE)
				return field;
		}
		return FIELD_NONE;
	}
	return input_field(dom, id);
}

/* Does the element have a <blockquote> child? Named like boilerplate
 * ("social-media-embed"), it is an embedded post quoted in the text (a
 * tweet is a blockquote until its script runs), not a share bar. */
static bool holds_quote(const pith_dom *dom, pith_node_id id)
{
	for (pith_node_id c = dom->nodes[id].first_child; c; c = dom->nodes[c].next_sibling)
		if (dom->nodes[c].type == PITH_NODE_ELEMENT && dom->nodes[c].ns == PITH_NS_HTML &&
		    dom->nodes[c].tag == PITH_TAG_BLOCKQUOTE)
			return true;
	return false;
}

/* Elements that start and end a block of text. */
static bool is_block_level(uint16_t tag)
{
	switch (tag) {
	case PITH_TAG_ADDRESS:
	case PITH_TAG_ARTICLE:
	case PITH_TAG_ASIDE:
	case PITH_TAG_BLOCKQUOTE:
	case PITH_TAG_BODY:
	case PITH_TAG_CAPTION:
	case PITH_TAG_CENTER:
	case PITH_TAG_DD:
	case PITH_TAG_DETAILS:
	case PITH_TAG_DIR:
	case PITH_TAG_DIV:
	case PITH_TAG_DL:
	case PITH_TAG_DT:
	case PITH_TAG_FIELDSET:
	case PITH_TAG_FIGCAPTION:
	case PITH_TAG_FIGURE:
	case PITH_TAG_FOOTER:
	case PITH_TAG_FORM:
	case PITH_TAG_H1:
	case PITH_TAG_H2:
	case PITH_TAG_H3:
	case PITH_TAG_H4:
	case PITH_TAG_H5:
	case PITH_TAG_H6:
	case PITH_TAG_HEADER:
	case PITH_TAG_HGROUP:
	case PITH_TAG_HR:
	case PITH_TAG_HTML:
	case PITH_TAG_LEGEND:
	case PITH_TAG_LI:
	case PITH_TAG_LISTING:
	case PITH_TAG_MAIN:
	case PITH_TAG_OL:
	case PITH_TAG_P:
	case PITH_TAG_PLAINTEXT:
	case PITH_TAG_PRE:
	case PITH_TAG_SECTION:
	case PITH_TAG_SUMMARY:
	case PITH_TAG_TABLE:
	case PITH_TAG_TBODY:
	case PITH_TAG_TD:
	case PITH_TAG_TFOOT:
	case PITH_TAG_TH:
	case PITH_TAG_THEAD:
	case PITH_TAG_TR:
	case PITH_TAG_UL:
	case PITH_TAG_XMP:
		return true;
	}
	return false;
}

static bool attr_is(const pith_attr *a, const char *value)
{
	size_t n = strlen(value);
	if (!a || a->value_len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = a->value[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != value[i])
			return false;
	}
	return true;
}

/* The bytes squash drops: '-', '_', a space, tab or newline. */
static const bool squash_drops[256] = {
    ['-'] = true, ['_'] = true, [' '] = true, ['\t'] = true, ['\n'] = true};

/* Lowercased copy of s without '-', '_' and spaces, for substring tests
 * on compound names ("article-body", "articleBody", "article_body"). */
static size_t squash(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++)
		if (!squash_drops[(unsigned char)s[i]])
			out[k++] = pith_ascii_lower(s[i]);
	out[k] = '\0';
	return k;
}

/* The attributes classify reads, found in one pass over an element's
 * attributes (seven lookups by name took 3% of extraction). NULL when
 * absent. */
typedef struct element_attrs {
	const pith_attr *cls, *ident, *style, *role, *href, *itemprop, *hidden, *aria_hidden;
} element_attrs;

/* Points *slot at a when a is named name (n bytes). */
static void take_attr(const pith_attr **slot, const pith_attr *a, const char *name, size_t n)
{
	if (memcmp(a->name, name, n) == 0)
		*slot = a;
}

static element_attrs read_attrs(const pith_dom *dom, const pith_node *node)
{
	element_attrs found = {0};
	if (!node->attr_count) /* a page without attributes has no array */
		return found;
	const pith_attr *a = dom->attrs + node->attr_first;
	/* Backwards, so the first of a name counts, as in pith_dom_find_attr;
	 * by length first, so most names are told by one comparison. */
	for (uint32_t i = node->attr_count; i > 0; i--) {
		const pith_attr *at = &a[i - 1];
		if (at->ns != PITH_ATTR_NS_NONE)
			continue;
		switch (at->name_len) {
		case 2:
			take_attr(&found.ident, at, "id", 2);
			break;
		case 4:
			take_attr(&found.role, at, "role", 4);
			take_attr(&found.href, at, "href", 4);
			break;
		case 5:
			take_attr(&found.cls, at, "class", 5);
			take_attr(&found.style, at, "style", 5);
			break;
		case 6:
			take_attr(&found.hidden, at, "hidden", 6);
			break;
		case 8:
			take_attr(&found.itemprop, at, "itemprop", 8);
			break;
		case 11:
			take_attr(&found.aria_hidden, at, "aria-hidden", 11);
			break;
		}
	}
	return found;
}

/* React's streaming server rendering sends parts of a page late, each in
 * <div hidden id="S:n">, and a script moves it into place: what a reader
 * sees, though hidden in the markup. */
static bool is_streamed_segment(const element_attrs *attrs)
{
	const pith_attr *ident = attrs->ident;
	return ident && ident->value_len > 2 && ident->value[0] == 'S' && ident->value[1] == ':';
}

/* What an inline style says: display:none hides an element for good;
 * visibility:hidden is also how pages hide their whole body until scripts
 * have run, so it is only evidence (see classify). So is display:none
 * when the extractor shows what it hides (show_scripted_page). */
typedef enum style_hiding { STYLE_SHOWN, STYLE_INVISIBLE, STYLE_NOT_DISPLAYED } style_hiding;

static style_hiding read_style(const pith_extractor *ex, const pith_attr *style)
{
	if (!style || !style->value_len)
		return STYLE_SHOWN;
	char s[256];
	squash(style->value, style->value_len, s, sizeof s);
	if (strstr(s, "display:none"))
		return ex->show_undisplayed ? STYLE_INVISIBLE : STYLE_NOT_DISPLAYED;
	if (strstr(s, "visibility:hidden"))
		return STYLE_INVISIBLE;
	return STYLE_SHOWN;
}

/* Panels a reader opens: a tab panel, or an element another one says it
 * controls (aria-controls: an accordion's button, a "read more" toggle)
 * is content inside the region, however the page hides it until then
 * (its blocks do not count in choosing the region: close_block). The controlled ids
 * are a bitmap of their hashes (DISCLOSED_BITS; a false match shows a
 * hidden element), filled from at most MAX_DISCLOSURES aria-controls
 * values: past that the page's controls are ignored, so no page can fill
 * the bitmap and show all it hides. */
#define DISCLOSED_BITS 4096
#define MAX_DISCLOSURES 256
typedef struct disclosed_ids {
	uint64_t bits[DISCLOSED_BITS / 64];
} disclosed_ids;

static uint32_t id_hash(const char *s, size_t n)
{
	uint32_t hash = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		hash = (hash ^ (unsigned char)s[i]) * 16777619u;
	return hash % DISCLOSED_BITS;
}

static void find_disclosed_ids(const pith_dom *dom, disclosed_ids *out)
{
	memset(out, 0, sizeof *out);
	uint32_t found = 0;
	for (uint32_t a = 0; a < dom->attr_count; a++) {
		const pith_attr *attr = &dom->attrs[a];
		if (attr->name_len != 13 || memcmp(attr->name, "aria-controls", 13) != 0)
			continue;
		if (++found > MAX_DISCLOSURES) {
			memset(out, 0, sizeof *out);
			return;
		}
		/* A list of ids separated by spaces. */
		for (uint32_t i = 0; i < attr->value_len;) {
			while (i < attr->value_len && is_space((unsigned char)attr->value[i]))
				i++;
			uint32_t start = i;
			while (i < attr->value_len && !is_space((unsigned char)attr->value[i]))
				i++;
			if (i > start) {
				uint32_t bit = id_hash(attr->value + start, i - start);
				out->bits[bit / 64] |= (uint64_t)1 << (bit % 64);
			}
		}
	}
}

static bool is_disclosed(const element_attrs *attrs, const disclosed_ids *disclosed)
{
	if (attr_is(attrs->role, "tabpanel"))
		return true;
	const pith_attr *ident = attrs->ident;
	if (!ident || !ident->value_len)
		return false;
	uint32_t bit = id_hash(ident->value, ident->value_len);
	return disclosed->bits[bit / 64] >> (bit % 64) & 1;
}

typedef enum hiding { SHOWN, HIDDEN, DISCLOSED } hiding;

/* Hidden from every reader: the hidden attribute, aria-hidden, inline
 * display:none (style, read once by the caller). DISCLOSED when a reader
 * can open it (is_disclosed), and so is an element that visibility:hidden
 * makes invisible: a closed panel, not an invisible part. Utility classes
 * that hide are in read_name. */
static hiding read_hiding(const element_attrs *attrs, style_hiding style,
                          const disclosed_ids *disclosed)
{
	bool hidden = style == STYLE_NOT_DISPLAYED ||
	              (attrs->hidden && !is_streamed_segment(attrs)) ||
	              attr_is(attrs->aria_hidden, "true");
	if (!hidden && style != STYLE_INVISIBLE)
		return SHOWN;
	if (is_disclosed(attrs, disclosed))
		return DISCLOSED;
	return hidden ? HIDDEN : SHOWN;
}

/* An entry of name_markers (below): a literal, its length, a flag. */
#define SIZED(text, flag)                                                                          \
	{                                                                                          \
		text, sizeof text - 1, flag                                                        \
	}

/* A set of boilerplate words' numbers (name_index, named_words): bit k
 * of the set is word k's, in WORD_SET_WORDS 64-bit words. */
#define WORD_SET_WORDS 2

static inline void word_set_add(uint64_t set[WORD_SET_WORDS], unsigned k)
{
	set[k / 64] |= (uint64_t)1 << (k % 64);
}

static inline bool word_set_has(const uint64_t set[WORD_SET_WORDS], unsigned k)
{
	return set[k / 64] >> (k % 64) & 1;
}

/* Entries of boilerplate_words: a word a name's word starts with, one
 * that must be the whole word, one that names other pages' stories (a
 * heading so named heads a list of them), one that names a page's
 * pitch (pith_word_is_pitch), whole or not, and one that names a control
 * or a marker (names_control), whole or not. */
#define ENTRY(text, whole, other_pages, pitch, control)                                            \
	{                                                                                          \
		text, sizeof text - 1, whole, other_pages, pitch, control                          \
	}
#define WORD(text) ENTRY(text, false, false, false, false)
#define WHOLE_WORD(text) ENTRY(text, true, false, false, false)
#define OTHER_PAGES(text) ENTRY(text, false, true, false, false)
#define PITCH(text) ENTRY(text, false, false, true, false)
#define WHOLE_PITCH(text) ENTRY(text, true, false, true, false)
#define CONTROL(text) ENTRY(text, false, false, false, true)
#define WHOLE_CONTROL(text) ENTRY(text, true, false, false, true)

/* Words in class or id names that mark boilerplate. "comment" is first
 * (PITH_WORD_COMMENT, in extract_internal.h, is its number); last come
 * the words that are boilerplate on some page types only, from "teaser"
 * (PITH_WORD_TEASER) to "review" (PITH_WORD_REVIEW). A name is cut into
 * words at non-letters and at lower-to-upper case steps ("sd-sharing",
 * "relatedPosts"); a word matches an entry it starts with ("comments"
 * matches "comment"), or, for whole words, only that word. */
static const struct {
	const char *word;
	uint8_t length;
	bool whole;
	bool heads_other_pages;
	bool pitch;   /* pith_word_is_pitch */
	bool control; /* names a control or a marker (names_control) */
} boilerplate_words[] = {
    WORD("comment"),        CONTROL("share"),
    CONTROL("sharing"),     CONTROL("social"),
    OTHER_PAGES("related"), OTHER_PAGES("recommend"),
    WORD("sidebar"),        WORD("widget"),
    WORD("footer"),         WORD("header"),
    WORD("masthead"),       WORD("nav"),
    WORD("menu"),           CONTROL("breadcrumb"),
    CONTROL("crumb"),       CONTROL("pagination"),
    CONTROL("pager"),       CONTROL("paging"),
    CONTROL("newsletter"),  CONTROL("subscrib"),
    CONTROL("signup"),      PITCH("promo"),
    CONTROL("sponsor"),     CONTROL("advert"),
    CONTROL("cookie"),      CONTROL("consent"),
    WORD("popup"),          WORD("modal"),
    WORD("byline"),         WORD("author"),
    WORD("disqus"),         WORD("outbrain"),
    WORD("taboola"),        WORD("toolbar"),
    CONTROL("skip"),        CONTROL("login"),
    PITCH("banner"),        CONTROL("rss"),
    CONTROL("print"),       CONTROL("tags"),
    CONTROL("tagcloud"),    WORD("meta"),
    CONTROL("follow"),      WORD("reply"),
    WORD("respond"),        OTHER_PAGES("trending"),
    OTHER_PAGES("popular"), WHOLE_CONTROL("ad"),
    WHOLE_CONTROL("ads"),   WHOLE_CONTROL("tag"),
    WHOLE_PITCH("cta"),     WORD("signature"),
    WORD("alert"),          WORD("flyout"),
    WORD("dropdown"),       WORD("feedback"),
    WORD("rating"),         WORD("disclaimer"),
    WORD("teaser"),         WORD("gallery"),
    WORD("slider"),         WORD("review"),
};
#undef WORD
#undef WHOLE_WORD
#undef OTHER_PAGES
#undef PITCH
#undef CONTROL
#undef WHOLE_CONTROL
#undef WHOLE_PITCH
#undef ENTRY

bool pith_word_names_other_pages(unsigned word)
{
	return word >= 1 && word <= PITH_BOILERPLATE_WORDS &&
	       boilerplate_words[word - 1].heads_other_pages;
}

/* A word that names a control or a marker (share, print, skip, login,
 * subscribe, a tag, an ad...): what an element so named holds is
 * furniture, however small the element. The others name a region of
 * the page (header, nav, sidebar) or a part of a post (author, meta,
 * comment), which class names also give the links and spans inside
 * them ("btn-header", "comment-copy"). */
static bool names_control(unsigned word)
{
	return word >= 1 && word <= PITH_BOILERPLATE_WORDS && boilerplate_words[word - 1].control;
}

bool pith_word_is_pitch(unsigned word)
{
	return word >= 1 && word <= PITH_BOILERPLATE_WORDS && boilerplate_words[word - 1].pitch;
}

/* Words that begin with a boilerplate word but name content: a
 * "commentary" is an opinion article (a newspaper's article-type class),
 * not its readers' comments; "navy" is a colour ("text-navy"), not a
 * navigation bar; a "metafield" is a field of a shop's product (Shopify's
 * custom data: specifications, compatibility), not a post's byline. */
static const char *const not_boilerplate_words[] = {"commentary", "navy", "metafield",
                                                    "metafields"};

static bool is_not_boilerplate_word(const char *word, size_t len)
{
	for (size_t k = 0; k < sizeof not_boilerplate_words / sizeof *not_boilerplate_words; k++)
		if (pith_ascii_equals_nocase(word, len, not_boilerplate_words[k]))
			return true;
	return false;
}

/* Names of hidden or content markers, found in a class or id value
 * squashed (lowercase, without '-', '_' and spaces). A content marker
 * counts anywhere in it; a hiding one only at a name's start or after a
 * prefix of at most HIDING_PREFIX_MAX characters ("u-sr-only",
 * "is-visually-hidden", "a11y-offscreen"): further in, a name says that
 * a part of the element is hidden, not the element (Drupal's
 * "field--label-visually_hidden" is a field whose label is hidden, and
 * the field may be a whole article). */
#define HIDING_PREFIX_MAX 4
static const struct {
	const char *text;
	uint8_t length;
	bool hides; /* a utility class that hides ("sr-only"); else it names
	               the article body ("entry-content") */
} name_markers[] = {
    SIZED("screenreadertext", true), SIZED("visuallyhidden", true), SIZED("sronly", true),
    SIZED("srtext", true),           SIZED("offscreen", true),      SIZED("articlebody", false),
    SIZED("articlecontent", false),  SIZED("articletext", false),   SIZED("entrycontent", false),
    SIZED("entrybody", false),       SIZED("postcontent", false),   SIZED("postbody", false),
    SIZED("posttext", false),        SIZED("storybody", false),     SIZED("storycontent", false),
    SIZED("storytext", false),       SIZED("maincontent", false),   SIZED("bodytext", false),
    SIZED("blogpost", false),        SIZED("postentry", false),
};
#undef SIZED

_Static_assert(PITH_WORD_REVIEW == PITH_BOILERPLATE_WORDS, "\"review\" is the last word");
_Static_assert(sizeof boilerplate_words / sizeof *boilerplate_words == PITH_BOILERPLATE_WORDS,
               "PITH_BOILERPLATE_WORDS counts boilerplate_words");

/* Each lowercase letter's place in the alphabet from 1 (a) to 26 (z); 0
 * for other bytes. */
#define SLOT(c) [c] = c - 'a' + 1
#define SLOTS4(c) SLOT(c), SLOT(c + 1), SLOT(c + 2), SLOT(c + 3)
static const uint8_t letter_slot[256] = {
    SLOTS4('a'), SLOTS4('e'), SLOTS4('i'), SLOTS4('m'),
    SLOTS4('q'), SLOTS4('u'), SLOT('y'),   SLOT('z'),
};
#undef SLOT
#undef SLOTS4

/* boilerplate_words by first letter and name_markers by first two
 * letters, as sets of their indices (bit k: entry k): a word or position
 * is compared only with the entries that start as it does, in the
 * tables' order (every entry has two letters or more). Made from the
 * tables once per process, before the first page is walked. */
static struct {
	uint64_t boilerplate[26][WORD_SET_WORDS];
	uint32_t markers[27][27]; /* by letter_slot: row and column 0, no letter, empty */
} name_index;
static pthread_once_t name_index_made = PTHREAD_ONCE_INIT;
/* The numbers of the words "skip" (is_skip_link names a skip link so),
 * "signature" (pith_word_is_signature), "header" (names_table_part,
 * pith_word_is_header) and "footer" (names_table_part). */
static uint8_t skip_word, signature_word, header_word, footer_word;

_Static_assert(PITH_BOILERPLATE_WORDS < 64 * WORD_SET_WORDS,
               "name_index.boilerplate and named_words have a bit per word");
_Static_assert(sizeof name_markers / sizeof *name_markers <= 32,
               "name_index.markers has a bit per marker");

static uint8_t boilerplate_entry(const char *word, size_t len, bool delimited);

static void index_names_once(void)
{
	for (size_t k = 0; k < sizeof boilerplate_words / sizeof *boilerplate_words; k++)
		word_set_add(name_index.boilerplate[boilerplate_words[k].word[0] - 'a'],
		             (unsigned)k);
	for (size_t k = 0; k < sizeof name_markers / sizeof *name_markers; k++)
		name_index.markers[letter_slot[(unsigned char)name_markers[k].text[0]]]
		                  [letter_slot[(unsigned char)name_markers[k].text[1]]] |=
		    (uint32_t)1 << k;
	skip_word = boilerplate_entry("skip", 4, true);
	signature_word = boilerplate_entry("signature", 9, true);
	header_word = boilerplate_entry("header", 6, true);
	footer_word = boilerplate_entry("footer", 6, true);
}

bool pith_word_is_signature(unsigned word)
{
	return word != 0 && word == signature_word;
}

bool pith_word_is_header(unsigned word)
{
	return word != 0 && word == header_word;
}

/* What a class or id value says of its element. */
typedef struct name_facts {
	bool hidden;        /* a utility class that hides it ("sr-only") */
	bool content;       /* names the article body ("entry-content") */
	uint8_t named_word; /* its boilerplate word (boilerplate_words), index
	                       plus one, or 0 */
} name_facts;

/* The kinds of byte read_name tells apart in its one pass: the squashed
 * value leaves out joiners and spaces; a name ends at a space or line
 * break; a colon or bracket makes a name a utility class. */
enum {
	NAME_OTHER,   /* no letter, kept: a digit, '.', '/' */
	NAME_LOWER,   /* an ASCII letter, a to z */
	NAME_UPPER,   /* A to Z */
	NAME_JOINER,  /* '-', '_' */
	NAME_SPACE,   /* ' ', '\t', '\n' */
	NAME_BREAK,   /* '\r', '\f': end a name, kept in the squashed value */
	NAME_UTILITY, /* ':', '[' */
};
#define LETTER(c) [c] = NAME_LOWER, [c - 'a' + 'A'] = NAME_UPPER
#define LETTERS4(c) LETTER(c), LETTER(c + 1), LETTER(c + 2), LETTER(c + 3)
static const uint8_t name_byte_kind[256] = {
    LETTERS4('a'),        LETTERS4('e'),       LETTERS4('i'),       LETTERS4('m'),
    LETTERS4('q'),        LETTERS4('u'),       LETTER('y'),         LETTER('z'),
    ['-'] = NAME_JOINER,  ['_'] = NAME_JOINER, [' '] = NAME_SPACE,  ['\t'] = NAME_SPACE,
    ['\n'] = NAME_SPACE,  ['\r'] = NAME_BREAK, ['\f'] = NAME_BREAK, [':'] = NAME_UTILITY,
    ['['] = NAME_UTILITY,
};
#undef LETTER
#undef LETTERS4

/* The boilerplate word a word of a name starts with (boilerplate_words,
 * compared ignoring case with the entries of its first letter), as its
 * index plus one, or 0. delimited: non-letters on both sides, which an
 * entry marked whole needs ("adKqa" in "table_root__adKqa" is no "ad"). */
static uint8_t boilerplate_entry(const char *word, size_t len, bool delimited)
{
	const uint64_t *sets = name_index.boilerplate[pith_ascii_lower(word[0]) - 'a'];
	for (unsigned half = 0; half < WORD_SET_WORDS; half++)
		for (uint64_t set = sets[half]; set; set &= set - 1) {
			unsigned k = half * 64 + (unsigned)__builtin_ctzll(set);
			size_t m = boilerplate_words[k].length;
			if (len >= m && pith_ascii_lower(word[1]) == boilerplate_words[k].word[1] &&
			    pith_ascii_starts_with_nocase(word, len, boilerplate_words[k].word) &&
			    (!boilerplate_words[k].whole || (len == m && delimited)) &&
			    !is_not_boilerplate_word(word, len))
				return (uint8_t)(k + 1);
		}
	return 0;
}

/* What a class or id value says, read in one pass over its bytes (a pass
 * per question took 6.8% of extraction's instructions on ScrapingHub's
 * pages, one pass 5.1%):
 *
 * - its first boilerplate word: the value's names (split at whitespace)
 *   in order, each cut into words at non-letters and at lower-to-upper
 *   case steps ("sd-sharing", "relatedPosts"); a name's first word that
 *   starts with an entry of boilerplate_words names it (letters right
 *   after a digit are a hash's, "38ad5ea", not a word; nor are the words
 *   after one naming a disclosure widget, names_disclosure), unless the name
 *   is a utility class ("site-header:min-h-[50vh]", "md:px-8": styling
 *   under a condition, not what the element is) or has more than
 *   MAX_NAME_WORDS words (a setting: "kt-pane-header-alignment-left").
 *   Ids of three words or more are mostly made from a heading
 *   ("more-on-lists", "sharing-economy-today"), not names of parts, and
 *   name none.
 * - hiding and content markers (name_markers), looked for in the value
 *   squashed (lowercase, without '-', '_' and spaces). */
#define MAX_NAME_WORDS 4

/* No word yet, or one that is boilerplate on some page types only
 * (PITH_WORD_TEASER and after: extract.c, is_boilerplate_for_type): a
 * later word of the value overrides it ("teaser sidebar" is a sidebar
 * wherever it stands). */
static inline bool is_weak_word(uint8_t word)
{
	return word == 0 || pith_word_for_some_types(word);
}

/* WordPress's post_class: a post's element is classed with its status
 * ("status-publish") and with each of its terms ("tag-{slug}",
 * "category-{slug}", "product_tag-{slug}"), whose words say what the post
 * is about, not what part of the page it is: "tag-sharing" is a post
 * tagged "sharing", "product_cat-advertising-gifts" a product in a shop's
 * category. Such a value's words name nothing. Reads the value squashed,
 * cut into its names at token_starts. */
static bool is_post_class(const char *squashed, size_t n, const uint16_t *token_starts,
                          size_t tokens)
{
	static const char status[] = "statuspublish";
	size_t m = sizeof status - 1;
	for (size_t t = 0; t < tokens; t++) {
		size_t end = t + 1 < tokens ? token_starts[t + 1] : n;
		if (end - token_starts[t] == m &&
		    memcmp(squashed + token_starts[t], status, m) == 0)
			return true;
	}
	return false;
}

/* A name's word that names a disclosure widget, an accordion or a list
 * of questions (FAQ): the words after it in the name are the widget's
 * parts, whose panels a reader opens ("accordion-v2__dropdown",
 * "faq_tabs-menu-link"), not the page's menus or drop-downs. */
static bool names_disclosure(const char *word, size_t len)
{
	return pith_ascii_equals_nocase(word, len, "accordion") ||
	       pith_ascii_equals_nocase(word, len, "faq") ||
	       pith_ascii_equals_nocase(word, len, "faqs");
}

static name_facts read_name(const char *value, size_t length, bool is_id)
{
	name_facts facts = {0};
	char squashed[1024];
	/* Where each token (text between spaces) starts in squashed: a hiding
	 * marker counts within HIDING_PREFIX_MAX characters of one. */
	uint16_t token_starts[sizeof squashed];
	size_t n = 0, tokens = 1;
	token_starts[0] = 0;
	size_t word_start = 0, words = 0, name_words = 0;
	bool in_word = false, word_delimited = false, utility = false, disclosure = false;
	uint8_t name_word = 0, previous = NAME_OTHER;
	size_t i = 0;
	for (;;) {
		/* The value's end ends its last word and name as a space does. */
		uint8_t kind = i < length ? name_byte_kind[(unsigned char)value[i]] : NAME_SPACE;
		if (kind == NAME_LOWER && in_word) {
			/* Inside a word, most of a name: copy the run of small
			 * letters as it is. */
			size_t run = i;
			while (run < length &&
			       name_byte_kind[(unsigned char)value[run]] == NAME_LOWER)
				run++;
			size_t copied =
			    run - i < sizeof squashed - 1 - n ? run - i : sizeof squashed - 1 - n;
			memcpy(squashed + n, value + i, copied);
			n += copied;
			i = run;
			previous = NAME_LOWER;
			continue;
		}
		bool letter = kind == NAME_LOWER || kind == NAME_UPPER;
		bool camel_step = kind == NAME_UPPER && previous == NAME_LOWER;
		if (in_word && (!letter || camel_step)) {
			words++;
			name_words++;
			/* Letters right after a digit are a hash's ("38ad5ea"),
			 * not a word. */
			bool after_digit =
			    word_start > 0 && pith_ascii_is_digit(value[word_start - 1]);
			disclosure |= names_disclosure(value + word_start, i - word_start);
			if (!after_digit && !disclosure && is_weak_word(name_word) &&
			    is_weak_word(facts.named_word)) {
				uint8_t word = boilerplate_entry(value + word_start, i - word_start,
				                                 word_delimited && !camel_step);
				if (word)
					name_word = word;
			}
			in_word = false;
		}
		if (letter && !in_word) {
			in_word = true;
			word_start = i;
			word_delimited = !camel_step;
		}
		utility |= kind == NAME_UTILITY;
		if (kind == NAME_SPACE || kind == NAME_BREAK) { /* a name ends */
			if (name_word && !utility && name_words <= MAX_NAME_WORDS &&
			    is_weak_word(facts.named_word))
				facts.named_word = name_word;
			name_word = 0;
			name_words = 0;
			utility = false;
			disclosure = false;
		}
		if (i == length)
			break;
		if (kind == NAME_SPACE) {
			if (token_starts[tokens - 1] != n)
				token_starts[tokens++] = (uint16_t)n;
		} else if (kind != NAME_JOINER && n + 1 < sizeof squashed) {
			squashed[n++] = pith_ascii_lower(value[i]);
		}
		previous = kind;
		i++;
	}
	if ((is_id && words > 2) || (!is_id && is_post_class(squashed, n, token_starts, tokens)))
		facts.named_word = 0;
	size_t token = 0;
	unsigned next = n ? letter_slot[(unsigned char)squashed[0]] : 0;
	for (size_t at = 0; at + 1 < n; at++) {
		unsigned here = next;
		next = letter_slot[(unsigned char)squashed[at + 1]];
		uint32_t set = name_index.markers[here][next];
		for (; set; set &= set - 1) {
			unsigned k = (unsigned)__builtin_ctz(set);
			size_t m = name_markers[k].length;
			if (n - at < m || memcmp(squashed + at, name_markers[k].text, m) != 0)
				continue;
			if (!name_markers[k].hides) {
				facts.content = true;
				continue;
			}
			while (token + 1 < tokens && token_starts[token + 1] <= at)
				token++;
			if (at - token_starts[token] <= HIDING_PREFIX_MAX)
				facts.hidden = true;
		}
	}
	return facts;
}

/* A <noscript> whose text is markup escaped as text ("&lt;img ...") shows
 * that markup as text to no reader. Other <noscript> content is what a
 * reader without scripts sees (the tree is built with scripting off), and
 * some sites put their whole text there. */
static bool is_escaped_markup(const pith_dom *dom, pith_node_id id)
{
	const pith_node *node = &dom->nodes[id];
	if (node->tag != PITH_TAG_NOSCRIPT)
		return false;
	for (pith_node_id c = node->first_child; c; c = dom->nodes[c].next_sibling) {
		const pith_node *child = &dom->nodes[c];
		if (child->type != PITH_NODE_TEXT)
			return false;
		for (uint32_t i = 0; i < child->text_len; i++)
			if (!is_space((unsigned char)child->text[i]))
				return child->text[i] == '<';
	}
	return false;
}

/* A <noscript> holding less than NOTICE_MAX_CHARS characters of text
 * (spaces left out; code points, not bytes) is a notice to readers
 * without scripts ("Please enable JavaScript"), not text of the page: a
 * script-built app's shell has nothing else, and a post's "enable
 * JavaScript to see the comments" is not the post. The longest notices
 * on the dev pages are a forum's three sentences of advice, 213
 * characters (which 200 leaves, the one page whose truth keeps its
 * notice); a site that puts its text in a <noscript> puts paragraphs
 * there. */
#define NOTICE_MAX_CHARS 200
/* A notice is a line or two of markup (a guest's comment form, 14
 * elements and the spaces between them, is the largest on the dev
 * pages): a <noscript> of more nodes than this is read as content
 * without looking further, so that no page can make every <noscript> of
 * a deep nest scan all the nodes below it. */
#define NOTICE_MAX_NODES 64
static bool is_script_notice(const pith_dom *dom, pith_node_id id)
{
	if (dom->nodes[id].tag != PITH_TAG_NOSCRIPT)
		return false;
	uint32_t chars = 0, nodes = 0;
	for (pith_node_id d = pith_dom_next_in_order(dom, id, id, false); d;
	     d = pith_dom_next_in_order(dom, id, d, false)) {
		if (++nodes > NOTICE_MAX_NODES)
			return false;
		const pith_node *n = &dom->nodes[d];
		if (n->type != PITH_NODE_TEXT)
			continue;
		for (uint32_t i = 0; i < n->text_len; i++) {
			unsigned char c = (unsigned char)n->text[i];
			if (!is_space(c) && (c & 0xC0) != 0x80 && ++chars >= NOTICE_MAX_CHARS)
				return false;
		}
	}
	return true;
}

/* A link within the page whose text is only a symbol (↩, ↑, ^): the way
 * back from a footnote to its marker, a control rather than text. */
#define MAX_BACKLINK_BYTES 8
static bool is_back_link(const pith_dom *dom, pith_node_id id)
{
	const pith_attr *href = pith_dom_attr(dom, id, "href");
	if (!href || !href->value_len || href->value[0] != '#')
		return false;
	char text[MAX_BACKLINK_BYTES];
	size_t n = 0;
	for (pith_node_id c = dom->nodes[id].first_child; c; c = dom->nodes[c].next_sibling) {
		const pith_node *child = &dom->nodes[c];
		if (child->type != PITH_NODE_TEXT)
			return false;
		for (uint32_t i = 0; i < child->text_len; i++) {
			if (is_space((unsigned char)child->text[i]))
				continue;
			if (n == sizeof text)
				return false;
			text[n++] = child->text[i];
		}
	}
	/* '^' or characters of U+2000-U+2FFF (arrows, dingbats), which
	 * UTF-8 starts with E2. */
	return n > 0 && (text[0] == '^' || (unsigned char)text[0] == 0xE2) &&
	       (n == 1 || (unsigned char)text[0] == 0xE2);
}

#define CLASS_CACHE_SIZE 256
typedef struct class_cache_entry {
	const char *value; /* the class value read, or NULL */
	uint32_t hash, length;
	name_facts facts;
} class_cache_entry;

/* ---- the walk ---- */

/* What text inherits from the elements around it. */
typedef struct context {
	pith_node_id list_owner, row, table;
	uint32_t list_frame; /* stack index of the innermost ol/ul, +1 */
	uint32_t row_frame;  /* stack index of the innermost tr, +1 */
	uint16_t column;     /* the cell's place in its row, from 0 */
	uint8_t heading_level;
	bool in_link, in_pre;
	bool in_disclosed; /* inside a panel a reader opens (is_disclosed) */
	bool in_main;      /* inside a main landmark */
	bool in_article;   /* inside an <article> */
	/* bit w: an ancestor has boilerplate word w */
	uint64_t named_words[WORD_SET_WORDS];
} context;

typedef struct frame {
	pith_node_id id;
	context saved;
	int32_t next_item;    /* an ol's next item number */
	uint16_t next_column; /* a tr's next cell's place */
	bool ordered;
	/* An inline element named for a control, entered between blocks: it
	 * owns the block it begins if it holds all of its text (close_block). */
	bool may_own_block;
} frame;

/* The tree is at most PITH_MAX_DEPTH elements deep below <html>/<body>;
 * the stack has room for that and the document's own levels. */
#define STACK_DEPTH (PITH_MAX_DEPTH + 8)

typedef struct walker {
	pith_extractor *ex;
	const pith_dom *dom;
	context now;
	uint32_t depth;
	bool block_open;    /* the last block is still taking text */
	bool block_blank;   /* it holds only spaces and newlines so far (kept
	                       only when tracing) */
	bool space_pending; /* whitespace seen since the last character */
	bool in_word, word_digits;
	int32_t item_number;          /* for the next block, set by <li> in an <ol> */
	pith_node_id closing_element; /* the block element whose end closes a block (leave), or 0 */
	/* An inline element named for a control (names_control) that holds
	 * all of the open block's text so far (it began the block), and where
	 * that text ended: the block is the element's if no text follows
	 * (close_block). */
	pith_node_id sole_inline;
	size_t sole_text_end;
	/* A heading or a block of prose has been written: links within the
	 * page are no longer skip links (is_skip_link). */
	bool seen_text;
	bool failed;
	pith_node_trace *trace; /* ex->trace when tracing, else NULL */
	class_cache_entry class_cache[CLASS_CACHE_SIZE];
	disclosed_ids disclosed;
	/* Last, and not cleared: a frame is written when it is pushed. */
	frame stack[STACK_DEPTH];
} walker;

typedef enum element_kind { KIND_SKIP, KIND_INLINE, KIND_BLOCK } element_kind;

/* Pages repeat their class values ("menu-item", "card"): the facts of
 * the last CLASS_CACHE_SIZE distinct values are kept, by hash. */
static name_facts read_class(walker *w, const pith_attr *cls)
{
	uint32_t hash = pith_slot_hash(cls->value, cls->value_len);
	class_cache_entry *entry = &w->class_cache[hash % CLASS_CACHE_SIZE];
	if (entry->value && entry->hash == hash && entry->length == cls->value_len &&
	    memcmp(entry->value, cls->value, cls->value_len) == 0)
		return entry->facts;
	entry->hash = hash;
	entry->length = cls->value_len;
	entry->value = cls->value;
	entry->facts = read_name(cls->value, cls->value_len, false);
	return entry->facts;
}

/* What classify finds out about an element. */
typedef struct element_facts {
	element_kind kind;
	int8_t evidence;    /* pith_evidence */
	uint8_t named_word; /* the boilerplate word its class or id holds, or 0 */
	/* A heading whose class names other pages' stories ("related-title",
	 * "trending__title"): it heads a list of them (extract.c,
	 * drop_boilerplate_elements). */
	bool heads_other_pages;
	bool is_main;   /* <main> or role=main: the main landmark */
	bool disclosed; /* hidden until a reader opens it (is_disclosed) */
} element_facts;

/* A link within the page ("#main") that begins a block before the page's
 * first heading or prose: a "skip to content" link, among the first
 * things a keyboard reaches (WCAG's technique G1), however it is worded
 * or named. Named "skip", it takes its block if it holds all of it
 * (close_block), and goes with it. */
static bool is_skip_link(const walker *w, const pith_attr *href)
{
	return !w->block_open && !w->seen_text && href && href->value_len > 1 &&
	       href->value[0] == '#';
}

/* On a table, a row group, a row or a header cell, "header" and "footer"
 * name the table's own parts, not the page's: MediaWiki's sortable tables
 * are "sticky-header" (their header row stays in view), a row of column
 * names is "header", a row of totals "footer". A data cell (<td>) keeps
 * its word: a forum laid out in a table names its posts' footers so. */
static bool names_table_part(pith_tag tag, uint8_t word)
{
	return word && (word == header_word || word == footer_word) &&
	       (tag == PITH_TAG_TABLE || tag == PITH_TAG_THEAD || tag == PITH_TAG_TBODY ||
	        tag == PITH_TAG_TFOOT || tag == PITH_TAG_TR || tag == PITH_TAG_TH);
}

/* The letters and digits of an element's first child, when that is a
 * heading, compared with the id's: a section whose id is made from its
 * heading's text (<section id="cookies"><h2>Cookies</h2>, as Sphinx and
 * most documentation generators write it) is a part of the text named
 * for what it is about, not a part of the page, and its id names
 * nothing. Reads at most the id's length of the heading's text. */
static bool is_heading_anchor(const pith_dom *dom, pith_node_id id, const pith_attr *ident)
{
	pith_node_id c = dom->nodes[id].first_child;
	while (c && dom->nodes[c].type == PITH_NODE_TEXT) {
		const pith_node *t = &dom->nodes[c];
		for (uint32_t i = 0; i < t->text_len; i++)
			if (!is_space((unsigned char)t->text[i]))
				return false;
		c = t->next_sibling;
	}
	if (!c || dom->nodes[c].tag < PITH_TAG_H1 || dom->nodes[c].tag > PITH_TAG_H6)
		return false;
	/* The id's letters and digits, one by one against the heading's. */
	size_t at = 0;
	for (pith_node_id d = pith_dom_next_in_order(dom, c, c, false); d;
	     d = pith_dom_next_in_order(dom, c, d, false)) {
		const pith_node *t = &dom->nodes[d];
		if (t->type != PITH_NODE_TEXT)
			continue;
		for (uint32_t i = 0; i < t->text_len; i++) {
			unsigned char b = (unsigned char)t->text[i];
			if (!pith_ascii_is_alnum((char)b))
				continue;
			while (at < ident->value_len && !pith_ascii_is_alnum(ident->value[at]))
				at++;
			if (at == ident->value_len ||
			    pith_ascii_lower((char)b) != pith_ascii_lower(ident->value[at]))
				return false;
			at++;
		}
	}
	while (at < ident->value_len && !pith_ascii_is_alnum(ident->value[at]))
		at++;
	return at > 0 && at == ident->value_len;
}

static element_facts classify(walker *w, pith_node_id id)
{
	const pith_dom *dom = w->dom;
	const pith_node *node = &dom->nodes[id];
	element_facts e = {.kind = KIND_SKIP};
	if (node->ns != PITH_NS_HTML) {
		if (node->ns != PITH_NS_SVG)
			e.kind = KIND_INLINE;
		return e;
	}
	if (is_never_content(node->tag) || is_escaped_markup(dom, id) ||
	    is_script_notice(dom, id) || (node->tag == PITH_TAG_A && is_back_link(dom, id)))
		return e;
	element_attrs attrs = read_attrs(dom, node);
	const pith_attr *cls = attrs.cls, *ident = attrs.ident;
	name_facts facts = cls ? read_class(w, cls) : (name_facts){0};
	/* A heading's own word is its class's: its id is made from its text
	 * ("recommended-providers"). */
	uint8_t class_word = facts.named_word;
	if (ident) {
		name_facts of_id = read_name(ident->value, ident->value_len, true);
		facts.hidden |= of_id.hidden;
		facts.content |= of_id.content;
		if (!facts.named_word && of_id.named_word && !is_heading_anchor(dom, id, ident))
			facts.named_word = of_id.named_word;
	}
	if (node->tag == PITH_TAG_A && is_skip_link(w, attrs.href))
		facts.named_word = skip_word;
	style_hiding style = read_style(w->ex, attrs.style);
	hiding hidden = read_hiding(&attrs, style, &w->disclosed);
	w->ex->undisplayed += style == STYLE_NOT_DISPLAYED && hidden == HIDDEN;
	if (facts.hidden || hidden == HIDDEN)
		return e;
	e.disclosed = hidden == DISCLOSED;
	const pith_attr *role = attrs.role;
	if (attr_is(role, "navigation") || attr_is(role, "menu") || attr_is(role, "menubar") ||
	    attr_is(role, "search") || attr_is(role, "dialog") || attr_is(role, "alertdialog"))
		return e;

	e.is_main = node->tag == PITH_TAG_MAIN || attr_is(role, "main");
	bool content = facts.content || e.is_main || node->tag == PITH_TAG_ARTICLE ||
	               attr_is(role, "article") || attr_is(attrs.itemprop, "articlebody");
	bool landmark = node->tag == PITH_TAG_ASIDE || node->tag == PITH_TAG_HEADER ||
	                node->tag == PITH_TAG_FOOTER || attr_is(role, "complementary") ||
	                attr_is(role, "banner") || attr_is(role, "contentinfo");
	if (facts.named_word && holds_quote(dom, id))
		facts.named_word = 0;
	/* A heading's class names the part it heads ("card-header",
	 * "et_pb_module_header", "widget-title"), not the heading as a part of
	 * the page: a heading takes no boilerplate word (its part's element
	 * takes its own). One whose class names other pages' stories heads
	 * their list (heads_other_pages). */
	_Static_assert(PITH_TAG_H6 - PITH_TAG_H1 == 5, "h1 to h6 are consecutive tags");
	if (node->tag >= PITH_TAG_H1 && node->tag <= PITH_TAG_H6) {
		e.heads_other_pages =
		    class_word && boilerplate_words[class_word - 1].heads_other_pages;
		facts.named_word = 0;
	}
	if (names_table_part(node->tag, facts.named_word))
		facts.named_word = 0;
	e.named_word = facts.named_word;
	e.evidence = style == STYLE_INVISIBLE && !e.disclosed ? PITH_EVIDENCE_INVISIBLE
	             : content                                ? PITH_EVIDENCE_CONTENT
	             : landmark                               ? PITH_EVIDENCE_LANDMARK
	             : facts.named_word                       ? PITH_EVIDENCE_NAMED
	                                                      : PITH_EVIDENCE_NONE;
	e.kind = is_block_level(node->tag) ? KIND_BLOCK : KIND_INLINE;
	return e;
}

/* The first allocation of the blocks array; most pages have fewer. */
#define FIRST_BLOCKS 256

/* The block taking text, or NULL between blocks. */
static pith_block *current_block(walker *w)
{
	return w->block_open ? &w->ex->blocks[w->ex->block_count - 1] : NULL;
}

static pith_block *open_block(walker *w)
{
	pith_extractor *ex = w->ex;
	if (w->block_open)
		return current_block(w);
	pith_block *blocks = pith_grow(ex->blocks, &ex->block_capacity, ex->block_count + 1,
	                               sizeof *blocks, FIRST_BLOCKS);
	if (!blocks) {
		w->failed = true;
		return NULL;
	}
	ex->blocks = blocks;
	pith_block *b = &ex->blocks[ex->block_count++];
	memset(b, 0, sizeof *b);
	b->text_start = (uint32_t)ex->text.length;
	b->list_owner = w->now.list_owner;
	b->row = w->now.row;
	b->column = w->now.column;
	b->table = w->now.table;
	b->heading_level = w->now.heading_level;
	b->item_number = w->item_number;
	w->item_number = 0;
	w->block_open = true;
	w->block_blank = true;
	w->space_pending = false;
	w->in_word = false;
	return b;
}

static void end_word(walker *w, pith_block *b)
{
	if (w->in_word && w->word_digits)
		b->number_words++;
	w->in_word = false;
}

/* The value of a block for choosing the region (its weights are
 * tuning.h's). Prose (a sentence, or a long run of text) counts its
 * characters, less one and a half times its link text, so a paragraph
 * that is mostly links counts against. A fragment that is not a sentence
 * counts slightly against, its links more: menus and button rows push the
 * region away from themselves. Headings are neutral. */
static double block_value(const pith_tuning *t, const pith_block *b, bool *is_prose)
{
	*is_prose = false;
	if (b->heading_level)
		return 0;
	if (pith_is_prose(b, &t->region_prose)) {
		*is_prose = true;
		return (double)b->chars - t->prose_link_weight * b->link_chars;
	}
	return t->fragment_char_weight * b->chars + t->fragment_link_weight * b->link_chars;
}

static void close_block(walker *w)
{
	pith_block *b = current_block(w);
	if (!b)
		return;
	pith_extractor *ex = w->ex;
	end_word(w, b);
	w->block_open = false;
	/* Trim trailing spaces and newlines (from <br> or <pre>). */
	while (ex->text.length > b->text_start && (ex->text.data[ex->text.length - 1] == ' ' ||
	                                           ex->text.data[ex->text.length - 1] == '\n'))
		ex->text.length--;
	b->text_length = (uint32_t)(ex->text.length - b->text_start);
	pith_node_id sole = ex->text.length <= w->sole_text_end ? w->sole_inline : 0;
	w->sole_inline = 0;
	if (b->text_length == 0) {
		ex->block_count--; /* whitespace only */
		return;
	}
	bool prose;
	double value = block_value(w->ex->tuning, b, &prose);
	/* The block belongs to the innermost open element, or to the inline
	 * element named for a control that holds all of its text (a "skip to
	 * content" link straight in <body>, a share button's label): the
	 * element's name then reaches its text. Its counts still go to the
	 * open element (holder, below), for the element has left. */
	b->owner = sole ? sole : w->stack[w->depth - 1].id;
	if (sole)
		ex->elements[sole].block_end = ex->block_count;
	if (prose || b->heading_level)
		w->seen_text = true;
	/* A closed panel is kept inside the region, but the region is not
	 * chosen by it: a page shows it closed, and the hidden tabs of a
	 * settings popup or a menu's panels would outweigh a forum post or
	 * make a page look like an index. */
	b->disclosed = w->now.in_disclosed;
	if (w->now.in_disclosed)
		return;
	ex->elements[b->owner].own_score += value;
	/* Its characters are the element's whose end closed it (a <p>'s
	 * text is the <p>'s: a paragraph named "shareable" holds its
	 * prose), else the innermost open element's; leave passes them up
	 * the tree. */
	pith_element_info *holder =
	    &ex->elements[w->closing_element ? w->closing_element : w->stack[w->depth - 1].id];
	if (prose)
		holder->prose += (double)b->chars - b->link_chars;
	holder->chars += b->chars;
	holder->link_chars += b->link_chars;
	if (sole) { /* left already: its counts are its block's alone */
		pith_element_info *e = &ex->elements[sole];
		e->prose = prose ? (double)b->chars - b->link_chars : 0;
		e->chars = b->chars;
		e->link_chars = b->link_chars;
	}
}

/* A block's length is counted in the columns its text fills, as a
 * terminal shows it (Unicode's East Asian Width, UAX #11): an ideograph,
 * a kana or a Hangul syllable is wide and counts two. A character of
 * these scripts carries about as much as a word of three to five Latin
 * letters, so by code points a Chinese paragraph looked like a caption
 * to every threshold tuned on English (80 characters of prose, the 500
 * of an article before a list of cards); by columns it weighs about as
 * much as the same words in English. docs/DESIGN.md, "Counting
 * characters", has the measurements. The extra column of the character
 * whose lead byte is s[i]: the wide blocks from CJK radicals to Yi
 * (U+2E80-A4CF), Hangul syllables, CJK compatibility ideographs,
 * fullwidth forms and the supplementary ideographic planes. */
static uint32_t wide_column(const char *s, size_t i, size_t n)
{
	unsigned char lead = (unsigned char)s[i];
	if (lead < 0xE2 || i + 1 >= n)
		return 0;
	unsigned char next = (unsigned char)s[i + 1];
	if (lead >= 0xF0) /* U+20000-3FFFF */
		return lead == 0xF0 && next >= 0xA0 && next <= 0xBF;
	if (i + 2 >= n)
		return 0;
	uint32_t cp = (uint32_t)(lead & 0x0F) << 12 | (uint32_t)(next & 0x3F) << 6 |
	              ((unsigned char)s[i + 2] & 0x3F);
	return (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF01 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* U+00A0 NO-BREAK SPACE (C2 A0) separates words like a space does. */
static bool is_nbsp(const char *s, size_t i, size_t n)
{
	return (unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
}

/* What append_text does with a byte of text. A run of plain bytes (ASCII
 * that is no space, digit or sentence mark) is copied at once: most of a
 * page's text, which byte by byte took 5% of extraction's instructions. */
enum { TEXT_PLAIN, TEXT_SPACE, TEXT_OTHER };
#define OTHER4(c) [c] = TEXT_OTHER, [c + 1] = TEXT_OTHER, [c + 2] = TEXT_OTHER, [c + 3] = TEXT_OTHER
#define OTHER16(c) OTHER4(c), OTHER4(c + 4), OTHER4(c + 8), OTHER4(c + 12)
#define OTHER64(c) OTHER16(c), OTHER16(c + 16), OTHER16(c + 32), OTHER16(c + 48)
static const uint8_t text_byte_kind[256] = {
    [' '] = TEXT_SPACE,  ['\t'] = TEXT_SPACE, ['\n'] = TEXT_SPACE, ['\r'] = TEXT_SPACE,
    ['\f'] = TEXT_SPACE, ['.'] = TEXT_OTHER,  [','] = TEXT_OTHER,  [';'] = TEXT_OTHER,
    ['!'] = TEXT_OTHER,  ['?'] = TEXT_OTHER,  OTHER4('0'),         OTHER4('4'),
    ['8'] = TEXT_OTHER,  ['9'] = TEXT_OTHER,  OTHER64(0x80),       OTHER64(0xC0),
};
#undef OTHER4
#undef OTHER16
#undef OTHER64

/* The walk is compiled twice, with and without the trace (tracing is a
 * constant in each), so text output pays nothing for it. */
#define WALK_INLINE inline __attribute__((always_inline))

static WALK_INLINE void append_text(walker *w, pith_node_id id, const char *s, size_t n,
                                    const bool tracing)
{
	pith_extractor *ex = w->ex;
	if (!w->now.in_pre) {
		size_t i = 0;
		while (i < n &&
		       (text_byte_kind[(unsigned char)s[i]] == TEXT_SPACE || is_nbsp(s, i, n)))
			i += text_byte_kind[(unsigned char)s[i]] == TEXT_SPACE ? 1 : 2;
		if (i == n) {
			pith_block *b = current_block(w);
			if (b) {
				w->space_pending = true;
				end_word(w, b);
			}
			return;
		}
	}
	pith_block *b = open_block(w);
	/* n bytes, a space before them, and the NUL after. */
	if (!b || !pith_buffer_reserve(&ex->text, n + 2)) {
		w->failed = true;
		return;
	}
	char *out = ex->text.data + ex->text.length;
	uint32_t chars = 0, punctuation = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (text_byte_kind[c] == TEXT_PLAIN) {
			if (w->space_pending) {
				*out++ = ' ';
				w->space_pending = false;
			}
			size_t start = i;
			do
				*out++ = s[i++];
			while (i < n && text_byte_kind[(unsigned char)s[i]] == TEXT_PLAIN);
			chars += (uint32_t)(i - start);
			i--; /* the loop's step */
			if (tracing)
				w->block_blank = false;
			if (!w->in_word) {
				w->in_word = true;
				b->words++;
			}
			w->word_digits = false;
			continue;
		}
		if (is_nbsp(s, i, n)) {
			i++;
			c = ' ';
		}
		if (is_space(c)) {
			end_word(w, b);
			if (w->now.in_pre) {
				if (c != '\r')
					*out++ = (char)c;
				if (tracing && c != '\r' && c != ' ' && c != '\n')
					w->block_blank = false;
			} else if (out > ex->text.data + b->text_start) {
				w->space_pending = true;
			}
			continue;
		}
		if (w->space_pending) {
			*out++ = ' ';
			w->space_pending = false;
		}
		*out++ = (char)c;
		if (tracing)
			w->block_blank = false;
		if ((c & 0xC0) == 0x80)
			continue; /* the rest of a character */
		chars += 1 + wide_column(s, i, n);
		bool digit = c >= '0' && c <= '9';
		if (!w->in_word) {
			w->in_word = true;
			w->word_digits = digit;
			b->words++;
		} else if (!digit) {
			w->word_digits = false;
		}
		if (c == '.' || c == ',' || c == ';' || c == '!' || c == '?')
			punctuation++;
		else if (c >= 0xE3 && i + 2 < n &&
		         /* 、 。 ， ！ ？ : CJK sentence punctuation */
		         ((c == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0x81 || (unsigned char)s[i + 2] == 0x82)) ||
		          (c == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
		           ((unsigned char)s[i + 2] == 0x8C || (unsigned char)s[i + 2] == 0x81 ||
		            (unsigned char)s[i + 2] == 0x9F))))
			punctuation++;
	}
	/* Text that leaves its block only spaces and newlines so far (in
	 * <pre>) is left untraced: close_block may trim the block to nothing
	 * and drop it, and the next block, which takes its index and its
	 * bytes, would then seem to hold this node's. When the block stays,
	 * the model writes those bytes with the first traced node after. */
	if (tracing && w->block_blank)
		w->trace[id] = (pith_node_trace){0, 0, 0};
	else if (tracing)
		w->trace[id] =
		    (pith_node_trace){(uint32_t)ex->block_count, (uint32_t)ex->text.length,
		                      (uint32_t)(out - ex->text.data)};
	ex->text.length = (size_t)(out - ex->text.data);
	ex->text.data[ex->text.length] = '\0';
	b->chars += chars;
	b->punctuation += punctuation;
	if (w->now.in_link)
		b->link_chars += chars;
}

static void line_break(walker *w)
{
	pith_block *b = current_block(w);
	if (!b)
		return;
	pith_extractor *ex = w->ex;
	end_word(w, b);
	if (ex->text.length > b->text_start && ex->text.data[ex->text.length - 1] != '\n' &&
	    !pith_buffer_append(&ex->text, "\n", 1))
		w->failed = true;
	w->space_pending = false;
}

/* Item numbers stay within +-MAX_ITEM_NUMBER: an <ol start> of any size
 * (or a list longer than that) cannot overflow the counter. */
#define MAX_ITEM_NUMBER 1000000000

/* The number an <ol start="..."> gives its first item: the attribute's
 * integer (HTML's rules: leading spaces, a sign, digits), else 1. */
static int32_t list_start(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	bool negative = i < n && s[i] == '-';
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		return 1;
	int64_t value = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		if (value <= MAX_ITEM_NUMBER)
			value = value * 10 + (s[i] - '0');
	if (value > MAX_ITEM_NUMBER)
		value = MAX_ITEM_NUMBER;
	return (int32_t)(negative ? -value : value);
}

/* Enter an element: returns false when its subtree is skipped. */
static WALK_INLINE bool enter(walker *w, pith_node_id id, const bool tracing)
{
	const pith_dom *dom = w->dom;
	const pith_node *node = &dom->nodes[id];
	pith_element_info *e = &w->ex->elements[id];
	element_facts facts = classify(w, id);
	form_field field = facts.kind == KIND_SKIP ? form_field_of(dom, id) : FIELD_NONE;
	if (field != FIELD_NONE) {
		pith_element_info *holder = &w->ex->elements[w->stack[w->depth - 1].id];
		holder->holds_field = true;
		holder->holds_email_field |= field == FIELD_EMAIL;
	}
	if (facts.kind == KIND_SKIP || w->depth == STACK_DEPTH)
		return false;
	if (node->ns == PITH_NS_HTML && node->tag == PITH_TAG_BR) {
		line_break(w);
		return false;
	}
	if (facts.kind == KIND_BLOCK)
		close_block(w);
	if (tracing)
		w->trace[id].block = (uint32_t)w->ex->block_count + (w->block_open ? 0 : 1);
	e->evidence = facts.evidence;
	e->named_word = facts.named_word;
	e->heads_other_pages = facts.heads_other_pages;
	/* A main landmark inside another is part of it: only the outer ones
	 * count, and the first of them is the page's. */
	e->is_main = facts.is_main && !w->now.in_main;
	if (e->is_main) {
		if (w->ex->mains == 0)
			w->ex->main = id;
		w->ex->mains++;
	}
	/* An open block began before this element: it is not inside it. */
	e->block_begin = (uint32_t)w->ex->block_count;
	frame *f = &w->stack[w->depth++];
	f->id = id;
	f->saved = w->now;
	f->ordered = false;
	f->may_own_block = facts.kind == KIND_INLINE && facts.evidence == PITH_EVIDENCE_NAMED &&
	                   names_control(facts.named_word) && !w->block_open;
	if (facts.named_word)
		word_set_add(w->now.named_words, facts.named_word);
	if (facts.disclosed)
		w->now.in_disclosed = true;
	if (facts.is_main)
		w->now.in_main = true;
	if (node->ns != PITH_NS_HTML)
		return true;
	e->article_landmark = w->now.in_article && facts.evidence == PITH_EVIDENCE_LANDMARK &&
	                      (node->tag == PITH_TAG_HEADER || node->tag == PITH_TAG_FOOTER);
	w->ex->any_article_landmark |= e->article_landmark;
	switch (node->tag) {
	case PITH_TAG_A:
		w->now.in_link = pith_dom_attr(dom, id, "href") != NULL;
		break;
	case PITH_TAG_ARTICLE:
		w->now.in_article = true;
		break;
	case PITH_TAG_PRE:
	case PITH_TAG_LISTING:
	case PITH_TAG_PLAINTEXT:
	case PITH_TAG_XMP:
		w->now.in_pre = true;
		break;
	case PITH_TAG_OL:
	case PITH_TAG_UL: {
		w->now.list_owner = id;
		w->now.list_frame = w->depth;
		f->ordered = node->tag == PITH_TAG_OL;
		const pith_attr *start = pith_dom_attr(dom, id, "start");
		f->next_item = start ? list_start(start->value, start->value_len) : 1;
		break;
	}
	case PITH_TAG_LI: {
		frame *list = w->now.list_frame ? &w->stack[w->now.list_frame - 1] : NULL;
		if (list && list->ordered) {
			w->item_number = list->next_item;
			if (list->next_item < MAX_ITEM_NUMBER)
				list->next_item++;
		}
		break;
	}
	case PITH_TAG_TABLE:
		w->now.table = id;
		w->now.row = 0;
		w->now.row_frame = 0;
		w->now.column = 0;
		w->now.list_owner = 0;
		w->now.list_frame = 0;
		break;
	case PITH_TAG_TR:
		w->now.row = id;
		w->now.row_frame = w->depth;
		w->now.column = 0;
		f->next_column = 0;
		break;
	case PITH_TAG_TD:
	case PITH_TAG_TH:
		/* Each cell takes the next place in its row, so that the text
		 * can keep an empty cell's (render_text.c). */
		if (w->now.row_frame) {
			frame *row = &w->stack[w->now.row_frame - 1];
			w->now.column = row->next_column;
			if (row->next_column < UINT16_MAX)
				row->next_column++;
		}
		break;
	case PITH_TAG_H1:
	case PITH_TAG_H2:
	case PITH_TAG_H3:
	case PITH_TAG_H4:
	case PITH_TAG_H5:
	case PITH_TAG_H6:
		w->now.heading_level = (uint8_t)(node->tag - PITH_TAG_H1 + 1);
		break;
	}
	return true;
}

static void leave(walker *w)
{
	frame *f = &w->stack[--w->depth];
	const pith_node *node = &w->dom->nodes[f->id];
	pith_extractor *ex = w->ex;
	if (node->ns == PITH_NS_HTML && is_block_level(node->tag)) {
		w->closing_element = f->id;
		close_block(w);
		w->closing_element = 0;
	}
	if (node->ns == PITH_NS_HTML && node->tag == PITH_TAG_LI)
		w->item_number = 0; /* an empty item numbers nothing after it */
	w->now = f->saved;
	pith_element_info *e = &ex->elements[f->id];
	/* The outermost element with a word speaks for the word's prose. */
	if (e->named_word && !word_set_has(w->now.named_words, e->named_word))
		ex->word_prose[e->named_word] += e->prose;
	/* A block still open goes on past this (inline) element. */
	e->block_end = (uint32_t)ex->block_count - (w->block_open ? 1 : 0);
	if (f->may_own_block && w->block_open) {
		w->sole_inline = f->id;
		w->sole_text_end = ex->text.length;
	}
	if (e->block_end < e->block_begin)
		e->block_end = e->block_begin;
	if (w->depth == 0)
		return;
	pith_element_info *parent = &ex->elements[w->stack[w->depth - 1].id];
	parent->prose += e->prose;
	parent->chars += e->chars;
	parent->link_chars += e->link_chars;
	if (e->holds_field) { /* rare: most elements hold no field */
		parent->holds_field = true;
		parent->holds_email_field |= e->holds_email_field;
	}
}

/* Pre-order walk of the subtree at root with enter/leave events. */
static WALK_INLINE void walk_subtree(walker *w, pith_node_id root, const bool tracing)
{
	const pith_node *nodes = w->dom->nodes;
	pith_node_id id = root;
	for (;;) {
		const pith_node *node = &nodes[id];
		bool entered = false;
		if (node->type == PITH_NODE_ELEMENT) {
			entered = enter(w, id, tracing);
			if (entered && node->first_child) {
				id = node->first_child;
				continue;
			}
		} else if (node->type == PITH_NODE_TEXT) {
			append_text(w, id, node->text, node->text_len, tracing);
		}
		if (entered)
			leave(w);
		while (id != root && !nodes[id].next_sibling) {
			id = nodes[id].parent;
			leave(w);
		}
		if (id == root || w->failed)
			break;
		id = nodes[id].next_sibling;
	}
}

static void walk_traced(walker *w, pith_node_id root)
{
	walk_subtree(w, root, true);
}

static void walk(walker *w, pith_node_id root)
{
	if (w->trace)
		walk_traced(w, root);
	else
		walk_subtree(w, root, false);
}

/* ---- the title ---- */

static bool collapse_into(pith_buffer *b, const char *s, size_t n)
{
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (is_space((unsigned char)s[i])) {
			space = b->length > 0;
			continue;
		}
		if (space && !pith_buffer_append(b, " ", 1))
			return false;
		space = false;
		if (!pith_buffer_append(b, s + i, 1))
			return false;
	}
	return true;
}

/* The text of the first <title> and the og:title meta, whitespace
 * collapsed, into two buffers; false when memory runs out. */
static bool read_titles(const pith_dom *dom, pith_buffer *title, pith_buffer *og_title)
{
	bool have_title = false, have_og = false;
	for (pith_node_id id = 1; id < dom->node_count && !(have_title && have_og); id++) {
		const pith_node *node = &dom->nodes[id];
		if (node->type != PITH_NODE_ELEMENT || node->ns != PITH_NS_HTML)
			continue;
		if (node->tag == PITH_TAG_TITLE && !have_title) {
			have_title = true;
			for (pith_node_id c = node->first_child; c;
			     c = dom->nodes[c].next_sibling) {
				const pith_node *text = &dom->nodes[c];
				if (text->type == PITH_NODE_TEXT &&
				    !collapse_into(title, text->text, text->text_len))
					return false;
			}
		} else if (node->tag == PITH_TAG_META && !have_og &&
		           attr_is(pith_dom_attr(dom, id, "property"), "og:title")) {
			have_og = true;
			const pith_attr *content = pith_dom_attr(dom, id, "content");
			if (content && !collapse_into(og_title, content->value, content->value_len))
				return false;
		}
	}
	return true;
}

/* The headline is among the first MAX_HEADLINE_CANDIDATES h1/h2s: each is
 * searched for in the title, so a page of thousands of headings and a huge
 * title would otherwise cost their product. */
#define MAX_HEADLINE_CANDIDATES 64

/* The headline: the longest h1 or h2 whose text the <title> or og:title
 * contains (titles add the site's name; a site-name heading is shorter
 * than the headline). Only which heading it is is decided here (the
 * region is narrowed around it and it is dropped from the text); the
 * title field is chosen from it and the page's other titles by
 * src/metadata/title.c alone. */
static bool find_headline(pith_extractor *ex, const pith_dom *dom)
{
	pith_buffer *title = &ex->title_element, *og_title = &ex->og_title;
	title->length = og_title->length = 0;
	if (!pith_buffer_append(title, "", 0) || !pith_buffer_append(og_title, "", 0))
		return false;
	if (!read_titles(dom, title, og_title))
		return false;
	ex->headline = 0;
	uint32_t longest = 0;
	int candidates = 0;
	for (size_t i = 0; i < ex->block_count && candidates < MAX_HEADLINE_CANDIDATES; i++) {
		const pith_block *b = &ex->blocks[i];
		if (!b->heading_level || b->heading_level > 2 || b->text_length < 8)
			continue;
		candidates++;
		if (b->text_length <= longest)
			continue;
		const char *text = ex->text.data + b->text_start;
		if (contains(title->data, title->length, text, b->text_length) ||
		    contains(og_title->data, og_title->length, text, b->text_length)) {
			ex->headline = (uint32_t)i + 1;
			longest = b->text_length;
		}
	}
	return true;
}

/* HTML allows one visible main landmark; a page with several (an
 * article's, then its site's endless stream of stories in another) has
 * its article in the one holding the headline, however little of the
 * page's prose that holds (choose_region). */
static void find_headline_main(pith_extractor *ex, const pith_dom *dom)
{
	if (ex->mains < 2 || !ex->headline)
		return;
	for (pith_node_id id = ex->blocks[ex->headline - 1].owner; id; id = dom->nodes[id].parent)
		if (ex->elements[id].is_main) {
			ex->headline_main = id;
			return;
		}
}

pith_status pith_segment(pith_extractor *ex, const pith_dom *dom)
{
	pith_element_info *elements = pith_grow(ex->elements, &ex->element_capacity,
	                                        dom->node_count, sizeof *elements, dom->node_count);
	if (!elements)
		return PITH_ERROR_NOMEM;
	ex->elements = elements;
	memset(ex->elements, 0, dom->node_count * sizeof *ex->elements);
	memset(ex->word_prose, 0, sizeof ex->word_prose);
	ex->block_count = 0;
	ex->undisplayed = 0;
	ex->text.length = 0;
	if (!pith_buffer_append(&ex->text, "", 0))
		return PITH_ERROR_NOMEM;

	/* The body, or the document when the page has none (a fragment). */
	ex->body = 0;
	ex->main = 0;
	ex->headline_main = 0;
	ex->mains = 0;
	ex->any_article_landmark = false;
	for (pith_node_id id = 1; id < dom->node_count; id++)
		if (dom->nodes[id].type == PITH_NODE_ELEMENT &&
		    dom->nodes[id].tag == PITH_TAG_BODY && dom->nodes[id].ns == PITH_NS_HTML) {
			ex->body = id;
			break;
		}

	pthread_once(&name_index_made, index_names_once);
	/* Cleared up to its stack: clearing 520 frames a page as well was
	 * 1% of extraction's instructions. */
	walker *w = malloc(sizeof *w);
	if (!w)
		return PITH_ERROR_NOMEM;
	memset(w, 0, offsetof(walker, stack));
	w->ex = ex;
	w->dom = dom;
	find_disclosed_ids(dom, &w->disclosed);
	if (ex->tracing) {
		pith_node_trace *trace = pith_grow(ex->trace, &ex->trace_capacity, dom->node_count,
		                                   sizeof *trace, dom->node_count);
		if (!trace) {
			free(w);
			return PITH_ERROR_NOMEM;
		}
		ex->trace = trace;
		memset(trace, 0, dom->node_count * sizeof *trace);
		w->trace = trace;
	}
	/* The document is the bottom frame, so every block has an owner. */
	w->stack[0] = (frame){.id = 0};
	w->depth = 1;
	pith_node_id root = ex->body;
	if (root) {
		w->stack[1] = (frame){.id = root, .saved = w->now};
		w->depth = 2;
		for (pith_node_id c = dom->nodes[root].first_child; c;
		     c = dom->nodes[c].next_sibling)
			walk(w, c);
		close_block(w);
		w->depth = 1;
		pith_element_info *body = &ex->elements[root];
		body->block_end = (uint32_t)ex->block_count;
	} else {
		for (pith_node_id c = dom->nodes[0].first_child; c; c = dom->nodes[c].next_sibling)
			walk(w, c);
		close_block(w);
	}
	ex->elements[0].block_end = (uint32_t)ex->block_count;
	bool failed = w->failed;
	free(w);
	if (failed || !find_headline(ex, dom))
		return PITH_ERROR_NOMEM;
	find_headline_main(ex, dom);
	return PITH_OK;
}
