/* Page type (src/extract/page_type.c and the model it feeds): each kind of
 * measurement on a page written for it, the model's answer on pages whose
 * type is plain, and the type and confidence in the metadata. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dom/dom.h"
#include "extract/page_type.h"
#include "html/parser.h"
#include "pith.h"

static pith_html_parser *parser;
static pith_extractor *extractor;
static pith_dom dom;
static pith_extraction extraction;

/* Extracts page; false when that fails. */
static bool measure(const char *page)
{
	return pith_html_parse(parser, &dom, page, strlen(page), NULL) == PITH_OK &&
	       pith_extract_content(extractor, &dom, PITH_FAVOR_BALANCED, false,
	                            PITH_PAGE_TYPE_UNKNOWN, &extraction) == PITH_OK;
}

static float feature(const char *name)
{
	for (int i = 0; i < PITH_PAGE_FEATURES; i++)
		if (strcmp(pith_page_feature_names[i], name) == 0)
			return extractor->page_features[i];
	printf("FAIL no feature named %s\n", name);
	failed++;
	return NAN;
}

/* The page's measurement name is expected. */
static void expect(const char *test, const char *page, const char *name, float expected)
{
	if (!measure(page)) {
		check(false, test, "extraction failed");
		return;
	}
	float got = feature(name);
	check(got == expected, test, "%s is %g, expected %g", name, got, expected);
}

static void test_measurements(void)
{
	const char *jsonld = "<script type=\"application/ld+json\">{\"@context\":"
	                     "\"https://schema.org\",\"@type\":[\"Product\",\"Thing\"],"
	                     "\"offers\":{\"@type\" : \"Offer\"},\"brand\":{\"@type\":"
	                     "\"https://schema.org/Organization\"}}</script><p>A lamp.</p>";
	expect("json-ld type", jsonld, "schema_product", 1);
	expect("json-ld nested type", jsonld, "schema_offer", 1);
	expect("json-ld type as a URL", jsonld, "schema_organization", 1);
	expect("json-ld unknown type", jsonld, "schema_article", 0);
	expect("json-ld not in a json-ld script",
	       "<script>var x = {\"@type\":\"Product\"};</script><p>A lamp.</p>", "schema_product",
	       0);
	expect("microdata itemtype",
	       "<div itemscope itemtype=\"https://schema.org/DiscussionForumPosting\">"
	       "<p>A post.</p></div>",
	       "schema_forum", 1);
	expect("itemprop datePublished",
	       "<time itemprop=datePublished datetime=2024-01-02>2 January</time><p>Text.</p>",
	       "date_published", 1);
	expect("article:published_time",
	       "<meta property=\"article:published_time\" content=\"2024-01-02\"><p>Text.</p>",
	       "date_published", 1);
	expect("og:type product", "<meta property=og:type content=product.item><p>A lamp.</p>",
	       "og_product", 1);
	expect("og:type article", "<meta property=og:type content=article><p>Text.</p>",
	       "og_article", 1);

	const char *forum_url = "<link rel=canonical href=\"https://example.com/forum/thread/"
	                        "12345-boiler-pressure?page=2\"><p>A post.</p>";
	expect("path words", forum_url, "path_forum", 2);
	expect("path depth", forum_url, "path_depth", 3);
	expect("path number", forum_url, "path_number", 1);
	expect("path query not read", forum_url, "path_list", 0);
	expect(
	    "path year",
	    "<meta property=og:url content=\"https://example.com/news/2024/05/a-story\"><p>T.</p>",
	    "path_year", 1);
	expect("host not read",
	       "<link rel=canonical href=\"https://forum.example.com/\"><p>A post.</p>",
	       "path_forum", 0);

	const char *classes = "<div class=\"productPrice add-to-cart\" id=\"main-cart\">"
	                      "<span class=\"start_CTA_Start navbar\">Buy</span></div>";
	expect("class camel case", classes, "class_price", 1);
	expect("class words", classes, "class_add", 1);
	expect("class and id words", classes, "class_cart", 2);
	expect("class word in capitals", classes, "class_cta", 1);
	expect("class word inside a word", classes, "class_nav", 0);

	const char *cards = "<ul><li class=card><a href=/a>A</a></li><li class=card>B</li>"
	                    "<li class=card>C</li><li class=other>D</li><li class=card>E</li>"
	                    "<li class=card>F</li></ul>";
	expect("tags counted", cards, "tag_LI", 6);

	expect("prices",
	       "<p>Now $12 and 12,50 \xe2\x82\xac, was \xc2\xa3 9; US$ for ever, \xe2\x82\xac "
	       "off.</p>",
	       "prices", 3);
	expect("no text, no prices", "<p></p>", "prices", 0);
}

