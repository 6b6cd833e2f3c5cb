/* What the files of the decode stage share; decode.h is the stage's face.
 *
 * Encodings are named by an enum in the order of the Encoding standard's
 * table (§4.2 "Names and labels"). The output of every decoder is UTF-8 in
 * a growable buffer owned by the pith_decoder. */
#ifndef PITH_DECODE_INTERNAL_H
#define PITH_DECODE_INTERNAL_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buffer.h"
#include "../base/utf8.h"
#include "pith.h"

typedef enum pith_encoding {
	PITH_ENCODING_NONE = 0, /* the standard's "failure" */
	PITH_ENCODING_UTF_8,
	PITH_ENCODING_IBM866, /* the single-byte encodings */
	PITH_ENCODING_ISO_8859_2,
	PITH_ENCODING_ISO_8859_3,
	PITH_ENCODING_ISO_8859_4,
	PITH_ENCODING_ISO_8859_5,
	PITH_ENCODING_ISO_8859_6,
	PITH_ENCODING_ISO_8859_7,
	PITH_ENCODING_ISO_8859_8,
	PITH_ENCODING_ISO_8859_8_I,
	PITH_ENCODING_ISO_8859_10,
	PITH_ENCODING_ISO_8859_13,
	PITH_ENCODING_ISO_8859_14,
	PITH_ENCODING_ISO_8859_15,
	PITH_ENCODING_ISO_8859_16,
	PITH_ENCODING_KOI8_R,
	PITH_ENCODING_KOI8_U,
	PITH_ENCODING_MACINTOSH,
	PITH_ENCODING_WINDOWS_874,
	PITH_ENCODING_WINDOWS_1250,
	PITH_ENCODING_WINDOWS_1251,
	PITH_ENCODING_WINDOWS_1252,
	PITH_ENCODING_WINDOWS_1253,
	PITH_ENCODING_WINDOWS_1254,
	PITH_ENCODING_WINDOWS_1255,
	PITH_ENCODING_WINDOWS_1256,
	PITH_ENCODING_WINDOWS_1257,
	PITH_ENCODING_WINDOWS_1258,
	PITH_ENCODING_X_MAC_CYRILLIC,
	PITH_ENCODING_GBK,
	PITH_ENCODING_GB18030,
	PITH_ENCODING_BIG5,
	PITH_ENCODING_EUC_JP,
	PITH_ENCODING_ISO_2022_JP,
	PITH_ENCODING_SHIFT_JIS,
	PITH_ENCODING_EUC_KR,
	PITH_ENCODING_REPLACEMENT,
	PITH_ENCODING_UTF_16BE,
	PITH_ENCODING_UTF_16LE,
	PITH_ENCODING_X_USER_DEFINED,
	PITH_ENCODING_COUNT
} pith_encoding;

/* encoding_labels.c: the standard's name ("Shift_JIS"); "" for NONE. */
const char *pith_encoding_name(pith_encoding encoding);

/* "Get an encoding" (Encoding §4.2): trims ASCII whitespace, matches ASCII
 * case-insensitively; NONE for an unknown label. label need not be
 * NUL-terminated. */
pith_encoding pith_encoding_for_label(const char *label, size_t length);

/* The label table's entry i, for tests; NULL past the end. */
const char *pith_encoding_label_at(size_t i, pith_encoding *encoding);

/* meta_prescan.c: HTML §13.2.3.2 "prescan a byte stream to determine its
 * encoding" over bytes[0..min(length, PITH_PRESCAN_BYTES)), with "get an
 * XML encoding" when the prescan finds nothing. Declared UTF-16 comes back
 * as UTF-8 and x-user-defined as windows-1252, as the prescan says, except
 * for the UTF-16 XML declaration check that precedes the loop.
 *
 * The window is the 1024 bytes HTML encourages: a declaration must be
 * there, and it bounds both the scan of a page that has none and the
 * prescan's attribute buffers. */
#define PITH_PRESCAN_BYTES 1024
pith_encoding pith_encoding_prescan(const unsigned char *bytes, size_t length);

/* Room for extra more bytes of output (a pith_buffer of UTF-8), as a
 * status. */
static inline pith_status pith_decode_reserve(pith_buffer *out, size_t extra)
{
	return pith_buffer_reserve(out, extra) ? PITH_OK : PITH_ERROR_NOMEM;
}

/* The most one decoder step writes: two code points (Big5's four
 * two-code-point pointers) of at most 4 bytes each. Decoders whose output
 * cannot be bounded up front check for this much room before each step. */
#define PITH_DECODE_STEP_MAX 8

/* Ensure PITH_DECODE_STEP_MAX bytes at *next; the decoders keep next/end in
 * locals for speed and sync them through this on the rare slow path.
 * remaining is a hint for how much more input is to come. */
