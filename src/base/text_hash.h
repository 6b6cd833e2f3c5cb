/* Hashes of a page's text for corpus work: a SimHash that near-duplicate
 * texts share most bits of, the word count it is built from, and a strong
 * hash that tells exact repeats apart (docs/DESIGN.md, "Nothing twice");
 * and a quick one for the slots of caches keyed by short strings. */
#ifndef PITH_TEXT_HASH_H
#define PITH_TEXT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A text's words and SimHash. Words: maximal runs of letters and digits
 * (ASCII letters and digits, and every code point above U+007F that is
 * not a space, a punctuation mark or a symbol of the Latin-1, General
 * Punctuation, CJK Symbols or fullwidth ranges), case folded
 * (base/fold.h); a Han, kana or fullwidth letter is a word by itself, as
 * those scripts write no spaces. Features: every run of three words in a
 * row (word 3-shingles), each hashed to 64 bits with a fixed hash; a
 * text of one or two words has one feature, its words. Bit i of the
 * SimHash is set when more features have bit i set than clear. No word:
 * 0. */
typedef struct pith_text_signals {
	uint64_t simhash;
	size_t word_count;
} pith_text_signals;

pith_text_signals pith_text_signals_of(const char *text, size_t length);

/* A cache slot's hash of a string: its length and its first and last
 * eight bytes, no more, for caches that compare the whole string on a
 * hit (class values, whose every byte hashed cost 1.5% of extraction's
 * instructions). */
static inline uint32_t pith_slot_hash(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t head = 0, tail = 0;
	size_t k = n < 8 ? n : 8;
	memcpy(&head, s, k);
	memcpy(&tail, s + n - k, k);
	uint64_t h = (head ^ (tail * 0x9e3779b97f4a7c15ULL) ^ n) * 0xc2b2ae3d27d4eb4fULL;
	return (uint32_t)(h >> 32);
}

/* A 128-bit hash of the bytes: two 64-bit lanes with different
 * multipliers. Exact repeats are told by it alone (a collision among
 * 2^32 texts has a chance near 2^-64). */
typedef struct pith_text_hash {
	uint64_t high, low;
} pith_text_hash;

pith_text_hash pith_text_hash_of(const char *text, size_t length);

#endif
