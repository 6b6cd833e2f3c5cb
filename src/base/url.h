/* URLs read as browsers read them (the URL Standard's basic URL parser,
 * https://url.spec.whatwg.org/): the one resolver behind links, images
 * and metadata URLs. */
#ifndef PITH_URL_H
#define PITH_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buffer.h"

/* The parser reads no URL (input or base) longer than this, without its
 * tabs and newlines, and writes none longer either (percent-encoding
 * writes three bytes for one, resolution adds the base's): an input whose
 * URL would pass it is no URL, so every URL the parser writes it reads
 * back as itself. Real ones are under 2 KiB (browsers and CDNs refuse far
 * less than 64 KiB), and a data: URI of megabytes is no page's canonical
 * address. The parser's copies of a URL live on the stack, so the limit
 * also bounds its memory. */
#define PITH_MAX_URL_BYTES 8192

typedef enum pith_url_status {
	PITH_URL_PARSED,
	PITH_URL_FAILURE, /* the standard's "failure": no URL */
	PITH_URL_NOMEM,
} pith_url_status;

/* Parses input against base (itself parsed first; an empty base, or one
 * that fails or is too long, is no base) with the URL Standard's basic
 * URL parser, and appends the serialised URL (its href) to out, which
 * stays NUL-terminated. C0 controls and spaces around either, and tabs
 * and newlines in them, are dropped as the standard says. On failure
 * (an input that is no URL, a relative one with no base, either longer
 * than PITH_MAX_URL_BYTES) or out of memory, out is as it was. base and
 * input must not lie in out, which may move. Linear work in the lengths,
 * but for IDNA of a non-ASCII host, which is bounded
 * (PITH_URL_MAX_IDNA_LABEL_BYTES in url.c). */
pith_url_status pith_url_parse_append(pith_buffer *out, const char *base, size_t base_length,
                                      const char *input, size_t input_length);

/* s[0..*length) without the ASCII whitespace HTML strips around URLs in
 * attributes; *length is updated. */
const char *pith_url_trim(const char *s, size_t *length);

/* A base URL parsed once, for the many references of a page: parsing the
 * base again for each link cost as much as the link. Zeroed: no base.
 * The fields but href are url.c's offsets into href. */
typedef struct pith_url_base {
	pith_buffer href; /* the base, serialised */
	bool parsed;      /* false: no base (none given, or no URL) */
	size_t scheme_end, host_start, host_end, path_start, query_start, fragment_start;
	int scheme;
	bool has_host, opaque_path, dot_prefix;
} pith_url_base;

/* Parses s[0..length) into base (empty, or no URL: no base). False only
 * when memory runs out; base then has no base. */
bool pith_url_base_set(pith_url_base *base, const char *s, size_t length);

/* Frees base's memory; it is then zeroed. */
void pith_url_base_release(pith_url_base *base);

/* pith_url_append_resolved against a parsed base. */
bool pith_url_append_against(pith_buffer *out, const pith_url_base *base, const char *reference,
                             size_t reference_length);

/* Appends reference parsed against base (pith_url_parse_append) to out,
 * which stays NUL-terminated; a reference the parser refuses (no URL, a
 * relative one with no base, one too long) is appended as it is written,
 * without the whitespace around it, as a browser's a.href gives back an
 * href it cannot parse. base and reference must not lie in out, which
 * may move. False when memory runs out. */
bool pith_url_append_resolved(pith_buffer *out, const char *base, size_t base_length,
                              const char *reference, size_t reference_length);

/* The same, NUL-terminated in arena; NULL when either is longer than
 * PITH_MAX_URL_BYTES or memory runs out. */
char *pith_url_resolve(pith_arena *arena, const char *base, size_t base_length,
                       const char *reference, size_t reference_length);

#endif
