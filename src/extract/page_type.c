/* Page type: the measurements the model reads (page_type.h).
 *
 * Each is cheap and needs no language: how many of each telling tag the
 * page has, which schema.org types its JSON-LD and microdata declare and
 * what og:type says, words in its canonical URL's path, words in its
 * class and id names (the markup's own vocabulary: "price", "reply",
 * "toc"), and how its segmented text is laid out (prose, links, lists,
 * cells, how much of it the best region holds, prices, the lengths of
 * its headings, links and paragraphs). Counts are raw; the model takes
 * their logarithms. It is fitted to these names in this order: a change
 * here is a change of the model (make model). */
#define _GNU_SOURCE /* memmem, memrchr */
#include "page_type.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/text_hash.h"

/* The lists below are laid out by hand, several names a line. */
/* clang-format off */

/* Tags whose number on the page is a measurement. */
#define COUNTED_TAGS(X) \
	X(A) X(P) X(LI) X(UL) X(OL) X(DIV) X(SPAN) X(ARTICLE) X(SECTION) X(MAIN) X(HEADER) \
	X(FOOTER) X(NAV) X(ASIDE) X(FORM) X(INPUT) X(SELECT) X(OPTION) X(BUTTON) X(TEXTAREA) \
	X(LABEL) X(PRE) X(CODE) X(TABLE) X(TD) X(TH) X(DT) X(IMG) X(FIGURE) X(TIME) X(H1) X(H2) \
	X(H3) X(H4) X(IFRAME) X(BLOCKQUOTE) X(VIDEO) X(SVG)

/* schema.org types, in groups of like meaning (schema_feature). */
#define SCHEMA_GROUPS(X) \
	X(article) X(product) X(offer) X(forum) X(list) X(organization) X(faq) X(doc) \
	X(breadcrumb) X(review) X(event) X(person)

/* Words of a URL's path, in groups (measure_path). */
#define PATH_GROUPS(X) X(forum) X(product) X(list) X(doc) X(article)

/* Words in class and id names. */
#define CLASS_WORDS(X) \
	X(add) X(answer) X(api) X(article) X(author) X(avatar) X(banner) X(basket) X(benefits) \
	X(blog) X(breadcrumb) X(btn) X(buy) X(card) X(cart) X(catalog) X(category) X(checkout) \
	X(code) X(collection) X(comment) X(comments) X(content) X(cta) X(doc) X(docs) \
	X(documentation) X(entry) X(facet) X(faq) X(feature) X(features) X(filter) X(filters) \
	X(forum) X(gallery) X(grid) X(hero) X(highlight) X(item) X(items) X(listing) X(member) \
	X(message) X(nav) X(pagination) X(plan) X(post) X(posts) X(price) X(pricing) X(product) \
	X(products) X(question) X(quote) X(rating) X(related) X(reply) X(result) X(results) \
	X(review) X(reviews) X(search) X(service) X(services) X(share) X(sidebar) X(signature) \
	X(sku) X(sort) X(stock) X(story) X(team) X(testimonial) X(thread) X(tile) X(toc) X(topic) \
	X(user) X(username) X(variant) X(version) X(vote) X(wishlist)

/* Measurements of the page's metadata and of its segmented text. */
#define LAYOUT(X) \
	X(body_chars) X(link_share) X(prose_share) X(region_char_share) X(region_prose_share) \
	X(region_link_share) X(region_block_share) X(has_main) X(main_char_share) X(blocks) \
	X(prose_blocks) X(heading_blocks) X(list_blocks) X(cell_blocks) X(link_blocks) \
	X(words_per_block) X(long_blocks) X(prices) \
	X(og_article) X(og_product) X(og_website) X(path_depth) X(path_year) X(path_number) \
	X(date_published) X(prose_run) X(prose_run_share) X(region_prose) X(headings_per_prose) \
	X(short_block_share) X(links_per_kchar) X(region_start) \
	X(path_root) X(slug_words) X(h1_words) X(heading_words) X(chars_per_link) \
	X(long_link_blocks) X(mid_link_blocks) X(p_char_share) X(long_paragraphs) \
	X(chars_per_paragraph) X(number_word_share)

