/* JSON strings (RFC 8259 section 7) appended to a byte buffer: the one
 * escaper behind every JSON pith writes. */
#ifndef PITH_JSON_H
#define PITH_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buffer.h"

/* Appends bytes[0..length) to out as a JSON string, quotes included.
 * Quotation marks, backslashes and the control characters U+0000..U+001F
 * are escaped (\n, \t, \r, \b, \f, else \u00XX); all other UTF-8 passes
 * through as is. A byte that is not part of valid UTF-8 becomes U+FFFD, so
 * the output is valid JSON whatever the input (a file name may hold any
 * bytes). False when memory runs out. */
bool pith_json_append_string(pith_buffer *out, const char *bytes, size_t length);

#endif
