/* Encoding names and labels: the Encoding standard's table (§4.2 "Names and
 * labels") and its "get an encoding" algorithm.
 *
 * The label table is the standard's, sorted by byte value for bsearch (the
 * tests check the order and that every label resolves). Labels are matched
 * after trimming ASCII whitespace and lowercasing ASCII letters; anything
 * else, including labels other programs know ("utf-7", "cp949"), is
 * unknown, as the standard requires. */
#include <stdlib.h>
#include <string.h>

#include "decode_internal.h"

/* The longest label, "cseucpkdfmtjapanese", has 19 bytes. */
#define PITH_LABEL_MAX 19

static const char *const encoding_names[PITH_ENCODING_COUNT] = {
    [PITH_ENCODING_NONE] = "",
    [PITH_ENCODING_UTF_8] = "UTF-8",
    [PITH_ENCODING_IBM866] = "IBM866",
    [PITH_ENCODING_ISO_8859_2] = "ISO-8859-2",
    [PITH_ENCODING_ISO_8859_3] = "ISO-8859-3",
    [PITH_ENCODING_ISO_8859_4] = "ISO-8859-4",
    [PITH_ENCODING_ISO_8859_5] = "ISO-8859-5",
    [PITH_ENCODING_ISO_8859_6] = "ISO-8859-6",
    [PITH_ENCODING_ISO_8859_7] = "ISO-8859-7",
    [PITH_ENCODING_ISO_8859_8] = "ISO-8859-8",
    [PITH_ENCODING_ISO_8859_8_I] = "ISO-8859-8-I",
    [PITH_ENCODING_ISO_8859_10] = "ISO-8859-10",
    [PITH_ENCODING_ISO_8859_13] = "ISO-8859-13",
    [PITH_ENCODING_ISO_8859_14] = "ISO-8859-14",
    [PITH_ENCODING_ISO_8859_15] = "ISO-8859-15",
    [PITH_ENCODING_ISO_8859_16] = "ISO-8859-16",
    [PITH_ENCODING_KOI8_R] = "KOI8-R",
    [PITH_ENCODING_KOI8_U] = "KOI8-U",
    [PITH_ENCODING_MACINTOSH] = "macintosh",
    [PITH_ENCODING_WINDOWS_874] = "windows-874",
    [PITH_ENCODING_WINDOWS_1250] = "windows-1250",
    [PITH_ENCODING_WINDOWS_1251] = "windows-1251",
    [PITH_ENCODING_WINDOWS_1252] = "windows-1252",
    [PITH_ENCODING_WINDOWS_1253] = "windows-1253",
    [PITH_ENCODING_WINDOWS_1254] = "windows-1254",
    [PITH_ENCODING_WINDOWS_1255] = "windows-1255",
    [PITH_ENCODING_WINDOWS_1256] = "windows-1256",
    [PITH_ENCODING_WINDOWS_1257] = "windows-1257",
    [PITH_ENCODING_WINDOWS_1258] = "windows-1258",
    [PITH_ENCODING_X_MAC_CYRILLIC] = "x-mac-cyrillic",
    [PITH_ENCODING_GBK] = "GBK",
    [PITH_ENCODING_GB18030] = "gb18030",
    [PITH_ENCODING_BIG5] = "Big5",
    [PITH_ENCODING_EUC_JP] = "EUC-JP",
    [PITH_ENCODING_ISO_2022_JP] = "ISO-2022-JP",
    [PITH_ENCODING_SHIFT_JIS] = "Shift_JIS",
    [PITH_ENCODING_EUC_KR] = "EUC-KR",
    [PITH_ENCODING_REPLACEMENT] = "replacement",
    [PITH_ENCODING_UTF_16BE] = "UTF-16BE",
    [PITH_ENCODING_UTF_16LE] = "UTF-16LE",
    [PITH_ENCODING_X_USER_DEFINED] = "x-user-defined",
};

typedef struct encoding_label {
	const char *label;
	pith_encoding encoding;
} encoding_label;

