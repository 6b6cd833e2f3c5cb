/* The byline reader: an element whose class or id names a byline or an
 * author (or rel=author) gives the authors it links to, else the names of
 * its first line less a date; and the date a reader sees in a byline's or
 * <time>'s text. */
#include <string.h>

#include "../base/ascii.h"
#include "metadata_internal.h"

/* A byline longer than this is a paragraph that names an author, not a
 * byline. */
#define MAX_BYLINE_BYTES 100
/* A byline's or <time>'s text is searched for a date this far: a byline
 * is a line or two; more is an article that names someone. */
#define MAX_VISIBLE_DATE_BYTES 200
/* Texts searched for a visible date per page: the article's byline or
 * <time> comes early, and each search tries every language's names at
 * every word, so a page of 100,000 <time> elements without a date must
 * not cost that many. */
#define MAX_VISIBLE_DATE_SEARCHES 16

/* A lowercase letter then a capital at s[i] (i > 0): a word starts there
 * (FeatureByline). */
static bool is_case_step(const char *s, size_t i)
{
	return s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z';
}

/* Does a class or id value name a byline? Its words (cut at what is not
 * a letter or digit, and at a lowercase-to-capital step: FeatureByline)
 * include one starting "byline", or "author" and its compounds
 * (author_fmt, authorName) but not "authori..." (authorization,
 * authority: a login box, a site's authority). */
bool pith_metadata_names_byline(const char *value, size_t length)
{
	/* Only the places where such a word can start are looked at: this
	 * runs on every class and id until a byline is found. */
	for (size_t i = 0; i + 6 <= length; i++) {
		char first = (char)(value[i] | 0x20);
		if (first != 'b' && first != 'a')
			continue;
		if (i > 0 && pith_ascii_is_alnum(value[i - 1]) && !is_case_step(value, i))
			continue; /* inside a word */
		bool byline = first == 'b';
		if (!pith_metadata_span_equals_nocase(value + i, 6, byline ? "byline" : "author",
		                                      6))
			continue;
		bool cut = false; /* a case step ends the word before its sixth letter */
		for (size_t k = i + 1; k < i + 6; k++)
			cut |= is_case_step(value, k);
		if (cut)
			continue;
		size_t next = i + 6;
		bool goes_on =
		    next < length && pith_ascii_is_alnum(value[next]) && !is_case_step(value, next);
		if (byline || !goes_on || (value[next] | 0x20) != 'i')
			return true;
	}
	return false;
}

/* Is the link one to an author's page: rel=author, or an href with a
 * path segment that names authors (/author/x, /authors/x, /writers/x,
 * /people/x, /profile/x, /staff/x, /contributors/x)? */
static bool is_author_link(const pith_dom *dom, pith_node_id id)
{
	const pith_attr *rel = pith_dom_attr(dom, id, "rel");
	if (rel && pith_metadata_has_token(rel->value, rel->value_len, "author"))
		return true;
	const pith_attr *href = pith_dom_attr(dom, id, "href");
	if (!href)
		return false;
	static const char *const segments[] = {"author",  "authors",     "writer",
	                                       "writers", "people",      "profile",
	                                       "staff",   "contributor", "contributors"};
	const char *h = href->value;
	size_t n = href->value_len;
	for (size_t i = 0; i < n; i++) {
		if (h[i] != '/')
			continue;
		size_t j = i + 1;
		while (j < n && h[j] != '/' && h[j] != '?' && h[j] != '#')
			j++;
		for (size_t k = 0; k < COUNT_OF(segments); k++)
			if (j < n && h[j] == '/' && j + 1 < n &&
			    pith_metadata_span_equals_nocase(h + i + 1, j - i - 1, segments[k],
			                                     strlen(segments[k])))
				return true;
	}
	return false;
}

/* The names a byline links to author pages, offered in order; how many. */
static size_t offer_byline_links(collector *c, pith_node_id byline)
{
	const pith_dom *dom = c->dom;
	size_t offered = 0, visited = 0;
	for (pith_node_id at = dom->nodes[byline].first_child ? byline : 0; at;
	     at = pith_dom_next_in_order(dom, byline, at, false)) {
		if (++visited > PITH_MAX_TEXT_NODES_VISITED)
			break;
		const pith_node *node = &dom->nodes[at];
		if (node->type != PITH_NODE_ELEMENT || node->tag != PITH_TAG_A ||
		    !is_author_link(dom, at))
			continue;
		size_t n;
		char *text = pith_metadata_node_text(c->arena, dom, at, MAX_BYLINE_BYTES + 1, &n);
		if (!text) {
			c->out_of_memory = true;
			return offered;
		}
		if (n == 0 || n > MAX_BYLINE_BYTES)
			continue;
		pith_metadata_offer_author(c, text, n, RANK_MARKUP);
		offered++;
	}
	return offered;
}

/* Words that start what follows a byline's name: its date's label. */
static bool is_date_label(const char *w, size_t n)
{
	static const char *const labels[] = {"published", "updated", "posted", "last"};
	if (n && w[n - 1] == ':')
		n--;
	for (size_t i = 0; i < COUNT_OF(labels); i++)
		if (pith_metadata_span_equals_nocase(w, n, labels[i], strlen(labels[i])))
			return true;
	return false;
}

/* The end of the next word of s[i..n): at a space, or where a lowercase
 * letter meets a capital (texts of two elements glued: "Jo LeeMay 5"). */
