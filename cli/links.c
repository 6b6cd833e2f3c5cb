/* A scanner of the few elements sitemaps (sitemaps.org protocol 0.9) and
 * feeds (RSS 2.0, RSS 1.0, Atom, RFC 4287) list pages in. It is no XML
 * parser: it walks tags, tracks whether it is inside an entry, and reads
 * the one element or attribute that holds the URL. Malformed input ends
 * the walk early, never reads past the bytes given. */
#define _GNU_SOURCE /* memmem */
#include "links.h"

#include <string.h>
#include <strings.h>

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

typedef struct url_text {
	char bytes[LINKS_MAX_URL_BYTES + 1];
	size_t length;
	bool too_long;
} url_text;

static void append(url_text *u, const char *s, size_t n)
{
	if (u->too_long || n > LINKS_MAX_URL_BYTES - u->length) {
		u->too_long = true;
		return;
	}
	memcpy(u->bytes + u->length, s, n);
	u->length += n;
}

static void append_code_point(url_text *u, unsigned long c)
{
	char b[4];
	size_t n;
	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | c >> 18);
		b[1] = (char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	append(u, b, n);
}

/* Appends s[0..n) with XML's predefined entities and character references
 * decoded (XML 1.0 section 4.6, 4.1); another reference is kept as it is. */
static void append_decoded(url_text *u, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		if (!amp) {
			append(u, s, (size_t)(end - s));
			return;
		}
		append(u, s, (size_t)(amp - s));
		const char *semi = memchr(amp, ';', (size_t)(end - amp));
		if (!semi || semi - amp > 12) {
			append(u, "&", 1);
			s = amp + 1;
			continue;
		}
		const char *name = amp + 1;
		size_t len = (size_t)(semi - name);
		static const struct {
			const char *name, *text;
		} entities[] = {
		    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
		bool done = false;
		for (size_t i = 0; i < sizeof entities / sizeof entities[0] && !done; i++) {
			if (len == strlen(entities[i].name) &&
			    memcmp(name, entities[i].name, len) == 0) {
				append(u, entities[i].text, 1);
				done = true;
			}
		}
		if (!done && len >= 2 && name[0] == '#') {
			bool hex = name[1] == 'x' || name[1] == 'X';
			unsigned long c = 0;
			const char *d = name + (hex ? 2 : 1);
			done = d < semi;
			for (; d < semi && done; d++) {
				int v = *d >= '0' && *d <= '9'          ? *d - '0'
				        : hex && *d >= 'a' && *d <= 'f' ? *d - 'a' + 10
				        : hex && *d >= 'A' && *d <= 'F' ? *d - 'A' + 10
				                                        : -1;
				if (v < 0)
					done = false;
				else if (c < 0x110000)
					c = c * (hex ? 16 : 10) + (unsigned long)v;
			}
			if (done)
				append_code_point(u, c);
		}
		if (!done)
			append(u, amp, (size_t)(semi + 1 - amp));
		s = semi + 1;
	}
}

typedef struct scan {
	const char *p, *end;
	links_visit visit;
	void *user;
	links_counts counts;
	bool stopped;
} scan;

/* Hands the URL over, trimmed, when it is absolute http or https. */
static void emit(scan *s, url_text *u)
{
	char *b = u->bytes;
	size_t n = u->length;
	while (n && is_space((unsigned char)*b)) {
		b++;
		n--;
	}
	while (n && is_space((unsigned char)b[n - 1]))
		n--;
	if (n == 0 && !u->too_long)
		return;
	bool absolute = (n > 7 && strncasecmp(b, "http://", 7) == 0) ||
	                (n > 8 && strncasecmp(b, "https://", 8) == 0);
	if (u->too_long || !absolute || memchr(b, '\0', n)) {
		s->counts.skipped++;
		return;
	}
	b[n] = '\0';
	s->counts.listed++;
	if (!s->visit(s->user, b, n))
		s->stopped = true;
}

typedef struct tag {
	const char *name; /* qualified, as written */
	size_t name_length;
	const char *attributes; /* between the name and the end */
	size_t attributes_length;
	bool closing, self_closing;
} tag;

/* Reads the markup at s->p ("<") into t, leaving s->p after it. Returns
 * false at the end of the input. Comments, CDATA outside an element read,
 * processing instructions and declarations are skipped (t->name NULL). */
static bool next_tag(scan *s, tag *t)
{
	memset(t, 0, sizeof *t);
	const char *p = memchr(s->p, '<', (size_t)(s->end - s->p));
	if (!p)
		return false;
	size_t left = (size_t)(s->end - p);
	const char *close;
	if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
		close = memmem(p + 4, left - 4, "-->", 3);
		s->p = close ? close + 3 : s->end;
		return close != NULL;
	}
	if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
		close = memmem(p + 9, left - 9, "]]>", 3);
		s->p = close ? close + 3 : s->end;
		return close != NULL;
	}
	if (left >= 2 && (p[1] == '?' || p[1] == '!')) {
		close = memchr(p, '>', left);
		s->p = close ? close + 1 : s->end;
		return close != NULL;
	}
	/* A tag: its end is the first ">" outside quotes. */
	char quote = 0;
	const char *q = p + 1;
	for (; q < s->end; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '>') {
			break;
		}
	}
	if (q >= s->end) {
		s->p = s->end;
		return false;
	}
	s->p = q + 1;
	const char *n = p + 1;
	if (n < q && *n == '/') {
		t->closing = true;
		n++;
	}
	const char *name_end = n;
	while (name_end < q && !is_space((unsigned char)*name_end) && *name_end != '/')
		name_end++;
	t->name = n;
	t->name_length = (size_t)(name_end - n);
	t->attributes = name_end;
	t->attributes_length = (size_t)(q - name_end);
	t->self_closing = q > p + 1 && q[-1] == '/';
	return true;
}

