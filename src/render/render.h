/* Renderers: an extraction written out as text, or its document model
 * (src/document/) as Markdown, HTML or JSON. Each writes into out,
 * replacing what it held, NUL-terminated; false when memory runs out. */
#ifndef PITH_RENDER_H
#define PITH_RENDER_H

#include <stdbool.h>

#include "../base/buffer.h"
#include "../document/document.h"
#include "../extract/extract.h"

/* The extraction's kept blocks in document order, a blank line between
 * blocks, one line per list item (ordered ones numbered) and per table row
 * (cells joined by " | "). Needs no document model. */
bool pith_render_text(const pith_extraction *content, pith_buffer *out);

/* CommonMark with GFM tables and footnotes (render_markdown.c). */
bool pith_render_markdown(const pith_document *doc, pith_buffer *out);

/* Semantic HTML whose only attributes are href, src and alt
 * (render_html.c). */
bool pith_render_html(const pith_document *doc, pith_buffer *out);

/* Appends s[0..n) with HTML's special characters as references (&, <,
 * >; with attribute, " too): text for an element or a quoted attribute
 * value. False when memory runs out. */
bool pith_render_html_escaped(pith_buffer *out, const char *s, size_t n, bool attribute);

/* The model as one JSON value (docs/json-schema.md, render_json.c). */
bool pith_render_json(const pith_document *doc, pith_buffer *out);

#endif
