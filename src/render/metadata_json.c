/* Metadata as JSON members (docs/json-schema.md). */
#include "render/metadata_json.h"

#include <stdio.h>
#include <string.h>

#include "base/json.h"

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

bool pith_json_append_languages(pith_buffer *out, const pith_metadata *m)
{
	char score[8];
	int hundredths = (int)(m->language_score * 100 + 0.5);
	hundredths = hundredths < 0 ? 0 : hundredths > 100 ? 100 : hundredths;
	snprintf(score, sizeof score, "%d.%02d", hundredths / 100, hundredths % 100);
	return append_field(out, "language", m->language) &&
	       append_field(out, "language_detected", m->language_detected) &&
	       append_key(out, "language_score") &&
	       pith_buffer_append_string(out, *m->language_detected ? score : "null");
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
	       pith_json_append_languages(out, m) &&
	       append_list(out, "tags", m->tags, m->tag_count) &&
	       append_field(out, "image", m->image) && append_field(out, "license", m->license) &&
	       append_list(out, "next_pages", m->next_pages, m->next_page_count) &&
	       (!comments || append_comments(out, m));
}