enum {
#define TAG_FEATURE(t) F_TAG_##t,
	COUNTED_TAGS(TAG_FEATURE)
#define SCHEMA_FEATURE(g) F_SCHEMA_##g,
	SCHEMA_GROUPS(SCHEMA_FEATURE)
#define PATH_FEATURE(g) F_PATH_##g,
	PATH_GROUPS(PATH_FEATURE)
#define WORD_FEATURE(w) F_WORD_##w,
	CLASS_WORDS(WORD_FEATURE)
#define LAYOUT_FEATURE(name) F_##name,
	LAYOUT(LAYOUT_FEATURE)
	F_COUNT
};

const char *const pith_page_feature_names[PITH_PAGE_FEATURES] = {
#define TAG_NAME(t) "tag_" #t,
	COUNTED_TAGS(TAG_NAME)
#define SCHEMA_NAME(g) "schema_" #g,
	SCHEMA_GROUPS(SCHEMA_NAME)
#define PATH_NAME(g) "path_" #g,
	PATH_GROUPS(PATH_NAME)
#define WORD_NAME(w) "class_" #w,
	CLASS_WORDS(WORD_NAME)
#define LAYOUT_NAME(name) #name,
	LAYOUT(LAYOUT_NAME)
};

/* clang-format on */
static_assert(F_COUNT == PITH_PAGE_FEATURES, "PITH_PAGE_FEATURES is the number of features");

static const char *const class_words[] = {
#define WORD_STRING(w) #w,
    CLASS_WORDS(WORD_STRING)};
#define CLASS_WORD_COUNT (sizeof class_words / sizeof class_words[0])

/* Shortest and longest class word, in bytes: others are not looked up. */
#define MIN_CLASS_WORD 3
#define MAX_CLASS_WORD 16

/* The class words by hash (FNV-1a of their bytes): slot (hash % SLOTS)
 * onwards holds the word's index + 1, or 0 past the last of its kind.
 * Made once per process; a page looks up thousands of words. */
#define CLASS_WORD_SLOTS 512
static uint8_t class_word_slots[CLASS_WORD_SLOTS];
/* Each class word's length. */
static uint8_t class_word_lengths[CLASS_WORD_COUNT];
/* Bit b of [a]: a class word starts with letters 'a' + a, 'a' + b. */
static uint32_t class_word_starts[26];
static pthread_once_t class_word_slots_made = PTHREAD_ONCE_INIT;

static uint32_t hash_step(uint32_t hash, char c)
{
	return (hash ^ (unsigned char)c) * 16777619u;
}

#define HASH_START 2166136261u

static void make_class_word_slots(void)
{
	static_assert(CLASS_WORD_COUNT < 255 && CLASS_WORD_COUNT * 2 < CLASS_WORD_SLOTS,
	              "class words fit their slots");
	for (size_t k = 0; k < CLASS_WORD_COUNT; k++) {
		uint32_t hash = HASH_START;
		for (const char *c = class_words[k]; *c; c++)
			hash = hash_step(hash, *c);
		size_t slot = hash % CLASS_WORD_SLOTS;
		while (class_word_slots[slot])
			slot = (slot + 1) % CLASS_WORD_SLOTS;
		class_word_slots[slot] = (uint8_t)(k + 1);
		const char *w = class_words[k];
		class_word_lengths[k] = (uint8_t)strlen(w);
		class_word_starts[w[0] - 'a'] |= 1u << (w[1] - 'a');
	}
}

/* The feature of a word of a class or id name (ASCII letters, hash the
 * hash of their lowercase), or -1. */
static int class_word_feature(const char *word, size_t length, uint32_t hash)
{
	for (size_t slot = hash % CLASS_WORD_SLOTS; class_word_slots[slot];
	     slot = (slot + 1) % CLASS_WORD_SLOTS) {
		unsigned k = class_word_slots[slot] - 1u;
		if (class_word_lengths[k] == length &&
		    pith_ascii_starts_with_nocase(word, length, class_words[k]))
			return F_WORD_add + (int)k;
	}
	return -1;
}

