/* SimHash, word count and a strong hash of a text (text_hash.h). */
#include "base/text_hash.h"

#include <stdbool.h>
#include <string.h>

#include "base/fold.h"
#include "pith.h"

/* Odd 64-bit constants: the golden ratio's fraction and two others with
 * about half their bits set. */
#define MULTIPLIER_A 0x9e3779b97f4a7c15ULL
#define MULTIPLIER_B 0xc2b2ae3d27d4eb4fULL
#define MULTIPLIER_C 0xd6e8feb86659fd93ULL

/* Spreads every input bit over the whole word: xor-shift, multiply,
 * twice. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 32;
	x *= MULTIPLIER_C;
	x ^= x >> 29;
	x *= MULTIPLIER_B;
	x ^= x >> 32;
	return x;
}

typedef enum char_class { CHAR_SEPARATOR, CHAR_WORD, CHAR_ALONE } char_class;

/* Each ASCII character that is part of a word, lowercase: the digits and
 * letters; 0 for the others, which separate words. */
#define DIGITS(c) [c] = c, [c + 1] = c + 1, [c + 2] = c + 2, [c + 3] = c + 3, [c + 4] = c + 4
#define LETTER(c) [c] = c, [c - 'a' + 'A'] = c
#define LETTERS4(c) LETTER(c), LETTER(c + 1), LETTER(c + 2), LETTER(c + 3)
static const uint8_t ascii_word_chars[128] = {
    DIGITS('0'),   DIGITS('5'),   LETTERS4('a'), LETTERS4('e'), LETTERS4('i'),
    LETTERS4('m'), LETTERS4('q'), LETTERS4('u'), LETTER('y'),   LETTER('z'),
};

/* Which code points are words, which separate them, which are words by
 * themselves (text_hash.h). */
static char_class classify(uint32_t c)
{
	if (c < 0x80)
		return ascii_word_chars[c] ? CHAR_WORD : CHAR_SEPARATOR;
	if (c < 0x2000) /* Latin, Greek, Cyrillic, Arabic, Indic...: letters */
		return c <= 0xbf || c == 0xd7 || c == 0xf7 ? CHAR_SEPARATOR : CHAR_WORD;
	if (c <= 0xbf || (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xfe30 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65) || c == 0xfeff || c == 0xfffd || c == 0xd7 || c == 0xf7)
		return CHAR_SEPARATOR;
	if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff10 && c <= 0xffdc) || c >= 0x20000)
		return CHAR_ALONE;
	return CHAR_WORD;
}

/* A feature's hash: its words' hashes in order. */
static uint64_t feature_hash(const uint64_t *words, size_t count)
{
	uint64_t h = MULTIPLIER_A;
	for (size_t i = 0; i < count; i++)
		h = mix(h ^ words[i]) + MULTIPLIER_B;
	return mix(h);
}

/* The eight bits of a byte as the eight bytes of a word, each 0 or 1:
 * byte j holds bit j. A table of all 256, made by the compiler. */
#define SPREAD(b)                                                                                  \
	((((b) >> 0 & 1ULL) << 0) | (((b) >> 1 & 1ULL) << 8) | (((b) >> 2 & 1ULL) << 16) |         \
	 (((b) >> 3 & 1ULL) << 24) | (((b) >> 4 & 1ULL) << 32) | (((b) >> 5 & 1ULL) << 40) |       \
	 (((b) >> 6 & 1ULL) << 48) | (((b) >> 7 & 1ULL) << 56))
#define SPREAD4(b) SPREAD(b), SPREAD((b) + 1), SPREAD((b) + 2), SPREAD((b) + 3)
#define SPREAD16(b) SPREAD4(b), SPREAD4((b) + 4), SPREAD4((b) + 8), SPREAD4((b) + 12)
#define SPREAD64(b) SPREAD16(b), SPREAD16((b) + 16), SPREAD16((b) + 32), SPREAD16((b) + 48)
static const uint64_t spread_bits[256] = {SPREAD64(0), SPREAD64(64), SPREAD64(128), SPREAD64(192)};

