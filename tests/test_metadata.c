/* Metadata and comments: each source on a small page, date normalisation,
 * the JSON reader's edge cases, language detection, reader comments, and the
 * one-shot pith_extract's copy of it all. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "metadata/metadata_internal.h"
#include "pith.h"

/* ---- Dates ---- */

static void test_dates(void)
{
	static const char *const cases[][2] = {
	    {"2024-03-05", "2024-03-05"},
	    {"2024-03-05T10:20:30Z", "2024-03-05T10:20:30Z"},
	    {"2024-03-05T10:20:30.123Z", "2024-03-05T10:20:30Z"},
	    {"2024-03-05T10:20:30+01:00", "2024-03-05T10:20:30+01:00"},
	    {"2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"},
	    {"2015-07-10T09:53:00-04:00", "2015-07-10T09:53:00-04:00"},
	    {"2024-03-05T10:20-05", "2024-03-05T10:20:00-05:00"},
	    {"2018-04-05T06:00", "2018-04-05"}, /* no offset: the date */
	    {"2017-11-03 03:01:00.000000", "2017-11-03"},
	    {"  2024/3/5 ", "2024-03-05"},
	    {"2024.03.05", "2024-03-05"},
	    {"05.03.2024", "2024-03-05"},
	    {"25/12/2024", "2024-12-25"}, /* 25 cannot be a month */
	    {"Tue, 10 Jul 2015 09:53:00 -0400", "2015-07-10T09:53:00-04:00"},
	    {"Fri, 01 Mar 2024 08:00:00 GMT", "2024-03-01T08:00:00Z"},
	    {"March 5, 2024", "2024-03-05"},
	    {"Sept. 21st, 2019", "2019-09-21"},
	    {"5 March 2024", "2024-03-05"},
	    {"April 28, 2019 at 6:01 pm UTC", "2019-04-28T18:01:00Z"},
	    {"2024-02-29", "2024-02-29"}, /* a leap year */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[PITH_DATE_BYTES] = "";
		size_t n = pith_date_normalize(cases[i][0], strlen(cases[i][0]), NULL, out, NULL);
		char name[80];
		snprintf(name, sizeof name, "date '%s'", cases[i][0]);
		check(n == strlen(cases[i][1]) && strcmp(out, cases[i][1]) == 0, name,
		      "got '%s' (%zu), expected '%s'", out, n, cases[i][1]);
	}
	static const char *const refused[] = {
	    "2023-02-29",
	    "2024-13-01",
	    "2024-00-10",
	    "2024-04-31",
	    "2024-03-05T25:00:00Z",
	    "2024-03-05T10:61Z",
	    "2024-03-05T10:00+15:00",
	    "0999-01-01",
	    "yesterday",
	    "",
	    "12:30",
	    "Smarch 5, 2024",
	    "20240",
	    "2024-03",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char out[PITH_DATE_BYTES];
		char name[80];
		snprintf(name, sizeof name, "date refused '%s'", refused[i]);
		check(pith_date_normalize(refused[i], strlen(refused[i]), NULL, out, NULL) == 0,
		      name, "accepted as '%s'", out);
	}
	static const char *const urls[][2] = {
	    {"https://x.org/2016/03/07/slug/", "2016-03-07"},
	    {"https://x.org/news/2016-03-07-slug", "2016-03-07"},
	    {"https://x.org/2016/03/slug", ""},
	    {"https://2016.org/12/01/", ""}, /* the host is not the path */
	    {"https://x.org/p?d=/2016/03/07/", ""},
	    {"https://x.org/2016/02/30/", ""},
	};
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
		char out[PITH_DATE_BYTES] = "";
		size_t n = pith_date_from_url(urls[i][0], strlen(urls[i][0]), out);
		if (!n)
			out[0] = '\0';
		char name[80];
		snprintf(name, sizeof name, "url date '%s'", urls[i][0]);
		check_string(name, out, urls[i][1]);
	}
}

/* ---- JSON ---- */