static const encoding_label labels[] = {
    {"866", PITH_ENCODING_IBM866},
    {"ansi_x3.4-1968", PITH_ENCODING_WINDOWS_1252},
    {"arabic", PITH_ENCODING_ISO_8859_6},
    {"ascii", PITH_ENCODING_WINDOWS_1252},
    {"asmo-708", PITH_ENCODING_ISO_8859_6},
    {"big5", PITH_ENCODING_BIG5},
    {"big5-hkscs", PITH_ENCODING_BIG5},
    {"chinese", PITH_ENCODING_GBK},
    {"cn-big5", PITH_ENCODING_BIG5},
    {"cp1250", PITH_ENCODING_WINDOWS_1250},
    {"cp1251", PITH_ENCODING_WINDOWS_1251},
    {"cp1252", PITH_ENCODING_WINDOWS_1252},
    {"cp1253", PITH_ENCODING_WINDOWS_1253},
    {"cp1254", PITH_ENCODING_WINDOWS_1254},
    {"cp1255", PITH_ENCODING_WINDOWS_1255},
    {"cp1256", PITH_ENCODING_WINDOWS_1256},
    {"cp1257", PITH_ENCODING_WINDOWS_1257},
    {"cp1258", PITH_ENCODING_WINDOWS_1258},
    {"cp819", PITH_ENCODING_WINDOWS_1252},
    {"cp866", PITH_ENCODING_IBM866},
    {"csbig5", PITH_ENCODING_BIG5},
    {"cseuckr", PITH_ENCODING_EUC_KR},
    {"cseucpkdfmtjapanese", PITH_ENCODING_EUC_JP},
    {"csgb2312", PITH_ENCODING_GBK},
    {"csibm866", PITH_ENCODING_IBM866},
    {"csiso2022jp", PITH_ENCODING_ISO_2022_JP},
    {"csiso2022kr", PITH_ENCODING_REPLACEMENT},
    {"csiso58gb231280", PITH_ENCODING_GBK},
    {"csiso88596e", PITH_ENCODING_ISO_8859_6},
    {"csiso88596i", PITH_ENCODING_ISO_8859_6},
    {"csiso88598e", PITH_ENCODING_ISO_8859_8},
    {"csiso88598i", PITH_ENCODING_ISO_8859_8_I},
    {"csisolatin1", PITH_ENCODING_WINDOWS_1252},
    {"csisolatin2", PITH_ENCODING_ISO_8859_2},
    {"csisolatin3", PITH_ENCODING_ISO_8859_3},
    {"csisolatin4", PITH_ENCODING_ISO_8859_4},
    {"csisolatin5", PITH_ENCODING_WINDOWS_1254},
    {"csisolatin6", PITH_ENCODING_ISO_8859_10},
    {"csisolatin9", PITH_ENCODING_ISO_8859_15},
    {"csisolatinarabic", PITH_ENCODING_ISO_8859_6},
    {"csisolatincyrillic", PITH_ENCODING_ISO_8859_5},
    {"csisolatingreek", PITH_ENCODING_ISO_8859_7},
    {"csisolatinhebrew", PITH_ENCODING_ISO_8859_8},
    {"cskoi8r", PITH_ENCODING_KOI8_R},
    {"csksc56011987", PITH_ENCODING_EUC_KR},
    {"csmacintosh", PITH_ENCODING_MACINTOSH},
    {"csshiftjis", PITH_ENCODING_SHIFT_JIS},
    {"csunicode", PITH_ENCODING_UTF_16LE},
    {"cyrillic", PITH_ENCODING_ISO_8859_5},
    {"dos-874", PITH_ENCODING_WINDOWS_874},
    {"ecma-114", PITH_ENCODING_ISO_8859_6},
    {"ecma-118", PITH_ENCODING_ISO_8859_7},
    {"elot_928", PITH_ENCODING_ISO_8859_7},
    {"euc-jp", PITH_ENCODING_EUC_JP},
    {"euc-kr", PITH_ENCODING_EUC_KR},
    {"gb18030", PITH_ENCODING_GB18030},
    {"gb2312", PITH_ENCODING_GBK},
    {"gb_2312", PITH_ENCODING_GBK},
    {"gb_2312-80", PITH_ENCODING_GBK},
    {"gbk", PITH_ENCODING_GBK},
    {"greek", PITH_ENCODING_ISO_8859_7},
    {"greek8", PITH_ENCODING_ISO_8859_7},
    {"hebrew", PITH_ENCODING_ISO_8859_8},
    {"hz-gb-2312", PITH_ENCODING_REPLACEMENT},
    {"ibm819", PITH_ENCODING_WINDOWS_1252},
    {"ibm866", PITH_ENCODING_IBM866},
    {"iso-10646-ucs-2", PITH_ENCODING_UTF_16LE},
    {"iso-2022-cn", PITH_ENCODING_REPLACEMENT},
    {"iso-2022-cn-ext", PITH_ENCODING_REPLACEMENT},
    {"iso-2022-jp", PITH_ENCODING_ISO_2022_JP},
    {"iso-2022-kr", PITH_ENCODING_REPLACEMENT},
    {"iso-8859-1", PITH_ENCODING_WINDOWS_1252},
    {"iso-8859-10", PITH_ENCODING_ISO_8859_10},
    {"iso-8859-11", PITH_ENCODING_WINDOWS_874},
    {"iso-8859-13", PITH_ENCODING_ISO_8859_13},
    {"iso-8859-14", PITH_ENCODING_ISO_8859_14},
    {"iso-8859-15", PITH_ENCODING_ISO_8859_15},
    {"iso-8859-16", PITH_ENCODING_ISO_8859_16},
    {"iso-8859-2", PITH_ENCODING_ISO_8859_2},
    {"iso-8859-3", PITH_ENCODING_ISO_8859_3},
    {"iso-8859-4", PITH_ENCODING_ISO_8859_4},
    {"iso-8859-5", PITH_ENCODING_ISO_8859_5},
    {"iso-8859-6", PITH_ENCODING_ISO_8859_6},
    {"iso-8859-6-e", PITH_ENCODING_ISO_8859_6},
    {"iso-8859-6-i", PITH_ENCODING_ISO_8859_6},
    {"iso-8859-7", PITH_ENCODING_ISO_8859_7},
    {"iso-8859-8", PITH_ENCODING_ISO_8859_8},
    {"iso-8859-8-e", PITH_ENCODING_ISO_8859_8},
    {"iso-8859-8-i", PITH_ENCODING_ISO_8859_8_I},
    {"iso-8859-9", PITH_ENCODING_WINDOWS_1254},
    {"iso-ir-100", PITH_ENCODING_WINDOWS_1252},
    {"iso-ir-101", PITH_ENCODING_ISO_8859_2},
    {"iso-ir-109", PITH_ENCODING_ISO_8859_3},
    {"iso-ir-110", PITH_ENCODING_ISO_8859_4},
    {"iso-ir-126", PITH_ENCODING_ISO_8859_7},
    {"iso-ir-127", PITH_ENCODING_ISO_8859_6},
    {"iso-ir-138", PITH_ENCODING_ISO_8859_8},
    {"iso-ir-144", PITH_ENCODING_ISO_8859_5},
    {"iso-ir-148", PITH_ENCODING_WINDOWS_1254},
    {"iso-ir-149", PITH_ENCODING_EUC_KR},
    {"iso-ir-157", PITH_ENCODING_ISO_8859_10},
    {"iso-ir-58", PITH_ENCODING_GBK},
    {"iso8859-1", PITH_ENCODING_WINDOWS_1252},
    {"iso8859-10", PITH_ENCODING_ISO_8859_10},
    {"iso8859-11", PITH_ENCODING_WINDOWS_874},
    {"iso8859-13", PITH_ENCODING_ISO_8859_13},
    {"iso8859-14", PITH_ENCODING_ISO_8859_14},
    {"iso8859-15", PITH_ENCODING_ISO_8859_15},
    {"iso8859-2", PITH_ENCODING_ISO_8859_2},
    {"iso8859-3", PITH_ENCODING_ISO_8859_3},
    {"iso8859-4", PITH_ENCODING_ISO_8859_4},
    {"iso8859-5", PITH_ENCODING_ISO_8859_5},
    {"iso8859-6", PITH_ENCODING_ISO_8859_6},
    {"iso8859-7", PITH_ENCODING_ISO_8859_7},
    {"iso8859-8", PITH_ENCODING_ISO_8859_8},
    {"iso8859-9", PITH_ENCODING_WINDOWS_1254},
    {"iso88591", PITH_ENCODING_WINDOWS_1252},
    {"iso885910", PITH_ENCODING_ISO_8859_10},
    {"iso885911", PITH_ENCODING_WINDOWS_874},
    {"iso885913", PITH_ENCODING_ISO_8859_13},
    {"iso885914", PITH_ENCODING_ISO_8859_14},
    {"iso885915", PITH_ENCODING_ISO_8859_15},
    {"iso88592", PITH_ENCODING_ISO_8859_2},
    {"iso88593", PITH_ENCODING_ISO_8859_3},
    {"iso88594", PITH_ENCODING_ISO_8859_4},
    {"iso88595", PITH_ENCODING_ISO_8859_5},
    {"iso88596", PITH_ENCODING_ISO_8859_6},
    {"iso88597", PITH_ENCODING_ISO_8859_7},
    {"iso88598", PITH_ENCODING_ISO_8859_8},
    {"iso88599", PITH_ENCODING_WINDOWS_1254},
    {"iso_8859-1", PITH_ENCODING_WINDOWS_1252},
    {"iso_8859-15", PITH_ENCODING_ISO_8859_15},
    {"iso_8859-1:1987", PITH_ENCODING_WINDOWS_1252},
    {"iso_8859-2", PITH_ENCODING_ISO_8859_2},
    {"iso_8859-2:1987", PITH_ENCODING_ISO_8859_2},
    {"iso_8859-3", PITH_ENCODING_ISO_8859_3},
    {"iso_8859-3:1988", PITH_ENCODING_ISO_8859_3},
    {"iso_8859-4", PITH_ENCODING_ISO_8859_4},
    {"iso_8859-4:1988", PITH_ENCODING_ISO_8859_4},
    {"iso_8859-5", PITH_ENCODING_ISO_8859_5},
    {"iso_8859-5:1988", PITH_ENCODING_ISO_8859_5},
    {"iso_8859-6", PITH_ENCODING_ISO_8859_6},
    {"iso_8859-6:1987", PITH_ENCODING_ISO_8859_6},
    {"iso_8859-7", PITH_ENCODING_ISO_8859_7},
    {"iso_8859-7:1987", PITH_ENCODING_ISO_8859_7},
    {"iso_8859-8", PITH_ENCODING_ISO_8859_8},
    {"iso_8859-8:1988", PITH_ENCODING_ISO_8859_8},
    {"iso_8859-9", PITH_ENCODING_WINDOWS_1254},
    {"iso_8859-9:1989", PITH_ENCODING_WINDOWS_1254},
    {"koi", PITH_ENCODING_KOI8_R},
    {"koi8", PITH_ENCODING_KOI8_R},
    {"koi8-r", PITH_ENCODING_KOI8_R},
    {"koi8-ru", PITH_ENCODING_KOI8_U},
    {"koi8-u", PITH_ENCODING_KOI8_U},
    {"koi8_r", PITH_ENCODING_KOI8_R},
    {"korean", PITH_ENCODING_EUC_KR},
    {"ks_c_5601-1987", PITH_ENCODING_EUC_KR},
    {"ks_c_5601-1989", PITH_ENCODING_EUC_KR},
    {"ksc5601", PITH_ENCODING_EUC_KR},
    {"ksc_5601", PITH_ENCODING_EUC_KR},
    {"l1", PITH_ENCODING_WINDOWS_1252},
    {"l2", PITH_ENCODING_ISO_8859_2},
    {"l3", PITH_ENCODING_ISO_8859_3},
    {"l4", PITH_ENCODING_ISO_8859_4},
    {"l5", PITH_ENCODING_WINDOWS_1254},
    {"l6", PITH_ENCODING_ISO_8859_10},
    {"l9", PITH_ENCODING_ISO_8859_15},
    {"latin1", PITH_ENCODING_WINDOWS_1252},
    {"latin2", PITH_ENCODING_ISO_8859_2},
    {"latin3", PITH_ENCODING_ISO_8859_3},
    {"latin4", PITH_ENCODING_ISO_8859_4},
    {"latin5", PITH_ENCODING_WINDOWS_1254},
    {"latin6", PITH_ENCODING_ISO_8859_10},
    {"logical", PITH_ENCODING_ISO_8859_8_I},
    {"mac", PITH_ENCODING_MACINTOSH},
    {"macintosh", PITH_ENCODING_MACINTOSH},
    {"ms932", PITH_ENCODING_SHIFT_JIS},
    {"ms_kanji", PITH_ENCODING_SHIFT_JIS},
    {"replacement", PITH_ENCODING_REPLACEMENT},
    {"shift-jis", PITH_ENCODING_SHIFT_JIS},
    {"shift_jis", PITH_ENCODING_SHIFT_JIS},
    {"sjis", PITH_ENCODING_SHIFT_JIS},
    {"sun_eu_greek", PITH_ENCODING_ISO_8859_7},
    {"tis-620", PITH_ENCODING_WINDOWS_874},
    {"ucs-2", PITH_ENCODING_UTF_16LE},
    {"unicode", PITH_ENCODING_UTF_16LE},
    {"unicode-1-1-utf-8", PITH_ENCODING_UTF_8},
    {"unicode11utf8", PITH_ENCODING_UTF_8},
    {"unicode20utf8", PITH_ENCODING_UTF_8},
    {"unicodefeff", PITH_ENCODING_UTF_16LE},
    {"unicodefffe", PITH_ENCODING_UTF_16BE},
    {"us-ascii", PITH_ENCODING_WINDOWS_1252},
    {"utf-16", PITH_ENCODING_UTF_16LE},
    {"utf-16be", PITH_ENCODING_UTF_16BE},
    {"utf-16le", PITH_ENCODING_UTF_16LE},
    {"utf-8", PITH_ENCODING_UTF_8},
    {"utf8", PITH_ENCODING_UTF_8},
    {"visual", PITH_ENCODING_ISO_8859_8},
    {"windows-1250", PITH_ENCODING_WINDOWS_1250},
    {"windows-1251", PITH_ENCODING_WINDOWS_1251},
    {"windows-1252", PITH_ENCODING_WINDOWS_1252},
    {"windows-1253", PITH_ENCODING_WINDOWS_1253},
    {"windows-1254", PITH_ENCODING_WINDOWS_1254},
    {"windows-1255", PITH_ENCODING_WINDOWS_1255},
    {"windows-1256", PITH_ENCODING_WINDOWS_1256},
    {"windows-1257", PITH_ENCODING_WINDOWS_1257},
    {"windows-1258", PITH_ENCODING_WINDOWS_1258},
    {"windows-31j", PITH_ENCODING_SHIFT_JIS},
    {"windows-874", PITH_ENCODING_WINDOWS_874},
    {"windows-949", PITH_ENCODING_EUC_KR},
    {"x-cp1250", PITH_ENCODING_WINDOWS_1250},
    {"x-cp1251", PITH_ENCODING_WINDOWS_1251},
    {"x-cp1252", PITH_ENCODING_WINDOWS_1252},
    {"x-cp1253", PITH_ENCODING_WINDOWS_1253},
    {"x-cp1254", PITH_ENCODING_WINDOWS_1254},
    {"x-cp1255", PITH_ENCODING_WINDOWS_1255},
    {"x-cp1256", PITH_ENCODING_WINDOWS_1256},
    {"x-cp1257", PITH_ENCODING_WINDOWS_1257},
    {"x-cp1258", PITH_ENCODING_WINDOWS_1258},
    {"x-euc-jp", PITH_ENCODING_EUC_JP},
    {"x-gbk", PITH_ENCODING_GBK},
    {"x-mac-cyrillic", PITH_ENCODING_X_MAC_CYRILLIC},
    {"x-mac-roman", PITH_ENCODING_MACINTOSH},
    {"x-mac-ukrainian", PITH_ENCODING_X_MAC_CYRILLIC},
    {"x-sjis", PITH_ENCODING_SHIFT_JIS},
    {"x-unicode20utf8", PITH_ENCODING_UTF_8},
    {"x-user-defined", PITH_ENCODING_X_USER_DEFINED},
    {"x-x-big5", PITH_ENCODING_BIG5},
};

