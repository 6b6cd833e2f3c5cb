/* The JSON-LD reader: <script type=application/ld+json> blocks parsed
 * (json.c) and walked for schema.org articles, pages and sites, whose
 * headline, authors, dates, description, language, image, licence, URL,
 * publisher and keywords are candidates; an article's articleBody is
 * kept for src/pith.c (pith_metadata_article_body). */
#include <string.h>

#include "metadata_internal.h"

/* JSON-LD blocks read per page (real pages have one to five). */
#define MAX_JSONLD_BLOCKS 16

static bool json_is_string(const pith_json *v)
{
	return v && v->type == PITH_JSON_STRING;
}

/* Does the object's @type (a string or an array of them) name one of the
 * types in the list? */
static bool has_type(const pith_json *object, const char *const *types, size_t count)
{
	const pith_json *type = pith_json_member(object, "@type");
	if (!type)
		return false;
	const pith_json *one = type->type == PITH_JSON_ARRAY ? type->first : type;
	for (; one; one = type->type == PITH_JSON_ARRAY ? one->next : NULL) {
		if (!json_is_string(one))
			continue;
		const char *name = one->string;
		size_t n = one->length;
		/* "http://schema.org/Article" and "schema:Article" */
		for (size_t i = n; i > 0; i--)
			if (name[i - 1] == '/' || name[i - 1] == ':') {
				name += i, n -= i;
				break;
			}
		for (size_t i = 0; i < count; i++)
			if (pith_metadata_span_equals(name, n, types[i]))
				return true;
	}
	return false;
}

static const char *const article_types[] = {
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Recipe",
    "Review",
    "HowTo",
    "VideoObject",
    "Book",
    "Chapter",
    "CreativeWork",
};
static const char *const page_types[] = {
    "WebPage", "AboutPage", "ItemPage",          "CollectionPage", "ProfilePage",
    "QAPage",  "FAQPage",   "SearchResultsPage", "MedicalWebPage", "ContactPage",
};
static const char *const site_types[] = {"WebSite", "Organization", "NewsMediaOrganization",
                                         "Corporation"};

typedef struct jsonld_graph {
	collector *c;
	const pith_json *root;
} jsonld_graph;

/* The object whose @id is id anywhere in the block, or NULL. The block is
 * bounded (PITH_MAX_JSON_VALUES), and only authors are looked up. */
