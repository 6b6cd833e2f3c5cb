/* The WARC reader (pith_warc_*): files made by tests/make_warc.py from the
 * development pages in every layout and version, with and without faults,
 * each record checked against the generator's manifest (fields, status,
 * payload by length and CRC-32); the same files read one byte per read
 * call; HTTP heads and codings as small inline records; the limits (an
 * over-long header, a block over PITH_WARC_MAX_RECORD_BYTES streamed past,
 * megabytes of junk read in linear time).
 *
 * Run from the repository root with $BUILD and $PITH_DEVPAGES set
 * (tests/run.sh sets them); the generated files go to $BUILD/warc-test. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "check.h"
#include "memory_source.h"
#include "pith.h"
#include "read_file.h"
#include "warc/take_payload.h"

/* Pages per generated file: enough for every record form the generator
 * draws, small enough to keep the test quick under the sanitizers. */
#define PAGES_PER_FILE "14"
/* Linear time, as in tests/test_limits.c: the input at n and 4n; linear
 * work gives a ratio of about 4, quadratic 16. */
#define LINEAR_RATIO_BOUND 10.0
#define MEANINGFUL_SECONDS 0.005
/* 10 MB of junk read quadratically would take hours; linearly, well
 * under this even under the sanitizers. */
#define MAX_JUNK_SECONDS 2.0

/* ---- Records kept for comparison ---- */

