/* libFuzzer target: extraction in every output format, with the options
 * fuzz_extract leaves at their defaults, on one reused context. The first
 * byte picks them: bits 0-1 the format (text, markdown, json, html), bit 2
 * images, bit 3 comments, bits 4-5 the favor (3 is balanced, with a page
 * type: the next byte modulo PITH_PAGE_TYPES, then skipped too), bits 6-7 the
 * page's URL (none, absolute, relative, absolute with dot segments and odd
 * case), so links and images go through the URL resolver. A broken promise
 * traps, so libFuzzer and the replay driver report it as a crash:
 *   - the status is PITH_OK or PITH_ERROR_NOT_HTML, and result.status;
 *   - text, title and document are NUL-terminated at their lengths, hold
 *     no NUL before it, and are valid UTF-8; every metadata string too;
 *   - language_score is within 0..1, and 0 with no detected language;
 *   - the document is "" but in JSON, where it is one JSON value, an
 *     object of type "document", in which every link's href and image's
 *     src passes the URL policy (http, https, mailto or relative, as a
 *     browser reads it); JSON's text is the text format's text;
 *   - HTML output holds no href or src attribute, its character
 *     references decoded, that the URL policy refuses;
 *   - metadata's url, image and next pages pass the URL policy;
 *   - no comments unless asked for, at most PITH_MAX_COMMENTS;
 *   - pith_extract (a fresh context) gives byte for byte what the reused
 *     context gave;
 *   - the page's JSON line (pith_write_json_record) is one line, one JSON
 *     object, whose "text" is the text and which has "document" when
 *     asked and "comments" when asked. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/json_reader.h"
#include "base/url_policy.h"
#include "fuzz_checks.h"
#include "pith.h"

static bool is_string(const char *s)
{
	return s && is_valid_utf8(s, strlen(s));
}

/* URLs are read as a browser reads them (pith_url_policy_allows, whose
 * cases tests/test_url.c checks). */
static void check_links(const json_value *v)
{
	if (v->type == JSON_ARRAY) {
		for (size_t i = 0; i < v->count; i++)
			check_links(v->items[i]);
		return;
	}
	if (v->type != JSON_OBJECT)
		return;
	for (size_t i = 0; i < v->count; i++) {
		const char *key = v->keys[i]->string;
		const json_value *item = v->items[i];
		if (strcmp(key, "href") == 0 || strcmp(key, "src") == 0) {
			CHECK(item->type == JSON_STRING);
			CHECK(pith_url_policy_allows(item->string, item->string_len));
		}
		check_links(item);
	}
}

/* An attribute value as the HTML parser reads it: the renderer writes
 * "&" only as the start of &amp; &lt; &gt; or &quot;. */
static size_t decode_attribute(const char *s, size_t n, char *out)
{
	static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
	static const char characters[] = "&<>\"";
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t e = 0;
		while (s[i] == '&' && e < 4 &&
		       strncmp(s + i, entities[e], strlen(entities[e])) != 0)
			e++;
		CHECK(s[i] != '&' || e < 4);
		out[o++] = s[i] == '&' ? characters[e] : s[i];
		if (s[i] == '&')
			i += strlen(entities[e]) - 1;
	}
	return o;
}

static void check_html_links(const char *html, size_t length)
{
	/* The renderer writes these tags so; text cannot hold "<" (it is
	 * written &lt;), though it may hold ' src="'. */
	static const char *const attributes[] = {"<a href=\"", "<img src=\""};
	for (size_t a = 0; a < 2; a++) {
		size_t n = strlen(attributes[a]);
		for (const char *p = html; (p = strstr(p, attributes[a])) != NULL;) {
			p += n;
			const char *end = memchr(p, '"', length - (size_t)(p - html));
			CHECK(end != NULL);
			char *url = malloc((size_t)(end - p) + 1);
			CHECK(url != NULL);
			CHECK(pith_url_policy_allows(url,
			                             decode_attribute(p, (size_t)(end - p), url)));
			free(url);
		}
	}
}

static void check_metadata(const pith_metadata *m, bool comments)
{
	CHECK(m != NULL);
	const char *strings[] = {m->title,   m->date_published,   m->date_modified, m->site_name,
	                         m->url,     m->description,      m->language,      m->image,
	                         m->license, m->language_detected};
	for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
		CHECK(is_string(strings[i]));
	/* A confidence, and none without a language. */
	CHECK(m->language_score >= 0 && m->language_score <= 1);
	CHECK(*m->language_detected || m->language_score == 0);
	for (size_t i = 0; i < m->author_count; i++)
		CHECK(is_string(m->authors[i]));
	for (size_t i = 0; i < m->tag_count; i++)
		CHECK(is_string(m->tags[i]));
	for (size_t i = 0; i < m->next_page_count; i++)
		CHECK(is_string(m->next_pages[i]) && *m->next_pages[i] &&
		      pith_url_policy_allows(m->next_pages[i], strlen(m->next_pages[i])));
	CHECK(pith_url_policy_allows(m->url, strlen(m->url)));
	CHECK(pith_url_policy_allows(m->image, strlen(m->image)));
	CHECK(comments || m->comment_count == 0);
	CHECK(m->comment_count <= PITH_MAX_COMMENTS);
	for (size_t i = 0; i < m->comment_count; i++) {
		const pith_comment *c = &m->comments[i];
		CHECK(is_string(c->author) && is_string(c->date) && is_string(c->text));
	}
}

static bool same_string(const char *a, size_t a_length, const char *b, size_t b_length)
{
	return a_length == b_length && memcmp(a, b, a_length) == 0;
}

