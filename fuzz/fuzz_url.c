/* libFuzzer target: the URL parser (src/base/url.c), which reads every
 * link, image and metadata URL of a page. The input is a base URL and a
 * URL to parse against it, split at the first NUL (no NUL: no base).
 * Traps when the parser crashes or fails to stop; when a URL it writes
 * holds a byte outside printable ASCII and the space (every other byte is
 * percent-encoded or, in a host, written as Punycode); when that URL,
 * parsed again on its own, fails or reads otherwise (the standard's
 * serialisation reads back as itself); when a failure changes the
 * buffer; when what came before in the buffer changes; or when a link
 * resolved against the base parsed once (pith_url_base_set) differs from
 * one resolved with the base given as a string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "fuzz_checks.h"

static const char kept[] = "kept";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	const char *base = nul ? text : "", *input = nul ? nul + 1 : text;
	size_t base_length = nul ? (size_t)(nul - text) : 0;
	size_t input_length = nul ? size - base_length - 1 : size;

	pith_buffer out = {0}, again = {0};
	CHECK(pith_buffer_append(&out, kept, 4));
	pith_url_status status =
	    pith_url_parse_append(&out, base, base_length, input, input_length);
	CHECK(status != PITH_URL_NOMEM);
	CHECK(memcmp(out.data, kept, 4) == 0 && out.data[out.length] == '\0');
	if (status == PITH_URL_FAILURE) {
		CHECK(out.length == 4);
	} else {
		const char *url = out.data + 4;
		size_t length = out.length - 4;
		for (size_t i = 0; i < length; i++)
			CHECK(url[i] >= 0x20 && url[i] < 0x7f);
		CHECK(pith_url_parse_append(&again, "", 0, url, length) == PITH_URL_PARSED);
		CHECK(again.length == length && memcmp(again.data, url, length) == 0);
	}
	/* What links get: the URL, or the input as written; the same
	 * against a base parsed once. */
	out.length = 4;
	CHECK(pith_url_append_resolved(&out, base, base_length, input, input_length));
	CHECK(memcmp(out.data, kept, 4) == 0 && out.data[out.length] == '\0');
	pith_url_base parsed = {0};
	CHECK(pith_url_base_set(&parsed, base, base_length));
	again.length = 0;
	CHECK(pith_buffer_append(&again, kept, 4));
	CHECK(pith_url_append_against(&again, &parsed, input, input_length));
	CHECK(again.length == out.length && memcmp(again.data, out.data, out.length) == 0);
	pith_url_base_release(&parsed);
	pith_buffer_free(&out);
	pith_buffer_free(&again);
	return 0;
}
