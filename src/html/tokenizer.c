/* The WHATWG HTML tokenizer (HTML Living Standard 13.2.5); see tokenizer.h.
 *
 * Shape. The whole input is in memory, so the standard's one-character
 * states are run as straight-line code joined by gotos, and where a state
 * only decides between a few outcomes (tag open, end tag open, markup
 * declaration open, RCDATA/RAWTEXT/script end tags, character references)
 * the code looks ahead instead of keeping a temporary buffer. Each state
 * that can hold long runs (text, attribute values, comments, script) scans
 * for its few special bytes with a vector loop, so ordinary bytes cost no
 * dispatch at all. Only the states the tree builder can switch to are kept
 * in t->state; every other state lives only in the program counter, because
 * the sink is called only at token boundaries.
 *
 * Strings. Every string a token carries (text run, name, value, comment,
 * doctype identifier) is a span of the input plus rewrites. The builder
 * (sb_*) keeps the start of the current verbatim span; only when something
 * must be rewritten (CR, NUL, a character reference, an uppercase letter)
 * does it copy what it has into a reusable scratch buffer, and the finished
 * string is then copied once into the arena. So plain text and plain
 * attributes are zero-copy.
 *
 * Text runs. Character tokens are emitted one per run, just before the next
 * non-character token (or EOF); the standard's per-character emission is
 * only observable through their order, which is kept. A state change the
 * sink makes applies from the byte after the token that caused it; for a
 * text run that byte is already past the next "<", which cannot matter, as
 * the tree builder switches state only on start tags.
 *
 * Parse errors are not reported: pith needs the tokens, not the errors.
 * The comment less-than-sign states (13.2.5.46-49), which only report
 * nested comments, are still written out state by state so the code can be
 * checked against the standard. */
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buffer.h"
#include "../base/utf8.h"
#include "entities.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define PITH_TOKENIZER_SSE2 1
#endif

/* Above this many attributes on one tag, duplicate names are found with a
 * hash table instead of a linear scan; without it a tag with
 * PITH_MAX_ATTRIBUTES attributes would cost 130,000 name compares. */
#define ATTR_LINEAR_MAX 16
/* Slots of that hash table: a power of two, at least twice
 * PITH_MAX_ATTRIBUTES so probes stay short. */
#define ATTR_HASH_SLOTS 1024
/* The scratch buffer is kept for the next page, so steady state has no
 * allocation at all; one grown past this by a huge rewritten string is
 * freed when the next page starts. */
#define SCRATCH_RETAIN_SIZE ((size_t)1024 * 1024)
/* Rewritten strings are packed into blocks of this size taken from the
 * arena, which aligns every allocation to 16 bytes: a tag soup of short
 * uppercase names would otherwise cost five times its size in copies.
 * Strings over a quarter block get their own allocation, so at most a
 * quarter of a block is wasted. */
#define STRING_BLOCK_SIZE 4096

struct pith_tokenizer {
	const char *pos, *end;
	pith_arena *arena;
	pith_token_sink sink;
	void *user;
	pith_tokenizer_state state;
	bool allow_cdata;
	const char *last_start_tag;
	size_t last_start_tag_len;
	/* A second name that ends RCDATA, RAWTEXT and script data, or NULL
	 * (pith_tokenizer_set_bounding_end_tag); the end tag found. */
	const char *bounding_end_tag;
	size_t bounding_end_tag_len;
	const char *end_tag_found;
	size_t end_tag_found_len;

	/* The string being built: input[raw..current) after scratch[0..len). */
	const char *raw;
	bool rewritten;
	bool text_has_null;
	pith_buffer scratch;
	/* Free part of the current string block (reset with each page). */
	char *block_next;
	size_t block_left;

	/* The tag being built. */
	bool keep_attr;  /* the current attribute goes on the token */
	bool hash_built; /* attr_hash holds this tag's attributes */
	uint32_t hash_generation;

	pith_token token;
	uint32_t attr_hash_generation[ATTR_HASH_SLOTS];
	uint16_t attr_hash_index[ATTR_HASH_SLOTS];
	pith_token_attr attrs[PITH_MAX_ATTRIBUTES];
};

/* Byte classes, from the standard's definitions: ASCII whitespace is TAB,
 * LF, FF, CR (which input preprocessing turns into LF) and SPACE. */
enum {
	CLASS_UPPER = 1,         /* ASCII upper alpha */
	CLASS_TAG_STOP = 2,      /* ends a tag name (13.2.5.8), or NUL */
	CLASS_ATTR_STOP = 4,     /* ends an attribute name (13.2.5.33), or NUL */
	CLASS_UNQUOTED_STOP = 8, /* special in an unquoted value (13.2.5.38) */
	CLASS_SPACE = 16,
	CLASS_ALPHA = 32,
	CLASS_ALNUM = 64,
	CLASS_HEX = 128,
};

#define UP CLASS_UPPER
#define TS CLASS_TAG_STOP
#define AS CLASS_ATTR_STOP
#define US CLASS_UNQUOTED_STOP
#define WS CLASS_SPACE
#define AL CLASS_ALPHA
#define AN CLASS_ALNUM
#define HX CLASS_HEX
/* clang-format off */
static const uint8_t byte_class[256] = {
	TS|AS|US, 0, 0, 0, 0, 0, 0, 0,
	0, TS|AS|US|WS, TS|AS|US|WS, 0, TS|AS|US|WS, TS|AS|US|WS, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	TS|AS|US|WS, 0, 0, 0, 0, 0, US, 0,
	0, 0, 0, 0, 0, 0, 0, TS|AS,
	AN|HX, AN|HX, AN|HX, AN|HX, AN|HX, AN|HX, AN|HX, AN|HX,
	AN|HX, AN|HX, 0, 0, 0, AS, TS|AS|US, 0,
	0, UP|AL|AN|HX, UP|AL|AN|HX, UP|AL|AN|HX, UP|AL|AN|HX, UP|AL|AN|HX, UP|AL|AN|HX, UP|AL|AN,
	UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN,
	UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN, UP|AL|AN,
	UP|AL|AN, UP|AL|AN, UP|AL|AN, 0, 0, 0, 0, 0,
	0, AL|AN|HX, AL|AN|HX, AL|AN|HX, AL|AN|HX, AL|AN|HX, AL|AN|HX, AL|AN,
	AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN,
	AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN, AL|AN,
	AL|AN, AL|AN, AL|AN, 0, 0, 0, 0, 0,
};
/* clang-format on */
#undef UP
#undef TS
#undef AS
#undef US
#undef WS
#undef AL
#undef AN
#undef HX

