/* JSON strings for the pith command's --format json output. */
#ifndef PITH_CLI_JSON_WRITER_H
#define PITH_CLI_JSON_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Writes bytes[0..length) to out as a JSON string, quotes included,
 * escaped as pith_json_append_string (src/base/json.h) says: the output is
 * valid JSON whatever the bytes (a file name may hold any). Returns 0, or
 * EOF when writing failed. */
int json_write_string(FILE *out, const char *bytes, size_t length);

#endif