/* The words pith_page_words gave, each as its hash. */
typedef struct heard_words {
	uint64_t hashes[64];
	size_t count;
} heard_words;

static void hear(uint64_t hash, void *context)
{
	heard_words *heard = context;
	if (heard->count < sizeof heard->hashes / sizeof *heard->hashes)
		heard->hashes[heard->count] = hash;
	heard->count++;
}

static uint64_t word_hash(const char *word)
{
	return pith_word_hash_string(PITH_WORD_HASH_START, word);
}

/* The words of page, in order, are expected (a list ending in NULL). */
static void expect_words(const char *test, const char *page, const char *const *expected)
{
	if (!measure(page)) {
		check(false, test, "extraction failed");
		return;
	}
	heard_words heard = {0};
	pith_page_words(extractor, hear, &heard);
	size_t n = 0;
	while (expected[n])
		n++;
	bool same = heard.count == n;
	for (size_t i = 0; same && i < n; i++)
		same = heard.hashes[i] == word_hash(expected[i]);
	check(same, test, "%zu words, expected %zu (or a word differs)", heard.count, n);
}

static void test_words(void)
{
	/* FNV-1a's 64-bit test vector: the hash is the one the model's
	 * training reads (tools/page_features.c --words). */
	check(word_hash("a") == 0xaf63dc4c8601ec8cu, "word hash", "FNV-1a of \"a\" is %llx",
	      (unsigned long long)word_hash("a"));
	expect_words("a short block, lowercased, and whole", "<p>Free Shipping</p>",
	             (const char *const[]){"free", "shipping", "s_free_shipping", NULL});
	expect_words("a linked block", "<p><a href=/cart>Add to cart</a></p>",
	             (const char *const[]){"l_add", "l_to", "l_cart", "s_l_add_to_cart", NULL});
	expect_words("a block of five words has no whole", "<p>One two three, four-5.</p>",
	             (const char *const[]){"one", "two", "three", "four", "5", NULL});
	expect_words("a foreign word is left out, and its block's whole",
	             "<p>Gr\xc3\xb6\xc3\x9f"
	             "e 42</p>",
	             (const char *const[]){"42", NULL});
	expect_words("a block without words is whole", "<p>Size</p><p>|</p>",
	             (const char *const[]){"size", "s_size", "s_", NULL});
}

