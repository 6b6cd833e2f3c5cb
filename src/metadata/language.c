/* Which language a text is in, from two kinds of evidence: the script its
 * letters are written in (Unicode block ranges: Han, kana, Hangul,
 * Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari), and for Latin
 * script, counts of each language's commonest function words.
 *
 * The word lists are ours, written for this file from general knowledge of
 * each language's grammar words (articles, prepositions, conjunctions,
 * pronouns, forms of "to be"); they are not taken from any list with a
 * licence. A word in several lists counts for each; the words only one
 * language has decide. */
#include <stdint.h>
#include <string.h>

#include "metadata_internal.h"

typedef struct stopword_list {
	const char *language;
	const char *words; /* space-separated, lowercase */
} stopword_list;

static const stopword_list stopwords[] = {
    {"en", "the of and to in is that for it with as was on are be this by you not or have from "
           "at which but they his her were been has their would there what will"},
    {"de", "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch es "
           "als wird sie bei nach wie noch oder aus werden sind einer"},
    {"fr", "le la les et des est un une du en que pour dans qui pas sur au avec il ce sont par "
           "plus se ne elle aux mais ou nous vous cette"},
    {"es", "el la los las de que y en un una es por con para del se no al lo como más pero sus "
           "le ya o fue este ha muy también"},
    {"it", "il di che la è e per un una non del della sono con si le gli anche alla da nel "
           "dei questo ma ha lo al più come"},
    {"pt", "o a os as de que e do da em um uma para com não no na se por mais dos das ao é "
           "foi mas ele ela também são"},
    {"nl", "de het een en van is dat niet op te voor met zijn die er aan ook als maar om bij "
           "naar wordt ze hij nog deze"},
    {"sv", "och att det som en på är av för med till den har inte om ett jag de var men så "
           "kan hade sig från"},
    {"da", "og at det er en på til for med af ikke den som har de et jeg var men så kan vil "
           "fra sig"},
    {"pl", "i w nie na się że to z jest do co jak po ale o tak przez od za jego są dla może "
           "już tylko"},
    {"cs", "a se na je v že to s z do jsou by ale jak pro který které o tak jeho po od jako "
           "jsem byl"},
    {"tr", "ve bir bu da de için ile çok olarak daha gibi ne var en sonra kadar olan ama "
           "değil"},
    {"id", "yang dan di dengan untuk ini dari dalam tidak akan pada adalah itu ke juga "
           "karena oleh atau"},
    {"fi", "ja on ei että se hän oli ovat mutta kuin myös tai joka ole sen niin kun"},
    {"hu", "a az és hogy nem is egy van meg de ez csak már mint el volt még"},
    {"ro", "și în de la cu pe nu că o un este se din mai care sau fost pentru"},
};

#define LANGUAGE_COUNT (sizeof stopwords / sizeof *stopwords)

/* Open-addressing table of every list's words, built on the stack per
 * call (a few hundred entries): no global state, no sorting by hand. */
#define STOPWORD_SLOTS 1024

typedef struct stopword_slot {
	const char *word; /* into a list's string; NULL when empty */
	uint8_t length;
	uint32_t languages; /* bit i: stopwords[i] has it */
} stopword_slot;

static uint32_t hash_word(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static stopword_slot *find_slot(stopword_slot *slots, const char *word, size_t n)
{
	uint32_t i = hash_word(word, n) & (STOPWORD_SLOTS - 1);
	while (slots[i].word && !(slots[i].length == n && memcmp(slots[i].word, word, n) == 0))
		i = (i + 1) & (STOPWORD_SLOTS - 1);
	return &slots[i];
}

static void build_table(stopword_slot *slots)
{
	memset(slots, 0, STOPWORD_SLOTS * sizeof *slots);
	for (size_t l = 0; l < LANGUAGE_COUNT; l++) {
		const char *p = stopwords[l].words;
		while (*p) {
			size_t n = strcspn(p, " ");
			stopword_slot *slot = find_slot(slots, p, n);
			slot->word = p;
			slot->length = (uint8_t)n;
			slot->languages |= 1u << l;
			p += n;
			p += *p == ' ';
		}
	}
}

typedef enum script {
	SCRIPT_OTHER,
	SCRIPT_LATIN,
	SCRIPT_HAN,
	SCRIPT_KANA,
	SCRIPT_HANGUL,
	SCRIPT_CYRILLIC,
	SCRIPT_UKRAINIAN, /* Cyrillic letters Russian lacks: і ї є ґ */
	SCRIPT_GREEK,
	SCRIPT_ARABIC,
	SCRIPT_PERSIAN, /* Arabic-script letters Arabic lacks: پ چ ژ گ */
	SCRIPT_HEBREW,
	SCRIPT_THAI,
	SCRIPT_DEVANAGARI,
	SCRIPT_COUNT
} script;

static script script_of(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F))
		return c == 0xD7 || c == 0xF7 ? SCRIPT_OTHER : SCRIPT_LATIN;
	if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491)
		return SCRIPT_UKRAINIAN;
	if (c >= 0x400 && c <= 0x4FF)
		return SCRIPT_CYRILLIC;
	if (c >= 0x370 && c <= 0x3FF)
		return SCRIPT_GREEK;
	if (c == 0x67E || c == 0x686 || c == 0x698 || c == 0x6AF)
		return SCRIPT_PERSIAN;
	if (c >= 0x600 && c <= 0x6FF)
		return SCRIPT_ARABIC;
	if (c >= 0x590 && c <= 0x5FF)
		return SCRIPT_HEBREW;
	if (c >= 0x900 && c <= 0x97F)
		return SCRIPT_DEVANAGARI;
	if (c >= 0xE00 && c <= 0xE7F)
		return SCRIPT_THAI;
	if (c >= 0x3040 && c <= 0x30FF)
		return SCRIPT_KANA;
	if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
		return SCRIPT_HAN;
	if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF))
		return SCRIPT_HANGUL;
	return SCRIPT_OTHER;
}

