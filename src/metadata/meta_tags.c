/* The <meta> reader: name, property and http-equiv keys (OpenGraph,
 * Twitter cards, Dublin Core in its spellings, plain names), each a
 * field's candidate at its source's rank. */
#include <string.h>

#include "metadata_internal.h"

typedef struct meta_key {
	const char *name; /* lowercase; Dublin Core as "dc:..." */
	field field;
	int rank;
} meta_key;

static const meta_key meta_keys[] = {
    /* A title in Dublin Core is written on purpose (no tool adds it),
     * so it goes before og:title, which is before a <meta name=title>
     * and the Twitter card's. */
    {"dc:title", FIELD_TITLE_OPENGRAPH, RANK_OPENGRAPH},
    {"og:title", FIELD_TITLE_OPENGRAPH, RANK_TWITTER},
    {"title", FIELD_TITLE_OPENGRAPH, RANK_DUBLIN_CORE},
    {"twitter:title", FIELD_TITLE_OPENGRAPH, RANK_META},
    {"parsely-title", FIELD_TITLE_OPENGRAPH, RANK_META},
    {"article:author", FIELD_AUTHOR, RANK_OPENGRAPH},
    {"dc:creator", FIELD_AUTHOR, RANK_DUBLIN_CORE},
    {"author", FIELD_AUTHOR, RANK_META},
    {"parsely-author", FIELD_AUTHOR, RANK_META},
    {"sailthru.author", FIELD_AUTHOR, RANK_META},
    {"byl", FIELD_AUTHOR, RANK_META},
    {"article:published_time", FIELD_DATE_PUBLISHED, RANK_OPENGRAPH},
    {"og:published_time", FIELD_DATE_PUBLISHED, RANK_OPENGRAPH},
    {"dc:date", FIELD_DATE_PUBLISHED, RANK_DUBLIN_CORE},
    {"dc:date.issued", FIELD_DATE_PUBLISHED, RANK_DUBLIN_CORE},
    {"dc:issued", FIELD_DATE_PUBLISHED, RANK_DUBLIN_CORE},
    {"dc:created", FIELD_DATE_PUBLISHED, RANK_DUBLIN_CORE},
    {"date", FIELD_DATE_PUBLISHED, RANK_META},
    {"pubdate", FIELD_DATE_PUBLISHED, RANK_META},
    {"publishdate", FIELD_DATE_PUBLISHED, RANK_META},
    {"publish-date", FIELD_DATE_PUBLISHED, RANK_META},
    {"publish_date", FIELD_DATE_PUBLISHED, RANK_META},
    {"article.published", FIELD_DATE_PUBLISHED, RANK_META},
    {"parsely-pub-date", FIELD_DATE_PUBLISHED, RANK_META},
    {"sailthru.date", FIELD_DATE_PUBLISHED, RANK_META},
    {"article:modified_time", FIELD_DATE_MODIFIED, RANK_OPENGRAPH},
    {"og:updated_time", FIELD_DATE_MODIFIED, RANK_OPENGRAPH},
    {"dc:modified", FIELD_DATE_MODIFIED, RANK_DUBLIN_CORE},
    {"dc:date.modified", FIELD_DATE_MODIFIED, RANK_DUBLIN_CORE},
    {"last-modified", FIELD_DATE_MODIFIED, RANK_META},
    {"lastmod", FIELD_DATE_MODIFIED, RANK_META},
    {"og:site_name", FIELD_SITE_NAME, RANK_OPENGRAPH},
    {"application-name", FIELD_SITE_NAME, RANK_META},
    {"og:url", FIELD_URL, RANK_OPENGRAPH},
    {"twitter:url", FIELD_URL, RANK_TWITTER},
    {"og:description", FIELD_DESCRIPTION, RANK_OPENGRAPH},
    {"twitter:description", FIELD_DESCRIPTION, RANK_TWITTER},
    {"dc:description", FIELD_DESCRIPTION, RANK_DUBLIN_CORE},
    {"dc:abstract", FIELD_DESCRIPTION, RANK_DUBLIN_CORE},
    {"description", FIELD_DESCRIPTION, RANK_META},
    {"og:locale", FIELD_LANGUAGE, RANK_OPENGRAPH},
    {"dc:language", FIELD_LANGUAGE, RANK_DUBLIN_CORE},
    {"content-language", FIELD_LANGUAGE, RANK_META},
    {"language", FIELD_LANGUAGE, RANK_META},
    {"og:image", FIELD_IMAGE, RANK_OPENGRAPH},
    {"og:image:url", FIELD_IMAGE, RANK_OPENGRAPH},
    {"og:image:secure_url", FIELD_IMAGE, RANK_OPENGRAPH},
    {"twitter:image", FIELD_IMAGE, RANK_TWITTER},
    {"twitter:image:src", FIELD_IMAGE, RANK_TWITTER},
    {"thumbnail", FIELD_IMAGE, RANK_META},
    {"dc:rights", FIELD_LICENSE, RANK_DUBLIN_CORE},
    {"dc:license", FIELD_LICENSE, RANK_DUBLIN_CORE},
    {"license", FIELD_LICENSE, RANK_META},
    {"keywords", FIELD_TAG, RANK_META},
    {"news_keywords", FIELD_TAG, RANK_META},
    {"article:tag", FIELD_TAG, RANK_META},
    {"article:section", FIELD_TAG, RANK_META},
    {"parsely-tags", FIELD_TAG, RANK_META},
    {"dc:subject", FIELD_TAG, RANK_META},
};

