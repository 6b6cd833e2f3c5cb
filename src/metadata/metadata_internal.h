/* What the files of src/metadata/ share: date normalisation, the JSON
 * reader, language detection, the text of the tree, the comment finder,
 * and the collector that metadata.c and its readers (one file a source)
 * fill. */
#ifndef PITH_METADATA_INTERNAL_H
#define PITH_METADATA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/url.h"
#include "../dom/dom.h"
#include "metadata.h"
#include "pith.h"

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+HH:MM" (or "...Z"), with room for
 * the NUL. */
#define PITH_DATE_BYTES 32

/* A date or date-time as pages write it (ISO 8601 and its common
 * variants, RFC 2822, "March 5, 2024", "5. März 2024", "5 de marzo de
 * 2024", "2024年3月5日", "05.03.2024", "2024/03/05"; month and weekday names
 * in the 25 languages of date_names.c), written to out as ISO 8601: the
 * date-time with its offset when the source gives a time and an offset,
 * else the date. language is the page's BCP 47 tag, or NULL: it orders
 * numeric dates ("05/03/2024" is 5 March in "de", 3 May in "en-US") and
 * its names are tried first. Returns the length written, or 0 when s is
 * not a valid date (month 13, 30 February, hour 25, offset over 14 hours,
 * year outside 1000-9999) or when the day and month could be either and
 * the language does not say (*ambiguous, which may be NULL, tells). */
size_t pith_date_normalize(const char *s, size_t length, const char *language,
                           char out[PITH_DATE_BYTES], bool *ambiguous);

/* Where a date (with its year) starts in a text, a byline's ("By Jo Lee,
 * 5. März 2024, 10:00"): returns its length from *start, or 0 when the
 * text holds none. */
size_t pith_date_find(const char *s, size_t length, size_t *start);

/* Is the word (a trailing "." or "," aside) a month's or a weekday's
 * name in one of the 25 languages ("März", "Sept.", "mardi,")? */
bool pith_date_is_month_name(const char *word, size_t length);
bool pith_date_is_weekday_name(const char *word, size_t length);

/* A date in a URL's path ("/2024/03/05/", "/2024-03-05-slug"), as
 * "YYYY-MM-DD", or 0. */
size_t pith_date_from_url(const char *url, size_t length, char out[PITH_DATE_BYTES]);

/* ---- JSON (for JSON-LD) ---- */

/* A JSON-LD block larger than this is skipped: real ones are under
 * 100 KiB; the limit bounds a page's parsing work and copies. */
#define PITH_MAX_JSON_BYTES ((size_t)1024 * 1024)
/* Arrays and objects nest at most this deep (the reader recurses once per
 * level; JSON-LD graphs are under ten deep). */
#define PITH_MAX_JSON_DEPTH 32
/* Values in one block at most (each costs one node in the arena). */
#define PITH_MAX_JSON_VALUES 65536

typedef enum pith_json_type {
	PITH_JSON_NULL,
	PITH_JSON_FALSE,
	PITH_JSON_TRUE,
	PITH_JSON_NUMBER,
	PITH_JSON_STRING,
	PITH_JSON_ARRAY,
	PITH_JSON_OBJECT,
} pith_json_type;

typedef struct pith_json {
	pith_json_type type;
	const char *key; /* an object member's name, decoded, else NULL */
	size_t key_length;
	const char *string; /* a string (decoded, NUL-terminated) or number's text */
	size_t length;
	struct pith_json *first, *next; /* an array's or object's values, in order */
} pith_json;

/* Parses s[0..length), which must be one JSON value (RFC 8259) with only
 * whitespace around it, into arena. Returns NULL for malformed or too
 * large input (*status PITH_OK) or when memory runs out (*status
 * PITH_ERROR_NOMEM). */
pith_json *pith_json_parse(pith_arena *arena, const char *s, size_t length, pith_status *status);

/* The member named key of an object, or NULL. */
const pith_json *pith_json_member(const pith_json *object, const char *key);

