/* The document model as one JSON value (schema: docs/json-schema.md).
 * Blocks and spans are objects with a "type"; text is a bare string. */
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "render.h"

typedef struct json {
	const pith_document *doc;
	pith_buffer *out;
	bool ok;
} json;

static void put(json *j, const char *s)
{
	if (j->ok && !pith_buffer_append(j->out, s, strlen(s)))
		j->ok = false;
}

static void put_string(json *j, const char *s, size_t n)
{
	if (j->ok && !pith_json_append_string(j->out, s, n))
		j->ok = false;
}

static void put_doc_string(json *j, pith_doc_string s)
{
	put_string(j, pith_doc_string_data(j->doc, s), s.length);
}

static void put_number(json *j, long number)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%ld", number);
	put(j, digits);
}

static const char *const type_names[] = {
    [PITH_DOC_ROOT] = "document",
    [PITH_DOC_HEADING] = "heading",
    [PITH_DOC_PARAGRAPH] = "paragraph",
    [PITH_DOC_LIST] = "list",
    [PITH_DOC_ITEM] = "item",
    [PITH_DOC_TABLE] = "table",
    [PITH_DOC_ROW] = "row",
    [PITH_DOC_CELL] = "cell",
    [PITH_DOC_CODE_BLOCK] = "code_block",
    [PITH_DOC_QUOTE] = "quote",
    [PITH_DOC_CAPTION] = "caption",
    [PITH_DOC_FOOTNOTE] = "footnote",
    [PITH_DOC_RULE] = "rule",
    [PITH_DOC_TEXT] = "text",
    [PITH_DOC_EMPHASIS] = "emphasis",
    [PITH_DOC_STRONG] = "strong",
    [PITH_DOC_CODE] = "code",
    [PITH_DOC_LINK] = "link",
    [PITH_DOC_BREAK] = "break",
    [PITH_DOC_NOTE_REF] = "footnote_ref",
    [PITH_DOC_IMAGE] = "image",
};

/* The text under a node as one string, breaks as newlines (code). */
static void put_flat_text(json *j, uint32_t id)
{
	pith_buffer text = {0};
	bool ok = pith_document_append_text(j->doc, id, "\n", &text);
	if (!ok)
		j->ok = false;
	else
		put_string(j, text.data, text.length);
	pith_buffer_free(&text);
}

static void put_node(json *j, uint32_t id)
{
	const pith_doc_node *n = &j->doc->nodes[id];
	if (n->kind == PITH_DOC_TEXT) {
		put_doc_string(j, n->text);
		return;
	}
	put(j, "{\"type\":\"");
	put(j, type_names[n->kind]);
	put(j, "\"");
	switch (n->kind) {
	case PITH_DOC_HEADING:
		put(j, ",\"level\":");
		put_number(j, n->level);
		break;
	case PITH_DOC_LIST:
		put(j, n->level ? ",\"ordered\":true,\"start\":" : ",\"ordered\":false");
		if (n->level)
			put_number(j, n->number);
		break;
	case PITH_DOC_CELL:
		put(j, n->level ? ",\"header\":true" : ",\"header\":false");
		break;
	case PITH_DOC_CODE_BLOCK:
		put(j, ",\"language\":");
		if (n->text.length)
			put_doc_string(j, n->text);
		else
			put(j, "null");
		put(j, ",\"text\":");
		put_flat_text(j, id);
		put(j, "}");
		return;
	case PITH_DOC_CODE:
		put(j, ",\"text\":");
		put_flat_text(j, id);
		put(j, "}");
		return;
	case PITH_DOC_FOOTNOTE:
	case PITH_DOC_NOTE_REF:
		put(j, ",\"number\":");
		if (n->number > 0)
			put_number(j, n->number);
		else
			put(j, "null");
		break;
	case PITH_DOC_LINK:
		put(j, ",\"href\":");
		put_doc_string(j, n->text);
		break;
	case PITH_DOC_IMAGE:
		put(j, ",\"src\":");
		put_doc_string(j, n->text);
		put(j, ",\"alt\":");
		put_doc_string(j, n->alt);
		put(j, "}");
		return;
	case PITH_DOC_RULE:
	case PITH_DOC_BREAK:
		put(j, "}");
		return;
	}
	put(j, ",\"children\":[");
	for (uint32_t c = n->first_child; c; c = j->doc->nodes[c].next_sibling) {
		put_node(j, c);
		if (j->doc->nodes[c].next_sibling)
			put(j, ",");
	}
	put(j, "]}");
}

bool pith_render_json(const pith_document *doc, pith_buffer *out)
{
	json j = {.doc = doc, .out = out, .ok = true};
	out->length = 0;
	put(&j, "");
	if (doc->count)
		put_node(&j, 0);
	else
		put(&j, "{\"type\":\"document\",\"children\":[]}");
	return j.ok;
}
