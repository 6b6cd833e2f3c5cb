/* Fetching pages over HTTP(S) with libcurl, for the pith command only: the
 * library never touches the network (docs/DESIGN.md, "Inputs"). */
#ifndef PITH_CLI_FETCH_H
#define PITH_CLI_FETCH_H

#include <stdbool.h>
#include <stddef.h>

/* Redirects followed before a fetch fails: browsers stop at 20, a chain
 * of more than a few is a loop or a trap. */
#define FETCH_MAX_REDIRECTS 10
/* Seconds to connect (each address tried), and the default of --timeout,
 * the seconds a whole transfer may take. */
#define FETCH_CONNECT_TIMEOUT_SECONDS 10
#define FETCH_DEFAULT_TIMEOUT_SECONDS 30

typedef struct fetcher fetcher;

/* The page fetched: body is what was received (content-coding removed),
 * at most PITH_MAX_INPUT_BYTES. Owned by the fetcher, valid until its
 * next fetch. */
typedef struct fetched_page {
	char *body;
	size_t length;
	long http_status;      /* 0 when no response came */
	const char *final_url; /* after redirects; "" when none */
	const char *charset;   /* the Content-Type's charset parameter, or NULL */
} fetched_page;

/* Once per process, before any thread starts. Returns false when libcurl
 * cannot be set up. */
bool fetch_global_init(void);
void fetch_global_cleanup(void);

/* A fetcher per thread: its connections are kept from page to page.
 * timeout_seconds: the whole transfer's limit. NULL when out of memory. */
fetcher *fetcher_new(double timeout_seconds);
void fetcher_free(fetcher *f);

/* Fetches url (http or https; redirects to those alone). Returns NULL
 * with page filled (a 4xx or 5xx status is no failure here), or why no
 * response came. */
const char *fetcher_get(fetcher *f, const char *url, fetched_page *page);

/* Whether arg names a page to fetch: it starts with http:// or https://. */
bool fetch_is_url(const char *arg);

#endif
