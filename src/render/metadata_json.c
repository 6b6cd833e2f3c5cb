/* A page's JSON line and its metadata as JSON members
 * (docs/json-schema.md). */
#include "render/metadata_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/struct_size.h"

/* value as a JSON string, or null when it is empty. */
static bool append_string_or_null(pith_buffer *out, const char *value)
{
	return *value ? pith_json_append_string(out, value, strlen(value))
	              : pith_buffer_append_string(out, "null");
}

/* ,"name": */
static bool append_key(pith_buffer *out, const char *name)
{
	return pith_buffer_append_string(out, ",\"") && pith_buffer_append_string(out, name) &&
	       pith_buffer_append_string(out, "\":");
}

static bool append_field(pith_buffer *out, const char *name, const char *value)
{
	return append_key(out, name) && append_string_or_null(out, value);
}

static bool append_list(pith_buffer *out, const char *name, const char *const *items, size_t count)
{
	bool ok = append_key(out, name) && pith_buffer_append_string(out, "[");
	for (size_t i = 0; i < count && ok; i++)
		ok = (i == 0 || pith_buffer_append_string(out, ",")) &&
		     pith_json_append_string(out, items[i], strlen(items[i]));
	return ok && pith_buffer_append_string(out, "]");
}

static bool append_comments(pith_buffer *out, const pith_metadata *m)
{
	bool ok = append_key(out, "comments") && pith_buffer_append_string(out, "[");
	for (size_t i = 0; i < m->comment_count && ok; i++) {
		const pith_comment *c = &m->comments[i];
		ok = pith_buffer_append_string(out, i ? ",{\"author\":" : "{\"author\":") &&
		     append_string_or_null(out, c->author) && append_field(out, "date", c->date) &&
		     append_key(out, "text") &&
		     pith_json_append_string(out, c->text, strlen(c->text)) &&
		     pith_buffer_append_string(out, "}");
	}
	return ok && pith_buffer_append_string(out, "]");
}

/* A share, 0..1, with two decimals ("0.87"). */
static bool append_share(pith_buffer *out, double share)
{
	char text[8];
	int hundredths = (int)(share * 100 + 0.5);
	hundredths = hundredths < 0 ? 0 : hundredths > 100 ? 100 : hundredths;
	snprintf(text, sizeof text, "%d.%02d", hundredths / 100, hundredths % 100);
	return pith_buffer_append_string(out, text);
}

bool pith_json_append_languages(pith_buffer *out, const pith_metadata *m)
{
	return append_field(out, "language", m->language) &&
	       append_field(out, "language_detected", m->language_detected) &&
	       append_key(out, "language_score") &&
	       (*m->language_detected ? append_share(out, m->language_score)
	                              : pith_buffer_append_string(out, "null"));
}

bool pith_json_append_metadata(pith_buffer *out, const pith_metadata *m, bool comments)
{
	return append_key(out, "title") &&
	       pith_json_append_string(out, m->title, strlen(m->title)) &&
	       append_list(out, "authors", m->authors, m->author_count) &&
	       append_field(out, "date_published", m->date_published) &&
	       append_field(out, "date_modified", m->date_modified) &&
	       append_field(out, "site_name", m->site_name) &&
	       append_field(out, "description", m->description) &&
	       pith_json_append_languages(out, m) && append_field(out, "page_type", m->page_type) &&
	       append_key(out, "page_type_confidence") &&
	       append_share(out, m->page_type_confidence) &&
	       append_list(out, "tags", m->tags, m->tag_count) &&
	       append_field(out, "image", m->image) && append_field(out, "license", m->license) &&
	       append_list(out, "next_pages", m->next_pages, m->next_page_count) &&
	       (!comments || append_comments(out, m));
}

static bool append_number(pith_buffer *out, const char *name, unsigned long long n)
{
	char digits[24];
	int length = snprintf(digits, sizeof digits, "%llu", n);
	return append_key(out, name) && pith_buffer_append(out, digits, (size_t)length);
}

/* ,"name":"value" ("" for NULL) */
static bool append_string(pith_buffer *out, const char *name, const char *value)
{
	if (!value)
		value = "";
	return append_key(out, name) && pith_json_append_string(out, value, strlen(value));
}

bool pith_json_append_record_start(pith_buffer *out, const pith_record_info *info)
{
	const char *path = info->source ? info->source : info->warc;
	bool ok = pith_buffer_append_string(out, info->source ? "{\"source\":" : "{\"warc\":") &&
	          pith_json_append_string(out, path, strlen(path));
	if (info->source)
		return ok;
	ok = ok && append_number(out, "input", info->input);
	if (!info->has_record)
		return ok;
	return ok && append_number(out, "record", info->record) &&
	       append_number(out, "offset", info->offset) &&
	       append_string(out, "record_id", info->record_id) &&
	       append_string(out, "uri", info->uri) && append_string(out, "date", info->date) &&
	       append_number(out, "http_status",
	                     (unsigned long long)(info->http_status > 0 ? info->http_status : 0)) &&
	       (!info->truncated || !*info->truncated ||
	        append_string(out, "truncated", info->truncated));
}

