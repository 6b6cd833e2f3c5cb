/* URL references made absolute (RFC 3986 section 5.2): the one resolver
 * behind links, images and metadata URLs. */
#ifndef PITH_URL_H
#define PITH_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buffer.h"

/* pith_url_resolve refuses URLs longer than this: real ones are under
 * 2 KiB (browsers and CDNs refuse far less than 64 KiB), and a data: URI
 * of megabytes is no page's canonical address. */
#define PITH_MAX_URL_BYTES 8192

/* s[0..*length) without the ASCII whitespace HTML strips around URLs in
 * attributes; *length is updated. */
const char *pith_url_trim(const char *s, size_t *length);

/* Appends the target of reference against base (RFC 3986 section 5.2) to
 * out, which stays NUL-terminated. Whitespace around the reference is
 * dropped; with a base that has no scheme, a relative reference is
 * appended as it is. Any length: the target is never longer than base and
 * reference together plus 8 bytes. base and reference must not lie in
 * out, which may move. False when memory runs out. */
bool pith_url_append_resolved(pith_buffer *out, const char *base, size_t base_length,
                              const char *reference, size_t reference_length);

/* The same target, NUL-terminated in arena; NULL when either is longer
 * than PITH_MAX_URL_BYTES or memory runs out. */
char *pith_url_resolve(pith_arena *arena, const char *base, size_t base_length,
                       const char *reference, size_t reference_length);

#endif
