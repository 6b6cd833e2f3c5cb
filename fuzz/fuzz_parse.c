/* libFuzzer target: decode + parse + walk + dump, the whole of what the
 * parsing core does with a page. The first byte picks the variant so one
 * target covers the transport-charset path and fragment parsing too. */
#include <stddef.h>
#include <stdint.h>

#include "pith.h"

static int discard(void *user, const char *data, size_t length)
{
	(void)user;
	(void)data;
	(void)length;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {NULL,      "windows-1252", "shift_jis",   "utf-16le",
	                                       "gb18030", "iso-2022-jp",  "bogus-label", NULL};
	static const char *const contexts[] = {NULL,      "td",     "svg path", "template",
	                                       "math mi", "select", "textarea", "body"};
	static pith_ctx *ctx;
	if (!ctx && !(ctx = pith_ctx_new()))
		return 0;
	pith_parse_options options = PITH_PARSE_OPTIONS_INIT;
	if (size > 0) {
		options.charset = charsets[data[0] & 7];
		options.fragment_context = contexts[(data[0] >> 3) & 7];
		data++;
		size--;
	}
	if (pith_ctx_parse(ctx, (const char *)data, size, &options) == PITH_OK) {
		pith_tree_stats stats;
		pith_ctx_walk_tree(ctx, &stats);
		pith_ctx_dump_tree(ctx, discard, NULL);
	}
	return 0;
}
