/* Case folding of UTF-8 text for matching words of the 25 languages pith
 * has tables for (month names in metadata/date_names.c, boilerplate labels
 * in extract/labels.c): lowercase for the Latin, Greek and Cyrillic
 * letters, Greek without accents and with one sigma; other code points as
 * they are. Not Unicode's full case folding (no ß to ss, no Turkish
 * dotless i): the tables are written folded by this same rule
 * (tools/gen_date_names.py and tools/gen_labels.py mirror it). */
#ifndef PITH_FOLD_H
#define PITH_FOLD_H

#include <stdint.h>

/* The code point at *p (before end), folded; advances *p past it. Invalid
 * UTF-8 gives U+FFFD and one byte. */
uint32_t pith_next_folded(const char **p, const char *end);

#endif
