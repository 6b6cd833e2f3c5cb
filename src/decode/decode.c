/* The decode stage: which encoding a page is in, then its text as UTF-8.
 *
 * The order of evidence is HTML §13.2.3.2 "determining the character
 * encoding" with the Encoding standard's "decode" (§6.1): a byte order mark;
 * the transport's charset; the <meta> prescan; then, for pages declaring
 * nothing, detection (charset_detect.c): valid UTF-8 is UTF-8, otherwise
 * uchardet guesses. Valid UTF-8 without a BOM, the common case, is handed
 * back in place; everything else is written to the decoder's buffer, which
 * is reused from page to page. */
#include "decode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode_internal.h"

/* A buffer grown past this by a huge page is freed on the next page that
 * needs less, so one outlier does not pin its size in a long-lived
 * context. Real pages stay far below it (3 bytes of output per input byte
 * at worst, and the largest dev page is under 5 MiB). */
#define PITH_DECODE_BUFFER_RETAIN ((size_t)16 * 1024 * 1024)

struct pith_decoder {
	pith_buffer output;
	pith_code_tables tables;
	void *detector; /* uchardet, created on first use */
};

pith_decoder *pith_decoder_new(void)
{
	pith_decoder *decoder = calloc(1, sizeof *decoder);
	if (!decoder)
		return NULL;
	pith_code_tables_init(&decoder->tables);
	return decoder;
}

void pith_decoder_free(pith_decoder *decoder)
{
	if (!decoder)
		return;
	pith_buffer_free(&decoder->output);
	pith_code_tables_release(&decoder->tables);
	pith_encoding_detector_free(decoder->detector);
	free(decoder);
}

size_t pith_decoder_memory(const pith_decoder *decoder)
{
	if (!decoder)
		return 0;
	return sizeof *decoder + decoder->output.capacity + decoder->tables.bytes;
}

/* "BOM sniff" (Encoding §6.1): the encoding a byte order mark names and the
 * mark's length, or NONE. */
static pith_encoding sniff_bom(const unsigned char *s, size_t n, size_t *bom_length)
{
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		*bom_length = 3;
		return PITH_ENCODING_UTF_8;
	}
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
		*bom_length = 2;
		return PITH_ENCODING_UTF_16BE;
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
		*bom_length = 2;
		return PITH_ENCODING_UTF_16LE;
	}
	*bom_length = 0;
	return PITH_ENCODING_NONE;
}

/* Run encoding's decoder over s into the buffer. valid is the length of
 * s's valid UTF-8 prefix when already known, or SIZE_MAX. */
static pith_status run_decoder(pith_decoder *decoder, pith_encoding encoding,
                               const unsigned char *s, size_t n, size_t valid)
{
	pith_buffer *out = &decoder->output;
	switch (encoding) {
	case PITH_ENCODING_UTF_8:
		if (valid == SIZE_MAX)
			valid = pith_utf8_valid_length(s, n);
		return pith_utf8_decode_repairing(s, n, valid, out);
	case PITH_ENCODING_UTF_16BE:
	case PITH_ENCODING_UTF_16LE:
		return pith_utf16_decode(s, n, encoding == PITH_ENCODING_UTF_16BE, out);
	case PITH_ENCODING_REPLACEMENT: {
		/* §14.1.1: one error for the whole (non-empty) stream. */
		if (n == 0)
			return PITH_OK;
		pith_status status = pith_decode_reserve(out, 3);
		if (status == PITH_OK) {
			pith_put_replacement(out->data + out->length);
			out->length += 3;
		}
		return status;
	}
	case PITH_ENCODING_GBK:
	case PITH_ENCODING_GB18030:
	case PITH_ENCODING_BIG5:
	case PITH_ENCODING_EUC_JP:
	case PITH_ENCODING_ISO_2022_JP:
	case PITH_ENCODING_SHIFT_JIS:
	case PITH_ENCODING_EUC_KR:
		return pith_cjk_decode(&decoder->tables, encoding, s, n, out);
	default:
		return pith_single_byte_decode(&decoder->tables, encoding, s, n, out);
	}
}

/* A page declared (by the transport or a <meta>) in a legacy encoding whose
 * bytes are valid UTF-8 and hold non-ASCII text is UTF-8: pages are often
 * re-saved or re-served as UTF-8 with the old declaration left in place,
 * and legacy text with bytes above 0x7F is almost never valid UTF-8 by
 * chance. Browsers follow the declaration and show mojibake; pith keeps
 * the author's words. Sets *valid to the bytes' valid UTF-8 length when
 * it measured it. */
