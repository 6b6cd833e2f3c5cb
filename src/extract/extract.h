/* Main-content extraction: from a page's tree, the text its author wrote.
 *
 * The stage knows the DOM and nothing of decoding, parsing or output
 * formats. Its steps (extract.c explains each):
 *   1. prune what is never content (scripts, hidden elements, forms...);
 *   2. segment the page into text blocks with measured features;
 *   3. choose the main-content region and drop boilerplate inside it;
 *   4. de-duplicate (teaser vs body, alt vs caption, repeated blocks).
 * It leaves its decisions on the blocks (extract_internal.h); src/render/
 * writes them out. */
#ifndef PITH_EXTRACT_H
#define PITH_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "../dom/dom.h"
#include "pith.h"

typedef struct pith_extractor pith_extractor;

/* A new extractor, or NULL when memory runs out. Reusable across pages. */
pith_extractor *pith_extractor_new(void);
void pith_extractor_free(pith_extractor *extractor);
size_t pith_extractor_memory(const pith_extractor *extractor);

typedef struct pith_extraction {
	const char *title; /* NUL-terminated, owned by the extractor */
	size_t title_length;
} pith_extraction;

/* Decide which blocks of dom (a whole document) are the main content; the
 * renderers (src/render/) write them. page_type, when not UNKNOWN, is
 * the caller's word for the page's type, which chooses the region's
 * rule. With trace, the walk also records
 * where each node's text went (pith_node_trace), which building a
 * document model needs. The title stays valid until the extractor's next
 * call. */
pith_status pith_extract_content(pith_extractor *extractor, const pith_dom *dom, pith_favor favor,
                                 bool trace, pith_page_type page_type, pith_extraction *out);

#endif
