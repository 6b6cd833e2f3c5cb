/* Single-byte encodings: Encoding §9.1 "single-byte decoder" and §14.5.1
 * "x-user-defined decoder".
 *
 * Each encoding's table (bytes 0x80..0xFF) is filled from glibc iconv on
 * first use, then corrected where glibc 2.36 differs from the standard's
 * index, found by comparing all 27 tables byte by byte:
 *   - windows-874 and windows-1250..1258: bytes Windows leaves undefined in
 *     0x80..0x9F are the C1 controls of the same value in the standard
 *     (windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D; glibc rejects them);
 *   - windows-1255 0xCA is U+05BA;
 *   - KOI8-U is the standard's KOI8-RU-like table: 0xAE U+045E, 0xBE U+040E;
 *   - macintosh 0xC6 is U+2206 and 0xF0 U+F8FF; x-mac-cyrillic 0xFF U+20AC.
 * Everything else, the ISO-8859 family included, matched exactly. */
#include <stdlib.h>
#include <string.h>

#include "decode_internal.h"

typedef struct byte_override {
	pith_encoding encoding;
	unsigned char byte;
	uint32_t code_point;
} byte_override;

static const byte_override byte_overrides[] = {
    {PITH_ENCODING_WINDOWS_1255, 0xCA, 0x05BA}, {PITH_ENCODING_KOI8_U, 0xAE, 0x045E},
    {PITH_ENCODING_KOI8_U, 0xBE, 0x040E},       {PITH_ENCODING_MACINTOSH, 0xC6, 0x2206},
    {PITH_ENCODING_MACINTOSH, 0xF0, 0xF8FF},    {PITH_ENCODING_X_MAC_CYRILLIC, 0xFF, 0x20AC},
};

static bool is_windows_code_page(pith_encoding encoding)
{
	return encoding >= PITH_ENCODING_WINDOWS_874 && encoding <= PITH_ENCODING_WINDOWS_1258;
}

static uint32_t pack_utf8(uint32_t code_point)
{
	char bytes[4];
	size_t n = (size_t)(pith_put_utf8(bytes, code_point) - bytes);
	uint32_t packed = (uint32_t)n << 24;
	for (size_t i = 0; i < n; i++)
		packed |= (uint32_t)(unsigned char)bytes[i] << (8 * i);
	return packed;
}

/* The table for encoding, built on first use. NULL with *status OK when
 * glibc has no converter for it. */
static const uint32_t *single_byte_table(pith_code_tables *tables, pith_encoding encoding,
                                         pith_status *status)
{
	*status = PITH_OK;
	if (tables->single_byte[encoding])
		return tables->single_byte[encoding];
	iconv_t converter = pith_code_tables_converter(tables, encoding, status);
	if (converter == (iconv_t)-1)
		return NULL;
	uint32_t *table = malloc(128 * sizeof *table);
	if (!table) {
		*status = PITH_ERROR_NOMEM;
		return NULL;
	}
	for (unsigned b = 0x80; b <= 0xFF; b++) {
		unsigned char byte = (unsigned char)b;
		uint32_t code_point = pith_iconv_code_point(converter, &byte, 1);
		if (code_point == 0 && b < 0xA0 && is_windows_code_page(encoding))
			code_point = b;
		table[b - 0x80] = code_point ? pack_utf8(code_point) : 0;
	}
	for (size_t i = 0; i < sizeof byte_overrides / sizeof byte_overrides[0]; i++)
		if (byte_overrides[i].encoding == encoding)
			table[byte_overrides[i].byte - 0x80] =
			    pack_utf8(byte_overrides[i].code_point);
	tables->single_byte[encoding] = table;
	tables->bytes += 128 * sizeof *table;
	return table;
}

#define HIGH_BITS 0x8080808080808080ull

pith_status pith_single_byte_decode(pith_code_tables *tables, pith_encoding encoding,
                                    const unsigned char *bytes, size_t length, pith_buffer *out)
{
	const uint32_t *table = NULL;
	pith_status status;
	if (encoding != PITH_ENCODING_X_USER_DEFINED) {
		table = single_byte_table(tables, encoding, &status);
		if (!table)
			return status != PITH_OK ? status : PITH_ERROR_INVALID_ARGUMENT;
	}
	/* Every byte above 0x7F becomes at most three bytes, so the exact
	 * bound is cheap to count and no step needs a room check. */
	size_t high = 0;
	for (size_t i = 0; i < length; i++)
		high += bytes[i] >> 7;
	status = pith_decode_reserve(out, length + 2 * high);
	if (status != PITH_OK)
		return status;
	char *o = out->data + out->length;
	size_t i = 0;
	while (i < length) {
		if (length - i >= 8) {
			uint64_t word;
			memcpy(&word, bytes + i, sizeof word);
			if (!(word & HIGH_BITS)) {
				memcpy(o, &word, sizeof word);
				o += 8;
				i += 8;
				continue;
			}
		}
		unsigned char b = bytes[i++];
		if (b < 0x80) {
			*o++ = (char)b;
		} else if (!table) {
			o = pith_put_utf8(o, 0xF780 + b - 0x80);
		} else {
			uint32_t e = table[b - 0x80];
			if (!e) {
				o = pith_put_replacement(o);
			} else {
				o[0] = (char)e;
				o[1] = (char)(e >> 8);
				o[2] = (char)(e >> 16);
				o += e >> 24;
			}
		}
	}
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}
