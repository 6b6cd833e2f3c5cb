/* pith._pith: the CPython extension under the pith package.
 *
 * Uses include/pith.h alone (the Makefile compiles it without -Isrc), and
 * builds its dicts from pith_result and pith_metadata: the one JSON it
 * parses is the document model, whose only public form is JSON text
 * (pith_result.document). The Python-facing manual is in
 * python/pith/__init__.py, which wraps these functions; the docstrings
 * here say what each one takes and gives.
 *
 * Threads: extraction runs with the GIL released. Contexts come from a
 * small pool in the module's state, taken and given back while the GIL is
 * held, so the GIL is the pool's lock and each context is used by one
 * thread at a time. (The module does not declare Py_mod_gil, so a
 * free-threaded Python keeps the GIL on for it.) What pith reads without
 * the GIL cannot change meanwhile: bytes and str are immutable and read in
 * place, any other buffer (bytearray, memoryview) is copied first. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "pith.h"

/* Idle contexts the pool keeps for reuse. A context is taken per call in
 * progress, so the pool only needs as many as threads extract at once;
 * beyond this, a returned context is freed rather than kept, which bounds
 * what idle contexts hold (each keeps its largest page's buffers, up to
 * tens of MiB) when a burst of threads has come and gone. */
#define MAX_IDLE_CONTEXTS 64

/* How often warc_to_jsonl looks for Ctrl-C while a batch runs: the delay
 * between the key press and the batch being told to stop. */
#define INTERRUPT_POLL_MILLISECONDS 100

typedef struct module_state {
	PyObject *error_type;       /* pith.Error */
	PyObject *warc_record_type; /* pith.WarcRecord, a struct sequence */
	PyObject *warc_reader_type; /* pith.WarcReader */
	pith_ctx *idle[MAX_IDLE_CONTEXTS];
	int idle_count;
} module_state;

static module_state *state_of(PyObject *module)
{
	return PyModule_GetState(module);
}

/* ---- Statuses and errors ---- */

static const char *status_name(pith_status status)
{
	switch (status) {
	case PITH_OK:
		return "OK";
	case PITH_ERROR_NOMEM:
		return "NOMEM";
	case PITH_ERROR_TOO_LARGE:
		return "TOO_LARGE";
	case PITH_ERROR_INVALID_ARGUMENT:
		return "INVALID_ARGUMENT";
	case PITH_ERROR_NOT_HTML:
		return "NOT_HTML";
	case PITH_ERROR_IO:
		return "IO";
	case PITH_ERROR_MALFORMED:
		return "MALFORMED";
	case PITH_ERROR_INTERRUPTED:
		return "INTERRUPTED";
	}
	return "UNKNOWN";
}

/* Raises MemoryError for PITH_ERROR_NOMEM, else pith.Error(message, or
 * the status's description when message is NULL or "") with .status set to
 * the status's name and, when stats is not NULL, .stats set to it. Returns
 * NULL. */
static PyObject *raise_status_with_stats(module_state *state, pith_status status,
                                         const char *message, PyObject *stats)
{
	if (status == PITH_ERROR_NOMEM)
		return PyErr_NoMemory();
	PyObject *error = PyObject_CallFunction(
	    state->error_type, "s", message && *message ? message : pith_strerror(status));
	if (!error)
		return NULL;
	PyObject *name = PyUnicode_FromString(status_name(status));
	if (name && PyObject_SetAttrString(error, "status", name) == 0 &&
	    (!stats || PyObject_SetAttrString(error, "stats", stats) == 0))
		PyErr_SetObject(state->error_type, error);
	Py_XDECREF(name);
	Py_DECREF(error);
	return NULL;
}

static PyObject *raise_status(module_state *state, pith_status status)
{
	return raise_status_with_stats(state, status, NULL, NULL);
}

/* ---- Options ---- */

/* An option's values by name: favor= and format= take these. */
typedef struct option_value {
	const char *name;
	int value;
} option_value;

static const option_value favors[] = {
    {"balanced", PITH_FAVOR_BALANCED},
    {"precision", PITH_FAVOR_PRECISION},
    {"recall", PITH_FAVOR_RECALL},
    {NULL, 0},
};

static const option_value formats[] = {
    {"text", PITH_FORMAT_TEXT},
    {"markdown", PITH_FORMAT_MARKDOWN},
    {"json", PITH_FORMAT_JSON},
    {"html", PITH_FORMAT_HTML},
    {NULL, 0},
};

