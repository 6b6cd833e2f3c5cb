/* The multi-byte legacy decoders: Encoding §10.2.1 gb18030 (GBK's too),
 * §11.1.1 Big5, §12.1.1 EUC-JP, §12.2.1 ISO-2022-JP, §12.3.1 Shift_JIS and
 * §13.1.1 EUC-KR.
 *
 * Each decoder is the standard's state machine written with lookahead:
 * instead of keeping a lead byte between calls, a step reads the bytes of
 * one sequence at once. "Restore byte to ioQueue" becomes consuming one
 * byte fewer, so an ASCII byte after a bad lead byte is never swallowed.
 * At the end of the input a pending sequence is one U+FFFD.
 *
 * Index tables come from glibc iconv (code_tables.c). Where glibc 2.36
 * differs from the standard's indexes, found by comparing every code, the
 * lists below patch the tables:
 *   - index Big5: 142 pointers that glibc's BIG5-HKSCS lacks (HKSCS,
 *     ETEN and Windows extensions, such as 0xA3E1 U+20AC) or maps another
 *     way (punctuation the web reads as Windows does, such as 0xA145
 *     U+2027 and 0xA1E3 U+FF5E);
 *   - index gb18030: 0xA3A0 is U+3000 (the standard's compatibility
 *     choice), and six codes stay in the Private Use Area where glibc maps
 *     them to CJK Extension B;
 *   - gb18030 four-byte codes: the 18 that GB18030-2022 moved to two-byte
 *     codes still decode (glibc rejects them);
 *   - jis0208 (from CP932), jis0212 (from EUC-JP) and EUC-KR (from CP949)
 *     matched exactly. */
#include <stdlib.h>

#include "decode_internal.h"

typedef struct pointer_override {
	uint16_t pointer;
	uint32_t code_point;
} pointer_override;

static const pointer_override big5_overrides[] = {
    {2082, 0x7BB8},  {2088, 0x7C06},  {2103, 0x7CCE},  {2114, 0x7DD2},  {2123, 0x7E1D},
    {2148, 0x8005},  {2151, 0x8028},  {2221, 0x83C1},  {2239, 0x84A8},  {2244, 0x840F},
    {2303, 0x89A6},  {2304, 0x89A9},  {2354, 0x8D77},  {2400, 0x90FD},  {2413, 0x92B9},
    {2477, 0x975C},  {2498, 0x97FF},  {2605, 0x9F16},  {2673, 0x8503},  {2746, 0x5159},
    {2747, 0x515B},  {2748, 0x515D},  {2749, 0x515E},  {2771, 0x936E},  {2780, 0x7479},
    {2990, 0x6D67},  {3087, 0x799B},  {3259, 0x9097},  {3301, 0x975D},  {3436, 0x701E},
    {3451, 0x5B28},  {4136, 0x7201},  {4138, 0x77D7},  {4141, 0x7E87},  {4182, 0x99D6},
    {4206, 0x91D4},  {4220, 0x60DE},  {4230, 0x6FB6},  {4241, 0x8F36},  {4258, 0x4FBB},
    {4273, 0x71DF},  {4279, 0x9104},  {4282, 0x9DF0},  {4294, 0x83CF},  {4329, 0x5C10},
    {4330, 0x79E3},  {4349, 0x5A67},  {4419, 0x8F0B},  {4422, 0x7B51},  {4494, 0x62D0},
    {4624, 0x6062},  {4694, 0x75F9},  {4708, 0x6C4A},  {4742, 0x9B2E},  {4748, 0x9F17},
    {4815, 0x50ED},  {4828, 0x5F0C},  {4902, 0x880F},  {4922, 0x62CE},  {4982, 0x7468},
    {4992, 0x7162},  {4997, 0x7250},  {5029, 0x2027},  {5038, 0xFE51},  {5050, 0x2574},
    {5120, 0x00AF},  {5121, 0xFFE3},  {5123, 0x02CD},  {5153, 0xFF5E},  {5168, 0x2295},
    {5169, 0x2299},  {5180, 0xFF0F},  {5181, 0xFF3C},  {5182, 0x2215},  {5183, 0xFE68},
    {5185, 0xFFE5},  {5187, 0xFFE0},  {5188, 0xFFE1},  {5287, 0x5341},  {5289, 0x5345},
    {5432, 0x2400},  {5433, 0x2401},  {5434, 0x2402},  {5435, 0x2403},  {5436, 0x2404},
    {5437, 0x2405},  {5438, 0x2406},  {5439, 0x2407},  {5440, 0x2408},  {5441, 0x2409},
    {5442, 0x240A},  {5443, 0x240B},  {5444, 0x240C},  {5445, 0x240D},  {5446, 0x240E},
    {5447, 0x240F},  {5448, 0x2410},  {5449, 0x2411},  {5450, 0x2412},  {5451, 0x2413},
    {5452, 0x2414},  {5453, 0x2415},  {5454, 0x2416},  {5455, 0x2417},  {5456, 0x2418},
    {5457, 0x2419},  {5458, 0x241A},  {5459, 0x241B},  {5460, 0x241C},  {5461, 0x241D},
    {5462, 0x241E},  {5463, 0x241F},  {5464, 0x2421},  {5465, 0x20AC},  {10942, 0x5EF4},
    {10946, 0x65E0}, {10948, 0x7676}, {10950, 0x96B6}, {10957, 0x3003}, {10958, 0x4EDD},
    {19028, 0x5029}, {19035, 0x507D}, {19088, 0x5305}, {19096, 0x5344}, {19112, 0x537F},
    {19162, 0x5605}, {19240, 0x5A77}, {19299, 0x5E75}, {19305, 0x5ED0}, {19326, 0x5F58},
    {19355, 0x60A4}, {19398, 0x6490}, {19439, 0x6674}, {19454, 0x675E}, {19553, 0x6C9C},
    {19554, 0x6E1D}, {19557, 0x6E2F}, {19611, 0x716E}, {19643, 0x732A}, {19672, 0x745C},
    {19697, 0x74E9}, {19748, 0x7809},
};

