/* A whole file read into memory: the one reader of the test programs and
 * the fuzz replay driver. */
#ifndef PITH_TESTS_READ_FILE_H
#define PITH_TESTS_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of path, NUL-terminated (the NUL not counted in *length), or
 * NULL when it cannot be opened or memory runs out. */
static char *read_file(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t capacity = 1 << 16, used = 0;
	char *data = malloc(capacity);
	while (data) {
		if (used + 1 == capacity) {
			char *bigger = realloc(data, capacity * 2);
			if (!bigger) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			capacity *= 2;
		}
		size_t n = fread(data + used, 1, capacity - used - 1, f);
		if (n == 0)
			break;
		used += n;
	}
	fclose(f);
	if (!data)
		return NULL;
	data[used] = '\0';
	*length = used;
	/* Cut to size, so that under ASan a read past the end is caught. */
	char *fitted = realloc(data, used + 1);
	return fitted ? fitted : data;
}

#endif
