/* JSON strings for the pith command's --format json output. */
#ifndef PITH_CLI_JSON_WRITER_H
#define PITH_CLI_JSON_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Writes bytes[0..length) to out as a JSON string, quotes included.
 * Quotation marks, backslashes and the control characters U+0000..U+001F
 * are escaped (\n, \t, \r, \b, \f, else \u00XX); all other UTF-8 passes
 * through as is. A byte that is not part of valid UTF-8 becomes U+FFFD, so
 * the output is valid JSON even for a file name, which may hold any bytes.
 * Returns 0, or EOF when writing failed. */
int json_write_string(FILE *out, const char *bytes, size_t length);

#endif