static inline unsigned byte_class_of(const char *p)
{
	return byte_class[(unsigned char)*p];
}
static inline bool is_space(const char *p)
{
	return byte_class_of(p) & CLASS_SPACE;
}
static inline bool is_alpha(const char *p)
{
	return byte_class_of(p) & CLASS_ALPHA;
}
static inline char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static const char replacement_character[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The first of p[0..end) equal to a, b, c or d, or end. The vector loop
 * reads only whole 16-byte blocks inside the input. */
static inline const char *scan4(const char *p, const char *end, char a, char b, char c, char d)
{
#ifdef PITH_TOKENIZER_SSE2
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	const __m128i vc = _mm_set1_epi8(c), vd = _mm_set1_epi8(d);
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m =
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
		                 _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		if (mask)
			return p + __builtin_ctz(mask);
		p += 16;
	}
#endif
	while (p < end && *p != a && *p != b && *p != c && *p != d)
		p++;
	return p;
}

/* ---- String builder ---------------------------------------------------- */

static inline void sb_begin(pith_tokenizer *t, const char *p)
{
	t->raw = p;
	t->rewritten = false;
	t->scratch.length = 0;
}

/* Move input[raw..at) into scratch (lowercased if asked) and restart the
 * verbatim span at resume, after appending repl[0..n). */
static bool sb_rewrite(pith_tokenizer *t, const char *at, const char *repl, size_t n,
                       const char *resume, bool lower)
{
	size_t span = (size_t)(at - t->raw);
	if (!pith_buffer_reserve(&t->scratch, span + n))
		return false;
	char *dst = t->scratch.data + t->scratch.length;
	if (lower) {
		for (size_t i = 0; i < span; i++)
			dst[i] = ascii_lower(t->raw[i]);
	} else if (span) {
		memcpy(dst, t->raw, span);
	}
	if (n)
		memcpy(dst + span, repl, n);
	t->scratch.length += span + n;
	t->raw = resume;
	t->rewritten = true;
	return true;
}

/* A copy of s[0..n) that lives as long as the arena. */
static char *string_store(pith_tokenizer *t, const char *s, size_t n)
{
	if (n > t->block_left) {
		if (n > STRING_BLOCK_SIZE / 4)
			return pith_arena_copy(t->arena, s, n);
		char *block = pith_arena_alloc(t->arena, STRING_BLOCK_SIZE);
		if (!block)
			return NULL;
		t->block_next = block;
		t->block_left = STRING_BLOCK_SIZE;
	}
	char *copy = t->block_next;
	memcpy(copy, s, n);
	t->block_next += n;
	t->block_left -= n;
	return copy;
}

/* sb_finish for a string that was rewritten or is to be lowercased: an
 * arena copy. */
static bool sb_finish_copy(pith_tokenizer *t, const char *at, bool lower, const char **out,
                           size_t *out_len)
{
	if (!sb_rewrite(t, at, NULL, 0, at, lower))
		return false;
	if (t->scratch.length == 0) {
		*out = "";
		*out_len = 0;
		return true;
	}
	char *copy = string_store(t, t->scratch.data, t->scratch.length);
	if (!copy)
		return false;
	*out = copy;
	*out_len = t->scratch.length;
	return true;
}

/* The finished string ending at input position at: the input span itself
 * when nothing was rewritten (inline: most names and values are), else
 * an arena copy. */
static inline bool sb_finish(pith_tokenizer *t, const char *at, bool lower, const char **out,
                             size_t *out_len)
{
	if (t->rewritten || lower)
		return sb_finish_copy(t, at, lower, out, out_len);
	*out = t->raw;
	*out_len = (size_t)(at - t->raw);
	return true;
}

/* Input preprocessing (13.2.3.5) for a CR at p inside a string: CR LF
 * becomes LF (the LF stays in the verbatim span), a lone CR becomes LF. */
static inline bool sb_carriage_return(pith_tokenizer *t, const char *p, const char *end)
{
	if (p + 1 < end && p[1] == '\n')
		return sb_rewrite(t, p, NULL, 0, p + 1, false);
	return sb_rewrite(t, p, "\n", 1, p + 1, false);
}

static inline bool sb_replace_null(pith_tokenizer *t, const char *p)
{
	return sb_rewrite(t, p, replacement_character, 3, p + 1, false);
}

/* ---- Character references (13.2.5.72-80) ------------------------------- */

/* The numeric character reference end state's table for C1 controls
 * (13.2.5.80); 0 where the code point stays as it is. */
/* clang-format off */
static const uint16_t c1_replacement[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};
/* clang-format on */

/* A character reference at p ('&'), in an attribute value or not. Returns
 * where scanning resumes: past the reference when it was replaced (the
 * replacement is in the builder), else just past the '&', since every
 * unreplaced form ("&#", "&#x", the ambiguous ampersand state's
 * alphanumerics) is emitted as the characters it was. NULL when out of
 * memory. */
