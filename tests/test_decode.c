/* The decode stage: encoding sniffing (HTML 13.2.3.2) and the Encoding
 * standard's decoders.
 *
 * Pages in ten encodings come from tests/data/encodings (written by
 * tools/gen_encoding_pages.py): each declared by <meta charset>, by
 * http-equiv, by the transport only, and by nothing; every one must decode
 * to its .expected UTF-8 byte for byte and report the right encoding. The
 * cases below cover the label table, precedence, the prescan's corners,
 * the quirks where the standard differs from glibc, and error recovery.
 *
 * uchardet's accuracy on the undeclared pages, measured when they were
 * written: 8 of 8 legacy pages named right (BIG5, UHC, GB18030, ISO-8859-2,
 * KOI8-R, SHIFT_JIS, WINDOWS-1252, ISO-8859-9); the same texts in 14
 * encodings (adding windows-1250/1251, ISO-8859-5, IBM866, x-mac-cyrillic,
 * EUC-JP, GBK) decoded right as whole pages 14 of 14, and as single
 * paragraphs 45 of 45. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode/decode.h"
#include "decode/decode_internal.h"
#include "read_file.h"

/* Where got and want first differ, shown as hex, for a failure message. */
static void show_difference(const char *got, size_t got_length, const char *want,
                            size_t want_length)
{
	size_t i = 0;
	while (i < got_length && i < want_length && got[i] == want[i])
		i++;
	size_t from = i > 8 ? i - 8 : 0;
	printf("  first difference at byte %zu (lengths %zu, %zu)\n  got: ", i, got_length,
	       want_length);
	for (size_t k = from; k < got_length && k < i + 12; k++)
		printf(" %02X", (unsigned char)got[k]);
	printf("\n  want:");
	for (size_t k = from; k < want_length && k < i + 12; k++)
		printf(" %02X", (unsigned char)want[k]);
	printf("\n");
}

/* Decode bytes and compare text and encoding name with what is wanted. */
static void expect(pith_decoder *decoder, const char *name, const char *bytes, size_t length,
                   const char *transport, const char *want, size_t want_length,
                   const char *want_encoding)
{
	const char *text = NULL, *encoding = NULL;
	size_t text_length = 0;
	pith_status status =
	    pith_decode(decoder, bytes, length, transport, &text, &text_length, &encoding);
	if (status != PITH_OK) {
		check(false, name, "status %d (%s)", (int)status, pith_strerror(status));
		return;
	}
	bool same_text = text_length == want_length && memcmp(text, want, want_length) == 0;
	bool same_encoding = strcmp(encoding, want_encoding) == 0;
	check(same_text && same_encoding, name, "encoding %s (want %s), text %s", encoding,
	      want_encoding, same_text ? "right" : "wrong");
	if (!same_text)
		show_difference(text, text_length, want, want_length);
}

/* The same with NUL-terminated literals. */
static void expect_s(pith_decoder *decoder, const char *name, const char *bytes,
                     const char *transport, const char *want, const char *want_encoding)
{
	expect(decoder, name, bytes, strlen(bytes), transport, want, strlen(want), want_encoding);
}

/* The generated pages: manifest.tsv lists page, transport label, name. */
static void test_pages(pith_decoder *decoder)
{
	const char *directory = getenv("PITH_ENCODING_DATA");
	if (!directory)
		directory = "tests/data/encodings";
	char path[4096];
	snprintf(path, sizeof path, "%s/manifest.tsv", directory);
	FILE *manifest = fopen(path, "r");
	check(manifest != NULL, "pages", "cannot open %s", path);
	if (!manifest)
		return;
	char line[1024];
	int pages = 0;
	while (fgets(line, sizeof line, manifest)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char page[512], transport[128], encoding[64];
		if (sscanf(line, "%511s %127s %63s", page, transport, encoding) != 3) {
			check(false, "pages", "bad manifest line: %s", line);
			continue;
		}
		size_t page_length, want_length;
		snprintf(path, sizeof path, "%s/%s", directory, page);
		char *bytes = read_file(path, &page_length);
		snprintf(path, sizeof path, "%s/%.*s.expected", directory,
		         (int)(strlen(page) - strlen(".html")), page);
		char *want = read_file(path, &want_length);
		if (!bytes || !want) {
			check(false, page, "cannot read the page or %s", path);
		} else {
			expect(decoder, page, bytes, page_length,
			       strcmp(transport, "-") == 0 ? NULL : transport, want, want_length,
			       encoding);
			pages++;
		}
		free(bytes);
		free(want);
	}
	fclose(manifest);
	check(pages == 40, "pages", "%d pages in the manifest, want 40", pages);
}