static const pointer_override gb18030_overrides[] = {
    {6555, 0x3000},  {23767, 0xE816}, {23768, 0xE817}, {23769, 0xE818},
    {23794, 0xE831}, {23804, 0xE83B}, {23830, 0xE855},
};

/* Index sizes: the number of pointers the two-byte codes can reach. */
#define JIS0208_POINTERS (60 * 188) /* Shift_JIS leads 0x81..0x9F, 0xE0..0xFC */
#define JIS0212_POINTERS (94 * 94)
#define EUC_KR_POINTERS (126 * 190)
#define BIG5_POINTERS (126 * 157)
#define GB18030_POINTERS (126 * 190)

/* Shift_JIS's user-defined range maps to the Private Use Area by formula. */
#define SHIFT_JIS_EUDC_FIRST 8836
#define SHIFT_JIS_EUDC_LAST 10715

typedef enum cjk_table {
	TABLE_JIS0208,
	TABLE_JIS0212,
	TABLE_EUC_KR,
	TABLE_BIG5,
	TABLE_GB18030
} cjk_table;

/* The bytes of pointer's code, for asking iconv. */
static size_t code_bytes(cjk_table table, unsigned pointer, unsigned char *bytes)
{
	unsigned lead, trail;
	switch (table) {
	case TABLE_JIS0208:
		lead = pointer / 188;
		trail = pointer % 188;
		bytes[0] = (unsigned char)(lead + (lead < 0x1F ? 0x81 : 0xC1));
		bytes[1] = (unsigned char)(trail + (trail < 0x3F ? 0x40 : 0x41));
		return 2;
	case TABLE_JIS0212:
		bytes[0] = 0x8F;
		bytes[1] = (unsigned char)(0xA1 + pointer / 94);
		bytes[2] = (unsigned char)(0xA1 + pointer % 94);
		return 3;
	case TABLE_EUC_KR:
		bytes[0] = (unsigned char)(0x81 + pointer / 190);
		bytes[1] = (unsigned char)(0x41 + pointer % 190);
		return 2;
	case TABLE_BIG5:
		trail = pointer % 157;
		bytes[0] = (unsigned char)(0x81 + pointer / 157);
		bytes[1] = (unsigned char)(trail + (trail < 0x3F ? 0x40 : 0x62));
		return 2;
	case TABLE_GB18030:
		trail = pointer % 190;
		bytes[0] = (unsigned char)(0x81 + pointer / 190);
		bytes[1] = (unsigned char)(trail + (trail < 0x3F ? 0x40 : 0x41));
		return 2;
	}
	return 0;
}