static bool declared_in_error(pith_encoding declared, size_t bom_length, const unsigned char *s,
                              size_t n, size_t *valid)
{
	if (bom_length || declared == PITH_ENCODING_NONE || declared == PITH_ENCODING_UTF_8 ||
	    declared == PITH_ENCODING_UTF_16BE || declared == PITH_ENCODING_UTF_16LE ||
	    declared == PITH_ENCODING_REPLACEMENT || declared == PITH_ENCODING_ISO_2022_JP)
		return false;
	bool non_ascii = false;
	for (size_t i = 0; i < n && !non_ascii; i++)
		non_ascii = s[i] >= 0x80;
	if (!non_ascii)
		return false;
	*valid = pith_utf8_valid_length(s, n);
	return *valid == n;
}

pith_status pith_decode(pith_decoder *decoder, const char *bytes, size_t length,
                        const char *transport_charset, const char **utf8, size_t *utf8_length,
                        const char **encoding)
{
	if (utf8)
		*utf8 = "";
	if (utf8_length)
		*utf8_length = 0;
	if (encoding)
		*encoding = "";
	if (!decoder || !utf8 || !utf8_length || !encoding || (!bytes && length))
		return PITH_ERROR_INVALID_ARGUMENT;
	if (length > PITH_MAX_INPUT_BYTES)
		return PITH_ERROR_TOO_LARGE;
	const unsigned char *s = bytes ? (const unsigned char *)bytes : (const unsigned char *)"";

	pith_buffer *out = &decoder->output;
	/* A huge page's buffer is kept only for another big page. */
	bool big_page = length > PITH_DECODE_BUFFER_RETAIN / 3;
	pith_buffer_clear(out, big_page ? SIZE_MAX : PITH_DECODE_BUFFER_RETAIN);

	size_t bom_length;
	pith_encoding chosen = sniff_bom(s, length, &bom_length);
	if (chosen == PITH_ENCODING_NONE && transport_charset)
		chosen = pith_encoding_for_label(transport_charset, strlen(transport_charset));
	if (chosen == PITH_ENCODING_NONE)
		chosen = pith_encoding_prescan(s, length);
	size_t valid = SIZE_MAX;
	if (declared_in_error(chosen, bom_length, s, length, &valid))
		chosen = PITH_ENCODING_UTF_8;
	if (chosen == PITH_ENCODING_NONE) {
		valid = pith_utf8_valid_length(s, length);
		if (valid == length) {
			chosen = pith_looks_like_iso_2022_jp(s, length) ? PITH_ENCODING_ISO_2022_JP
			                                                : PITH_ENCODING_UTF_8;
		} else {
			pith_status status =
			    pith_encoding_detect(&decoder->detector, s, length, &chosen);
			if (status != PITH_OK)
				return status;
		}
	}

	const unsigned char *text = s + bom_length;
	size_t text_length = length - bom_length;
	if (chosen == PITH_ENCODING_UTF_8) {
		if (valid == SIZE_MAX || bom_length)
			valid = pith_utf8_valid_length(text, text_length);
		if (valid == text_length) {
			*utf8 = (const char *)text;
			*utf8_length = text_length;
			*encoding = pith_encoding_name(chosen);
			return PITH_OK;
		}
	}

	pith_status status = run_decoder(decoder, chosen, text, text_length, valid);
	if (status == PITH_ERROR_INVALID_ARGUMENT && chosen != PITH_ENCODING_WINDOWS_1252) {
		/* glibc lacks the converter behind this encoding's table. */
		out->length = 0;
		chosen = PITH_ENCODING_WINDOWS_1252;
		status = run_decoder(decoder, chosen, text, text_length, SIZE_MAX);
	}
	if (status == PITH_ERROR_INVALID_ARGUMENT) {
		out->length = 0;
		chosen = PITH_ENCODING_UTF_8;
		status = run_decoder(decoder, chosen, text, text_length, SIZE_MAX);
	}
	if (status != PITH_OK) {
		out->length = 0;
		return status;
	}
	*utf8 = out->data ? out->data : "";
	*utf8_length = out->length;
	*encoding = pith_encoding_name(chosen);
	return PITH_OK;
}