/* Pages whose type is plain: the model must tell them. */
static void test_model(void)
{
	static const char forum[] =
	    "<html><head><title>Boiler pressure drops overnight - Heating forum</title>"
	    "<link rel=canonical href=\"https://example.com/forum/threads/boiler-pressure.48213/\">"
	    "</head><body><nav><a href=/forum>Forums</a></nav><main>"
	    "<h1>Boiler pressure drops overnight</h1>"
	    "<div class=\"message-list thread\">"
	    "<article class=\"message post\" "
	    "itemtype=\"https://schema.org/DiscussionForumPosting\">"
	    "<div class=\"message-user\"><img class=avatar src=/a.png><a class=username "
	    "href=/members/tom>tom</a><span class=member-title>Member</span></div>"
	    "<div class=\"message-content\"><p>Every morning the gauge reads half a bar. I have "
	    "topped it up twice this week. Is the expansion vessel gone?</p></div>"
	    "<div class=message-actions><a class=reply href=#>Reply</a> <a class=quote href=#>"
	    "Quote</a></div></article>"
	    "<article class=\"message post\" itemtype=\"https://schema.org/Comment\">"
	    "<div class=\"message-user\"><img class=avatar src=/b.png><a class=username "
	    "href=/members/ann>ann</a><span class=member-title>Member</span></div>"
	    "<div class=\"message-content\"><p>Check the pressure relief valve outside first: if "
	    "the pipe drips, that is where it goes.</p></div>"
	    "<div class=message-actions><a class=reply href=#>Reply</a> <a class=quote href=#>"
	    "Quote</a></div></article>"
	    "<article class=\"message post\" itemtype=\"https://schema.org/Comment\">"
	    "<div class=\"message-user\"><img class=avatar src=/c.png><a class=username "
	    "href=/members/tom>tom</a><span class=member-title>Member</span></div>"
	    "<div class=\"message-content\"><p>It was the valve. Replaced it and the pressure has "
	    "held for three days now. Thanks!</p></div>"
	    "<div class=message-actions><a class=reply href=#>Reply</a> <a class=quote href=#>"
	    "Quote</a></div></article></div>"
	    "<form class=reply-form><textarea></textarea><button>Post reply</button></form>"
	    "</main></body></html>";
	check(measure(forum), "forum page", "extraction failed");
	float confidence = 0, region_confidence = 0;
	pith_page_type region_type = PITH_PAGE_TYPE_UNKNOWN;
	pith_page_type type =
	    pith_page_type_predict(extractor, &confidence, &region_type, &region_confidence);
	check(type == PITH_PAGE_TYPE_FORUM, "forum page", "told %s (%.2f)",
	      pith_page_type_name(type), confidence);
	check(region_type == PITH_PAGE_TYPE_FORUM, "forum page: the region's type",
	      "told %s (%.2f)", pith_page_type_name(region_type), region_confidence);
	check(extraction.page_type == type && extraction.page_type_confidence == confidence,
	      "forum page: the extraction's type", "%s %.2f",
	      pith_page_type_name(extraction.page_type), extraction.page_type_confidence);

	static const char article[] =
	    "<html><head><title>The harbour works begin</title>"
	    "<meta property=og:type content=article>"
	    "<meta property=\"article:published_time\" content=\"2024-05-02T08:00:00Z\">"
	    "<link rel=canonical href=\"https://example.com/news/2024/05/02/harbour-works\">"
	    "</head><body><header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>"
	    "<article class=\"post entry\"><h1>The harbour works begin</h1>"
	    "<p class=byline>By Ann Lee, 2 May 2024</p>"
	    "<p>The harbour works begin on Monday and will close the north quay for most of the "
	    "summer season, the port authority said on Thursday in a statement to the council.</p>"
	    "<p>Ferries move to the south quay while the old piers are rebuilt with stone from the "
	    "quarry above the town, which reopened last year after two decades of disuse.</p>"
	    "<p>Fishermen who moor at the north quay have been offered berths in the marina at no "
	    "cost until the works end, which the authority expects to happen in October.</p>"
	    "<p>The council approved the plan in March after a consultation in which most of the "
	    "replies welcomed the repairs but asked for the ferry timetable to stay as it is.</p>"
	    "</article><footer><p>&copy; 2024 The Harbour Gazette</p></footer></body></html>";
	check(measure(article), "article page", "extraction failed");
	type = pith_page_type_predict(extractor, &confidence, &region_type, &region_confidence);
	check(type == PITH_PAGE_TYPE_ARTICLE, "article page", "told %s (%.2f)",
	      pith_page_type_name(type), confidence);
	check(region_type == PITH_PAGE_TYPE_ARTICLE, "article page: the region's type",
	      "told %s (%.2f)", pith_page_type_name(region_type), region_confidence);
	check(confidence > 0 && confidence <= 1, "confidence is a share", "%g", confidence);
	check(region_confidence > 0 && region_confidence <= 1, "the region's confidence is a share",
	      "%g", region_confidence);
}

/* pith_region_type: the reported type for a page of parts, the
 * regression's for an article or where the reported one is unsure, an
 * article where neither is sure. */