/* At most this many words of a class value are remembered (class_cache_entry). */
#define CACHED_WORDS 6

/* The known words of a class value, as count_class_words found them. */
typedef struct class_words_found {
	uint8_t count;               /* CACHED_WORDS + 1 or more: too many to keep */
	uint8_t words[CACHED_WORDS]; /* features - F_WORD_add */
} class_words_found;

/* Each byte's lowercase letter, 0 for a byte that is not an ASCII letter. */
static const char letter_case[256] = {
#define UPPER(c) [c] = (char)(c + 'a' - 'A'),
#define LOWER(c) [c] = c,
    UPPER('A') UPPER('B') UPPER('C') UPPER('D') UPPER('E') UPPER('F') UPPER('G') UPPER('H')
        UPPER('I') UPPER('J') UPPER('K') UPPER('L') UPPER('M') UPPER('N') UPPER('O') UPPER('P')
            UPPER('Q') UPPER('R') UPPER('S') UPPER('T') UPPER('U') UPPER('V') UPPER('W') UPPER('X')
                UPPER('Y') UPPER('Z') LOWER('a') LOWER('b') LOWER('c') LOWER('d') LOWER('e')
                    LOWER('f') LOWER('g') LOWER('h') LOWER('i') LOWER('j') LOWER('k') LOWER('l')
                        LOWER('m') LOWER('n') LOWER('o') LOWER('p') LOWER('q') LOWER('r') LOWER('s')
                            LOWER('t') LOWER('u') LOWER('v') LOWER('w') LOWER('x') LOWER('y')
                                LOWER('z')};

/* Counts the known words of a class or id value: runs of ASCII letters,
 * also cut where a lowercase letter meets a capital ("productPrice").
 * With found, also lists them there. */
static void count_class_words(const char *value, size_t length, float *features,
                              class_words_found *found)
{
	for (size_t i = 0; i < length;) {
		while (i < length && !letter_case[(unsigned char)value[i]])
			i++;
		/* A word: letters, cut where a lowercase letter meets a capital. */
		size_t start = i;
		bool after_lower = false;
		for (; i < length; i++) {
			char c = value[i];
			char lower = letter_case[(unsigned char)c];
			if (!lower || (lower != c && after_lower))
				break;
			after_lower = lower == c;
		}
		size_t n = i - start;
		if (n < MIN_CLASS_WORD || n > MAX_CLASS_WORD)
			continue;
		unsigned first = (unsigned)(letter_case[(unsigned char)value[start]] - 'a');
		unsigned second = (unsigned)(letter_case[(unsigned char)value[start + 1]] - 'a');
		if (!(class_word_starts[first] & (1u << second)))
			continue; /* no class word starts so: most words */
		uint32_t hash = HASH_START;
		for (size_t k = start; k < i; k++)
			hash = hash_step(hash, letter_case[(unsigned char)value[k]]);
		int f = class_word_feature(value + start, n, hash);
		if (f < 0)
			continue;
		features[f]++;
		if (found && found->count < CACHED_WORDS)
			found->words[found->count] = (uint8_t)(f - F_WORD_add);
		if (found && found->count <= CACHED_WORDS)
			found->count++;
	}
}

/* Is s (n bytes) word, ignoring ASCII case on both sides? */
static bool equals_nocase(const char *s, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (!word[i] || pith_ascii_lower(s[i]) != pith_ascii_lower(word[i]))
			return false;
	return word[n] == '\0';
}

/* Is word (n bytes) in list, ignoring ASCII case? */
static bool word_in(const char *word, size_t n, const char *const *list)
{
	char first = n ? pith_ascii_lower(word[0]) : 0;
	for (; *list; list++)
		if (pith_ascii_lower((*list)[0]) == first && equals_nocase(word, n, *list))
			return true;
	return false;
}