static void test_json(void)
{
	pith_arena arena;
	pith_arena_init(&arena);
	pith_status status;
	const char *doc = "{\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\u00e9\\ud83d\\ude00"
	                  "\\n\\\"\", \"o\": {}}";
	pith_json *root = pith_json_parse(&arena, doc, strlen(doc), &status);
	check(root && root->type == PITH_JSON_OBJECT, "json object", "not parsed");
	const pith_json *s = pith_json_member(root, "s");
	check(s && strcmp(s->string, "x\xc3\xa9\xf0\x9f\x98\x80\n\"") == 0, "json escapes",
	      "got '%s'", s ? s->string : "(none)");
	const pith_json *a = pith_json_member(root, "a");
	size_t count = 0;
	for (const pith_json *v = a ? a->first : NULL; v; v = v->next)
		count++;
	check(count == 5 && a->first->next->type == PITH_JSON_NUMBER, "json array", "%zu values",
	      count);
	const char *lone = "\"\\ud800x\"";
	pith_json *v = pith_json_parse(&arena, lone, strlen(lone), &status);
	check(v && strcmp(v->string, "\xef\xbf\xbdx") == 0, "json lone surrogate", "not U+FFFD");
	static const char *const malformed[] = {
	    "",        "{",   "{\"a\" 1}", "[1,]x", "[1 2]",     "{\"a\":}", "\"abc",
	    "\"\\q\"", "tru", "[1]]",      "{1:2}", "\"\\u12\"", "\"abc\\",
	};
	for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
		char name[64];
		snprintf(name, sizeof name, "json malformed '%s'", malformed[i]);
		check(pith_json_parse(&arena, malformed[i], strlen(malformed[i]), &status) ==
		              NULL &&
		          status == PITH_OK,
		      name, "accepted");
	}
	/* Deeper than PITH_MAX_JSON_DEPTH: refused, not a stack overflow. */
	size_t depth = 100000;
	char *deep = malloc(2 * depth);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	check(pith_json_parse(&arena, deep, 2 * depth, &status) == NULL, "json deep",
	      "accepted %zu levels", depth);
	char ok_depth[2 * PITH_MAX_JSON_DEPTH + 2];
	memset(ok_depth, '[', PITH_MAX_JSON_DEPTH + 1);
	memset(ok_depth + PITH_MAX_JSON_DEPTH + 1, ']', PITH_MAX_JSON_DEPTH + 1);
	check(pith_json_parse(&arena, ok_depth, sizeof ok_depth, &status) != NULL,
	      "json at the depth limit", "refused");
	free(deep);
	/* More values than PITH_MAX_JSON_VALUES, and more bytes than
	 * PITH_MAX_JSON_BYTES: refused. */
	size_t values = PITH_MAX_JSON_VALUES + 10;
	char *many = malloc(2 * values + 2);
	many[0] = '[';
	for (size_t i = 0; i < values; i++) {
		many[1 + 2 * i] = '0';
		many[2 + 2 * i] = i + 1 < values ? ',' : ']';
	}
	check(pith_json_parse(&arena, many, 2 * values + 1, &status) == NULL, "json many values",
	      "accepted");
	free(many);
	size_t big = PITH_MAX_JSON_BYTES + 3;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	huge[0] = '"';
	huge[big - 1] = '"';
	check(pith_json_parse(&arena, huge, big, &status) == NULL, "json huge", "accepted");
	free(huge);
	pith_arena_release(&arena);
}

/* ---- Language ---- */

