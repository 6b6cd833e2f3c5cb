/* The title: the first <title> and the first h1s are read here, the
 * declared titles (meta_tags.c, jsonld.c, microdata.c) and extraction's
 * headline are given to it, and pith_metadata_choose_title decides the
 * title field from all of them: the one place the title is chosen. */
#include <string.h>

#include "../base/ascii.h"
#include "metadata_internal.h"

/* The first <title>'s text, collapsed. */
void pith_metadata_read_title_element(collector *c, pith_node_id id)
{
	if (!c->title_element) {
		c->title_element = pith_metadata_node_text(c->arena, c->dom, id, MAX_TITLE_BYTES,
		                                           &c->title_element_length);
		c->out_of_memory |= !c->title_element;
	}
}

/* An h1's text, a title candidate (the first MAX_H1_CANDIDATES). */
void pith_metadata_read_h1(collector *c, pith_node_id id)
{
	if (c->h1_count < MAX_H1_CANDIDATES) {
		size_t n;
		char *text = pith_metadata_node_text(c->arena, c->dom, id, MAX_TITLE_BYTES, &n);
		c->out_of_memory |= !text;
		/* Documentation tools end a heading with its permalink,
		 * a pilcrow: no part of the heading's words. */
		while (text && n >= 2 && memcmp(text + n - 2, "\xc2\xb6", 2) == 0) {
			n -= 2;
			while (n && text[n - 1] == ' ')
				n--;
		}
		if (text && n) {
			c->h1[c->h1_count] = text;
			c->h1_length[c->h1_count++] = n;
		}
	}
}

/* Title separators: a site's name is cut at these. */
static const char *const title_separators[] = {" | ", " - ",  " – ", " — ",
                                               " · ", " :: ", " : ", ": "};
/* Only these are cut without a heading or site name to confirm it: a
 * colon more often joins a headline's two halves. */
#define STRONG_SEPARATORS 6

/* Compares, ignoring ASCII case. */
static bool loose_equals(const char *a, size_t n, const char *b, size_t m)
{
	return pith_metadata_span_equals_nocase(a, n, b, m);
}

/* Does s hold an ASCII lowercase letter? */
static bool has_lowercase(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return true;
	return false;
}

/* Is title "part SEP rest", or "rest SEP part" with part the longer (a
 * short part at the end is the site's name, which pages also put in an
 * h1 as their logo)? */
static bool is_title_part(const char *title, size_t n, const char *part, size_t m)
{
	for (size_t i = 0; i < COUNT_OF(title_separators); i++) {
		size_t k = strlen(title_separators[i]);
		if (n <= m + k)
			continue;
		if (loose_equals(title, m, part, m) &&
		    memcmp(title + m, title_separators[i], k) == 0)
			return true;
		if (m > n - m - k && loose_equals(title + n - m, m, part, m) &&
		    memcmp(title + n - m - k, title_separators[i], k) == 0)
			return true;
	}
	return false;
}

/* The title without the site's name at its start or end: the named site
 * when known, else the segment after the last strong separator when
 * what stays is the longer. */
static void cut_site_name(const char **title, size_t *n, const char *site, size_t site_length)
{
	const char *t = *title;
	for (size_t i = 0; i < COUNT_OF(title_separators) && site_length; i++) {
		size_t k = strlen(title_separators[i]);
		if (*n <= site_length + k)
			continue;
		if (loose_equals(t + *n - site_length, site_length, site, site_length) &&
		    memcmp(t + *n - site_length - k, title_separators[i], k) == 0) {
			*n -= site_length + k;
			return;
		}
		if (loose_equals(t, site_length, site, site_length) &&
		    memcmp(t + site_length, title_separators[i], k) == 0) {
			*title += site_length + k;
			*n -= site_length + k;
			return;
		}
	}
	size_t best = 0, best_k = 0;
	for (size_t i = 0; i < STRONG_SEPARATORS; i++) {
		size_t k = strlen(title_separators[i]);
		for (size_t at = *n; at-- > 0;) {
			if (at + k <= *n && memcmp(t + at, title_separators[i], k) == 0) {
				if (at > best)
					best = at, best_k = k;
				break;
			}
		}
	}
	if (best && best > *n - best - best_k)
		*n = best;
	/* Three parts or more ("Headline | Section | Site"): the first part,
	 * when it is a headline of three words or more. */
	size_t first = *n;
	for (size_t i = 0; i < STRONG_SEPARATORS; i++) {
		const char *at = NULL;
		size_t k = strlen(title_separators[i]);
		for (size_t p = 0; p + k <= *n && !at; p++)
			if (memcmp(t + p, title_separators[i], k) == 0)
				at = t + p;
		if (at && (size_t)(at - t) < first)
			first = (size_t)(at - t);
	}
	size_t words = 1;
	for (size_t p = 0; p < first; p++)
		words += t[p] == ' ';
	if (first < *n && words >= 3)
		*n = first;
}