/* Decodes the UTF-8 sequence at *p (the text is valid UTF-8: the
 * extractor's output); advances *p. */
static uint32_t next_code_point(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if ((size_t)(end - s) < n) {
		*p = end;
		return 0xFFFD;
	}
	if (n == 2)
		c = ((c & 0x1F) << 6) | (s[1] & 0x3F);
	else if (n == 3)
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	else if (n == 4)
		c = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	*p = s + n;
	return c;
}

/* Letters of one script are decisive when they are this share of all
 * letters (a page in Chinese quotes English names, and the reverse). */
#define SCRIPT_MAJORITY_PERCENT 40
/* Fewer stopword hits than this is no evidence. */
#define MIN_STOPWORD_HITS 3

static const char *latin_language(const char *text, size_t length)
{
	stopword_slot slots[STOPWORD_SLOTS];
	build_table(slots);
	unsigned hits[LANGUAGE_COUNT] = {0};
	char word[16];
	size_t n = 0;
	bool too_long = false;
	for (size_t i = 0; i <= length; i++) {
		unsigned char c = i < length ? (unsigned char)text[i] : ' ';
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (letter) {
			if (n < sizeof word)
				word[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			else
				too_long = true;
			continue;
		}
		if (n && !too_long) {
			stopword_slot *slot = find_slot(slots, word, n);
			for (size_t l = 0; l < LANGUAGE_COUNT && slot->word; l++)
				hits[l] += (slot->languages >> l) & 1;
		}
		n = 0;
		too_long = false;
	}
	size_t best = 0;
	for (size_t l = 1; l < LANGUAGE_COUNT; l++)
		if (hits[l] > hits[best])
			best = l;
	return hits[best] >= MIN_STOPWORD_HITS ? stopwords[best].language : NULL;
}

const char *pith_language_detect(const char *text, size_t length)
{
	if (length > PITH_LANGUAGE_SAMPLE_BYTES) {
		length = PITH_LANGUAGE_SAMPLE_BYTES;
		while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
			length--; /* end on a character boundary */
	}
	size_t counts[SCRIPT_COUNT] = {0}, letters = 0;
	const unsigned char *p = (const unsigned char *)text, *end = p + length;
	while (p < end) {
		script s = script_of(next_code_point(&p, end));
		counts[s]++;
		letters += s != SCRIPT_OTHER;
	}
	if (letters == 0)
		return NULL;
	size_t cjk = counts[SCRIPT_HAN] + counts[SCRIPT_KANA];
	if (counts[SCRIPT_HANGUL] * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
		return "ko";
	if (cjk * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
		/* Japanese writes its grammar in kana; Chinese has none. */
		return counts[SCRIPT_KANA] * 10 >= cjk ? "ja" : "zh";
	static const struct {
		script script;
		const char *language;
	} by_script[] = {
	    {SCRIPT_GREEK, "el"},
	    {SCRIPT_HEBREW, "he"},
	    {SCRIPT_THAI, "th"},
	    {SCRIPT_DEVANAGARI, "hi"},
	};
	for (size_t i = 0; i < sizeof by_script / sizeof *by_script; i++)
		if (counts[by_script[i].script] * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
			return by_script[i].language;
	size_t cyrillic = counts[SCRIPT_CYRILLIC] + counts[SCRIPT_UKRAINIAN];
	if (cyrillic * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
		return counts[SCRIPT_UKRAINIAN] * 100 >= cyrillic ? "uk" : "ru";
	size_t arabic = counts[SCRIPT_ARABIC] + counts[SCRIPT_PERSIAN];
	if (arabic * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
		return counts[SCRIPT_PERSIAN] * 100 >= arabic ? "fa" : "ar";
	if (counts[SCRIPT_LATIN] * 100 >= letters * SCRIPT_MAJORITY_PERCENT)
		return latin_language(text, length);
	return NULL;
}