static void test_language(void)
{
	/* Sentences written for this test, each about ordinary news. The
	 * Latin, Cyrillic and Arabic ones go to CLD2; isiZulu, Norwegian,
	 * Slovak, Catalan, Bulgarian and Vietnamese are languages the word
	 * lists pith had before CLD2 named wrongly or not at all. */
	static const char *const cases[][2] = {
	    {"The results of the study were published in the journal and they have been widely "
	     "discussed by experts.",
	     "en"},
	    {"Die Ergebnisse der Studie wurden in der Zeitschrift veröffentlicht und sind von "
	     "Experten mit großem Interesse aufgenommen worden.",
	     "de"},
	    {"Les résultats de l'étude ont été publiés dans la revue et sont discutés par les "
	     "experts pour la première fois.",
	     "fr"},
	    {"Los resultados del estudio se publicaron en la revista y fueron discutidos por los "
	     "expertos con mucho interés.",
	     "es"},
	    {"I risultati dello studio sono stati pubblicati nella rivista e sono stati discussi "
	     "dagli esperti con grande interesse, anche per il metodo.",
	     "it"},
	    {"Os resultados do estudo foram publicados na revista e não foram discutidos pelos "
	     "especialistas com o interesse que se esperava.",
	     "pt"},
	    {"De resultaten van het onderzoek zijn gepubliceerd in het tijdschrift en worden door "
	     "de experts met veel belangstelling besproken.",
	     "nl"},
	    {"Els resultats de l'estudi es van publicar a la revista i els experts els han "
	     "comentat amb molt d'interès durant aquesta setmana.",
	     "ca"},
	    {"Výsledky štúdie boli uverejnené v časopise a odborníci o nich diskutovali s veľkým "
	     "záujmom počas celého týždňa.",
	     "sk"},
	    {"Resultatene fra studien ble publisert i tidsskriftet, og ekspertene har diskutert "
	     "dem med stor interesse hele uken.",
	     "no"},
	    {"Kết quả của nghiên cứu đã được công bố trên tạp chí và được các chuyên gia thảo "
	     "luận rộng rãi trong tuần này.",
	     "vi"},
	    {"Imiphumela yocwaningo ishicilelwe kuleli phephabhuku futhi ochwepheshe bayixoxile "
	     "kabanzi kuleli sonto elidlule.",
	     "zu"},
	    {"Результаты исследования были опубликованы в журнале и широко обсуждались "
	     "экспертами.",
	     "ru"},
	    {"Резултатите от изследването бяха публикувани в списанието и бяха широко обсъждани "
	     "от експертите през седмицата.",
	     "bg"},
	    {"Результати дослідження були опубліковані в журналі й широко обговорювалися "
	     "експертами протягом тижня.",
	     "uk"},
	    {"نتائج الدراسة نشرت في المجلة وناقشها الخبراء على نطاق واسع.", "ar"},
	    {"نتایج این پژوهش در مجله منتشر شد و کارشناسان درباره آن به طور گسترده گفتگو کردند.",
	     "fa"},
	    {"अध्ययन के परिणाम पत्रिका में प्रकाशित हुए और विशेषज्ञों ने उन पर व्यापक चर्चा की।", "hi"},
	    /* Scripts that settle the language without CLD2. */
	    {"研究结果发表在杂志上，专家们对此进行了广泛的讨论。", "zh"},
	    {"研究の結果は雑誌に掲載され、専門家によって広く議論されている。", "ja"},
	    {"연구 결과는 학술지에 발표되었고 전문가들이 널리 논의했다.", "ko"},
	    {"Αποτελέσματα της μελέτης δημοσιεύθηκαν στο περιοδικό.", "el"},
	    {"ผลการศึกษาได้รับการตีพิมพ์ในวารสารแล้ว", "th"},
	    {"კვლევის შედეგები ჟურნალში გამოქვეყნდა.", "ka"},
	    {"Հետազոտության արդյունքները հրապարակվել են ամսագրում։", "hy"},
	    {"תוצאות המחקר פורסמו בכתב העת.", "he"},
	    /* A Chinese article quoting English names is Chinese. */
	    {"华为公司（Huawei）和小米公司今天在北京发布了新的手机产品。", "zh"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pith_language_guess guess;
		char name[64];
		snprintf(name, sizeof name, "language %s", cases[i][1]);
		check(pith_language_detect(cases[i][0], strlen(cases[i][0]), &guess) == PITH_OK,
		      name, "failed");
		check_string(name, guess.language ? guess.language : "(none)", cases[i][1]);
		check(guess.score > 0.5 && guess.score <= 1, name, "score %.2f", guess.score);
	}
	pith_language_guess guess;
	pith_language_detect("12345 67 -- !!", 14, &guess);
	check(guess.language == NULL && guess.score == 0, "language of no letters", "guessed %s",
	      guess.language);
	/* Only the sample is read: a text whose sample is Greek is Greek,
	 * whatever follows. */
	char mixed[PITH_LANGUAGE_SAMPLE_BYTES * 4];
	size_t n = 0;
	while (n + 40 < PITH_LANGUAGE_SAMPLE_BYTES + 40)
		n += (size_t)snprintf(mixed + n, sizeof mixed - n, "%s",
		                      "Αποτελέσματα της μελέτης. ");
	while (n + 40 < sizeof mixed)
		n += (size_t)snprintf(mixed + n, sizeof mixed - n, "%s",
		                      "The results of the study. ");
	pith_language_detect(mixed, n, &guess);
	check_string("language of the sample only", guess.language ? guess.language : "(none)",
	             "el");
}

static void test_language_tags(void)
{
	static const char *const cases[][2] = {
	    {"en", "en"},
	    {"EN_us", "en-US"},
	    {"en_GB", "en-GB"},
	    {"zh-hans", "zh-Hans"},
	    {"ZH-HANT-tw", "zh-Hant-TW"},
	    {"sr-latn-rs", "sr-Latn-RS"},
	    {"es-419", "es-419"},
	    {"de-CH-1996", "de-CH-1996"},
	    {"en-US-x-twain", "en-US-x-twain"}, /* after a singleton, lowercase */
	    {"fil", "fil"},
	    {"de, en", "de"}, /* a Content-Language list: the first */
	    {"fr;q=0.9", "fr"},
	    {"en US", "en"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char tag[64];
		snprintf(tag, sizeof tag, "%s", cases[i][0]);
		size_t n = pith_language_normalize_tag(tag, strlen(tag));
		tag[n] = '\0';
		char name[64];
		snprintf(name, sizeof name, "language tag '%s'", cases[i][0]);
		check_string(name, tag, cases[i][1]);
	}
	static const char *const refused[] = {
	    "",
	    "english",
	    "e",
	    "x-klingon",
	    "i-navajo",
	    "en--us",
	    "en-",
	    "{{lang}}",
	    "en-toolongsubtag",
	    "12",
	    "en-US-abcdefghijklmnopqrstuvwxyz-and-more-subtags",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char tag[64];
		snprintf(tag, sizeof tag, "%s", refused[i]);
		char name[64];
		snprintf(name, sizeof name, "language tag '%s' refused", refused[i]);
		size_t n = pith_language_normalize_tag(tag, strlen(tag));
		check(n == 0, name, "kept %zu bytes", n);
	}
}

/* ---- Pages through the public API ---- */

typedef struct page_case {
	const char *name;
	const char *url;
	const char *html;
	const char *title, *authors, *published, *modified, *site, *canonical, *description,
	    *language, *tags, *image, *license, *next;
} page_case;

/* A list joined with "; " for comparison. */
static void join(char *out, size_t size, const char *const *items, size_t count)
{
	out[0] = '\0';
	for (size_t i = 0; i < count; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "; " : "", items[i]);
}

static const page_case pages[] = {
    {"jsonld graph", "https://news.example/world/story",
     "<html lang=en-GB><head><title>Storm hits coast | Daily</title>"
     "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
     "{\"@type\":\"WebSite\",\"name\":\"The Daily\"},"
     "{\"@type\":[\"NewsArticle\"],\"headline\":\"Storm hits coast\",\"author\":[{\"@id\":"
     "\"#p1\"},{\"@type\":\"Person\",\"name\":\"Bo Li\"}],\"datePublished\":\"2024-01-02T03:04:"
     "05+02:00\",\"dateModified\":\"2024-01-03\",\"image\":{\"@type\":\"ImageObject\",\"url\":"
     "\"/img/a.jpg\"},\"keywords\":[\"storm\",\"coast\"],\"publisher\":{\"@type\":"
     "\"Organization\",\"name\":\"The Daily\"},\"description\":\"A storm &amp; a coast.\"},"
     "{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":\"Ann Example\"}]}</script></head>"
     "<body><h1>Storm hits coast</h1><p>Words of the story, enough of them to be a "
     "paragraph.</p></body></html>",
     "Storm hits coast", "Ann Example; Bo Li", "2024-01-02T03:04:05+02:00", "2024-01-03",
     "The Daily", "https://news.example/world/story", "A storm & a coast.", "en-GB", "storm; coast",
     "https://news.example/img/a.jpg", "", ""},
    {"opengraph and twitter", "http://blog.example/p/1",
     "<head><title>A post</title><meta property=og:title content='Better post title'>"
     "<meta property=og:site_name content='Blog'><meta property=article:published_time "
     "content='2020-05-06T07:08:09Z'><meta property=article:modified_time "
     "content='garbage'><meta property=article:author content='https://fb.example/x'>"
     "<meta name=twitter:description content='Short.'><meta property=og:image "
     "content='//cdn.example/i.png'><meta property=article:tag content=One><meta "
     "property=article:tag content=two><meta property=og:locale content=fr_FR>"
     "<link rel=canonical href='/p/1-canonical'></head><body><p>Text of the post, with "
     "enough words to count.</p></body>",
     "Better post title", "", "2020-05-06T07:08:09Z", "", "Blog",
     "http://blog.example/p/1-canonical", "Short.", "fr-FR", "One; two", "http://cdn.example/i.png",
     "", ""},
    {"dublin core and plain meta", NULL,
     "<head><title>Title element</title><meta name='DC.title' content='Report on rivers'>"
     "<meta name='DC.creator' content='Jo Smith'><meta name='dcterms.created' "
     "content='1999-12-31'><meta name=keywords content='rivers, water , , maps'>"
     "<meta name=description content='Plain description'><meta name='DC.rights' "
     "content='CC BY 4.0'></head><body><p>Rivers flow.</p></body>",
     "Report on rivers", "Jo Smith", "1999-12-31", "", "", "", "Plain description", "",
     "rivers; water; maps", "", "CC BY 4.0", ""},
    {"microdata, time and byline", "https://mag.example/2019/04/28/story/",
     "<head><title>The story - Mag</title></head><body><article itemscope "
     "itemtype='https://schema.org/Article'><h1 itemprop=headline>The story</h1>"
     "<span itemprop=author itemscope><span itemprop=name>Kim Lee</span></span>"
     "<time itemprop=dateModified datetime='2019-05-01'>May 1</time>"
     "<p>Text of the story is here and long enough.</p></article>"
     "<a rel=license href='https://creativecommons.org/licenses/by/4.0/'>CC</a></body>",
     "The story", "Kim Lee", "2019-04-28", "2019-05-01", "",
     "https://mag.example/2019/04/28/story/", "", "", "", "",
     "https://creativecommons.org/licenses/by/4.0/", ""},
    {"byline in the page, comments apart", NULL,
     "<head><title>Essay | Site</title></head><body><h1>Essay</h1><p class=byline>By "
     "Pat Quinn</p><time datetime='2022-02-02'>2 Feb</time><p>The essay text goes here, "
     "it is long.</p><div id=comments><div class=comment><span class=comment-author>Troll"
     "</span><time datetime='2021-01-01'>x</time><p>First!</p></div></div></body>",
     "Essay", "Pat Quinn", "2022-02-02", "", "", "", "", "", "", "", "", ""},
    {"pager and rel=next with base", "https://site.example/dir/article",
     "<head><base href='/base/'><title>Long read</title><link rel=next href='page2'>"
     "</head><body><h1>Long read</h1><p>The first section of a long read, in words.</p>"
     "<div class=page-links>Sections — <span class=current>1</span> <a href=page2>2</a> "
     "<a href='page3'>3</a></div><div class=pagination><a href=other>7</a></div></body>",
     "Long read", "", "", "", "", "https://site.example/dir/article", "", "", "", "", "",
     "https://site.example/base/page2; https://site.example/base/page3"},
    {"title from <title> less the site name", NULL,
     "<head><title>Nine ways to cook rice | Kitchen Site</title><meta property=og:site_name "
     "content='Kitchen Site'></head><body><h1>Kitchen Site</h1><p>Rice is cooked in nine "
     "ways, and here they are.</p></body>",
     "Nine ways to cook rice", "", "", "", "Kitchen Site", "", "", "", "", "", "", ""},
    {"meta property beats its name twin", NULL,
     "<head><title>Title element</title><meta name='DC.title' content='Name title'>"
     "<meta property='dc:title' content='Property title'><meta name=og:title "
     "content='Loose og'><meta property=og:site_name content=Site></head><body><p>Some "
     "words of text.</p></body>",
     "Property title", "", "", "", "Site", "", "", "", "", "", "", ""},
    {"h1 logo beside the declared title", NULL,
     "<head><title>Blog Name: Building a flow for small chips</title><meta property=og:title "
     "content='Building a flow for small chips'></head><body><h1>Blog Name</h1><h3>Building "
     "a flow for small chips</h3><p>The post, in words.</p></body>",
     "Building a flow for small chips", "", "", "", "", "", "", "", "", "", "", ""},
    {"h1 in capitals takes the title's letters", NULL,
     "<head><title>Tips for Online Success</title></head><body><h1>TIPS FOR ONLINE "
     "SUCCESS</h1><p>The tips, in words.</p></body>",
     "Tips for Online Success", "", "", "", "", "", "", "", "", "", "", ""},
    {"byline links to author pages", NULL,
     "<head><title>Story</title></head><body><h1>Story</h1><div class=author-box>By <a "
     "href='/author/ann-lee/'>Ann Lee</a><div class=author-title>Games Editor</div></div>"
     "<p>The story text.</p></body>",
     "Story", "Ann Lee", "", "", "", "", "", "", "", "", "", ""},
    {"byline's first line less its date, split at and", NULL,
     "<head><title>Story</title></head><body><h1>Story</h1><div class=FeatureByline>Posted "
     "by <b>Jo Smith and Al Roe</b> Published May 20, 2019<br>Staff writers</div>"
     "<p>The story text.</p></body>",
     "Story", "Jo Smith; Al Roe", "2019-05-20", "", "", "", "", "", "", "", "", ""},
    /* The date after the name is cut in any of the 25 languages: a
     * weekday's name before a number. */
    {"byline with a French date", NULL,
     "<html lang=fr><head><title>Histoire</title></head><body><h1>Histoire</h1><div "
     "class=byline>Jean Dupont mardi 5 mars 2024</div><p>Le texte de l'histoire.</p></body>",
     "Histoire", "Jean Dupont", "2024-03-05", "", "", "", "", "fr", "", "", "", ""},
    {"byline glued to its date", NULL,
     "<head><title>Story</title></head><body><h1>Story</h1><p class=byline><span>Luke "
     "Kim</span><span>December 17, 2025</span></p><p>The story text.</p></body>",
     "Story", "Luke Kim", "", "", "", "", "", "", "", "", "", ""},
    {"menus and authorization boxes are no bylines", NULL,
     "<head><title>Story</title></head><body><div id=authorization>Sign In</div><div "
     "class=author-menu><a>Sign In</a>| <a>Sign Up</a>| <a>Subscribe</a></div><h1>Story</h1>"
     "<p class=byline>Pat Quinn | The Newsroom</p><p>The story text.</p></body>",
     "Story", "Pat Quinn", "", "", "", "", "", "", "", "", "", ""},
    {"a product's reviews are no headline", NULL,
     "<head><title>Oak Desk | Shop</title><meta property=og:title content='Oak Desk'>"
     "<script type=application/ld+json>{\"@type\":\"Product\",\"name\":\"Oak Desk\","
     "\"review\":[{\"@type\":\"Review\",\"name\":\"Superb service!\"}]}</script></head>"
     "<body><p>A desk of oak.</p></body>",
     "Oak Desk", "", "", "", "", "", "", "", "", "", "", ""},
    {"og:title before a WebPage's name", NULL,
     "<head><title>Camera X1 1549 Shop Photo</title><meta property=og:title content='Camera "
     "X1'><script type=application/ld+json>{\"@type\":\"WebPage\",\"name\":\"Shop "
     "Photo\"}</script></head><body><p>A camera.</p></body>",
     "Camera X1", "", "", "", "", "", "", "", "", "", "", ""},
    {"the title's part that holds the h1's words", NULL,
     "<head><title>SEO Software | Local SEO Tools | Try for Free</title></head><body>"
     "<h1>SEO Tools, Local</h1><p>Tools.</p></body>",
     "Local SEO Tools", "", "", "", "", "", "", "", "", "", "", ""},
    {"a heading's permalink pilcrow", NULL,
     "<head><title>Quickstart \xe2\x80\x94 Flask Documentation (3.1.x)</title></head><body>"
     "<h1>Quickstart<a class=headerlink href='#quickstart'>\xc2\xb6</a></h1><p>Install.</p>"
     "</body>",
     "Quickstart", "", "", "", "", "", "", "", "", "", "", ""},
    /* The URL policy (base/url_policy.h): a refused URL gives way to the
     * next source's, a refused base to the page's URL, and refused next
     * pages and licences are left out. */
    {"URLs the policy refuses", "https://site.example/a/b",
     "<head><base href='javascript:alert(1)//'><title>Post</title><link rel=canonical "
     "href='javascript:alert(1)'><meta property=og:url content='canonical'><meta "
     "property=og:image content=' data:image/svg+xml,x'><meta name=twitter:image "
     "content='/i.png'><link rel=license href='VBScript:x'><link rel=next "
     "href='d\tata:,x'></head><body><h1>Post</h1><p>The words of the post.</p><div "
     "class=page-links><span class=current>1</span> <a href='javascript:next()'>2</a> <a "
     "href='page3'>3</a></div></body>",
     "Post", "", "", "", "", "https://site.example/a/canonical", "", "", "",
     "https://site.example/i.png", "", "https://site.example/a/page3"},
    /* Without the page's URL, relative URLs resolve against the declared
     * one when it is absolute. */
    {"URLs against the canonical URL", NULL,
     "<head><title>Post</title><link rel=canonical href='https://Site.example:443/a/b'>"
     "<meta property=og:image content='/i.png'><link rel=next href='b?page=2'></head>"
     "<body><h1>Post</h1><p>The words of the post.</p></body>",
     "Post", "", "", "", "", "https://site.example/a/b", "", "", "", "https://site.example/i.png",
     "", "https://site.example/a/b?page=2"},
    {"a relative canonical URL is no base", NULL,
     "<head><title>Post</title><link rel=canonical href='/a/b'>"
     "<meta property=og:image content='/i.png'></head>"
     "<body><h1>Post</h1><p>The words of the post.</p></body>",
     "Post", "", "", "", "", "/a/b", "", "", "", "/i.png", "", ""},
    {"a page URL the policy refuses", "data:text/html,x",
     "<head><title>Post</title></head><body><h1>Post</h1><p>The words of the post.</p>"
     "</body>",
     "Post", "", "", "", "", "", "", "", "", "", "", ""},
    {"malformed and hostile JSON-LD", NULL,
     "<head><title>Safe</title><script type=application/ld+json>{\"@type\":\"Article\","
     "\"headline\":</script><script type=application/ld+json>[[[[[[[[[[[[[[[[[[[[[[[[[[[["
     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]]]]]]</script></head><body><p>Text stays.</p></body>",
     "Safe", "", "", "", "", "", "", "", "", "", "", ""},
};

