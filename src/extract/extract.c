/* Main-content extraction: which part of the tree is the article, and
 * which of its pieces are not. docs/DESIGN.md walks through the decisions
 * with the measurements behind them; tools/explain.c shows them on a page.
 *
 * 1. Segment (segment.c, one walk of the body): skip what is never
 *    content, cut the rest into blocks with measured features, give each
 *    element its evidence (tag, role, class and id) and the values of its
 *    own blocks.
 * 2. Region: settle which elements are boilerplate, total the scores, and
 *    take the best-scoring element outside boilerplate (inside <main>
 *    when that holds the prose), narrowed to the headline's article or
 *    widened to a landing page's whole landmark.
 * 3. Filter inside the region: boilerplate elements, link lists and
 *    link-dominated blocks (not on index pages), pagers, the headline
 *    (it is the title field), headings left with nothing under them.
 * 4. De-duplicate: repeated blocks, and teasers that are the start of
 *    another block.
 * The product (pith_extraction, extract.h) then hands the blocks, kept or
 * not, to the document model (src/document/) and the renderers
 * (src/render/). */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/fold.h"
#include "../base/utf8.h"
#include "extract_internal.h"
#include "labels.h"
#include "page_type.h"

pith_extractor *pith_extractor_new(void)
{
	return calloc(1, sizeof(pith_extractor));
}

void pith_extractor_free(pith_extractor *ex)
{
	if (!ex)
		return;
	free(ex->blocks);
	free(ex->elements);
	free(ex->seen);
	pith_buffer_free(&ex->text);
	free(ex->trace);
	free(ex->product_blocks);
	pith_buffer_free(&ex->title_element);
	pith_buffer_free(&ex->og_title);
	free(ex);
}

size_t pith_extractor_memory(const pith_extractor *ex)
{
	return sizeof *ex + ex->block_capacity * sizeof(pith_block) +
	       ex->element_capacity * sizeof(pith_element_info) + ex->text.capacity +
	       ex->trace_capacity * sizeof(pith_node_trace) + ex->title_element.capacity +
	       ex->og_title.capacity + ex->seen_capacity * sizeof(uint32_t) +
	       ex->product_capacity * sizeof(pith_text_block);
}

/* ---- step 2: the region ---- */

/* True when a is b or an ancestor of b. */
static bool is_ancestor(const pith_dom *dom, pith_node_id a, pith_node_id b)
{
	for (;;) {
		if (a == b)
			return true;
		if (b == 0)
			return false;
		b = dom->nodes[b].parent;
	}
}

/* A page often holds more prose than its article: teasers of other
 * articles below it, each with an excerpt, can outweigh the article, and
 * the highest score then goes to a wrapper around both. The article is
 * where its headline is: the smallest element around the headline that
 * holds a fair share of the region's prose (headline_prose_share) is the
 * region, when it lies
 * inside it. */
static pith_node_id narrow_to_headline(const pith_extractor *ex, const pith_dom *dom,
                                       pith_node_id region)
{
	if (!ex->headline)
		return region;
	double needed = ex->tuning->headline_prose_share * ex->elements[region].prose;
	for (pith_node_id id = ex->blocks[ex->headline - 1].owner; id && id != region;
	     id = dom->nodes[id].parent) {
		const pith_element_info *e = &ex->elements[id];
		if (e->prose > 0 && e->prose >= needed && e->score > 0)
			return is_ancestor(dom, region, id) ? id : region;
	}
	return region;
}

/* Whether the page has a headline and e's blocks include it. */
static bool spans_headline(const pith_extractor *ex, const pith_element_info *e)
{
	uint32_t headline = ex->headline - 1;
	return ex->headline && headline >= e->block_begin && headline < e->block_end;
}

/* An element named for other pages' stories (related, recommend...)
 * without the headline: a recommended story shown in full is not this
 * page's, however long, so no share of the prose makes it content. */
static bool tells_other_story(const pith_extractor *ex, const pith_element_info *e)
{
	return e->evidence == PITH_EVIDENCE_NAMED && pith_word_names_other_pages(e->named_word) &&
	       ex->headline && !spans_headline(ex, e);
}

/* On a product's page, an element named for reviews without the
 * headline holds its buyers' reviews, not its description: however much
 * of the page they are (a popular product's reviews often outweigh it),
 * no share of the prose makes them content, unless they are all of it
 * (hidden_page_share: an editorial review typed as a product).
 * docs/DESIGN.md, "A product's reviews", has the measurements. */
static bool holds_buyers_reviews(const pith_extractor *ex, const pith_element_info *e)
{
	return ex->region_type == PITH_PAGE_TYPE_PRODUCT && e->evidence == PITH_EVIDENCE_NAMED &&
	       e->named_word == PITH_WORD_REVIEW && !spans_headline(ex, e) &&
	       e->prose < ex->tuning->hidden_page_share * ex->elements[ex->body].prose;
}

/* Four words name boilerplate on some page types and content on others,
 * unless the page's elements so named hold family_share of its prose:
 *
 * - a teaser is a card that leads to another page, in an article (and a
 *   forum thread) the "more on this" box between or after the
 *   paragraphs, when teaser_link_share of its text or more is link (one
 *   without links is the article's own lead); on a listing or a service
 *   page, teasers are the page;
 * - a gallery in an article is its photos' captions and credits,
 *   repeated and shown one at a time ("Image 1 of 5", "Back to
 *   Gallery"); on a product or service page it is the product's, and
 *   on a forum a theme may name the whole post so ("tc-gallery-style");
 *   so is a slider of photos;
 * - reviews on a product's page are its buyers' ("Verified buyer", the
 *   stars, "Was this helpful?"), not its description, whatever their
 *   share (holds_buyers_reviews); in an article a review is the article
 *   (a film's, a product's). */
static bool is_boilerplate_for_type(const pith_extractor *ex, const pith_element_info *e)
{
	const pith_tuning *t = ex->tuning;
	if (holds_buyers_reviews(ex, e))
		return true;
	if (!pith_word_for_some_types(e->named_word) || e->evidence != PITH_EVIDENCE_NAMED ||
	    ex->word_prose[e->named_word] >= t->family_share * ex->elements[ex->body].prose)
		return false;
	if (e->named_word == PITH_WORD_TEASER)
		return (ex->region_type == PITH_PAGE_TYPE_ARTICLE ||
		        ex->region_type == PITH_PAGE_TYPE_FORUM) &&
		       e->link_chars >= t->teaser_link_share * e->chars;
	if (e->named_word == PITH_WORD_REVIEW)
		return ex->region_type == PITH_PAGE_TYPE_PRODUCT;
	return ex->region_type == PITH_PAGE_TYPE_ARTICLE;
}

/* Class names are evidence, not proof. An element named as boilerplate is
 * content when it holds content_share of the page's prose ("has-sidebar"
 * on the column with the article), and so is every element named with a
 * word whose elements together hold family_share of it (the "comment"
 * posts of a forum thread; an article's comments, even many, hold less),
 * or, inside the main landmark, family_share of its prose (a thread's
 * "reply" posts in <main>, on a page whose sidebars of activity and
 * member news hold more prose than the thread).
 * Without comment_families, neither makes an element named "comment"
 * content: an article's comments are not its text, however many (see
 * article_region). With comments_are_replies, every element so named is
 * content: a forum thread's replies (forum_replies). Nor is an element
 * named for other pages' stories (related, recommend...) that does not
 * hold the headline: a recommended story shown in full under a short
 * one.
 * A <footer> or <aside> stays boilerplate, but for an article's own
 * <header> or <footer> on a page of cards (cards_own_landmarks,
 * cards_region); an element made invisible
 * (visibility:hidden) does too, unless it holds hidden_page_share of the
 * prose, or on a page its scripts reveal more than half the characters
 * (show_scripted_page): then it is a page hidden until its scripts run.
 * Once the page's type is told, so is an element its type makes boilerplate
 * (is_boilerplate_for_type: a slider in an article). Marks
 * in_boilerplate top-down: an element is in it when it or an ancestor is
 * boilerplate; sets comments_content when comments were taken as content. */
static void mark_boilerplate(pith_extractor *ex, const pith_dom *dom, bool comment_families)
{
	const pith_tuning *t = ex->tuning;
	pith_node_id root = ex->body;
	double page_prose = ex->elements[root].prose;
	/* Each word's prose inside the main landmark (its outermost named
	 * elements there), and where the landmark's subtree ends in the walk
	 * below (pre-order: the landmark's subtree is one stretch of it). */
	double main_word_prose[PITH_BOILERPLATE_WORDS + 1] = {0};
	pith_node_id main = ex->main, after_main = 0;
	double main_prose = main ? ex->elements[main].prose : 0;
	/* A word's prose in the landmark is at most its prose in the page: a
	 * page where no word has enough needs no walk of the landmark. */
	bool any_family = false;
	for (size_t w = 1; w <= PITH_BOILERPLATE_WORDS; w++)
		any_family |= ex->word_prose[w] >= t->family_share * main_prose;
	if (!any_family || main_prose <= 0)
		main = 0;
	for (pith_node_id id = main; id;) {
		const pith_element_info *e = &ex->elements[id];
		bool named = e->named_word != 0 && id != main;
		if (named)
			main_word_prose[e->named_word] += e->prose;
		id = pith_dom_next_in_order(dom, main, id, named);
	}
	if (main)
		after_main = pith_dom_next_in_order(dom, root, main, true);
	bool in_main = false;
	/* Not before the type is told: none is then (is_boilerplate_for_type). */
	bool typed = ex->region_type != PITH_PAGE_TYPE_UNKNOWN;
	for (pith_node_id id = root; id; id = pith_dom_next_in_order(dom, root, id, false)) {
		pith_element_info *e = &ex->elements[id];
		if (id == main)
			in_main = true;
		else if (id == after_main)
			in_main = false;
		bool main_family = in_main && main_prose > 0 &&
		                   main_word_prose[e->named_word] >= t->family_share * main_prose;
		bool family =
		    main_family || ex->word_prose[e->named_word] >= t->family_share * page_prose;
		bool comments = e->named_word == PITH_WORD_COMMENT;
		bool named = e->evidence == PITH_EVIDENCE_NAMED &&
		             !pith_word_for_some_types(e->named_word) &&
		             ((e->prose < t->content_share * page_prose && !family &&
		               !(comments && ex->comments_are_replies)) ||
		              (comments && !comment_families) || tells_other_story(ex, e));
		ex->comments_content |= e->evidence == PITH_EVIDENCE_NAMED && comments && !named;
		bool invisible = e->evidence == PITH_EVIDENCE_INVISIBLE &&
		                 e->prose < t->hidden_page_share * page_prose &&
		                 !(ex->show_undisplayed && 2 * e->chars > ex->elements[root].chars);
		bool landmark = e->evidence == PITH_EVIDENCE_LANDMARK &&
		                !(e->article_landmark && ex->cards_own_landmarks);
		e->is_boilerplate =
		    landmark || named || invisible || (typed && is_boilerplate_for_type(ex, e));
		e->in_boilerplate =
		    id != root &&
		    (e->is_boilerplate || ex->elements[dom->nodes[id].parent].in_boilerplate);
	}
}