static void expect_label(const char *label, pith_encoding want)
{
	pith_encoding got = pith_encoding_for_label(label, strlen(label));
	check(got == want, "label", "\"%s\" gives \"%s\", want \"%s\"", label,
	      pith_encoding_name(got), pith_encoding_name(want));
}

static void test_labels(void)
{
	/* Every label resolves, in any case, and the table is sorted for
	 * bsearch. */
	size_t count = 0;
	const char *previous = NULL;
	pith_encoding encoding;
	const char *label;
	while ((label = pith_encoding_label_at(count, &encoding)) != NULL) {
		char upper[32];
		size_t n = strlen(label);
		for (size_t i = 0; i <= n && i < sizeof upper; i++)
			upper[i] =
			    (char)(label[i] >= 'a' && label[i] <= 'z' ? label[i] - 32 : label[i]);
		check(pith_encoding_for_label(label, n) == encoding &&
		          pith_encoding_for_label(upper, n) == encoding,
		      "label table", "\"%s\" does not resolve", label);
		check(!previous || strcmp(previous, label) < 0, "label table",
		      "\"%s\" is out of order", label);
		previous = label;
		count++;
	}
	check(count == 228, "label table", "%zu labels, the standard has 228", count);

	expect_label("latin1", PITH_ENCODING_WINDOWS_1252);
	expect_label("iso-8859-1", PITH_ENCODING_WINDOWS_1252);
	expect_label("ascii", PITH_ENCODING_WINDOWS_1252);
	expect_label("US-ASCII", PITH_ENCODING_WINDOWS_1252);
	expect_label("  UTF8 ", PITH_ENCODING_UTF_8);
	expect_label("\t\n\f\rutf-8\r\n", PITH_ENCODING_UTF_8);
	expect_label("x-sjis", PITH_ENCODING_SHIFT_JIS);
	expect_label("ms932", PITH_ENCODING_SHIFT_JIS);
	expect_label("gb2312", PITH_ENCODING_GBK);
	expect_label("GBK", PITH_ENCODING_GBK);
	expect_label("gb18030", PITH_ENCODING_GB18030);
	expect_label("big5-hkscs", PITH_ENCODING_BIG5);
	expect_label("windows-949", PITH_ENCODING_EUC_KR);
	expect_label("iso-8859-9", PITH_ENCODING_WINDOWS_1254);
	expect_label("tis-620", PITH_ENCODING_WINDOWS_874);
	expect_label("koi8-ru", PITH_ENCODING_KOI8_U);
	expect_label("utf-16", PITH_ENCODING_UTF_16LE);
	expect_label("unicodefffe", PITH_ENCODING_UTF_16BE);
	expect_label("iso-2022-kr", PITH_ENCODING_REPLACEMENT);
	expect_label("hz-gb-2312", PITH_ENCODING_REPLACEMENT);
	expect_label("x-user-defined", PITH_ENCODING_X_USER_DEFINED);
	/* Unknown: not in the table, or not quite a label. */
	expect_label("", PITH_ENCODING_NONE);
	expect_label("   ", PITH_ENCODING_NONE);
	expect_label("utf-7", PITH_ENCODING_NONE);
	expect_label("cp949", PITH_ENCODING_NONE);
	expect_label("utf 8", PITH_ENCODING_NONE);
	expect_label("\xA0utf-8", PITH_ENCODING_NONE); /* NBSP is not ASCII whitespace */
	expect_label("cseucpkdfmtjapanesex", PITH_ENCODING_NONE);
	check(pith_encoding_for_label("utf-8\0x", 7) == PITH_ENCODING_NONE, "label",
	      "a NUL inside a label must not match");
}

/* A page is ASCII-only here unless it says otherwise, so detection would
 * call it UTF-8: any other answer comes from the declaration. */