static void check_metadata(const char *name, const page_case *c, const pith_metadata *m)
{
	char list[1024], label[128];
	static const char *const field_names[] = {"title",    "published", "modified",
	                                          "site",     "url",       "description",
	                                          "language", "image",     "license"};
	const char *got[] = {m->title,  m->date_published, m->date_modified, m->site_name,
	                     m->url,    m->description,    m->language,      m->image,
	                     m->license};
	const char *expected[] = {c->title,    c->published, c->modified,
	                          c->site,     c->canonical, c->description,
	                          c->language, c->image,     c->license};
	for (size_t i = 0; i < sizeof got / sizeof *got; i++) {
		snprintf(label, sizeof label, "%s: %s", name, field_names[i]);
		check_string(label, got[i], expected[i]);
	}
	join(list, sizeof list, m->authors, m->author_count);
	snprintf(label, sizeof label, "%s: authors", name);
	check_string(label, list, c->authors);
	join(list, sizeof list, m->tags, m->tag_count);
	snprintf(label, sizeof label, "%s: tags", name);
	check_string(label, list, c->tags);
	join(list, sizeof list, m->next_pages, m->next_page_count);
	snprintf(label, sizeof label, "%s: next pages", name);
	check_string(label, list, c->next);
}

static void test_pages(void)
{
	pith_ctx *ctx = pith_ctx_new();
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		const page_case *c = &pages[i];
		pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
		options.url = c->url;
		const pith_result *result;
		pith_status status =
		    (result = pith_ctx_extract(ctx, c->html, strlen(c->html), &options))->status;
		check(status == PITH_OK && result->metadata, c->name, "status %d", status);
		if (status != PITH_OK)
			continue;
		check_metadata(c->name, c, result->metadata);
		check(result->title == result->metadata->title, c->name,
		      "result->title is not the metadata title");
		check(result->metadata->comment_count == 0, c->name,
		      "comments without options.comments");
		/* The one-shot call gives the same, in memory of its own-> */
		pith_result *own;
		if (pith_extract(c->html, strlen(c->html), &options, &own) == PITH_OK) {
			char name[128];
			snprintf(name, sizeof name, "%s (pith_extract)", c->name);
			check_metadata(name, c, own->metadata);
			check_string(name, own->title, c->title);
		} else {
			check(false, c->name, "pith_extract failed");
		}
		pith_result_free(own);
	}
	pith_ctx_free(ctx);
}

