/* What the files of src/metadata/ share: date normalisation, the JSON
 * reader, language detection, and the builder the metadata and comment
 * finders fill. */
#ifndef PITH_METADATA_INTERNAL_H
#define PITH_METADATA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/url.h"
#include "../dom/dom.h"
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

#endif
