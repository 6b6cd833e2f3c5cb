/* libcurl, set up the one way the pith command fetches: GET, redirects
 * followed within FETCH_MAX_REDIRECTS to http(s) only, compressed
 * transfer, both timeouts, and a body refused past PITH_MAX_INPUT_BYTES. */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pith.h"

struct fetcher {
	CURL *curl;
	char *body;
	size_t length, capacity;
	bool too_large;
	char charset[64];
	char reason[CURL_ERROR_SIZE + 128];
	char error[CURL_ERROR_SIZE];
};

bool fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

bool fetch_is_url(const char *arg)
{
	return strncasecmp(arg, "http://", 7) == 0 || strncasecmp(arg, "https://", 8) == 0;
}

static size_t receive(char *data, size_t size, size_t count, void *user)
{
	fetcher *f = user;
	size_t n = size * count;
	if (n > PITH_MAX_INPUT_BYTES - f->length) {
		f->too_large = true;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	if (f->length + n > f->capacity) {
		size_t capacity = f->capacity ? f->capacity : (size_t)1 << 16;
		while (capacity < f->length + n)
			capacity *= 2;
		if (capacity > PITH_MAX_INPUT_BYTES)
			capacity = PITH_MAX_INPUT_BYTES;
		char *bigger = realloc(f->body, capacity);
		if (!bigger)
			return 0;
		f->body = bigger;
		f->capacity = capacity;
	}
	memcpy(f->body + f->length, data, n);
	f->length += n;
	return n;
}

fetcher *fetcher_new(double timeout_seconds)
{
	fetcher *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->curl = curl_easy_init();
	if (!f->curl) {
		free(f);
		return NULL;
	}
	/* An honest name: what fetches, in which version. pith has no home
	 * page yet to add as "+URL". */
	static const char user_agent[] = "pith/" PITH_VERSION_STRING " (web page text extractor)";
	long timeout_ms = (long)(timeout_seconds * 1000);
	long connect_ms = FETCH_CONNECT_TIMEOUT_SECONDS * 1000L;
	if (connect_ms > timeout_ms)
		connect_ms = timeout_ms;
	CURL *c = f->curl;
	curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)PITH_MAX_INPUT_BYTES);
	/* Threads: no signals for timeouts (libcurl's advice). */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, receive);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, f->error);
	return f;
}

void fetcher_free(fetcher *f)
{
	if (!f)
		return;
	curl_easy_cleanup(f->curl);
	free(f->body);
	free(f);
}

/* The charset parameter of a Content-Type value (RFC 9110 8.3.1), quotes
 * removed, into f->charset; NULL when there is none. */
static const char *content_type_charset(fetcher *f, const char *type)
{
	const char *p = type;
	while (p && (p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		bool quoted = *p == '"';
		if (quoted)
			p++;
		size_t n = 0;
		while (p[n] && n + 1 < sizeof f->charset &&
		       (quoted ? p[n] != '"' : (p[n] != ';' && p[n] != ' ' && p[n] != '\t')))
			n++;
		if (n == 0)
			return NULL;
		memcpy(f->charset, p, n);
		f->charset[n] = '\0';
		return f->charset;
	}
	return NULL;
}

const char *fetcher_get(fetcher *f, const char *url, fetched_page *page)
{
	memset(page, 0, sizeof *page);
	page->final_url = "";
	f->length = 0;
	f->too_large = false;
	f->error[0] = '\0';
	curl_easy_setopt(f->curl, CURLOPT_URL, url);
	CURLcode rc = curl_easy_perform(f->curl);
	long status = 0;
	char *final_url = NULL, *type = NULL;
	curl_easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(f->curl, CURLINFO_EFFECTIVE_URL, &final_url);
	curl_easy_getinfo(f->curl, CURLINFO_CONTENT_TYPE, &type);
	page->http_status = status;
	page->final_url = final_url ? final_url : "";
	if (f->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(f->reason, sizeof f->reason,
		         "the page is larger than the %zu MiB limit (PITH_MAX_INPUT_BYTES): "
		         "transfer stopped",
		         PITH_MAX_INPUT_BYTES >> 20);
		return f->reason;
	}
	if (rc == CURLE_TOO_MANY_REDIRECTS) {
		snprintf(f->reason, sizeof f->reason,
		         "more than %d redirects (FETCH_MAX_REDIRECTS), the last to %s",
		         FETCH_MAX_REDIRECTS, page->final_url);
		return f->reason;
	}
	if (rc != CURLE_OK) {
		snprintf(f->reason, sizeof f->reason, "fetching failed: %s",
		         f->error[0] ? f->error : curl_easy_strerror(rc));
		return f->reason;
	}
	page->body = f->body;
	page->length = f->length;
	page->charset = content_type_charset(f, type);
	return NULL;
}
