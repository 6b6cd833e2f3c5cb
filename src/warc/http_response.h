/* The HTTP response inside a WARC response record (RFC 9112): its status
 * line and headers, and the body's transfer and content codings undone.
 * Everything here works on bytes already in memory and is bounded by
 * their length. */
#ifndef PITH_HTTP_RESPONSE_H
#define PITH_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

#include "base/buffer.h"
#include "pith.h"

typedef enum pith_content_coding {
	PITH_CODING_IDENTITY,
	PITH_CODING_GZIP,
	PITH_CODING_DEFLATE,
	PITH_CODING_BROTLI,  /* br (RFC 7932) */
	PITH_CODING_ZSTD,    /* zstd (RFC 8878) */
	PITH_CODING_UNKNOWN, /* compress, a list of codings, ...: left as it is */
} pith_content_coding;

/* A parsed status line and header block. Strings point into the bytes
 * parsed; content_type is NULL when the header is absent. */
typedef struct pith_http_head {
	int status;
	size_t body_offset; /* where the body starts */
	const char *content_type;
	size_t content_type_length;
	bool chunked; /* Transfer-Encoding names chunked */
	pith_content_coding coding;
} pith_http_head;

/* The end of a header block that starts at text[0]: the offset just past
 * its empty line (CRLF or bare LF), or 0 when it does not end within n. */
size_t pith_header_block_end(const char *text, size_t n);

/* Parses the head of block[0..length). PITH_OK, or PITH_ERROR_MALFORMED
 * when the bytes do not start with an HTTP status line, or the header
 * block does not end within them or within PITH_WARC_MAX_HEADER_BYTES. */
pith_status pith_http_parse_head(const char *block, size_t length, pith_http_head *head);

/* Whether a Content-Type value's media type is text/html or
 * application/xhtml+xml (case-insensitive). */
bool pith_http_type_is_html(const char *type, size_t length);

/* The charset parameter of a Content-Type value, unquoted, appended to out
 * with a NUL; *found says whether there was one. false when memory runs
 * out. */
bool pith_http_type_charset(const char *type, size_t length, pith_buffer *out, size_t *offset,
                            bool *found);

/* The chunked transfer coding undone (chunk extensions and trailers
 * skipped) into out. PITH_ERROR_MALFORMED when the bytes are not whole
 * chunked data, PITH_ERROR_NOMEM. */
pith_status pith_http_dechunk(const char *body, size_t length, pith_buffer *out);

/* gzip or deflate (zlib-wrapped or raw) content undone into out with the
 * caller's inflater (made with inflateInit2). PITH_ERROR_MALFORMED when
 * the data does not inflate whole, PITH_ERROR_TOO_LARGE when the result
 * would exceed limit bytes, PITH_ERROR_NOMEM. */
pith_status pith_http_decode(z_stream *inflater, pith_content_coding coding, const char *body,
                             size_t length, size_t limit, pith_buffer *out);

/* br or zstd content undone into out, as pith_http_decode: PITH_ERROR_
 * MALFORMED when the data does not decode whole (a zstd body may be
 * several frames), PITH_ERROR_TOO_LARGE past limit bytes,
 * PITH_ERROR_NOMEM. */
pith_status pith_http_decode_other(pith_content_coding coding, const char *body, size_t length,
                                   size_t limit, pith_buffer *out);

#endif