typedef struct line_buffer {
	char *data;
	size_t length;
} line_buffer;

static int append_to_line(void *user, const char *data, size_t length)
{
	line_buffer *line = user;
	char *bigger = realloc(line->data, line->length + length + 1);
	if (!bigger)
		return 1;
	memcpy(bigger + line->length, data, length);
	line->data = bigger;
	line->length += length;
	line->data[line->length] = '\0';
	return 0;
}

static void check_json_line(const pith_result *result, const pith_extract_options *options)
{
	pith_record_info info = PITH_RECORD_INFO_INIT;
	info.source = "page.html";
	info.url = options->url;
	unsigned flags = PITH_JSON_DOCUMENT | (options->comments ? PITH_JSON_COMMENTS : 0);
	line_buffer line = {NULL, 0};
	CHECK(pith_write_json_record(result, &info, flags, append_to_line, &line) == 0);
	CHECK(line.length > 1 && line.data[line.length - 1] == '\n');
	CHECK(!memchr(line.data, '\n', line.length - 1));
	json_value *object = json_parse(line.data, line.length - 1, "line");
	CHECK(object->type == JSON_OBJECT);
	const json_value *text = json_get(object, "text");
	CHECK(text && text->type == JSON_STRING &&
	      same_string(text->string, text->string_len, result->text, result->text_length));
	const json_value *document = json_get(object, "document");
	CHECK(document && (options->format == PITH_FORMAT_JSON ? document->type == JSON_OBJECT
	                                                       : document->type == JSON_NULL));
	CHECK((json_get(object, "comments") != NULL) == (options->comments != 0));
	json_free(object);
	free(line.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pith_format formats[] = {PITH_FORMAT_TEXT, PITH_FORMAT_MARKDOWN,
	                                      PITH_FORMAT_JSON, PITH_FORMAT_HTML};
	static const pith_favor favors[] = {PITH_FAVOR_BALANCED, PITH_FAVOR_PRECISION,
	                                    PITH_FAVOR_RECALL, PITH_FAVOR_BALANCED};
	static const char *const urls[] = {NULL, "https://example.com/a/b/page.html?q=1#top",
	                                   "../relative/page.html",
	                                   "HTTP://Example.COM:8080/a/./b/../c;p?q"};
	static pith_ctx *ctx;
	if (!ctx && !(ctx = pith_ctx_new()))
		return 0;
	if (size == 0)
		return 0;
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.format = formats[data[0] & 3];
	options.images = (data[0] >> 2) & 1;
	options.comments = (data[0] >> 3) & 1;
	options.favor = favors[(data[0] >> 4) & 3];
	options.url = urls[(data[0] >> 6) & 3];
	bool typed = ((data[0] >> 4) & 3) == 3 && size > 1;
	if (typed)
		options.page_type = (pith_page_type)(data[1] % PITH_PAGE_TYPES);
	data += typed ? 2 : 1;
	size -= typed ? 2 : 1;

	const pith_result *borrowed = pith_ctx_extract(ctx, (const char *)data, size, &options);
	CHECK(borrowed);
	pith_result result = *borrowed;
	pith_status status = result.status;
	CHECK(status == PITH_OK || status == PITH_ERROR_NOT_HTML);
	CHECK(result.text && result.title && result.url && result.encoding && result.document);
	if (status == PITH_OK) {
		CHECK(is_terminated_string(result.text, result.text_length));
		CHECK(is_terminated_string(result.title, result.title_length));
		CHECK(is_terminated_string(result.document, result.document_length));
		check_metadata(result.metadata, options.comments);
		if (options.format == PITH_FORMAT_JSON) {
			json_value *document =
			    json_parse(result.document, result.document_length, "document");
			const json_value *type = json_get(document, "type");
			CHECK(type && type->type == JSON_STRING &&
			      strcmp(type->string, "document") == 0);
			check_links(document);
			json_free(document);
		} else {
			CHECK(result.document_length == 0);
		}
		if (options.format == PITH_FORMAT_HTML)
			check_html_links(result.text, result.text_length);
		if (!result.skipped)
			check_json_line(borrowed, &options);
	}

	/* The one-shot call on a fresh context must agree. */
	pith_result *fresh;
	pith_status fresh_status = pith_extract((const char *)data, size, &options, &fresh);
	CHECK(fresh_status == status);
	CHECK(status == PITH_OK ? fresh && fresh->status == PITH_OK : !fresh);
	if (status == PITH_OK) {
		CHECK(
		    same_string(fresh->text, fresh->text_length, result.text, result.text_length));
		CHECK(same_string(fresh->title, fresh->title_length, result.title,
		                  result.title_length));
		CHECK(same_string(fresh->document, fresh->document_length, result.document,
		                  result.document_length));
		CHECK(strcmp(fresh->metadata->url, result.metadata->url) == 0);
		CHECK(strcmp(fresh->metadata->language_detected,
		             result.metadata->language_detected) == 0);
		CHECK(strcmp(fresh->metadata->date_published, result.metadata->date_published) ==
		      0);
		CHECK(fresh->metadata->comment_count == result.metadata->comment_count);
	}
	pith_result_free(fresh);

	/* JSON's text is the text format's. */
	if (status == PITH_OK && options.format == PITH_FORMAT_JSON) {
		pith_extract_options text_options = options;
		text_options.format = PITH_FORMAT_TEXT;
		pith_result *text;
		CHECK(pith_extract((const char *)data, size, &text_options, &text) == PITH_OK);
		CHECK(same_string(text->text, text->text_length, result.text, result.text_length));
		pith_result_free(text);
	}
	return 0;
}
