/* libFuzzer target: Markdown that cannot become HTML or a link the URL
 * policy refuses. The input (after its first byte) is an HTML fragment;
 * the target puts it into an article page twice, as markup and, escaped,
 * as text, so any bytes reach the Markdown writer as text too. The first
 * byte picks the options: bit 0 images, bits 1-2 the page's URL (none,
 * absolute, relative, absolute with "www." in it).
 *
 * The page is extracted as Markdown and as JSON (the same document model),
 * and the Markdown is held to what a CommonMark + GFM renderer would read,
 * counting against the model (outside code spans and blocks, which the
 * renderer takes as literal, every byte of the Markdown is escaped text,
 * markup pith wrote, or a link destination):
 *   - every "<" is one that code holds, or the empty comment written
 *     between "xmpp" and ":" (so no raw HTML, no autolink "<...>");
 *   - "www." (any case), a letter followed by "://", and "xmpp:" before
 *     an address's first byte (GFM's autolink triggers) appear no more
 *     often than code, code languages and link destinations hold them;
 *   - "![" appears no more often than the model has images, and code and
 *     destinations hold it (text's "!" never makes a link an image);
 *   - every link and image of the model has, in order, a destination
 *     "](...)" in the Markdown that CommonMark decodes (backslash escapes,
 *     the one entity "&amp;") to its URL, percent-encoded where pith
 *     encodes (bytes up to space, "<", ">", DEL); it holds no other
 *     entity, no raw space or control, and passes the URL policy. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/json_reader.h"
#include "base/url_policy.h"
#include "fuzz_checks.h"
#include "pith.h"

/* The comment the Markdown writer puts between "xmpp" and ":". */
#define XMPP_SPLIT "<!-- -->"

static const char page_head[] =
    "<!DOCTYPE html><html><head><title>Fuzzed page</title></head><body><article>"
    "<p>This opening paragraph is prose, long enough to be taken as the article that "
    "the fuzzer writes into, with several sentences of words in it.</p><p>";
static const char page_middle[] = "</p><p>As text: ";
static const char page_tail[] = "</p><p>A closing paragraph of words.</p></article></body></html>";

/* What the model holds that the Markdown writes verbatim: code (spans,
 * blocks and their languages) and URLs (links' and images' destinations,
 * percent-encoded as pith writes them), each string once. */
typedef struct verbatim {
	const char **code;
	size_t code_count;
	const char **urls;
	size_t url_count;
	size_t image_count;
} verbatim;

static void add_string(const char ***list, size_t *count, size_t *capacity, const char *s)
{
	if (*count == *capacity) {
		*capacity = *capacity ? 2 * *capacity : 16;
		*list = realloc(*list, *capacity * sizeof **list);
		CHECK(*list != NULL);
	}
	(*list)[(*count)++] = s;
}

/* url with the bytes pith percent-encodes in a destination encoded, in
 * memory of its own. */
static char *percent_encode(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(3 * strlen(url) + 1);
	CHECK(out != NULL);
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == 0x7f) {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n] = '\0';
	return out;
}

/* Walks the model in the order the Markdown writer writes it: a link's
 * destination after its text (an image in it comes first), and a
 * footnote reference with a number as "[^N]", without its children. */
static void collect(const json_value *node, verbatim *v, size_t *code_capacity,
                    size_t *url_capacity)
{
	if (node->type != JSON_OBJECT)
		return;
	const char *type = json_get(node, "type")->string;
	const json_value *text = json_get(node, "text");
	const json_value *language = json_get(node, "language");
	if (strcmp(type, "code") == 0 || strcmp(type, "code_block") == 0)
		add_string(&v->code, &v->code_count, code_capacity, text->string);
	if (language && language->type == JSON_STRING)
		add_string(&v->code, &v->code_count, code_capacity, language->string);
	const json_value *number = json_get(node, "number");
	const json_value *children = json_get(node, "children");
	bool marker_only = strcmp(type, "footnote_ref") == 0 && number->type == JSON_NUMBER;
	for (size_t i = 0; children && !marker_only && i < children->count; i++)
		collect(children->items[i], v, code_capacity, url_capacity);
	const json_value *url = json_get(node, strcmp(type, "image") == 0 ? "src" : "href");
	if (url)
		add_string(&v->urls, &v->url_count, url_capacity, percent_encode(url->string));
	v->image_count += strcmp(type, "image") == 0;
}