/* Adds each element's children's scores to its own (segmenting summed
 * only its own blocks): a boilerplate child counts against its parent
 * with all its text, so a region does not grow to take it in. Post-order,
 * so a child is complete before its parent takes it. */
static void total_scores(pith_extractor *ex, const pith_dom *dom)
{
	for (size_t i = 0; i < dom->node_count; i++)
		ex->elements[i].score = ex->elements[i].own_score;
	pith_node_id root = ex->body, id = root;
	for (;;) {
		if (dom->nodes[id].first_child) {
			id = dom->nodes[id].first_child;
			continue;
		}
		for (;;) {
			if (id == root)
				return;
			const pith_element_info *e = &ex->elements[id];
			pith_element_info *parent = &ex->elements[dom->nodes[id].parent];
			parent->score += e->is_boilerplate ? -(double)e->chars : e->score;
			if (dom->nodes[id].next_sibling) {
				id = dom->nodes[id].next_sibling;
				break;
			}
			id = dom->nodes[id].parent;
		}
	}
}

/* Prose of root's subtree outside boilerplate elements. */
static double clean_prose(const pith_extractor *ex, const pith_dom *dom, pith_node_id root)
{
	double prose = ex->elements[root].prose;
	pith_node_id id = root;
	while (id) {
		const pith_element_info *e = &ex->elements[id];
		bool skip = e->is_boilerplate && id != root;
		if (skip)
			prose -= e->prose;
		id = pith_dom_next_in_order(dom, root, id, skip);
	}
	return prose;
}

/* On a page typed as an article, an element of at most forms.max_chars
 * characters that holds an e-mail field is a sign-up (a newsletter's),
 * or holds one, and is never the article: on a page whose article is
 * shorter than the box (a video's caption), the box won the region.
 * Only on an article's page: a shop's main landmark around a product of
 * few lines holds the shop's newsletter form too. docs/DESIGN.md, "A
 * sign-up is no region", has the measurements. */
static bool is_sign_up(const pith_extractor *ex, const pith_element_info *e)
{
	return ex->region_type == PITH_PAGE_TYPE_ARTICLE && e->holds_email_field &&
	       e->chars <= ex->tuning->forms.max_chars;
}

/* The element with the highest score, never one inside boilerplate (a
 * footer's fine print, a consent banner). When the page has a main
 * landmark (<main>, role=main) that holds at least half its prose, the
 * region is inside it. With nothing scoring above zero (a page of links,
 * a product grid), the landmark or the body is the region. The walk is in
 * pre-order, so on a tie the outer element, seen first, stays: its extra
 * blocks cost nothing; a sign-up never wins (is_sign_up). Then
 * narrow_to_headline, and spread_share. */
static pith_node_id choose_region(pith_extractor *ex, const pith_dom *dom, bool comment_families)
{
	ex->comments_content = false;
	mark_boilerplate(ex, dom, comment_families);
	total_scores(ex, dom);
	pith_node_id scope = ex->body;
	if (ex->headline_main && !ex->elements[ex->headline_main].in_boilerplate)
		scope = ex->headline_main;
	else if (ex->main && !ex->elements[ex->main].in_boilerplate &&
	         2 * ex->elements[ex->main].prose >= ex->elements[ex->body].prose)
		scope = ex->main;
	pith_node_id best = scope;
	double best_score = 0;
	pith_node_id id = scope;
	while (id) {
		const pith_element_info *e = &ex->elements[id];
		double score = e->score * (e->evidence == PITH_EVIDENCE_CONTENT
		                               ? ex->tuning->content_evidence_weight
		                               : 1.0);
		if (!e->in_boilerplate && e->block_end > e->block_begin && score > best_score &&
		    !is_sign_up(ex, e)) {
			best = id;
			best_score = score;
		}
		id = pith_dom_next_in_order(dom, scope, id, e->in_boilerplate);
	}
	pith_node_id narrowed = narrow_to_headline(ex, dom, best);
	bool headline_article = narrowed != best && dom->nodes[narrowed].tag == PITH_TAG_ARTICLE;
	best = narrowed;
	/* A landing page's text is spread over many sections, none of which
	 * holds most of it: when the best element holds less than
	 * spread_share of the main landmark's prose (boilerplate left out),
	 * the landmark is the region. Not when the headline narrowed it to
	 * an <article>: a site that scrolls on into its next articles puts
	 * each in an <article> of its own in the same landmark, and the
	 * page's article is the headline's. */
	if (scope == ex->main && !headline_article &&
	    ex->elements[best].prose < ex->tuning->spread_share * clean_prose(ex, dom, scope))
		return scope;
	return best;
}

const char *const pith_drop_reason_names[PITH_DROP_REASONS] = {
    [PITH_KEPT] = "keep",
    [PITH_DROP_OUTSIDE] = "outside",
    [PITH_DROP_BOILERPLATE] = "boilerplate",
    [PITH_DROP_LINK_LIST] = "link-list",
    [PITH_DROP_LINKS] = "links",
    [PITH_DROP_PAGER] = "pager",
    [PITH_DROP_HEADLINE] = "headline",
    [PITH_DROP_REPEAT] = "repeat",
    [PITH_DROP_TEASER] = "teaser",
    [PITH_DROP_ORPHAN] = "orphan",
    [PITH_DROP_DATELINE] = "dateline",
    [PITH_DROP_LABEL] = "label",
    [PITH_DROP_FRAGMENT] = "fragment",
    [PITH_DROP_CAPTION] = "caption",
    [PITH_DROP_FRAME] = "frame",
    [PITH_DROP_CARD_LIST] = "card-list",
    [PITH_DROP_GALLERY] = "gallery",
    [PITH_DROP_FORM] = "form",
    [PITH_DROP_COUNT] = "count",
};

/* ---- step 3: filter inside the region ---- */

static void drop_range(pith_extractor *ex, uint32_t begin, uint32_t end, pith_drop_reason why)
{
	for (uint32_t i = begin; i < end; i++)
		if (!ex->blocks[i].dropped)
			ex->blocks[i].dropped = why;
}

/* A class or id name says an element is the page's header, but it holds
 * the headline: it is the article's head, its title with the lead or
 * summary that stands under it (MDN's "layout__header"), however named.
 * Not a landmark (<header> is the site's), and not on a forum, where the
 * element around the thread's title holds the thread's furniture (its
 * author, tags and counts). docs/DESIGN.md, "The headline's element",
 * has the measurements. */
static bool holds_headline(const pith_extractor *ex, const pith_element_info *e)
{
	return ex->region_type != PITH_PAGE_TYPE_FORUM && e->evidence == PITH_EVIDENCE_NAMED &&
	       spans_headline(ex, e);
}

/* The prose of the elements under region (itself included) that its
 * page type makes boilerplate (is_boilerplate_for_type): none on a page
 * without those words. */
static double prose_boilerplate_for_type(const pith_extractor *ex, const pith_dom *dom,
                                         pith_node_id region)
{
	bool any_word = false;
	for (unsigned w = PITH_WORD_TEASER; w <= PITH_WORD_REVIEW; w++)
		any_word |= ex->word_prose[w] > 0;
	double prose = 0;
	for (pith_node_id id = any_word ? region : 0; id;) {
		bool boilerplate = is_boilerplate_for_type(ex, &ex->elements[id]);
		if (boilerplate)
			prose += ex->elements[id].prose;
		id = pith_dom_next_in_order(dom, region, id, boilerplate);
	}
	return prose;
}

/* On a service page, the elements named promo, banner or cta are what
 * the page pitches (the hero, the tiles of its services, the offer and
 * the button under it), not a promotion beside the page's text as on an
 * article: they stay. docs/DESIGN.md, "A service page's pitch", has the
 * measurements. */
static bool is_service_pitch(const pith_extractor *ex, const pith_element_info *e)
{
	return ex->region_type == PITH_PAGE_TYPE_SERVICE && e->evidence == PITH_EVIDENCE_NAMED &&
	       pith_word_is_pitch(e->named_word);
}

/* On a forum thread, an element named "signature" is a poster's line
 * under a post (a title, a pitch, a link to a shop), never a post, whatever
 * its share: under short posts one long signature holds most of the
 * thread's prose. Elsewhere the word may name content (a restaurant's
 * "signature-dishes"), and the share guards it as any class name. */
static bool is_forum_signature(const pith_extractor *ex, const pith_element_info *e)
{
	return ex->region_type == PITH_PAGE_TYPE_FORUM && e->evidence == PITH_EVIDENCE_NAMED &&
	       pith_word_is_signature(e->named_word);
}