/* The schema.org group of a type name ("NewsArticle"), or -1. */
static int schema_feature(const char *name, size_t n)
{
	static const char *const article[] = {
	    "Article", "NewsArticle",        "BlogPosting",          "ScholarlyArticle",
	    "Report",  "OpinionNewsArticle", "ReportageNewsArticle", "LiveBlogPosting",
	    NULL};
	static const char *const product[] = {
	    "Product", "ProductGroup", "IndividualProduct", "ProductModel", "Vehicle", "Car", NULL};
	static const char *const offer[] = {"Offer", "AggregateOffer", "PriceSpecification",
	                                    "UnitPriceSpecification", NULL};
	static const char *const forum[] = {
	    "DiscussionForumPosting", "QAPage", "Question", "Answer", "Comment",
	    "SocialMediaPosting",     NULL};
	static const char *const list[] = {"ItemList", "CollectionPage", "SearchResultsPage",
	                                   "ListItem", "OfferCatalog",   NULL};
	static const char *const organization[] = {"Organization",
	                                           "LocalBusiness",
	                                           "Service",
	                                           "Corporation",
	                                           "ProfessionalService",
	                                           "ContactPage",
	                                           "AboutPage",
	                                           "Store",
	                                           "Restaurant",
	                                           "MedicalBusiness",
	                                           "EducationalOrganization",
	                                           "NGO",
	                                           "SoftwareApplication",
	                                           "WebApplication",
	                                           NULL};
	static const char *const faq[] = {"FAQPage", NULL};
	static const char *const doc[] = {"TechArticle", "APIReference", "SoftwareSourceCode",
	                                  "HowTo", NULL};
	static const char *const breadcrumb[] = {"BreadcrumbList", NULL};
	static const char *const review[] = {"Review", "AggregateRating", "Rating", NULL};
	static const char *const event[] = {"Event", "Course", "JobPosting", "Recipe", NULL};
	static const char *const person[] = {"Person", "ProfilePage", NULL};
	static const char *const *const groups[] = {
#define SCHEMA_LIST(g) g,
	    SCHEMA_GROUPS(SCHEMA_LIST)};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
		if (word_in(name, n, groups[g]))
			return F_SCHEMA_article + (int)g;
	return -1;
}

static void count_schema_type(const char *name, size_t n, float *features)
{
	int f = schema_feature(name, n);
	if (f >= 0)
		features[f]++;
}

/* Every "@type" value of a JSON-LD script: a string or an array of
 * them. A scan, not a JSON reader: a type named anywhere counts. */
static void count_jsonld_types(const char *s, size_t n, float *features)
{
	static const char key[] = "\"@type\"";
	const size_t key_length = sizeof key - 1;
	for (size_t i = 0; i + key_length <= n;) {
		const char *hit = memmem(s + i, n - i, key, key_length);
		if (!hit)
			return;
		i = (size_t)(hit - s) + key_length;
		while (i < n && (pith_ascii_is_space(s[i]) || s[i] == ':' || s[i] == '['))
			i++;
		while (i < n && s[i] == '"') {
			size_t start = ++i;
			while (i < n && s[i] != '"')
				i++;
			const char *name = s + start;
			size_t length = i - start;
			/* "https://schema.org/Product" names the type too. */
			const char *slash = memrchr(name, '/', length);
			if (slash) {
				length -= (size_t)(slash + 1 - name);
				name = slash + 1;
			}
			count_schema_type(name, length, features);
			i++;
			while (i < n && (pith_ascii_is_space(s[i]) || s[i] == ','))
				i++;
		}
	}
}

/* Microdata's itemtype: URLs whose last part is the type. */
static void count_itemtypes(const pith_attr *a, float *features)
{
	const char *s = a->value;
	size_t n = a->value_len;
	for (size_t i = 0; i < n;) {
		while (i < n && pith_ascii_is_space(s[i]))
			i++;
		size_t start = i;
		while (i < n && !pith_ascii_is_space(s[i]))
			i++;
		const char *slash = memrchr(s + start, '/', i - start);
		size_t from = slash ? (size_t)(slash + 1 - s) : start;
		if (i > from)
			count_schema_type(s + from, i - from, features);
	}
}

