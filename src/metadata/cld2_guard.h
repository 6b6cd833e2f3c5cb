/* CLD2, Google's Compact Language Detector 2 (Debian's libcld2), behind a
 * C boundary that never lets a C++ exception through; see
 * cld2_guard.cpp. */
#ifndef PITH_CLD2_GUARD_H
#define PITH_CLD2_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What CLD2 makes of a text. */
typedef struct pith_cld2_answer {
	/* CLD2's code for the language that holds most of the text ("en",
	 * "iw", "zh-Hant", "ceb"), or NULL when it names none. */
	const char *code;
	int percent;   /* the share of the text's letters in it, 0..100 */
	bool reliable; /* CLD2's own verdict: clearly ahead of the next */
} pith_cld2_answer;

/* CLD2 on text[0..length), valid UTF-8, read as plain text. Returns false
 * only when memory ran out inside CLD2. */
bool pith_cld2_detect(const char *text, size_t length, pith_cld2_answer *answer);

#ifdef __cplusplus
}
#endif

#endif