/* In an article, a heading whose class names other pages' stories
 * ("relatedpoststitle", "trending__title") heads a list of them, though
 * their elements are named as content (<article>, "post"): it and what
 * follows it in its parent go. Not the headline, and not when its parent
 * is the region. Only the class counts: a heading's id is made from its
 * text ("recommended-providers"). */
static bool heads_other_pages(const pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                              pith_node_id id)
{
	const pith_element_info *e = &ex->elements[id];
	return e->heads_other_pages && ex->region_type == PITH_PAGE_TYPE_ARTICLE && id != region &&
	       dom->nodes[id].parent != region && e->block_begin + 1 != ex->headline;
}

/* A product's, a shop's, a listing, documentation, a service page: not
 * one text (an article, a forum's thread) but parts side by side. */
static bool is_page_of_parts(pith_page_type type)
{
	return type != PITH_PAGE_TYPE_UNKNOWN && type != PITH_PAGE_TYPE_ARTICLE &&
	       type != PITH_PAGE_TYPE_FORUM;
}

/* On a page of parts (a product's, a shop's, a listing, documentation, a
 * service page), an element named "header" that begins after the
 * headline is a part's header ("card-header", "section-header", a
 * price table's "record--header"), not the page's banner, which comes
 * before it: it stays. Not in an article, where one under the headline
 * heads the story's byline or its pictures, nor on a forum, where a
 * post's header is its author and date. docs/DESIGN.md, "named", has
 * the measurements. */
static bool is_part_header(const pith_extractor *ex, const pith_element_info *e)
{
	return is_page_of_parts(ex->region_type) && ex->headline &&
	       e->block_begin >= ex->headline && e->evidence == PITH_EVIDENCE_NAMED &&
	       pith_word_is_header(e->named_word);
}

/* Elements inside the region whose class, id or role says boilerplate
 * lose their blocks, unless they hold boilerplate_kept_share of the
 * region's prose and at least boilerplate_kept_prose characters of it: a
 * class name is evidence, not proof ("no-sidebar" on an article), but
 * not for another page's story (tells_other_story), a product's
 * reviews (holds_buyers_reviews) or a forum poster's signature
 * (is_forum_signature); nor does the element
 * around the headline (holds_headline), nor a part's header
 * (is_part_header). */
static void drop_boilerplate_elements(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	double share = ex->tuning->boilerplate_kept_share;
	pith_node_id id = pith_dom_next_in_order(dom, region, region, false);
	while (id) {
		const pith_element_info *e = &ex->elements[id];
		bool drop = ((e->is_boilerplate && !is_part_header(ex, e)) ||
		             is_boilerplate_for_type(ex, e)) &&
		            !is_service_pitch(ex, e) &&
		            (!(e->prose > share * r->prose &&
		               e->prose > ex->tuning->boilerplate_kept_prose) ||
		             tells_other_story(ex, e) || holds_buyers_reviews(ex, e) ||
		             is_forum_signature(ex, e)) &&
		            !holds_headline(ex, e);
		if (drop)
			drop_range(ex, e->block_begin, e->block_end, PITH_DROP_BOILERPLATE);
		if (!drop && heads_other_pages(ex, dom, region, id))
			drop_range(ex, e->block_begin,
			           ex->elements[dom->nodes[id].parent].block_end,
			           PITH_DROP_BOILERPLATE);
		id = pith_dom_next_in_order(dom, region, id, drop);
	}
}

/* A list whose items are mostly links (link_list_density of its text) is
 * a menu, a tag cloud or a list of related articles, however it is
 * styled, unless it holds link_list_max_prose characters of prose or more
 * (references with their sentences). */
static void drop_link_lists(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_tuning *t = ex->tuning;
	pith_node_id id = region;
	while (id) {
		const pith_node *node = &dom->nodes[id];
		const pith_element_info *e = &ex->elements[id];
		bool drop = node->type == PITH_NODE_ELEMENT && node->ns == PITH_NS_HTML &&
		            (node->tag == PITH_TAG_UL || node->tag == PITH_TAG_OL) &&
		            e->chars > 0 && e->link_chars >= t->link_list_density * e->chars &&
		            e->prose < t->link_list_max_prose;
		if (drop)
			drop_range(ex, e->block_begin, e->block_end, PITH_DROP_LINK_LIST);
		id = pith_dom_next_in_order(dom, region, id, drop);
	}
}

static bool is_pager(const pith_block *b)
{
	return b->link_chars > 0 && b->number_words >= 2 && b->number_words * 2 >= b->words;
}

static void filter_blocks(pith_extractor *ex, pith_node_id region, bool index_page)
{
	const pith_element_info *r = &ex->elements[region];
	const pith_tuning *t = ex->tuning;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped)
			continue;
		if (is_pager(b)) {
			b->dropped = PITH_DROP_PAGER;
			continue;
		}
		/* Text around the links that forms sentences: an entry of a
		 * list of references, not a menu. And an item of a list that
		 * is no menu (drop_link_lists took those): a release note's
		 * linked items, a reference; but not on a forum, where such
		 * lists beside the posts name posters and tags. */
		bool list_entry = b->list_owner && ex->region_type != PITH_PAGE_TYPE_FORUM;
		if (!pith_is_prose(b, &t->linked_prose) && !index_page && !b->heading_level &&
		    !list_entry && b->link_chars > t->max_link_density * b->chars)
			b->dropped = PITH_DROP_LINKS;
	}
}

/* Precision keeps what reads as the author's: a block that is not prose
 * and shorter than fragment_max_chars goes ("Share", "4 min read", a
 * stray label no table names), unless it is a heading, a list item or a
 * table cell, which are read with their neighbours. */
static void drop_fragments(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	const pith_tuning *t = ex->tuning;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && !b->heading_level && !b->list_owner && !b->table &&
		    b->chars < t->fragment_max_chars && !pith_is_prose(b, &t->region_prose))
			b->dropped = PITH_DROP_FRAGMENT;
	}
}

/* A heading with nothing kept under it goes ("Elsewhere" over a dropped
 * list of links, a heading at the very end): one whose next kept block is a
 * heading of its level or above, or nothing. Some stand alone
 * (lone_headings: balanced's; with --favor recall all stay, with
 * precision none): on an index page a heading that is wholly a link is a
 * card's title, the link to the item; on a service page or a listing
 * every heading stays, a section's pitch over a picture or a button
 * ("Built for teams of every size"), a card's title over its picture.
 * Walks backwards, so a heading's own subheadings are settled before
 * it. */
static void drop_orphan_headings(pith_extractor *ex, pith_node_id region, bool index_page)
{
	const pith_element_info *r = &ex->elements[region];
	pith_lone_headings lone = ex->tuning->lone_headings;
	bool page_of_sections =
	    ex->region_type == PITH_PAGE_TYPE_SERVICE || ex->region_type == PITH_PAGE_TYPE_LISTING;
	if (lone == PITH_LONE_HEADINGS_ALL ||
	    (lone == PITH_LONE_HEADINGS_PARTS && page_of_sections))
		return;
	bool card_titles = index_page && lone == PITH_LONE_HEADINGS_PARTS;
	const pith_block *next_kept = NULL;
	for (uint32_t i = r->block_end; i-- > r->block_begin;) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped)
			continue;
		if (b->heading_level && !(card_titles && b->chars && b->link_chars == b->chars) &&
		    (!next_kept ||
		     (next_kept->heading_level && next_kept->heading_level <= b->heading_level))) {
			b->dropped = PITH_DROP_ORPHAN;
			continue;
		}
		next_kept = b;
	}
}

/* ---- step 4: de-duplication ---- */

static uint32_t hash_text(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ? h : 1;
}

/* The hash tables probe at most MAX_PROBES slots: pages built so that many
 * texts share a hash cost a bounded time each, at the price of a missed
 * duplicate. */
#define MAX_PROBES 32

/* Clears the hash table for entries items: returns its size in slots (a
 * power of two, at least twice entries), or 0 when memory runs out. */
static size_t empty_table(pith_extractor *ex, size_t entries)
{
	size_t slots = 64;
	while (slots < 2 * entries)
		slots *= 2;
	uint32_t *seen = pith_grow(ex->seen, &ex->seen_capacity, slots, sizeof *seen, slots);
	if (!seen)
		return 0;
	ex->seen = seen;
	memset(ex->seen, 0, slots * sizeof *ex->seen);
	return slots;
}

/* What part a block plays, for drop_repeats: a repeat in another part is
 * not one. */
typedef enum block_role {
	ROLE_TEXT,    /* the run of the text */
	ROLE_QUOTE,   /* inside a <blockquote> or <aside>: a pull quote */
	ROLE_CAPTION, /* inside a <figure>: its caption */
} block_role;

/* A block's owner is the element open when it ends, so the text of a
 * <figcaption> without inner blocks is owned by its <figure>: the text
 * of a figure is its caption. */
static block_role role_of(const pith_dom *dom, const pith_block *b, pith_node_id region)
{
	for (pith_node_id id = b->owner; id && id != region; id = dom->nodes[id].parent) {
		if (dom->nodes[id].tag == PITH_TAG_BLOCKQUOTE ||
		    dom->nodes[id].tag == PITH_TAG_ASIDE)
			return ROLE_QUOTE;
		if (dom->nodes[id].tag == PITH_TAG_FIGCAPTION ||
		    dom->nodes[id].tag == PITH_TAG_FIGURE)
			return ROLE_CAPTION;
	}
	return ROLE_TEXT;
}

/* Precision drops an image's caption: it describes the picture, not the
 * text (metric a precision: WCXB dev 0.845 to 0.846, fundus 0.923 to
 * 0.943, newspaper 0.964 to 0.976). Balanced keeps captions: an image's
 * caption is the author's words (docs/DESIGN.md, "The article's frame"). */