/* ,"url": the page's canonical URL, else the caller's, else null. */
static bool append_url(pith_buffer *out, const pith_metadata *m, const char *url)
{
	if (m && *m->url)
		url = m->url;
	return append_key(out, "url") && (url ? pith_json_append_string(out, url, strlen(url))
	                                      : pith_buffer_append_string(out, "null"));
}

/* A source's ,"url" and, for a page the caller fetched, ,"http_status"
 * and ,"final_url" after it; nothing for a WARC record's line, whose
 * start holds them. */
static bool append_source_url(pith_buffer *out, const pith_metadata *m,
                              const pith_record_info *info)
{
	if (!info->source)
		return true;
	if (!append_url(out, m, info->url))
		return false;
	if (info->http_status <= 0)
		return true;
	const char *final_url = info->final_url;
	return append_number(out, "http_status", (unsigned long long)info->http_status) &&
	       append_key(out, "final_url") &&
	       (final_url ? pith_json_append_string(out, final_url, strlen(final_url))
	                  : pith_buffer_append_string(out, "null"));
}

bool pith_json_append_record_end(pith_buffer *out, const pith_result *result,
                                 const pith_record_info *info, unsigned flags)
{
	if (info->skipped)
		return append_source_url(out, NULL, info) &&
		       append_string(out, "skipped", info->skipped) &&
		       (!info->content_type ||
		        append_string(out, "content_type", info->content_type)) &&
		       pith_buffer_append_string(out, "}\n");
	const char *error = info->error;
	if (!error && (!result || result->status != PITH_OK))
		error = pith_strerror(result ? result->status : PITH_ERROR_INVALID_ARGUMENT);
	if (error)
		return append_source_url(out, NULL, info) && append_string(out, "error", error) &&
		       pith_buffer_append_string(out, "}\n");
	const pith_metadata *m = result->metadata;
	/* A page in a language not asked for: its line says so, and what the
	 * page's language was. */
	if (result->skipped)
		return append_source_url(out, m, info) &&
		       pith_buffer_append_string(out, ",\"skipped\":\"language\"") &&
		       pith_json_append_languages(out, m) && pith_buffer_append_string(out, "}\n");
	/* With a second rendering, "text" is the plain text beside it. */
	const char *second = flags & PITH_JSON_MARKDOWN ? "markdown"
	                     : flags & PITH_JSON_HTML   ? "html"
	                                                : NULL;
	const char *text = second ? result->plain_text : result->text;
	size_t text_length = second ? result->plain_text_length : result->text_length;
	if (!text)
		text = "", text_length = 0;
	char simhash[20];
	snprintf(simhash, sizeof simhash, "\"%016llx\"", result->simhash);
	bool ok = info->source || append_string(out, "encoding", result->encoding);
	ok = ok &&
	     (info->source ? append_source_url(out, m, info) : append_url(out, m, info->url)) &&
	     pith_json_append_metadata(out, m, (flags & PITH_JSON_COMMENTS) != 0) &&
	     append_number(out, "word_count", result->word_count) && append_key(out, "simhash") &&
	     pith_buffer_append_string(out, simhash) && append_key(out, "text") &&
	     pith_json_append_string(out, text, text_length);
	if (ok && second)
		ok = append_key(out, second) &&
		     pith_json_append_string(out, result->text, result->text_length);
	if (ok && (flags & PITH_JSON_DOCUMENT))
		ok = append_key(out, "document") &&
		     (result->document_length
		          ? pith_buffer_append(out, result->document, result->document_length)
		          : pith_buffer_append_string(out, "null"));
	return ok && pith_buffer_append_string(out, "}\n");
}

/* The caller's info into *to: the fields its size covers, NULL and 0 for
 * the others. */
static bool read_record_info(const pith_record_info *from, pith_record_info *to)
{
	*to = (pith_record_info)PITH_RECORD_INFO_INIT;
	if (!from || !PITH_STRUCT_SIZE_VALID(pith_record_info, from, source))
		return false;
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, source);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, url);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, error);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, warc);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, input);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, has_record);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, record);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, offset);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, record_id);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, uri);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, date);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, http_status);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, final_url);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, truncated);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, skipped);
	PITH_STRUCT_COPY_FIELD(pith_record_info, to, from, content_type);
	return (to->source != NULL) != (to->warc != NULL);
}

int pith_write_json_record(const pith_result *result, const pith_record_info *caller_info,
                           unsigned flags, pith_write_fn write, void *user)
{
	pith_record_info info;
	if (!write || !read_record_info(caller_info, &info) ||
	    (!result && !info.error && !info.skipped))
		return -1;
	pith_buffer line = {0};
	int rc = pith_json_append_record_start(&line, &info) &&
	                 pith_json_append_record_end(&line, result, &info, flags)
	             ? write(user, line.data, line.length)
	             : -1;
	pith_buffer_free(&line);
	return rc;
}
