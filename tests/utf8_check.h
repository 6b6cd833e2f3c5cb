/* Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF) for tests and fuzz targets, which may use only
 * the public header and so not the library's own validator. */
#ifndef PITH_TESTS_UTF8_CHECK_H
#define PITH_TESTS_UTF8_CHECK_H

#include <stdbool.h>
#include <stddef.h>

static bool is_valid_utf8(const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < length) {
		unsigned c = s[i];
		size_t n = c < 0x80                 ? 0
		           : c >= 0xC2 && c <= 0xDF ? 1
		           : c >= 0xE0 && c <= 0xEF ? 2
		           : c >= 0xF0 && c <= 0xF4 ? 3
		                                    : 4;
		if (n == 4 || length - i <= n)
			return false;
		unsigned low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
		unsigned high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
		if (n && (s[i + 1] < low || s[i + 1] > high))
			return false;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += n + 1;
	}
	return true;
}

#endif
