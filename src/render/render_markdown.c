/* The document model as CommonMark with GFM tables and footnotes.
 *
 * Text never turns into markup: characters that could start markup are
 * escaped with a backslash (always the few that work anywhere, the others
 * where they would: "-" or "1." at the start of a line), code spans and
 * fences are longer than any backtick run inside, and pipes in table cells
 * are escaped. Containers (quotes, list items, footnotes) write their
 * prefix at the start of every line they hold, so nesting is exact. */
#include <stdio.h>
#include <string.h>

#include "render.h"

/* A container's prefix: its marker on its first line, then its indent. */
typedef struct prefix {
	char marker[32]; /* "- ", "12. ", "[^3]: ", or "> " for a quote */
	uint8_t indent;  /* spaces on the lines after the first; 0 for a quote */
	bool quote;
	bool marker_pending;
} prefix;

/* Written between "xmpp" and ":" before an address (put_text): the only
 * raw HTML pith's Markdown holds, an empty comment. */
#define XMPP_SPLIT "<!-- -->"

/* Where inline text goes, which changes what must be escaped. */
typedef enum inline_place { IN_PARAGRAPH, IN_HEADING, IN_CELL } inline_place;

typedef struct markdown {
	const pith_document *doc;
	pith_buffer *out;
	prefix prefixes[PITH_DOCUMENT_MAX_DEPTH + 1];
	int depth;
	bool line_start; /* the next write starts a line: prefixes first */
	/* Escaping at the start of a line's text: 0 past it, 1 at it, 2 in
	 * the digits that open it ("1." would be a list). */
	int line_text;
	pith_buffer scratch; /* a code span's or block's text, reused */
	bool ok;
} markdown;

static void append(markdown *md, const char *s, size_t n)
{
	if (md->ok && !pith_buffer_append(md->out, s, n))
		md->ok = false;
}

static void write_prefixes(markdown *md)
{
	for (int i = 0; i < md->depth; i++) {
		prefix *p = &md->prefixes[i];
		if (p->marker_pending) {
			append(md, p->marker, strlen(p->marker));
			p->marker_pending = false;
		} else if (p->quote) {
			append(md, "> ", 2);
		} else {
			append(md, "                                ", p->indent);
		}
	}
}

static void put(markdown *md, const char *s, size_t n)
{
	if (md->line_start) {
		md->line_start = false;
		write_prefixes(md);
		md->line_text = 1;
	}
	append(md, s, n);
}

static void newline(markdown *md)
{
	append(md, "\n", 1);
	md->line_start = true;
}

/* A blank line inside the containers: the prefixes up to the innermost
 * quote's marker, which keeps the line inside the quote. */
static void blank_line(markdown *md)
{
	int last_quote = -1;
	for (int i = 0; i < md->depth; i++)
		if (md->prefixes[i].quote)
			last_quote = i;
	for (int i = 0; i <= last_quote; i++) {
		const prefix *p = &md->prefixes[i];
		if (p->quote)
			append(md, i == last_quote ? ">" : "> ", i == last_quote ? 1 : 2);
		else
			append(md, "                                ", p->indent);
	}
	newline(md);
}

static const pith_doc_node *node_at(const markdown *md, uint32_t id)
{
	return &md->doc->nodes[id];
}

static bool is_word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

/* Bytes that may need escaping, or are a newline. */
static bool may_be_markup(unsigned char c)
{
	switch (c) {
	case '\n':
	case '\\':
	case '`':
	case '*':
	case '[':
	case ']':
	case '<':
	case '|':
	case '~':
	case '#':
	case '_':
	case '&':
	case '-':
	case '+':
	case '=':
	case '>':
	case '.':
	case ')':
	case ':':
	case '/':
		return true;
	}
	return false;
}