/* The path of an absolute URL, its words in groups, its depth, a year
 * and a long number in it. */
static void measure_path(const char *url, size_t n, float *features)
{
	static const char *const forum[] = {
	    "forum", "forums",     "thread",      "threads",    "topic",      "topics",
	    "t",     "discussion", "discussions", "community",  "questions",  "question",
	    "q",     "board",      "viewtopic",   "showthread", "viewthread", NULL};
	static const char *const product[] = {"product", "products", "p",   "item", "dp",
	                                      "shop",    "store",    "buy", NULL};
	static const char *const list[] = {
	    "category", "categories", "collections", "collection", "c",      "tag", "tags",
	    "search",   "catalog",    "archive",     "list",       "browse", NULL};
	static const char *const doc[] = {
	    "docs",   "doc",   "documentation", "api",      "reference",
	    "manual", "guide", "guides",        "wiki",     "learn",
	    "kb",     "help",  "support",       "tutorial", NULL};
	static const char *const article[] = {"blog",  "blogs",   "news", "article", "articles",
	                                      "story", "stories", "post", "posts",   NULL};
	static const char *const *const groups[] = {
#define PATH_LIST(g) g,
	    PATH_GROUPS(PATH_LIST)};
	const char *scheme_end = memmem(url, n, "://", 3);
	if (!scheme_end)
		return;
	size_t i = (size_t)(scheme_end + 3 - url);
	while (i < n && url[i] != '/' && url[i] != '?' && url[i] != '#')
		i++; /* the host */
	float depth = 0, slug_words = 0;
	for (; i < n && url[i] != '?' && url[i] != '#';) {
		if (url[i] == '/') {
			if (i + 1 < n && url[i + 1] != '/' && url[i + 1] != '?' &&
			    url[i + 1] != '#') {
				depth++;
				slug_words = 0;
			}
			i++;
			continue;
		}
		if (!pith_ascii_is_alnum(url[i])) {
			i++;
			continue;
		}
		size_t start = i;
		bool digits = true;
		while (i < n && pith_ascii_is_alnum(url[i])) {
			digits = digits && pith_ascii_is_digit(url[i]);
			i++;
		}
		const char *word = url + start;
		size_t length = i - start;
		slug_words += url[start - 1] != '.'; /* not "html" of ".html" */
		if (digits) {
			if (length == 4 && (word[0] == '1' || word[0] == '2'))
				features[F_path_year] = 1;
			if (length >= 5)
				features[F_path_number] = 1;
			continue;
		}
		for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
			if (word_in(word, length, groups[g]))
				features[F_PATH_forum + (int)g]++;
	}
	features[F_path_depth] = depth;
	features[F_path_root] = depth == 0;
	features[F_slug_words] = slug_words;
}

static float share(double part, double whole)
{
	return whole > 0 ? (float)(part / whole) : 0;
}

static bool attr_equals(const pith_attr *a, const char *value)
{
	return a && equals_nocase(a->value, a->value_len, value);
}

/* The class words of the last CLASS_CACHE_SIZE distinct class values, by
 * hash: pages repeat their class values ("menu-item", "card"), whose
 * words are then counted without reading them again. */
#define CLASS_CACHE_SIZE 256
typedef struct class_cache_entry {
	const char *value; /* NULL: empty */
	uint32_t hash, length;
	class_words_found found;
} class_cache_entry;

static void count_class(class_cache_entry *cache, const pith_attr *cls, float *features)
{
	uint32_t hash = pith_slot_hash(cls->value, cls->value_len);
	class_cache_entry *entry = &cache[hash % CLASS_CACHE_SIZE];
	if (entry->value && entry->hash == hash && entry->length == cls->value_len &&
	    entry->found.count <= CACHED_WORDS &&
	    memcmp(entry->value, cls->value, cls->value_len) == 0) {
		for (unsigned k = 0; k < entry->found.count; k++)
			features[F_WORD_add + entry->found.words[k]]++;
		return;
	}
	*entry = (class_cache_entry){.value = cls->value, .hash = hash, .length = cls->value_len};
	count_class_words(cls->value, cls->value_len, features, &entry->found);
}