static bool name_is(const tag *t, const char *prefix, size_t prefix_length, const char *local)
{
	size_t n = strlen(local);
	size_t want = prefix_length ? prefix_length + 1 + n : n;
	if (!t->name || t->name_length != want)
		return false;
	if (prefix_length &&
	    (memcmp(t->name, prefix, prefix_length) != 0 || t->name[prefix_length] != ':'))
		return false;
	return memcmp(t->name + want - n, local, n) == 0;
}

/* The value of attribute name in t, undecoded, or NULL. */
static const char *attribute(const tag *t, const char *name, size_t *length)
{
	const char *p = t->attributes, *end = p + t->attributes_length;
	size_t n = strlen(name);
	while (p < end) {
		while (p < end && (is_space((unsigned char)*p) || *p == '/'))
			p++;
		const char *a = p;
		while (p < end && *p != '=' && !is_space((unsigned char)*p))
			p++;
		size_t a_length = (size_t)(p - a);
		while (p < end && is_space((unsigned char)*p))
			p++;
		if (p >= end || *p != '=')
			continue;
		p++;
		while (p < end && is_space((unsigned char)*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return NULL;
		char quote = *p++;
		const char *v = p;
		while (p < end && *p != quote)
			p++;
		if (a_length == n && memcmp(a, name, n) == 0) {
			*length = (size_t)(p - v);
			return v;
		}
		if (p < end)
			p++;
	}
	return NULL;
}

/* The element's text after its start tag, up to its end tag, CDATA
 * sections included, markup inside skipped. */
static void read_text(scan *s, url_text *u)
{
	while (s->p < s->end) {
		const char *lt = memchr(s->p, '<', (size_t)(s->end - s->p));
		if (!lt) {
			s->p = s->end;
			return;
		}
		append_decoded(u, s->p, (size_t)(lt - s->p));
		size_t left = (size_t)(s->end - lt);
		if (left >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
			const char *close = memmem(lt + 9, left - 9, "]]>", 3);
			if (!close) {
				s->p = s->end;
				return;
			}
			append(u, lt + 9, (size_t)(close - lt - 9));
			s->p = close + 3;
			continue;
		}
		s->p = lt;
		return;
	}
}

static void read_lines(scan *s)
{
	while (s->p < s->end && !s->stopped) {
		const char *line_end = memchr(s->p, '\n', (size_t)(s->end - s->p));
		if (!line_end)
			line_end = s->end;
		url_text u = {.length = 0};
		append(&u, s->p, (size_t)(line_end - s->p));
		emit(s, &u);
		s->p = line_end < s->end ? line_end + 1 : s->end;
	}
}

links_counts links_read(sniff_kind kind, const char *data, size_t length, links_visit visit,
                        void *user)
{
	scan s = {.p = data, .end = data + length, .visit = visit, .user = user};
	if (kind == SNIFF_URL_LIST) {
		read_lines(&s);
		return s.counts;
	}
	const char *entry_name, *url_name;
	switch (kind) {
	case SNIFF_SITEMAP:
		entry_name = "url";
		url_name = "loc";
		break;
	case SNIFF_SITEMAP_INDEX:
		entry_name = "sitemap";
		url_name = "loc";
		break;
	case SNIFF_RSS:
		entry_name = "item";
		url_name = "link";
		break;
	case SNIFF_ATOM:
		entry_name = "entry";
		url_name = "link";
		break;
	default:
		return s.counts;
	}
	/* The root element's prefix is the one the entries carry (RSS 1.0's
	 * root is rdf:RDF but its items have none). */
	const char *prefix = NULL;
	size_t prefix_length = 0;
	bool root_seen = false;
	int depth = 0; /* of open entries */
	tag t;
	url_text u;
	while (!s.stopped && next_tag(&s, &t)) {
		if (!t.name)
			continue;
		if (!root_seen) {
			root_seen = true;
			const char *colon = memchr(t.name, ':', t.name_length);
			if (colon && kind != SNIFF_RSS) {
				prefix = t.name;
				prefix_length = (size_t)(colon - t.name);
			}
			continue;
		}
		if (name_is(&t, prefix, prefix_length, entry_name)) {
			if (t.closing)
				depth = depth > 0 ? depth - 1 : 0;
			else if (!t.self_closing)
				depth++;
			continue;
		}
		if (depth == 0 || t.closing || !name_is(&t, prefix, prefix_length, url_name))
			continue;
		u.length = 0;
		u.too_long = false;
		if (kind == SNIFF_ATOM) {
			size_t n = 0;
			const char *rel = attribute(&t, "rel", &n);
			if (rel && !(n == 9 && memcmp(rel, "alternate", 9) == 0))
				continue;
			const char *href = attribute(&t, "href", &n);
			if (!href)
				continue;
			append_decoded(&u, href, n);
		} else if (!t.self_closing) {
			read_text(&s, &u);
		}
		emit(&s, &u);
	}
	return s.counts;
}