/* Dates through whole pages: a byline's visible date when the metadata
 * has none, numeric dates ordered by the page's language (declared, else
 * detected), an ambiguous one refused for a date that needs no order. */
static void test_page_dates(void)
{
	static const char german_text[] =
	    "<p>Die Ergebnisse der Studie wurden in der Zeitschrift veröffentlicht und sind von "
	    "Experten mit großem Interesse aufgenommen worden.</p>";
	static const struct {
		const char *name, *head, *body, *published;
	} cases[] = {
	    {"byline date in German", "<html lang=de>",
	     "<div class=byline>Von Jo Lee, 5. März 2024, 14:05 Uhr</div>", "2024-03-05"},
	    {"byline date, language detected", "<html>",
	     "<p class=author>Von Jo Lee | 05/03/2024</p>", "2024-03-05"},
	    {"visible <time> text", "<html lang=es>", "<time>5 de marzo de 2024</time>",
	     "2024-03-05"},
	    {"meta date ordered by en-US", "<html lang=en-US><meta name=date content=03/05/2024>",
	     "", "2024-03-05"},
	    {"meta date ordered by de", "<html lang=de><meta name=date content=03/05/2024>", "",
	     "2024-05-03"},
	    /* An English page that does not say which English: the meta date
	     * could be either, and the byline's, which is not, is taken. */
	    {"ambiguous meta date gives way", "<html lang=en><meta name=date content=03/05/2024>",
	     "<div class=byline>By Jo Lee, March 7, 2024</div>", "2024-03-07"},
	    {"ambiguous alone is refused", "<html lang=en><meta name=date content=03/05/2024>", "",
	     ""},
	    {"metadata first, then the byline",
	     "<html lang=de><meta property=article:published_time content=2024-01-02>",
	     "<div class=byline>Von Jo Lee, 5. März 2024</div>", "2024-01-02"},
	};
	pith_ctx *ctx = pith_ctx_new();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char html[1024];
		snprintf(html, sizeof html, "%s<title>Studie</title><body>%s%s</body></html>",
		         cases[i].head, cases[i].body, german_text);
		const pith_result *result;
		if ((result = pith_ctx_extract(ctx, html, strlen(html), NULL))->status != PITH_OK) {
			check(false, cases[i].name, "extraction failed");
			continue;
		}
		check_string(cases[i].name, result->metadata->date_published, cases[i].published);
	}
	/* At most 64 date candidates are read (MAX_DATES_READ in metadata.c):
	 * each tries every language's names, so a page of 100,000 date
	 * <meta>s is cut short. One more junk date than that hides a good
	 * one; one fewer does not. */
	for (int junk = 63; junk <= 64; junk++) {
		static char html[8192];
		size_t n = 0;
		for (int i = 0; i < junk; i++)
			n += (size_t)snprintf(html + n, sizeof html - n,
			                      "<meta name=date content='mardi sin fecha %d'>", i);
		snprintf(html + n, sizeof html - n,
		         "<meta name=date content=2024-03-05><body><p>Text.</p></body>");
		const pith_result *result;
		if ((result = pith_ctx_extract(ctx, html, strlen(html), NULL))->status == PITH_OK)
			check_string(junk == 63 ? "63 junk dates, then a date"
			                        : "64 junk dates: no more are read",
			             result->metadata->date_published,
			             junk == 63 ? "2024-03-05" : "");
	}
	pith_ctx_free(ctx);
}

