/* UTF-16BE and UTF-16LE: Encoding §14.2.1 "shared UTF-16 decoder".
 *
 * A lone surrogate is one U+FFFD; a leading surrogate followed by anything
 * but a trailing one is U+FFFD and the unit after it is read again; an odd
 * byte or leading surrogate at the end is one U+FFFD together. */
#include "decode_internal.h"

pith_status pith_utf16_decode(const unsigned char *bytes, size_t length, bool big_endian,
                              pith_buffer *out)
{
	/* Two bytes never give more than three of UTF-8 (a U+FFFD or a BMP
	 * character; a pair's four bytes give four), plus one final U+FFFD. */
	pith_status status = pith_decode_reserve(out, length / 2 * 3 + 3);
	if (status != PITH_OK)
		return status;
	char *o = out->data + out->length;
	uint32_t leading = 0; /* a pending leading surrogate, or 0 */
	size_t i = 0;
	while (length - i >= 2) {
		uint32_t unit = big_endian ? (uint32_t)bytes[i] << 8 | bytes[i + 1]
		                           : (uint32_t)bytes[i + 1] << 8 | bytes[i];
		i += 2;
		if (leading) {
			if (unit >= 0xDC00 && unit <= 0xDFFF) {
				o = pith_put_utf8(o, 0x10000 + ((leading - 0xD800) << 10) +
				                         (unit - 0xDC00));
				leading = 0;
				continue;
			}
			o = pith_put_replacement(o);
			leading = 0;
		}
		if (unit >= 0xD800 && unit <= 0xDBFF)
			leading = unit;
		else if (unit >= 0xDC00 && unit <= 0xDFFF)
			o = pith_put_replacement(o);
		else
			o = pith_put_utf8(o, unit);
	}
	if (leading || i < length)
		o = pith_put_replacement(o);
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}
