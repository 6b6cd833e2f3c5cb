/* The document model: the kept blocks of an extraction as structure
 * (headings, paragraphs, lists, tables, code, quotes, footnotes) holding
 * inline spans (emphasis, strong, code, links), which the renderers
 * (src/render/) write as Markdown, HTML or JSON.
 *
 * Nodes are records in one array linked by 32-bit indexes, as in the DOM;
 * node 0 is the root. Strings (text, hrefs, languages) are spans of the
 * document's own byte buffer. The model holds exactly the text of the
 * extraction's kept blocks: a renderer that wrote only the TEXT nodes, a
 * line break for each BREAK, would write every kept word in order. */
#ifndef PITH_DOCUMENT_H
#define PITH_DOCUMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/buffer.h"
#include "../dom/dom.h"
#include "../extract/extract.h"
#include "pith.h"

/* Containers and spans nest at most this deep in the model (the root not
 * counted); deeper ones are left out and their text joins the one around
 * them, so no word is lost. Markdown writes each line's containers again
 * as a prefix ("> ", list indentation), so output grows with depth times
 * text: the bound keeps it linear, and the renderers' recursion shallow.
 * Real pages nest lists, quotes and spans a few levels deep. */
#define PITH_DOCUMENT_MAX_DEPTH 32

typedef enum pith_doc_kind {
	PITH_DOC_ROOT,
	/* blocks */
	PITH_DOC_HEADING,    /* level 1-6; inlines */
	PITH_DOC_PARAGRAPH,  /* inlines */
	PITH_DOC_LIST,       /* ordered (level 1) with number = start; ITEMs */
	PITH_DOC_ITEM,       /* blocks */
	PITH_DOC_TABLE,      /* ROWs */
	PITH_DOC_ROW,        /* CELLs */
	PITH_DOC_CELL,       /* level 1: a header cell (th); inlines */
	PITH_DOC_CODE_BLOCK, /* text = language or empty; TEXT and BREAK children */
	PITH_DOC_QUOTE,      /* blocks */
	PITH_DOC_CAPTION,    /* a figure's caption; inlines */
	PITH_DOC_FOOTNOTE,   /* number (1, 2... in document order), text = label; blocks */
	PITH_DOC_RULE,       /* a thematic break (hr) */
	/* inlines */
	PITH_DOC_TEXT, /* text */
	PITH_DOC_EMPHASIS,
	PITH_DOC_STRONG,
	PITH_DOC_CODE,
	PITH_DOC_LINK,     /* text = href, absolute */
	PITH_DOC_BREAK,    /* a line break */
	PITH_DOC_NOTE_REF, /* a footnote reference: number (0 when its footnote was not
	                      kept), text = label; children: the marker as the page shows it */
	PITH_DOC_IMAGE,    /* text = src, absolute; alt; level: PITH_DOC_SPACE_* */
} pith_doc_kind;

/* An image's level: the page had whitespace right before it (after
 * inlines of its leaf), or right after it. The text around an image does
 * not hold that space (collapsed into the text after it, or trimmed at
 * the block's start), so the writers put one there unless the text beside
 * it has one. */
#define PITH_DOC_SPACE_BEFORE 1
#define PITH_DOC_SPACE_AFTER 2

typedef struct pith_doc_string {
	uint32_t start, length; /* bytes in pith_document.strings */
} pith_doc_string;

typedef struct pith_doc_node {
	uint32_t parent, first_child, last_child, next_sibling; /* 0: none */
	uint8_t kind;                                           /* pith_doc_kind */
	uint8_t level;
	int32_t number;
	pith_doc_string text;
	pith_doc_string alt;
} pith_doc_node;

typedef struct pith_document {
	pith_doc_node *nodes;
	size_t count, capacity;
	pith_buffer strings;
	/* While building: the labels footnote references point to, and a
	 * hash table of their indexes + 1. */
	struct pith_doc_label *labels;
	size_t label_count, label_capacity;
	uint32_t *label_slots;
	size_t slot_capacity;
} pith_document;

typedef struct pith_doc_label {
	pith_doc_string label;
	bool referenced; /* a kept reference points to it */
	int32_t number;  /* its footnote's number, or 0 */
} pith_doc_label;

/* A zeroed pith_document is ready. */
void pith_document_release(pith_document *doc);
size_t pith_document_memory(const pith_document *doc);

/* The model's link and image URLs together hold at most this many bytes
 * for each byte of the page, plus PITH_DOCUMENT_URL_SLACK_BYTES. A
 * relative reference resolves against the whole base URL, so a long
 * <base href> over thousands of short links ("<a href=#>") would write
 * the base thousands of times: 8 KiB of base over 10,000 links made
 * 80 MB in every format from a 218 KB page. Past the budget, links are
 * written as text and images left out. The dev pages hold at most 0.41
 * URL bytes per page byte. */
#define PITH_DOCUMENT_URL_BYTES_PER_PAGE_BYTE 2
#define PITH_DOCUMENT_URL_SLACK_BYTES ((size_t)64 * 1024)

/* Builds the model of the kept blocks of an extraction of a page (of
 * page_bytes bytes) made with trace (a content without one gives an empty
 * model). Links and images
 * are made absolute against base_url (NULL or "" leaves relative ones as
 * they are); images are kept only with images.
 * Returns PITH_OK or PITH_ERROR_NOMEM (the model is then empty). */
pith_status pith_document_build(pith_document *doc, const pith_extraction *content,
                                const pith_dom *dom, const char *base_url, bool images,
                                size_t page_bytes);

/* Appends the text under node id to into, each BREAK written as
 * line_break (code, whose text is one string); into is NUL-terminated
 * after, even when nothing was added. False when memory runs out. */
bool pith_document_append_text(const pith_document *doc, uint32_t id, const char *line_break,
                               pith_buffer *into);

/* Does image node id want a space written after it: the page had one
 * there, and what follows it in its parent is neither a break nor text
 * that starts with a space or newline? */
bool pith_document_space_after_image(const pith_document *doc, uint32_t id);

static inline const char *pith_doc_string_data(const pith_document *doc, pith_doc_string s)
{
	return doc->strings.data + s.start;
}

#endif