/* *value for name among values, or -1 with ValueError naming option and
 * the values it takes. */
static int parse_option(const char *option, const option_value *values, const char *name,
                        int *value)
{
	char allowed[128] = "";
	for (const option_value *v = values; v->name; v++) {
		if (strcmp(name, v->name) == 0) {
			*value = v->value;
			return 0;
		}
		size_t used = strlen(allowed);
		snprintf(allowed + used, sizeof allowed - used, "%s'%s'",
		         used == 0 ? "" : (v[1].name ? ", " : " or "), v->name);
	}
	PyErr_Format(PyExc_ValueError, "%s must be %s, not '%s'", option, allowed, name);
	return -1;
}

static int parse_favor(const char *name, pith_favor *favor)
{
	int value;
	if (parse_option("favor", favors, name, &value) < 0)
		return -1;
	*favor = (pith_favor)value;
	return 0;
}

/* *type for name, one of the library's pith_page_type_name but
 * "unknown", or -1 with ValueError naming them. */
static int parse_page_type(const char *name, pith_page_type *type)
{
	char allowed[128] = "";
	for (int t = PITH_PAGE_TYPE_UNKNOWN + 1; t < PITH_PAGE_TYPES; t++) {
		const char *type_name = pith_page_type_name((pith_page_type)t);
		if (strcmp(name, type_name) == 0) {
			*type = (pith_page_type)t;
			return 0;
		}
		size_t used = strlen(allowed);
		snprintf(allowed + used, sizeof allowed - used, "%s'%s'",
		         used == 0 ? "" : (t + 1 < PITH_PAGE_TYPES ? ", " : " or "), type_name);
	}
	PyErr_Format(PyExc_ValueError, "page_type must be %s, not '%s'", allowed, name);
	return -1;
}

static int parse_format(const char *name, pith_format *format)
{
	int value;
	if (parse_option("format", formats, name, &value) < 0)
		return -1;
	*format = (pith_format)value;
	return 0;
}

/* ---- The context pool (GIL held) ---- */

static pith_ctx *take_context(module_state *state)
{
	if (state->idle_count > 0)
		return state->idle[--state->idle_count];
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx)
		PyErr_NoMemory();
	return ctx;
}

static void give_back_context(module_state *state, pith_ctx *ctx)
{
	if (state->idle_count < MAX_IDLE_CONTEXTS)
		state->idle[state->idle_count++] = ctx;
	else
		pith_ctx_free(ctx);
}

/* ---- extract ---- */

/* Adds key: value to dict and drops the caller's reference to value. */
static int set_item(PyObject *dict, const char *key, PyObject *value)
{
	if (!value)
		return -1;
	int failed = PyDict_SetItemString(dict, key, value);
	Py_DECREF(value);
	return failed;
}

/* A str of a pith string, valid UTF-8 (a byte that is not would be
 * U+FFFD, as in pith's JSON). */
static PyObject *str_of(const char *string, size_t length)
{
	return PyUnicode_DecodeUTF8(string, (Py_ssize_t)length, "replace");
}

/* string as a str, or None when it is "": as pith's JSON has it. */
static PyObject *str_or_none(const char *string)
{
	if (*string)
		return str_of(string, strlen(string));
	Py_RETURN_NONE;
}

static PyObject *str_list(const char *const *items, size_t count)
{
	PyObject *list = PyList_New((Py_ssize_t)count);
	for (size_t i = 0; list && i < count; i++) {
		PyObject *item = str_of(items[i], strlen(items[i]));
		if (!item) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, item);
	}
	return list;
}

/* {"author", "date", "text"} per comment, author and date None when "". */
static PyObject *comment_list(const pith_metadata *m)
{
	PyObject *list = PyList_New((Py_ssize_t)m->comment_count);
	for (size_t i = 0; list && i < m->comment_count; i++) {
		const pith_comment *c = &m->comments[i];
		PyObject *comment = PyDict_New();
		if (!comment || set_item(comment, "author", str_or_none(c->author)) ||
		    set_item(comment, "date", str_or_none(c->date)) ||
		    set_item(comment, "text", str_of(c->text, strlen(c->text)))) {
			Py_XDECREF(comment);
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, comment);
	}
	return list;
}

/* A share, 0..1, as pith's JSON writes it, two decimals: hundredths /
 * 100.0 is the double nearest to the decimal, as json.loads would read
 * it. */