/* Build (once) and return the table; NULL with *status set on failure
 * (PITH_ERROR_INVALID_ARGUMENT when glibc lacks the converter). */
static const uint32_t *index_table(pith_code_tables *tables, cjk_table which, pith_status *status)
{
	static const struct {
		pith_encoding source;
		unsigned pointers;
	} specs[] = {
	    [TABLE_JIS0208] = {PITH_ENCODING_SHIFT_JIS, JIS0208_POINTERS},
	    [TABLE_JIS0212] = {PITH_ENCODING_EUC_JP, JIS0212_POINTERS},
	    [TABLE_EUC_KR] = {PITH_ENCODING_EUC_KR, EUC_KR_POINTERS},
	    [TABLE_BIG5] = {PITH_ENCODING_BIG5, BIG5_POINTERS},
	    [TABLE_GB18030] = {PITH_ENCODING_GB18030, GB18030_POINTERS},
	};
	uint32_t **slot = which == TABLE_JIS0208   ? &tables->jis0208
	                  : which == TABLE_JIS0212 ? &tables->jis0212
	                  : which == TABLE_EUC_KR  ? &tables->euc_kr
	                  : which == TABLE_BIG5    ? &tables->big5
	                                           : &tables->gb18030;
	*status = PITH_OK;
	if (*slot)
		return *slot;
	iconv_t converter = pith_code_tables_converter(tables, specs[which].source, status);
	if (converter == (iconv_t)-1) {
		if (*status == PITH_OK)
			*status = PITH_ERROR_INVALID_ARGUMENT;
		return NULL;
	}
	unsigned pointers = specs[which].pointers;
	uint32_t *table = calloc(pointers, sizeof *table);
	if (!table) {
		*status = PITH_ERROR_NOMEM;
		return NULL;
	}
	for (unsigned p = 0; p < pointers; p++) {
		if (which == TABLE_JIS0208 && p >= SHIFT_JIS_EUDC_FIRST && p <= SHIFT_JIS_EUDC_LAST)
			continue;
		unsigned char bytes[3];
		size_t n = code_bytes(which, p, bytes);
		table[p] = pith_iconv_code_point(converter, bytes, n);
	}
	const pointer_override *overrides = NULL;
	size_t count = 0;
	if (which == TABLE_BIG5) {
		overrides = big5_overrides;
		count = sizeof big5_overrides / sizeof big5_overrides[0];
	} else if (which == TABLE_GB18030) {
		overrides = gb18030_overrides;
		count = sizeof gb18030_overrides / sizeof gb18030_overrides[0];
	}
	for (size_t i = 0; i < count; i++)
		table[overrides[i].pointer] = overrides[i].code_point;
	*slot = table;
	tables->bytes += pointers * sizeof *table;
	return table;
}

/* Index gb18030 ranges code point (§5) for a four-byte pointer: by
 * formula above the BMP, from glibc within it. */
static uint32_t gb18030_four_byte(iconv_t converter, const unsigned char *bytes, uint32_t pointer)
{
	if ((pointer > 39419 && pointer < 189000) || pointer > 1237575)
		return 0;
	if (pointer >= 189000)
		return 0x10000 + pointer - 189000;
	/* GB18030-2022 gave these characters two-byte codes and glibc
	 * rejects the old four-byte ones; the standard still maps them. */
	if (pointer >= 19057 && pointer <= 19064)
		return 0x9FB4 + pointer - 19057;
	if (pointer >= 39076 && pointer <= 39085)
		return 0xFE10 + pointer - 39076;
	return pith_iconv_code_point(converter, bytes, 4);
}