static void test_precedence(pith_decoder *decoder)
{
	static const char meta_koi8[] = "<meta charset=koi8-r><p>\xF0\xD2\xC9\xD7\xC5\xD4";
	expect_s(decoder, "meta alone", meta_koi8, NULL, "<meta charset=koi8-r><p>Привет",
	         "KOI8-R");
	expect_s(decoder, "transport beats meta", meta_koi8, "windows-1252",
	         "<meta charset=koi8-r><p>ðÒÉ×ÅÔ", "windows-1252");
	expect_s(decoder, "an unknown transport label is ignored", meta_koi8, "no-such-charset",
	         "<meta charset=koi8-r><p>Привет", "KOI8-R");
	expect_s(decoder, "an empty transport label is ignored", meta_koi8, "",
	         "<meta charset=koi8-r><p>Привет", "KOI8-R");

	/* BOM beats transport and meta; UTF-8 with a BOM comes back in place,
	 * after the BOM. */
	static const char bom_page[] = "\xEF\xBB\xBF<meta charset=koi8-r>\xC3\xA9t\xC3\xA9";
	const char *text, *encoding;
	size_t length;
	pith_status status = pith_decode(decoder, bom_page, sizeof bom_page - 1, "windows-1252",
	                                 &text, &length, &encoding);
	check(status == PITH_OK && text == bom_page + 3 && length == sizeof bom_page - 4 &&
	          strcmp(encoding, "UTF-8") == 0,
	      "UTF-8 BOM beats transport and meta", "status %d, encoding %s, in place %d",
	      (int)status, encoding, text == bom_page + 3);

	static const char utf16_bom[] = "\xFF\xFE<\0m\0e\0t\0a\0>\0\xE9\0";
	expect(decoder, "UTF-16LE BOM beats transport", utf16_bom, sizeof utf16_bom - 1,
	       "windows-1252", "<meta>é", strlen("<meta>é"), "UTF-16LE");
	static const char utf16be_bom[] = "\xFE\xFF\0a\x04\x10";
	expect(decoder, "UTF-16BE BOM", utf16be_bom, sizeof utf16be_bom - 1, "utf-16le", "aА",
	       strlen("aА"), "UTF-16BE");

	/* Valid UTF-8 that declares nothing is returned in place. */
	static const char plain[] = "<p>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80</p>";
	status = pith_decode(decoder, plain, sizeof plain - 1, NULL, &text, &length, &encoding);
	check(status == PITH_OK && text == plain && length == sizeof plain - 1 &&
	          strcmp(encoding, "UTF-8") == 0,
	      "valid UTF-8 needs no copy", "status %d, encoding %s", (int)status, encoding);
}