static bool is_letter(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_address_byte(char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80 || c == '.' ||
	       c == '+' || c == '-' || c == '_';
}

typedef enum trigger {
	LESS_THAN,
	XMPP_SPLIT_AFTER_XMPP,
	WWW,
	SCHEME_SLASHES,
	XMPP,
	IMAGE_OPEN
} trigger;

/* Does s start with word (lowercase), its letters in any case? */
static bool starts_nocase(const char *s, const char *end, const char *word)
{
	for (; *word; word++, s++)
		if (s >= end || (is_letter(*s) ? *s | 0x20 : *s) != *word)
			return false;
	return true;
}

/* Is the byte at p escaped: after an odd run of backslashes? */
static bool escaped(const char *s, const char *p)
{
	size_t backslashes = 0;
	while (p > s && p[-1] == '\\')
		p--, backslashes++;
	return backslashes % 2;
}

/* Occurrences of t in s[0..n), overlapping ones counted. */
static size_t count(const char *s, size_t n, trigger t)
{
	size_t found = 0;
	const char *end = s + n;
	for (const char *p = s; p < end; p++) {
		switch (t) {
		case LESS_THAN:
			found += *p == '<';
			break;
		case XMPP_SPLIT_AFTER_XMPP:
			found += starts_nocase(p, end, "xmpp" XMPP_SPLIT);
			break;
		case WWW:
			found += starts_nocase(p, end, "www.");
			break;
		case SCHEME_SLASHES:
			found += is_letter(*p) && starts_nocase(p + 1, end, "://");
			break;
		case XMPP:
			found += starts_nocase(p, end, "xmpp:") &&
			         (p + 5 == end || is_address_byte(p[5]));
			break;
		case IMAGE_OPEN:
			found += starts_nocase(p, end, "![") && !escaped(s, p);
			break;
		}
	}
	return found;
}

static size_t count_in(const char **strings, size_t n, trigger t)
{
	size_t found = 0;
	for (size_t i = 0; i < n; i++)
		found += count(strings[i], strlen(strings[i]), t);
	return found;
}

static bool is_ascii_punctuation(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* The destination at p (after "]("), as CommonMark decodes it, into out;
 * false when it holds what pith never writes there. */
static bool read_destination(const char *p, const char *end, char *out, size_t *length)
{
	size_t n = 0;
	while (p < end && *p != ')') {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' && p + 1 < end && is_ascii_punctuation(p[1])) {
			out[n++] = p[1];
			p += 2;
		} else if (c == '&') {
			if (end - p < 5 || memcmp(p, "&amp;", 5) != 0)
				return false;
			out[n++] = '&';
			p += 5;
		} else if (c <= ' ' || c == '<' || c == '>' || c == 0x7f || c == '(' || c == '\\') {
			return false;
		} else {
			out[n++] = (char)c;
			p++;
		}
	}
	*length = n;
	return p < end;
}

/* Each URL, in order, has a destination that decodes to it. */
static void check_destinations(const char *markdown, size_t length, const verbatim *v)
{
	const char *end = markdown + length, *at = markdown;
	char *decoded = malloc(length + 1);
	CHECK(decoded != NULL);
	for (size_t i = 0; i < v->url_count; i++) {
		const char *want = v->urls[i];
		size_t want_length = strlen(want);
		bool found = false;
		while (!found) {
			const char *open = at < end ? strstr(at, "](") : NULL;
			CHECK(open != NULL);
			at = open + 2;
			size_t n;
			found = read_destination(at, end, decoded, &n) && n == want_length &&
			        memcmp(decoded, want, n) == 0;
		}
		CHECK(pith_url_policy_allows(want, want_length));
	}
	free(decoded);
}

static char *escape_html(const uint8_t *data, size_t size, size_t *length)
{
	char *out = malloc(5 * size + 1);
	CHECK(out != NULL);
	size_t n = 0;
	for (size_t i = 0; i < size; i++) {
		const char *entity = data[i] == '&' ? "&amp;" : data[i] == '<' ? "&lt;" : NULL;
		if (entity) {
			memcpy(out + n, entity, strlen(entity));
			n += strlen(entity);
		} else {
			out[n++] = (char)data[i];
		}
	}
	*length = n;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const urls[] = {NULL, "https://example.com/dir/page.html",
	                                   "../relative/page.html", "https://www.example.com/a/"};
	static pith_ctx *markdown_ctx, *json_ctx;
	if (!markdown_ctx && !(markdown_ctx = pith_ctx_new()))
		return 0;
	if (!json_ctx && !(json_ctx = pith_ctx_new()))
		return 0;
	if (size == 0)
		return 0;
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.images = data[0] & 1;
	options.url = urls[(data[0] >> 1) & 3];
	data++;
	size--;

	size_t escaped_length;
	char *escaped = escape_html(data, size, &escaped_length);
	size_t page_length =
	    strlen(page_head) + size + strlen(page_middle) + escaped_length + strlen(page_tail);
	char *page = malloc(page_length);
	CHECK(page != NULL);
	char *p = page;
	memcpy(p, page_head, strlen(page_head));
	p += strlen(page_head);
	memcpy(p, data, size);
	p += size;
	memcpy(p, page_middle, strlen(page_middle));
	p += strlen(page_middle);
	memcpy(p, escaped, escaped_length);
	p += escaped_length;
	memcpy(p, page_tail, strlen(page_tail));
	free(escaped);

	options.format = PITH_FORMAT_MARKDOWN;
	pith_result markdown = *pith_ctx_extract(markdown_ctx, page, page_length, &options);
	pith_status status = markdown.status;
	options.format = PITH_FORMAT_JSON;
	pith_result json = *pith_ctx_extract(json_ctx, page, page_length, &options);
	CHECK(json.status == status);
	free(page);
	if (status != PITH_OK)
		return 0;

	json_value *document = json_parse(json.document, json.document_length, "document");
	verbatim v = {0};
	size_t code_capacity = 0, url_capacity = 0;
	collect(document, &v, &code_capacity, &url_capacity);

	const char *md = markdown.text;
	size_t n = markdown.text_length;
	size_t splits = count(md, n, XMPP_SPLIT_AFTER_XMPP) -
	                count_in(v.code, v.code_count, XMPP_SPLIT_AFTER_XMPP);
	CHECK(count(md, n, LESS_THAN) == count_in(v.code, v.code_count, LESS_THAN) + splits);
	static const trigger triggers[] = {WWW, SCHEME_SLASHES, XMPP, IMAGE_OPEN};
	for (size_t t = 0; t < sizeof triggers / sizeof *triggers; t++)
		CHECK(count(md, n, triggers[t]) <=
		      count_in(v.code, v.code_count, triggers[t]) +
		          count_in(v.urls, v.url_count, triggers[t]) +
		          (triggers[t] == IMAGE_OPEN ? v.image_count : 0));
	check_destinations(md, n, &v);

	free(v.code);
	for (size_t i = 0; i < v.url_count; i++)
		free((char *)v.urls[i]);
	free(v.urls);
	json_free(document);
	return 0;
}
