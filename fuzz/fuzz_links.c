/* libFuzzer target: what the pith command reads before the library sees
 * a page (cli/sniff.c, cli/links.c). The input is sniffed for its
 * compression and kind, decompressed whole and as a prefix, and read as
 * each kind of sitemap and feed; every URL handed over must be an
 * absolute http(s) URL of the length said, NUL-terminated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "links.h"
#include "sniff.h"

static bool check_url(void *user, const char *url, size_t length)
{
	size_t *count = user;
	if (strlen(url) != length || length > LINKS_MAX_URL_BYTES)
		abort();
	if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
		abort();
	(*count)++;
	return *count < 100000;
}

static void read_all_kinds(const char *data, size_t size)
{
	sniff_kind kind = sniff_kind_of(data, size);
	if (kind == SNIFF_HTML && sniff_kind_of(data, size) != kind)
		abort(); /* a kind depends on the bytes alone */
	for (int k = SNIFF_UNKNOWN; k <= SNIFF_URL_LIST; k++) {
		size_t count = 0;
		links_counts counts = links_read((sniff_kind)k, data, size, check_url, &count);
		if (counts.listed != count)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bytes = (const char *)data;
	read_all_kinds(bytes, size);
	static const char *const names[] = {"page.html", "page.html.br"};
	for (int n = 0; n < 2; n++) {
		sniff_compression compression = sniff_compression_of(bytes, size, names[n]);
		if (compression == SNIFF_PLAIN)
			continue;
		char reason[200];
		for (int prefix = 0; prefix < 2; prefix++) {
			char *out = NULL;
			size_t length = 0;
			const char *failure =
			    sniff_decompress(compression, bytes, size, prefix, SNIFF_PREFIX_BYTES,
			                     &out, &length, reason, sizeof reason);
			if (failure && out)
				abort();
			if (prefix && length > SNIFF_PREFIX_BYTES)
				abort();
			if (!failure)
				read_all_kinds(out ? out : "", length);
			free(out);
		}
	}
	return 0;
}
