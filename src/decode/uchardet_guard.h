/* uchardet behind a C boundary that never lets a C++ exception through;
 * see uchardet_guard.cpp. */
#ifndef PITH_UCHARDET_GUARD_H
#define PITH_UCHARDET_GUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A new detector, or NULL when memory runs out. */
void *pith_uchardet_new(void);

/* Reset the detector, feed it bytes[0..length) and return its answer: a
 * charset name, "" when it has none, or NULL when memory ran out (the
 * detector must then be freed, its state being unknown). */
const char *pith_uchardet_guess(void *detector, const char *bytes, size_t length);

void pith_uchardet_free(void *detector);

#ifdef __cplusplus
}
#endif

#endif