/* The feature of each tag counted, + 1; 0 for the others. */
static const uint8_t tag_features[PITH_TAG_COUNT] = {
#define TAG_INDEX(t) [PITH_TAG_##t] = F_TAG_##t + 1,
    COUNTED_TAGS(TAG_INDEX)};

/* Reads the element's attributes: class and id words, microdata types and
 * dates. */
static void measure_attributes(const pith_dom *dom, const pith_node *node, class_cache_entry *cache,
                               float *features)
{
	for (uint32_t k = 0; k < node->attr_count; k++) {
		const pith_attr *a = &dom->attrs[node->attr_first + k];
		switch (a->name_len) {
		case 2:
			if (memcmp(a->name, "id", 2) == 0)
				count_class_words(a->value, a->value_len, features, NULL);
			break;
		case 5:
			if (memcmp(a->name, "class", 5) == 0)
				count_class(cache, a, features);
			break;
		case 8:
			if (memcmp(a->name, "itemtype", 8) == 0)
				count_itemtypes(a, features);
			else if (memcmp(a->name, "itemprop", 8) == 0 &&
			         equals_nocase(a->value, a->value_len, "datePublished"))
				features[F_date_published]++;
			break;
		}
	}
}

/* Reads the tree: tags, schema types, og:type, the canonical URL, class
 * and id words, the paragraphs' lengths. */
static void measure_tree(const pith_extractor *ex, const pith_dom *dom, float *features)
{
	double paragraph_chars = 0;
	class_cache_entry cache[CLASS_CACHE_SIZE] = {0};
	const pith_attr *canonical = NULL;
	for (pith_node_id id = 1; id < dom->node_count; id++) {
		const pith_node *node = &dom->nodes[id];
		if (node->type != PITH_NODE_ELEMENT)
			continue;
		if (node->tag < PITH_TAG_COUNT && tag_features[node->tag])
			features[tag_features[node->tag] - 1]++;
		if (node->tag == PITH_TAG_P) {
			/* A <p>'s characters are its own (segment.c, close_block). */
			uint32_t chars = ex->elements[id].chars;
			paragraph_chars += chars;
			features[F_long_paragraphs] += chars > 200;
		}
		if (node->attr_count)
			measure_attributes(dom, node, cache, features);
		if (node->tag == PITH_TAG_SCRIPT &&
		    attr_equals(pith_dom_attr(dom, id, "type"), "application/ld+json")) {
			for (pith_node_id t = node->first_child; t; t = dom->nodes[t].next_sibling)
				if (dom->nodes[t].type == PITH_NODE_TEXT) {
					count_jsonld_types(dom->nodes[t].text,
					                   dom->nodes[t].text_len, features);
					if (memmem(dom->nodes[t].text, dom->nodes[t].text_len,
					           "\"datePublished\"", 15))
						features[F_date_published]++;
				}
		} else if (node->tag == PITH_TAG_META) {
			const pith_attr *property = pith_dom_attr(dom, id, "property");
			const pith_attr *content = pith_dom_attr(dom, id, "content");
			if (attr_equals(property, "og:type") && content) {
				if (pith_ascii_starts_with_nocase(content->value,
				                                  content->value_len, "article"))
					features[F_og_article] = 1;
				else if (pith_ascii_starts_with_nocase(
				             content->value, content->value_len, "product"))
					features[F_og_product] = 1;
				else if (attr_equals(content, "website"))
					features[F_og_website] = 1;
			} else if (attr_equals(property, "article:published_time")) {
				features[F_date_published]++;
			} else if (attr_equals(property, "og:url") && content && !canonical) {
				canonical = content;
			}
		} else if (node->tag == PITH_TAG_LINK &&
		           attr_equals(pith_dom_attr(dom, id, "rel"), "canonical")) {
			const pith_attr *href = pith_dom_attr(dom, id, "href");
			if (href)
				canonical = href;
		}
	}
	if (canonical)
		measure_path(canonical->value, canonical->value_len, features);
	features[F_p_char_share] = share(paragraph_chars, ex->elements[ex->body].chars);
	features[F_chars_per_paragraph] = share(paragraph_chars, features[F_TAG_P]);
}

