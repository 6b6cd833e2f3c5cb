/* Which language a text is in, and the language tags pages declare.
 *
 * Detection has two steps. A script that only one language writes settles
 * it at once: Hangul is Korean, kana with Han Japanese, Han alone Chinese,
 * and Thai, Greek, Georgian, Armenian, Hebrew, Lao, Khmer, Myanmar,
 * Sinhala, Thaana and the scripts of single Indian languages (Tamil,
 * Telugu, Kannada, Malayalam, Gujarati, Gurmukhi, Oriya) are each one
 * language's. Scripts that several languages share (Latin, Cyrillic,
 * Arabic, Devanagari, Bengali, Ethiopic, Tibetan) go to CLD2
 * (cld2_guard.cpp), which scores letter sequences against 160 languages.
 * Both read a sample of the text's start (PITH_LANGUAGE_SAMPLE_BYTES):
 * CLD2 reads text at about 10 MB/s, pith extracts pages at 500, so what it
 * reads is bounded. */
#include <stdint.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/utf8.h"
#include "cld2_guard.h"
#include "metadata_internal.h"

typedef enum script {
	SCRIPT_OTHER, /* not a letter, or a script several languages write */
	SCRIPT_LATIN,
	SCRIPT_HAN,
	SCRIPT_KANA,
	SCRIPT_HANGUL,
	SCRIPT_GREEK,
	SCRIPT_HEBREW,
	SCRIPT_THAI,
	SCRIPT_GEORGIAN,
	SCRIPT_ARMENIAN,
	SCRIPT_LAO,
	SCRIPT_KHMER,
	SCRIPT_MYANMAR,
	SCRIPT_SINHALA,
	SCRIPT_THAANA,
	SCRIPT_TAMIL,
	SCRIPT_TELUGU,
	SCRIPT_KANNADA,
	SCRIPT_MALAYALAM,
	SCRIPT_GUJARATI,
	SCRIPT_GURMUKHI,
	SCRIPT_ORIYA,
	SCRIPT_SHARED, /* a letter of a script several languages write */
	SCRIPT_COUNT
} script;

/* Unicode blocks (Unicode 15, chapter "Code charts"), with the language
 * each single-language script settles. */
static const struct script_range {
	uint32_t first, last;
	script script;
	const char *language;
} script_ranges[] = {
    {0x0370, 0x03FF, SCRIPT_GREEK, "el"},    {0x0400, 0x052F, SCRIPT_SHARED, NULL},
    {0x0531, 0x058F, SCRIPT_ARMENIAN, "hy"}, {0x0590, 0x05FF, SCRIPT_HEBREW, "he"},
    {0x0600, 0x077F, SCRIPT_SHARED, NULL},   {0x0780, 0x07BF, SCRIPT_THAANA, "dv"},
    {0x0900, 0x09FF, SCRIPT_SHARED, NULL},   {0x0A00, 0x0A7F, SCRIPT_GURMUKHI, "pa"},
    {0x0A80, 0x0AFF, SCRIPT_GUJARATI, "gu"}, {0x0B00, 0x0B7F, SCRIPT_ORIYA, "or"},
    {0x0B80, 0x0BFF, SCRIPT_TAMIL, "ta"},    {0x0C00, 0x0C7F, SCRIPT_TELUGU, "te"},
    {0x0C80, 0x0CFF, SCRIPT_KANNADA, "kn"},  {0x0D00, 0x0D7F, SCRIPT_MALAYALAM, "ml"},
    {0x0D80, 0x0DFF, SCRIPT_SINHALA, "si"},  {0x0E00, 0x0E7F, SCRIPT_THAI, "th"},
    {0x0E80, 0x0EFF, SCRIPT_LAO, "lo"},      {0x0F00, 0x0FFF, SCRIPT_SHARED, NULL},
    {0x1000, 0x109F, SCRIPT_MYANMAR, "my"},  {0x10A0, 0x10FF, SCRIPT_GEORGIAN, "ka"},
    {0x1100, 0x11FF, SCRIPT_HANGUL, "ko"},   {0x1200, 0x139F, SCRIPT_SHARED, NULL},
    {0x1780, 0x17FF, SCRIPT_KHMER, "km"},    {0x1E00, 0x1EFF, SCRIPT_LATIN, NULL},
    {0x1F00, 0x1FFF, SCRIPT_GREEK, "el"},    {0x3040, 0x30FF, SCRIPT_KANA, "ja"},
    {0x3130, 0x318F, SCRIPT_HANGUL, "ko"},   {0x31F0, 0x31FF, SCRIPT_KANA, "ja"},
    {0x3400, 0x4DBF, SCRIPT_HAN, "zh"},      {0x4E00, 0x9FFF, SCRIPT_HAN, "zh"},
    {0xAC00, 0xD7AF, SCRIPT_HANGUL, "ko"},   {0xF900, 0xFAFF, SCRIPT_HAN, "zh"},
    {0xFF66, 0xFF9F, SCRIPT_KANA, "ja"},     {0x20000, 0x2FA1F, SCRIPT_HAN, "zh"},
};

