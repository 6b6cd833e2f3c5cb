/* The URL allow list (url_policy.h): the scheme a browser reads, per the
 * URL standard's basic URL parser (scheme start and scheme states). */
#include "base/url_policy.h"

#include <string.h>

#include "base/ascii.h"

/* The schemes written as live links. */
static const char *const allowed_schemes[] = {"http", "https", "mailto"};

/* The longest allowed scheme ("mailto"): a longer one is refused
 * unread. */
#define LONGEST_ALLOWED_SCHEME 6

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_scheme_char(char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

bool pith_url_policy_allows(const char *url, size_t length)
{
	size_t i = 0;
	/* Leading C0 controls and spaces go first; trailing ones cannot
	 * change the scheme, which ends at a ":". */
	while (i < length && (unsigned char)url[i] <= ' ')
		i++;
	char scheme[LONGEST_ALLOWED_SCHEME];
	size_t scheme_length = 0;
	for (; i < length; i++) {
		char c = url[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':' && scheme_length > 0)
			break;
		/* Not a scheme: the URL is relative ("/x", "x&colon;y", "?a:b",
		 * ":x", "1a:b"). */
		if (!(scheme_length == 0 ? is_letter(c) : is_scheme_char(c)))
			return true;
		if (scheme_length < LONGEST_ALLOWED_SCHEME)
			scheme[scheme_length] = pith_ascii_lower(c);
		scheme_length++;
	}
	if (i == length)
		return true; /* letters and no ":": a relative path */
	for (size_t s = 0; s < sizeof allowed_schemes / sizeof *allowed_schemes; s++)
		if (scheme_length == strlen(allowed_schemes[s]) &&
		    memcmp(scheme, allowed_schemes[s], scheme_length) == 0)
			return true;
	return false;
}
