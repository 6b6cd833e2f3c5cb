/* What a WARC reader has done, counted in bytes: tests check that it grows
 * linearly with hostile input (junk, false gzip headers, dense version
 * lines), which a count shows on a busy machine where a time would not. */
#ifndef PITH_WARC_WORK_COUNTS_H
#define PITH_WARC_WORK_COUNTS_H

#include "pith.h"

typedef struct pith_warc_work {
	/* Bytes searched for a version line, a header block's end or a gzip
	 * member header, or read to check one. */
	unsigned long long scanned;
	/* Compressed bytes given to a decoder: taken by zlib, offered to a
	 * one-call decode (libdeflate reads at most those). */
	unsigned long long inflated;
	/* Bytes moved within the reader's buffers to make room. */
	unsigned long long moved;
} pith_warc_work;

void pith_warc_get_work(const pith_warc *warc, pith_warc_work *work);

#endif