static void drop_captions(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	if (!ex->tuning->drop_captions)
		return;
	const pith_element_info *r = &ex->elements[region];
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && role_of(dom, b, region) == ROLE_CAPTION)
			b->dropped = PITH_DROP_CAPTION;
	}
}

static bool same_text(const pith_extractor *ex, const pith_block *a, const pith_block *b)
{
	return a->text_length == b->text_length &&
	       memcmp(ex->text.data + a->text_start, ex->text.data + b->text_start,
	              b->text_length) == 0;
}

/* A field's name: a short line that ends in a colon ("Weight:", "Pros:",
 * "重量："), which names the value after it. A review of ten tents gives
 * each its "Weight:" and "Peak height:", and each is another tent's: its
 * repeats are not copies. Not on a forum, where the names that repeat
 * are each poster's card ("Messages:", "Joined:"), not the thread's. */
static bool is_field_name(const pith_extractor *ex, const pith_block *b)
{
	static const char fullwidth_colon[] = "\xef\xbc\x9a";
	const char *text = ex->text.data + b->text_start;
	size_t n = b->text_length;
	return ex->region_type != PITH_PAGE_TYPE_FORUM && n &&
	       b->chars <= ex->tuning->field_name_max_chars &&
	       (text[n - 1] == ':' || (n >= 3 && memcmp(text + n - 3, fullwidth_colon, 3) == 0));
}

/* Drops a block whose text was already kept in the same role (a hash set
 * over kept blocks of repeat_min_chars or more: shorter ones are words
 * that may repeat). However long, a paragraph given twice is read once
 * (up to 200 characters only, before: 79 of WCXB's 1,358 pages repeat a
 * line of 100 or more characters more often than their truth), unless it
 * is longer than repeat_beside_chars and in the same part of the page as
 * its first copy (Readability's test pages repeat a Lorem ipsum paragraph
 * between their headings, and their truth keeps each: dropping those cost
 * the set 0.03 of F1). A pull quote that repeats a paragraph, or a
 * caption, is another part of the page and stays. Table cells are exempt:
 * "Yes" may repeat; so are a field's names (is_field_name). So, on a
 * documentation page, is a block in a panel a reader opens (a hidden
 * tab): a reference gives the same steps once per language or platform,
 * a tab each, and every tab is its text. */
static bool drop_repeats(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	size_t slots = empty_table(ex, r->block_end - r->block_begin);
	if (!slots)
		return false;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped || b->table || b->text_length < ex->tuning->repeat_min_chars ||
		    is_field_name(ex, b) ||
		    (b->disclosed && ex->region_type == PITH_PAGE_TYPE_DOCUMENTATION))
			continue;
		const char *text = ex->text.data + b->text_start;
		block_role role = role_of(dom, b, region);
		size_t slot = (hash_text(text, b->text_length) + role) & (slots - 1);
		for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & (slots - 1)) {
			uint32_t other = ex->seen[slot];
			if (!other) {
				ex->seen[slot] = i + 1;
				break;
			}
			const pith_block *o = &ex->blocks[other - 1];
			/* A long paragraph given again in the same part of
			 * the page is the author's: the elements around the
			 * two copies' containers (a block's owner is the
			 * element around its <p>) are one. In another part it
			 * is a copy (a summary at the top and the foot). */
			bool beside = b->text_length > ex->tuning->repeat_beside_chars &&
			              dom->nodes[o->owner].parent == dom->nodes[b->owner].parent;
			if (!beside && same_text(ex, o, b) && role_of(dom, o, region) == role) {
				b->dropped = PITH_DROP_REPEAT;
				break;
			}
		}
	}
	return true;
}

/* Length of text without a trailing ellipsis ("...", "…", "[…]", "[...]")
 * and the spaces before it; 0 when there is none. */
static size_t strip_ellipsis(const char *s, size_t n)
{
	static const char *const marks[] = {"[\xe2\x80\xa6]", "[...]", "\xe2\x80\xa6", "..."};
	for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
		size_t k = strlen(marks[m]);
		if (n >= k && memcmp(s + n - k, marks[m], k) == 0) {
			n -= k;
			while (n && s[n - 1] == ' ')
				n--;
			return n;
		}
	}
	return 0;
}

/* A teaser is a block that is the beginning of another kept block, often
 * cut with an ellipsis: the excerpt a blog shows above the article. Kept
 * blocks are indexed by the hash of their first teaser_min_chars bytes;
 * with MAX_PROBES, pages of paragraphs that all open alike stay linear. */
static bool drop_teasers(pith_extractor *ex, pith_node_id region)
{
	const uint32_t min_chars = ex->tuning->teaser_min_chars;
	const pith_element_info *r = &ex->elements[region];
	size_t slots = empty_table(ex, r->block_end - r->block_begin);
	if (!slots)
		return false;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (b->dropped || b->text_length <= min_chars)
			continue;
		size_t slot = hash_text(ex->text.data + b->text_start, min_chars) & (slots - 1);
		for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & (slots - 1)) {
			if (!ex->seen[slot]) {
				ex->seen[slot] = i + 1;
				break;
			}
		}
	}
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped || b->heading_level || b->text_length < min_chars)
			continue;
		const char *text = ex->text.data + b->text_start;
		size_t n = strip_ellipsis(text, b->text_length);
		if (!n)
			n = b->text_length;
		if (n < min_chars)
			continue;
		size_t slot = hash_text(text, min_chars) & (slots - 1);
		for (int probe = 0; ex->seen[slot] && probe < MAX_PROBES;
		     slot = (slot + 1) & (slots - 1), probe++) {
			const pith_block *o = &ex->blocks[ex->seen[slot] - 1];
			if (o == b || o->dropped || o->text_length <= n)
				continue;
			if (memcmp(ex->text.data + o->text_start, text, n) == 0) {
				b->dropped = PITH_DROP_TEASER;
				break;
			}
		}
	}
	return true;
}

/* The headline (find_headline's) is the title field, not body text: it is
 * dropped when it opens the region, only headings before it. */
static void drop_headline(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	if (!ex->headline)
		return;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped)
			continue;
		if (i == ex->headline - 1)
			b->dropped = PITH_DROP_HEADLINE;
		if (!b->heading_level || b->dropped)
			return;
	}
}

/* A dateline: a short block that is a date or a time and little else
 * ("06.11.2025, 21:18 Uhr", "Stand: 26.04.2024", "21. Mai 2026",
 * "2024年5月3日 10:30", "March 5, 2024"). It states when the page was
 * written or changed, which the metadata reports; it is not the author's
 * text, in any language. The test needs no words: the block has at most
 * dateline_max_chars characters (a sentence in Chinese is one run of
 * letters), its runs of letters and of digits number at most
 * dateline_max_runs, at least half
 * of them are digits (two or more), and one is a year (19xx, 20xx) or a
 * clock time (h:mm). A table cell or list item is left alone: a table or
 * list of dates is content. */
static bool is_dateline(const pith_extractor *ex, const pith_block *b)
{
	if (b->table || b->list_owner || b->chars > ex->tuning->dateline_max_chars)
		return false;
	const char *s = ex->text.data + b->text_start;
	size_t n = b->text_length;
	unsigned runs = 0, digit_runs = 0;
	bool year_or_time = false;
	for (size_t i = 0; i < n;) {
		if (pith_ascii_is_digit(s[i])) {
			size_t start = i;
			while (i < n && pith_ascii_is_digit(s[i]))
				i++;
			size_t length = i - start;
			year_or_time |= length == 4 && (memcmp(s + start, "19", 2) == 0 ||
			                                memcmp(s + start, "20", 2) == 0);
			year_or_time |= length <= 2 && i + 2 < n && s[i] == ':' &&
			                pith_ascii_is_digit(s[i + 1]) &&
			                pith_ascii_is_digit(s[i + 2]);
			runs++;
			digit_runs++;
		} else if (pith_ascii_is_alpha(s[i]) || (unsigned char)s[i] >= 0x80) {
			/* Letters, ASCII or not (the bytes of a non-ASCII
			 * character), up to the next digit or ASCII separator. */
			while (i < n && !pith_ascii_is_digit(s[i]) &&
			       (pith_ascii_is_alpha(s[i]) || (unsigned char)s[i] >= 0x80))
				i++;
			runs++;
		} else {
			i++;
		}
		if (runs > ex->tuning->dateline_max_runs)
			return false;
	}
	return year_or_time && digit_runs >= 2 && digit_runs * 2 >= runs;
}

static void drop_datelines(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && is_dateline(ex, b))
			b->dropped = PITH_DROP_DATELINE;
	}
}

/* Marks around a label that are not part of it: "Read more »", "Share:",
 * "› Related", "Weiterlesen …". */
static bool is_label_mark(uint32_t c)
{
	return c == ' ' || c == ':' || c == '.' || c == '!' || c == '|' || c == '+' || c == '>' ||
	       c == '#' || c == 0xB7 /* middle dot */ || c == 0xBB /* » */ ||
	       c == 0x2022 /* bullet */ || c == 0x2026 /* … */ || c == 0x203A /* › */ ||
	       c == 0x2192 /* → */ || c == 0x25B6 /* ▶ */ || c == 0xFF1A /* fullwidth colon */;
}

static int compare_label(const void *key, const void *entry)
{
	return strcmp(key, *(const char *const *)entry);
}

/* A label: a block whose whole text, folded and without the marks around
 * it, is one of the labels that a page's furniture writes in one of 25
 * languages ("Read more", "Lesen Sie auch", "相关阅读", "Поделиться";
 * src/extract/labels/ has a table per language, and says where its words
 * come from). The same words in a sentence are the author's. A table
 * cell is left: a table's words are its data. */