/* Emits what a lead/trail pair decoded to: code point cp, or U+FFFD when
 * the pair stands for nothing. Returns the bytes the pair consumed: after a
 * failure, a trail byte that is ASCII is read again as itself. */
static size_t put_pair(char **out, uint32_t cp, unsigned char trail)
{
	if (cp) {
		*out = pith_put_utf8(*out, cp);
		return 2;
	}
	*out = pith_put_replacement(*out);
	return trail < 0x80 ? 1 : 2;
}

static pith_status decode_gb18030(pith_code_tables *tables, const unsigned char *s, size_t n,
                                  pith_buffer *out)
{
	pith_status status;
	const uint32_t *table = index_table(tables, TABLE_GB18030, &status);
	if (!table)
		return status;
	iconv_t converter = pith_code_tables_converter(tables, PITH_ENCODING_GB18030, &status);
	if (status != PITH_OK)
		return status;
	char *o = out->data + out->length, *end = out->data + out->capacity;
	size_t i = 0;
	while (i < n) {
		if ((status = pith_decode_make_room(out, &o, &end, n - i)) != PITH_OK)
			return status;
		unsigned char b = s[i];
		if (b < 0x80) {
			*o++ = (char)b;
			i++;
			continue;
		}
		if (b == 0x80) {
			o = pith_put_utf8(o, 0x20AC);
			i++;
			continue;
		}
		if (b == 0xFF || i + 1 >= n) {
			o = pith_put_replacement(o);
			i = b == 0xFF ? i + 1 : n;
			continue;
		}
		unsigned char t = s[i + 1];
		if (t >= 0x30 && t <= 0x39) {
			/* Four bytes: first, second, third, fourth. */
			if (i + 2 >= n) {
				o = pith_put_replacement(o);
				i = n;
				continue;
			}
			unsigned char u = s[i + 2];
			if (u < 0x81 || u > 0xFE) {
				/* Restore second and this byte. */
				o = pith_put_replacement(o);
				i++;
				continue;
			}
			if (i + 3 >= n) {
				o = pith_put_replacement(o);
				i = n;
				continue;
			}
			unsigned char v = s[i + 3];
			if (v < 0x30 || v > 0x39) {
				/* Restore second, third and this byte. */
				o = pith_put_replacement(o);
				i++;
				continue;
			}
			uint32_t pointer = (uint32_t)(b - 0x81) * 12600 +
			                   (uint32_t)(t - 0x30) * 1260 + (uint32_t)(u - 0x81) * 10 +
			                   (uint32_t)(v - 0x30);
			uint32_t cp = gb18030_four_byte(converter, s + i, pointer);
			o = cp ? pith_put_utf8(o, cp) : pith_put_replacement(o);
			i += 4;
			continue;
		}
		uint32_t cp = 0;
		if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE))
			cp = table[(b - 0x81) * 190 + t - (t < 0x7F ? 0x40 : 0x41)];
		i += put_pair(&o, cp, t);
	}
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}

/* Big5's pair (§13.1.1): four pointers stand for a letter and a combining
 * mark, returned in *combining; 0 when the pair stands for nothing. */
static uint32_t big5_pair(const uint32_t *table, unsigned char lead, unsigned char trail,
                          uint32_t *combining)
{
	if (!((trail >= 0x40 && trail <= 0x7E) || (trail >= 0xA1 && trail <= 0xFE)))
		return 0;
	unsigned pointer = (lead - 0x81) * 157 + trail - (trail < 0x7F ? 0x40 : 0x62);
	if (pointer == 1133 || pointer == 1135 || pointer == 1164 || pointer == 1166) {
		*combining = pointer == 1133 || pointer == 1164 ? 0x0304 : 0x030C;
		return pointer < 1164 ? 0x00CA : 0x00EA;
	}
	return table[pointer];
}

