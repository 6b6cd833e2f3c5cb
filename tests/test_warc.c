/* The WARC reader (pith_warc_*): files made by tests/make_warc.py from the
 * development pages in every layout (plain; gzip, zstd with and without a
 * dictionary frame, LZ4 and bzip2, per record or over the file), format
 * (WARC, ARC) and version, with and without faults
 * (hostile ones included), each record checked against the generator's
 * manifest (fields, status, payload by length and CRC-32); the same files
 * read one byte per read call; HTTP heads and codings as small inline
 * records; hostile input: lengths that lie (over the limit, past the end,
 * not a number) before ten good records, blocks over
 * PITH_WARC_MAX_RECORD_BYTES scanned through, junk of every kind read with
 * work linear in its size (counted, not timed), payloads that expand past
 * PITH_WARC_MAX_EXPANSION, members by the hundred thousand.
 *
 * Run from the repository root with $BUILD and $PITH_DEVPAGES set
 * (tests/run.sh sets them); the generated files go to $BUILD/warc-test.
 * PITH_WARC_TEST_ONLY=TEXT checks only the generated files whose names
 * hold TEXT (e.g. "arc-", "zstd"), for work on one reader. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "check.h"
#include "memory_source.h"
#include "pith.h"
#include "read_file.h"
#include "warc/take_payload.h"
#include "warc/work_counts.h"

/* Pages per generated file: enough for every record form the generator
 * draws, small enough to keep the test quick under the sanitizers. */
#define PAGES_PER_FILE "14"

/* ---- Records kept for comparison ---- */

typedef struct kept_record {
	pith_status status;
	int digest_status;
	unsigned long long offset;
	char *type, *record_id, *target_uri, *date, *content_type, *charset;
	int http_status, is_html;
	size_t payload_length;
	unsigned long payload_crc;
} kept_record;

typedef struct record_list {
	kept_record *items;
	size_t count;
} record_list;

