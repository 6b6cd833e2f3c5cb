/* UTF-8: validation on the fast path, and the standard's decoder (Encoding
 * §8.1.1) for input that is not valid.
 *
 * Most pages are UTF-8 and mostly ASCII, so validation skips ASCII 32
 * bytes at a time (SSE2; else 16 with two 64-bit words) and checks
 * multibyte sequences one by one with the standard's bounds: the second
 * byte of E0 is A0..BF (no overlongs), of ED is 80..9F (no surrogates), of
 * F0 is 90..BF, of F4 is 80..8F (nothing above U+10FFFF); C0, C1 and
 * F5..FF never start one. */
#include <string.h>

#include "decode_internal.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define PITH_UTF8_SSE2 1
#endif

#define HIGH_BITS 0x8080808080808080ull

static uint64_t load64(const unsigned char *p)
{
	uint64_t word;
	memcpy(&word, p, sizeof word);
	return word;
}

/* The index of the first byte with its top bit set in a word known to
 * have one. */
static size_t first_high_byte(uint64_t high)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(high) / 8;
#else
	unsigned char bytes[8];
	memcpy(bytes, &high, sizeof bytes);
	size_t i = 0;
	while (!(bytes[i] & 0x80))
		i++;
	return i;
#endif
}

/* The length of the valid sequence at s (avail > 0 bytes, s[0] >= 0x80),
 * or 0 when it is not one. */
static size_t sequence_length(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return avail >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (avail < 3)
			return 0;
		unsigned lower = c == 0xE0 ? 0xA0 : 0x80;
		unsigned upper = c == 0xED ? 0x9F : 0xBF;
		return s[1] >= lower && s[1] <= upper && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c < 0xF5) {
		if (avail < 4)
			return 0;
		unsigned lower = c == 0xF0 ? 0x90 : 0x80;
		unsigned upper = c == 0xF4 ? 0x8F : 0xBF;
		return s[1] >= lower && s[1] <= upper && (s[2] & 0xC0) == 0x80 &&
		               (s[3] & 0xC0) == 0x80
		           ? 4
		           : 0;
	}
	return 0;
}

size_t pith_utf8_valid_length(const unsigned char *bytes, size_t length)
{
	const unsigned char *s = bytes;
	size_t n = length;
	size_t i = 0;
	while (i < n) {
		/* An ASCII run, 32 bytes a step with SSE2 (a byte's top bit
		 * is its sign), else 16 with two 64-bit words; then the exact
		 * first non-ASCII byte. */
#ifdef PITH_UTF8_SSE2
		while (n - i >= 32) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
			if (_mm_movemask_epi8(_mm_or_si128(x, y)))
				break;
			i += 32;
		}
#endif
		for (;;) {
			if (n - i < 16) {
				while (i < n && s[i] < 0x80)
					i++;
				break;
			}
			uint64_t a = load64(s + i) & HIGH_BITS;
			uint64_t b = load64(s + i + 8) & HIGH_BITS;
			if (a | b) {
				i += a ? first_high_byte(a) : 8 + first_high_byte(b);
				break;
			}
			i += 16;
		}
		/* Multibyte sequences until the next ASCII byte. */
		while (i < n && s[i] >= 0x80) {
			size_t k = sequence_length(s + i, n - i);
			if (k == 0)
				return i;
			i += k;
		}
	}
	return n;
}

/* The bytes the standard's decoder consumes for one U+FFFD at an invalid
 * position: the lead byte and the continuation bytes it accepted before
 * the one that broke the sequence (or the end). A byte that cannot start a
 * sequence is one error by itself. This is Unicode's "maximal subpart". */
static size_t maximal_subpart(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t needed;
	unsigned lower = 0x80, upper = 0xBF;
	if (c >= 0xC2 && c <= 0xDF) {
		needed = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		needed = 2;
		if (c == 0xE0)
			lower = 0xA0;
		if (c == 0xED)
			upper = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		needed = 3;
		if (c == 0xF0)
			lower = 0x90;
		if (c == 0xF4)
			upper = 0x8F;
	} else {
		return 1;
	}
	size_t k = 1;
	while (k <= needed && k < avail && s[k] >= lower && s[k] <= upper) {
		lower = 0x80;
		upper = 0xBF;
		k++;
	}
	/* Called only where the sequence is invalid, so it never completed. */
	return k;
}

pith_status pith_utf8_decode_repairing(const unsigned char *bytes, size_t length, size_t valid,
                                       pith_buffer *out)
{
	/* Valid input grows by at most 3 bytes per error; start with room
	 * for a few and grow when errors are dense. */
	pith_status status = pith_decode_reserve(out, length + 64);
	if (status != PITH_OK)
		return status;
	size_t i = 0;
	for (;;) {
		status = pith_decode_reserve(out, valid + 3);
		if (status != PITH_OK)
			return status;
		memcpy(out->data + out->length, bytes + i, valid);
		out->length += valid;
		i += valid;
		if (i >= length)
			return PITH_OK;
		i += maximal_subpart(bytes + i, length - i);
		pith_put_replacement(out->data + out->length);
		out->length += 3;
		valid = pith_utf8_valid_length(bytes + i, length - i);
	}
}
