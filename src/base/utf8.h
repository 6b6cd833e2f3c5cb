/* UTF-8 encoding of one code point, shared by the decoders, the tokenizer's
 * character references and the tests. */
#ifndef PITH_UTF8_H
#define PITH_UTF8_H

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

#endif