/* A word byte: ASCII letters and digits, and every byte of a UTF-8
 * sequence (letters of other scripts). */
static bool is_word_byte(unsigned char ch)
{
	return pith_ascii_is_alnum((char)ch) || ch >= 0x80;
}

/* The next word of s[*i..n): true with it at s[*start..*i), false when
 * none is left. */
static bool next_word(const char *s, size_t n, size_t *i, size_t *start)
{
	while (*i < n && !is_word_byte((unsigned char)s[*i]))
		++*i;
	*start = *i;
	while (*i < n && is_word_byte((unsigned char)s[*i]))
		++*i;
	return *i > *start;
}

/* How many of the words of a (each counted once a place) are also words
 * of b, ASCII case ignored; *words gets a's word count. */
static size_t shared_words(const char *a, size_t n, const char *b, size_t m, size_t *words)
{
	size_t shared = 0;
	*words = 0;
	for (size_t i = 0, start; next_word(a, n, &i, &start);) {
		++*words;
		for (size_t j = 0, from; next_word(b, m, &j, &from);)
			if (loose_equals(a + start, i - start, b + from, j - from)) {
				shared++;
				break;
			}
	}
	return shared;
}

/* A title of parts at one strong separator ("Stripe Payments | Global
 * Payment Platform") whose h1 is none of them: the part holding most of
 * the h1's words (at least H1_WORDS_SHARED_PERCENT of them, and more than
 * any other part) is the headline; the rest is the site's slogan or
 * the page's keywords. */
#define H1_WORDS_SHARED_PERCENT 80
static void pick_part_of_h1(const char **title, size_t *n, const char *h1, size_t h1_length)
{
	const char *t = *title;
	for (size_t i = 0; i < STRONG_SEPARATORS; i++) {
		const char *sep = title_separators[i];
		size_t k = strlen(sep);
		size_t best_shared = 0, h1_words = 0, start = 0;
		const char *best = NULL;
		size_t best_length = 0;
		bool tie = false, found = false;
		for (size_t p = 0; p <= *n; p++) {
			bool at_sep = p + k <= *n && memcmp(t + p, sep, k) == 0;
			if (!at_sep && p < *n)
				continue;
			found |= at_sep;
			size_t words;
			size_t shared = shared_words(h1, h1_length, t + start, p - start, &words);
			h1_words = words;
			if (shared > best_shared)
				best_shared = shared, best = t + start, best_length = p - start,
				tie = false;
			else if (shared == best_shared)
				tie = true;
			if (at_sep)
				p += k - 1, start = p + 1;
		}
		if (!found)
			continue;
		if (best && !tie && best_shared * 100 >= h1_words * H1_WORDS_SHARED_PERCENT) {
			*title = best;
			*n = best_length;
			pith_metadata_trim(title, n);
		}
		return;
	}
}

/* Extraction's candidate: its headline (the heading the <title> or
 * og:title names), else, when no heading is, the og:title, else the
 * <title> it was matched against, as extraction read them; or "". */