static void test_region_type(void)
{
	static const struct {
		pith_page_type reported;
		float confidence;
		pith_page_type regression;
		float regression_confidence;
		pith_page_type expected;
	} cases[] = {
	    {PITH_PAGE_TYPE_SERVICE, 0.6f, PITH_PAGE_TYPE_ARTICLE, 0.7f, PITH_PAGE_TYPE_SERVICE},
	    {PITH_PAGE_TYPE_LISTING, 0.5f, PITH_PAGE_TYPE_ARTICLE, 0.4f, PITH_PAGE_TYPE_LISTING},
	    {PITH_PAGE_TYPE_FORUM, 0.9f, PITH_PAGE_TYPE_ARTICLE, 0.9f, PITH_PAGE_TYPE_FORUM},
	    {PITH_PAGE_TYPE_ARTICLE, 0.6f, PITH_PAGE_TYPE_SERVICE, 0.7f, PITH_PAGE_TYPE_SERVICE},
	    {PITH_PAGE_TYPE_SERVICE, 0.4f, PITH_PAGE_TYPE_LISTING, 0.6f, PITH_PAGE_TYPE_LISTING},
	    {PITH_PAGE_TYPE_SERVICE, 0.4f, PITH_PAGE_TYPE_LISTING, 0.45f, PITH_PAGE_TYPE_ARTICLE},
	    {PITH_PAGE_TYPE_ARTICLE, 0.9f, PITH_PAGE_TYPE_ARTICLE, 0.9f, PITH_PAGE_TYPE_ARTICLE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pith_page_type got =
		    pith_region_type(cases[i].reported, cases[i].confidence, cases[i].regression,
		                     cases[i].regression_confidence, 0.5);
		check(got == cases[i].expected, "region type", "case %zu: %s, expected %s", i,
		      pith_page_type_name(got), pith_page_type_name(cases[i].expected));
	}
}

/* pith_metadata: the caller's type with confidence 1, else the model's. */
static void test_metadata(void)
{
	static const char page[] = "<html><body><article><h1>A title</h1><p>The harbour works "
	                           "begin on Monday and will close the north quay.</p></article>"
	                           "</body></html>";
	pith_ctx *ctx = pith_ctx_new();
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	const pith_result *r = pith_ctx_extract(ctx, page, strlen(page), &options);
	check(r->status == PITH_OK && r->metadata->page_type &&
	          strcmp(r->metadata->page_type, "unknown") != 0 &&
	          r->metadata->page_type_confidence > 0 && r->metadata->page_type_confidence <= 1,
	      "told type in the metadata", "%s %.2f", r->metadata ? r->metadata->page_type : "-",
	      r->metadata ? r->metadata->page_type_confidence : 0);
	options.page_type = PITH_PAGE_TYPE_LISTING;
	r = pith_ctx_extract(ctx, page, strlen(page), &options);
	check(r->status == PITH_OK && strcmp(r->metadata->page_type, "listing") == 0 &&
	          r->metadata->page_type_confidence == 1,
	      "caller's type in the metadata", "%s %.2f",
	      r->metadata ? r->metadata->page_type : "-",
	      r->metadata ? r->metadata->page_type_confidence : 0);
	pith_ctx_free(ctx);
}

/* --favor moves the confidence a type's region needs: less noise asks
 * for more, fewer lost words for less. */
static void test_favor(void)
{
	double balanced = pith_tuning_for(PITH_FAVOR_BALANCED)->page_type_confidence;
	double precision = pith_tuning_for(PITH_FAVOR_PRECISION)->page_type_confidence;
	double recall = pith_tuning_for(PITH_FAVOR_RECALL)->page_type_confidence;
	check(recall < balanced && balanced < precision && recall > 0 && precision < 1,
	      "favor and the type's confidence", "recall %g, balanced %g, precision %g", recall,
	      balanced, precision);
}

int main(void)
{
	parser = pith_html_parser_new();
	extractor = pith_extractor_new();
	pith_dom_init(&dom);
	if (!parser || !extractor)
		return 1;
	pith_html_parser_set_noscript_bounds(parser, true);
	test_measurements();
	test_words();
	test_model();
	test_region_type();
	test_metadata();
	test_favor();
	pith_dom_release(&dom);
	pith_extractor_free(extractor);
	pith_html_parser_free(parser);
	printf("page-type: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
