/* Main-content extraction: from a page's tree, the text its author wrote.
 *
 * The stage knows the DOM and nothing of decoding, parsing or output
 * formats. Its steps (extract.c explains each):
 *   1. prune what is never content (scripts, hidden elements, forms...);
 *   2. segment the page into text blocks with measured features;
 *   3. choose the main-content region and drop boilerplate inside it;
 *   4. de-duplicate (teaser vs body, alt vs caption, repeated blocks).
 * Its product is a pith_extraction (below): the page's blocks, each kept
 * or not, with their text and the few facts the writers need. src/document/
 * and src/render/ read that and nothing else; the figures the steps
 * measure and decide on stay in extract_internal.h. */
#ifndef PITH_EXTRACT_H
#define PITH_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../dom/dom.h"
#include "pith.h"

typedef struct pith_extractor pith_extractor;

/* A new extractor, or NULL when memory runs out. Reusable across pages. */
pith_extractor *pith_extractor_new(void);
void pith_extractor_free(pith_extractor *extractor);
size_t pith_extractor_memory(const pith_extractor *extractor);

/* A run of text between block-level boundaries, as the product gives it:
 * a paragraph, a heading, a list item, a table cell, or loose text between
 * such elements. */
typedef struct pith_text_block {
	/* Its text: bytes [text_start, text_start + text_length) of
	 * pith_extraction.text, whitespace collapsed, trimmed. */
	uint32_t text_start, text_length;
	pith_node_id list_owner; /* the ul/ol of a list item, or 0 */
	pith_node_id row, table; /* the tr and table of a table cell, or 0 */
	uint16_t column;         /* a cell's place in its row, from 0 */
	/* A cell of a table of data, not of one that lays out the page (a
	 * block longer than a data cell's in it: keep_table_cells). */
	bool data_cell;
	int32_t item_number;     /* its number in an ordered list, or 0 */
	uint8_t heading_level;   /* 1-6 for a heading, else 0 */
	/* In the output. Every kept block lies in the region's range. */
	bool kept;
} pith_text_block;

/* Where the segmenting walk put a node: recorded only when a document
 * model is to be built from the blocks (src/document/), so that the model
 * holds exactly the blocks' text. */
typedef struct pith_node_trace {
	/* Text: its block's index + 1. Element: the index + 1 of the block
	 * open when it was entered, else of the next block (an <img>'s or
	 * <hr>'s block: where the image or rule goes). 0: the walk skipped
	 * the node (and all under it), or the text was only whitespace (in
	 * <pre>: left its block only spaces and newlines so far). */
	uint32_t block;
	/* Text: its bytes in pith_extraction.text, the space written before
	 * it included. end may pass the block's end, whose trailing spaces
	 * are trimmed. */
	uint32_t start, end;
} pith_node_trace;

/* What extraction hands on. Everything points into the extractor and
 * stays valid until its next call. */
typedef struct pith_extraction {
	/* Every block of the page, in document order (kept or not: a trace
	 * names blocks by index, and a rule between two blocks needs to know
	 * whether both neighbours are kept). */
	const pith_text_block *blocks;
	size_t block_count;
	/* The blocks' texts, one after the other; NUL-terminated. */
	const char *text;
	/* The main-content element the blocks were chosen in (or the body, or
	 * the document node 0, when that is where the walk started), and its
	 * blocks: [region_begin, region_end). */
	pith_node_id region;
	uint32_t region_begin, region_end;
	/* Per node id of the tree, when the extraction was asked for a trace;
	 * else NULL. */
	const pith_node_trace *trace;
	/* The headline: the longest of the first h1s and h2s whose text the
	 * <title> or og:title holds, as its block's index + 1, or 0 when no
	 * heading is. Where it opens the region (headings only before it)
	 * it is not kept, being the title; it is a candidate for the title
	 * field, which src/metadata/title.c alone chooses. Its text:
	 * headline_length bytes at headline ("" when there is none; not
	 * NUL-terminated). */
	uint32_t headline_block;
	const char *headline;
	size_t headline_length;
	/* What the headline was matched against: the first <title>'s text
	 * and the first og:title <meta>'s content, whitespace collapsed;
	 * NUL-terminated, "" when the page has none. */
	const char *title_element;
	size_t title_element_length;
	const char *og_title;
	size_t og_title_length;
	/* The page's type, whose rule chose the region: the caller's word
	 * (confidence 1), else what the page-type model reads in the page
	 * (page_type.h) with its confidence, 0..1. UNKNOWN (confidence 0)
	 * only for an empty tree. */
	pith_page_type page_type;
	float page_type_confidence;
} pith_extraction;

/* Decide which blocks of dom (a whole document) are the main content,
 * into *out (its blocks with none kept when dom is empty). page_type,
 * when not UNKNOWN, is the caller's word for the page's type, which
 * chooses the region's rule; else the page-type model tells it. With trace, the walk also records
 * where each node's text went (pith_extraction.trace), which building a document model needs. */
pith_status pith_extract_content(pith_extractor *extractor, const pith_dom *dom, pith_favor favor,
                                 bool trace, pith_page_type page_type, pith_extraction *out);

#endif
