/* Detection for pages that declare no encoding and are not valid UTF-8.
 *
 * HTML §13.2.3.2 leaves this step to the implementation ("frequency
 * analysis or other algorithms"). Valid UTF-8 is decided before we get
 * here: it is by far the most common answer, it is cheap to prove, and
 * legacy text almost never happens to be valid UTF-8, whereas statistical
 * detectors do sometimes name a legacy encoding for valid UTF-8 (uchardet
 * calls two of the 181 UTF-8 pages of our dev set windows-125x). For the
 * rest uchardet, Mozilla's universal detector as a library, guesses from
 * byte statistics; it also still says UTF-8 for UTF-8 pages spoiled by a
 * stray byte. Its answer goes through the standard's label table, so only
 * encodings the standard has can come out; anything else (IBM855,
 * EUC-TW, no answer) falls back to windows-1252, the standard's default
 * for most locales. */
#include "decode_internal.h"
#include "uchardet_guard.h"
#include <string.h>

/* uchardet reads at most this much of a page, from its first non-ASCII
 * byte on (ASCII tells it nothing, and pages often start with tens of KiB
 * of script and style). Its answer settles within a few KiB of text, and it
 * reads single-byte text at only about 25 MB/s here, so the bound keeps a
 * huge undeclared page to ~3 ms of detection. */
#define PITH_DETECT_MAX_BYTES ((size_t)64 * 1024)

/* uchardet names that are not labels in the standard but have an
 * encoding there. */
static const struct {
	const char *name;
	pith_encoding encoding;
} detector_aliases[] = {
    {"MAC-CYRILLIC", PITH_ENCODING_X_MAC_CYRILLIC},
    {"UHC", PITH_ENCODING_EUC_KR},
    {"CP949", PITH_ENCODING_EUC_KR},
};

static pith_encoding encoding_for_detector_name(const char *name)
{
	for (size_t i = 0; i < sizeof detector_aliases / sizeof detector_aliases[0]; i++)
		if (strcmp(name, detector_aliases[i].name) == 0)
			return detector_aliases[i].encoding;
	pith_encoding encoding = pith_encoding_for_label(name, strlen(name));
	switch (encoding) {
	/* A guess must not turn a page into one U+FFFD (replacement), nor
	 * into an ASCII-incompatible encoding that a BOM did not announce. */
	case PITH_ENCODING_REPLACEMENT:
	case PITH_ENCODING_UTF_16BE:
	case PITH_ENCODING_UTF_16LE:
	case PITH_ENCODING_X_USER_DEFINED:
		return PITH_ENCODING_NONE;
	default:
		return encoding;
	}
}

pith_status pith_encoding_detect(void **detector, const unsigned char *bytes, size_t length,
                                 pith_encoding *encoding)
{
	*encoding = PITH_ENCODING_WINDOWS_1252;
	if (!*detector && !(*detector = pith_uchardet_new()))
		return PITH_ERROR_NOMEM;
	size_t start = 0;
	while (start < length && bytes[start] < 0x80)
		start++;
	size_t n = length - start;
	if (n > PITH_DETECT_MAX_BYTES)
		n = PITH_DETECT_MAX_BYTES;
	const char *name = pith_uchardet_guess(*detector, (const char *)bytes + start, n);
	if (!name) {
		pith_uchardet_free(*detector);
		*detector = NULL;
		return PITH_ERROR_NOMEM;
	}
	pith_encoding found = *name ? encoding_for_detector_name(name) : PITH_ENCODING_NONE;
	if (found != PITH_ENCODING_NONE)
		*encoding = found;
	return PITH_OK;
}

bool pith_looks_like_iso_2022_jp(const unsigned char *bytes, size_t length)
{
	const unsigned char *s = bytes, *end = bytes + length;
	bool escape = false;
	while (!escape && (s = memchr(s, 0x1B, (size_t)(end - s))) != NULL) {
		escape = end - s >= 3 && s[1] == '$' && (s[2] == 'B' || s[2] == '@');
		s++;
	}
	if (!escape)
		return false;
	for (size_t i = 0; i < length; i++)
		if (bytes[i] >= 0x80)
			return false;
	return true;
}

void pith_encoding_detector_free(void *detector)
{
	pith_uchardet_free(detector);
}
