/* Which URLs pith writes as live links: the one policy behind every
 * writer (links and images in Markdown, HTML and JSON's document; the
 * canonical URL, image, licence and next pages of metadata).
 *
 * An allow list, as sanitizers keep one: a URL is live when a browser
 * would read it as http, https or mailto, or as relative (no scheme: it
 * takes its scheme from the base it is read against, which the writers
 * never make other than an allowed one). Anything else (javascript:,
 * vbscript:, data:, file:, any scheme not named) is written as text, or
 * left out where a field holds only a URL.
 *
 * The policy reads the URL as it is written: the writers write it so
 * that what their format decodes (HTML's character references,
 * Markdown's backslash escapes and entities, JSON's escapes) is exactly
 * this string again. Kept apart from resolution (url.c), which a
 * WHATWG URL parser may replace. */
#ifndef PITH_URL_POLICY_H
#define PITH_URL_POLICY_H

#include <stdbool.h>
#include <stddef.h>

/* Would a browser read url[0..length) as an http, https or mailto URL,
 * or as a relative one? Read as the URL standard's basic parser reads a
 * scheme: C0 controls and spaces around the URL are dropped, tabs and
 * newlines anywhere are removed, the scheme's case is ignored, and a
 * scheme is an ASCII letter then letters, digits, "+", "-" or "." up to
 * the first ":"; with no such scheme the URL is relative. So
 * " JaVa\tscript:x", "\x01data:,x" and "vbscript:x" are refused, and
 * "javascript&colon;x" (no ":" after the letters) is relative. */
bool pith_url_policy_allows(const char *url, size_t length);

#endif