static bool is_label(const pith_extractor *ex, const pith_block *b)
{
	if (b->table || b->chars > PITH_LABEL_MAX_CHARS ||
	    b->text_length > 2 * PITH_LABEL_MAX_BYTES)
		return false;
	const char *p = ex->text.data + b->text_start, *end = p + b->text_length;
	char folded[PITH_LABEL_MAX_BYTES + 1];
	size_t length = 0, kept = 0; /* kept: length up to the last non-mark */
	while (p < end) {
		uint32_t c = pith_next_folded(&p, end);
		if (c == 0xA0) /* no-break space */
			c = ' ';
		if (length == 0 && is_label_mark(c))
			continue;
		char bytes[4];
		size_t n = (size_t)(pith_put_utf8(bytes, c) - bytes);
		if (length + n > PITH_LABEL_MAX_BYTES)
			return false;
		memcpy(folded + length, bytes, n);
		length += n;
		if (!is_label_mark(c))
			kept = length;
	}
	if (kept == 0)
		return false;
	folded[kept] = '\0';
	return bsearch(folded, pith_labels, PITH_LABEL_COUNT, sizeof *pith_labels, compare_label);
}

static void drop_labels(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && is_label(ex, b))
			b->dropped = PITH_DROP_LABEL;
	}
}

/* A table of data keeps every cell: a cell that is only a link (a name
 * in its first column, "Download") is the row's key, and dropping it
 * shifts the row under the wrong header. In a table with a kept cell and
 * no block of over data_cell_max_chars characters, cells dropped for
 * their links come back; those named boilerplate or repeated stay out. A
 * longer block makes it a table that lays out a page (a forum's posts
 * beside their authors' links, a menu column), whose link cells are the
 * page's navigation. */
static void keep_table_cells(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	const uint32_t cell_max_chars = ex->tuning->data_cell_max_chars;
	for (uint32_t i = r->block_begin; i < r->block_end;) {
		pith_node_id table = ex->blocks[i].table;
		uint32_t end = i + 1;
		bool kept = !ex->blocks[i].dropped;
		bool layout = ex->blocks[i].chars > cell_max_chars;
		for (; table && end < r->block_end && ex->blocks[end].table == table; end++) {
			kept |= !ex->blocks[end].dropped;
			layout |= ex->blocks[end].chars > cell_max_chars;
		}
		for (uint32_t k = i; table && k < end; k++) {
			pith_block *b = &ex->blocks[k];
			b->in_layout_table = layout;
			if (kept && !layout &&
			    (b->dropped == PITH_DROP_LINKS || b->dropped == PITH_DROP_PAGER))
				b->dropped = PITH_KEPT;
		}
		i = end;
	}
}

/* A region whose every block the filters took is a page made only of
 * links or headings (an index, a stub), or of figures (precision's
 * captions: a wall of quotes): its text, not nothing, is what it has to
 * say. Blocks named as boilerplate or repeated stay out. */
static void keep_something(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	for (uint32_t i = r->block_begin; i < r->block_end; i++)
		if (!ex->blocks[i].dropped)
			return;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (b->dropped == PITH_DROP_LINKS || b->dropped == PITH_DROP_LINK_LIST ||
		    b->dropped == PITH_DROP_PAGER || b->dropped == PITH_DROP_ORPHAN ||
		    b->dropped == PITH_DROP_FRAGMENT || b->dropped == PITH_DROP_CAPTION)
			b->dropped = PITH_KEPT;
	}
}

/* Arrays and buffers that one huge page grew past EXTRACT_RETAIN_BYTES
 * are freed when the next page starts, so a batch run does not hold a
 * pathological page's memory (40 bytes per node) forever. Real pages need
 * well under a tenth of it. */
#define EXTRACT_RETAIN_BYTES ((size_t)16 * 1024 * 1024)

static void release_oversized(pith_extractor *ex)
{
	if (ex->element_capacity * sizeof *ex->elements > EXTRACT_RETAIN_BYTES) {
		free(ex->elements);
		ex->elements = NULL;
		ex->element_capacity = 0;
	}
	if (ex->block_capacity * sizeof *ex->blocks > EXTRACT_RETAIN_BYTES) {
		free(ex->blocks);
		ex->blocks = NULL;
		ex->block_capacity = 0;
	}
	if (ex->seen_capacity * sizeof *ex->seen > EXTRACT_RETAIN_BYTES) {
		free(ex->seen);
		ex->seen = NULL;
		ex->seen_capacity = 0;
	}
	if (ex->product_capacity * sizeof *ex->product_blocks > EXTRACT_RETAIN_BYTES) {
		free(ex->product_blocks);
		ex->product_blocks = NULL;
		ex->product_capacity = 0;
	}
	if (ex->trace_capacity * sizeof *ex->trace > EXTRACT_RETAIN_BYTES) {
		free(ex->trace);
		ex->trace = NULL;
		ex->trace_capacity = 0;
	}
	pith_buffer_clear(&ex->text, EXTRACT_RETAIN_BYTES);
	pith_buffer_clear(&ex->title_element, EXTRACT_RETAIN_BYTES);
	pith_buffer_clear(&ex->og_title, EXTRACT_RETAIN_BYTES);
}

/* Steps 3 and 4 for a region: every block outside it, and the filtered
 * and repeated ones inside it, are marked dropped. On an index page (a
 * list of articles, a Wikipedia list) links are the content: the region
 * keeps its link lists and link blocks. False when memory runs out. */
bool pith_extract_region(pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                         bool index_page)
{
	ex->region = region;
	for (size_t i = 0; i < ex->block_count; i++)
		ex->blocks[i].dropped = PITH_KEPT;
	const pith_element_info *r = &ex->elements[region];
	drop_range(ex, 0, r->block_begin, PITH_DROP_OUTSIDE);
	drop_range(ex, r->block_end, (uint32_t)ex->block_count, PITH_DROP_OUTSIDE);
	drop_boilerplate_elements(ex, dom, region);
	if (!index_page)
		drop_link_lists(ex, dom, region);
	filter_blocks(ex, region, index_page);
	drop_fragments(ex, region);
	drop_captions(ex, dom, region);
	keep_table_cells(ex, region);
	drop_headline(ex, region);
	drop_datelines(ex, region);
	drop_labels(ex, region);
	if (!drop_repeats(ex, dom, region) || !drop_teasers(ex, region))
		return false;
	drop_orphan_headings(ex, region, index_page);
	keep_something(ex, region);
	return true;
}

/* A page that shows less than a paragraph of prose but hid elements with
 * inline display:none is a page its scripts reveal (an access gate, a
 * block deferred until scripts run): it is segmented again with
 * display:none read as visibility:hidden, evidence that an element is
 * boilerplate unless it holds hidden_page_share of the prose or, on such
 * a page, more than half its characters (a shop's grid of cards, titles
 * and prices, has no prose; mark_boilerplate). show_undisplayed stays set
 * for the rest of the page. Two WCXB dev product pages went from nothing
 * to their descriptions (its products' word F1 0.613 to 0.630), two
 * magichtml forum pages of a line or two gained a line; no other dev
 * page moved. By characters, two collections gained their cards. */
static pith_status show_scripted_page(pith_extractor *ex, const pith_dom *dom)
{
	if (!ex->undisplayed || ex->elements[ex->body].prose >= ex->tuning->region_prose.long_chars)
		return PITH_OK;
	ex->show_undisplayed = true;
	return pith_segment(ex, dom);
}

/* The innermost element under region that holds share of its prose:
 * its children are followed while one holds that share of the element's
 * prose, and more than one block (a lone paragraph is a part of an
 * article, not its body), and is not boilerplate (a post's sixty
 * comments, a footer's fine print on a page with no other prose: the
 * filters drop them, so they are no core). With clean (precision's
 * narrowing), nor is a child whose prose is all inside boilerplate (a
 * rail around a sign-up box). region itself when no child does. */
static pith_node_id core_of(const pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                            double share, bool clean)
{
	for (pith_node_id c = dom->nodes[region].first_child; c;) {
		double prose = ex->elements[region].prose;
		const pith_element_info *e = &ex->elements[c];
		if (dom->nodes[c].type == PITH_NODE_ELEMENT && prose > 0 && !e->in_boilerplate &&
		    e->prose >= share * prose && e->block_end - e->block_begin > 1 &&
		    (!clean || clean_prose(ex, dom, c) > 0)) {
			region = c;
			c = dom->nodes[c].first_child;
		} else {
			c = dom->nodes[c].next_sibling;
		}
	}
	return region;
}

/* An article's comments are not its text, even when they hold most of
 * the page's prose, which made them content (mark_boilerplate): a blog
 * post under sixty comments, in markup no different from a forum
 * thread's posts, which the page type tells apart. On a page typed as an
 * article the region is chosen again with comments as boilerplate, unless
 * nothing but them holds prose (region_prose.long_chars of it outside
 * boilerplate): then the page is a thread taken for an article.
 * docs/DESIGN.md, "An article's comments", has the measurements. */
static pith_node_id article_region(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	if (!ex->comments_content)
		return region;
	pith_node_id without = choose_region(ex, dom, false);
	if (clean_prose(ex, dom, without) >= ex->tuning->region_prose.long_chars)
		return without;
	/* Chosen again, not just returned: the filters read the boilerplate
	 * marks and scores, which the choice without families rewrote. */
	return choose_region(ex, dom, true);
}

/* --favor moves the region, where most of what a page gains or loses
 * lies (thresholds inside a region moved precision and recall by at most
 * 0.003 on every dev set). Precision narrows it to the child holding
 * core_share of its prose, as long as there is one: what is beside that
 * child is the region's frame. Recall widens it to its closest ancestor
 * holding more blocks and keeps its links: the sections beside the
 * chosen one and the link lists inside it. docs/DESIGN.md has the
 * measured effect. */
static pith_node_id favored_region(const pith_extractor *ex, const pith_dom *dom,
                                   pith_node_id region, bool *index_page)
{
	const pith_tuning *t = ex->tuning;
	if (t->core_share > 0) {
		region = core_of(ex, dom, region, t->core_share, true);
	} else if (t->widen) {
		const pith_element_info *chosen = &ex->elements[region];
		for (pith_node_id up = region; up != ex->body && dom->nodes[up].parent;) {
			up = dom->nodes[up].parent;
			const pith_element_info *e = &ex->elements[up];
			if (e->block_begin < chosen->block_begin ||
			    e->block_end > chosen->block_end) {
				region = up;
				break;
			}
		}
		*index_page = true;
	}
	return region;
}