static const char *character_reference(pith_tokenizer *t, const char *p, const char *end,
                                       bool in_attribute)
{
	const char *q = p + 1;
	if (q == end)
		return q;
	if (byte_class_of(q) & CLASS_ALNUM) {
		/* Named character reference state (13.2.5.73). */
		const char *utf8;
		size_t utf8_len;
		size_t n = pith_entity_match(q, (size_t)(end - q), &utf8, &utf8_len);
		if (n == 0)
			return q;
		const char *after = q + n;
		/* "For historical reasons": in an attribute, "&amp=" or "&ampx"
		 * without the semicolon stays as written. */
		if (in_attribute && q[n - 1] != ';' && after < end &&
		    (*after == '=' || (byte_class_of(after) & CLASS_ALNUM)))
			return after;
		return sb_rewrite(t, p, utf8, utf8_len, after, false) ? after : NULL;
	}
	if (*q != '#')
		return q;
	/* Numeric character reference state (13.2.5.75-79). */
	const char *r = q + 1;
	bool hex = r < end && (*r == 'x' || *r == 'X');
	if (hex)
		r++;
	const char *digits = r;
	uint32_t cp = 0;
	if (hex) {
		for (; r < end && (byte_class_of(r) & CLASS_HEX); r++) {
			unsigned c = (unsigned char)*r;
			unsigned v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
			cp = cp * 16 + v;
			if (cp > 0x10FFFF)
				cp = 0x110000; /* saturate: stays out of range */
		}
	} else {
		for (; r < end && *r >= '0' && *r <= '9'; r++) {
			cp = cp * 10 + (uint32_t)(*r - '0');
			if (cp > 0x10FFFF)
				cp = 0x110000;
		}
	}
	if (r == digits)
		return q; /* absence of digits: "&#" or "&#x" stays as text */
	if (r < end && *r == ';')
		r++;
	/* Numeric character reference end state (13.2.5.80). Noncharacters
	 * and controls other than NUL are parse errors but kept. */
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	else if (cp >= 0x80 && cp <= 0x9F && c1_replacement[cp - 0x80])
		cp = c1_replacement[cp - 0x80];
	char buf[4];
	size_t len = (size_t)(pith_put_utf8(buf, cp) - buf);
	return sb_rewrite(t, p, buf, len, r, false) ? r : NULL;
}

/* ---- Tokens ----------------------------------------------------------- */

static inline void token_begin(pith_tokenizer *t, pith_token_type type)
{
	memset(&t->token, 0, sizeof t->token);
	t->token.type = type;
}

static inline int token_emit(pith_tokenizer *t)
{
	return t->sink(t->user, &t->token);
}

/* Emit the pending text run, which ends at input position at. */
static int text_flush(pith_tokenizer *t, const char *at)
{
	const char *data;
	size_t len;
	if (!sb_finish(t, at, false, &data, &len))
		return PITH_TOKENIZER_NOMEM;
	if (len == 0)
		return 0;
	token_begin(t, PITH_TOKEN_CHARACTER);
	t->token.data = data;
	t->token.data_len = len;
	t->token.has_null = t->text_has_null;
	return token_emit(t);
}

/* Whether p ("<" in RCDATA, RAWTEXT or script data) is "</" then name in
 * any case, then whitespace, "/" or ">". The name ends at the first
 * non-letter, as the temporary buffer does. On success *name_end is the
 * byte after the name. */
static bool end_tag_named(const char *name, size_t n, const char *p, const char *end,
                          const char **name_end)
{
	if (!name || (size_t)(end - p) < n + 3 || p[1] != '/')
		return false;
	const char *letters = p + 2;
	for (size_t i = 0; i < n; i++) {
		if (ascii_lower(letters[i]) != name[i] || !is_alpha(letters + i))
			return false;
	}
	const char *after = letters + n;
	if (!(is_space(after) || *after == '/' || *after == '>'))
		return false;
	*name_end = after;
	return true;
}

/* Whether p starts an appropriate end tag token (13.2.5.11-13 and their
 * RAWTEXT and script twins): the last start tag's name, or the bounding
 * end tag when one is set. t->end_tag_found is the name. */
static bool appropriate_end_tag(pith_tokenizer *t, const char *p, const char *end,
                                const char **name_end)
{
	if (end_tag_named(t->last_start_tag, t->last_start_tag_len, p, end, name_end)) {
		t->end_tag_found = t->last_start_tag;
		t->end_tag_found_len = t->last_start_tag_len;
		return true;
	}
	if (end_tag_named(t->bounding_end_tag, t->bounding_end_tag_len, p, end, name_end)) {
		t->end_tag_found = t->bounding_end_tag;
		t->end_tag_found_len = t->bounding_end_tag_len;
		return true;
	}
	return false;
}

/* The "script" of the double escape start and end states (13.2.5.27 and
 * 13.2.5.32): letters at p, then whitespace, "/" or ">". Returns the end of
 * the letters, and whether they spell "script" so terminated. */
static const char *script_word(const char *p, const char *end, bool *is_script)
{
	const char *q = p;
	while (q < end && is_alpha(q))
		q++;
	*is_script = q - p == 6 && q < end && (is_space(q) || *q == '/' || *q == '>') &&
	             ascii_lower(p[0]) == 's' && ascii_lower(p[1]) == 'c' &&
	             ascii_lower(p[2]) == 'r' && ascii_lower(p[3]) == 'i' &&
	             ascii_lower(p[4]) == 'p' && ascii_lower(p[5]) == 't';
	return q;
}

static bool ascii_case_equal(const char *p, const char *lower, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ascii_lower(p[i]) != lower[i])
			return false;
	}
	return true;
}

/* ---- Attributes ------------------------------------------------------- */