static void test_prescan(pith_decoder *decoder)
{
	expect_s(decoder, "a fake meta in a comment",
	         "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"windows-1254\"><p>\xFD", NULL,
	         "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"windows-1254\"><p>ı",
	         "windows-1254");
	expect_s(decoder, "<!--> ends where it starts", "<!--><meta charset=koi8-r>\xC1", NULL,
	         "<!--><meta charset=koi8-r>а", "KOI8-R");
	expect_s(decoder, "an unterminated comment hides the rest", "<!-- <meta charset=koi8-r>",
	         NULL, "<!-- <meta charset=koi8-r>", "UTF-8");
	expect_s(decoder, "http-equiv with a quoted charset",
	         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset='koi8-r'\">\xC1",
	         NULL,
	         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset='koi8-r'\">а",
	         "KOI8-R");
	expect_s(decoder, "http-equiv with double quotes inside single",
	         "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=\"KOI8-R\"'>\xC1",
	         NULL, "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=\"KOI8-R\"'>а",
	         "KOI8-R");
	expect_s(decoder, "content before http-equiv",
	         "<meta content=\"text/html; charset = koi8-r ;\" http-equiv=content-type>\xC1",
	         NULL, "<meta content=\"text/html; charset = koi8-r ;\" http-equiv=content-type>а",
	         "KOI8-R");
	expect_s(decoder, "content without http-equiv is ignored",
	         "<meta content=\"text/html; charset=koi8-r\"><p>ok", NULL,
	         "<meta content=\"text/html; charset=koi8-r\"><p>ok", "UTF-8");
	expect_s(decoder, "the first charset attribute counts",
	         "<meta charset=koi8-r charset=windows-1254>\xC1", NULL,
	         "<meta charset=koi8-r charset=windows-1254>а", "KOI8-R");
	expect_s(decoder, "charset beats a later content",
	         "<meta charset=koi8-r http-equiv=content-type content='charset=windows-1254'>\xC1",
	         NULL,
	         "<meta charset=koi8-r http-equiv=content-type content='charset=windows-1254'>а",
	         "KOI8-R");
	expect_s(decoder, "meta after other tags and attributes",
	         "<html lang=ru><head><title x='>'>t</title><meta name=a charset=koi8-r>\xC1", NULL,
	         "<html lang=ru><head><title x='>'>t</title><meta name=a charset=koi8-r>а",
	         "KOI8-R");
	expect_s(decoder, "<meta/ is a meta", "<meta/charset=koi8-r>\xC1", NULL,
	         "<meta/charset=koi8-r>а", "KOI8-R");
	expect_s(decoder, "an attribute value hides a fake meta",
	         "<div title='<meta charset=koi8-r>'>ok</div>", NULL,
	         "<div title='<meta charset=koi8-r>'>ok</div>", "UTF-8");
	expect_s(decoder, "an unknown meta label is ignored", "<meta charset=klingon><p>ok", NULL,
	         "<meta charset=klingon><p>ok", "UTF-8");
	expect_s(decoder, "meta UTF-16 means UTF-8", "<meta charset=utf-16le><p>caf\xC3\xA9", NULL,
	         "<meta charset=utf-16le><p>café", "UTF-8");
	expect_s(decoder, "meta x-user-defined means windows-1252",
	         "<meta charset=x-user-defined>\x80", NULL, "<meta charset=x-user-defined>€",
	         "windows-1252");
	expect_s(decoder, "meta replacement label", "<meta charset=iso-2022-kr><p>anything", NULL,
	         "\xEF\xBF\xBD", "replacement");
	expect_s(decoder, "XML declaration", "<?xml version=\"1.0\" encoding='koi8-r'?><p>\xC1",
	         NULL, "<?xml version=\"1.0\" encoding='koi8-r'?><p>а", "KOI8-R");
	expect_s(decoder, "meta beats the XML declaration",
	         "<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta charset=windows-1254>\xFD", NULL,
	         "<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta charset=windows-1254>ı",
	         "windows-1254");

	/* Only the first 1024 bytes are scanned. */
	char page[2048];
	memset(page, ' ', sizeof page);
	memcpy(page + 1100, "<meta charset=koi8-r>", 21);
	page[1121] = '\0';
	expect(decoder, "meta past 1024 bytes is ignored", page, 1121, NULL, page, 1121, "UTF-8");
	memset(page, ' ', sizeof page);
	memcpy(page + 1010, "<meta charset=koi8-r>", 21);
	expect(decoder, "meta across byte 1024 is ignored", page, 1031, NULL, page, 1031, "UTF-8");
	memset(page, ' ', sizeof page);
	memcpy(page + 1000, "<meta charset=koi8-r>\xC1", 22);
	char want[2048];
	memcpy(want, page, 1021);
	memcpy(want + 1021, "а", 2);
	expect(decoder, "meta ending before byte 1024 counts", page, 1022, NULL, want, 1023,
	       "KOI8-R");
}

static void test_single_byte(pith_decoder *decoder)
{
	/* The standard's windows-1252 maps the five bytes Windows leaves
	 * undefined to C1 controls; glibc's CP1252 rejects them. */
	expect_s(decoder, "windows-1252 0x80..0x9F", "\x80\x81\x8D\x8F\x90\x9D\x9F\x9E", "latin1",
	         "€\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9DŸž", "windows-1252");
	expect_s(decoder, "windows-1250 undefined bytes", "\x81\x83\x88\x90\x98\x8A", "cp1250",
	         "\xC2\x81\xC2\x83\xC2\x88\xC2\x90\xC2\x98Š", "windows-1250");
	expect_s(decoder, "windows-1255 0xCA", "\xCA\xF9", "windows-1255", "\xD6\xBAש",
	         "windows-1255");
	expect_s(decoder, "windows-1258 does not compose", "A\xEC", "windows-1258", "A\xCC\x81",
	         "windows-1258");
	expect_s(decoder, "KOI8-U is KOI8-RU", "\xAE\xBE\xA4", "koi8-u", "ўЎє", "KOI8-U");
	expect_s(decoder, "macintosh quirks", "\xC6\xF0\xDB", "mac", "∆\xEF\xA3\xBF€", "macintosh");
	expect_s(decoder, "x-mac-cyrillic euro", "\xFF\xA2", "x-mac-ukrainian", "€Ґ",
	         "x-mac-cyrillic");
	expect_s(decoder, "ISO-8859-3 holes", "\xA5\xA1", "iso-8859-3", "\xEF\xBF\xBDĦ",
	         "ISO-8859-3");
	expect_s(decoder, "ISO-8859-8-I uses ISO-8859-8's table", "\xE0\xFD", "logical",
	         "א\xE2\x80\x8E", "ISO-8859-8-I");
	expect_s(decoder, "x-user-defined", "a\x80\xFF", "x-user-defined",
	         "a\xEF\x9E\x80\xEF\x9F\xBF", "x-user-defined");
}