const char *pith_encoding_name(pith_encoding encoding)
{
	if ((unsigned)encoding >= PITH_ENCODING_COUNT)
		return "";
	return encoding_names[encoding];
}

const char *pith_encoding_label_at(size_t i, pith_encoding *encoding)
{
	if (i >= sizeof labels / sizeof labels[0])
		return NULL;
	*encoding = labels[i].encoding;
	return labels[i].label;
}

static int compare_label(const void *key, const void *entry)
{
	return strcmp(key, ((const encoding_label *)entry)->label);
}

/* ASCII whitespace as Infra defines it: TAB, LF, FF, CR, SPACE. */
static int is_ascii_whitespace(unsigned char c)
{
	return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

pith_encoding pith_encoding_for_label(const char *label, size_t length)
{
	const unsigned char *start = (const unsigned char *)label;
	const unsigned char *end = start + length;
	while (start < end && is_ascii_whitespace(start[0]))
		start++;
	while (end > start && is_ascii_whitespace(end[-1]))
		end--;
	size_t n = (size_t)(end - start);
	if (n == 0 || n > PITH_LABEL_MAX)
		return PITH_ENCODING_NONE;
	char lowered[PITH_LABEL_MAX + 1];
	for (size_t i = 0; i < n; i++) {
		unsigned char c = start[i];
		/* A NUL would end the key early and match a shorter label. */
		if (c == 0)
			return PITH_ENCODING_NONE;
		lowered[i] = (char)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
	}
	lowered[n] = '\0';
	const encoding_label *found = bsearch(lowered, labels, sizeof labels / sizeof labels[0],
	                                      sizeof labels[0], compare_label);
	return found ? found->encoding : PITH_ENCODING_NONE;
}