static char *copy(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void keep(record_list *list, const pith_warc_record *r)
{
	list->items = realloc(list->items, (list->count + 1) * sizeof *list->items);
	kept_record *k = &list->items[list->count++];
	k->status = r->status;
	k->digest_status = r->digest_status;
	k->offset = r->offset;
	k->type = copy(r->type);
	k->record_id = copy(r->record_id);
	k->target_uri = copy(r->target_uri);
	k->date = copy(r->date);
	k->content_type = copy(r->content_type);
	k->charset = copy(r->charset);
	k->http_status = r->http_status;
	k->is_html = r->is_html;
	k->payload_length = r->payload_length;
	k->payload_crc = crc32(0, (const unsigned char *)r->payload, (unsigned)r->payload_length);
}

static void list_free(record_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		kept_record *k = &list->items[i];
		free(k->type), free(k->record_id), free(k->target_uri), free(k->date);
		free(k->content_type), free(k->charset);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* Buffers a reading that takes payloads hands them to in turn, as the
 * batch engine's slots do. */
#define TAKE_BUFFERS 3

/* Every record of a reader; checks the promises every record keeps. With
 * take, every payload is handed over (pith_warc_take_payload) to one of
 * TAKE_BUFFERS buffers in turn and checked again after the next record is
 * read: it must outlive the reader's next call. */
static void read_all(pith_warc *warc, record_list *list, const char *name, bool take)
{
	pith_warc_record r;
	int bad_strings = 0, take_failed = 0, taken_changed = 0;
	pith_buffer taken[TAKE_BUFFERS] = {{0}};
	const char *held = "";
	size_t held_length = 0;
	unsigned long held_crc = crc32(0, NULL, 0);
	while (pith_warc_next(warc, &r)) {
		taken_changed +=
		    crc32(0, (const unsigned char *)held, (unsigned)held_length) != held_crc;
		bad_strings += !r.error || !r.type || !r.record_id || !r.target_uri || !r.date ||
		               !r.content_type || !r.payload;
		bad_strings += (r.status == PITH_OK) != (r.error && r.error[0] == '\0');
		keep(list, &r);
		if (take) {
			take_failed +=
			    !pith_warc_take_payload(warc, &r, &taken[list->count % TAKE_BUFFERS]);
			held = r.payload;
			held_length = r.payload_length;
			held_crc = list->items[list->count - 1].payload_crc;
		}
	}
	taken_changed += crc32(0, (const unsigned char *)held, (unsigned)held_length) != held_crc;
	check(bad_strings == 0, name, "every string is set, error empty exactly when OK");
	check(pith_warc_next(warc, &r) == 0, name, "the end stays the end");
	if (take)
		check(take_failed == 0 && taken_changed == 0, name,
		      "every payload taken over outlives the next record");
	for (int i = 0; i < TAKE_BUFFERS; i++)
		pith_buffer_free(&taken[i]);
}

/* ---- The manifest ---- */

typedef struct manifest_row {
	unsigned long long offset;
	char record_id[128], type[32], outcome[16], charset[32], target_uri[256], crc[16];
	int is_html, http_status;
	long payload_length;
} manifest_row;

static manifest_row *read_manifest(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	*count = 0;
	if (!f)
		return NULL;
	manifest_row *rows = NULL;
	char line[8192];
	if (!fgets(line, sizeof line, f)) { /* the header line */
		fclose(f);
		return NULL;
	}
	while (fgets(line, sizeof line, f)) {
		manifest_row row;
		char length[32], source[4096];
		if (sscanf(line, "%llu\t%127s\t%31s\t%15s\t%d\t%d\t%31s\t%255s\t%31s\t%15s\t%4095s",
		           &row.offset, row.record_id, row.type, row.outcome, &row.is_html,
		           &row.http_status, row.charset, row.target_uri, length, row.crc,
		           source) != 11)
			continue;
		row.payload_length = strcmp(length, "-") ? atol(length) : -1;
		rows = realloc(rows, (*count + 1) * sizeof *rows);
		rows[(*count)++] = row;
	}
	fclose(f);
	return rows;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The records match the manifest line by line. A "damaged" row's record
 * is broken at its offset, whatever fields survived; a "bad-digest" one is
 * whole, or broken by a digest mismatch when digests were verified. */
static void check_against_manifest(const record_list *list, const manifest_row *rows, size_t count,
                                   const char *name, bool verified)
{
	char what[512];
	snprintf(what, sizeof what, "%zu records returned, the manifest lists %zu", list->count,
	         count);
	check(list->count == count, name, "%s", what);
	int mismatches = 0;
	for (size_t i = 0; i < list->count && i < count; i++) {
		const kept_record *k = &list->items[i];
		const manifest_row *m = &rows[i];
		bool damaged = strcmp(m->outcome, "damaged") == 0;
		bool bad_digest = strcmp(m->outcome, "bad-digest") == 0;
		bool ok_expected = strcmp(m->outcome, "ok") == 0 || (bad_digest && !verified);
		pith_status expected = ok_expected ? PITH_OK
		                       : strcmp(m->outcome, "too-large") == 0
		                           ? PITH_ERROR_TOO_LARGE
		                           : PITH_ERROR_MALFORMED;
		const char *wrong = NULL;
		if (k->offset != m->offset)
			wrong = "offset";
		else if (k->status != expected)
			wrong = "status";
		else if (damaged)
			wrong = NULL;
		else if (verified && k->digest_status != (bad_digest ? PITH_WARC_DIGEST_MISMATCH
		                                                     : PITH_WARC_DIGEST_OK))
			wrong = "digest status";
		else if (!verified && k->digest_status != PITH_WARC_DIGEST_NONE)
			wrong = "digest status (not verified)";
		else if (strcmp(or_dash(k->record_id), m->record_id) != 0)
			wrong = "record_id";
		else if (strcmp(or_dash(k->type), m->type) != 0)
			wrong = "type";
		else if (k->is_html != m->is_html)
			wrong = "is_html";
		else if (k->http_status != m->http_status)
			wrong = "http_status";
		else if (strcmp(k->charset ? k->charset : "-", m->charset) != 0)
			wrong = "charset";
		else if (strcmp(or_dash(k->target_uri), m->target_uri) != 0)
			wrong = "target_uri";
		else if (ok_expected && (long)k->payload_length != m->payload_length)
			wrong = "payload length";
		else if (ok_expected && k->payload_crc != strtoul(m->crc, NULL, 16))
			wrong = "payload bytes";
		else if (ok_expected && k->date[0] == '\0')
			wrong = "date";
		if (wrong) {
			if (mismatches++ < 3) {
				snprintf(what, sizeof what,
				         "record %zu (%s, offset %llu): %s differs", i,
				         m->record_id, m->offset, wrong);
				check(false, name, "%s", what);
			}
		}
	}
	check(mismatches == 0, name, "every record matches its manifest line");
}

static bool records_equal(const kept_record *a, const kept_record *b)
{
	return a->status == b->status && a->offset == b->offset && !strcmp(a->type, b->type) &&
	       !strcmp(a->record_id, b->record_id) && !strcmp(a->target_uri, b->target_uri) &&
	       !strcmp(a->date, b->date) && !strcmp(a->content_type, b->content_type) &&
	       !a->charset == !b->charset && (!a->charset || !strcmp(a->charset, b->charset)) &&
	       a->http_status == b->http_status && a->is_html == b->is_html &&
	       a->payload_length == b->payload_length && a->payload_crc == b->payload_crc;
}

static bool same_records(const record_list *a, const record_list *b)
{
	bool same = a->count == b->count;
	for (size_t i = 0; same && i < a->count; i++)
		same = records_equal(&a->items[i], &b->items[i]);
	return same;
}

static const char *build_folder(void)
{
	const char *build = getenv("BUILD");
	return build && *build ? build : "build";
}

/* Generates one file, reads it by path and one byte per read, checks both
 * against the manifest. format is "warc" or "arc"; with verify, the file
 * has digests and they are checked. */
static void check_generated_as(const char *pages, const char *layout, const char *format,
                               const char *version, const char *faults, int seed, bool verify)
{
	char name[256], path[512], command[2048];
	snprintf(name, sizeof name, "%s%s-%s-%s-%d%s", strcmp(format, "arc") == 0 ? "arc-" : "",
	         layout, version, *faults ? faults : "clean", seed, verify ? "-verified" : "");
	const char *only = getenv("PITH_WARC_TEST_ONLY");
	if (only && *only && !strstr(name, only))
		return;
	snprintf(path, sizeof path, "%s/warc-test/%s.warc", build_folder(), name);
	snprintf(command, sizeof command,
	         "python3 tests/make_warc.py --pages '%s' --count " PAGES_PER_FILE
	         " --layout %s --format %s --version %s --faults '%s' --seed %d%s -o '%s'",
	         pages, layout, format, version, faults, seed, verify ? " --digests" : "", path);
	if (system(command) != 0) {
		check(0, name, "tests/make_warc.py failed");
		return;
	}
	char manifest_path[600];
	snprintf(manifest_path, sizeof manifest_path, "%s.manifest.tsv", path);
	size_t row_count;
	manifest_row *rows = read_manifest(manifest_path, &row_count);
	check(rows && row_count > 20, name, "the manifest lists the records");

	pith_warc *warc;
	record_list by_path = {0}, by_byte = {0}, taking = {0};
	check(pith_warc_open(path, &warc) == PITH_OK, name, "pith_warc_open");
	pith_warc_verify_digests(warc, verify);
	read_all(warc, &by_path, name, false);
	pith_warc_stats stats;
	pith_warc_get_stats(warc, &stats);
	pith_warc_free(warc);
	check_against_manifest(&by_path, rows, row_count, name, verify);

	unsigned long long html = 0, malformed = 0;
	bool any_damaged = false;
	for (size_t i = 0; i < row_count; i++) {
		html += rows[i].is_html;
		malformed += strcmp(rows[i].outcome, "ok") != 0 &&
		             (verify || strcmp(rows[i].outcome, "bad-digest") != 0);
		any_damaged |= strcmp(rows[i].outcome, "damaged") == 0;
	}
	struct stat st;
	stat(path, &st);
	/* (A damaged record's HTML flag is whatever survived.) */
	check(stats.records == row_count && (any_damaged || stats.html_records == html) &&
	          stats.malformed == malformed &&
	          stats.bytes_read == (unsigned long long)st.st_size,
	      name, "pith_warc_get_stats counts every record and byte");

	size_t length = 0;
	char *data = read_file(path, &length);
	memory_source source = {data, length, 0, 1};
	check(data && pith_warc_new(read_memory, &source, &warc) == PITH_OK, name, "pith_warc_new");
	pith_warc_verify_digests(warc, verify);
	read_all(warc, &by_byte, name, false);
	pith_warc_free(warc);
	check(same_records(&by_path, &by_byte), name, "one byte per read gives the same records");

	check(pith_warc_open(path, &warc) == PITH_OK, name, "pith_warc_open");
	pith_warc_verify_digests(warc, verify);
	read_all(warc, &taking, name, true);
	pith_warc_free(warc);
	check(same_records(&by_path, &taking), name, "taking payloads over gives the same records");
	free(data);
	free(rows);
	list_free(&by_path);
	list_free(&by_byte);
	list_free(&taking);
}

static void check_generated(const char *pages, const char *layout, const char *version,
                            const char *faults, int seed)
{
	check_generated_as(pages, layout, "warc", version, faults, seed, false);
}

/* ---- Inline records ---- */

/* A WARC response record around an HTTP message. */
static size_t make_response(char *out, size_t capacity, const char *http, size_t http_length)
{
	int n = snprintf(out, capacity,
	                 "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:test>\r\n"
	                 "Content-Type: application/http; msgtype=response\r\n"
	                 "Content-Length: %zu\r\n\r\n",
	                 http_length);
	memcpy(out + n, http, http_length);
	memcpy(out + n + http_length, "\r\n\r\n", 4);
	return (size_t)n + http_length + 4;
}

typedef struct http_case {
	const char *name;
	const char *http;
	int status;
	const char *charset; /* NULL: none */
	int is_html;
	const char *payload;
} http_case;

static void check_http_case(const http_case *c, const char *http, size_t http_length)
{
	static char record[1 << 16];
	size_t length = make_response(record, sizeof record, http, http_length);
	memory_source source = {record, length, 0, 0};
	pith_warc *warc;
	pith_warc_record r;
	pith_warc_new(read_memory, &source, &warc);
	int got = pith_warc_next(warc, &r);
	check(got == 1 && r.status == PITH_OK, c->name, "read");
	if (got == 1) {
		check(r.http_status == c->status, c->name, "http_status");
		check(r.is_html == c->is_html, c->name, "is_html");
		check(c->charset ? r.charset && strcmp(r.charset, c->charset) == 0 : !r.charset,
		      c->name, "charset");
		check(r.payload_length == strlen(c->payload) &&
		          memcmp(r.payload, c->payload, r.payload_length) == 0,
		      c->name, "payload");
	}
	check(pith_warc_next(warc, &r) == 0, c->name, "one record");
	pith_warc_free(warc);
}

static void check_http(void)
{
	static const http_case cases[] = {
	    {"http plain", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x", 200, NULL, 1,
	     "<p>x"},
	    {"http no reason",
	     "HTTP/1.1 404\r\ncontent-type: TEXT/HTML;charset=ISO-8859-1\r\n\r\nA", 404,
	     "ISO-8859-1", 1, "A"},
	    {"http bare LF", "HTTP/1.0 301 Moved\nContent-Type: application/xhtml+xml\n\nB", 301,
	     NULL, 1, "B"},
	    {"http quoted charset",
	     "HTTP/1.1 200 OK\r\nContent-Type: text/html; foo=\"a;b\"; "
	     "charset=\"shift_jis\"\r\n\r\nC",
	     200, "shift_jis", 1, "C"},
	    {"http escaped charset",
	     "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"k\\oi8-r\"\r\n\r\nD", 200,
	     "koi8-r", 1, "D"},
	    {"http not html", "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nE",
	     200, "utf-8", 0, "E"},
	    {"http no type", "HTTP/1.1 200 OK\r\n\r\nF", 200, NULL, 0, "F"},
	    {"http2 status line", "HTTP/2 200\r\nContent-Type: text/html\r\n\r\nG", 200, NULL, 1,
	     "G"},
	    {"http chunked",
	     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"
	     "3;ext=\"a b\"\r\n<p>\r\nA\r\nhello worl\r\n1\r\nd\r\n0\r\nTrailer: x\r\n\r\n",
	     200, NULL, 1, "<p>hello world"},
	    {"http chunked bad kept raw",
	     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: "
	     "text/html\r\n\r\n<p>raw",
	     200, NULL, 1, "<p>raw"},
	    {"http crawler headers ignored",
	     "HTTP/1.1 200 OK\r\nX-Crawler-Transfer-Encoding: chunked\r\n"
	     "X-Crawler-Content-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n<p>decoded",
	     200, NULL, 1, "<p>decoded"},
	    {"http gzip bad kept raw",
	     "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n<p>plain",
	     200, NULL, 1, "<p>plain"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check_http_case(&cases[i], cases[i].http, strlen(cases[i].http));

	/* gzip, zlib and raw deflate content codings, under chunking too. */
	const char *page = "<html><body><p>Encoded page.</p></body></html>";
	unsigned char compressed[512];
	for (int form = 0; form < 4; form++) {
		z_stream z = {0};
		int bits[] = {15 + 16, 15, -15, 15 + 16};
		deflateInit2(&z, 6, Z_DEFLATED, bits[form], 8, Z_DEFAULT_STRATEGY);
		z.next_in = (unsigned char *)page;
		z.avail_in = (unsigned)strlen(page);
		z.next_out = compressed;
		z.avail_out = sizeof compressed;
		deflate(&z, Z_FINISH);
		size_t n = sizeof compressed - z.avail_out;
		deflateEnd(&z);
		char http[1024];
		size_t h =
		    (size_t)sprintf(http, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n%s%s\r\n",
		                    form == 0 || form == 3 ? "Content-Encoding: gzip\r\n"
		                                           : "Content-Encoding: deflate\r\n",
		                    form == 3 ? "Transfer-Encoding: chunked\r\n" : "");
		if (form == 3)
			h += (size_t)sprintf(http + h, "%zx\r\n", n);
		memcpy(http + h, compressed, n);
		h += n;
		if (form == 3)
			h += (size_t)sprintf(http + h, "\r\n0\r\n\r\n");
		static const char *const names[] = {"http gzip", "http deflate zlib",
		                                    "http deflate raw", "http chunked gzip"};
		http_case c = {names[form], NULL, 200, NULL, 1, page};
		check_http_case(&c, http, h);
	}

	/* br (made by libbrotlienc at quality 11) and zstd (ZSTD_compress)
	 * content codings; a body that does not decode is kept as it was. */
	static const char br_page[] =
	    "<html><head><title>Brotli page</title></head><body><article><p>Compressed with "
	    "br, the coding Chrome and Firefox ask for first. The reader must undo it before "
	    "the page is extracted.</p></article></body></html>";
	static const char br_body[] =
	    "\x1b\xd0\x00\x00\x45\xdd\x96\xea\xe8\x86\x78\x1e\x7c\x4a\xca\x05\x8f\xea\xe5"
	    "\xaa\xcd\x2e\x60\xbe\xba\xe6\x6d\x51\x62\x6d\x79\x8b\xf0\x85\x5e\x6f\x78\x9d"
	    "\x5b\xd2\x92\x83\x2c\x3c\x41\x43\x3d\x18\xa0\xe7\xf0\x37\x0d\xc8\xb5\x35\xb0"
	    "\xe9\x92\x89\x67\x32\x1d\x16\x5f\xcf\xd7\x79\xd4\x48\x38\x9f\x8b\x72\x1e\xd2"
	    "\x47\x52\xd9\x93\x55\xb9\x43\xd7\xea\x3a\xd6\x44\x87\xf6\xeb\xfb\xb7\x3a\xec"
	    "\x21\x09\xb0\x30\x4f\xd1\x47\x53\x37\x0c\xe2\x21\x1c\x19\x05";
	char zstd_body[512];
	size_t zstd_length = ZSTD_compress(zstd_body, sizeof zstd_body, page, strlen(page), 3);
	struct {
		const char *name, *coding, *body;
		size_t length;
		const char *payload;
	} coded[] = {
	    {"http br", "br", br_body, sizeof br_body - 1, br_page},
	    {"http zstd", "zstd", zstd_body, zstd_length, page},
	    {"http br bad kept raw", "br", "<p>not br", 9, "<p>not br"},
	    {"http zstd bad kept raw", "ZSTD", "<p>not zstd", 11, "<p>not zstd"},
	};
	for (size_t i = 0; i < sizeof coded / sizeof *coded; i++) {
		char http[1024];
		size_t h = (size_t)sprintf(http,
		                           "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
		                           "Content-Encoding: %s\r\n\r\n",
		                           coded[i].coding);
		memcpy(http + h, coded[i].body, coded[i].length);
		h += coded[i].length;
		http_case c = {coded[i].name, NULL, 200, NULL, 1, coded[i].payload};
		check_http_case(&c, http, h);
	}
}

/* ---- Damage and limits on inline data ---- */

static const char good_record[] =
    "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:good>\r\n"
    "Content-Length: 5\r\n\r\nhello\r\n\r\n";

/* Records of data read whole: their count, how many broke, and whether
 * the last is the good record. */
static void read_summary(const char *data, size_t length, size_t *records, size_t *broken,
                         bool *last_good)
{
	memory_source source = {data, length, 0, 0};
	pith_warc *warc;
	pith_warc_record r;
	*records = *broken = 0;
	*last_good = false;
	pith_warc_new(read_memory, &source, &warc);
	while (pith_warc_next(warc, &r)) {
		(*records)++;
		*broken += r.status != PITH_OK;
		*last_good = r.status == PITH_OK && strcmp(r.record_id, "<urn:good>") == 0 &&
		             r.payload_length == 5 && memcmp(r.payload, "hello", 5) == 0;
	}
	pith_warc_free(warc);
}

static unsigned char *gzip_member(const char *data, size_t length, size_t *out_length)
{
	uLong bound = compressBound(length) + 64;
	unsigned char *out = malloc(bound);
	z_stream z = {0};
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)data;
	z.avail_in = (unsigned)length;
	z.next_out = out;
	z.avail_out = (unsigned)bound;
	deflate(&z, Z_FINISH);
	*out_length = bound - z.avail_out;
	deflateEnd(&z);
	return out;
}

/* Payloads taken over (pith_warc_take_payload) from each place a payload
 * lies: the window, the de-chunking buffer, the decoding buffer. Two
 * records of each form, different bodies decoded into the same place: the
 * first, taken over, keeps its bytes through the second and the reader's
 * end. */
static void check_take_payload(void)
{
	static const char *const bodies[] = {"<p>first body", "<p>second, longer body"};
	for (int form = 0; form < 3; form++) {
		static const char *const names[] = {"take from the window", "take from de-chunking",
		                                    "take from decoding"};
		static char records[8192];
		size_t length = 0;
		for (int b = 0; b < 2; b++) {
			char http[2048];
			size_t n = (size_t)sprintf(
			    http, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n%s\r\n",
			    form == 1   ? "Transfer-Encoding: chunked\r\n"
			    : form == 2 ? "Content-Encoding: gzip\r\n"
			                : "");
			if (form == 1) {
				n += (size_t)sprintf(http + n, "%zx\r\n%s\r\n0\r\n\r\n",
				                     strlen(bodies[b]), bodies[b]);
			} else if (form == 2) {
				size_t packed_length;
				unsigned char *packed =
				    gzip_member(bodies[b], strlen(bodies[b]), &packed_length);
				memcpy(http + n, packed, packed_length);
				n += packed_length;
				free(packed);
			} else {
				n += (size_t)sprintf(http + n, "%s", bodies[b]);
			}
			length += make_response(records + length, sizeof records - length, http, n);
		}
		memory_source source = {records, length, 0, 0};
		pith_warc *warc;
		pith_warc_record first, second, end;
		pith_buffer taken = {0};
		pith_warc_new(read_memory, &source, &warc);
		bool read = pith_warc_next(warc, &first) == 1 &&
		            pith_warc_take_payload(warc, &first, &taken) &&
		            pith_warc_next(warc, &second) == 1 &&
		            second.payload_length == strlen(bodies[1]) &&
		            memcmp(second.payload, bodies[1], second.payload_length) == 0 &&
		            pith_warc_next(warc, &end) == 0;
		pith_warc_free(warc);
		check(read, names[form], "two records read, the first taken over");
		check(read && first.payload_length == strlen(bodies[0]) &&
		          memcmp(first.payload, bodies[0], first.payload_length) == 0,
		      names[form], "the payload taken over keeps its bytes");
		pith_buffer_free(&taken);
	}
}

/* ---- Hostile input: lying lengths, large blocks, junk, bombs ---- */

/* Work grows linearly when the input at 4n costs at most this many times
 * the input at n (linear: 4; quadratic: 16), and costs at most
 * WORK_PER_BYTE_BOUND bytes of work (src/warc/work_counts.h) per input
 * byte.
 * Counts, not times: they hold on a busy machine. */
#define LINEAR_WORK_RATIO 5.0
#define WORK_PER_BYTE_BOUND 8.0

static unsigned long long total_work(const pith_warc_work *work)
{
	return work->scanned + work->inflated + work->moved;
}

/* Every record of data, read `step` bytes per read call (0: as many as
 * asked), kept in list; the reader's work. */
static void read_records(const void *data, size_t length, size_t step, record_list *list,
                         pith_warc_work *work)
{
	memory_source source = {data, length, 0, step};
	pith_warc *warc;
	pith_warc_record r;
	pith_warc_new(read_memory, &source, &warc);
	while (pith_warc_next(warc, &r))
		keep(list, &r);
	pith_warc_get_work(warc, work);
	pith_warc_free(warc);
}

/* A record around block[0..n): the real Content-Length unless
 * length_text gives one. */
static void append_record(pith_buffer *out, const char *type, const char *id,
                          const char *length_text, const char *block, size_t n)
{
	char header[512], length[32];
	snprintf(length, sizeof length, "%zu", n);
	int h = snprintf(header, sizeof header,
	                 "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\n"
	                 "WARC-Date: 2024-05-01T12:00:00Z\r\nContent-Length: %s\r\n\r\n",
	                 type, id, length_text ? length_text : length);
	pith_buffer_append(out, header, (size_t)h);
	pith_buffer_append(out, block, n);
	pith_buffer_append(out, "\r\n\r\n", 4);
}

/* out's bytes from `from` on made one gzip member. */
static void gzip_from(pith_buffer *out, size_t from)
{
	size_t n;
	unsigned char *member = gzip_member(out->data + from, out->length - from, &n);
	out->length = from;
	pith_buffer_append(out, (const char *)member, n);
	free(member);
}

#define GOOD_AFTER_LIE 10

/* Ten good HTML responses, <urn:good-N> with payload "<p>good N</p>", each
 * its own gzip member when gzip. */
static void append_good_records(pith_buffer *out, bool gzip)
{
	for (int i = 0; i < GOOD_AFTER_LIE; i++) {
		char id[32], http[256];
		snprintf(id, sizeof id, "<urn:good-%d>", i);
		int n =
		    snprintf(http, sizeof http,
		             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>good %d</p>", i);
		size_t from = out->length;
		append_record(out, "response", id, NULL, http, (size_t)n);
		if (gzip)
			gzip_from(out, from);
	}
}

/* Whether list[first..] are the ten good records of append_good_records,
 * whole, in order, and nothing after. */
static bool good_records_follow(const record_list *list, size_t first)
{
	if (list->count != first + GOOD_AFTER_LIE)
		return false;
	for (int i = 0; i < GOOD_AFTER_LIE; i++) {
		const kept_record *k = &list->items[first + (size_t)i];
		char id[32], payload[32];
		snprintf(id, sizeof id, "<urn:good-%d>", i);
		int n = snprintf(payload, sizeof payload, "<p>good %d</p>", i);
		if (k->status != PITH_OK || strcmp(k->record_id, id) != 0 || !k->is_html ||
		    k->payload_length != (size_t)n ||
		    k->payload_crc != crc32(0, (const unsigned char *)payload, (unsigned)n))
			return false;
	}
	return true;
}

/* A record whose Content-Length is impossible (over the limit, past the
 * end of the input, not a number), then ten good records: one error, the
 * liar's headers, then all ten, in plain and gzip-per-record input, read
 * whole and one byte per read. */
static void check_lying_lengths(void)
{
	static const struct {
		const char *length;
		pith_status status;
	} lies[] = {
	    {"67108865", PITH_ERROR_TOO_LARGE}, /* one byte over PITH_WARC_MAX_RECORD_BYTES */
	    {"18446744073709551616", PITH_ERROR_TOO_LARGE}, /* past 64 bits */
	    {"99999999999999999999999999999", PITH_ERROR_TOO_LARGE},
	    {"5000000", PITH_ERROR_MALFORMED}, /* within the limit, past the end */
	    {"12x4", PITH_ERROR_MALFORMED},
	    {"-1", PITH_ERROR_MALFORMED},
	    {"0x10", PITH_ERROR_MALFORMED},
	    {"", PITH_ERROR_MALFORMED},
	};
	static const char liar[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>liar</p>";
	for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
		for (int gzip = 0; gzip < 2; gzip++) {
			pith_buffer file = {0};
			append_record(&file, "response", "<urn:liar>", lies[i].length, liar,
			              sizeof liar - 1);
			if (gzip)
				gzip_from(&file, 0);
			append_good_records(&file, gzip);
			for (size_t step = 0; step < 2; step++) {
				char name[128];
				snprintf(name, sizeof name, "Content-Length '%s'%s%s",
				         lies[i].length, gzip ? ", gzip" : "",
				         step ? ", one byte per read" : "");
				record_list list = {0};
				pith_warc_work work;
				read_records(file.data, file.length, step, &list, &work);
				check(list.count > 0 && list.items[0].status == lies[i].status &&
				          strcmp(list.items[0].record_id, "<urn:liar>") == 0 &&
				          list.items[0].http_status == 200 && list.items[0].is_html,
				      name, "one error with the liar's headers");
				check(good_records_follow(&list, 1), name,
				      "all ten good records after it (%zu records)", list.count);
				list_free(&list);
			}
			pith_buffer_free(&file);
		}
	}
}

/* A source that makes a record whose block is `filler` bytes of a
 * repeated pattern on the fly, then a good record, without holding the
 * block. */
typedef struct lazy_source {
	char head[256];
	const char *pattern;
	size_t pattern_length, head_length, filler, position;
} lazy_source;

static long read_lazy(void *user, char *buffer, size_t capacity)
{
	lazy_source *s = user;
	size_t total = s->head_length + s->filler + 4 + sizeof good_record - 1, n = 0;
	while (n < capacity && s->position < total) {
		size_t p = s->position;
		size_t run;
		if (p < s->head_length) {
			run = s->head_length - p;
			run = run < capacity - n ? run : capacity - n;
			memcpy(buffer + n, s->head + p, run);
		} else if (p < s->head_length + s->filler) {
			size_t q = (p - s->head_length) % s->pattern_length;
			run = s->head_length + s->filler - p;
			run = run < capacity - n ? run : capacity - n;
			run = run < s->pattern_length - q ? run : s->pattern_length - q;
			memcpy(buffer + n, s->pattern + q, run);
		} else {
			static char tail[4 + sizeof good_record];
			memcpy(tail, "\r\n\r\n", 4);
			memcpy(tail + 4, good_record, sizeof good_record - 1);
			size_t q = p - s->head_length - s->filler;
			run = 4 + sizeof good_record - 1 - q;
			run = run < capacity - n ? run : capacity - n;
			memcpy(buffer + n, tail + q, run);
		}
		n += run;
		s->position += run;
	}
	return (long)n;
}

/* A real block over PITH_WARC_MAX_RECORD_BYTES of the pattern: reported
 * TOO_LARGE with its headers, then the good record after it, then the
 * end; the block is scanned at bounded cost. */
static void check_large_block(const char *name, size_t filler, const char *pattern,
                              size_t pattern_length)
{
	lazy_source source = {
	    .pattern = pattern, .pattern_length = pattern_length, .filler = filler};
	source.head_length = (size_t)snprintf(source.head, sizeof source.head,
	                                      "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: "
	                                      "<urn:big>\r\nContent-Length: %zu\r\n\r\n",
	                                      source.filler);
	pith_warc *warc;
	pith_warc_record r;
	pith_warc_new(read_lazy, &source, &warc);
	int got = pith_warc_next(warc, &r);
	check(got && r.status == PITH_ERROR_TOO_LARGE && strcmp(r.record_id, "<urn:big>") == 0 &&
	          r.payload_length == 0 && r.error[0],
	      name, "reported TOO_LARGE with its headers");
	got = pith_warc_next(warc, &r);
	check(got && r.status == PITH_OK && strcmp(r.record_id, "<urn:good>") == 0, name,
	      "the next record is read");
	check(pith_warc_next(warc, &r) == 0, name, "then the end");
	pith_warc_work work;
	pith_warc_get_work(warc, &work);
	check((double)total_work(&work) <= WORK_PER_BYTE_BOUND * (double)filler, name,
	      "work %llu for %zu bytes", total_work(&work), filler);
	pith_warc_free(warc);
}

static void check_large_blocks(void)
{
	check_large_block("over-limit block", PITH_WARC_MAX_RECORD_BYTES + 1, "x", 1);
	/* A real 100 MB video: bytes of every value, no version line. */
	static char video[65536];
	unsigned state = 1;
	for (size_t i = 0; i < sizeof video; i++) {
		state = state * 1103515245u + 12345u;
		video[i] = (char)(state >> 23);
	}
	check_large_block("100 MB video record", (size_t)100 * 1000 * 1000, video, sizeof video);
	/* Version lines inside the block that start no whole record: a block
	 * cut short, no length, no header end, a length past the next one's
	 * version line. None is reported. */
	static const char inside[] = "WARC/1.0\r\nContent-Length: 10\r\n\r\nshort"
	                             "WARC/1.1\r\nContent-Length: abc\r\n\r\n"
	                             "WARC/1.0\r\nX: y\r\n"
	                             "WARC/1.1\r\nContent-Length: 200\r\n\r\n";
	check_large_block("version lines inside a large block", PITH_WARC_MAX_RECORD_BYTES + 1,
	                  inside, sizeof inside - 1);
	/* Lengths just under the limit every kilobyte: each sends the reader
	 * 66.5 MB ahead, one kilobyte past the last; what was read ahead is
	 * scanned, and moved in the window about once. */
	static char far[1024];
	int n = snprintf(far, sizeof far, "WARC/1.0\r\nContent-Length: 66500000\r\n\r\n");
	memset(far + n, 'x', sizeof far - (size_t)n);
	check_large_block("lengths far ahead inside a large block", PITH_WARC_MAX_RECORD_BYTES + 1,
	                  far, sizeof far);
}

/* n bytes of junk built to tempt the resynchronisation: partial version
 * lines and, for gzip input, gzip magics followed by bad data. */
static char *make_junk(size_t n, bool with_magic)
{
	char *junk = malloc(n);
	static const char pieces[][8] = {"WARC/1", "\nWARC/", "WAR", "\x1f\x8b\x08\x00", "xyz\r\n"};
	size_t count = with_magic ? 5 : 3, i = 0, k = 0;
	while (i < n) {
		const char *piece = k % 7 == 6 ? "\x1f\x8b\x08\x04" : pieces[k % count];
		if (!with_magic && piece[0] == '\x1f')
			piece = "abc";
		size_t m = strlen(piece);
		if (m > n - i)
			m = n - i;
		memcpy(junk + i, piece, m);
		i += m;
		k++;
	}
	return junk;
}

/* Junk between two good records, each record its own gzip member when
 * gzip (the junk raw between them). */
typedef char *junk_maker(size_t n);

static char *tempting_junk_plain(size_t n)
{
	return make_junk(n, false);
}

static char *tempting_junk_gzip(size_t n)
{
	return make_junk(n, true);
}

/* "1f 8b 08" over and over: each a gzip header with every flag, whose
 * file name runs to the next zero byte (48 s for 1 MiB, once). */
static char *gzip_magics(size_t n)
{
	char *junk = malloc(n);
	for (size_t i = 0; i < n; i++)
		junk[i] = "\x1f\x8b\x08"[i % 3];
	return junk;
}

/* Version lines whose header block never ends: each was searched 64 KiB
 * for its end. */
static char *version_lines(size_t n)
{
	static const char line[] = "WARC/1.0\r\nX: y\r\n";
	char *junk = malloc(n);
	for (size_t i = 0; i < n; i++)
		junk[i] = line[i % (sizeof line - 1)];
	memcpy(junk + n - 4, "\r\n\r\n", 4); /* the last header ends before the good one */
	return junk;
}

/* gzip members of nothing, each read as valid deflate that runs 64 KiB
 * before it fails: a stored block of 65535 bytes, in which the next
 * such member starts 15 bytes on. Without the rescan allowance every one
 * of them was inflated 64 KiB. A member within a stored block's reach
 * after them is read as their data by every one, and given up with them
 * (docs/DESIGN.md): here 128 KiB of zeros come first. */
static char *stored_block_members(size_t n)
{
	static const unsigned char member[15] = {0x1f, 0x8b, 8, 0,    0,    0, 0, 0,
	                                         0,    0xff, 0, 0xff, 0xff, 0, 0};
	char *junk = calloc(n, 1);
	for (size_t i = 0; i + 128 * 1024 < n; i++)
		junk[i] = (char)member[i % sizeof member];
	return junk;
}

/* good, n bytes of junk, good: the records, and the work per input byte. */
static double read_around_junk(junk_maker *make, size_t n, bool gzip, record_list *list)
{
	char *junk = make(n);
	pith_buffer file = {0};
	append_record(&file, "resource", "<urn:first>", NULL, "first", 5);
	if (gzip)
		gzip_from(&file, 0);
	pith_buffer_append(&file, junk, n);
	size_t from = file.length;
	pith_buffer_append(&file, good_record, sizeof good_record - 1);
	if (gzip)
		gzip_from(&file, from);
	pith_warc_work work;
	read_records(file.data, file.length, 0, list, &work);
	double per_byte = (double)total_work(&work) / (double)file.length;
	free(junk);
	pith_buffer_free(&file);
	return per_byte;
}

/* Junk at n and 4n bytes: the records on either side read, and work
 * linear in the junk's size. */
static void check_junk(const char *name, junk_maker *make, size_t n, bool gzip,
                       size_t broken_expected)
{
	double per_byte[2];
	for (int run = 0; run < 2; run++) {
		record_list list = {0};
		per_byte[run] = read_around_junk(make, run ? 4 * n : n, gzip, &list);
		size_t broken = 0;
		for (size_t i = 0; i < list.count; i++)
			broken += list.items[i].status != PITH_OK;
		const kept_record *last = list.count ? &list.items[list.count - 1] : NULL;
		check(list.count == broken_expected + 2 && broken == broken_expected &&
		          list.items[0].status == PITH_OK && last->status == PITH_OK &&
		          strcmp(last->record_id, "<urn:good>") == 0 && last->payload_length == 5,
		      name, "good, %zu broken, good: no good record lost (%zu records, %zu broken)",
		      broken_expected, list.count, broken);
		list_free(&list);
	}
	check(per_byte[1] <= LINEAR_WORK_RATIO / 4 * per_byte[0] &&
	          per_byte[1] <= WORK_PER_BYTE_BOUND,
	      name, "linear work: %.2f bytes of work per input byte at n, %.2f at 4n", per_byte[0],
	      per_byte[1]);
}

static void check_junks(void)
{
	size_t mib = (size_t)1 << 20;
	check_junk("10 MB of junk, plain", tempting_junk_plain, 10 * mib / 4, false, 1);
	check_junk("10 MB of junk between gzip members", tempting_junk_gzip, 10 * mib / 4, true, 1);
	check_junk("gzip magics between gzip members", gzip_magics, mib, true, 1);
	check_junk("version lines whose header never ends", version_lines, mib, false, 2);
	check_junk("stored-block members between gzip members", stored_block_members, mib, true, 1);
}

/* ---- Payloads that expand: PITH_WARC_MAX_EXPANSION ---- */

/* An HTML response whose body is `page`, gzip-encoded when encoded;
 * the record its own gzip member when in_gzip; a good record after it. */
static void read_expanding(const char *name, const char *page, size_t page_length, bool encoded,
                           bool in_gzip, pith_status expected)
{
	pith_buffer http = {0}, file = {0};
	pith_buffer_append_string(&http, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
	if (encoded) {
		size_t n;
		unsigned char *body = gzip_member(page, page_length, &n);
		pith_buffer_append_string(&http, "Content-Encoding: gzip\r\n\r\n");
		pith_buffer_append(&http, (const char *)body, n);
		free(body);
	} else {
		pith_buffer_append_string(&http, "\r\n");
		pith_buffer_append(&http, page, page_length);
	}
	append_record(&file, "response", "<urn:page>", NULL, http.data, http.length);
	if (in_gzip)
		gzip_from(&file, 0);
	size_t from = file.length;
	pith_buffer_append(&file, good_record, sizeof good_record - 1);
	if (in_gzip)
		gzip_from(&file, from);
	record_list list = {0};
	pith_warc_work work;
	read_records(file.data, file.length, 0, &list, &work);
	const kept_record *k = list.count == 2 ? &list.items[0] : NULL;
	check(k && k->status == expected && k->http_status == 200 && k->is_html &&
	          (expected != PITH_OK || k->payload_length == page_length) &&
	          list.items[1].status == PITH_OK,
	      name, "%s, then the next record (%zu records, %zu bytes in the file)",
	      pith_strerror(expected), list.count, file.length);
	list_free(&list);
	pith_buffer_free(&http);
	pith_buffer_free(&file);
}

static void check_expansion(void)
{
	/* 2 MiB that gzip packs about 600 times: a bomb. */
	size_t bomb_length = (size_t)2 << 20;
	char *bomb = malloc(bomb_length);
	for (size_t i = 0; i < bomb_length; i++)
		bomb[i] = "word<br>"[i % 8];
	read_expanding("content-coding bomb", bomb, bomb_length, true, false, PITH_ERROR_TOO_LARGE);
	read_expanding("gzip member bomb", bomb, bomb_length, false, true, PITH_ERROR_TOO_LARGE);
	read_expanding("nested bomb", bomb, bomb_length, true, true, PITH_ERROR_TOO_LARGE);
	/* Words from a small vocabulary: about 5 times, as real pages. */
	size_t page_length = (size_t)1 << 20, i = 0;
	char *page = malloc(page_length);
	unsigned state = 7;
	static const char *const words[] = {"the ", "archive ", "reader ", "of ",     "pages ",
	                                    "<p>",  "text ",    "and ",    "record ", "</p>\n"};
	while (i < page_length) {
		state = state * 1103515245u + 12345u;
		const char *word = words[(state >> 16) % 10];
		for (size_t k = 0; word[k] && i < page_length; k++)
			page[i++] = word[k];
	}
	read_expanding("encoded page", page, page_length, true, false, PITH_OK);
	read_expanding("page in a gzip member", page, page_length, false, true, PITH_OK);
	read_expanding("encoded page in a gzip member", page, page_length, true, true, PITH_OK);
	free(bomb);
	free(page);
}

/* ---- Many members ---- */

/* A record split into one-byte gzip members, or good records with empty
 * members between them: the records read, each offset its member's, and
 * the table of members bounded (GZIP_MAX_MARKS): little moved. */
static void check_many_members(void)
{
	static const char empty_member[] = "\x1f\x8b\x08\0\0\0\0\0\0\xff\x03\0\0\0\0\0\0\0\0\0";
	for (int form = 0; form < 2; form++) {
		const char *name = form ? "100,000 empty members" : "a record in 200,000 members";
		pith_buffer file = {0}, record = {0};
		size_t members = form ? 100000 : 200000;
		if (form) {
			size_t from = file.length;
			pith_buffer_append(&file, good_record, sizeof good_record - 1);
			gzip_from(&file, from);
			for (size_t i = 0; i < members; i++)
				pith_buffer_append(&file, empty_member, sizeof empty_member - 1);
		} else {
			char *filler = malloc(members - 200);
			memset(filler, 'a', members - 200);
			append_record(&record, "resource", "<urn:split>", NULL, filler,
			              members - 200);
			free(filler);
			for (size_t i = 0; i < record.length; i++) {
				size_t from = file.length;
				pith_buffer_append(&file, record.data + i, 1);
				gzip_from(&file, from);
			}
		}
		size_t last_offset = file.length;
		pith_buffer_append(&file, good_record, sizeof good_record - 1);
		gzip_from(&file, last_offset);
		record_list list = {0};
		pith_warc_work work;
		read_records(file.data, file.length, 0, &list, &work);
		check(list.count == 2 && list.items[0].status == PITH_OK &&
		          list.items[0].offset == 0 && list.items[1].status == PITH_OK &&
		          list.items[1].offset == last_offset,
		      name, "both records, each at its member's offset");
		check(work.moved < 8 * (unsigned long long)file.length, name,
		      "%llu bytes moved for %zu", work.moved, file.length);
		list_free(&list);
		pith_buffer_free(&file);
		pith_buffer_free(&record);
	}
}

static void check_limits(void)
{
	/* A header block over the limit: one broken record, then the good
	 * one. */
	size_t n = PITH_WARC_MAX_HEADER_BYTES + 1000;
	char *data = malloc(n + sizeof good_record);
	strcpy(data, "WARC/1.1\r\nX-Long: ");
	memset(data + 18, 'a', n - 18);
	memcpy(data + n, good_record, sizeof good_record - 1);
	size_t records, broken;
	bool last_good;
	read_summary(data, n + sizeof good_record - 1, &records, &broken, &last_good);
	check(records == 2 && broken == 1 && last_good, "over-long header",
	      "one broken record, then the good one");
	free(data);

	check_lying_lengths();
	check_large_blocks();
	check_junks();
	check_expansion();
	check_many_members();

	/* Bad arguments, a missing file. */
	pith_warc *warc;
	pith_warc_record r;
	check(pith_warc_new(NULL, NULL, &warc) == PITH_ERROR_INVALID_ARGUMENT && !warc, "arguments",
	      "a NULL reader is refused");
	check(pith_warc_open("/nonexistent/file.warc", &warc) == PITH_ERROR_IO && !warc,
	      "arguments", "a missing file is PITH_ERROR_IO");
	pith_warc_free(NULL);
	check(pith_warc_next(NULL, &r) == 0, "arguments", "a NULL reader has no records");
}

int main(void)
{
	check_http();
	check_take_payload();
	check_limits();

	const char *devpages = getenv("PITH_DEVPAGES");
	char pages[1024];
	snprintf(pages, sizeof pages, "%s/scrapinghub/html",
	         devpages ? devpages : "build/devpages");
	struct stat st;
	if (stat(pages, &st) == 0) {
		char folder[600];
		snprintf(folder, sizeof folder, "%s/warc-test", build_folder());
		mkdir(folder, 0777);
		static const char *const layouts[] = {"plain", "gzip", "whole-gzip"};
		static const char *const versions[] = {"1.0", "1.1"};
		/* The other compressions and ARC: clean, each fault a reader
		 * of them meets differently, and all faults at once. */
		static const char *const other_layouts[] = {
		    "zstd", "zstd-dict", "zstd-dict-packed", "whole-zstd", "lz4", "bz2"};
		static const char *const other_faults[] = {
		    "",
		    "truncated-member",
		    "corrupt",
		    "garbage",
		    "truncated-end",
		    "truncated-member,garbage,bad-length,truncated-end,huge-length,"
		    "nan-length,gzip-junk,bomb,corrupt"};
		int other_count = (int)(sizeof other_faults / sizeof *other_faults);
		for (int l = 0; l < 6; l++)
			for (int f = 0; f < other_count; f++)
				check_generated(pages, other_layouts[l], "1.1", other_faults[f],
				                100 + l * other_count + f);
		static const char *const arc_layouts[] = {"plain", "gzip", "zstd", "bz2"};
		static const char *const arc_faults[] = {
		    "",
		    "truncated-member",
		    "bad-length",
		    "corrupt",
		    "nan-length",
		    "huge-length",
		    "truncated-member,garbage,bad-length,truncated-end,huge-length,"
		    "nan-length,gzip-junk,bomb,corrupt"};
		int arc_count = (int)(sizeof arc_faults / sizeof *arc_faults);
		for (int l = 0; l < 4; l++)
			for (int f = 0; f < arc_count; f++)
				check_generated_as(pages, arc_layouts[l], "arc", "1.1",
				                   arc_faults[f], 200 + l * arc_count + f, false);
		/* Digests: every record's checked, one payload digest wrong; and
		 * the same file read without checking. */
		for (int l = 0; l < 3; l++) {
			check_generated_as(pages, (const char *[]){"plain", "gzip", "zstd"}[l],
			                   "warc", "1.1", "bad-digest", 300 + l, true);
			check_generated_as(pages, (const char *[]){"plain", "gzip", "zstd"}[l],
			                   "warc", "1.1", "bad-digest", 300 + l, false);
		}
		for (int l = 0; l < 3; l++) {
			for (int v = 0; v < 2; v++)
				check_generated(pages, layouts[l], versions[v], "", 1 + l * 2 + v);
			static const char *const faults[] = {
			    "truncated-member",
			    "garbage",
			    "bad-length",
			    "truncated-end",
			    "huge-length",
			    "nan-length",
			    "gzip-junk",
			    "bomb",
			    "truncated-member,garbage,bad-length,truncated-end,huge-length,"
			    "nan-length,gzip-junk,bomb"};
			int fault_count = (int)(sizeof faults / sizeof *faults);
			for (int f = 0; f < fault_count; f++)
				check_generated(pages, layouts[l], "1.1", faults[f],
				                10 + l * fault_count + f);
		}
	} else {
		printf("warc: %s is absent: generated files not checked\n", pages);
	}
	printf("warc: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