/* ---- Language ---- */

/* What detection makes of a text. */
typedef struct pith_language_guess {
	/* ISO 639-1 code ("de"), ISO 639-3 where the language has none
	 * ("ceb"); NULL when the text names none (no letters, too little). */
	const char *language;
	/* Confidence, 0..1: the share of the sample's letters in the
	 * language's script (script rules) or in the language (CLD2, halved
	 * when CLD2 does not call its answer reliable). */
	double score;
} pith_language_guess;

/* The language of text (UTF-8), from at most PITH_LANGUAGE_SAMPLE_BYTES
 * of its start. PITH_ERROR_NOMEM when memory ran out inside CLD2. */
pith_status pith_language_detect(const char *text, size_t length, pith_language_guess *guess);

/* How much of the text detection reads. CLD2 reads about 10 MB/s of text
 * on this machine kind, and pith extracts a page in about 300 us: the
 * sample keeps detection to a small share of extraction's time. On the
 * multilingual dev sets it names as many pages right as the whole text
 * does (docs/DESIGN.md, Metadata). */
#define PITH_LANGUAGE_SAMPLE_BYTES 512

/* RFC 5646 (section 4.4.1) asks for tags of at least 35 characters;
 * longer declared values are no tags. */
#define PITH_MAX_LANGUAGE_TAG_BYTES 35

/* Normalises the declared tag in tag[0..length) in place to BCP 47's
 * cases ("EN_us" -> "en-US", "zh-hans-cn" -> "zh-Hans-CN"); a list ("de,
 * en") gives its first tag. Returns the tag's new length, or 0 when it is
 * no tag (a primary subtag that is not two or three letters, characters
 * other than letters, digits, "-" and "_", a subtag over eight). */
size_t pith_language_normalize_tag(char *tag, size_t length);

/* ---- Text of the tree ---- */

/* An element's text, whitespace collapsed and trimmed, at most max_bytes
 * (cut at a character boundary) and read from at most
 * PITH_MAX_TEXT_NODES_VISITED nodes: bounded however large the subtree.
 * NUL-terminated in arena; NULL when memory runs out. */
char *pith_metadata_node_text(pith_arena *arena, const pith_dom *dom, pith_node_id id,
                              size_t max_bytes, size_t *length);
#define PITH_MAX_TEXT_NODES_VISITED 4096

/* The same, with first_line: only the text before the first <br> that
 * follows some text (a byline's name, above its date or role). */
char *pith_metadata_node_line(pith_arena *arena, const pith_dom *dom, pith_node_id id,
                              size_t max_bytes, bool first_line, size_t *length);

/* length, less the bytes of a last character that s[0..length) holds
 * only in part (after a cut at a byte count). */
size_t pith_metadata_whole_characters(const char *s, size_t length);

/* A copy of s with whitespace collapsed and trimmed, NUL-terminated. */
char *pith_metadata_collapse(pith_arena *arena, const char *s, size_t length, size_t *out_length);

/* The next token of a whitespace-separated list (space, tab and LF
 * separate) in [*s, end): returns its start and sets *length, moving *s
 * past it; *length is 0 when none is left. */
const char *pith_metadata_next_token(const char **s, const char *end, size_t *length);

/* Does the attribute value hold word as a whole word? Words are cut at
 * what is not a letter or digit; ASCII case is ignored. With prefix, a
 * word that starts with word counts ("comments" for "comment"). */
bool pith_metadata_has_word(const char *value, size_t length, const char *word, bool prefix);

/* ---- Comments ---- */

/* A comment's text is cut here. */
#define PITH_MAX_COMMENT_BYTES ((size_t)16 * 1024)

/* The comments under the page's comment sections, in document order, into
 * *comments (arena-backed). language (the page's BCP 47 tag, or NULL)
 * orders their numeric dates. */