/* How many features have each bit set, counted eight bits a word, 255
 * features at most before they are added to the totals: one lookup and
 * one addition a byte of a feature, where a bit at a time made the
 * SimHash a tenth of a page's extraction time (the lookup, against
 * spreading the bits with a multiplication: 0.5% fewer instructions for
 * the whole extraction). */
typedef struct bit_counts {
	uint32_t totals[64];
	uint64_t packed[8]; /* byte j of packed[k]: bit 8k + j */
	uint32_t pending;   /* features in packed */
	size_t features;
} bit_counts;

static void flush_counts(bit_counts *counts)
{
	for (int k = 0; k < 8; k++) {
		for (int j = 0; j < 8; j++)
			counts->totals[8 * k + j] +=
			    (uint32_t)(counts->packed[k] >> (8 * j)) & 0xff;
		counts->packed[k] = 0;
	}
	counts->pending = 0;
}

static void add_feature(bit_counts *counts, uint64_t feature)
{
	for (int k = 0; k < 8; k++)
		counts->packed[k] += spread_bits[(feature >> (8 * k)) & 0xff];
	counts->features++;
	if (++counts->pending == 255)
		flush_counts(counts);
}

/* The SimHash being built: the votes of each bit and the last words. */
typedef struct signals_state {
	bit_counts votes;
	uint64_t last[3]; /* the hashes of the last three words, oldest first */
	size_t words;
} signals_state;

static void end_word(signals_state *state, uint64_t word)
{
	state->last[0] = state->last[1];
	state->last[1] = state->last[2];
	state->last[2] = mix(word);
	if (++state->words >= 3)
		add_feature(&state->votes, feature_hash(state->last, 3));
}

pith_text_signals pith_text_signals_of(const char *text, size_t length)
{
	pith_text_signals signals = {0, 0};
	if (!text)
		return signals;
	signals_state state;
	memset(&state, 0, sizeof state);
	uint64_t word = MULTIPLIER_B;
	bool in_word = false;
	const char *p = text, *end = text + length;
	while (p < end) {
		/* ASCII, most of most texts, by a table: a letter or digit
		 * folded, 0 for a separator. */
		uint32_t c = (unsigned char)*p;
		char_class kind;
		if (c < 0x80) {
			p++;
			c = ascii_word_chars[c];
			kind = c ? CHAR_WORD : CHAR_SEPARATOR;
		} else {
			c = pith_next_folded(&p, end);
			kind = classify(c);
		}
		if (kind == CHAR_WORD) {
			word = (word ^ c) * MULTIPLIER_A;
			in_word = true;
			continue;
		}
		if (in_word)
			end_word(&state, word);
		in_word = false;
		word = MULTIPLIER_B;
		if (kind == CHAR_ALONE)
			end_word(&state, (word ^ c) * MULTIPLIER_A);
	}
	if (in_word)
		end_word(&state, word);
	signals.word_count = state.words;
	if (state.words == 0)
		return signals;
	if (state.words < 3)
		add_feature(&state.votes, feature_hash(state.last + 3 - state.words, state.words));
	flush_counts(&state.votes);
	/* Set when more features have the bit set than clear. */
	for (int bit = 0; bit < 64; bit++)
		if (2 * (uint64_t)state.votes.totals[bit] > state.votes.features)
			signals.simhash |= (uint64_t)1 << bit;
	return signals;
}

pith_text_hash pith_text_hash_of(const char *text, size_t length)
{
	uint64_t a = MULTIPLIER_B ^ length, b = MULTIPLIER_C + length;
	size_t i = 0;
	for (; i + 8 <= length; i += 8) {
		uint64_t w;
		memcpy(&w, text + i, 8);
		a = (a ^ w) * MULTIPLIER_A;
		a ^= a >> 31;
		b = (b + w) * MULTIPLIER_C;
		b ^= b >> 29;
	}
	uint64_t tail = 0;
	memcpy(&tail, text + i, length - i);
	a = mix(a ^ tail);
	b = mix(b + tail + MULTIPLIER_A);
	return (pith_text_hash){mix(a ^ (b >> 17)), mix(b ^ (a << 13))};
}

unsigned long long pith_simhash(const char *text, size_t length)
{
	return pith_text_signals_of(text, length).simhash;
}