/* An article's frame: when one element inside the region holds
 * frame_share of its prose, the region's other blocks are what frames
 * the article (a byline box, a share bar, a photo line, an author's
 * note), and go, except the headings before that element, which open
 * it, and image captions (kept once). docs/DESIGN.md, "The article's
 * frame", has the measurements. */
static void drop_frame(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	if (ex->tuning->frame_share <= 0)
		return;
	pith_node_id core = core_of(ex, dom, region, ex->tuning->frame_share, false);
	const pith_element_info *r = &ex->elements[region];
	const pith_element_info *c = &ex->elements[core];
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		bool in_core = i >= c->block_begin && i < c->block_end;
		bool opens_core = i < c->block_begin && b->heading_level;
		if (!b->dropped && !in_core && !opens_core &&
		    role_of(dom, b, region) != ROLE_CAPTION)
			b->dropped = PITH_DROP_FRAME;
	}
}

/* A card holds at most this many blocks (a title, an excerpt, a date, a
 * byline: a handful): empty blocks cost no characters, and without a
 * bound the cards of nested elements would be read once per ancestor. */
#define CARD_MAX_BLOCKS 32

/* A card: an element of at most card_lists.max_chars characters holding
 * a linked title (a block of card_lists.title_chars or more, all link
 * text): a teaser of another page. */
static bool is_card(const pith_extractor *ex, const pith_dom *dom, pith_node_id id)
{
	const pith_card_list_test *t = &ex->tuning->card_lists;
	const pith_element_info *e = &ex->elements[id];
	if (dom->nodes[id].type != PITH_NODE_ELEMENT || e->chars > t->max_chars ||
	    e->block_end - e->block_begin > CARD_MAX_BLOCKS)
		return false;
	for (uint32_t i = e->block_begin; i < e->block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (b->chars >= t->title_chars && b->link_chars == b->chars)
			return true;
	}
	return false;
}

/* The characters outside links of blocks begin..end that are kept: of
 * the prose blocks only, or of every block. */
static double kept_text(const pith_extractor *ex, uint32_t begin, uint32_t end, bool prose_only)
{
	double chars = 0;
	for (uint32_t i = begin; i < end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (!b->dropped && (!prose_only || pith_is_prose(b, &ex->tuning->region_prose)))
			chars += b->chars - b->link_chars;
	}
	return chars;
}

static double kept_prose(const pith_extractor *ex, uint32_t begin, uint32_t end)
{
	return kept_text(ex, begin, end, true);
}

/* Teasers of other pages after an article ("more from", a feed of the
 * site's latest, an endless scroll's next stories): an element after the
 * article's core (the child holding card_lists.core_share of the
 * region's prose) whose children are card_lists.min_cards cards or more,
 * holding half its text or more, and no more characters than the core's
 * prose (a page mostly of cards is a listing, even one typed as an
 * article). Their excerpts are prose, so the filters inside the region
 * keep them. docs/DESIGN.md, "Lists of cards after an article", has the
 * measurements. */
static void drop_card_lists(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_card_list_test *t = &ex->tuning->card_lists;
	if (t->min_cards == 0)
		return;
	const pith_element_info *core =
	    &ex->elements[core_of(ex, dom, region, t->core_share, false)];
	/* The core itself is the list when the cards hold most of the prose
	 * (a river of the site's stories under a short article): it is
	 * after the article when it starts after the headline and after
	 * article_prose of kept prose, and no prose follows it (a list the
	 * article goes on after is the article's: a listicle's items). */
	const pith_element_info *r = &ex->elements[region];
	bool river = ex->headline && ex->headline - 1 < core->block_begin &&
	             kept_prose(ex, r->block_begin, core->block_begin) >= t->article_prose &&
	             kept_prose(ex, core->block_end, r->block_end) == 0;
	pith_node_id id = pith_dom_next_in_order(dom, region, region, false);
	while (id) {
		const pith_element_info *e = &ex->elements[id];
		bool drop = false;
		bool after_core = e->block_begin >= core->block_end && e->chars <= core->prose;
		/* The core, or an element around the same blocks: the one whose
		 * children are the cards. */
		bool is_river =
		    river && e->block_begin == core->block_begin && e->block_end == core->block_end;
		if (dom->nodes[id].type == PITH_NODE_ELEMENT && (after_core || is_river)) {
			uint32_t cards = 0, card_chars = 0;
			for (pith_node_id k = dom->nodes[id].first_child; k;
			     k = dom->nodes[k].next_sibling)
				if (is_card(ex, dom, k)) {
					cards++;
					card_chars += ex->elements[k].chars;
				}
			drop = cards >= t->min_cards && 2 * card_chars >= e->chars;
		}
		if (drop)
			drop_range(ex, e->block_begin, e->block_end, PITH_DROP_CARD_LIST);
		id = pith_dom_next_in_order(dom, region, id, drop);
	}
}

/* Is the block a count and nothing else: digits, with the separators,
 * signs and the k and M that counts are written with ("1,204", "3.2k",
 * "+15"), or a post's number ("#12")? */
static bool is_count(const pith_extractor *ex, const pith_block *b)
{
	static const char marks[] = ",. +-kKM#";
	if (b->chars == 0 || b->chars > ex->tuning->count_max_chars)
		return false;
	const char *s = ex->text.data + b->text_start;
	bool digit = false;
	for (uint32_t k = 0; k < b->text_length; k++) {
		if (pith_ascii_is_digit(s[k]))
			digit = true;
		else if (!memchr(marks, s[k], sizeof marks - 1))
			return false;
	}
	return digit;
}

/* A forum's counts: a number alone in its block is a post's votes, a
 * member's posts or a thread's replies and views, never a post (WCXB's
 * forum pages and magichtml's threads: 42 pages up, none down; on
 * every page the same rule took prices and figures of product and
 * service pages, so it is the forum's). Cells of a table and items of a
 * list keep theirs. */
static void drop_counts(pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && !b->table && !b->list_owner && !b->heading_level &&
		    is_count(ex, b))
			b->dropped = PITH_DROP_COUNT;
	}
}

/* A form inside an article: a consent box that stands in for an embedded
 * video ("I agree to be shown content from YouTube", beside its
 * checkbox), a newsletter's sign-up, a poll. Form controls are never
 * blocks, so the field itself is what tells the box apart, in any
 * language: the largest element around one of at most
 * forms.max_chars characters (and under half the region's) goes, when
 * the region holds at most forms.max_forms such boxes. More of them are
 * a checklist, a quiz or an accordion made of checkboxes, whose text is
 * the page's. docs/DESIGN.md, "Forms inside an article", has the
 * measurements. */
static void drop_forms(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_form_test *t = &ex->tuning->forms;
	if (t->max_forms == 0)
		return;
	const pith_element_info *r = &ex->elements[region];
	/* The same walk twice: the first counts the boxes, the second, when
	 * there are few enough, drops them. */
	for (int dropping = 0; dropping < 2; dropping++) {
		uint32_t forms = 0;
		pith_node_id id = pith_dom_next_in_order(dom, region, region, false);
		while (id) {
			const pith_element_info *e = &ex->elements[id];
			bool form = dom->nodes[id].type == PITH_NODE_ELEMENT && e->holds_field &&
			            e->chars > 0 && e->chars <= t->max_chars &&
			            2 * e->chars < r->chars;
			forms += form;
			if (form && dropping)
				drop_range(ex, e->block_begin, e->block_end, PITH_DROP_FORM);
			id = pith_dom_next_in_order(dom, region, id, form);
		}
		if (forms > t->max_forms)
			return;
	}
}

/* A slide counter at the start of a block: "3/12", "3 / 12", "3 of 12",
 * "3 von 12", "3of12" (a number; "/", or a word of letters of at most
 * GALLERY_WORD_BYTES between spaces or, of two Latin letters or more,
 * between the digits; a number not followed by a digit), with 1 <= slide <=
 * slides. A block that is the counter and nothing more may name what it
 * counts first ("Image 3 of 12", "Foto 3/12"). */
#define GALLERY_WORD_BYTES 6
static bool read_slide_counter(const char *s, size_t n, unsigned *slide, unsigned *slides)
{
	size_t i = 0;
	/* A word before the counter, when the block holds nothing else. */
	size_t named = 0;
	for (; named < n && s[named] != ' '; named++)
		if (named >= GALLERY_WORD_BYTES + 2 ||
		    !((unsigned char)s[named] >= 0x80 || pith_ascii_is_alpha(s[named])))
			break;
	bool alone = named > 0 && named < n && s[named] == ' ';
	if (alone)
		i = named;
	unsigned numbers[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		while (i < n && s[i] == ' ')
			i++;
		size_t digits = 0;
		for (; i < n && pith_ascii_is_digit(s[i]) && digits < 4; i++, digits++)
			numbers[k] = numbers[k] * 10 + (unsigned)(s[i] - '0');
		if (digits == 0 || digits > 3 || (i < n && pith_ascii_is_digit(s[i])))
			return false;
		if (k == 1)
			break;
		size_t spaces = 0;
		for (; i < n && s[i] == ' '; i++)
			spaces++;
		if (i < n && s[i] == '/') {
			i++;
			continue;
		}
		/* A word: letters (or bytes of other scripts), not a section
		 * number's "1.3". */
		size_t word = 0, ascii_letters = 0;
		for (; i < n && s[i] != ' ' && !pith_ascii_is_digit(s[i]); i++) {
			if (++word > GALLERY_WORD_BYTES ||
			    ((unsigned char)s[i] < 0x80 && !pith_ascii_is_alpha(s[i])))
				return false;
			ascii_letters += pith_ascii_is_alpha(s[i]);
		}
		bool spaced = spaces > 0 && i < n && s[i] == ' ';
		/* Joined to the digits, only a word of Latin letters: "3of12",
		 * not a range's "260–300". */
		bool joined = spaces == 0 && word >= 2 && ascii_letters == word && i < n &&
		              pith_ascii_is_digit(s[i]);
		if (word == 0 || !(spaced || joined))
			return false;
	}
	if (alone)
		for (; i < n; i++)
			if (s[i] != ' ' && s[i] != '|')
				return false;
	*slide = numbers[0];
	*slides = numbers[1];
	return *slide >= 1 && *slide <= *slides;
}