/* language is what the page declares, normalised, or "" (never a
 * detected value); language_detected is the text's, whatever the page
 * says. */
static void test_declared_and_detected(void)
{
	static const char german[] =
	    "<p>Die Ergebnisse der Studie wurden in der Zeitschrift veröffentlicht und sind von "
	    "Experten mit großem Interesse aufgenommen worden. Die Forscher wollen die Arbeit im "
	    "kommenden Jahr fortsetzen und weitere Daten sammeln.</p>";
	static const struct {
		const char *head, *declared;
	} cases[] = {
	    {"<html><head><title>Studie</title>", ""},
	    {"<html lang=en><head><title>Studie</title>", "en"},
	    {"<html lang=EN_us><head><title>Studie</title>", "en-US"},
	    {"<html lang=''><head><meta property=og:locale content=de_DE>", "de-DE"},
	    {"<html lang='{{lang}}'><head><meta http-equiv=content-language content='de, en'>",
	     "de"},
	    {"<html lang=english><head><title>Studie</title>", ""},
	};
	pith_ctx *ctx = pith_ctx_new();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char html[1024], name[96];
		snprintf(html, sizeof html, "%s</head><body>%s</body></html>", cases[i].head,
		         german);
		snprintf(name, sizeof name, "declared and detected: %s", cases[i].head);
		const pith_result *result;
		if ((result = pith_ctx_extract(ctx, html, strlen(html), NULL))->status != PITH_OK) {
			check(false, name, "extraction failed");
			continue;
		}
		check_string(name, result->metadata->language, cases[i].declared);
		check_string(name, result->metadata->language_detected, "de");
		check(result->metadata->language_score > 0.9, name, "score %.2f",
		      result->metadata->language_score);
	}
	/* A short text is read with its title: "Danke, Anna!" alone is
	 * Nynorsk to CLD2, "Alles gut." nothing. */
	static const char short_page[] =
	    "<head><title>Warum die Bahn im Winter so oft zu spät kommt</title></head>"
	    "<body><p>Danke, Anna! Alles gut.</p></body>";
	const pith_result *result;
	if ((result = pith_ctx_extract(ctx, short_page, strlen(short_page), NULL))->status ==
	    PITH_OK)
		check_string("short text read with its title", result->metadata->language_detected,
		             "de");
	/* No letters, no language. */
	static const char digits[] = "<body><p>12 345 678 -- 90</p></body>";
	if ((result = pith_ctx_extract(ctx, digits, strlen(digits), NULL))->status == PITH_OK) {
		check_string("no letters: no language", result->metadata->language_detected, "");
		check(result->metadata->language_score == 0, "no letters: score 0", "%.2f",
		      result->metadata->language_score);
	}
	pith_ctx_free(ctx);
}

