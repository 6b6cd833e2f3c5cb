/* Plain text from the extraction's kept blocks: the default output,
 * written without a document model so that it costs nothing more than the
 * extraction. */
#include <stdio.h>
#include <string.h>

#include "render.h"

bool pith_render_text(const pith_extraction *content, pith_buffer *out)
{
	out->length = 0;
	if (!pith_buffer_append(out, "", 0))
		return false;
	const pith_text_block *previous = NULL;
	for (uint32_t i = content->region_begin; i < content->region_end; i++) {
		const pith_text_block *b = &content->blocks[i];
		if (!b->kept)
			continue;
		/* A table of data keeps each cell in its place: an empty cell
		 * (or one whose text went) keeps its bar ("a | | c"; "| b" at
		 * a row's start: no line starts or ends with a space, and no
		 * two spaces meet), so that the cells after it stay under their
		 * headers; two blocks of one cell are one cell. A table that
		 * lays out the page has no columns to keep: its blocks are
		 * joined row by row. */
		bool list_item = previous && b->list_owner && b->list_owner == previous->list_owner;
		bool same_row = previous && b->row && b->row == previous->row;
		/* The empty cells before b: at a row's start, the columns
		 * before its own; inside a row, those between the row's last
		 * block and b; none before a list's item in a cell. */
		uint32_t empty_cells = 0;
		if (b->data_cell && !list_item && !same_row)
			empty_cells = b->column;
		else if (b->data_cell && !list_item && b->column > previous->column)
			empty_cells = (uint32_t)(b->column - previous->column - 1);
		if (previous) {
			/* Items of one list and cells of one row stay together. */
			const char *sep = "\n\n";
			if (list_item) {
				sep = "\n";
			} else if (same_row) {
				sep = b->data_cell && b->column == previous->column ? " " : " | ";
				for (uint32_t k = 0; k < empty_cells; k++)
					if (!pith_buffer_append(out, " |", 2))
						return false;
			} else if (b->row && b->table == previous->table) {
				sep = "\n";
			}
			if (!pith_buffer_append(out, sep, strlen(sep)))
				return false;
		}
		if (!same_row && empty_cells > 0) {
			if (!pith_buffer_append(out, "|", 1))
				return false;
			for (; empty_cells > 1; empty_cells--)
				if (!pith_buffer_append(out, " |", 2))
					return false;
			if (!pith_buffer_append(out, " ", 1))
				return false;
		}
		if (b->item_number) {
			char number[16];
			int n = snprintf(number, sizeof number, "%d. ", b->item_number);
			if (!pith_buffer_append(out, number, (size_t)n))
				return false;
		}
		if (!pith_buffer_append(out, content->text + b->text_start, b->text_length))
			return false;
		previous = b;
	}
	return true;
}
