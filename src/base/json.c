/* JSON string escaping with UTF-8 validation. */
#include "base/json.h"

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

bool pith_json_append_string(pith_buffer *out, const char *bytes, size_t length)
{
	const unsigned char *s = (const unsigned char *)bytes;
	size_t run = 0; /* start of the bytes not yet appended, which need no escape */
	/* The common case, no escape at all, costs one reservation. */
	if (!pith_buffer_reserve(out, length + 2) || !pith_buffer_append(out, "\"", 1))
		return false;
	for (size_t i = 0; i < length;) {
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
			    !pith_buffer_append(out, escape, __builtin_strlen(escape)))
				return false;
			run = i + sequence;
		}
		i += sequence;
	}
	return pith_buffer_append(out, bytes + run, length - run) &&
	       pith_buffer_append(out, "\"", 1);
}