typedef struct kept_record {
	pith_status status;
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

/* The records match the manifest line by line. */
static void check_against_manifest(const record_list *list, const manifest_row *rows, size_t count,
                                   const char *name)
{
	char what[512];
	snprintf(what, sizeof what, "%zu records returned, the manifest lists %zu", list->count,
	         count);
	check(list->count == count, name, "%s", what);
	int mismatches = 0;
	for (size_t i = 0; i < list->count && i < count; i++) {
		const kept_record *k = &list->items[i];
		const manifest_row *m = &rows[i];
		bool ok_expected = strcmp(m->outcome, "ok") == 0;
		const char *wrong = NULL;
		if (k->offset != m->offset)
			wrong = "offset";
		else if ((k->status == PITH_OK) != ok_expected ||
		         (!ok_expected && k->status != PITH_ERROR_MALFORMED))
			wrong = "status";
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
 * against the manifest. */
static void check_generated(const char *pages, const char *layout, const char *version,
                            const char *faults, int seed)
{
	char name[256], path[512], command[2048];
	snprintf(name, sizeof name, "%s-%s-%s-%d", layout, version, *faults ? faults : "clean",
	         seed);
	snprintf(path, sizeof path, "%s/warc-test/%s.warc", build_folder(), name);
	snprintf(command, sizeof command,
	         "python3 tests/make_warc.py --pages '%s' --count " PAGES_PER_FILE
	         " --layout %s --version %s --faults '%s' --seed %d -o '%s'",
	         pages, layout, version, faults, seed, path);
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
	read_all(warc, &by_path, name, false);
	pith_warc_stats stats;
	pith_warc_get_stats(warc, &stats);
	pith_warc_free(warc);
	check_against_manifest(&by_path, rows, row_count, name);

	unsigned long long html = 0, malformed = 0;
	for (size_t i = 0; i < row_count; i++) {
		html += rows[i].is_html;
		malformed += strcmp(rows[i].outcome, "ok") != 0;
	}
	struct stat st;
	stat(path, &st);
	check(stats.records == row_count && stats.html_records == html &&
	          stats.malformed == malformed &&
	          stats.bytes_read == (unsigned long long)st.st_size,
	      name, "pith_warc_get_stats counts every record and byte");

	size_t length = 0;
	char *data = read_file(path, &length);
	memory_source source = {data, length, 0, 1};
	check(data && pith_warc_new(read_memory, &source, &warc) == PITH_OK, name, "pith_warc_new");
	read_all(warc, &by_byte, name, false);
	pith_warc_free(warc);
	check(same_records(&by_path, &by_byte), name, "one byte per read gives the same records");

	check(pith_warc_open(path, &warc) == PITH_OK, name, "pith_warc_open");
	read_all(warc, &taking, name, true);
	pith_warc_free(warc);
	check(same_records(&by_path, &taking), name, "taking payloads over gives the same records");
	free(data);
	free(rows);
	list_free(&by_path);
	list_free(&by_byte);
	list_free(&taking);
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

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* good, n bytes of junk, good: plain, or gzip members around raw junk. */
static double time_junk(size_t n, bool gzip, size_t *records, size_t *broken, bool *last_good)
{
	char *junk = make_junk(n, gzip);
	size_t member_length = sizeof good_record - 1;
	unsigned char *member = gzip ? gzip_member(good_record, member_length, &member_length)
	                             : (unsigned char *)good_record;
	size_t length = 2 * member_length + n;
	char *data = malloc(length);
	memcpy(data, member, member_length);
	memcpy(data + member_length, junk, n);
	memcpy(data + member_length + n, member, member_length);
	double best = 1e9;
	for (int run = 0; run < 3; run++) {
		double t0 = seconds_now();
		read_summary(data, length, records, broken, last_good);
		double t = seconds_now() - t0;
		if (t < best)
			best = t;
	}
	if (gzip)
		free(member);
	free(junk);
	free(data);
	return best;
}

static void check_junk(bool gzip)
{
	const char *name = gzip ? "10 MB of junk between gzip members" : "10 MB of junk, plain";
	size_t records, broken;
	bool last_good;
	double small = time_junk((size_t)10 << 18, gzip, &records, &broken, &last_good);
	double large = time_junk((size_t)10 << 20, gzip, &records, &broken, &last_good);
	check(records == 3 && broken == 1 && last_good, name,
	      "good, one broken stretch, good: no good record lost");
	char what[128];
	snprintf(what, sizeof what, "linear time (%.3fs for 2.5 MB, %.3fs for 10 MB)", small,
	         large);
	/* Too quick to time as a ratio: then only far from quadratic. */
	check(small < MEANINGFUL_SECONDS ? large < MAX_JUNK_SECONDS
	                                 : large < LINEAR_RATIO_BOUND * small,
	      name, "%s", what);
}

/* A source that makes a record with a block of `filler` bytes on the fly,
 * then a good record, without holding the block. */
typedef struct lazy_source {
	char head[256];
	size_t head_length, filler, position;
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
			run = s->head_length + s->filler - p;
			run = run < capacity - n ? run : capacity - n;
			memset(buffer + n, 'x', run);
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

	/* A block just over PITH_WARC_MAX_RECORD_BYTES is streamed past. */
	lazy_source source = {.filler = PITH_WARC_MAX_RECORD_BYTES + 1};
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
	      "over-limit block", "reported TOO_LARGE with its headers");
	got = pith_warc_next(warc, &r);
	check(got && r.status == PITH_OK && strcmp(r.record_id, "<urn:good>") == 0,
	      "over-limit block", "the next record is read");
	check(pith_warc_next(warc, &r) == 0, "over-limit block", "then the end");
	pith_warc_free(warc);

	/* Junk, partial version lines and bare gzip magics, in linear time. */
	check_junk(false);
	check_junk(true);

	/* Bad arguments, a missing file. */
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
		for (int l = 0; l < 3; l++) {
			for (int v = 0; v < 2; v++)
				check_generated(pages, layouts[l], versions[v], "", 1 + l * 2 + v);
			static const char *const faults[] = {"truncated-member", "garbage",
			                                     "bad-length", "truncated-end",
			                                     "truncated-member,garbage,bad-length,"
			                                     "truncated-end"};
			for (int f = 0; f < 5; f++)
				check_generated(pages, layouts[l], "1.1", faults[f],
				                10 + l * 5 + f);
		}
	} else {
		printf("warc: %s is absent: generated files not checked\n", pages);
	}
	printf("warc: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