/* A gallery inside an article: blocks that start with slide counters of
 * one count ("1/50 ...", "2/50 ...": three slides or more), after
 * gallery_article_prose characters of the article's prose, or before
 * that much that is also more than the slides' text (a news agency's
 * photos of the story above its text). The smallest element around its
 * counters goes (drop reason gallery): slide titles, captions and
 * credits of other stories, or of photos the article has told. A page
 * whose slides hold most of its text is a slideshow, and stays. */
#define GALLERY_COUNTS 4
static void drop_galleries(pith_extractor *ex, const pith_dom *dom, pith_node_id region)
{
	const pith_tuning *t = ex->tuning;
	if (t->gallery_article_prose == 0)
		return;
	const pith_element_info *r = &ex->elements[region];
	struct {
		unsigned slides;
		uint64_t seen; /* bit k: slide k (mod 64) */
		uint32_t first, last;
	} counts[GALLERY_COUNTS] = {{0}};
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		unsigned slide, slides;
		if (!read_slide_counter(ex->text.data + b->text_start, b->text_length, &slide,
		                        &slides) ||
		    slides < 3)
			continue;
		for (int k = 0; k < GALLERY_COUNTS; k++) {
			if (counts[k].slides && counts[k].slides != slides)
				continue;
			if (!counts[k].slides) {
				counts[k].slides = slides;
				counts[k].first = i;
			}
			counts[k].seen |= (uint64_t)1 << (slide % 64);
			counts[k].last = i;
			break;
		}
	}
	for (int k = 0; k < GALLERY_COUNTS; k++) {
		if (__builtin_popcountll(counts[k].seen) < 3)
			continue;
		pith_node_id gallery = ex->blocks[counts[k].first].owner;
		while (gallery != region && ex->elements[gallery].block_end <= counts[k].last)
			gallery = dom->nodes[gallery].parent;
		const pith_element_info *g = &ex->elements[gallery];
		if (gallery == region)
			continue;
		double before = kept_prose(ex, r->block_begin, g->block_begin);
		double after = kept_prose(ex, g->block_end, r->block_end);
		double slides = kept_text(ex, g->block_begin, g->block_end, false);
		if (before >= t->gallery_article_prose ||
		    (after >= t->gallery_article_prose && after > slides))
			drop_range(ex, g->block_begin, g->block_end, PITH_DROP_GALLERY);
	}
}

/* An article continued in like elements. A layout of rows, each an
 * article column beside a sidebar (a news site's "most read" box beside
 * each part), or of sections split by full-width figures (Medium), cuts
 * the article into elements with one tag and class, of which the best
 * element is one. The nearest ancestor of the region, up to
 * continuation_levels above it, whose subtree holds as far below it as
 * the region other elements of the region's tag and class that hold a
 * paragraph of prose and are no boilerplate, is the region then, and
 * those elements, the region among them, are the article's parts
 * (drop_beside_parts drops what lies beside them). Not for a list's item
 * or a list: lists of one class side by side are tabs or columns of
 * stories. A like element holding no paragraph (a caption's box) is no
 * part. More than MAX_ARTICLE_PARTS like elements are a page of cards,
 * not an article in parts, and a look at more than MAX_PART_VISITS
 * elements gives up (bounding a page's cost): the region stays as
 * chosen. docs/DESIGN.md, "An article continued", has the
 * measurements. */
#define MAX_ARTICLE_PARTS 32
#define MAX_PART_VISITS 4096
typedef struct article_parts {
	pith_node_id ids[MAX_ARTICLE_PARTS]; /* in document order */
	pith_node_id whole;                  /* the ancestor holding them */
	uint32_t count, visits;
	bool overflow;
} article_parts;

static bool has_class(const pith_dom *dom, pith_node_id id, const pith_attr *cls)
{
	const pith_attr *other = pith_dom_attr(dom, id, "class");
	return other && other->value_len == cls->value_len &&
	       memcmp(other->value, cls->value, cls->value_len) == 0;
}

/* The parts depth levels below id, in document order. */
static void find_parts(const pith_extractor *ex, const pith_dom *dom, pith_node_id id, int depth,
                       pith_node_id region, const pith_attr *cls, article_parts *parts)
{
	for (pith_node_id c = dom->nodes[id].first_child; c && !parts->overflow;
	     c = dom->nodes[c].next_sibling) {
		if (dom->nodes[c].type != PITH_NODE_ELEMENT)
			continue;
		if (++parts->visits > MAX_PART_VISITS) {
			parts->overflow = true;
			return;
		}
		if (depth > 1) {
			find_parts(ex, dom, c, depth - 1, region, cls, parts);
			continue;
		}
		const pith_element_info *e = &ex->elements[c];
		bool part =
		    c == region ||
		    (dom->nodes[c].tag == dom->nodes[region].tag && !e->in_boilerplate &&
		     e->prose >= ex->tuning->region_prose.long_chars && has_class(dom, c, cls));
		if (!part)
			continue;
		if (parts->count == MAX_ARTICLE_PARTS)
			parts->overflow = true;
		else
			parts->ids[parts->count++] = c;
	}
}

static bool is_list_part(pith_tag tag)
{
	return tag == PITH_TAG_UL || tag == PITH_TAG_OL || tag == PITH_TAG_LI ||
	       tag == PITH_TAG_DL || tag == PITH_TAG_TR;
}

static pith_node_id continued_region(const pith_extractor *ex, const pith_dom *dom,
                                     pith_node_id region, article_parts *parts)
{
	const pith_attr *cls = pith_dom_attr(dom, region, "class");
	if (!cls || !cls->value_len || is_list_part(dom->nodes[region].tag))
		return region;
	pith_node_id up = region;
	for (int level = 1; level <= ex->tuning->continuation_levels; level++) {
		up = dom->nodes[up].parent;
		if (!up || up == ex->body)
			break;
		*parts = (article_parts){0};
		find_parts(ex, dom, up, level, region, cls, parts);
		if (parts->overflow)
			break;
		if (parts->count > 1) {
			parts->whole = up;
			return up;
		}
	}
	parts->count = 0; /* none found, or too many: no parts to keep */
	return region;
}

/* Beside an article's parts (continued_region), the blocks of the
 * element holding them are its frame (a sidebar between two parts), but
 * for the headings before the first part, which open it. Only inside
 * the region, and, as drop_frame, only where frame_share is set
 * (balanced): --favor precision narrows the region to its core, and
 * recall keeps the frame (on one WCXB page an article's own sections
 * of another class: 281 words of its truth against 2 not). */
static void drop_beside_parts(pith_extractor *ex, pith_node_id region, const article_parts *parts)
{
	if (parts->count < 2 || ex->tuning->frame_share <= 0)
		return;
	const pith_element_info *r = &ex->elements[region], *w = &ex->elements[parts->whole];
	uint32_t begin = r->block_begin > w->block_begin ? r->block_begin : w->block_begin;
	uint32_t end = r->block_end < w->block_end ? r->block_end : w->block_end;
	uint32_t first = ex->elements[parts->ids[0]].block_begin, k = 0;
	for (uint32_t i = begin; i < end; i++) {
		while (k < parts->count && ex->elements[parts->ids[k]].block_end <= i)
			k++;
		bool in_part = k < parts->count && i >= ex->elements[parts->ids[k]].block_begin;
		pith_block *b = &ex->blocks[i];
		if (!b->dropped && !in_part && !(i < first && b->heading_level))
			b->dropped = PITH_DROP_FRAME;
	}
}

/* A region where the blocks the filters dropped as links (blocks and
 * lists of them) hold grid_link_ratio times the characters of the blocks
 * they kept is a grid of cards, each a link (a shop's products on a page
 * typed as a product's): its links are its text, as an index page's, and
 * the filters run again so (a grid is rare; one pass over the blocks
 * tells it). Measured on WCXB dev: docs/DESIGN.md, "Region by page
 * type". */
static bool is_grid(const pith_extractor *ex, pith_node_id region)
{
	const pith_element_info *r = &ex->elements[region];
	uint64_t kept = 0, links = 0;
	for (uint32_t i = r->block_begin; i < r->block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (!b->dropped)
			kept += b->chars;
		else if (b->dropped == PITH_DROP_LINKS || b->dropped == PITH_DROP_LINK_LIST)
			links += b->chars;
	}
	return (double)links > ex->tuning->grid_link_ratio * (double)kept;
}

/* How each page type's region is chosen. An article is a run of prose,
 * which the best-scoring element finds. The other types are built of
 * parts, none of which holds most of the text (cards, sections, posts,
 * a product's description beside its specifications), so the best
 * element is one part and the rest is lost: their region is the main
 * landmark (<main>, role=main; else the body), boilerplate still dropped
 * inside it. Listings, collections, documentation and service pages keep
 * its links as an index page's (a card's title is a link); forums and
 * products keep the link filters (signatures, "customers also bought").
 * A main landmark that does not hold the best element, when that scores
 * above zero, is not where the text is (an empty <main> a script fills,
 * a thread or a landing page's sections beside it): the body is the
 * region then. Measured per type on WCXB dev: docs/DESIGN.md, "Region by
 * page type". */
