/* Plain text from the extractor's blocks: the default output, written
 * without a document model so that it costs nothing more than the
 * extraction. */
#include <stdio.h>
#include <string.h>

#include "../extract/extract_internal.h"
#include "render.h"

bool pith_render_text(const pith_extractor *ex, pith_buffer *out)
{
	out->length = 0;
	if (!pith_buffer_append(out, "", 0))
		return false;
	if (!ex->block_count)
		return true;
	const pith_element_info *r = &ex->elements[ex->region];
	const pith_block *previous = NULL;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (b->dropped)
			continue;
		if (previous) {
			/* Items of one list and cells of one row stay together. */
			const char *sep = "\n\n";
			if (b->list_owner && b->list_owner == previous->list_owner)
				sep = "\n";
			else if (b->row && b->row == previous->row)
				sep = " | ";
			else if (b->row && b->table == previous->table)
				sep = "\n";
			if (!pith_buffer_append(out, sep, strlen(sep)))
				return false;
		}
		if (b->item_number) {
			char number[16];
			int n = snprintf(number, sizeof number, "%d. ", b->item_number);
			if (!pith_buffer_append(out, number, (size_t)n))
				return false;
		}
		if (!pith_buffer_append(out, ex->text.data + b->text_start, b->text_length))
			return false;
		previous = b;
	}
	return true;
}