/* EUC-KR's pair (§14.1.1). */
static uint32_t euc_kr_pair(const uint32_t *table, unsigned char lead, unsigned char trail)
{
	return trail >= 0x41 && trail <= 0xFE ? table[(lead - 0x81) * 190 + trail - 0x41] : 0;
}

/* Big5 and EUC-KR share one shape: ASCII, or a lead byte 0x81-0xFE and a
 * trail byte looked up in the encoding's index. */
static pith_status decode_big5_or_euc_kr(pith_code_tables *tables, bool big5,
                                         const unsigned char *s, size_t n, pith_buffer *out)
{
	pith_status status;
	const uint32_t *table = index_table(tables, big5 ? TABLE_BIG5 : TABLE_EUC_KR, &status);
	if (!table)
		return status;
	char *o = out->data + out->length, *end = out->data + out->capacity;
	size_t i = 0;
	while (i < n) {
		if ((status = pith_decode_make_room(out, &o, &end, n - i)) != PITH_OK)
			return status;
		unsigned char b = s[i];
		if (b < 0x80) {
			*o++ = (char)b;
			i++;
			continue;
		}
		if (b == 0x80 || b == 0xFF || i + 1 >= n) {
			o = pith_put_replacement(o);
			i = (b == 0x80 || b == 0xFF) ? i + 1 : n;
			continue;
		}
		unsigned char t = s[i + 1];
		uint32_t combining = 0;
		uint32_t cp = big5 ? big5_pair(table, b, t, &combining) : euc_kr_pair(table, b, t);
		i += put_pair(&o, cp, t);
		if (combining)
			o = pith_put_utf8(o, combining);
	}
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}

static pith_status decode_euc_jp(pith_code_tables *tables, const unsigned char *s, size_t n,
                                 pith_buffer *out)
{
	pith_status status;
	const uint32_t *jis0208 = index_table(tables, TABLE_JIS0208, &status);
	if (!jis0208)
		return status;
	const uint32_t *jis0212 = index_table(tables, TABLE_JIS0212, &status);
	if (!jis0212)
		return status;
	char *o = out->data + out->length, *end = out->data + out->capacity;
	size_t i = 0;
	while (i < n) {
		if ((status = pith_decode_make_room(out, &o, &end, n - i)) != PITH_OK)
			return status;
		unsigned char b = s[i];
		if (b < 0x80) {
			*o++ = (char)b;
			i++;
			continue;
		}
		if (b != 0x8E && b != 0x8F && (b < 0xA1 || b > 0xFE)) {
			o = pith_put_replacement(o);
			i++;
			continue;
		}
		if (i + 1 >= n) {
			o = pith_put_replacement(o);
			i = n;
			continue;
		}
		unsigned char t = s[i + 1];
		if (b == 0x8E && t >= 0xA1 && t <= 0xDF) {
			o = pith_put_utf8(o, 0xFF61 - 0xA1 + t);
			i += 2;
			continue;
		}
		if (b == 0x8F && t >= 0xA1 && t <= 0xFE) {
			/* JIS X 0212: 0x8F, lead, trail. */
			if (i + 2 >= n) {
				o = pith_put_replacement(o);
				i = n;
				continue;
			}
			unsigned char u = s[i + 2];
			uint32_t cp = 0;
			if (u >= 0xA1 && u <= 0xFE)
				cp = jis0212[(t - 0xA1) * 94 + u - 0xA1];
			/* As a pair after the 0x8F, so an ASCII u is read again. */
			i += 1 + put_pair(&o, cp, u);
			continue;
		}
		uint32_t cp = 0;
		if (b >= 0xA1 && b <= 0xFE && t >= 0xA1 && t <= 0xFE)
			cp = jis0208[(b - 0xA1) * 94 + t - 0xA1];
		i += put_pair(&o, cp, t);
	}
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}

