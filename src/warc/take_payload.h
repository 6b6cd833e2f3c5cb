/* Handing a record's payload over without copying it, for readers that
 * extract on other threads (the batch engine). */
#ifndef PITH_WARC_TAKE_PAYLOAD_H
#define PITH_WARC_TAKE_PAYLOAD_H

#include <stdbool.h>

#include "base/buffer.h"
#include "pith.h"

/* Gives *into the memory that holds record->payload (the record pith_warc_
 * next just returned), so the payload outlives the reader's next call;
 * record->payload keeps pointing at the same bytes, now into's. The reader
 * takes into's old memory in exchange and copies there only the bytes it
 * read past the record (see WINDOW_READ_AHEAD_BYTES). into->length is
 * then how much of that memory the reader had filled. An empty payload
 * needs nothing. False when memory runs out; nothing has moved then. */
bool pith_warc_take_payload(pith_warc *warc, const pith_warc_record *record, pith_buffer *into);

#endif