/* ---- Comments ---- */

/* A blog post and its comments. Its og:type says it is an article, as a
 * blog's post page does: without it, one sentence of post under four
 * comments is told as a forum thread (test_page_type.c), whose posts are
 * content. */
static const char comment_page[] =
    "<head><title>Post</title><meta property=og:type "
    "content=article></head><body><article><h1>Post</h1><p>The post's own text, "
    "which is long enough to be the article of the page.</p><p class=author>By Writer</p>"
    "</article><div id=comments class=comments-area><h2>3 comments</h2>"
    "<ol class=comment-list><li id=comment-1 class='comment even'><article class=comment-body>"
    "<footer><div class='comment-author vcard'><b class=fn>Alice</b> <span>says:</span></div>"
    "<time datetime='2016-03-08T10:00:00+00:00'>March 8, 2016</time></footer>"
    "<div class=comment-content><p>Great post.</p><p>Thanks!</p></div></article>"
    "<ol class=children><li id=comment-2 class=comment><article class=comment-body>"
    "<div class=comment-author><b class=fn>Bob</b></div><div class=comment-metadata>"
    "<a href=#c2>March 9, 2016 at 1:00 pm</a></div><div class=comment-content><p>I agree."
    "</p></div></article></li></ol></li>"
    "<li id=comment-3 class=comment><div class=comment-content><p>Anonymous words.</p></div>"
    "</li></ol><div id=respond class=comment-respond><form><textarea></textarea></form>"
    "</div></div>"
    "<div itemscope itemtype='https://schema.org/Comment'><span itemprop=author>Cy</span>"
    "<p itemprop=text>Microdata comment.</p></div></body>";

