/* JSON strings for the command's output, over the library's escaper. */
#include "json_writer.h"

#include "base/json.h"

int json_write_string(FILE *out, const char *bytes, size_t length)
{
	pith_buffer escaped = {0};
	bool ok = pith_json_append_string(&escaped, bytes, length) &&
	          fwrite(escaped.data, 1, escaped.length, out) == escaped.length;
	pith_buffer_free(&escaped);
	return ok ? 0 : EOF;
}