static PyObject *share(double value)
{
	int hundredths = (int)(value * 100 + 0.5);
	hundredths = hundredths < 0 ? 0 : hundredths > 100 ? 100 : hundredths;
	return PyFloat_FromDouble(hundredths / 100.0);
}

/* language_score as a share, None without a language. */
static PyObject *language_score(const pith_metadata *m)
{
	if (!*m->language_detected)
		Py_RETURN_NONE;
	return share(m->language_score);
}

/* The page's url and metadata as a dict, the members of pith --format
 * json from "url" to "next_pages" (and "comments"), valued as
 * docs/json-schema.md says: "url" the canonical URL, else url, else None. */
static PyObject *metadata_dict(const pith_result *result, const char *url, bool comments)
{
	const pith_metadata *m = result->metadata;
	const char *page_url = *m->url ? m->url : url;
	PyObject *dict = PyDict_New();
	if (!dict)
		return NULL;
	if (set_item(dict, "url",
	             page_url ? str_of(page_url, strlen(page_url)) : Py_NewRef(Py_None)) ||
	    set_item(dict, "title", str_of(m->title, strlen(m->title))) ||
	    set_item(dict, "authors", str_list(m->authors, m->author_count)) ||
	    set_item(dict, "date_published", str_or_none(m->date_published)) ||
	    set_item(dict, "date_modified", str_or_none(m->date_modified)) ||
	    set_item(dict, "site_name", str_or_none(m->site_name)) ||
	    set_item(dict, "description", str_or_none(m->description)) ||
	    set_item(dict, "language", str_or_none(m->language)) ||
	    set_item(dict, "language_detected", str_or_none(m->language_detected)) ||
	    set_item(dict, "language_score", language_score(m)) ||
	    set_item(dict, "page_type", str_of(m->page_type, strlen(m->page_type))) ||
	    set_item(dict, "page_type_confidence", share(m->page_type_confidence)) ||
	    set_item(dict, "tags", str_list(m->tags, m->tag_count)) ||
	    set_item(dict, "image", str_or_none(m->image)) ||
	    set_item(dict, "license", str_or_none(m->license)) ||
	    set_item(dict, "next_pages", str_list(m->next_pages, m->next_page_count)) ||
	    (comments && set_item(dict, "comments", comment_list(m)))) {
		Py_DECREF(dict);
		return NULL;
	}
	return dict;
}

/* The result's fields as a dict: text (in the format asked), plain_text,
 * word_count, simhash (16 hex digits, as JSON lines write it), encoding,
 * metadata (a dict) and, for json, document (the model's JSON text, its
 * only public form). pith/__init__.py shapes it per format. */
static PyObject *result_dict(const pith_result *result, const char *url, bool comments)
{
	PyObject *dict = PyDict_New();
	if (!dict)
		return NULL;
	char simhash[17];
	snprintf(simhash, sizeof simhash, "%016llx", result->simhash);
	if (set_item(dict, "text", PyUnicode_DecodeUTF8(result->text, result->text_length, NULL)) ||
	    set_item(dict, "plain_text",
	             PyUnicode_DecodeUTF8(result->plain_text, (Py_ssize_t)result->plain_text_length,
	                                  NULL)) ||
	    set_item(dict, "word_count", PyLong_FromSize_t(result->word_count)) ||
	    set_item(dict, "simhash", PyUnicode_FromString(simhash)) ||
	    set_item(dict, "encoding", PyUnicode_FromString(result->encoding)) ||
	    set_item(dict, "metadata", metadata_dict(result, url, comments)) ||
	    set_item(dict, "document",
	             PyUnicode_DecodeUTF8(result->document, (Py_ssize_t)result->document_length,
	                                  NULL))) {
		Py_DECREF(dict);
		return NULL;
	}
	return dict;
}

/* A copy of the bytes of html, any object with the buffer protocol but
 * bytes (bytearray, memoryview, mmap, array...). Its bytes may change
 * while pith reads them without the GIL: another thread may write to a
 * bytearray then, and pith's decoder, which checks bytes and later reads
 * them again, would write what it never checked (issue 11: about one call
 * in 600 gave invalid UTF-8). A copy taken with the GIL held is what pith
 * reads. 0 with *copy (PyMem_Free it) and *length set, else -1 with an
 * exception. */