typedef enum region_rule {
	REGION_BEST,           /* the best-scoring element (choose_region) */
	REGION_LANDMARK,       /* the main landmark, else the body */
	REGION_LANDMARK_INDEX, /* the same, its links kept */
} region_rule;

/* On a page of cards (a collection, a listing, a service page's tiles),
 * an <article>'s <header> or <footer> is its card's (the title, the
 * summary, the byline), not the page's banner: the region is chosen
 * again with them as content. On an article's page they stay
 * boilerplate (its kicker, share bar and tags). docs/DESIGN.md, "A
 * card's header", has the measurements. */
static pith_node_id cards_region(pith_extractor *ex, const pith_dom *dom,
                                 pith_page_type region_type, pith_node_id region)
{
	if (!ex->any_article_landmark ||
	    (region_type != PITH_PAGE_TYPE_COLLECTION && region_type != PITH_PAGE_TYPE_LISTING &&
	     region_type != PITH_PAGE_TYPE_SERVICE))
		return region;
	/* Marked again: the filters read the boilerplate marks. */
	ex->cards_own_landmarks = true;
	region = choose_region(ex, dom, true);
	ex->cards_own_landmarks = false;
	return region;
}

static const region_rule region_rules[PITH_PAGE_TYPES] = {
    [PITH_PAGE_TYPE_UNKNOWN] = REGION_BEST,
    [PITH_PAGE_TYPE_ARTICLE] = REGION_BEST,
    [PITH_PAGE_TYPE_FORUM] = REGION_LANDMARK,
    [PITH_PAGE_TYPE_PRODUCT] = REGION_LANDMARK,
    [PITH_PAGE_TYPE_COLLECTION] = REGION_LANDMARK_INDEX,
    [PITH_PAGE_TYPE_LISTING] = REGION_LANDMARK_INDEX,
    [PITH_PAGE_TYPE_DOCUMENTATION] = REGION_LANDMARK_INDEX,
    [PITH_PAGE_TYPE_SERVICE] = REGION_LANDMARK_INDEX,
};

static pith_node_id region_for_page_type(const pith_extractor *ex, const pith_dom *dom,
                                         pith_page_type page_type, pith_node_id region,
                                         bool *index_page)
{
	region_rule rule = region_rules[page_type];
	if (rule == REGION_BEST)
		return region;
	if (rule != REGION_LANDMARK)
		*index_page = true;
	if (!ex->main || ex->elements[ex->main].in_boilerplate ||
	    (region != ex->main && !is_ancestor(dom, ex->main, region) &&
	     ex->elements[region].score > 0))
		return ex->body;
	return ex->main;
}

/* A forum thread's replies named "comment" (Vanilla's CommentsWrap,
 * Lemmy's comment items) are its posts, though the opening post holds
 * more prose than the word's family share: on a page typed as a forum,
 * when elements named "comment" hold replies_share of the prose from the
 * first of them to the end of the landmark, they run to the end of the
 * thread and are its replies. Where other posts follow them (Stack
 * Exchange's comments under the question, then its answers), they are
 * comments on a post, which the thread's truth leaves out. Prose already
 * marked boilerplate after them (a sidebar's list of other questions, a
 * footer) is not a post and does not count.
 * docs/DESIGN.md, "A forum's replies", has the measurements. */
static bool forum_replies(const pith_extractor *ex, const pith_dom *dom)
{
	pith_node_id scope =
	    ex->main && !ex->elements[ex->main].in_boilerplate ? ex->main : ex->body;
	/* The replies' prose, and the part of it in boilerplate (so named,
	 * unless the word's family made them content). */
	double replies = 0, marked_replies = 0;
	uint32_t first = UINT32_MAX;
	for (pith_node_id id = scope; id;) {
		const pith_element_info *e = &ex->elements[id];
		bool reply =
		    e->evidence == PITH_EVIDENCE_NAMED && e->named_word == PITH_WORD_COMMENT;
		if (reply) {
			replies += e->prose;
			if (e->in_boilerplate)
				marked_replies += e->prose;
			if (e->block_begin < first)
				first = e->block_begin;
		}
		id = pith_dom_next_in_order(dom, scope, id, reply);
	}
	if (replies <= 0)
		return false;
	double after = marked_replies;
	for (uint32_t i = first; i < ex->elements[scope].block_end; i++) {
		const pith_block *b = &ex->blocks[i];
		if (!ex->elements[b->owner].in_boilerplate && !b->disclosed &&
		    pith_is_prose(b, &ex->tuning->region_prose))
			after += b->chars - b->link_chars;
	}
	return replies >= ex->tuning->replies_share * after;
}

/* The product: the blocks as the writers need them, the region and the
 * trace. False when memory runs out. */
static bool hand_on(pith_extractor *ex, pith_extraction *out)
{
	pith_text_block *blocks = pith_grow(ex->product_blocks, &ex->product_capacity,
	                                    ex->block_count, sizeof *blocks, 64);
	if (!blocks)
		return false;
	ex->product_blocks = blocks;
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		blocks[i] = (pith_text_block){
		    .text_start = b->text_start,
		    .text_length = b->text_length,
		    .list_owner = b->list_owner,
		    .row = b->row,
		    .column = b->column,
		    .data_cell = b->table && !b->in_layout_table,
		    .table = b->table,
		    .item_number = b->item_number,
		    .heading_level = b->heading_level,
		    .kept = b->dropped == PITH_KEPT,
		};
	}
	const pith_element_info *region = &ex->elements[ex->region];
	out->blocks = blocks;
	out->block_count = ex->block_count;
	out->text = ex->text.data;
	out->region = ex->region;
	out->region_begin = region->block_begin;
	out->region_end = region->block_end;
	out->trace = ex->tracing ? ex->trace : NULL;
	out->headline_block = ex->headline;
	if (ex->headline) {
		const pith_block *headline = &ex->blocks[ex->headline - 1];
		out->headline = ex->text.data + headline->text_start;
		out->headline_length = headline->text_length;
	}
	out->title_element = ex->title_element.data;
	out->title_element_length = ex->title_element.length;
	out->og_title = ex->og_title.data;
	out->og_title_length = ex->og_title.length;
	return true;
}

pith_status pith_extract_content(pith_extractor *ex, const pith_dom *dom, pith_favor favor,
                                 bool trace, pith_page_type page_type, pith_extraction *out)
{
	release_oversized(ex);
	static const char empty[] = "";
	*out = (pith_extraction){
	    .text = empty, .headline = empty, .title_element = empty, .og_title = empty};
	ex->block_count = 0;
	ex->region = 0;
	ex->tracing = trace;
	ex->tuning = pith_tuning_for(favor);
	ex->region_type = PITH_PAGE_TYPE_UNKNOWN;
	ex->show_undisplayed = false;
	if (dom->node_count == 0)
		return PITH_OK;
	pith_status status = pith_segment(ex, dom);
	if (status == PITH_OK)
		status = show_scripted_page(ex, dom);
	if (status != PITH_OK)
		return status;
	pith_node_id region = choose_region(ex, dom, true);
	/* The caller's type, else the model's (pith_region_type chooses
	 * between its trees' and its regression's type). */
	float confidence = 1;
	pith_page_type region_type = page_type;
	if (page_type == PITH_PAGE_TYPE_UNKNOWN) {
		float region_confidence;
		pith_page_features(ex, dom, region, ex->page_features);
		page_type =
		    pith_page_type_predict(ex, &confidence, &region_type, &region_confidence);
		region_type = pith_region_type(page_type, confidence, region_type,
		                               region_confidence, ex->tuning->page_type_confidence);
	}
	ex->region_type = region_type;
	/* The region was chosen before the type was told: where more than
	 * typed_boilerplate_share of it is what the type makes boilerplate
	 * (a slider of testimonials on a page of sections typed as an
	 * article), its filters would leave little or nothing, and it is
	 * chosen again with the type's words marked (one WCXB dev service
	 * page from nothing to 0.61; no other dev page moved). So is a
	 * region that the type makes a sign-up (is_sign_up). */
	if (prose_boilerplate_for_type(ex, dom, region) >
	        ex->tuning->typed_boilerplate_share * ex->elements[region].prose ||
	    is_sign_up(ex, &ex->elements[region]))
		region = choose_region(ex, dom, true);
	/* An article's parts, when it is cut into like elements. */
	article_parts parts = {0};
	if (region_type == PITH_PAGE_TYPE_ARTICLE) {
		region = article_region(ex, dom, region);
		region = continued_region(ex, dom, region, &parts);
	}
	if (region_type == PITH_PAGE_TYPE_FORUM && forum_replies(ex, dom)) {
		/* Marked again: the filters read the boilerplate marks. */
		ex->comments_are_replies = true;
		region = choose_region(ex, dom, true);
		ex->comments_are_replies = false;
	}
	region = cards_region(ex, dom, region_type, region);
	bool index_page = 2 * ex->elements[region].link_chars >= ex->elements[region].chars;
	region = favored_region(ex, dom, region, &index_page);
	region = region_for_page_type(ex, dom, region_type, region, &index_page);
	if (!pith_extract_region(ex, dom, region, index_page))
		return PITH_ERROR_NOMEM;
	if (!index_page && is_page_of_parts(region_type) && is_grid(ex, region)) {
		index_page = true;
		if (!pith_extract_region(ex, dom, region, index_page))
			return PITH_ERROR_NOMEM;
	}
	if (region_rules[region_type] == REGION_BEST) {
		drop_beside_parts(ex, region, &parts);
		drop_frame(ex, dom, region);
		drop_card_lists(ex, dom, region);
		drop_galleries(ex, dom, region);
		drop_forms(ex, dom, region);
	}
	if (region_type == PITH_PAGE_TYPE_FORUM)
		drop_counts(ex, region);
	if (!hand_on(ex, out))
		return PITH_ERROR_NOMEM;
	out->page_type = page_type;
	out->page_type_confidence = confidence;
	return PITH_OK;
}
