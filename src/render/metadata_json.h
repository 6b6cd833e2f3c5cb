/* The JSON line of a page (docs/json-schema.md), the one writer of every
 * line pith writes: pith_write_json_record (the command's --format json,
 * the Python module's callers) and the batches' lines, which are written
 * in two steps (the record's fields when it is read, the rest once its
 * page is extracted). */
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

/* Appends how info's line starts: {"source":S for a source; {"warc":W,
 * "input":I for a WARC input, then, when info->has_record, "record",
 * "offset", "record_id", "uri", "date" and "http_status". Every field of
 * info is read: the caller has checked its size. */
bool pith_json_append_record_start(pith_buffer *out, const pith_record_info *info);

/* Appends the rest of the line, its closing brace and newline: an error
 * (info->error, else when result is NULL or failed, its status's words),
 * a page left out (result->skipped), or the page, as
 * pith_write_json_record says (flags: PITH_JSON_...). */
bool pith_json_append_record_end(pith_buffer *out, const pith_result *result,
                                 const pith_record_info *info, unsigned flags);

#endif