static int copy_buffer(PyObject *html, char **copy, Py_ssize_t *length)
{
	Py_buffer buffer;
	if (PyObject_GetBuffer(html, &buffer, PyBUF_SIMPLE) != 0) {
		PyErr_Format(PyExc_TypeError, "html must be bytes or str, not %.100s",
		             Py_TYPE(html)->tp_name);
		return -1;
	}
	*copy = PyMem_Malloc(buffer.len ? (size_t)buffer.len : 1);
	if (*copy) {
		memcpy(*copy, buffer.buf, (size_t)buffer.len);
		*length = buffer.len;
	}
	PyBuffer_Release(&buffer);
	if (!*copy) {
		PyErr_NoMemory();
		return -1;
	}
	return 0;
}

PyDoc_STRVAR(extract_doc, "extract(html, url, charset, favor, format, images, comments, page_type)"
                          " -> dict\n\n"
                          "One page: a dict of text (in format: 'text', 'markdown', 'json' (text)\n"
                          "or 'html'), encoding, metadata (a dict of url, title, authors, ...\n"
                          "valued as pith --format json has them) and document (for 'json', the\n"
                          "model's JSON text, else ''). html is bytes-like (decoded by pith's\n"
                          "sniffing, charset the transport's hint or None) or str (read as UTF-8\n"
                          "whatever charset says). favor is 'balanced', 'precision' or 'recall';\n"
                          "page_type 'article', 'forum', ..., 'service', or None.\n"
                          "Raises pith.Error, or MemoryError.");

static PyObject *module_extract(PyObject *module, PyObject *args)
{
	module_state *state = state_of(module);
	PyObject *html;
	const char *url, *charset, *favor_name, *format_name, *page_type_name;
	int images, comments;
	if (!PyArg_ParseTuple(args, "Ozzssppz:extract", &html, &url, &charset, &favor_name,
	                      &format_name, &images, &comments, &page_type_name))
		return NULL;
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	if (parse_favor(favor_name, &options.favor) < 0 ||
	    parse_format(format_name, &options.format) < 0)
		return NULL;
	if (page_type_name && parse_page_type(page_type_name, &options.page_type) < 0)
		return NULL;
	options.images = images;
	options.comments = comments;
	options.url = url;
	options.charset = charset;

	const char *bytes;
	Py_ssize_t length;
	char *copy = NULL; /* a mutable input's bytes, taken while the GIL is held */
	if (PyUnicode_Check(html)) {
		/* The str's own UTF-8 form, cached in the str, alive while html is. */
		bytes = PyUnicode_AsUTF8AndSize(html, &length);
		if (!bytes)
			return NULL;
		options.charset = "utf-8";
	} else if (PyBytes_Check(html)) {
		/* Immutable: read in place, no copy. */
		bytes = PyBytes_AS_STRING(html);
		length = PyBytes_GET_SIZE(html);
	} else if (copy_buffer(html, &copy, &length) == 0) {
		bytes = copy;
	} else {
		return NULL;
	}

	PyObject *dict = NULL;
	pith_ctx *ctx = take_context(state);
	if (ctx) {
		const pith_result *result;
		Py_BEGIN_ALLOW_THREADS;
		result = pith_ctx_extract(ctx, bytes, (size_t)length, &options);
		Py_END_ALLOW_THREADS;
		/* The result is the context's: read before it goes back. */
		dict = result->status == PITH_OK ? result_dict(result, url, comments != 0)
		                                 : raise_status(state, result->status);
		give_back_context(state, ctx);
	}
	PyMem_Free(copy);
	return dict;
}

/* ---- WARC records and the reader ---- */

static PyStructSequence_Field warc_record_fields[] = {
    {"offset", "where the record (or its gzip member) starts in the file"},
    {"type", "WARC-Type: 'response', 'request', 'warcinfo', ..."},
    {"record_id", "WARC-Record-ID, e.g. '<urn:uuid:...>'"},
    {"target_uri", "WARC-Target-URI, or ''"},
    {"date", "WARC-Date, or ''"},
    {"http_status", "the HTTP status of a response record, else 0"},
    {"content_type", "the HTTP Content-Type, else the WARC one, or ''"},
    {"charset", "the Content-Type's charset, or None"},
    {"is_html", "True for an HTTP response whose payload is HTML"},
    {"payload", "bytes: an HTTP response's body (de-chunked, decompressed), else the block"},
    {"status", "'OK', or why the record could not be read whole: 'MALFORMED', "
               "'TOO_LARGE', 'IO'"},
    {"error", "what was wrong, in English, or ''"},
    {"truncated", "WARC-Truncated: why the crawler cut the payload short, or ''"},
    {"digest", "'OK' or 'MISMATCH' when digests were verified and the record gives "
               "SHA-1 or SHA-256 ones, else None"},
    {NULL, NULL},
};