static inline pith_status pith_decode_make_room(pith_buffer *buffer, char **next, char **end,
                                                size_t remaining)
{
	if ((size_t)(*end - *next) >= PITH_DECODE_STEP_MAX)
		return PITH_OK;
	buffer->length = (size_t)(*next - buffer->data);
	pith_status status = pith_decode_reserve(buffer, PITH_DECODE_STEP_MAX + remaining);
	if (status != PITH_OK)
		return status;
	*next = buffer->data + buffer->length;
	*end = buffer->data + buffer->capacity;
	return PITH_OK;
}

/* U+FFFD, what every decoder emits for an error ("replacement" mode). */
static inline char *pith_put_replacement(char *out)
{
	out[0] = (char)0xEF;
	out[1] = (char)0xBF;
	out[2] = (char)0xBD;
	return out + 3;
}

/* utf8_decode.c: the length of the longest prefix of bytes that is valid
 * UTF-8 (Encoding §8.1.1) ending at a character boundary. */
size_t pith_utf8_valid_length(const unsigned char *bytes, size_t length);

/* Append bytes to out as the standard's UTF-8 decoder reads them: each
 * maximal invalid subpart becomes one U+FFFD. valid is what
 * pith_utf8_valid_length returned for bytes, so that prefix is not
 * validated twice. */
pith_status pith_utf8_decode_repairing(const unsigned char *bytes, size_t length, size_t valid,
                                       pith_buffer *out);

/* utf16_decode.c: Encoding §14.2.1 "shared UTF-16 decoder". */
pith_status pith_utf16_decode(const unsigned char *bytes, size_t length, bool big_endian,
                              pith_buffer *out);

/* code_tables.c: decoding tables filled from glibc iconv on first use and
 * corrected where glibc's converters differ from the standard's indexes.
 * One set per pith_decoder, so contexts on different threads share
 * nothing. */
typedef struct pith_code_tables {
	iconv_t converters[PITH_ENCODING_COUNT]; /* (iconv_t)-1 until opened */
	/* Per single-byte encoding, bytes 0x80..0xFF as packed UTF-8: the
	 * low three bytes hold the sequence, the top byte its length (0 for
	 * an error). */
	uint32_t *single_byte[PITH_ENCODING_COUNT];
	/* Code points by the standard's pointer, 0 where the index has none. */
	uint32_t *jis0208; /* Shift_JIS pointers 0..11279 (EUC-JP uses 0..8835) */
	uint32_t *jis0212;
	uint32_t *euc_kr;
	uint32_t *big5;
	uint32_t *gb18030;
	size_t bytes; /* heap held by the tables, for pith_decoder_memory */
} pith_code_tables;

void pith_code_tables_init(pith_code_tables *tables);
void pith_code_tables_release(pith_code_tables *tables);

/* The iconv converter glibc uses for encoding's mapping data, reset to its
 * initial state; (iconv_t)-1 if glibc lacks it. *status is NOMEM when
 * iconv_open ran out of memory. */
iconv_t pith_code_tables_converter(pith_code_tables *tables, pith_encoding encoding,
                                   pith_status *status);

/* The one code point iconv gives for the byte sequence, or 0 when it gives
 * an error or more than one. */
uint32_t pith_iconv_code_point(iconv_t converter, const unsigned char *bytes, size_t length);

/* single_byte_decode.c: the single-byte decoder (§9.1) and x-user-defined
 * (§14.5.1). Like pith_cjk_decode, it returns PITH_ERROR_INVALID_ARGUMENT
 * when glibc lacks the converter for the encoding's table, and the caller
 * falls back to windows-1252. */
pith_status pith_single_byte_decode(pith_code_tables *tables, pith_encoding encoding,
                                    const unsigned char *bytes, size_t length, pith_buffer *out);

/* cjk_decode.c: gb18030 (and GBK), Big5, EUC-JP, ISO-2022-JP, Shift_JIS and
 * EUC-KR decoders (§10-§13). */
pith_status pith_cjk_decode(pith_code_tables *tables, pith_encoding encoding,
                            const unsigned char *bytes, size_t length, pith_buffer *out);

/* charset_detect.c: the encoding of a page that declares none and is not
 * valid UTF-8, from uchardet; windows-1252 when it has no usable answer.
 * *detector is created on first use and kept. */
pith_status pith_encoding_detect(void **detector, const unsigned char *bytes, size_t length,
                                 pith_encoding *encoding);
void pith_encoding_detector_free(void *detector);

/* Whether a page that is valid UTF-8 is really ISO-2022-JP: 7-bit bytes
 * with its escape into JIS X 0208 (ESC $ B or ESC $ @), which mean nothing
 * in ASCII. Mail-derived Japanese pages still use it. */
bool pith_looks_like_iso_2022_jp(const unsigned char *bytes, size_t length);

#endif