static size_t word_end(const char *s, size_t i, size_t n)
{
	size_t start = i;
	while (i < n && s[i] != ' ' && !(i > start && is_case_step(s, i)))
		i++;
	return i;
}

/* Trailing separators and joining words left by a cut: spaces, ASCII
 * punctuation, the bullets and guillemets bylines use, "on", "at". */
static size_t trim_byline_end(const char *s, size_t n)
{
	static const char *const tails[] = {" ",
	                                    ",",
	                                    ";",
	                                    "|",
	                                    "-",
	                                    "/",
	                                    ":",
	                                    "\xc2\xb7",
	                                    "\xe2\x80\xa2",
	                                    "\xc2\xbb",
	                                    "\xe2\x80\x93",
	                                    "\xe2\x80\x94",
	                                    " on",
	                                    " at"};
	for (bool again = true; again && n;) {
		again = false;
		for (size_t i = 0; i < COUNT_OF(tails) && !again; i++) {
			size_t k = strlen(tails[i]);
			if (n >= k && pith_metadata_span_equals_nocase(s + n - k, k, tails[i], k))
				n -= k, again = true;
		}
	}
	return n;
}

/* A byline's text less the date after the name: cut at the first word
 * that starts with a digit, a date's label ("Published", "Updated"), a
 * month's name followed by a number, or a weekday's followed by a month
 * or a number ("Jo Lee May 20, 2019", "Jo Lee Fri Dec 19"). */
static size_t cut_byline_date(const char *s, size_t n)
{
	size_t cut = n;
	for (size_t i = 0; i < n && cut == n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t start = i;
		i = word_end(s, i, n);
		if (start == i)
			break;
		size_t next = i;
		while (next < n && s[next] == ' ')
			next++;
		size_t next_end = word_end(s, next, n);
		bool number_next = next < n && s[next] >= '0' && s[next] <= '9';
		const char *w = s + start;
		size_t m = i - start;
		if ((w[0] >= '0' && w[0] <= '9') || (start && is_date_label(w, m)) ||
		    (number_next && pith_date_is_month_name(w, m)) ||
		    (pith_date_is_weekday_name(w, m) &&
		     (number_next || pith_date_is_month_name(s + next, next_end - next))))
			cut = start;
	}
	return trim_byline_end(s, cut);
}

/* Offers the names of a byline's text: "X and Y", "X & Y" are two. */
static void offer_byline_names(collector *c, const char *s, size_t n)
{
	static const char *const joins[] = {" and ", " & "};
	while (n) {
		size_t at = n, k = 0;
		for (size_t j = 0; j < COUNT_OF(joins); j++) {
			size_t m = strlen(joins[j]);
			for (size_t i = 0; i + m <= at; i++)
				if (pith_metadata_span_equals_nocase(s + i, m, joins[j], m)) {
					at = i, k = m;
					break;
				}
		}
		pith_metadata_offer_author(c, s, at, RANK_MARKUP);
		if (at == n)
			break;
		s += at + k, n -= at + k;
	}
}

/* A date a reader sees, in a byline's or a <time>'s text ("Von Jo Lee,
 * 5. März 2024"), when the page's metadata gave none. */
void pith_metadata_offer_visible_date(collector *c, pith_node_id id)
{
	/* A date that needs no order is known: nothing to look for. */
	if (c->fields[FIELD_DATE_PUBLISHED_UNAMBIGUOUS].rank <= RANK_VISIBLE_DATE ||
	    c->visible_date_searches == MAX_VISIBLE_DATE_SEARCHES)
		return;
	c->visible_date_searches++;
	size_t n, start;
	char *text = pith_metadata_node_text(c->arena, c->dom, id, MAX_VISIBLE_DATE_BYTES, &n);
	if (!text) {
		c->out_of_memory = true;
		return;
	}
	size_t length = pith_date_find(text, n, &start);
	if (length)
		pith_metadata_offer(c, FIELD_DATE_PUBLISHED, text + start, length,
		                    RANK_VISIBLE_DATE);
}

/* A byline (read_element found rel=author, or a class or id naming the
 * author or byline), outside comments, short, not a menu ("Sign in | Register"). The first
 * one found is the page's: the author pages it links to give the names,
 * else its first line less a date, cut at "and". */
void pith_metadata_read_byline(collector *c, pith_node_id id)
{
	const pith_dom *dom = c->dom;
	const pith_node *node = &dom->nodes[id];
	if (pith_metadata_in_comments(dom, id))
		return;
	pith_metadata_offer_visible_date(c, id);
	size_t n;
	char *text = pith_metadata_node_line(c->arena, dom, id, MAX_BYLINE_BYTES + 1, true, &n);
	if (!text) {
		c->out_of_memory = true;
		return;
	}
	if (n == 0 || n > MAX_BYLINE_BYTES)
		return;
	/* "Name | Organisation" keeps its name; two bars or more are a
	 * menu ("Sign In | Sign Up | Subscribe"), and the byline is
	 * elsewhere. */
	const char *bar = memchr(text, '|', n);
	if (bar && memchr(bar + 1, '|', n - (size_t)(bar - text) - 1))
		return;
	if (bar)
		n = (size_t)(bar - text);
	c->have_byline = true;
	if (node->tag != PITH_TAG_A && offer_byline_links(c, id))
		return;
	offer_byline_names(c, text, cut_byline_date(text, n));
}