pith_status pith_comments_find(pith_arena *arena, const pith_dom *dom, const char *language,
                               pith_comment **comments, size_t *count);

/* ---- The metadata collector (metadata.c and its readers) ----
 *
 * metadata.c walks the elements once and hands each to the readers of
 * its sources; each offers candidates to one collector, and metadata.c
 * then chooses every field from them (the title by title.c). */

/* Headings read as title candidates: the headline is among the first
 * few h1s; reading all of a page of thousands would cost their text. */
#define MAX_H1_CANDIDATES 8
/* Heading and title texts are read up to this length. */
#define MAX_TITLE_BYTES 1024

#define COUNT_OF(array) (sizeof array / sizeof *array)

/* Where a candidate came from, most trusted first; a field keeps the
 * candidate of the lowest rank, the first one among equals. Ranks are
 * even: a <meta name> key is its <meta property> twin's rank plus one
 * (META_NAME_STEP), since OpenGraph and Dublin Core in RDFa are written
 * with property, and name="og:title" is the same key written loosely. */
typedef enum source_rank {
	RANK_BEST = 2,          /* <link rel=canonical>, <html lang> */
	RANK_JSONLD = 4,        /* schema.org Article and its kin */
	RANK_OPENGRAPH = 6,     /* og:*, article:* */
	RANK_TWITTER = 8,       /* twitter:* */
	RANK_DUBLIN_CORE = 10,  /* DC.*, dcterms.* */
	RANK_META = 12,         /* plain <meta name> */
	RANK_JSONLD_PAGE = 14,  /* schema.org WebPage, WebSite, Organization */
	RANK_MICRODATA = 16,    /* itemprop */
	RANK_MARKUP = 18,       /* <time>, bylines, rel=author, rel=license */
	RANK_VISIBLE_DATE = 19, /* a date in a byline's or <time>'s text: after
	                           <time datetime>, which machines read, at
	                           any place in the page */
	RANK_URL = 20,          /* the page's URL */
	RANK_NONE = 100,
} source_rank;

typedef struct candidate {
	const char *text; /* borrowed, not NUL-terminated */
	size_t length;
	int rank;
} candidate;

typedef enum field {
	FIELD_DATE_PUBLISHED,
	FIELD_DATE_MODIFIED,
	FIELD_SITE_NAME,
	FIELD_URL,
	FIELD_DESCRIPTION,
	FIELD_LANGUAGE,
	FIELD_IMAGE,
	FIELD_LICENSE,
	FIELD_TITLE_OPENGRAPH, /* og:title, twitter:title, DC title, meta title */
	FIELD_TITLE_JSONLD,    /* JSON-LD headline */
	/* The best dates that need no language to be read, for when the
	 * best of all is a numeric date the page's language cannot order. */
	FIELD_DATE_PUBLISHED_UNAMBIGUOUS,
	FIELD_DATE_MODIFIED_UNAMBIGUOUS,
	FIELD_NONE,
	FIELD_AUTHOR, /* lists: collected apart */
	FIELD_TAG,
	FIELD_NEXT,
} field;
#define SINGLE_FIELD_COUNT FIELD_NONE
#define META_NAME_STEP 1

/* A list being built: the items of the best rank seen so far. */
typedef struct string_list {
	const char **items;
	size_t count, max;
	int rank;
} string_list;

typedef struct pager_link {
	unsigned number;
	const char *href;
	size_t href_length;
} pager_link;

typedef struct collector {
	pith_arena *arena;
	const pith_dom *dom;
	candidate fields[SINGLE_FIELD_COUNT];
	string_list authors, tags, next_pages;
	bool have_byline;
	const char *title_element; /* <title>, collapsed */
	size_t title_element_length;
	const char *h1[MAX_H1_CANDIDATES];
	size_t h1_length[MAX_H1_CANDIDATES];
	size_t h1_count;
	const char *base_href;
	size_t base_href_length;
	pith_node_id pager; /* the first pager's element, or 0 */
	pager_link pager_links[PITH_MAX_NEXT_PAGES];
	size_t pager_link_count;
	unsigned current_page;
	size_t jsonld_blocks;
	/* The articleBody of the page's JSON-LD article, in arena, and how
	 * many articles gave one (jsonld.c). */
	const char *article_body;
	size_t article_body_length;
	unsigned article_bodies;
	size_t visible_date_searches;
	size_t dates_read; /* date candidates parsed */
	bool out_of_memory;
} collector;