static PyStructSequence_Desc warc_record_desc = {
    "pith.WarcRecord",
    "One WARC record (read-only; fields by name or index).\n\n"
    "Header strings are decoded as UTF-8, bytes that are not UTF-8 replaced\n"
    "by U+FFFD. A broken record (status not 'OK') holds what could be read.",
    warc_record_fields,
    sizeof warc_record_fields / sizeof warc_record_fields[0] - 1,
};

static PyObject *text_of(const char *string)
{
	return PyUnicode_DecodeUTF8(string, (Py_ssize_t)strlen(string), "replace");
}

static PyObject *warc_record_new(PyTypeObject *type, const pith_warc_record *record)
{
	PyObject *values[] = {
	    PyLong_FromUnsignedLongLong(record->offset),
	    text_of(record->type),
	    text_of(record->record_id),
	    text_of(record->target_uri),
	    text_of(record->date),
	    PyLong_FromLong(record->http_status),
	    text_of(record->content_type),
	    record->charset ? text_of(record->charset) : Py_NewRef(Py_None),
	    PyBool_FromLong(record->is_html),
	    PyBytes_FromStringAndSize(record->payload, (Py_ssize_t)record->payload_length),
	    PyUnicode_FromString(status_name(record->status)),
	    text_of(record->error),
	    text_of(record->truncated),
	    record->digest_status == PITH_WARC_DIGEST_OK         ? PyUnicode_FromString("OK")
	    : record->digest_status == PITH_WARC_DIGEST_MISMATCH ? PyUnicode_FromString("MISMATCH")
	                                                         : Py_NewRef(Py_None),
	};
	size_t count = sizeof values / sizeof values[0];
	PyObject *tuple = PyStructSequence_New(type);
	for (size_t i = 0; i < count; i++) {
		if (!values[i] || !tuple) {
			for (size_t j = 0; j < count; j++)
				Py_XDECREF(values[j]);
			Py_XDECREF(tuple);
			return NULL;
		}
	}
	for (size_t i = 0; i < count; i++)
		PyStructSequence_SetItem(tuple, (Py_ssize_t)i, values[i]);
	return tuple;
}

typedef struct warc_reader {
	PyObject_HEAD pith_warc *warc; /* NULL once closed */
	PyObject *record_type;
	int html_only;
	/* A read is in progress on some thread, without the GIL: the reader
	 * may be neither read nor closed meanwhile. */
	int busy;
} warc_reader;

/* 0 when no other thread is reading, else -1 with the exception set. */
static int refuse_if_busy(const warc_reader *self)
{
	if (!self->busy)
		return 0;
	PyErr_SetString(PyExc_RuntimeError, "the WARC reader is in use by another thread");
	return -1;
}

/* 0 when the reader may be read now, else -1 with the exception set. */
static int check_usable(const warc_reader *self)
{
	if (refuse_if_busy(self) < 0)
		return -1;
	if (!self->warc) {
		PyErr_SetString(PyExc_ValueError, "the WARC reader is closed");
		return -1;
	}
	return 0;
}

static int warc_reader_init(PyObject *self_object, PyObject *args, PyObject *kwargs)
{
	warc_reader *self = (warc_reader *)self_object;
	static char *keywords[] = {"path", "html_only", "verify_digests", NULL};
	if (refuse_if_busy(self) < 0)
		return -1;
	PyObject *path = NULL;
	int html_only = 0, verify_digests = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&|pp:WarcReader", keywords,
	                                 PyUnicode_FSConverter, &path, &html_only, &verify_digests))
		return -1;
	module_state *state = PyType_GetModuleState(Py_TYPE(self));
	pith_warc_free(self->warc);
	self->warc = NULL;
	Py_XSETREF(self->record_type, Py_NewRef(state->warc_record_type));
	self->html_only = html_only;
	pith_status status;
	Py_BEGIN_ALLOW_THREADS;
	status = pith_warc_open(PyBytes_AS_STRING(path), &self->warc);
	Py_END_ALLOW_THREADS;
	pith_warc_verify_digests(self->warc, verify_digests);
	if (status == PITH_ERROR_IO)
		PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
	else if (status != PITH_OK)
		raise_status(state, status);
	Py_DECREF(path);
	return status == PITH_OK ? 0 : -1;
}