static void test_comments(void)
{
	pith_ctx *ctx = pith_ctx_new();
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.comments = 1;
	/* A blog post under its comments: given as one, since what the model
	 * tells of a page this small (a forum's thread, whose comments are
	 * its replies, or an article) is not what this test is about. */
	options.page_type = PITH_PAGE_TYPE_ARTICLE;
	const pith_result *result;
	pith_status status =
	    (result = pith_ctx_extract(ctx, comment_page, strlen(comment_page), &options))->status;
	check(status == PITH_OK, "comments", "status %d", status);
	if (status == PITH_OK) {
		const pith_metadata *m = result->metadata;
		static const char *const expected[][3] = {
		    {"Alice", "2016-03-08T10:00:00+00:00", "Great post. Thanks!"},
		    {"Bob", "2016-03-09", "I agree."},
		    {"", "", "Anonymous words."},
		    {"Cy", "", "Microdata comment."},
		};
		size_t want = sizeof expected / sizeof *expected;
		check(m->comment_count == want, "comment count", "%zu, expected %zu",
		      m->comment_count, want);
		for (size_t i = 0; i < want && i < m->comment_count; i++) {
			check_string("comment author", m->comments[i].author, expected[i][0]);
			check_string("comment date", m->comments[i].date, expected[i][1]);
			check_string("comment text", m->comments[i].text, expected[i][2]);
		}
		check(!strstr(result->text, "Great post") && !strstr(result->text, "Microdata"),
		      "comments not in text", "text: %s", result->text);
		check(m->author_count == 1 && strcmp(m->authors[0], "Writer") == 0,
		      "byline outside comments", "%zu authors, the first '%s'", m->author_count,
		      m->author_count ? m->authors[0] : "");
	}
	/* Without the option, no comments. */
	options.comments = 0;
	status =
	    (result = pith_ctx_extract(ctx, comment_page, strlen(comment_page), &options))->status;
	check(status == PITH_OK && result->metadata->comment_count == 0, "comments off",
	      "found comments");
	/* Many comments: at most PITH_MAX_COMMENTS. */
	size_t count = PITH_MAX_COMMENTS + 50, size = count * 64 + 64;
	char *page = malloc(size);
	size_t n = (size_t)snprintf(page, size, "<p>Post text here.</p><ul id=comments>");
	for (size_t i = 0; i < count; i++)
		n += (size_t)snprintf(page + n, size - n, "<li class=comment><p>c%zu</p></li>", i);
	options.comments = 1;
	pith_result *own;
	status = pith_extract(page, n, &options, &own);
	check(status == PITH_OK && own->metadata->comment_count == PITH_MAX_COMMENTS,
	      "comments bounded", "%zu comments",
	      status == PITH_OK ? own->metadata->comment_count : 0);
	if (status == PITH_OK && own->metadata->comment_count)
		check_string("comments copied", own->metadata->comments[1].text, "c1");
	pith_result_free(own);
	free(page);
	pith_ctx_free(ctx);
}

int main(void)
{
	test_dates();
	test_json();
	test_language();
	test_language_tags();
	test_declared_and_detected();
	test_page_dates();
	test_pages();
	test_comments();
	printf("metadata: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
