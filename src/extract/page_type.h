/* What kind of page it is (pith_page_type), told from the page itself:
 * a fixed list of measurements of the tree and of its segmented blocks
 * (page_type.c), read by boosted trees and a logistic regression, and
 * the words of its blocks (pith_page_words), read by a second logistic
 * regression, all learned offline (tools/train_page_type.py writes
 * page_type_model.c;
 * docs/DESIGN.md, "Page type"). Internal to src/extract/ and the
 * development tools. */
#ifndef PITH_EXTRACT_PAGE_TYPE_H
#define PITH_EXTRACT_PAGE_TYPE_H

#include "extract_internal.h"

/* The measurements' names, in order. */
extern const char *const pith_page_feature_names[PITH_PAGE_FEATURES];

/* Measures the page ex has segmented (pith_segment) from dom, with region
 * the best-scoring element, into features. */
void pith_page_features(const pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                        float features[PITH_PAGE_FEATURES]);

/* A block of at most this many words is a label (a button's, a menu
 * item's), which pith_page_words gives once more whole. */
#define PITH_PAGE_SHORT_BLOCK_WORDS 4

/* A word's hash, FNV-1a of 64 bits: fixed by its specification, so that
 * tools/train_page_type.py, which reads the hashes page_features --words
 * prints, and the compiled model agree. */
#define PITH_WORD_HASH_START 14695981039346656037u

static inline uint64_t pith_word_hash_step(uint64_t hash, unsigned char c)
{
	return (hash ^ c) * 1099511628211u;
}

static inline uint64_t pith_word_hash_string(uint64_t hash, const char *s)
{
	for (; *s; s++)
		hash = pith_word_hash_step(hash, (unsigned char)*s);
	return hash;
}

/* Each byte as a byte of a word: an ASCII letter (lowercased) or digit,
 * or a byte of a UTF-8 character outside ASCII (itself, which makes the
 * word foreign); 0 for a byte between words. */
extern const unsigned char pith_word_bytes[256];

/* Gives each(hash, context) every word of the blocks ex has segmented:
 * each run of ASCII letters and digits, lowercased, hashed with "l_"
 * before it where most of its block is linked text; and each block of
 * at most PITH_PAGE_SHORT_BLOCK_WORDS words once more whole ("s_", the
 * "l_" if linked, its words joined by '_'): a button's or a menu's
 * label. A word with a character outside ASCII is left out, and so is
 * its block's whole: the text model (page_type_model.c) is learned from
 * English pages, and a foreign word it knows from a few sites of its
 * language (magic-html's Chinese forums) tells nothing of another
 * site's type. Inline, so that each is too. */
static inline void pith_page_words(const pith_extractor *ex,
                                   void (*each)(uint64_t hash, void *context), void *context)
{
	const uint64_t word_start[2] = {PITH_WORD_HASH_START,
	                                pith_word_hash_string(PITH_WORD_HASH_START, "l_")};
	const uint64_t whole_start[2] = {pith_word_hash_string(PITH_WORD_HASH_START, "s_"),
	                                 pith_word_hash_string(PITH_WORD_HASH_START, "s_l_")};
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		const char *text = ex->text.data + b->text_start;
		size_t n = b->text_length;
		int linked = 2 * (uint64_t)b->link_chars > b->chars;
		uint64_t whole = whole_start[linked];
		unsigned words = 0;
		bool foreign = false;
		for (size_t j = 0; j < n;) {
			if (!pith_word_bytes[(unsigned char)text[j]]) {
				j++;
				continue;
			}
			size_t end = j;
			unsigned char high = 0;
			for (; end < n && pith_word_bytes[(unsigned char)text[end]]; end++)
				high |= (unsigned char)text[end];
			if (high >= 0x80) {
				foreign = true;
				j = end;
				continue;
			}
			uint64_t hash = word_start[linked];
			bool in_whole = words < PITH_PAGE_SHORT_BLOCK_WORDS;
			if (words && in_whole)
				whole = pith_word_hash_step(whole, '_');
			for (; j < end; j++) {
				unsigned char c = pith_word_bytes[(unsigned char)text[j]];
				hash = pith_word_hash_step(hash, c);
				if (in_whole)
					whole = pith_word_hash_step(whole, c);
			}
			each(hash, context);
			words++;
		}
		if (words <= PITH_PAGE_SHORT_BLOCK_WORDS && !foreign)
			each(whole, context);
	}
}

/* The type pith reports for ex's page (the features pith_page_features
 * measured into ex->page_features, and the words of its blocks), and
 * its probability (0..1) in *confidence: the regression's where it is
 * sure enough (the model's CASCADE), else the trees' and the
 * regression's probabilities averaged, weighed with the text model's
 * (a logistic regression over the page's words, page_type_model.c).
 * In *region_type and *region_confidence, the regression's own type and
 * probability, which choose the region where the reported type does not
 * (pith_region_type). Never PITH_PAGE_TYPE_UNKNOWN. */
pith_page_type pith_page_type_predict(const pith_extractor *ex, float *confidence,
                                      pith_page_type *region_type, float *region_confidence);

/* The type whose region pith takes, from what pith_page_type_predict
 * told: the reported type where it is not an article and is told with
 * enough confidence, else the regression's told with enough, else an
 * article. */
pith_page_type pith_region_type(pith_page_type reported, float confidence,
                                pith_page_type regression, float regression_confidence,
                                double enough);

#endif
