/* libFuzzer target: main-content extraction (decode + parse + extract) with
 * a context reused across inputs, as a batch run uses it. The first byte
 * picks the options: bits 0-2 the transport charset, bits 3-4 the favor
 * (3 is out of range and must be refused), bits 5-6 the URL (or NULL
 * options). Each result is checked against what pith.h and the text writer
 * promise; a broken promise traps, so libFuzzer and the replay driver
 * report it as a crash:
 *   - the status is PITH_OK or PITH_ERROR_NOT_HTML (INVALID_ARGUMENT for
 *     the bad favor); on failure text and title are "";
 *   - text, title, url and encoding are never NULL; text and title are
 *     NUL-terminated at their lengths, hold no NUL before it, and are
 *     valid UTF-8; on success url is the option's URL or "";
 *   - text is at most TEXT_BOUND(size) bytes (see below);
 *   - without preformatted elements (<pre>, <listing>, <xmp>, <plaintext>,
 *     whose whitespace is kept as written), text never starts or ends
 *     with whitespace, blocks are separated by at most one blank line (no
 *     "\n\n\n"), and spaces are collapsed (no "  ", no tab);
 *   - pith_extract (a fresh context each call) gives byte for byte what
 *     the reused context gave: nothing leaks from one page to the next. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_checks.h"
#include "pith.h"

/* Each input byte gives at most 3 bytes of UTF-8 (a legacy single byte or
 * an invalid byte becomes a 3-byte character), and every block of text
 * starts at a tag of 3 bytes or more ("<p>", "<li>") whose output costs at
 * most 13 bytes: an ordered-list number ("-1000000000. ") or a separator.
 * "<li>" + one byte gives at most 13 + 3 + 1 bytes for 5: 3.4 per byte
 * (corpus/parse/hand-extract-expansion gives 3.2). */
#define TEXT_BOUND(size) (4 * (size) + 64)

/* Case-insensitive search for "<name" in the input bytes. */
static bool has_tag(const uint8_t *data, size_t size, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n < size; i++) {
		if (data[i] != '<')
			continue;
		size_t k = 0;
		while (k < n && (data[i + 1 + k] | 0x20) == name[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* Could the page hold an element whose whitespace is kept as written? The
 * tag names are ASCII in the input unless it is UTF-16. */
static bool may_be_preformatted(const uint8_t *data, size_t size, const char *encoding)
{
	return strncmp(encoding, "UTF-16", 6) == 0 || has_tag(data, size, "pre") ||
	       has_tag(data, size, "listing") || has_tag(data, size, "xmp") ||
	       has_tag(data, size, "plaintext");
}

static void check_layout(const char *text, size_t length)
{
	if (length == 0)
		return;
	CHECK(text[0] != ' ' && text[0] != '\n');
	CHECK(text[length - 1] != ' ' && text[length - 1] != '\n');
	CHECK(!memchr(text, '\t', length) && !memchr(text, '\r', length));
	for (size_t i = 0; i + 1 < length; i++) {
		CHECK(!(text[i] == ' ' && text[i + 1] == ' '));
		CHECK(!(text[i] == '\n' && text[i + 1] == '\n' && i + 2 < length &&
		        text[i + 2] == '\n'));
	}
}

static bool same_string(const char *a, size_t a_length, const char *b, size_t b_length)
{
	return a_length == b_length && memcmp(a, b, a_length) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {NULL,      "windows-1252", "shift_jis",   "utf-16le",
	                                       "gb18030", "iso-2022-jp",  "bogus-label", NULL};
	static const char *const urls[] = {NULL, "", "https://example.com/a/b?c=d#e"};
	static pith_ctx *ctx;
	if (!ctx && !(ctx = pith_ctx_new()))
		return 0;
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	bool null_options = false;
	if (size > 0) {
		options.charset = charsets[data[0] & 7];
		options.favor = (pith_favor)((data[0] >> 3) & 3);
		unsigned url_choice = (data[0] >> 5) & 3;
		null_options = url_choice == 3;
		options.url = url_choice < 3 ? urls[url_choice] : NULL;
		data++;
		size--;
	}
	const pith_extract_options *given = null_options ? NULL : &options;
	bool bad_favor = given && options.favor > PITH_FAVOR_RECALL;
	const char *url = given && options.url ? options.url : "";

	const pith_result *borrowed = pith_ctx_extract(ctx, (const char *)data, size, given);
	CHECK(borrowed);
	pith_result result = *borrowed;
	pith_status status = result.status;
	if (bad_favor)
		CHECK(status == PITH_ERROR_INVALID_ARGUMENT);
	else
		CHECK(status == PITH_OK || status == PITH_ERROR_NOT_HTML);
	CHECK(result.text && result.title && result.url && result.encoding);
	if (status == PITH_OK) {
		CHECK(strcmp(result.url, url) == 0);
		CHECK(is_terminated_string(result.text, result.text_length));
		CHECK(is_terminated_string(result.title, result.title_length));
		CHECK(result.text_length <= TEXT_BOUND(size));
		CHECK(result.title_length <= TEXT_BOUND(size));
		if (!may_be_preformatted(data, size, result.encoding)) {
			check_layout(result.text, result.text_length);
			check_layout(result.title, result.title_length);
		}
	} else {
		CHECK(result.text_length == 0 && result.text[0] == '\0');
		CHECK(result.title_length == 0 && result.title[0] == '\0');
	}

	/* The one-shot call on a fresh context must agree. */
	pith_result *fresh;
	pith_status fresh_status = pith_extract((const char *)data, size, given, &fresh);
	CHECK(fresh_status == status);
	CHECK(status == PITH_OK ? fresh && fresh->status == PITH_OK : !fresh);
	if (status == PITH_OK) {
		CHECK(
		    same_string(fresh->text, fresh->text_length, result.text, result.text_length));
		CHECK(same_string(fresh->title, fresh->title_length, result.title,
		                  result.title_length));
		CHECK(strcmp(fresh->url, url) == 0);
		CHECK(strcmp(fresh->encoding, result.encoding) == 0);
	}
	pith_result_free(fresh);
	return 0;
}
