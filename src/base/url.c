/* RFC 3986 reference resolution (section 5.2): the target URI of a
 * reference against a base URI, with dot segments removed. */
#include "base/url.h"

#include <stdint.h>
#include <string.h>

#include "base/ascii.h"

/* The five components of RFC 3986 appendix B; absent ones have
 * present == false (an empty query "?" is present and empty). */
typedef struct uri_part {
	const char *start;
	size_t length;
	bool present;
} uri_part;

typedef struct uri_parts {
	uri_part scheme, authority, path, query, fragment;
} uri_parts;

static bool is_scheme_char(char c, bool first)
{
	bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return alpha || (!first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
}

/* Splits s as appendix B's regular expression does. */
static void split_uri(const char *s, size_t n, uri_parts *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (i < n && is_scheme_char(s[i], i == 0))
		i++;
	if (i > 0 && i < n && s[i] == ':') {
		out->scheme = (uri_part){s, i, true};
		s += i + 1;
		n -= i + 1;
	}
	if (n >= 2 && s[0] == '/' && s[1] == '/') {
		size_t end = 2;
		while (end < n && s[end] != '/' && s[end] != '?' && s[end] != '#')
			end++;
		out->authority = (uri_part){s + 2, end - 2, true};
		s += end;
		n -= end;
	}
	size_t path_end = 0;
	while (path_end < n && s[path_end] != '?' && s[path_end] != '#')
		path_end++;
	out->path = (uri_part){s, path_end, true};
	s += path_end;
	n -= path_end;
	if (n && s[0] == '?') {
		size_t end = 1;
		while (end < n && s[end] != '#')
			end++;
		out->query = (uri_part){s + 1, end - 1, true};
		s += end;
		n -= end;
	}
	if (n && s[0] == '#')
		out->fragment = (uri_part){s + 1, n - 1, true};
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t p = strlen(prefix);
	return n >= p && memcmp(s, prefix, p) == 0;
}

static bool equals(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* Section 5.2.4, in place: the input buffer is s[0..n), the output buffer
 * s[0..o). The output never outgrows what the input has consumed (o <= i),
 * so writing it over the consumed input is safe. Returns o. */
static size_t remove_dot_segments(char *s, size_t n)
{
	size_t i = 0, o = 0;
	while (i < n) {
		const char *in = s + i;
		size_t left = n - i;
		if (starts_with(in, left, "../")) {
			i += 3;
		} else if (starts_with(in, left, "./")) {
			i += 2;
		} else if (starts_with(in, left, "/./")) {
			i += 2;
		} else if (equals(in, left, "/.")) {
			i += 1;
			s[i] = '/';
		} else if (starts_with(in, left, "/../") || equals(in, left, "/..")) {
			if (left == 3) {
				i += 2;
				s[i] = '/';
			} else {
				i += 3;
			}
			while (o > 0 && s[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the slash before the removed segment */
		} else if (equals(in, left, ".") || equals(in, left, "..")) {
			i = n;
		} else {
			size_t segment = in[0] == '/' ? 1 : 0;
			while (segment < left && in[segment] != '/')
				segment++;
			memmove(s + o, in, segment);
			o += segment;
			i += segment;
		}
	}
	return o;
}

typedef struct uri_writer {
	char *data;
	size_t length;
} uri_writer;

static void put(uri_writer *w, const char *s, size_t n)
{
	memcpy(w->data + w->length, s, n);
	w->length += n;
}

/* The path of a target: removes dot segments from prefix + path (the
 * merge of section 5.2.3 passes the base path's directory as prefix),
 * written where it ends up. */
static void put_path(uri_writer *w, const char *prefix, size_t prefix_length, const char *path,
                     size_t path_length)
{
	char *start = w->data + w->length;
	memcpy(start, prefix, prefix_length);
	memcpy(start + prefix_length, path, path_length);
	w->length += remove_dot_segments(start, prefix_length + path_length);
}

/* What the target may add to base and reference: "//", ":", "?", "#"
 * and the "/" of a merge with an empty base path. */
#define TARGET_EXTRA_BYTES 8

/* Writes the target to out, which has room for base_length +
 * reference_length + TARGET_EXTRA_BYTES, and returns its length. */
static size_t write_target(char *out, const char *base, size_t base_length, const char *reference,
                           size_t reference_length)
{
	uri_parts b, r;
	split_uri(base, base_length, &b);
	split_uri(reference, reference_length, &r);
	uri_writer w = {out, 0};
	/* Without an absolute base, a relative reference stays as it is. */
	if (!b.scheme.present && !r.scheme.present) {
		put(&w, reference, reference_length);
		return w.length;
	}
	const uri_part *scheme = r.scheme.present ? &r.scheme : &b.scheme;
	put(&w, scheme->start, scheme->length);
	put(&w, ":", 1);
	const uri_part *authority, *query;
	if (r.scheme.present || r.authority.present) {
		authority = &r.authority;
		query = &r.query;
		if (authority->present) {
			put(&w, "//", 2);
			put(&w, authority->start, authority->length);
		}
		/* A path that does not start with "/" after the scheme is opaque
		 * (data:, mailto:): kept as written, as browsers do (the URL
		 * standard), so a data: URI's "/../" is not taken for a
		 * segment. */
		if (authority->present || (r.path.length && r.path.start[0] == '/'))
			put_path(&w, "", 0, r.path.start, r.path.length);
		else
			put(&w, r.path.start, r.path.length);
	} else {
		authority = &b.authority;
		if (authority->present) {
			put(&w, "//", 2);
			put(&w, authority->start, authority->length);
		}
		if (r.path.length == 0) {
			put(&w, b.path.start, b.path.length);
			query = r.query.present ? &r.query : &b.query;
		} else {
			query = &r.query;
			if (r.path.start[0] == '/') {
				put_path(&w, "", 0, r.path.start, r.path.length);
			} else if (b.authority.present && b.path.length == 0) {
				put_path(&w, "/", 1, r.path.start, r.path.length);
			} else {
				size_t directory = b.path.length;
				while (directory > 0 && b.path.start[directory - 1] != '/')
					directory--;
				put_path(&w, b.path.start, directory, r.path.start, r.path.length);
			}
		}
	}
	if (query->present) {
		put(&w, "?", 1);
		put(&w, query->start, query->length);
	}
	if (r.fragment.present) {
		put(&w, "#", 1);
		put(&w, r.fragment.start, r.fragment.length);
	}
	return w.length;
}

const char *pith_url_trim(const char *s, size_t *length)
{
	size_t n = *length;
	while (n && pith_ascii_is_space(s[0]))
		s++, n--;
	while (n && pith_ascii_is_space(s[n - 1]))
		n--;
	*length = n;
	return s;
}

bool pith_url_append_resolved(pith_buffer *out, const char *base, size_t base_length,
                              const char *reference, size_t reference_length)
{
	reference = pith_url_trim(reference, &reference_length);
	/* The target, and the NUL after it. */
	size_t room = base_length + reference_length + TARGET_EXTRA_BYTES + 1;
	if (base_length > SIZE_MAX / 4 || reference_length > SIZE_MAX / 4 ||
	    !pith_buffer_reserve(out, room))
		return false;
	out->length +=
	    write_target(out->data + out->length, base, base_length, reference, reference_length);
	out->data[out->length] = '\0';
	return true;
}

char *pith_url_resolve(pith_arena *arena, const char *base, size_t base_length,
                       const char *reference, size_t reference_length)
{
	reference = pith_url_trim(reference, &reference_length);
	if (reference_length > PITH_MAX_URL_BYTES || base_length > PITH_MAX_URL_BYTES)
		return NULL;
	char *target =
	    pith_arena_alloc(arena, base_length + reference_length + TARGET_EXTRA_BYTES + 1);
	if (!target)
		return NULL;
	target[write_target(target, base, base_length, reference, reference_length)] = '\0';
	return target;
}