/* ISO-2022-JP's states (§12.2.1). */
typedef enum iso_2022_jp_state {
	ISO_2022_JP_ASCII,
	ISO_2022_JP_ROMAN,
	ISO_2022_JP_KATAKANA,
	ISO_2022_JP_LEAD,
	ISO_2022_JP_TRAIL,
	ISO_2022_JP_ESCAPE_START,
	ISO_2022_JP_ESCAPE
} iso_2022_jp_state;

static pith_status decode_iso_2022_jp(pith_code_tables *tables, const unsigned char *s, size_t n,
                                      pith_buffer *out)
{
	pith_status status;
	const uint32_t *jis0208 = index_table(tables, TABLE_JIS0208, &status);
	if (!jis0208)
		return status;
	iso_2022_jp_state state = ISO_2022_JP_ASCII, output_state = ISO_2022_JP_ASCII;
	unsigned char lead = 0;
	bool output = false;
	char *o = out->data + out->length, *end = out->data + out->capacity;
	size_t i = 0;
	for (;;) {
		if ((status = pith_decode_make_room(out, &o, &end, n - i)) != PITH_OK)
			return status;
		int byte = i < n ? s[i] : -1; /* -1 is end-of-queue */
		switch (state) {
		case ISO_2022_JP_ASCII:
		case ISO_2022_JP_ROMAN:
			if (byte == 0x1B) {
				state = ISO_2022_JP_ESCAPE_START;
				i++;
			} else if (byte < 0) {
				goto done;
			} else if (byte <= 0x7F && byte != 0x0E && byte != 0x0F) {
				uint32_t cp = (uint32_t)byte;
				if (state == ISO_2022_JP_ROMAN && byte == 0x5C)
					cp = 0x00A5;
				else if (state == ISO_2022_JP_ROMAN && byte == 0x7E)
					cp = 0x203E;
				output = false;
				o = pith_put_utf8(o, cp);
				i++;
			} else {
				output = false;
				o = pith_put_replacement(o);
				i++;
			}
			break;
		case ISO_2022_JP_KATAKANA:
			if (byte == 0x1B) {
				state = ISO_2022_JP_ESCAPE_START;
				i++;
			} else if (byte < 0) {
				goto done;
			} else {
				output = false;
				if (byte >= 0x21 && byte <= 0x5F)
					o = pith_put_utf8(o, 0xFF61 - 0x21 + (uint32_t)byte);
				else
					o = pith_put_replacement(o);
				i++;
			}
			break;
		case ISO_2022_JP_LEAD:
			if (byte == 0x1B) {
				state = ISO_2022_JP_ESCAPE_START;
				i++;
			} else if (byte < 0) {
				goto done;
			} else {
				output = false;
				if (byte >= 0x21 && byte <= 0x7E) {
					lead = (unsigned char)byte;
					state = ISO_2022_JP_TRAIL;
				} else {
					o = pith_put_replacement(o);
				}
				i++;
			}
			break;
		case ISO_2022_JP_TRAIL:
			if (byte == 0x1B) {
				state = ISO_2022_JP_ESCAPE_START;
				o = pith_put_replacement(o);
				i++;
			} else if (byte >= 0x21 && byte <= 0x7E) {
				state = ISO_2022_JP_LEAD;
				uint32_t cp = jis0208[(lead - 0x21) * 94 + (unsigned)byte - 0x21];
				o = cp ? pith_put_utf8(o, cp) : pith_put_replacement(o);
				i++;
			} else {
				state = ISO_2022_JP_LEAD;
				o = pith_put_replacement(o);
				if (byte >= 0)
					i++;
			}
			break;
		case ISO_2022_JP_ESCAPE_START:
			if (byte == 0x24 || byte == 0x28) {
				lead = (unsigned char)byte;
				state = ISO_2022_JP_ESCAPE;
				i++;
			} else {
				/* Restore the byte: it is read again. */
				output = false;
				state = output_state;
				o = pith_put_replacement(o);
			}
			break;
		case ISO_2022_JP_ESCAPE: {
			int next = -1;
			if (lead == 0x28 && byte == 0x42)
				next = ISO_2022_JP_ASCII;
			else if (lead == 0x28 && byte == 0x4A)
				next = ISO_2022_JP_ROMAN;
			else if (lead == 0x28 && byte == 0x49)
				next = ISO_2022_JP_KATAKANA;
			else if (lead == 0x24 && (byte == 0x40 || byte == 0x42))
				next = ISO_2022_JP_LEAD;
			lead = 0;
			if (next >= 0) {
				state = output_state = (iso_2022_jp_state)next;
				bool had_output = output;
				output = true;
				i++;
				/* Two escapes in a row with nothing between. */
				if (had_output)
					o = pith_put_replacement(o);
			} else {
				/* Restore the lead byte (it is the previous
				 * input byte) and this one. */
				i--;
				output = false;
				state = output_state;
				o = pith_put_replacement(o);
			}
			break;
		}
		}
	}
done:
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}