static const pith_json *find_by_id(const pith_json *value, const char *id, size_t n, int depth)
{
	if (!value || depth > PITH_MAX_JSON_DEPTH)
		return NULL;
	if (value->type == PITH_JSON_OBJECT) {
		const pith_json *own = pith_json_member(value, "@id");
		if (json_is_string(own) &&
		    pith_metadata_span_equals(own->string, own->length, id) && own->length == n &&
		    pith_json_member(value, "name"))
			return value;
	}
	if (value->type != PITH_JSON_OBJECT && value->type != PITH_JSON_ARRAY)
		return NULL;
	for (const pith_json *child = value->first; child; child = child->next) {
		const pith_json *found = find_by_id(child, id, n, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* A name: a string, or an object's name (an @id reference followed). */
static const pith_json *json_name(const jsonld_graph *g, const pith_json *v)
{
	if (json_is_string(v))
		return v;
	if (!v || v->type != PITH_JSON_OBJECT)
		return NULL;
	const pith_json *name = pith_json_member(v, "name");
	if (json_is_string(name))
		return name;
	const pith_json *id = pith_json_member(v, "@id");
	if (json_is_string(id)) {
		const pith_json *target = find_by_id(g->root, id->string, id->length, 0);
		name = target ? pith_json_member(target, "name") : NULL;
	}
	return json_is_string(name) ? name : NULL;
}

/* A URL: a string, an object's url or @id, or an array's first. */
static const pith_json *json_url(const pith_json *v)
{
	if (v && v->type == PITH_JSON_ARRAY)
		v = v->first;
	if (json_is_string(v))
		return v;
	if (!v || v->type != PITH_JSON_OBJECT)
		return NULL;
	const pith_json *url = pith_json_member(v, "url");
	if (!json_is_string(url))
		url = pith_json_member(v, "@id");
	return json_is_string(url) ? url : NULL;
}

static void offer_json(collector *c, field f, const pith_json *v, int rank)
{
	if (json_is_string(v))
		pith_metadata_offer(c, f, v->string, v->length, rank);
}

static void read_article(const jsonld_graph *g, const pith_json *object, int rank)
{
	collector *c = g->c;
	const pith_json *headline = pith_json_member(object, "headline");
	if (!json_is_string(headline))
		headline = pith_json_member(object, "name");
	offer_json(c, FIELD_TITLE_JSONLD, headline, rank);
	const pith_json *author = pith_json_member(object, "author");
	if (!author)
		author = pith_json_member(object, "creator");
	const pith_json *one = author && author->type == PITH_JSON_ARRAY ? author->first : author;
	for (; one; one = author->type == PITH_JSON_ARRAY ? one->next : NULL) {
		const pith_json *name = json_name(g, one);
		if (name)
			pith_metadata_offer_author(c, name->string, name->length, rank);
	}
	const pith_json *body = pith_json_member(object, "articleBody");
	if (rank == RANK_JSONLD && json_is_string(body) && body->length > 0) {
		c->article_body = body->string;
		c->article_body_length = body->length;
		c->article_bodies++;
	}
	offer_json(c, FIELD_DATE_PUBLISHED, pith_json_member(object, "datePublished"), rank);
	offer_json(c, FIELD_DATE_PUBLISHED, pith_json_member(object, "dateCreated"), rank);
	offer_json(c, FIELD_DATE_MODIFIED, pith_json_member(object, "dateModified"), rank);
	offer_json(c, FIELD_DESCRIPTION, pith_json_member(object, "description"), rank);
	offer_json(c, FIELD_LANGUAGE, pith_json_member(object, "inLanguage"), rank);
	offer_json(c, FIELD_IMAGE, json_url(pith_json_member(object, "image")), rank);
	offer_json(c, FIELD_LICENSE, json_url(pith_json_member(object, "license")), rank);
	const pith_json *url = pith_json_member(object, "url");
	if (!json_is_string(url))
		url = json_url(pith_json_member(object, "mainEntityOfPage"));
	offer_json(c, FIELD_URL, url, rank);
	const pith_json *publisher = json_name(g, pith_json_member(object, "publisher"));
	offer_json(c, FIELD_SITE_NAME, publisher, rank);
	static const char *const tag_keys[] = {"keywords", "articleSection"};
	for (size_t k = 0; k < 2; k++) {
		const pith_json *tags = pith_json_member(object, tag_keys[k]);
		if (json_is_string(tags))
			pith_metadata_offer_tags(c, tags->string, tags->length, RANK_META);
		else if (tags && tags->type == PITH_JSON_ARRAY)
			for (const pith_json *t = tags->first; t; t = t->next)
				if (json_is_string(t))
					pith_metadata_list_offer(c, &c->tags, t->string, t->length,
					                         RANK_META);
	}
}

/* Visits every object of the block: articles give their fields, pages
 * theirs at a lower rank, sites their name. An article held by another
 * typed object that is not a page (a Product's reviews, an ItemList's
 * items, a Person's posts) is about that thing, not the page: owned is
 * set below such an object, and owned articles are not read. */
static void visit_jsonld(const jsonld_graph *g, const pith_json *value, int depth, bool owned)
{
	if (!value || depth > PITH_MAX_JSON_DEPTH)
		return;
	if (value->type == PITH_JSON_OBJECT) {
		if (has_type(value, article_types, COUNT_OF(article_types))) {
			if (!owned)
				read_article(g, value, RANK_JSONLD);
			owned = true;
		} else if (has_type(value, page_types, COUNT_OF(page_types))) {
			read_article(g, value, RANK_JSONLD_PAGE);
		} else if (has_type(value, site_types, COUNT_OF(site_types))) {
			offer_json(g->c, FIELD_SITE_NAME, pith_json_member(value, "name"),
			           RANK_JSONLD_PAGE);
			owned = true;
		} else if (pith_json_member(value, "@type")) {
			owned = true;
		}
	}
	if (value->type != PITH_JSON_OBJECT && value->type != PITH_JSON_ARRAY)
		return;
	for (const pith_json *child = value->first; child; child = child->next)
		if (child->type == PITH_JSON_OBJECT || child->type == PITH_JSON_ARRAY)
			visit_jsonld(g, child, depth + 1, owned);
}

void pith_metadata_read_jsonld(collector *c, pith_node_id id)
{
	const pith_attr *type = pith_dom_attr(c->dom, id, "type");
	if (!type)
		return;
	const char *t = type->value;
	size_t n = type->value_len;
	pith_metadata_trim(&t, &n);
	if (!pith_metadata_span_equals_nocase(t, n, "application/ld+json", 19) ||
	    c->jsonld_blocks >= MAX_JSONLD_BLOCKS)
		return;
	c->jsonld_blocks++;
	const pith_node *script = &c->dom->nodes[id];
	pith_node_id text = script->first_child;
	if (!text || c->dom->nodes[text].type != PITH_NODE_TEXT)
		return;
	const char *s = c->dom->nodes[text].text;
	size_t length = c->dom->nodes[text].text_len;
	/* Pages wrap the block in an HTML comment or a CDATA section, or end
	 * it with a semicolon: the value is from the first bracket to the
	 * last of its kind. */
	pith_metadata_trim(&s, &length);
	const char *end = s + length;
	if (length >= 12 && memcmp(s, "<![CDATA[", 9) == 0 &&
	    memcmp(s + length - 3, "]]>", 3) == 0) {
		s += 9;
		end = s + length - 12;
	}
	while (s < end && *s != '{' && *s != '[')
		s++;
	char close = s < end && *s == '[' ? ']' : '}';
	while (end > s && end[-1] != close)
		end--;
	length = (size_t)(end - s);
	pith_status status;
	pith_json *root = pith_json_parse(c->arena, s, length, &status);
	if (status != PITH_OK)
		c->out_of_memory = true;
	jsonld_graph g = {c, root};
	visit_jsonld(&g, root, 0, false);
}