static inline uint32_t attr_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void attr_hash_insert(pith_tokenizer *t, size_t index)
{
	const pith_token_attr *a = &t->attrs[index];
	uint32_t slot = attr_hash(a->name, a->name_len) & (ATTR_HASH_SLOTS - 1);
	while (t->attr_hash_generation[slot] == t->hash_generation)
		slot = (slot + 1) & (ATTR_HASH_SLOTS - 1);
	t->attr_hash_generation[slot] = t->hash_generation;
	t->attr_hash_index[slot] = (uint16_t)index;
}

/* Whether the token already has an attribute called name (13.2.5.33:
 * "the new attribute must be removed from the token"). */
static bool attr_is_duplicate(pith_tokenizer *t, const char *name, size_t len)
{
	size_t count = t->token.attr_count;
	if (count < ATTR_LINEAR_MAX) {
		for (size_t i = 0; i < count; i++) {
			if (t->attrs[i].name_len == len && memcmp(t->attrs[i].name, name, len) == 0)
				return true;
		}
		return false;
	}
	if (!t->hash_built) {
		/* A new generation empties the table without clearing it. */
		if (++t->hash_generation == 0) {
			memset(t->attr_hash_generation, 0, sizeof t->attr_hash_generation);
			t->hash_generation = 1;
		}
		for (size_t i = 0; i < count; i++)
			attr_hash_insert(t, i);
		t->hash_built = true;
	}
	uint32_t slot = attr_hash(name, len) & (ATTR_HASH_SLOTS - 1);
	while (t->attr_hash_generation[slot] == t->hash_generation) {
		const pith_token_attr *a = &t->attrs[t->attr_hash_index[slot]];
		if (a->name_len == len && memcmp(a->name, name, len) == 0)
			return true;
		slot = (slot + 1) & (ATTR_HASH_SLOTS - 1);
	}
	return false;
}

/* The attribute name is complete: decide whether the attribute is kept. */
static void attr_begin(pith_tokenizer *t, const char *name, size_t len)
{
	t->keep_attr = false;
	if (t->token.type != PITH_TOKEN_START_TAG || t->token.attr_count >= PITH_MAX_ATTRIBUTES ||
	    attr_is_duplicate(t, name, len))
		return;
	size_t i = t->token.attr_count++;
	t->attrs[i].name = name;
	t->attrs[i].name_len = (uint32_t)len;
	t->attrs[i].value = "";
	t->attrs[i].value_len = 0;
	if (t->hash_built)
		attr_hash_insert(t, i);
	t->keep_attr = true;
}

static bool attr_value_finish(pith_tokenizer *t, const char *at)
{
	if (!t->keep_attr)
		return true;
	const char *value;
	size_t len;
	if (!sb_finish(t, at, false, &value, &len))
		return false;
	if (len > UINT32_MAX)
		len = UINT32_MAX; /* cannot happen below 4 GiB of input */
	pith_token_attr *a = &t->attrs[t->token.attr_count - 1];
	a->value = value;
	a->value_len = (uint32_t)len;
	return true;
}

static void tag_begin(pith_tokenizer *t, pith_token_type type)
{
	token_begin(t, type);
	t->token.attrs = t->attrs;
	t->hash_built = false;
}

/* ---- Public API ------------------------------------------------------- */

pith_tokenizer *pith_tokenizer_new(void)
{
	return calloc(1, sizeof(pith_tokenizer));
}

void pith_tokenizer_free(pith_tokenizer *t)
{
	if (!t)
		return;
	pith_buffer_free(&t->scratch);
	free(t);
}

void pith_tokenizer_start(pith_tokenizer *t, const char *input, size_t len, pith_arena *arena,
                          pith_token_sink sink, void *user)
{
	pith_buffer_clear(&t->scratch, SCRATCH_RETAIN_SIZE);
	t->pos = input;
	t->end = input + len;
	t->arena = arena;
	t->block_next = NULL;
	t->block_left = 0;
	t->sink = sink;
	t->user = user;
	t->state = PITH_TOKENIZER_DATA;
	t->allow_cdata = false;
	t->last_start_tag = NULL;
	t->last_start_tag_len = 0;
	t->bounding_end_tag = NULL;
	t->bounding_end_tag_len = 0;
}

size_t pith_tokenizer_memory(const pith_tokenizer *t)
{
	return sizeof *t + t->scratch.capacity;
}

void pith_tokenizer_set_state(pith_tokenizer *t, pith_tokenizer_state state)
{
	t->state = state;
}

void pith_tokenizer_allow_cdata(pith_tokenizer *t, bool allow)
{
	t->allow_cdata = allow;
}

void pith_tokenizer_set_last_start_tag(pith_tokenizer *t, const char *name, size_t len)
{
	t->last_start_tag = name;
	t->last_start_tag_len = len;
}

void pith_tokenizer_set_bounding_end_tag(pith_tokenizer *t, const char *name, size_t len)
{
	t->bounding_end_tag = name;
	t->bounding_end_tag_len = len;
}

/* ---- The state machine ------------------------------------------------ */

/* These need the locals of pith_tokenizer_run. */
#define EMIT()                                                                                     \
	do {                                                                                       \
		if ((rc = token_emit(t)) != 0)                                                     \
			goto stop;                                                                 \
	} while (0)
#define FLUSH_TEXT(at)                                                                             \
	do {                                                                                       \
		if ((rc = text_flush(t, (at))) != 0)                                               \
			goto stop;                                                                 \
	} while (0)
#define CHECK(ok)                                                                                  \
	do {                                                                                       \
		if (!(ok))                                                                         \
			goto nomem;                                                                \
	} while (0)