static pith_status decode_shift_jis(pith_code_tables *tables, const unsigned char *s, size_t n,
                                    pith_buffer *out)
{
	pith_status status;
	const uint32_t *jis0208 = index_table(tables, TABLE_JIS0208, &status);
	if (!jis0208)
		return status;
	char *o = out->data + out->length, *end = out->data + out->capacity;
	size_t i = 0;
	while (i < n) {
		if ((status = pith_decode_make_room(out, &o, &end, n - i)) != PITH_OK)
			return status;
		unsigned char b = s[i];
		if (b <= 0x80) {
			o = pith_put_utf8(o, b);
			i++;
			continue;
		}
		if (b >= 0xA1 && b <= 0xDF) {
			o = pith_put_utf8(o, 0xFF61 - 0xA1 + b);
			i++;
			continue;
		}
		if (!((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC))) {
			o = pith_put_replacement(o);
			i++;
			continue;
		}
		if (i + 1 >= n) {
			o = pith_put_replacement(o);
			i = n;
			continue;
		}
		unsigned char t = s[i + 1];
		uint32_t cp = 0;
		if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC)) {
			unsigned pointer =
			    (b - (b < 0xA0 ? 0x81 : 0xC1)) * 188 + t - (t < 0x7F ? 0x40 : 0x41);
			if (pointer >= SHIFT_JIS_EUDC_FIRST && pointer <= SHIFT_JIS_EUDC_LAST)
				cp = 0xE000 - SHIFT_JIS_EUDC_FIRST + pointer;
			else
				cp = jis0208[pointer];
		}
		i += put_pair(&o, cp, t);
	}
	out->length = (size_t)(o - out->data);
	return PITH_OK;
}

pith_status pith_cjk_decode(pith_code_tables *tables, pith_encoding encoding,
                            const unsigned char *bytes, size_t length, pith_buffer *out)
{
	/* Typical CJK text: two bytes become three, ASCII stays one. */
	pith_status status = pith_decode_reserve(out, length + length / 2 + PITH_DECODE_STEP_MAX);
	if (status != PITH_OK)
		return status;
	switch (encoding) {
	case PITH_ENCODING_GBK:
	case PITH_ENCODING_GB18030:
		return decode_gb18030(tables, bytes, length, out);
	case PITH_ENCODING_BIG5:
		return decode_big5_or_euc_kr(tables, true, bytes, length, out);
	case PITH_ENCODING_EUC_JP:
		return decode_euc_jp(tables, bytes, length, out);
	case PITH_ENCODING_ISO_2022_JP:
		return decode_iso_2022_jp(tables, bytes, length, out);
	case PITH_ENCODING_SHIFT_JIS:
		return decode_shift_jis(tables, bytes, length, out);
	case PITH_ENCODING_EUC_KR:
		return decode_big5_or_euc_kr(tables, false, bytes, length, out);
	default:
		return PITH_ERROR_INVALID_ARGUMENT;
	}
}