static script script_of(uint32_t c)
{
	if (c < 0x80)
		return pith_ascii_is_alpha((char)c) ? SCRIPT_LATIN : SCRIPT_OTHER;
	if (c < 0x370)
		return c >= 0xC0 && c != 0xD7 && c != 0xF7 && c <= 0x24F ? SCRIPT_LATIN
		                                                         : SCRIPT_OTHER;
	size_t low = 0, high = sizeof script_ranges / sizeof *script_ranges;
	while (low < high) {
		size_t middle = (low + high) / 2;
		if (c < script_ranges[middle].first)
			high = middle;
		else if (c > script_ranges[middle].last)
			low = middle + 1;
		else
			return script_ranges[middle].script;
	}
	return SCRIPT_OTHER;
}

static const char *language_of_script(script s)
{
	for (size_t i = 0; i < sizeof script_ranges / sizeof *script_ranges; i++)
		if (script_ranges[i].script == s)
			return script_ranges[i].language;
	return NULL;
}

/* A single-language script settles the language when its letters are at
 * least this share of all letters: a Chinese page quotes English names, an
 * English one a few Chinese words. Below it, CLD2 weighs the mix. */
#define SCRIPT_MAJORITY_PERCENT 50
/* Japanese writes its grammar in kana: a tenth of the Han and kana
 * letters in kana is Japanese; Chinese has none. */
#define KANA_PERCENT_OF_JAPANESE 10

/* CLD2's codes that are not ISO 639's: Hebrew and Javanese have their old
 * codes, and Chinese in traditional characters is the language "zh". */
static const char *const cld2_renamed[][2] = {
    {"iw", "he"}, {"jw", "jv"}, {"zh-Hant", "zh"}, {"sr-ME", "sr"}};

static const char *iso_code(const char *cld2_code)
{
	for (size_t i = 0; i < sizeof cld2_renamed / sizeof *cld2_renamed; i++)
		if (strcmp(cld2_code, cld2_renamed[i][0]) == 0)
			return cld2_renamed[i][1];
	return cld2_code;
}