int pith_tokenizer_run(pith_tokenizer *t)
{
	const char *p = t->pos;
	const char *const end = t->end;
	const char *q;
	const char *mark; /* comments: where the not-yet-appended dashes start */
	char quote;       /* quoted attribute values and doctype identifiers */
	unsigned upper;   /* a name being scanned has an uppercase letter */
	bool system_id;   /* a doctype's keyword was SYSTEM, not PUBLIC */
	int rc = 0;

dispatch:
	/* Every state the sink can switch to starts a text run. */
	sb_begin(t, p);
	t->text_has_null = false;
	switch (t->state) {
	case PITH_TOKENIZER_DATA:
		goto data;
	case PITH_TOKENIZER_RCDATA:
		goto rcdata;
	case PITH_TOKENIZER_RAWTEXT:
		goto rawtext;
	case PITH_TOKENIZER_SCRIPT_DATA:
		goto script_data;
	case PITH_TOKENIZER_PLAINTEXT:
		goto plaintext;
	case PITH_TOKENIZER_CDATA_SECTION:
		goto cdata_section;
	}
	goto data;

	/* Data state (13.2.5.1). U+0000 passes through (the tree builder
	 * decides), flagged on the token. */
data:
	for (;;) {
		p = scan4(p, end, '<', '&', '\r', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			t->text_has_null = true;
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		case '&':
			CHECK(q = character_reference(t, p, end, false));
			p = q;
			continue;
		}
		/* Tag open state (13.2.5.6). */
		q = p + 1;
		if (q == end) {
			p = end; /* "<" at EOF is text */
			goto eof;
		}
		if (is_alpha(q)) {
			FLUSH_TEXT(p);
			p = q;
			tag_begin(t, PITH_TOKEN_START_TAG);
			goto tag_name;
		}
		if (*q == '/') {
			/* End tag open state (13.2.5.7). */
			q++;
			if (q == end) {
				p = end; /* "</" at EOF is text */
				goto eof;
			}
			if (is_alpha(q)) {
				FLUSH_TEXT(p);
				p = q;
				tag_begin(t, PITH_TOKEN_END_TAG);
				goto tag_name;
			}
			FLUSH_TEXT(p);
			if (*q == '>') {
				p = q + 1; /* "</>" is dropped */
				sb_begin(t, p);
				t->text_has_null = false;
				continue;
			}
			p = q;
			goto bogus_comment_begin;
		}
		if (*q == '!') {
			FLUSH_TEXT(p);
			p = q + 1;
			goto markup_declaration_open;
		}
		if (*q == '?') {
			FLUSH_TEXT(p);
			p = q; /* the "?" is part of the comment */
			goto bogus_comment_begin;
		}
		p = q; /* "<" is text; reconsume in the data state */
	}

	/* RCDATA state (13.2.5.2) with its less-than sign, end tag open and
	 * end tag name states (13.2.5.9-11). */
rcdata:
	for (;;) {
		p = scan4(p, end, '<', '&', '\r', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		case '&':
			CHECK(q = character_reference(t, p, end, false));
			p = q;
			continue;
		}
		if (appropriate_end_tag(t, p, end, &q))
			goto end_tag_of_text;
		p++;
	}

	/* RAWTEXT state (13.2.5.3) and its end tag states (13.2.5.12-14). */
rawtext:
	for (;;) {
		p = scan4(p, end, '<', '\r', '\0', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		}
		if (appropriate_end_tag(t, p, end, &q))
			goto end_tag_of_text;
		p++;
	}

	/* PLAINTEXT state (13.2.5.5): no way out. */
plaintext:
	for (;;) {
		p = scan4(p, end, '\r', '\0', '\r', '\0');
		if (p == end)
			goto eof;
		if (*p == '\0')
			CHECK(sb_replace_null(t, p));
		else
			CHECK(sb_carriage_return(t, p, end));
		p++;
	}

	/* An appropriate end tag in RCDATA, RAWTEXT or script data: p is at
	 * "<", q after the name. The rest of the tag (attributes, "/", ">")
	 * is read as after any tag name. */
end_tag_of_text:
	FLUSH_TEXT(p);
	tag_begin(t, PITH_TOKEN_END_TAG);
	t->token.name = t->end_tag_found;
	t->token.name_len = t->end_tag_found_len;
	p = q;
	goto before_attribute_name;

	/* Script data state (13.2.5.4) and the script data states after it
	 * (13.2.5.15-32). All of them emit every character as text except an
	 * appropriate end tag outside double escapes; they differ only in
	 * where such an end tag is recognised. */
script_data:
	for (;;) {
		p = scan4(p, end, '<', '\r', '\0', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		}
		/* Script data less-than sign state (13.2.5.15). */
		if (appropriate_end_tag(t, p, end, &q))
			goto end_tag_of_text;
		p++;
		/* "<!--" enters the escaped states (13.2.5.18-19); anything
		 * else is reconsumed in the script data state. */
		if (end - p >= 3 && p[0] == '!' && p[1] == '-' && p[2] == '-') {
			p += 3;
			goto script_data_escaped_dash_dash;
		}
	}

	/* Script data escaped state (13.2.5.20). */
script_data_escaped:
	for (;;) {
		p = scan4(p, end, '-', '<', '\r', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		case '-':
			p++;
			goto script_data_escaped_dash;
		}
		goto script_data_escaped_less_than_sign;
	}

	/* Script data escaped dash state (13.2.5.21). Anything but "-" and
	 * "<" is reconsumed in the escaped state, which emits it (or its
	 * replacement) exactly as this state would. */
script_data_escaped_dash:
	if (p == end)
		goto eof;
	if (*p == '-') {
		p++;
		goto script_data_escaped_dash_dash;
	}
	if (*p == '<')
		goto script_data_escaped_less_than_sign;
	goto script_data_escaped;

	/* Script data escaped dash dash state (13.2.5.22). */
script_data_escaped_dash_dash:
	while (p < end && *p == '-')
		p++;
	if (p == end)
		goto eof;
	if (*p == '<')
		goto script_data_escaped_less_than_sign;
	if (*p == '>') {
		p++;
		goto script_data;
	}
	goto script_data_escaped;

	/* Script data escaped less-than sign state (13.2.5.23), at "<". A
	 * "</" that is not an appropriate end tag is text, as are the letters
	 * after it (13.2.5.24-25). */
script_data_escaped_less_than_sign:
	if (appropriate_end_tag(t, p, end, &q))
		goto end_tag_of_text;
	p++;
	if (p < end && is_alpha(p)) {
		/* Script data double escape start state (13.2.5.26). The
		 * terminating byte is reconsumed in the next state, which
		 * emits it as this state would. */
		bool is_script;
		p = script_word(p, end, &is_script);
		if (is_script)
			goto script_data_double_escaped;
	}
	goto script_data_escaped;

	/* Script data double escaped state (13.2.5.27). */
script_data_double_escaped:
	for (;;) {
		p = scan4(p, end, '-', '<', '\r', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		case '-':
			p++;
			goto script_data_double_escaped_dash;
		}
		p++;
		goto script_data_double_escaped_less_than_sign;
	}

	/* Script data double escaped dash state (13.2.5.28). */
script_data_double_escaped_dash:
	if (p == end)
		goto eof;
	if (*p == '-') {
		p++;
		goto script_data_double_escaped_dash_dash;
	}
	if (*p == '<') {
		p++;
		goto script_data_double_escaped_less_than_sign;
	}
	goto script_data_double_escaped;

	/* Script data double escaped dash dash state (13.2.5.29). */
script_data_double_escaped_dash_dash:
	while (p < end && *p == '-')
		p++;
	if (p == end)
		goto eof;
	if (*p == '<') {
		p++;
		goto script_data_double_escaped_less_than_sign;
	}
	if (*p == '>') {
		p++;
		goto script_data;
	}
	goto script_data_double_escaped;

	/* Script data double escaped less-than sign state (13.2.5.30), after
	 * "<", and the double escape end state (13.2.5.31). */
script_data_double_escaped_less_than_sign:
	if (p < end && *p == '/') {
		bool is_script;
		p = script_word(p + 1, end, &is_script);
		if (is_script)
			goto script_data_escaped;
	}
	goto script_data_double_escaped;

	/* Tag name state (13.2.5.8); p is at the name's first letter. */
tag_name:
	sb_begin(t, p);
	upper = 0;
	for (;;) {
		unsigned k;
		while (p < end && !((k = byte_class_of(p)) & CLASS_TAG_STOP)) {
			upper |= k;
			p++;
		}
		if (p == end)
			goto eof_in_tag;
		if (*p != '\0')
			break;
		CHECK(sb_rewrite(t, p, replacement_character, 3, p + 1, upper & CLASS_UPPER));
		upper = 0;
		p++;
	}
	CHECK(sb_finish(t, p, upper & CLASS_UPPER, &t->token.name, &t->token.name_len));
	/* Whitespace, "/" and ">" lead where the before attribute name state
	 * takes them. */

	/* Before attribute name state (13.2.5.32). "/", ">" and EOF go
	 * through the after attribute name state, which is inlined. */
before_attribute_name:
	while (p < end && is_space(p))
		p++;
	if (p == end)
		goto eof_in_tag;
	if (*p == '/') {
		p++;
		goto self_closing_start_tag;
	}
	if (*p == '>')
		goto emit_tag;
	/* A leading "=" is part of the name (a parse error). */
	sb_begin(t, p);
	if (*p == '=')
		p++;

	/* Attribute name state (13.2.5.33). */
	upper = 0;
	for (;;) {
		unsigned k;
		while (p < end && !((k = byte_class_of(p)) & CLASS_ATTR_STOP)) {
			upper |= k;
			p++;
		}
		if (p == end)
			goto eof_in_tag;
		if (*p != '\0')
			break;
		CHECK(sb_rewrite(t, p, replacement_character, 3, p + 1, upper & CLASS_UPPER));
		upper = 0;
		p++;
	}
	{
		const char *name;
		size_t len;
		CHECK(sb_finish(t, p, upper & CLASS_UPPER, &name, &len));
		attr_begin(t, name, len);
	}
	if (*p == '=') {
		p++;
		goto before_attribute_value;
	}

	/* After attribute name state (13.2.5.34). */
	while (p < end && is_space(p))
		p++;
	if (p == end)
		goto eof_in_tag;
	switch (*p) {
	case '/':
		p++;
		goto self_closing_start_tag;
	case '=':
		p++;
		goto before_attribute_value;
	case '>':
		goto emit_tag;
	}
	goto before_attribute_name; /* a new attribute starts here */

	/* Before attribute value state (13.2.5.35). */
before_attribute_value:
	while (p < end && is_space(p))
		p++;
	if (p == end)
		goto eof_in_tag;
	if (*p == '"' || *p == '\'') {
		quote = *p++;
		goto attribute_value_quoted;
	}
	if (*p == '>')
		goto emit_tag; /* missing value: the attribute stays, empty */

	/* Attribute value (unquoted) state (13.2.5.38). */
	sb_begin(t, p);
	for (;;) {
		while (p < end && !(byte_class_of(p) & CLASS_UNQUOTED_STOP))
			p++;
		if (p == end)
			goto eof_in_tag;
		if (*p == '&') {
			CHECK(q = character_reference(t, p, end, true));
			p = q;
			continue;
		}
		if (*p == '\0') {
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		}
		break;
	}
	CHECK(attr_value_finish(t, p));
	if (*p == '>')
		goto emit_tag;
	p++;
	goto before_attribute_name;

	/* Attribute value (double- and single-quoted) states (13.2.5.36-37). */
attribute_value_quoted:
	sb_begin(t, p);
	for (;;) {
		p = scan4(p, end, quote, '&', '\r', '\0');
		if (p == end)
			goto eof_in_tag;
		if (*p == quote)
			break;
		switch (*p) {
		case '&':
			CHECK(q = character_reference(t, p, end, true));
			p = q;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			break;
		default:
			CHECK(sb_replace_null(t, p));
			break;
		}
		p++;
	}
	CHECK(attr_value_finish(t, p));
	p++;

	/* After attribute value (quoted) state (13.2.5.39). Anything but
	 * whitespace, "/" and ">" is reconsumed in the before attribute name
	 * state, as is whitespace after its one byte. */
	if (p == end)
		goto eof_in_tag;
	if (*p == '/') {
		p++;
		goto self_closing_start_tag;
	}
	goto before_attribute_name;

	/* Self-closing start tag state (13.2.5.40); p is after "/". */
self_closing_start_tag:
	if (p == end)
		goto eof_in_tag;
	if (*p == '>') {
		t->token.self_closing = true;
		goto emit_tag;
	}
	goto before_attribute_name;

	/* p is at the tag's ">". */
emit_tag:
	p++;
	if (t->token.type == PITH_TOKEN_START_TAG) {
		t->last_start_tag = t->token.name;
		t->last_start_tag_len = t->token.name_len;
	} else {
		t->token.attrs = NULL;
		t->token.attr_count = 0;
	}
	t->state = PITH_TOKENIZER_DATA;
	EMIT();
	goto dispatch;

	/* EOF inside a tag drops the tag (13.2.5.8 and the attribute states). */
eof_in_tag:
	goto emit_eof;

	/* Markup declaration open state (13.2.5.42); p is after "<!". */
markup_declaration_open:
	if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
		p += 2;
		goto comment_start;
	}
	if (end - p >= 7 && ascii_case_equal(p, "doctype", 7)) {
		p += 7;
		goto doctype;
	}
	if (end - p >= 7 && memcmp(p, "[CDATA[", 7) == 0 && t->allow_cdata) {
		p += 7;
		sb_begin(t, p);
		t->text_has_null = false;
		goto cdata_section;
	}
	/* Anything else, "[CDATA[" in HTML content included, is a bogus
	 * comment whose data starts here. */
	goto bogus_comment_begin;

	/* Bogus comment state (13.2.5.41); the comment's data starts at p. */