static void warc_reader_dealloc(PyObject *self_object)
{
	warc_reader *self = (warc_reader *)self_object;
	PyTypeObject *type = Py_TYPE(self);
	pith_warc_free(self->warc);
	Py_XDECREF(self->record_type);
	type->tp_free(self);
	Py_DECREF(type);
}

static PyObject *warc_reader_next(PyObject *self_object)
{
	warc_reader *self = (warc_reader *)self_object;
	if (check_usable(self) < 0)
		return NULL;
	pith_warc_record record;
	for (;;) {
		int found;
		self->busy = 1;
		Py_BEGIN_ALLOW_THREADS;
		found = pith_warc_next(self->warc, &record);
		Py_END_ALLOW_THREADS;
		self->busy = 0;
		if (!found)
			return NULL; /* StopIteration */
		if (!self->html_only || record.is_html)
			return warc_record_new((PyTypeObject *)self->record_type, &record);
		/* A long run of skipped records still answers Ctrl-C. */
		if (PyErr_CheckSignals() < 0)
			return NULL;
	}
}

static PyObject *warc_reader_close(PyObject *self_object, PyObject *unused)
{
	warc_reader *self = (warc_reader *)self_object;
	if (refuse_if_busy(self) < 0)
		return NULL;
	pith_warc_free(self->warc);
	self->warc = NULL;
	Py_RETURN_NONE;
}

static PyObject *warc_reader_enter(PyObject *self, PyObject *unused)
{
	return Py_NewRef(self);
}

static PyObject *warc_reader_exit(PyObject *self, PyObject *args)
{
	return warc_reader_close(self, NULL);
}

static PyObject *warc_reader_stats(PyObject *self_object, PyObject *unused)
{
	warc_reader *self = (warc_reader *)self_object;
	if (check_usable(self) < 0)
		return NULL;
	pith_warc_stats stats;
	pith_warc_get_stats(self->warc, &stats);
	return Py_BuildValue("{sKsKsKsK}", "records", stats.records, "html_records",
	                     stats.html_records, "malformed", stats.malformed, "bytes_read",
	                     stats.bytes_read);
}

static PyMethodDef warc_reader_methods[] = {
    {"close", warc_reader_close, METH_NOARGS,
     "Close the file now (dropping the reader does it too). Further reads raise ValueError."},
    {"stats", warc_reader_stats, METH_NOARGS,
     "Counts so far: records, html_records, malformed, bytes_read (compressed)."},
    {"__enter__", warc_reader_enter, METH_NOARGS, NULL},
    {"__exit__", warc_reader_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot warc_reader_slots[] = {
    {Py_tp_doc, "WarcReader(path, html_only=False)\n\n"
                "Iterates over the records of a WARC file (uncompressed, gzip per record\n"
                "or gzip over the whole file; '-' is standard input), one pith.WarcRecord\n"
                "at a time, only the HTML responses when html_only is true. One record is\n"
                "held at a time. The file is closed when the reader is dropped, by\n"
                "close(), or at the end of a with block. Raises OSError when the file\n"
                "cannot be opened; broken records are records with a status, not\n"
                "exceptions."},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_init, warc_reader_init},
    {Py_tp_dealloc, warc_reader_dealloc},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, warc_reader_next},
    {Py_tp_methods, warc_reader_methods},
    {0, NULL},
};

static PyType_Spec warc_reader_spec = {
    "pith.WarcReader", sizeof(warc_reader), 0, Py_TPFLAGS_DEFAULT, warc_reader_slots,
};

/* ---- warc_to_jsonl: pith_batch_run on its own thread ----
 *
 * The calling thread waits with the GIL released and wakes every
 * INTERRUPT_POLL_MILLISECONDS to run Python's signal handlers; when one
 * raises (Ctrl-C's KeyboardInterrupt), the batch's stop flag is set (an
 * atomic, which the batch's threads read through batch_cancelled), the
 * batch finishes what it has read, and the exception propagates. */

typedef struct batch_run {
	pith_batch_options options;
	pith_batch_stats stats;
	pith_status status;
	atomic_int stop;
	int finished;
	pthread_mutex_t lock;
	pthread_cond_t changed;
} batch_run;

/* pith_batch_options.cancel. */
static int batch_cancelled(void *user)
{
	batch_run *run = user;
	return atomic_load(&run->stop);
}

