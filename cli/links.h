/* The page URLs a sitemap (XML or text), a sitemap index or an RSS or Atom
 * feed lists, for pith links. No I/O (fuzz/fuzz_links.c runs it). */
#ifndef PITH_CLI_LINKS_H
#define PITH_CLI_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "sniff.h"

/* A URL longer than this is skipped (and counted): sitemaps.org allows
 * 2048 characters, browsers some tens of thousands; the bound keeps one
 * URL in a fixed buffer. */
#define LINKS_MAX_URL_BYTES 8192

/* Called with each URL in document order: absolute http or https, with
 * XML's entities and CDATA decoded and white space trimmed; url[length]
 * is NUL. Returns false to stop. */
typedef bool (*links_visit)(void *user, const char *url, size_t length);

typedef struct links_counts {
	size_t listed;  /* URLs passed to visit */
	size_t skipped; /* entries that were no absolute http(s) URL, or too long */
} links_counts;

/* Reads data, which sniff_kind_of called kind (a sitemap, sitemap index,
 * feed or text sitemap; other kinds list nothing): a sitemap's <url><loc>,
 * a sitemap index's <sitemap><loc>, RSS's <item><link>, Atom's
 * <entry><link href> (rel alternate or none), a text sitemap's lines.
 * Elements of other namespaces' prefixes (image:loc, atom:link in RSS)
 * are not taken. */
links_counts links_read(sniff_kind kind, const char *data, size_t length, links_visit visit,
                        void *user);

#endif