bogus_comment_begin:
	token_begin(t, PITH_TOKEN_COMMENT);
	sb_begin(t, p);
	for (;;) {
		p = scan4(p, end, '>', '\r', '\0', '\0');
		if (p == end || *p == '>')
			break;
		if (*p == '\0')
			CHECK(sb_replace_null(t, p));
		else
			CHECK(sb_carriage_return(t, p, end));
		p++;
	}
	CHECK(sb_finish(t, p, false, &t->token.data, &t->token.data_len));
	if (p == end)
		goto emit_comment_then_eof;
	p++;
	goto emit_comment;

	/* Comment start state (13.2.5.43); p is after "<!--". */
comment_start:
	token_begin(t, PITH_TOKEN_COMMENT);
	sb_begin(t, p);
	mark = p;
	if (p < end && *p == '>') {
		p++; /* "<!-->" is an empty comment */
		goto emit_comment_at_mark;
	}
	if (p < end && *p == '-') {
		/* Comment start dash state (13.2.5.44). */
		p++;
		if (p == end)
			goto emit_comment_at_mark_then_eof;
		if (*p == '-') {
			p++;
			goto comment_end;
		}
		if (*p == '>') {
			p++; /* "<!--->" */
			goto emit_comment_at_mark;
		}
		/* The dash is data. */
	}

	/* Comment state (13.2.5.45). */