/* One <meta> key (a token of name, property or http-equiv) and its
 * value. Dublin Core is written DC.title, dc:title, dcterms.title,
 * dcterm:title: all are read as dc:title. */
static void read_meta_key(collector *c, const char *key, size_t key_length, const char *value,
                          size_t value_length, int step)
{
	char name[40];
	static const char *const dublin_core[] = {"dcterms.", "dcterms:", "dcterm:", "dc.", "dc:"};
	size_t skip = 0;
	for (size_t i = 0; i < sizeof dublin_core / sizeof *dublin_core && !skip; i++) {
		size_t k = strlen(dublin_core[i]);
		if (key_length > k && pith_metadata_span_equals_nocase(key, k, dublin_core[i], k))
			skip = k;
	}
	size_t n = 0;
	if (skip) {
		memcpy(name, "dc:", 3);
		n = 3;
	}
	for (size_t i = skip; i < key_length; i++) {
		if (n == sizeof name)
			return;
		char ch = key[i];
		name[n++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
	}
	for (size_t i = 0; n > 0 && i < sizeof meta_keys / sizeof *meta_keys; i++) {
		const meta_key *k = &meta_keys[i];
		/* The first letter first: a page's meta tags are many, the
		 * keys' table long. */
		if (k->name[0] != name[0] || !pith_metadata_span_equals(name, n, k->name))
			continue;
		if (k->field == FIELD_AUTHOR)
			pith_metadata_offer_author(c, value, value_length, k->rank + step);
		else if (k->field == FIELD_TAG)
			pith_metadata_offer_tags(c, value, value_length, RANK_META);
		else
			pith_metadata_offer(c, k->field, value, value_length, k->rank + step);
		return;
	}
}

void pith_metadata_read_meta(collector *c, pith_node_id id)
{
	const pith_attr *content = pith_dom_attr(c->dom, id, "content");
	if (!content)
		return;
	static const char *const key_attributes[] = {"property", "name", "http-equiv"};
	for (size_t k = 0; k < 3; k++) {
		const pith_attr *key = pith_dom_attr(c->dom, id, key_attributes[k]);
		if (!key)
			continue;
		/* property="og:title dc:title" names two keys. */
		const char *s = key->value, *end = s + key->value_len;
		size_t n;
		for (const char *start; (start = pith_metadata_next_token(&s, end, &n)), n;)
			read_meta_key(c, start, n, content->value, content->value_len,
			              k == 0 ? 0 : META_NAME_STEP);
	}
}