static void *batch_thread(void *argument)
{
	batch_run *run = argument;
	pith_status status = pith_batch_run(&run->options, &run->stats);
	pthread_mutex_lock(&run->lock);
	run->status = status;
	run->finished = 1;
	pthread_cond_signal(&run->changed);
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

/* Waits up to INTERRUPT_POLL_MILLISECONDS; true when the batch is over. */
static int wait_for_batch(batch_run *run)
{
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += INTERRUPT_POLL_MILLISECONDS * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&run->lock);
	if (!run->finished)
		pthread_cond_timedwait(&run->changed, &run->lock, &deadline);
	int finished = run->finished;
	pthread_mutex_unlock(&run->lock);
	return finished;
}

/* Runs the batch; returns -1 with a Python exception set when the caller
 * was interrupted or the thread could not start. */
static int run_batch(batch_run *run)
{
	pthread_mutex_init(&run->lock, NULL);
	pthread_cond_init(&run->changed, NULL);
	pthread_t thread;
	int failed = pthread_create(&thread, NULL, batch_thread, run);
	if (failed) {
		errno = failed;
		PyErr_SetFromErrno(PyExc_OSError);
	} else {
		int finished = 0;
		while (!finished) {
			Py_BEGIN_ALLOW_THREADS;
			finished = wait_for_batch(run);
			Py_END_ALLOW_THREADS;
			if (!finished && !atomic_load(&run->stop) && PyErr_CheckSignals() < 0) {
				atomic_store(&run->stop, 1);
				failed = -1;
			}
		}
		Py_BEGIN_ALLOW_THREADS;
		pthread_join(thread, NULL);
		Py_END_ALLOW_THREADS;
	}
	pthread_cond_destroy(&run->changed);
	pthread_mutex_destroy(&run->lock);
	return failed ? -1 : 0;
}

PyDoc_STRVAR(
    warc_to_jsonl_doc,
    "warc_to_jsonl(inputs, output, threads, resume, favor, comments, languages,\n"
    "              statuses, mime_types, verify_digests, format, images, dedup) -> dict\n\n"
    "pith_batch_run over the WARC paths in the list inputs, writing JSON lines\n"
    "to output (a path; '.gz' is gzip); languages: codes to keep ('de,fr') or\n"
    "None; statuses, mime_types: lists as pith warc's --status and --mime, or\n"
    "None; format: 'text', 'markdown', 'html' or 'json'. Returns the batch's stats.");

static PyObject *module_warc_to_jsonl(PyObject *module, PyObject *args)
{
	module_state *state = state_of(module);
	PyObject *input_list, *output;
	unsigned threads;
	int resume, comments, verify_digests, images, dedup;
	const char *favor_name, *languages, *statuses, *mime_types, *format_name;
	if (!PyArg_ParseTuple(args, "O!O&Ipspzzzpspp:warc_to_jsonl", &PyList_Type, &input_list,
	                      PyUnicode_FSConverter, &output, &threads, &resume, &favor_name,
	                      &comments, &languages, &statuses, &mime_types, &verify_digests,
	                      &format_name, &images, &dedup))
		return NULL;
	batch_run run = {.options = PITH_BATCH_OPTIONS_INIT};
	run.options.comments = comments;
	run.options.languages = languages;
	run.options.statuses = statuses;
	run.options.mime_types = mime_types;
	run.options.verify_digests = verify_digests;
	run.options.images = images;
	run.options.dedup = dedup;
	if (parse_format(format_name, &run.options.format) < 0) {
		Py_DECREF(output);
		return NULL;
	}
	PyObject *result = NULL;
	Py_ssize_t count = PyList_GET_SIZE(input_list);
	PyObject *encoded = PyList_New(count); /* keeps the paths' bytes alive */
	const char **paths = PyMem_Calloc(count ? (size_t)count : 1, sizeof *paths);
	if (!encoded || !paths) {
		PyErr_NoMemory();
		goto done;
	}
	for (Py_ssize_t i = 0; i < count; i++) {
		PyObject *path;
		if (!PyUnicode_FSConverter(PyList_GET_ITEM(input_list, i), &path))
			goto done;
		PyList_SET_ITEM(encoded, i, path);
		paths[i] = PyBytes_AS_STRING(path);
	}
	if (parse_favor(favor_name, &run.options.favor) < 0)
		goto done;
	run.options.inputs = paths;
	run.options.input_count = (size_t)count;
	run.options.output = PyBytes_AS_STRING(output);
	run.options.threads = threads;
	run.options.resume = resume;
	run.options.cancel = batch_cancelled;
	run.options.cancel_user = &run;
	if (run_batch(&run) < 0)
		goto done;
	const pith_batch_stats *stats = &run.stats;
	result =
	    Py_BuildValue("{sKsKsKsKsKsKsKsKsKsK}", "records", stats->records, "html_records",
	                  stats->html_records, "extracted", stats->extracted, "failed",
	                  stats->failed, "skipped", stats->skipped, "resumed", stats->resumed,
	                  "bytes_read", stats->bytes_read, "inputs_failed", stats->inputs_failed,
	                  "language_skipped", stats->language_skipped, "filtered", stats->filtered);
	if (result && run.status != PITH_OK) {
		raise_status_with_stats(state, run.status, stats->error, result);
		Py_CLEAR(result);
	}
done:
	PyMem_Free(paths);
	Py_XDECREF(encoded);
	Py_DECREF(output);
	return result;
}