pith_status pith_language_detect(const char *text, size_t length, pith_language_guess *guess)
{
	guess->language = NULL;
	guess->score = 0;
	length = pith_metadata_whole_characters(
	    text, length < PITH_LANGUAGE_SAMPLE_BYTES ? length : PITH_LANGUAGE_SAMPLE_BYTES);
	size_t counts[SCRIPT_COUNT] = {0}, letters = 0;
	const char *p = text, *end = text + length;
	while (p < end) {
		script s = script_of(pith_get_utf8(&p, end));
		counts[s]++;
		letters += s != SCRIPT_OTHER;
	}
	if (letters == 0)
		return PITH_OK;
	size_t cjk = counts[SCRIPT_HAN] + counts[SCRIPT_KANA];
	if (cjk * 100 >= letters * SCRIPT_MAJORITY_PERCENT) {
		bool japanese = counts[SCRIPT_KANA] * 100 >= cjk * KANA_PERCENT_OF_JAPANESE;
		guess->language = japanese ? "ja" : "zh";
		guess->score = (double)cjk / letters;
		return PITH_OK;
	}
	for (script s = SCRIPT_HANGUL; s < SCRIPT_SHARED; s++) {
		if (counts[s] * 100 >= letters * SCRIPT_MAJORITY_PERCENT) {
			guess->language = language_of_script(s);
			guess->score = (double)counts[s] / letters;
			return PITH_OK;
		}
	}
	pith_cld2_answer answer;
	if (!pith_cld2_detect(text, length, &answer))
		return PITH_ERROR_NOMEM;
	if (answer.code) {
		guess->language = iso_code(answer.code);
		/* An answer CLD2 does not call reliable counts half. */
		guess->score = answer.percent / (answer.reliable ? 100.0 : 200.0);
	}
	return PITH_OK;
}

/* ---- Declared tags ---- */

/* BCP 47 (RFC 5646 section 2.1.1) writes each subtag in one case: the
 * language lowercase, a script of four letters in title case, a region of
 * two letters in capitals; the rest lowercase. */
static void case_subtag(char *subtag, size_t n, size_t index, bool after_singleton)
{
	for (size_t i = 0; i < n; i++)
		subtag[i] = pith_ascii_lower(subtag[i]);
	if (index == 0 || after_singleton)
		return;
	if (n == 4 && pith_ascii_is_alpha(subtag[0]))
		subtag[0] = (char)(subtag[0] - 'a' + 'A');
	else if (n == 2)
		for (size_t i = 0; i < n; i++)
			subtag[i] = (char)(subtag[i] - 'a' + 'A');
}

size_t pith_language_normalize_tag(char *tag, size_t length)
{
	/* A list ("de, en") declares the first for the page. */
	size_t n = 0;
	while (n < length && tag[n] != ',' && tag[n] != ';' && tag[n] != ' ')
		n++;
	if (n > PITH_MAX_LANGUAGE_TAG_BYTES)
		return 0;
	size_t start = 0, index = 0;
	bool after_singleton = false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && tag[i] == '_')
			tag[i] = '-'; /* og:locale writes en_US */
		if (i < n && tag[i] != '-') {
			if (!pith_ascii_is_alnum(tag[i]))
				return 0;
			continue;
		}
		size_t subtag = i - start;
		if (subtag == 0 || subtag > 8)
			return 0;
		/* The primary language: two or three letters (ISO 639); "x-"
		 * and "i-" tags are private or grandfathered, not a language. */
		if (index == 0 && (subtag < 2 || subtag > 3))
			return 0;
		if (index == 0)
			for (size_t k = start; k < i; k++)
				if (!pith_ascii_is_alpha(tag[k]))
					return 0;
		case_subtag(tag + start, subtag, index, after_singleton);
		after_singleton |= subtag == 1;
		index++;
		start = i + 1;
	}
	return n;
}

/* ---- Lists of languages to keep ---- */

int pith_languages_match(const char *languages, const char *language)
{
	bool found = false;
	const char *p = languages;
	for (;;) {
		while (*p == ' ')
			p++;
		const char *item = p;
		while (pith_ascii_is_alpha(*p))
			p++;
		size_t n = (size_t)(p - item);
		while (*p == ' ')
			p++;
		if (n < 2 || n > 3 || (*p != ',' && *p != '\0'))
			return -1;
		if (strlen(language) == n) {
			size_t i = 0;
			while (i < n && pith_ascii_lower(item[i]) == pith_ascii_lower(language[i]))
				i++;
			found |= i == n;
		}
		if (*p == '\0')
			return found;
		p++;
	}
}
