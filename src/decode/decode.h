/* Bytes to UTF-8: the WHATWG Encoding standard's sniffing and decoding.
 *
 * Order of precedence (HTML 13.2.3.2, "determining the character
 * encoding"): BOM; the transport's charset; the <meta> prescan of the first
 * 1024 bytes; detection for pages that declare nothing; UTF-8 last. Labels
 * go through the standard's label table (so "latin1" and "iso-8859-1" mean
 * windows-1252). Invalid byte sequences become U+FFFD. */
#ifndef PITH_DECODE_H
#define PITH_DECODE_H

#include <stddef.h>

#include "pith.h"

typedef struct pith_decoder pith_decoder;

pith_decoder *pith_decoder_new(void);
void pith_decoder_free(pith_decoder *decoder);

/* Decode bytes[0..length) to UTF-8. transport_charset may be NULL.
 * On PITH_OK, *utf8 and *utf8_length give the text: either bytes itself
 * (valid UTF-8 needing no change, the common case, no copy) or the
 * decoder's buffer, valid until the next call. *encoding is the WHATWG name
 * of the encoding used (static string). */
pith_status pith_decode(pith_decoder *decoder, const char *bytes, size_t length,
                        const char *transport_charset, const char **utf8, size_t *utf8_length,
                        const char **encoding);

/* Bytes the decoder holds (its output buffer), for memory accounting. */
size_t pith_decoder_memory(const pith_decoder *decoder);

#endif