/* Does what was written end with word, in any ASCII case? */
static bool wrote_nocase(const markdown *md, const char *word)
{
	size_t n = strlen(word), length = md->out->length;
	if (length < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((md->out->data[length - n + i] | 0x20) != word[i])
			return false;
	return true;
}

static bool wrote_space(const markdown *md)
{
	return md->out->length && md->out->data[md->out->length - 1] == ' ';
}

/* Does what was written end with a letter and ":" (a URL's scheme)? */
static bool wrote_scheme(const markdown *md)
{
	size_t length = md->out->length;
	char letter = length >= 2 ? md->out->data[length - 2] | 0x20 : 0;
	return length >= 2 && md->out->data[length - 1] == ':' && letter >= 'a' && letter <= 'z';
}

/* Could c be part of the address after "xmpp:" that GFM's email
 * autolink reads? */
static bool is_address_byte(char c)
{
	return is_word_byte(c) || c == '.' || c == '+' || c == '-' || c == '_';
}

/* Text with what could be markup escaped. Runs of bytes that cannot be
 * markup where they stand are written in one piece. The escapes that
 * depend on what came before (autolink triggers) look at what was
 * written, so text split across nodes is read as a renderer reads it. */
static void put_text(markdown *md, const char *s, size_t n, inline_place place)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!md->line_start && md->line_text == 0 && !may_be_markup((unsigned char)c))
			continue;
		put(md, s + run, i - run);
		run = i + 1;
		if (c == '\n') {
			if (place == IN_PARAGRAPH) {
				put(md, "\\", 1);
				newline(md);
			} else {
				put(md, " ", 1);
			}
			continue;
		}
		if (md->line_start)
			put(md, "", 0);
		bool escape = false;
		switch (c) {
		case '\\':
		case '`':
		case '*':
		case '[':
		case ']':
		case '|':
		case '~':
		case '#':
			escape = true;
			break;
		case '<':
			/* An entity, not "\<": GFM's URL and www autolinks
			 * read raw bytes, so one that ends just before a
			 * "\<" takes the backslash and leaves the "<" to
			 * open raw HTML. An entity is never markup. */
			put(md, "&lt;", 4);
			md->line_text = 0;
			continue;
		case '_':
			/* snake_case stays as it is: no emphasis starts inside
			 * a word. */
			escape = i == 0 || i + 1 == n || !is_word_byte(s[i - 1]) ||
			         !is_word_byte(s[i + 1]);
			break;
		case '&':
			escape = i + 1 == n || is_word_byte(s[i + 1]) || s[i + 1] == '#';
			break;
		case '-':
		case '+':
		case '=':
		case '>':
			escape = md->line_text == 1;
			break;
		case '.':
			/* "www." starts GFM's www autolink. */
			escape = md->line_text == 2 || wrote_nocase(md, "www");
			break;
		case ')':
			escape = md->line_text == 2;
			break;
		case ':':
			/* GFM's email autolink reads "xmpp:" before an address
			 * in the parsed text, where no escape reaches: an empty
			 * comment splits the text there. */
			if (wrote_nocase(md, "xmpp") && (i + 1 == n || is_address_byte(s[i + 1])))
				put(md, XMPP_SPLIT, strlen(XMPP_SPLIT));
			break;
		case '/':
			/* "http://" (any letters before "://") starts GFM's URL
			 * autolink, which reads the raw "://". */
			escape = wrote_scheme(md);
			break;
		}
		if (escape)
			put(md, "\\", 1);
		put(md, &c, 1);
		/* Spaces before a marker still make it one. */
		if (!(md->line_text == 1 && (c == ' ' || c == '\t')))
			md->line_text = md->line_text && c >= '0' && c <= '9' ? 2 : 0;
	}
	put(md, s + run, n - run);
}

/* A link or image destination, written so that what CommonMark decodes
 * from it (backslash escapes, entities) is the URL again: spaces, angle
 * brackets and control characters percent-encoded (as a browser encodes
 * them), parentheses and backslashes escaped, and "&" written "&amp;".
 * Not "\&": cmark decodes a destination's entities before its backslash
 * escapes, so "javascript\&colon;x" would become "javascript:x". Every
 * "\" is doubled, so either order gives the URL back. */
static void put_destination(markdown *md, const char *s, size_t n)
{
	put(md, "(", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == '<' || c == '>' || c == 0x7f) {
			char hex[4];
			snprintf(hex, sizeof hex, "%%%02X", c);
			put(md, hex, 3);
			continue;
		}
		if (c == '&') {
			put(md, "&amp;", 5);
			continue;
		}
		if (c == '(' || c == ')' || c == '\\')
			put(md, "\\", 1);
		put(md, (const char *)&c, 1);
	}
	put(md, ")", 1);
}

