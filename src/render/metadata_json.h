/* A page's metadata as JSON members, for every JSON line pith writes (the
 * command's --format json and the batches' lines). */
#ifndef PITH_RENDER_METADATA_JSON_H
#define PITH_RENDER_METADATA_JSON_H

#include <stdbool.h>

#include "base/buffer.h"
#include "pith.h"

/* Appends ,"title":...,"authors":[...],"date_published",
 * "date_modified", "site_name", "description", "language",
 * "language_detected", "language_score", "tags",
 * "image", "license", "next_pages" and, with comments,
 * "comments":[{"author","date","text"}] (docs/json-schema.md): absent
 * strings are null, absent lists []. The canonical "url" is the caller's
 * to place. False when memory runs out. */
bool pith_json_append_metadata(pith_buffer *out, const pith_metadata *metadata, bool comments);

/* Appends ,"language":...,"language_detected":...,"language_score":...
 * (the score a number with two decimals, written by hand since printf's
 * decimal point is the locale's; null with no detected language): the
 * members a line left out by a language filter keeps. */
bool pith_json_append_languages(pith_buffer *out, const pith_metadata *metadata);

#endif