/* A price: a currency sign beside a digit ("$12", "12,50 €"). Each sign
 * is looked for with memchr on its first byte. */
static float count_prices(const char *text, size_t n)
{
	static const char *const signs[] = {"$",        "\xe2\x82\xac", "\xc2\xa3",
	                                    "\xc2\xa5", "\xe2\x82\xb9", "\xe2\x82\xa9"};
	float prices = 0;
	for (size_t s = 0; s < sizeof signs / sizeof signs[0]; s++) {
		size_t m = strlen(signs[s]);
		for (const char *at = memchr(text, signs[s][0], n); at;
		     at = memchr(at + 1, signs[s][0], n - (size_t)(at + 1 - text))) {
			size_t i = (size_t)(at - text);
			if (i + m > n || memcmp(at, signs[s], m) != 0)
				continue;
			size_t after = i + m;
			if (after < n && text[after] == ' ')
				after++;
			size_t before = i;
			if (before > 0 && text[before - 1] == ' ')
				before--;
			if ((after < n && pith_ascii_is_digit(text[after])) ||
			    (before > 0 && pith_ascii_is_digit(text[before - 1])))
				prices++;
		}
	}
	return prices;
}

/* Measures the blocks: their kinds, how much of the page the best region
 * and the main landmark hold. */
static void measure_blocks(const pith_extractor *ex, pith_node_id region, float *features)
{
	const pith_element_info *body = &ex->elements[ex->body];
	const pith_element_info *best = &ex->elements[region];
	features[F_body_chars] = (float)body->chars;
	features[F_link_share] = share(body->link_chars, body->chars);
	features[F_prose_share] = share(body->prose, body->chars);
	features[F_region_char_share] = share(best->chars, body->chars);
	features[F_region_prose_share] = share(best->prose, body->prose);
	features[F_region_link_share] = share(best->link_chars, best->chars);
	features[F_region_block_share] =
	    share(best->block_end - best->block_begin, (double)ex->block_count);
	features[F_has_main] = ex->main != 0;
	if (ex->main)
		features[F_main_char_share] = share(ex->elements[ex->main].chars, body->chars);
	features[F_blocks] = (float)ex->block_count;
	double words = 0, number_words = 0, heading_words = 0, headings = 0;
	float run = 0, run_chars = 0, short_blocks = 0;
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		words += b->words;
		bool prose = pith_is_prose(b, &ex->tuning->region_prose);
		features[F_prose_blocks] += prose;
		/* The longest run of prose blocks, headings inside it allowed:
		 * an article's body. */
		if (prose) {
			run++;
			run_chars += (float)(b->chars - b->link_chars);
		} else if (!b->heading_level) {
			run = run_chars = 0;
		}
		if (run > features[F_prose_run]) {
			features[F_prose_run] = run;
			features[F_prose_run_share] = share(run_chars, body->chars);
		}
		short_blocks += b->words < 8;
		number_words += b->number_words;
		if (b->heading_level == 1 && features[F_h1_words] == 0)
			features[F_h1_words] = (float)b->words;
		if (b->heading_level >= 2 && b->heading_level <= 4) {
			headings++;
			heading_words += b->words;
		}
		/* A link of a headline's length: an index's entries. */
		features[F_long_link_blocks] += b->link_chars >= 40;
		features[F_mid_link_blocks] += b->link_chars >= 20 && b->link_chars < 40;
		features[F_heading_blocks] += b->heading_level != 0;
		features[F_list_blocks] += b->list_owner != 0;
		features[F_cell_blocks] += b->table != 0;
		features[F_link_blocks] += b->chars > 0 && b->link_chars == b->chars;
		features[F_long_blocks] += b->words >= 30;
	}
	features[F_words_per_block] = share(words, (double)ex->block_count);
	features[F_number_word_share] = share(number_words, words);
	features[F_heading_words] = share(heading_words, headings);
	features[F_short_block_share] = share(short_blocks, (double)ex->block_count);
	features[F_region_prose] = (float)best->prose;
	features[F_headings_per_prose] =
	    share(features[F_heading_blocks], features[F_prose_blocks] + 1.0);
	features[F_region_start] = share(best->block_begin, (double)ex->block_count);
	features[F_prices] = count_prices(ex->text.data, ex->text.length);
}

