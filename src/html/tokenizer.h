/* The WHATWG HTML tokenizer (HTML Living Standard, section 13.2.5).
 *
 * Input is UTF-8 (already decoded, not NUL-terminated). Tokens are handed to
 * a sink callback one at a time; the sink (the tree builder) may change the
 * tokenizer's state and its CDATA permission from inside the callback, as
 * the standard's tree-construction stage does.
 *
 * Every string in a token is stable for the life of the arena: it points
 * either into the input or into the arena (when the tokenizer had to
 * rewrite it: character references, CR/LF normalisation, NUL replacement,
 * lowercasing). The attrs array itself is reused: copy it if you keep it. */
#ifndef PITH_TOKENIZER_H
#define PITH_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"

/* At most this many attributes are kept per tag; later ones are dropped.
 * Without a bound, one tag with a million attributes costs a million-entry
 * array per element and duplicate checks on every one. No real page comes
 * near it (the most in the dev sets is well under 100). */
#define PITH_MAX_ATTRIBUTES 512

typedef enum pith_token_type {
	PITH_TOKEN_DOCTYPE,
	PITH_TOKEN_START_TAG,
	PITH_TOKEN_END_TAG,
	PITH_TOKEN_COMMENT,
	PITH_TOKEN_CHARACTER, /* a run of characters, never empty */
	PITH_TOKEN_EOF,
} pith_token_type;

/* Tokenizer states that the tree builder switches to (13.2.5.1-). */
typedef enum pith_tokenizer_state {
	PITH_TOKENIZER_DATA,
	PITH_TOKENIZER_RCDATA,
	PITH_TOKENIZER_RAWTEXT,
	PITH_TOKENIZER_SCRIPT_DATA,
	PITH_TOKENIZER_PLAINTEXT,
	/* Only for the html5lib tests' "initialStates"; internal states follow
	 * in tokenizer.c. */
	PITH_TOKENIZER_CDATA_SECTION,
} pith_tokenizer_state;

typedef struct pith_token_attr {
	const char *name; /* lowercased */
	const char *value;
	uint32_t name_len;
	uint32_t value_len;
} pith_token_attr;

typedef struct pith_token {
	pith_token_type type;
	/* Start/end tag: lowercased name. Doctype: name (lowercased), or NULL
	 * when missing. */
	const char *name;
	size_t name_len;
	/* Character and comment tokens. */
	const char *data;
	size_t data_len;
	/* A character token holds U+0000 (only the data state and CDATA
	 * sections pass NUL through; the tree builder drops or replaces it). */
	bool has_null;
	/* Start tags (end tags' attributes are dropped, as the standard says). */
	pith_token_attr *attrs;
	size_t attr_count;
	bool self_closing;
	/* Doctype */
	bool force_quirks;
	bool has_public_id, has_system_id;
	const char *public_id, *system_id;
	size_t public_id_len, system_id_len;
} pith_token;

/* Returns 0 to go on; anything else stops the tokenizer, which returns it. */
typedef int (*pith_token_sink)(void *user, pith_token *token);

typedef struct pith_tokenizer pith_tokenizer;

/* Opaque parts are in tokenizer.c; the struct is allocated by the caller via
 * pith_tokenizer_new so the tree builder can embed a pointer. */
pith_tokenizer *pith_tokenizer_new(void);
void pith_tokenizer_free(pith_tokenizer *t);

/* Prepare to tokenize input[0..len). Strings that need rewriting are
 * allocated from arena. */
void pith_tokenizer_start(pith_tokenizer *t, const char *input, size_t len, pith_arena *arena,
                          pith_token_sink sink, void *user);

/* Run to the end of input; the last token is PITH_TOKEN_EOF. Returns 0, the
 * sink's non-zero return, or PITH_TOKENIZER_NOMEM. */
#define PITH_TOKENIZER_NOMEM (-1)
int pith_tokenizer_run(pith_tokenizer *t);

/* Bytes the tokenizer holds between pages, for memory accounting. */
size_t pith_tokenizer_memory(const pith_tokenizer *t);

/* Called by the tree builder (from within the sink) to switch state. */
void pith_tokenizer_set_state(pith_tokenizer *t, pith_tokenizer_state state);

/* Whether a "<![CDATA[" opens a CDATA section: true when the adjusted
 * current node is not in the HTML namespace (13.2.5.42). Default false. */
void pith_tokenizer_allow_cdata(pith_tokenizer *t, bool allow);

/* The "last start tag" for appropriate-end-tag checks. The tokenizer sets it
 * itself on every start tag it emits; the tokenizer tests set it explicitly
 * (fragment parsing leaves it unset, as the standard does). name must stay
 * valid while tokenizing. */
void pith_tokenizer_set_last_start_tag(pith_tokenizer *t, const char *name, size_t len);

/* A second end tag (a lowercase name) that ends RCDATA, RAWTEXT and script
 * data beside the last start tag's, or NULL for none: not the standard's
 * tokenizer, which the parser asks for only when told to
 * (pith_html_parser_set_noscript_bounds). */
void pith_tokenizer_set_bounding_end_tag(pith_tokenizer *t, const char *name, size_t len);

#endif
