/* Reading a caller's struct that starts with its size (docs/ABI.md): the
 * fields the size covers whole are read, the others keep their defaults,
 * so a program built with an older, shorter struct works with a newer
 * library. */
#ifndef PITH_BASE_STRUCT_SIZE_H
#define PITH_BASE_STRUCT_SIZE_H

#include <stddef.h>

/* Whether the size at from->size is one the library takes for type, whose
 * first field after size is first: not 0, not larger than the library's
 * struct, and covering first whole (a shorter one says nothing). */
#define PITH_STRUCT_SIZE_VALID(type, from, first)                                                  \
	((from)->size >= offsetof(type, first) + sizeof(from)->first &&                            \
	 (from)->size <= sizeof(type))

/* to->field = from->field when from's size covers field whole. */
#define PITH_STRUCT_COPY_FIELD(type, to, from, field)                                              \
	do {                                                                                       \
		if ((from)->size >= offsetof(type, field) + sizeof(from)->field)                   \
			(to)->field = (from)->field;                                               \
	} while (0)

#endif