void pith_page_features(const pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                        float features[PITH_PAGE_FEATURES])
{
	pthread_once(&class_word_slots_made, make_class_word_slots);
	memset(features, 0, PITH_PAGE_FEATURES * sizeof *features);
	measure_tree(ex, dom, features);
	measure_blocks(ex, region, features);
	features[F_links_per_kchar] =
	    share(features[F_TAG_A], features[F_body_chars] / 1000.0 + 1.0);
	features[F_chars_per_link] = share(ex->elements[ex->body].link_chars, features[F_TAG_A]);
}

/* pith_word_bytes (page_type.h), sixteen bytes a row. */
#define WORD_BYTES_ROW(r)                                                                          \
	WORD_BYTE(r + 0), WORD_BYTE(r + 1), WORD_BYTE(r + 2), WORD_BYTE(r + 3), WORD_BYTE(r + 4),  \
	    WORD_BYTE(r + 5), WORD_BYTE(r + 6), WORD_BYTE(r + 7), WORD_BYTE(r + 8),                \
	    WORD_BYTE(r + 9), WORD_BYTE(r + 10), WORD_BYTE(r + 11), WORD_BYTE(r + 12),             \
	    WORD_BYTE(r + 13), WORD_BYTE(r + 14), WORD_BYTE(r + 15)
#define WORD_BYTE(c)                                                                               \
	((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A')                                              \
	 : ((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') || (c) >= 0x80 ? (c)           \
	                                                                           : 0)

const unsigned char pith_word_bytes[256] = {
    WORD_BYTES_ROW(0x00), WORD_BYTES_ROW(0x10), WORD_BYTES_ROW(0x20), WORD_BYTES_ROW(0x30),
    WORD_BYTES_ROW(0x40), WORD_BYTES_ROW(0x50), WORD_BYTES_ROW(0x60), WORD_BYTES_ROW(0x70),
    WORD_BYTES_ROW(0x80), WORD_BYTES_ROW(0x90), WORD_BYTES_ROW(0xa0), WORD_BYTES_ROW(0xb0),
    WORD_BYTES_ROW(0xc0), WORD_BYTES_ROW(0xd0), WORD_BYTES_ROW(0xe0), WORD_BYTES_ROW(0xf0)};

/* The reported type (the trees' averaged with the regression's) is
 * right more often than the regression's alone on pages of parts (in
 * domain-grouped CV on WCXB dev, products 0.66 to 0.85, listings 0.41 to
 * 0.52, collections 0.56 to 0.63, services 0.63 to 0.70), about as often
 * on forums and documentation (0.93 to 0.91, 0.80 to 0.81), and, taken
 * for every type but article, it chose the better regions (WCXB dev's
 * word F1 +0.0007 over products, collections and listings alone). Not an
 * article's: where the reported type says article and the regression
 * another type, the regression's wider region stands (a portal's story
 * in an old table layout, which an article's region misses). A type
 * told with less than enough confidence leaves the region an article's:
 * a listing's wider region costs an article more than an article's
 * costs a listing. docs/DESIGN.md, "Page type", has the measurements. */
pith_page_type pith_region_type(pith_page_type reported, float confidence,
                                pith_page_type regression, float regression_confidence,
                                double enough)
{
	if (reported != PITH_PAGE_TYPE_ARTICLE && confidence >= enough)
		return reported;
	return regression_confidence >= enough ? regression : PITH_PAGE_TYPE_ARTICLE;
}