static void test_utf8(pith_decoder *decoder)
{
	/* Unicode's example for U+FFFD per maximal subpart (Unicode 15,
	 * §3.9, Table 3-8 neighbourhood): 61 F1 80 80 E1 80 C2 62 80 63 80 BF
	 * 64. */
	expect_s(decoder, "maximal subparts",
	         "a\xF1\x80\x80\xE1\x80\xC2"
	         "b\x80"
	         "c\x80\xBF"
	         "d",
	         "utf-8",
	         "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	         "b\xEF\xBF\xBD"
	         "c\xEF\xBF\xBD\xEF\xBF\xBD"
	         "d",
	         "UTF-8");
	expect_s(decoder, "overlong two bytes", "\xC0\xAF|", "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD|",
	         "UTF-8");
	expect_s(decoder, "overlong three bytes", "\xE0\x80\xAF|", "utf-8",
	         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|", "UTF-8");
	expect_s(decoder, "surrogate", "\xED\xA0\x80|", "utf-8",
	         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|", "UTF-8");
	expect_s(decoder, "above U+10FFFF", "\xF4\x90\x80\x80|", "utf-8",
	         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|", "UTF-8");
	expect_s(decoder, "F5 and FF", "\xF5\xFF|", "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD|", "UTF-8");
	expect_s(decoder, "the largest scalar value", "\xF4\x8F\xBF\xBF", "utf-8",
	         "\xF4\x8F\xBF\xBF", "UTF-8");
	expect_s(decoder, "truncated two of three", "abc\xE2\x82", "utf-8", "abc\xEF\xBF\xBD",
	         "UTF-8");
	expect_s(decoder, "truncated three of four", "\xF0\x9F\x98", "utf-8", "\xEF\xBF\xBD",
	         "UTF-8");
	expect_s(decoder, "a bad byte inside a sequence is read again", "\xE2\x82\xC3\xA9", "utf-8",
	         "\xEF\xBF\xBD\xC3\xA9", "UTF-8");
	expect_s(
	    decoder, "errors after a long valid run",
	    "0123456789abcdef0123456789abcdef\xC3\xA9\x80 0123456789abcdef\xFF", "utf-8",
	    "0123456789abcdef0123456789abcdef\xC3\xA9\xEF\xBF\xBD 0123456789abcdef\xEF\xBF\xBD",
	    "UTF-8");
	expect_s(decoder, "a UTF-8 BOM then an error", "\xEF\xBB\xBFx\xFF", NULL, "x\xEF\xBF\xBD",
	         "UTF-8");

	/* The fast path's 16-byte steps must find errors at every offset. */
	char page[64], want[80];
	bool all = true;
	for (int at = 0; at < 48; at++) {
		memset(page, 'x', sizeof page);
		page[at] = (char)0x80;
		memset(want, 'x', sizeof want);
		memcpy(want + at, "\xEF\xBF\xBD", 3);
		const char *text, *encoding;
		size_t length;
		pith_status status =
		    pith_decode(decoder, page, sizeof page, "utf-8", &text, &length, &encoding);
		if (status != PITH_OK || length != sizeof page + 2 ||
		    memcmp(text, want, length) != 0)
			all = false;
		check(pith_utf8_valid_length((const unsigned char *)page, sizeof page) ==
		          (size_t)at,
		      "validation", "error at %d not found there", at);
	}
	check(all, "an error at every offset", "some offsets decoded wrong");
}

static void test_utf16(pith_decoder *decoder)
{
	static const char lone[] = "a\0\x00\xD8"
	                           "b\0\x00\xDC"
	                           "c\0";
	expect(decoder, "UTF-16 lone surrogates", lone, sizeof lone - 1, "utf-16le",
	       "a\xEF\xBF\xBD"
	       "b\xEF\xBF\xBD"
	       "c",
	       9, "UTF-16LE");
	static const char pair[] = "\xD8\x3D\xDE\x00\x00z";
	expect(decoder, "UTF-16BE surrogate pair", pair, sizeof pair - 1, "utf-16be",
	       "\xF0\x9F\x98\x80z", 5, "UTF-16BE");
	static const char tail[] = "a\0\x3D\xD8\x41";
	expect(decoder, "UTF-16 leading surrogate and odd byte at the end: one error", tail,
	       sizeof tail - 1, "utf-16le", "a\xEF\xBF\xBD", 4, "UTF-16LE");
	static const char odd[] = "a\0b";
	expect(decoder, "UTF-16 odd byte", odd, sizeof odd - 1, "utf-16le", "a\xEF\xBF\xBD", 4,
	       "UTF-16LE");
	static const char xml[] = "<\0?\0x\0m\0l\0 \0?\0>\0\xE9\0";
	expect(decoder, "UTF-16LE XML declaration without BOM", xml, sizeof xml - 1, NULL,
	       "<?xml ?>é", strlen("<?xml ?>é"), "UTF-16LE");
}

static void test_cjk(pith_decoder *decoder)
{
	/* The standard's security example: a lead byte must not swallow an
	 * ASCII byte. */
	expect_s(decoder, "Shift_JIS lead before a quote", "\x82\"x", "shift_jis",
	         "\xEF\xBF\xBD\"x", "Shift_JIS");
	expect_s(decoder, "Shift_JIS singles", "\x80\xA1\xDF\xA0\xFD", "sjis",
	         "\xC2\x80｡ﾟ\xEF\xBF\xBD\xEF\xBF\xBD", "Shift_JIS");
	expect_s(decoder, "Shift_JIS Windows mappings", "\x81\x60\x87\x40\xED\x40\xF0\x40",
	         "windows-31j", "～①纊\xEE\x80\x80", "Shift_JIS");
	expect_s(decoder, "Shift_JIS lead at the end", "a\x82", "shift_jis", "a\xEF\xBF\xBD",
	         "Shift_JIS");
	expect_s(decoder, "EUC-JP", "\xA4\xA2\x8E\xB1\x8F\xB0\xA1\xA1\xC1", "euc-jp", "あｱ丂～",
	         "EUC-JP");
	expect_s(decoder, "EUC-JP bad trail", "\xA4<\x8F\xB0<", "euc-jp",
	         "\xEF\xBF\xBD<\xEF\xBF\xBD<", "EUC-JP");
	expect_s(decoder, "ISO-2022-JP", "a\x1B$B\x30\x21\x1B(Bb\x1B(J\\\x1B(I\x31", "iso-2022-jp",
	         "a亜b¥ｱ", "ISO-2022-JP");
	expect_s(decoder, "ISO-2022-JP bad escape", "\x1B$Jx", "iso-2022-jp", "\xEF\xBF\xBD$Jx",
	         "ISO-2022-JP");
	expect_s(decoder, "ISO-2022-JP detected in a 7-bit page", "<p>\x1B$B$3$s$K$A$O\x1B(B</p>",
	         NULL, "<p>こんにちは</p>", "ISO-2022-JP");
	expect_s(decoder, "gb18030 singles and pairs", "\x80\xC4\xE3\xA3\xA0\xFE\x51\xA6\xD9\xFF",
	         "gb18030", "€你\xE3\x80\x80\xEE\xA0\x96\xEF\xB8\x90\xEF\xBF\xBD", "gb18030");
	expect_s(decoder, "gb18030 four bytes",
	         "\x81\x30\x81\x30\x84\x31\xA4\x39\x90\x30\x81\x30\x81\x35\xF4\x37\x82\x35\x90\x37",
	         "gb18030", "\xC2\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xEE\x9F\x87\xE9\xBE\xB4",
	         "gb18030");
	expect_s(decoder, "gb18030 broken four bytes", "\x81\x30z\x81\x30\x81 \xE3\x32\x9A\x36",
	         "gbk",
	         "\xEF\xBF\xBD"
	         "0z\xEF\xBF\xBD"
	         "0\xEF\xBF\xBD \xEF\xBF\xBD",
	         "GBK");
	expect_s(decoder, "Big5", "\xA4\xA4\xA1\x45\x88\x62\x88\xA5\x80\xA4", "big5",
	         "中‧Ê̄ê̌\xEF\xBF\xBD\xEF\xBF\xBD", "Big5");
	expect_s(decoder, "Big5 HKSCS beyond the BMP", "\x87\x45", "big5", "\xF0\xA7\x89\xA7",
	         "Big5");
	expect_s(decoder, "EUC-KR", "\xB0\xA1\x81\x41\xC8\xFE\x80", "euc-kr", "가갂힝\xEF\xBF\xBD",
	         "EUC-KR");
	expect_s(decoder, "EUC-KR lead before ASCII", "\xB0]", "euc-kr", "\xEF\xBF\xBD]", "EUC-KR");
}

static void test_edges(pith_decoder *decoder)
{
	const char *text = NULL, *encoding = NULL;
	size_t length = 99;
	pith_status status = pith_decode(decoder, "", 0, NULL, &text, &length, &encoding);
	check(status == PITH_OK && text && length == 0 && strcmp(encoding, "UTF-8") == 0,
	      "empty input", "status %d, length %zu", (int)status, length);
	status = pith_decode(decoder, NULL, 0, "shift_jis", &text, &length, &encoding);
	check(status == PITH_OK && text && length == 0 && strcmp(encoding, "Shift_JIS") == 0,
	      "NULL with zero length", "status %d, encoding %s", (int)status, encoding);
	status = pith_decode(decoder, "x", 0, "iso-2022-kr", &text, &length, &encoding);
	check(status == PITH_OK && length == 0, "replacement of nothing is nothing", "length %zu",
	      length);
	status = pith_decode(decoder, NULL, 5, NULL, &text, &length, &encoding);
	check(status == PITH_ERROR_INVALID_ARGUMENT, "NULL bytes", "status %d", (int)status);
	status = pith_decode(NULL, "x", 1, NULL, &text, &length, &encoding);
	check(status == PITH_ERROR_INVALID_ARGUMENT, "NULL decoder", "status %d", (int)status);
	/* Never read: the length is refused first. */
	status =
	    pith_decode(decoder, "x", PITH_MAX_INPUT_BYTES + 1, NULL, &text, &length, &encoding);
	check(status == PITH_ERROR_TOO_LARGE, "too large", "status %d", (int)status);
	expect(decoder, "NUL bytes are text", "a\0b", 3, NULL, "a\0b", 3, "UTF-8");
	expect(decoder, "NUL bytes in windows-1252", "a\0\xE9", 3, "latin1", "a\0é", 4,
	       "windows-1252");
	pith_decoder_free(NULL);
	check(pith_decoder_memory(NULL) == 0, "memory of NULL", "not 0");
}

/* Pages that detection must still call UTF-8. */
static void test_detection(pith_decoder *decoder)
{
	size_t length;
	const char *directory = getenv("PITH_ENCODING_DATA");
	char path[4096];
	snprintf(path, sizeof path, "%s/koi8-r.meta.expected",
	         directory ? directory : "tests/data/encodings");
	char *russian = read_file(path, &length);
	check(russian != NULL, "detection", "cannot read %s", path);
	if (!russian)
		return;
	/* koi8-r.meta.expected is UTF-8 that declares KOI8-R; drop the meta
	 * so only detection speaks. */
	char *meta = strstr(russian, "<meta charset=\"koi8-r\">");
	if (meta)
		memset(meta, ' ', strlen("<meta charset=\"koi8-r\">"));
	size_t middle = length / 2;
	while ((unsigned char)russian[middle] >= 0x80)
		middle++;
	char *spoiled = malloc(length + 1);
	if (!spoiled) {
		free(russian);
		return;
	}
	memcpy(spoiled, russian, middle);
	spoiled[middle] = (char)0xE9;
	memcpy(spoiled + middle + 1, russian + middle, length - middle);
	char *want = malloc(length + 3);
	if (want) {
		memcpy(want, russian, middle);
		memcpy(want + middle, "\xEF\xBF\xBD", 3);
		memcpy(want + middle + 3, russian + middle, length - middle);
		expect(decoder, "UTF-8 with a stray byte is still UTF-8", spoiled, length + 1, NULL,
		       want, length + 3, "UTF-8");
	}
	/* Cut inside the last Cyrillic letter, as a truncated download is. */
	size_t cut = length;
	while (cut > 0 && (unsigned char)russian[cut - 1] < 0x80)
		cut--;
	memcpy(want, russian, cut - 2);
	memcpy(want + cut - 2, "\xEF\xBF\xBD", 3);
	expect(decoder, "UTF-8 cut inside a character is still UTF-8", russian, cut - 1, NULL, want,
	       cut + 1, "UTF-8");
	free(want);
	free(spoiled);
	free(russian);

	/* A legacy page whose text comes after 100 KiB of ASCII script: the
	 * detector must look at the text, not at the script. */
	size_t koi8_length, koi8_want_length;
	snprintf(path, sizeof path, "%s/koi8-r.undeclared.html",
	         directory ? directory : "tests/data/encodings");
	char *koi8 = read_file(path, &koi8_length);
	snprintf(path, sizeof path, "%s/koi8-r.undeclared.expected",
	         directory ? directory : "tests/data/encodings");
	char *koi8_want = read_file(path, &koi8_want_length);
	size_t script = (size_t)100 << 10;
	char *late = malloc(script + koi8_length);
	char *late_want = malloc(script + koi8_want_length);
	check(koi8 && koi8_want && late && late_want, "detection", "cannot read %s", path);
	if (koi8 && koi8_want && late && late_want) {
		memset(late, ';', script);
		memcpy(late, "<script>", 8);
		memcpy(late + script - 9, "</script>", 9);
		memcpy(late_want, late, script);
		memcpy(late + script, koi8, koi8_length);
		memcpy(late_want + script, koi8_want, koi8_want_length);
		expect(decoder, "legacy text after 100 KiB of script", late, script + koi8_length,
		       NULL, late_want, script + koi8_want_length, "KOI8-R");
	}
	free(koi8);
	free(koi8_want);
	free(late);
	free(late_want);
}

static void test_memory(void)
{
	pith_decoder *decoder = pith_decoder_new();
	check(decoder != NULL, "memory", "no decoder");
	if (!decoder)
		return;
	/* 9 MiB of é in windows-1252 is 18 MiB of UTF-8. */
	size_t big = (size_t)9 << 20;
	char *page = malloc(big);
	if (!page) {
		pith_decoder_free(decoder);
		return;
	}
	memset(page, 0xE9, big);
	const char *text, *encoding;
	size_t length;
	pith_status status = pith_decode(decoder, page, big, "latin1", &text, &length, &encoding);
	check(status == PITH_OK && length == 2 * big && memcmp(text, "é", 2) == 0 &&
	          memcmp(text + length - 2, "é", 2) == 0,
	      "a large page", "status %d, length %zu", (int)status, length);
	size_t held = pith_decoder_memory(decoder);
	check(held >= 2 * big, "a large page", "holds %zu bytes", held);
	status = pith_decode(decoder, "\xE9", 1, "latin1", &text, &length, &encoding);
	check(status == PITH_OK && length == 2, "a small page after it", "status %d", (int)status);
	held = pith_decoder_memory(decoder);
	check(held < ((size_t)1 << 20), "the buffer shrinks back", "still holds %zu bytes", held);
	free(page);
	pith_decoder_free(decoder);
}

int main(void)
{
	pith_decoder *decoder = pith_decoder_new();
	if (!decoder) {
		printf("decode: 0 passed, 1 failed\n");
		return 1;
	}
	test_pages(decoder);
	test_labels();
	test_precedence(decoder);
	test_prescan(decoder);
	test_single_byte(decoder);
	test_utf8(decoder);
	test_utf16(decoder);
	test_cjk(decoder);
	test_edges(decoder);
	test_detection(decoder);
	pith_decoder_free(decoder);
	test_memory();
	printf("decode: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
