/* Case folding of UTF-8 text for matching words of the 25 languages pith
 * has tables for (month names in metadata/date_names.c, boilerplate labels
 * in extract/labels.c): lowercase for the Latin, Greek and Cyrillic
 * letters, Greek without accents and with one sigma; other code points as
 * they are. Not Unicode's full case folding (no ß to ss); Turkish's
 * dotted capital İ and dotless ı fold to i, as I and i do, so that a
 * Turkish word matches in capitals ("İLGİLİ", "DEVAMI") whichever i the
 * language's case pairs give it. The tables are written folded by this
 * same rule (tools/gen_date_names.py and tools/gen_labels.py mirror it).
 * Inline: the date and label scans call it for every character they
 * read. */
#ifndef PITH_FOLD_H
#define PITH_FOLD_H

#include <stdbool.h>
#include <stdint.h>

#include "utf8.h"

/* The code point at *p, folded: lowercase for the Latin, Greek and
 * Cyrillic letters of the 25 languages, Greek without accents and with one
 * sigma; advances *p. Invalid UTF-8 gives U+FFFD and one byte. */
static inline uint32_t pith_next_folded(const char **p, const char *end)
{
	uint32_t c = pith_get_utf8(p, end);
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F) { /* Latin Extended-A: case pairs */
		bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
		if (c == 0x178)
			return 0xFF;
		if (c == 0x130 || c == 0x131) /* İ, ı */
			return 'i';
		if (c != 0x138 && c != 0x149 &&
		    (odd_upper ? c % 2 == 1 : c % 2 == 0))
			return c + 1;
		return c;
	}
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c < 0x386 || c > 0x3CE) /* outside Greek's capitals and accents */
		return c;
	if (c >= 0x391 && c <= 0x3A9)
		c += 32;
	static const uint16_t greek_accented[][2] = {
	    {0x386, 0x3B1}, {0x388, 0x3B5}, {0x389, 0x3B7}, {0x38A, 0x3B9}, {0x38C, 0x3BF},
	    {0x38E, 0x3C5}, {0x38F, 0x3C9}, {0x390, 0x3B9}, {0x3AA, 0x3B9}, {0x3AB, 0x3C5},
	    {0x3AC, 0x3B1}, {0x3AD, 0x3B5}, {0x3AE, 0x3B7}, {0x3AF, 0x3B9}, {0x3B0, 0x3C5},
	    {0x3C2, 0x3C3}, {0x3CA, 0x3B9}, {0x3CB, 0x3C5}, {0x3CC, 0x3BF}, {0x3CD, 0x3C5},
	    {0x3CE, 0x3C9}};
	for (size_t i = 0; i < sizeof greek_accented / sizeof *greek_accented; i++)
		if (c == greek_accented[i][0])
			return greek_accented[i][1];
	return c;
}

#endif