/* Small string tools (metadata.c). */
bool pith_metadata_span_equals(const char *s, size_t n, const char *word);
/* Equal but for ASCII case. */
bool pith_metadata_span_equals_nocase(const char *a, size_t n, const char *b, size_t m);
/* s[0..n) less the spaces, tabs, CRs and LFs at its ends. */
void pith_metadata_trim(const char **s, size_t *n);
/* Does attribute name of element id hold word as a whole word (with
 * prefix, a word that starts with it)? pith_metadata_has_word's rules. */
bool pith_metadata_attr_has_word(const pith_dom *dom, pith_node_id id, const char *name,
                                 const char *word, bool prefix);
/* Is the space-separated token list value holding token (ASCII case
 * ignored)? */
bool pith_metadata_has_token(const char *value, size_t length, const char *token);

/* Candidates (metadata.c). A single field keeps the candidate of the
 * lowest rank, the first among equals; a date that cannot be read, a
 * language that is no tag, a URL the URL policy refuses is no candidate. */
void pith_metadata_offer(collector *c, field f, const char *text, size_t length, int rank);
/* A copy of s, collapsed, into list when rank is the list's best so far;
 * a better rank empties the list first. */
void pith_metadata_list_offer(collector *c, string_list *list, const char *s, size_t n, int rank);
/* An author's name, less a leading "By" and its kin. */
void pith_metadata_offer_author(collector *c, const char *s, size_t n, int rank);
/* Comma-separated keywords, one tag each. */
void pith_metadata_offer_tags(collector *c, const char *s, size_t n, int rank);
/* A following page's URL, unless the URL policy refuses it. */
void pith_metadata_offer_next_page(collector *c, const char *href, size_t n);

/* The readers, one a source; each offers what element id gives. */
void pith_metadata_read_meta(collector *c, pith_node_id id);     /* meta_tags.c */
void pith_metadata_read_jsonld(collector *c, pith_node_id id);   /* jsonld.c */
void pith_metadata_read_microdata(collector *c, pith_node_id id, /* microdata.c */
                                  const pith_attr *itemprop);
/* Is the element inside (or itself) a comment section or a comment
 * (microdata.c)? Its dates and authors are the commenters'. */
bool pith_metadata_in_comments(const pith_dom *dom, pith_node_id id);
/* byline.c: does a class or id value name a byline; a byline element
 * (found by the walk); a date a reader sees in a byline's or <time>'s
 * text. */
bool pith_metadata_names_byline(const char *value, size_t length);
void pith_metadata_read_byline(collector *c, pith_node_id id);
void pith_metadata_offer_visible_date(collector *c, pith_node_id id);
/* pager.c: a pager's page number; a <link> or <a> with rel; the next
 * pages once the walk is done. */
void pith_metadata_read_pager_item(collector *c, pith_node_id id);
void pith_metadata_read_link(collector *c, pith_node_id id, const pith_attr *rel);
void pith_metadata_choose_next_pages(collector *c);
/* title.c: the first <title>; an h1; and the title field, chosen once the
 * walk is done from the declared titles, the <title>, the h1s and the
 * extractor's headline, the site's name cut off (*out borrows). */
void pith_metadata_read_title_element(collector *c, pith_node_id id);
void pith_metadata_read_h1(collector *c, pith_node_id id);
void pith_metadata_choose_title(collector *c, const pith_metadata_input *input, const char *site,
                                size_t site_length, const char **out, size_t *out_length);

#endif