static void extraction_candidate(const pith_metadata_input *input, const char **s, size_t *n)
{
	const pith_extraction *e = input->extraction;
	*s = "", *n = 0;
	if (!e)
		return;
	if (e->headline_block)
		*s = e->headline, *n = e->headline_length;
	else if (e->og_title_length)
		*s = e->og_title, *n = e->og_title_length;
	else
		*s = e->title_element, *n = e->title_element_length;
}

/* The headline as a reader sees it. The declared title is the JSON-LD
 * headline, else the meta titles (Dublin Core, OpenGraph, <meta
 * name=title>, Twitter); an h1 that is the declared title or the <title>,
 * or one part of them at a separator, is the headline as shown. Else the
 * declared title, else the <title>, less the site's name; else the first
 * h1, else extraction's candidate. */
void pith_metadata_choose_title(collector *c, const pith_metadata_input *input, const char *site,
                                size_t site_length, const char **out, size_t *out_length)
{
	/* The better ranked: a WebPage's name or a microdata headline gives
	 * way to og:title, an Article's headline does not. */
	const candidate *declared = &c->fields[FIELD_TITLE_JSONLD];
	if (c->fields[FIELD_TITLE_OPENGRAPH].rank < declared->rank)
		declared = &c->fields[FIELD_TITLE_OPENGRAPH];
	const char *titles[2] = {declared->rank < RANK_NONE ? declared->text : "",
	                         c->title_element ? c->title_element : ""};
	size_t title_lengths[2] = {declared->rank < RANK_NONE ? declared->length : 0,
	                           c->title_element_length};
	const char *parts[MAX_H1_CANDIDATES + 1];
	size_t part_lengths[MAX_H1_CANDIDATES + 1], count = 0;
	for (size_t i = 0; i < c->h1_count; i++)
		parts[count] = c->h1[i], part_lengths[count++] = c->h1_length[i];
	const char *extracted;
	size_t extracted_length;
	extraction_candidate(input, &extracted, &extracted_length);
	if (extracted_length)
		parts[count] = extracted, part_lengths[count++] = extracted_length;
	/* When the declared title is one part of the <title>, the <title>'s
	 * other part is the site's name, even in an h1 (a blog's name as its
	 * logo above the post). */
	bool declared_in_title = title_lengths[0] && is_title_part(titles[1], title_lengths[1],
	                                                           titles[0], title_lengths[0]);
	for (size_t t = 0; t < 2; t++) {
		for (size_t i = 0; i < count && title_lengths[t]; i++) {
			/* Extraction's candidate falls back to the titles
			 * themselves: it counts only as a part of them. */
			bool is_h1 = i < c->h1_count;
			bool equal = is_h1 && loose_equals(titles[t], title_lengths[t], parts[i],
			                                   part_lengths[i]);
			if (!equal &&
			    !is_title_part(titles[t], title_lengths[t], parts[i], part_lengths[i]))
				continue;
			if (!equal && t == 1 && declared_in_title &&
			    !loose_equals(titles[0], title_lengths[0], parts[i], part_lengths[i]))
				continue;
			if (site_length &&
			    loose_equals(site, site_length, parts[i], part_lengths[i]))
				continue;
			*out = parts[i];
			*out_length = part_lengths[i];
			/* An h1 in capitals that is the title in other case is
			 * the title styled: the title's own letters are the
			 * headline's. */
			if (equal && !has_lowercase(parts[i], part_lengths[i]))
				*out = titles[t];
			return;
		}
	}
	const char *title = titles[0];
	size_t n = title_lengths[0];
	if (!n)
		title = titles[1], n = title_lengths[1];
	if (!n && c->h1_count)
		title = c->h1[0], n = c->h1_length[0];
	if (!n)
		title = extracted, n = extracted_length;
	cut_site_name(&title, &n, site, site_length);
	for (size_t i = 0; i < c->h1_count; i++) {
		if (site_length && loose_equals(site, site_length, c->h1[i], c->h1_length[i]))
			continue;
		if (!loose_equals(title, n, c->h1[i], c->h1_length[i]))
			pick_part_of_h1(&title, &n, c->h1[i], c->h1_length[i]);
		break;
	}
	*out = title;
	*out_length = n;
}