comment:
	for (;;) {
		p = scan4(p, end, '-', '<', '\r', '\0');
		if (p == end) {
			mark = p;
			goto emit_comment_at_mark_then_eof;
		}
		switch (*p) {
		case '\0':
			CHECK(sb_replace_null(t, p));
			p++;
			continue;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			p++;
			continue;
		case '-':
			mark = p;
			p++;
			goto comment_end_dash;
		}
		/* Comment less-than sign state (13.2.5.46): "<" is data, as are
		 * more "<" and one "!". */
		p++;
		while (p < end && *p == '<')
			p++;
		if (p == end || *p != '!')
			continue;
		p++;
		/* Comment less-than sign bang state (13.2.5.47). */
		if (p == end || *p != '-')
			continue;
		/* Comment less-than sign bang dash state (13.2.5.48): the dash
		 * is held back, as by the comment end dash state. */
		mark = p;
		p++;
		if (p == end || *p != '-')
			goto comment_end_dash;
		/* Comment less-than sign bang dash dash state (13.2.5.49):
		 * reconsume whatever follows in the comment end state. */
		p++;
		goto comment_end;
	}

	/* Comment end dash state (13.2.5.50); one "-" is held at mark. */
comment_end_dash:
	if (p == end)
		goto emit_comment_at_mark_then_eof;
	if (*p == '-') {
		p++;
		goto comment_end;
	}
	goto comment; /* the dash is data; reconsume */

	/* Comment end state (13.2.5.51); "--" is held at mark. */
comment_end:
	if (p == end)
		goto emit_comment_at_mark_then_eof;
	switch (*p) {
	case '>':
		p++;
		goto emit_comment_at_mark;
	case '!':
		/* Comment end bang state (13.2.5.52); "--!" is held. */
		p++;
		if (p == end)
			goto emit_comment_at_mark_then_eof;
		if (*p == '-') {
			mark = p; /* "--!" is data; this dash is held */
			p++;
			goto comment_end_dash;
		}
		if (*p == '>') {
			p++;
			goto emit_comment_at_mark;
		}
		goto comment; /* "--!" is data; reconsume */
	case '-':
		mark++; /* one held dash becomes data */
		p++;
		goto comment_end;
	}
	goto comment; /* "--" is data; reconsume */