PyDoc_STRVAR(simhash_doc, "simhash(text) -> int\n\n"
                          "pith_simhash of the str text: its 64-bit SimHash, as an int.");

static PyObject *module_simhash(PyObject *module, PyObject *args)
{
	(void)module;
	const char *text;
	Py_ssize_t length;
	if (!PyArg_ParseTuple(args, "s#:simhash", &text, &length))
		return NULL;
	return PyLong_FromUnsignedLongLong(pith_simhash(text, (size_t)length));
}

/* ---- The module ---- */

static PyMethodDef module_methods[] = {
    {"extract", module_extract, METH_VARARGS, extract_doc},
    {"warc_to_jsonl", module_warc_to_jsonl, METH_VARARGS, warc_to_jsonl_doc},
    {"simhash", module_simhash, METH_VARARGS, simhash_doc},
    {NULL, NULL, 0, NULL},
};

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
	module_state *state = state_of(module);
	Py_VISIT(state->error_type);
	Py_VISIT(state->warc_record_type);
	Py_VISIT(state->warc_reader_type);
	return 0;
}

static int module_clear(PyObject *module)
{
	module_state *state = state_of(module);
	Py_CLEAR(state->error_type);
	Py_CLEAR(state->warc_record_type);
	Py_CLEAR(state->warc_reader_type);
	return 0;
}

static void module_free(void *module)
{
	module_state *state = state_of(module);
	module_clear(module);
	while (state->idle_count > 0)
		pith_ctx_free(state->idle[--state->idle_count]);
}

static struct PyModuleDef pith_module = {
    PyModuleDef_HEAD_INIT, "pith._pith",   "The C side of the pith package (see help(pith)).",
    sizeof(module_state),  module_methods, NULL,
    module_traverse,       module_clear,   module_free,
};

PyMODINIT_FUNC PyInit__pith(void)
{
	PyObject *module = PyModule_Create(&pith_module);
	if (!module)
		return NULL;
	module_state *state = state_of(module);
	state->error_type = PyErr_NewExceptionWithDoc(
	    "pith.Error",
	    "A page or file pith refused. str(error) says why in English; error.status\n"
	    "is the reason's name: 'NOT_HTML' (empty, binary, or no markup), 'TOO_LARGE'\n"
	    "(over 256 MiB), 'INVALID_ARGUMENT', 'IO', 'MALFORMED'. Running out of\n"
	    "memory raises MemoryError instead.",
	    NULL, NULL);
	state->warc_record_type = (PyObject *)PyStructSequence_NewType(&warc_record_desc);
	state->warc_reader_type = PyType_FromModuleAndSpec(module, &warc_reader_spec, NULL);
	if (!state->error_type || !state->warc_record_type || !state->warc_reader_type ||
	    PyModule_AddObjectRef(module, "Error", state->error_type) < 0 ||
	    PyModule_AddObjectRef(module, "WarcRecord", state->warc_record_type) < 0 ||
	    PyModule_AddObjectRef(module, "WarcReader", state->warc_reader_type) < 0 ||
	    PyModule_AddStringConstant(module, "PITH_VERSION", PITH_VERSION_STRING) < 0 ||
	    PyModule_AddIntConstant(module, "MAX_INPUT_BYTES", (long)PITH_MAX_INPUT_BYTES) < 0) {
		Py_DECREF(module);
		return NULL;
	}
	return module;
}
