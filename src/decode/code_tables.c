/* Mapping data for the legacy decoders, taken from glibc iconv.
 *
 * The decoders themselves are the standard's algorithms (cjk_decode.c,
 * single_byte_decode.c): glibc's converters differ from the standard in
 * how they recover from errors (the standard never lets a lead byte
 * swallow an ASCII byte) and, for a few hundred codes, in what they map to.
 * So iconv is asked once per decoder for every code of an encoding, the
 * answers fill a table indexed by the standard's pointer, and the known
 * differences are patched (see the override lists beside each decoder).
 * iconv_open is slow, so converters stay open for the decoder's life. */
#include <errno.h>
#include <stdlib.h>

#include "decode_internal.h"

/* The glibc converter whose mapping matches each encoding's index, checked
 * code by code against the standard's indexes with glibc 2.36. */
static const char *const iconv_names[PITH_ENCODING_COUNT] = {
    [PITH_ENCODING_IBM866] = "IBM866",
    [PITH_ENCODING_ISO_8859_2] = "ISO-8859-2",
    [PITH_ENCODING_ISO_8859_3] = "ISO-8859-3",
    [PITH_ENCODING_ISO_8859_4] = "ISO-8859-4",
    [PITH_ENCODING_ISO_8859_5] = "ISO-8859-5",
    [PITH_ENCODING_ISO_8859_6] = "ISO-8859-6",
    [PITH_ENCODING_ISO_8859_7] = "ISO-8859-7",
    [PITH_ENCODING_ISO_8859_8] = "ISO-8859-8",
    [PITH_ENCODING_ISO_8859_8_I] = "ISO-8859-8",
    [PITH_ENCODING_ISO_8859_10] = "ISO-8859-10",
    [PITH_ENCODING_ISO_8859_13] = "ISO-8859-13",
    [PITH_ENCODING_ISO_8859_14] = "ISO-8859-14",
    [PITH_ENCODING_ISO_8859_15] = "ISO-8859-15",
    [PITH_ENCODING_ISO_8859_16] = "ISO-8859-16",
    [PITH_ENCODING_KOI8_R] = "KOI8-R",
    [PITH_ENCODING_KOI8_U] = "KOI8-U",
    [PITH_ENCODING_MACINTOSH] = "MACINTOSH",
    [PITH_ENCODING_WINDOWS_874] = "CP874",
    [PITH_ENCODING_WINDOWS_1250] = "CP1250",
    [PITH_ENCODING_WINDOWS_1251] = "CP1251",
    [PITH_ENCODING_WINDOWS_1252] = "CP1252",
    [PITH_ENCODING_WINDOWS_1253] = "CP1253",
    [PITH_ENCODING_WINDOWS_1254] = "CP1254",
    [PITH_ENCODING_WINDOWS_1255] = "CP1255",
    [PITH_ENCODING_WINDOWS_1256] = "CP1256",
    [PITH_ENCODING_WINDOWS_1257] = "CP1257",
    [PITH_ENCODING_WINDOWS_1258] = "CP1258",
    [PITH_ENCODING_X_MAC_CYRILLIC] = "MAC-CYRILLIC",
    /* GBK's decoder is gb18030's; index gb18030 is GB18030-2022's two-byte
     * table, which glibc 2.36 implements. */
    [PITH_ENCODING_GBK] = "GB18030",
    [PITH_ENCODING_GB18030] = "GB18030",
    /* The standard's Big5 is Big5 with the HKSCS extensions. */
    [PITH_ENCODING_BIG5] = "BIG5-HKSCS",
    /* Only jis0212 (the 0x8F three-byte codes) comes from here; jis0208,
     * NEC and IBM rows included, comes from CP932 for all three Japanese
     * encodings. */
    [PITH_ENCODING_EUC_JP] = "EUC-JP",
    /* index jis0208 with its NEC and IBM extensions is Windows-31J. */
    [PITH_ENCODING_SHIFT_JIS] = "CP932",
    /* The standard's EUC-KR is Windows code page 949 (Unified Hangul
     * Code). */
    [PITH_ENCODING_EUC_KR] = "CP949",
};

void pith_code_tables_init(pith_code_tables *tables)
{
	*tables = (pith_code_tables){0};
	for (int i = 0; i < PITH_ENCODING_COUNT; i++)
		tables->converters[i] = (iconv_t)-1;
}

void pith_code_tables_release(pith_code_tables *tables)
{
	for (int i = 0; i < PITH_ENCODING_COUNT; i++) {
		if (tables->converters[i] != (iconv_t)-1)
			iconv_close(tables->converters[i]);
		free(tables->single_byte[i]);
	}
	free(tables->jis0208);
	free(tables->jis0212);
	free(tables->euc_kr);
	free(tables->big5);
	free(tables->gb18030);
	pith_code_tables_init(tables);
}

iconv_t pith_code_tables_converter(pith_code_tables *tables, pith_encoding encoding,
                                   pith_status *status)
{
	*status = PITH_OK;
	if ((unsigned)encoding >= PITH_ENCODING_COUNT || !iconv_names[encoding])
		return (iconv_t)-1;
	iconv_t converter = tables->converters[encoding];
	if (converter == (iconv_t)-1) {
		/* UTF-32LE rather than the host order keeps the byte
		 * assembly below the same everywhere. */
		converter = iconv_open("UTF-32LE", iconv_names[encoding]);
		if (converter == (iconv_t)-1) {
			if (errno == ENOMEM)
				*status = PITH_ERROR_NOMEM;
			return converter;
		}
		tables->converters[encoding] = converter;
	}
	iconv(converter, NULL, NULL, NULL, NULL);
	return converter;
}

uint32_t pith_iconv_code_point(iconv_t converter, const unsigned char *bytes, size_t length)
{
	unsigned char out[16];
	char *in = (char *)bytes;
	size_t in_left = length;
	char *next = (char *)out;
	size_t out_left = sizeof out;
	iconv(converter, NULL, NULL, NULL, NULL);
	if (iconv(converter, &in, &in_left, &next, &out_left) == (size_t)-1 || in_left != 0)
		return 0;
	/* Stateful converters (BIG5-HKSCS) may hold a character back. */
	if (iconv(converter, NULL, NULL, &next, &out_left) == (size_t)-1)
		return 0;
	if (sizeof out - out_left != 4)
		return 0;
	return (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 |
	       (uint32_t)out[3] << 24;
}
