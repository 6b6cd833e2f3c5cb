/* The document model as clean semantic HTML: a fragment whose only
 * attributes are href, src and alt, every text and attribute escaped.
 *
 * Without id attributes a reference cannot point at an element, so the
 * footnotes end the fragment as one <ol>, numbered in the order of their
 * numbers, and a reference is <sup><a href="#:~:text=WORDS">N</a></sup>:
 * N is the footnote's place in that list, and WORDS, a URL text fragment
 * of the footnote's opening words, takes browsers that support text
 * fragments to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

typedef struct html {
	const pith_document *doc;
	pith_buffer *out;
	uint32_t *footnotes; /* node of footnote number i at [i - 1] */
	int32_t footnote_count;
	bool ok;
} html;

static void put(html *h, const char *s)
{
	if (h->ok && !pith_buffer_append(h->out, s, strlen(s)))
		h->ok = false;
}

bool pith_render_html_escaped(pith_buffer *out, const char *s, size_t n, bool attribute)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *entity = NULL;
		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = attribute ? "&quot;" : NULL;
			break;
		}
		if (!entity)
			continue;
		if (!pith_buffer_append(out, s + run, i - run) ||
		    !pith_buffer_append(out, entity, strlen(entity)))
			return false;
		run = i + 1;
	}
	return pith_buffer_append(out, s + run, n - run);
}

static void put_escaped(html *h, const char *s, size_t n, bool attribute)
{
	if (h->ok && !pith_render_html_escaped(h->out, s, n, attribute))
		h->ok = false;
}

static const pith_doc_node *node_at(const html *h, uint32_t id)
{
	return &h->doc->nodes[id];
}

static void put_string(html *h, pith_doc_string s, bool attribute)
{
	put_escaped(h, pith_doc_string_data(h->doc, s), s.length, attribute);
}

/* Bytes of a footnote's opening words used to point at it. */
#define TEXT_FRAGMENT_BYTES 60

/* The first TEXT_FRAGMENT_BYTES of a node's text, cut after a whole word,
 * percent-encoded as a text fragment wants ("-", "," and "&" included). */
static void put_text_fragment(html *h, uint32_t id, size_t *written)
{
	for (uint32_t c = node_at(h, id)->first_child; c && *written < TEXT_FRAGMENT_BYTES;
	     c = node_at(h, c)->next_sibling) {
		const pith_doc_node *n = node_at(h, c);
		if (n->kind != PITH_DOC_TEXT) {
			put_text_fragment(h, c, written);
			continue;
		}
		const char *s = pith_doc_string_data(h->doc, n->text);
		for (size_t i = 0; i < n->text.length; i++) {
			unsigned char byte = (unsigned char)s[i];
			if (*written >= TEXT_FRAGMENT_BYTES && (byte == ' ' || byte == '\n'))
				return;
			char hex[4] = {(char)byte, 0};
			bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
			             (byte >= '0' && byte <= '9') || byte == '.' || byte == '_' ||
			             byte == '~';
			if (!plain)
				snprintf(hex, sizeof hex, "%%%02X", byte);
			put(h, hex);
			(*written)++;
		}
	}
}

static void put_inlines(html *h, uint32_t parent);

static void put_inline(html *h, uint32_t id)
{
	const pith_doc_node *n = node_at(h, id);
	switch (n->kind) {
	case PITH_DOC_TEXT:
		put_string(h, n->text, false);
		break;
	case PITH_DOC_BREAK:
		put(h, "<br>");
		break;
	case PITH_DOC_EMPHASIS:
		put(h, "<em>");
		put_inlines(h, id);
		put(h, "</em>");
		break;
	case PITH_DOC_STRONG:
		put(h, "<strong>");
		put_inlines(h, id);
		put(h, "</strong>");
		break;
	case PITH_DOC_CODE:
		put(h, "<code>");
		put_inlines(h, id);
		put(h, "</code>");
		break;
	case PITH_DOC_LINK:
		put(h, "<a href=\"");
		put_string(h, n->text, true);
		put(h, "\">");
		put_inlines(h, id);
		put(h, "</a>");
		break;
	case PITH_DOC_NOTE_REF:
		if (n->number > 0 && n->number <= h->footnote_count) {
			char number[16];
			size_t written = 0;
			put(h, "<sup><a href=\"#:~:text=");
			put_text_fragment(h, h->footnotes[n->number - 1], &written);
			snprintf(number, sizeof number, "%d", (int)n->number);
			put(h, "\">");
			put(h, number);
			put(h, "</a></sup>");
		} else {
			put_inlines(h, id);
		}
		break;
	case PITH_DOC_IMAGE:
		if ((n->level & PITH_DOC_SPACE_BEFORE) && h->out->length &&
		    h->out->data[h->out->length - 1] != ' ')
			put(h, " ");
		put(h, "<img src=\"");
		put_string(h, n->text, true);
		put(h, "\" alt=\"");
		put_string(h, n->alt, true);
		put(h, "\">");
		if (pith_document_space_after_image(h->doc, id))
			put(h, " ");
		break;
	}
}

