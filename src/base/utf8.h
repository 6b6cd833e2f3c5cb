/* UTF-8 encoding and decoding of one code point, shared by the decoders,
 * the tokenizer's character references, case folding, language
 * identification and the tests. */
#ifndef PITH_UTF8_H
#define PITH_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Writes code_point (a scalar value, at most U+10FFFF) as 1 to 4 bytes at
 * out and returns the end. */
static inline char *pith_put_utf8(char *out, uint32_t code_point)
{
	if (code_point < 0x80) {
		*out++ = (char)code_point;
	} else if (code_point < 0x800) {
		*out++ = (char)(0xC0 | (code_point >> 6));
		*out++ = (char)(0x80 | (code_point & 0x3F));
	} else if (code_point < 0x10000) {
		*out++ = (char)(0xE0 | (code_point >> 12));
		*out++ = (char)(0x80 | ((code_point >> 6) & 0x3F));
		*out++ = (char)(0x80 | (code_point & 0x3F));
	} else {
		*out++ = (char)(0xF0 | (code_point >> 18));
		*out++ = (char)(0x80 | ((code_point >> 12) & 0x3F));
		*out++ = (char)(0x80 | ((code_point >> 6) & 0x3F));
		*out++ = (char)(0x80 | (code_point & 0x3F));
	}
	return out;
}

/* Reads the code point at *p (before end) and advances *p past it. A byte
 * that starts no sequence, or a sequence cut by end, gives U+FFFD and
 * advances one byte (pith's own text is valid UTF-8; this bounds what
 * is not). */
static inline uint32_t pith_get_utf8(const char **p, const char *end)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c >= 0x80 && (c < 0xC2 || (size_t)(end - *p) < n)) {
		*p += 1;
		return 0xFFFD;
	}
	if (n == 2)
		c = ((c & 0x1F) << 6) | (s[1] & 0x3F);
	else if (n == 3)
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	else if (n == 4)
		c = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	*p += n;
	return c;
}

#endif
