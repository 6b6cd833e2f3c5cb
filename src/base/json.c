/* JSON string escaping with UTF-8 validation. */
#include "base/json.h"

#include <stdint.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (1 to 4 bytes), or 0 when the
 * bytes there are not one: overlong forms, surrogates and code points above
 * U+10FFFF are refused as the Unicode standard's table 3-7 says. */
static size_t utf8_sequence_length(const unsigned char *s, size_t available)
{
	unsigned char lead = s[0];
	size_t length;
	unsigned char low = 0x80, high = 0xBF; /* the range of the second byte */
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC2 && lead <= 0xDF) {
		length = 2;
	} else if (lead >= 0xE0 && lead <= 0xEF) {
		length = 3;
		if (lead == 0xE0)
			low = 0xA0;
		else if (lead == 0xED)
			high = 0x9F;
	} else if (lead >= 0xF0 && lead <= 0xF4) {
		length = 4;
		if (lead == 0xF0)
			low = 0x90;
		else if (lead == 0xF4)
			high = 0x8F;
	} else {
		return 0;
	}
	if (available < length || s[1] < low || s[1] > high)
		return 0;
	for (size_t i = 2; i < length; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	}
	return length;
}

/* The escape for ASCII byte c, written into buffer, or NULL when c is
 * written as it is. */
static const char *escape_for(unsigned char c, char buffer[7])
{
	static const char hex[] = "0123456789abcdef";
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\t':
		return "\\t";
	case '\r':
		return "\\r";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	}
	if (c >= 0x20)
		return NULL;
	buffer[0] = '\\';
	buffer[1] = 'u';
	buffer[2] = '0';
	buffer[3] = '0';
	buffer[4] = hex[c >> 4];
	buffer[5] = hex[c & 0xF];
	buffer[6] = '\0';
	return buffer;
}

/* A byte a JSON string holds as it is, with no UTF-8 check: printable
 * ASCII but the quotation mark and the backslash. */
static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

#define EVERY_BYTE(b) (0x0101010101010101ull * (b))

/* Are the 8 bytes at s all plain? Text is mostly plain ASCII, so runs are
 * skipped a word at a time. When no byte has its high bit set,
 * subtracting 0x20 from every byte sets the high bit of a result byte
 * exactly when some byte (that one, or one below it whose borrow reached
 * it) is under 0x20; likewise subtracting 1 from the XOR with a quotation
 * mark or a backslash finds a byte equal to it. */
static bool word_is_plain(const unsigned char *s)
{
	uint64_t x;
	memcpy(&x, s, sizeof x);
	uint64_t below_space = x - EVERY_BYTE(0x20);
	uint64_t quote = (x ^ EVERY_BYTE('"')) - EVERY_BYTE(1);
	uint64_t backslash = (x ^ EVERY_BYTE('\\')) - EVERY_BYTE(1);
	return ((x | below_space | quote | backslash) & EVERY_BYTE(0x80)) == 0;
}

bool pith_json_append_string(pith_buffer *out, const char *bytes, size_t length)
{
	const unsigned char *s = (const unsigned char *)bytes;
	size_t run = 0; /* start of the bytes not yet appended, which need no escape */
	/* The common case, no escape at all, costs one reservation. */
	if (!pith_buffer_reserve(out, length + 2) || !pith_buffer_append(out, "\"", 1))
		return false;
	size_t i = 0;
	for (;;) {
		while (i + 8 <= length && word_is_plain(s + i))
			i += 8;
		while (i < length && is_plain(s[i]))
			i++;
		if (i == length)
			break;
		char buffer[7];
		const char *escape = NULL;
		size_t sequence = 1;
		if (s[i] < 0x80) {
			escape = escape_for(s[i], buffer);
		} else {
			sequence = utf8_sequence_length(s + i, length - i);
			if (sequence == 0) {
				escape = "\xEF\xBF\xBD"; /* U+FFFD for one stray byte */
				sequence = 1;
			}
		}
		if (escape) {
			if (!pith_buffer_append(out, bytes + run, i - run) ||
			    !pith_buffer_append(out, escape, strlen(escape)))
				return false;
			run = i + sequence;
		}
		i += sequence;
	}
	return pith_buffer_append(out, bytes + run, length - run) &&
	       pith_buffer_append(out, "\"", 1);
}