static void put_inlines(html *h, uint32_t parent)
{
	for (uint32_t c = node_at(h, parent)->first_child; c; c = node_at(h, c)->next_sibling)
		put_inline(h, c);
}

static void put_blocks(html *h, uint32_t parent);

static void put_block(html *h, uint32_t id)
{
	const pith_doc_node *n = node_at(h, id);
	switch (n->kind) {
	case PITH_DOC_HEADING: {
		char open[8], close[8];
		int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
		snprintf(open, sizeof open, "<h%d>", level);
		snprintf(close, sizeof close, "</h%d>\n", level);
		put(h, open);
		put_inlines(h, id);
		put(h, close);
		break;
	}
	case PITH_DOC_PARAGRAPH:
		put(h, "<p>");
		put_inlines(h, id);
		put(h, "</p>\n");
		break;
	case PITH_DOC_LIST:
		put(h, n->level ? "<ol>\n" : "<ul>\n");
		put_blocks(h, id);
		put(h, n->level ? "</ol>\n" : "</ul>\n");
		break;
	case PITH_DOC_ITEM: {
		/* An item of one paragraph holds its text directly. */
		const pith_doc_node *only = node_at(h, n->first_child);
		put(h, "<li>");
		if (n->first_child && !only->next_sibling && only->kind == PITH_DOC_PARAGRAPH) {
			put_inlines(h, n->first_child);
		} else {
			put(h, "\n");
			put_blocks(h, id);
		}
		put(h, "</li>\n");
		break;
	}
	case PITH_DOC_TABLE:
		put(h, "<table>\n");
		put_blocks(h, id);
		put(h, "</table>\n");
		break;
	case PITH_DOC_ROW:
		put(h, "<tr>");
		for (uint32_t c = n->first_child; c; c = node_at(h, c)->next_sibling) {
			bool header = node_at(h, c)->level;
			put(h, header ? "<th>" : "<td>");
			put_inlines(h, c);
			put(h, header ? "</th>" : "</td>");
		}
		put(h, "</tr>\n");
		break;
	case PITH_DOC_CODE_BLOCK:
		put(h, "<pre><code>");
		put_inlines(h, id);
		put(h, "</code></pre>\n");
		break;
	case PITH_DOC_QUOTE:
		put(h, "<blockquote>\n");
		put_blocks(h, id);
		put(h, "</blockquote>\n");
		break;
	case PITH_DOC_CAPTION:
		put(h, "<figure><figcaption>");
		put_inlines(h, id);
		put(h, "</figcaption></figure>\n");
		break;
	case PITH_DOC_FOOTNOTE:
		if (n->number <= 0) /* no kept reference: its text stays in place */
			put_blocks(h, id);
		break;
	case PITH_DOC_RULE:
		put(h, "<hr>\n");
		break;
	default: /* a cell outside a row, which the model never makes */
		put_inlines(h, id);
		break;
	}
}

static void put_blocks(html *h, uint32_t parent)
{
	for (uint32_t c = node_at(h, parent)->first_child; c; c = node_at(h, c)->next_sibling)
		put_block(h, c);
}

bool pith_render_html(const pith_document *doc, pith_buffer *out)
{
	html h = {.doc = doc, .out = out, .ok = true};
	out->length = 0;
	put(&h, "");
	for (size_t i = 1; i < doc->count; i++)
		if (doc->nodes[i].kind == PITH_DOC_FOOTNOTE && doc->nodes[i].number > 0)
			h.footnote_count++;
	if (h.footnote_count) {
		h.footnotes = malloc((size_t)h.footnote_count * sizeof *h.footnotes);
		if (!h.footnotes)
			return false;
		/* Footnotes are numbered in node order. */
		for (size_t i = 1, k = 0; i < doc->count; i++)
			if (doc->nodes[i].kind == PITH_DOC_FOOTNOTE && doc->nodes[i].number > 0)
				h.footnotes[k++] = (uint32_t)i;
	}
	if (doc->count)
		put_blocks(&h, 0);
	if (h.footnote_count) {
		put(&h, "<section>\n<ol>\n");
		for (int32_t i = 0; i < h.footnote_count; i++) {
			put(&h, "<li>\n");
			put_blocks(&h, h.footnotes[i]);
			put(&h, "</li>\n");
		}
		put(&h, "</ol>\n</section>\n");
	}
	free(h.footnotes);
	while (h.ok && out->length && out->data[out->length - 1] == '\n')
		out->data[--out->length] = '\0';
	return h.ok;
}