emit_comment_at_mark:
	CHECK(sb_finish(t, mark, false, &t->token.data, &t->token.data_len));
emit_comment:
	t->state = PITH_TOKENIZER_DATA;
	EMIT();
	goto dispatch;

emit_comment_at_mark_then_eof:
	CHECK(sb_finish(t, mark, false, &t->token.data, &t->token.data_len));
emit_comment_then_eof:
	EMIT();
	goto emit_eof;

	/* DOCTYPE state (13.2.5.53); p is after "<!DOCTYPE". */
doctype:
	token_begin(t, PITH_TOKEN_DOCTYPE);
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (is_space(p))
		p++;
	/* Before DOCTYPE name state (13.2.5.54). */
	while (p < end && is_space(p))
		p++;
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '>') {
		t->token.force_quirks = true;
		p++;
		goto emit_doctype;
	}
	/* DOCTYPE name state (13.2.5.55). */
	sb_begin(t, p);
	upper = 0;
	for (; p < end && !is_space(p) && *p != '>'; p++) {
		if (*p == '\0') {
			CHECK(sb_rewrite(t, p, replacement_character, 3, p + 1, upper));
			upper = 0;
		} else {
			upper |= byte_class_of(p) & CLASS_UPPER;
		}
	}
	CHECK(sb_finish(t, p, upper, &t->token.name, &t->token.name_len));
	/* After DOCTYPE name state (13.2.5.56). */
	while (p < end && is_space(p))
		p++;
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '>') {
		p++;
		goto emit_doctype;
	}
	if (end - p >= 6 &&
	    (ascii_case_equal(p, "public", 6) || ascii_case_equal(p, "system", 6))) {
		system_id = (*p | 0x20) == 's';
		p += 6;
		goto after_doctype_keyword;
	}
	t->token.force_quirks = true;
	goto bogus_doctype;

	/* After DOCTYPE public and system keyword states (13.2.5.57, 13.2.5.63)
	 * and before DOCTYPE public and system identifier states (13.2.5.58,
	 * 13.2.5.64): they differ only in parse errors and in which identifier
	 * follows (system_id). */
after_doctype_keyword:
	while (p < end && is_space(p))
		p++;
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '"' || *p == '\'') {
		quote = *p++;
		if (system_id)
			t->token.has_system_id = true;
		else
			t->token.has_public_id = true;
		goto doctype_identifier;
	}
	t->token.force_quirks = true;
	if (*p == '>') {
		p++;
		goto emit_doctype;
	}
	goto bogus_doctype;

	/* DOCTYPE public/system identifier (double- and single-quoted)
	 * states (13.2.5.59-60, 13.2.5.65-66). has_system_id says which. */
doctype_identifier:
	sb_begin(t, p);
	for (;;) {
		p = scan4(p, end, quote, '>', '\r', '\0');
		if (p == end || *p == quote || *p == '>')
			break;
		if (*p == '\0')
			CHECK(sb_replace_null(t, p));
		else
			CHECK(sb_carriage_return(t, p, end));
		p++;
	}
	if (t->token.has_system_id)
		CHECK(sb_finish(t, p, false, &t->token.system_id, &t->token.system_id_len));
	else
		CHECK(sb_finish(t, p, false, &t->token.public_id, &t->token.public_id_len));
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '>') {
		t->token.force_quirks = true; /* abrupt identifier */
		p++;
		goto emit_doctype;
	}
	p++;
	if (t->token.has_system_id)
		goto after_doctype_system_identifier;

	/* After DOCTYPE public identifier state (13.2.5.61) and between
	 * DOCTYPE public and system identifiers state (13.2.5.62). */
	while (p < end && is_space(p))
		p++;
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '>') {
		p++;
		goto emit_doctype;
	}
	if (*p == '"' || *p == '\'') {
		quote = *p++;
		t->token.has_system_id = true;
		goto doctype_identifier;
	}
	t->token.force_quirks = true;
	goto bogus_doctype;

	/* After DOCTYPE system identifier state (13.2.5.67). */
after_doctype_system_identifier:
	while (p < end && is_space(p))
		p++;
	if (p == end) {
		t->token.force_quirks = true;
		goto emit_doctype_then_eof;
	}
	if (*p == '>') {
		p++;
		goto emit_doctype;
	}
	/* Not force-quirks: the identifiers were complete. */

	/* Bogus DOCTYPE state (13.2.5.68). */
bogus_doctype:
	q = memchr(p, '>', (size_t)(end - p));
	if (!q) {
		p = end;
		goto emit_doctype_then_eof;
	}
	p = q + 1;

emit_doctype:
	t->state = PITH_TOKENIZER_DATA;
	EMIT();
	goto dispatch;

emit_doctype_then_eof:
	EMIT();
	goto emit_eof;

	/* CDATA section state and its bracket and end states
	 * (13.2.5.69-71): the section ends at the first "]]>". */
cdata_section:
	for (;;) {
		p = scan4(p, end, ']', '\r', '\0', '\0');
		if (p == end)
			goto eof;
		switch (*p) {
		case '\0':
			t->text_has_null = true;
			break;
		case '\r':
			CHECK(sb_carriage_return(t, p, end));
			break;
		default:
			if (end - p >= 3 && p[1] == ']' && p[2] == '>') {
				FLUSH_TEXT(p);
				p += 3;
				t->state = PITH_TOKENIZER_DATA;
				goto dispatch;
			}
			break;
		}
		p++;
	}

	/* EOF in a text state: the pending text, then the end-of-file token. */
eof:
	FLUSH_TEXT(end);
emit_eof:
	p = end;
	token_begin(t, PITH_TOKEN_EOF);
	EMIT();
	t->pos = end;
	return 0;

nomem:
	rc = PITH_TOKENIZER_NOMEM;
stop:
	t->pos = p;
	return rc;
}