static size_t longest_backtick_run(const char *s, size_t n)
{
	size_t longest = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

static void put_backticks(markdown *md, size_t count)
{
	for (size_t i = 0; i < count; i++)
		put(md, "`", 1);
}

/* The code nodes first to last, side by side in their parent, as one
 * span: spans written side by side would share their backticks ("`a`"
 * and "`b`" make "`a``b`", one span of "a``b"). */
static void put_code_span(markdown *md, uint32_t first, uint32_t last, inline_place place)
{
	pith_buffer code = md->scratch;
	code.length = 0;
	/* Breaks as spaces: code spans hold no markup. */
	bool ok = true;
	for (uint32_t id = first; ok; id = node_at(md, id)->next_sibling) {
		ok = pith_document_append_text(md->doc, id, " ", &code);
		if (id == last)
			break;
	}
	md->scratch = code;
	for (size_t i = 0; i < code.length; i++)
		if (code.data[i] == '\n')
			code.data[i] = ' ';
	if (!ok) {
		md->ok = false;
	} else if (code.length) {
		size_t fence = longest_backtick_run(code.data, code.length) + 1;
		/* One space inside each end is stripped when both have one. */
		bool pad = code.data[0] == '`' || code.data[code.length - 1] == '`' ||
		           (code.data[0] == ' ' && code.data[code.length - 1] == ' ');
		put_backticks(md, fence);
		if (pad)
			put(md, " ", 1);
		for (size_t i = 0; i < code.length; i++) {
			if (code.data[i] == '|' && place == IN_CELL)
				put(md, "\\", 1);
			put(md, code.data + i, 1);
		}
		if (pad)
			put(md, " ", 1);
		put_backticks(md, fence);
	}
	md->line_text = 0;
}

static void put_inlines(markdown *md, uint32_t parent, inline_place place);

/* Writes s (n bytes), which opens with the "[" of a link or of a
 * footnote reference's "[^N]". A "!" written just before it, whatever
 * wrote it (a text ending so, directly or inside the element before:
 * "and!<sup><a>"), would make the link an image: it is escaped first,
 * unless a backslash already escapes it (an odd run of them). */
static void put_bracket(markdown *md, const char *s, size_t n)
{
	pith_buffer *out = md->out;
	if (md->ok && !md->line_start && out->length && out->data[out->length - 1] == '!') {
		size_t backslashes = 0;
		while (backslashes + 1 < out->length &&
		       out->data[out->length - 2 - backslashes] == '\\')
			backslashes++;
		if (backslashes % 2 == 0) {
			out->length--;
			append(md, "\\!", 2);
		}
	}
	put(md, s, n);
	md->line_text = 0;
}

static void put_inline(markdown *md, uint32_t id, inline_place place)
{
	const pith_doc_node *n = node_at(md, id);
	const char *text = pith_doc_string_data(md->doc, n->text);
	switch (n->kind) {
	case PITH_DOC_TEXT:
		put_text(md, text, n->text.length, place);
		break;
	case PITH_DOC_BREAK:
		if (place == IN_PARAGRAPH && n->next_sibling &&
		    id != node_at(md, n->parent)->first_child) {
			put(md, "\\", 1);
			newline(md);
		} else {
			put(md, " ", 1);
		}
		break;
	case PITH_DOC_EMPHASIS:
	case PITH_DOC_STRONG: {
		const char *mark = n->kind == PITH_DOC_STRONG ? "**" : "*";
		put(md, mark, strlen(mark));
		put_inlines(md, id, place);
		put(md, mark, strlen(mark));
		md->line_text = 0;
		break;
	}
	case PITH_DOC_CODE:
		put_code_span(md, id, id, place);
		break;
	case PITH_DOC_LINK:
		put_bracket(md, "[", 1);
		put_inlines(md, id, place);
		put(md, "]", 1);
		put_destination(md, text, n->text.length);
		break;
	case PITH_DOC_NOTE_REF:
		if (n->number > 0) {
			char label[24];
			int length = snprintf(label, sizeof label, "[^%d]", (int)n->number);
			put_bracket(md, label, (size_t)length);
		} else {
			put_inlines(md, id, place);
		}
		break;
	case PITH_DOC_IMAGE:
		if ((n->level & PITH_DOC_SPACE_BEFORE) && !md->line_start && !wrote_space(md))
			put(md, " ", 1);
		put(md, "![", 2);
		md->line_text = 0;
		put_text(md, pith_doc_string_data(md->doc, n->alt), n->alt.length, place);
		put(md, "]", 1);
		put_destination(md, text, n->text.length);
		if (pith_document_space_after_image(md->doc, id))
			put(md, " ", 1);
		break;
	}
}

static void put_inlines(markdown *md, uint32_t parent, inline_place place)
{
	uint32_t next;
	for (uint32_t c = node_at(md, parent)->first_child; c; c = next) {
		next = node_at(md, c)->next_sibling;
		if (node_at(md, c)->kind != PITH_DOC_CODE) {
			put_inline(md, c, place);
			continue;
		}
		uint32_t last = c;
		for (; next && node_at(md, next)->kind == PITH_DOC_CODE;
		     next = node_at(md, next)->next_sibling)
			last = next;
		put_code_span(md, c, last, place);
	}
}

static void push_prefix(markdown *md, const char *marker, uint8_t indent, bool quote)
{
	prefix *p = &md->prefixes[md->depth++];
	snprintf(p->marker, sizeof p->marker, "%s", marker);
	p->indent = indent;
	p->quote = quote;
	p->marker_pending = !quote;
}

static void put_blocks(markdown *md, uint32_t parent);

/* CommonMark ordered list numbers have at most nine digits and no sign. */
#define MAX_LIST_NUMBER 999999999

/* alternate: the list follows another list, so it takes the other bullet
 * ("*" or ")") or CommonMark would join the two. */
static void put_list(markdown *md, uint32_t id, bool alternate)
{
	const pith_doc_node *list = node_at(md, id);
	long number = list->number < 0 ? 0 : list->number;
	bool first = true;
	for (uint32_t item = list->first_child; item; item = node_at(md, item)->next_sibling) {
		char marker[32];
		if (number > MAX_LIST_NUMBER)
			number = MAX_LIST_NUMBER;
		if (list->level)
			snprintf(marker, sizeof marker, "%ld%c ", number++, alternate ? ')' : '.');
		else
			snprintf(marker, sizeof marker, "%c ", alternate ? '*' : '-');
		if (!first && !md->line_start)
			newline(md);
		first = false;
		push_prefix(md, marker, (uint8_t)strlen(marker), false);
		if (node_at(md, item)->first_child)
			put_blocks(md, item);
		else
			put(md, "", 0);
		if (!md->line_start)
			newline(md);
		md->depth--;
	}
}

/* A GFM table gives every row as many cells as its widest: pith pads the
 * short rows, and a renderer pads them when the Markdown does not. A
 * ragged or sparse table (one wide row over many short ones) would so
 * grow with rows times columns, quadratic in the page (8,000 cells in a
 * first row over 8,000 one-cell rows gave 192 MB). A table whose grid
 * holds more than MARKDOWN_TABLE_MAX_GRID_PER_CELL cells for each real
 * one, past MARKDOWN_TABLE_GRID_SLACK, is written as a list instead, one
 * item a row. No dev page's table comes near: the most ragged holds 80
 * grid cells for 41 real ones. */
#define MARKDOWN_TABLE_MAX_GRID_PER_CELL 2
#define MARKDOWN_TABLE_GRID_SLACK 64

typedef struct table_shape {
	size_t rows, columns, cells;
} table_shape;

static table_shape table_shape_of(const markdown *md, uint32_t id)
{
	table_shape shape = {0, 0, 0};
	for (uint32_t row = node_at(md, id)->first_child; row;
	     row = node_at(md, row)->next_sibling) {
		size_t cells = 0;
		for (uint32_t c = node_at(md, row)->first_child; c;
		     c = node_at(md, c)->next_sibling)
			cells++;
		if (cells > shape.columns)
			shape.columns = cells;
		shape.cells += cells;
		shape.rows++;
	}
	return shape;
}

static bool table_as_list(const markdown *md, uint32_t id)
{
	table_shape shape = table_shape_of(md, id);
	size_t grid_limit =
	    MARKDOWN_TABLE_MAX_GRID_PER_CELL * shape.cells + MARKDOWN_TABLE_GRID_SLACK;
	return shape.rows && shape.columns > grid_limit / shape.rows;
}

/* A table too ragged for GFM: a list, one item a row, its cells
 * separated by " | " as text output writes them; alternate as for
 * put_list. */
static void put_table_as_list(markdown *md, uint32_t id, bool alternate)
{
	for (uint32_t row = node_at(md, id)->first_child; row;
	     row = node_at(md, row)->next_sibling) {
		push_prefix(md, alternate ? "* " : "- ", 2, false);
		put(md, "", 0);
		for (uint32_t c = node_at(md, row)->first_child; c;
		     c = node_at(md, c)->next_sibling) {
			if (c != node_at(md, row)->first_child)
				put(md, " \\| ", 4);
			md->line_text = c == node_at(md, row)->first_child;
			put_inlines(md, c, IN_CELL);
		}
		newline(md);
		md->depth--;
	}
}

static void put_table(markdown *md, uint32_t id, bool alternate)
{
	if (table_as_list(md, id)) {
		put_table_as_list(md, id, alternate);
		return;
	}
	size_t columns = table_shape_of(md, id).columns;
	bool header = true;
	for (uint32_t row = node_at(md, id)->first_child; row;
	     row = node_at(md, row)->next_sibling) {
		size_t cells = 0;
		put(md, "|", 1);
		for (uint32_t c = node_at(md, row)->first_child; c;
		     c = node_at(md, c)->next_sibling) {
			put(md, " ", 1);
			md->line_text = 0;
			put_inlines(md, c, IN_CELL);
			put(md, " |", 2);
			cells++;
		}
		for (; cells < columns; cells++)
			put(md, "  |", 3);
		newline(md);
		if (header) {
			put(md, "|", 1);
			for (size_t i = 0; i < columns; i++)
				put(md, " --- |", 6);
			newline(md);
			header = false;
		}
	}
}

static void put_code_block(markdown *md, uint32_t id)
{
	const pith_doc_node *block = node_at(md, id);
	pith_buffer code = md->scratch;
	code.length = 0;
	/* The block's lines are its text's newlines; a <br> inside counts as
	 * a space, as in code spans. */
	bool ok = pith_document_append_text(md->doc, id, " ", &code);
	md->scratch = code;
	if (!ok) {
		md->ok = false;
		return;
	}
	size_t fence = longest_backtick_run(code.data, code.length) + 1;
	if (fence < 3)
		fence = 3;
	put_backticks(md, fence);
	put(md, pith_doc_string_data(md->doc, block->text), block->text.length);
	newline(md);
	size_t start = 0;
	for (size_t i = 0; i <= code.length; i++) {
		if (i == code.length || code.data[i] == '\n') {
			put(md, code.data + start, i - start);
			newline(md);
			start = i + 1;
		}
	}
	put_backticks(md, fence);
	newline(md);
}

static void put_block(markdown *md, uint32_t id, bool after_list)
{
	const pith_doc_node *n = node_at(md, id);
	switch (n->kind) {
	case PITH_DOC_HEADING: {
		char marks[8];
		int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
		memset(marks, '#', (size_t)level);
		marks[level] = ' ';
		put(md, marks, (size_t)level + 1);
		md->line_text = 0;
		put_inlines(md, id, IN_HEADING);
		newline(md);
		break;
	}
	case PITH_DOC_PARAGRAPH:
	case PITH_DOC_CAPTION:
	case PITH_DOC_CELL: /* only a cell outside a table, which the model never makes */
		put(md, "", 0);
		put_inlines(md, id, IN_PARAGRAPH);
		newline(md);
		break;
	case PITH_DOC_LIST:
		put_list(md, id, after_list);
		break;
	case PITH_DOC_TABLE:
		put_table(md, id, after_list);
		break;
	case PITH_DOC_CODE_BLOCK:
		put_code_block(md, id);
		break;
	case PITH_DOC_QUOTE:
		push_prefix(md, "> ", 0, true);
		put_blocks(md, id);
		md->depth--;
		break;
	case PITH_DOC_FOOTNOTE:
		if (n->number > 0) {
			char marker[32];
			snprintf(marker, sizeof marker, "[^%d]: ", (int)n->number);
			push_prefix(md, marker, 4, false);
			put_blocks(md, id);
			md->depth--;
		} else {
			put_blocks(md, id);
		}
		break;
	case PITH_DOC_RULE:
		put(md, "---", 3);
		newline(md);
		break;
	default: /* ITEM and ROW only appear inside their list and table */
		put_blocks(md, id);
		break;
	}
}

/* Blocks separated by a blank line. */
static void put_blocks(markdown *md, uint32_t parent)
{
	bool first = true, after_list = false;
	for (uint32_t c = node_at(md, parent)->first_child; c; c = node_at(md, c)->next_sibling) {
		if (!first)
			blank_line(md);
		first = false;
		uint8_t kind = node_at(md, c)->kind;
		bool is_list =
		    kind == PITH_DOC_LIST || (kind == PITH_DOC_TABLE && table_as_list(md, c));
		put_block(md, c, is_list && after_list);
		/* Lists in a row alternate their bullets. */
		after_list = is_list && !after_list;
	}
}

bool pith_render_markdown(const pith_document *doc, pith_buffer *out)
{
	markdown md = {.doc = doc, .out = out, .line_start = true, .ok = true};
	out->length = 0;
	append(&md, "", 0);
	if (doc->count)
		put_blocks(&md, 0);
	pith_buffer_free(&md.scratch);
	while (out->length && out->data[out->length - 1] == '\n')
		out->data[--out->length] = '\0';
	return md.ok;
}
