/* Runs a libFuzzer target over corpus files without libFuzzer, so every
 * `make test` (and its ASan/UBSan variants) replays the corpus. Arguments
 * are files or folders; with none, the folder fuzz/corpus/<target> named
 * by FUZZ_CORPUS is used. Prints "replay-NAME: N passed, 0 failed": a
 * failure is a crash or a sanitizer report, which ends the process. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

/* The input gets an allocation of exactly its size (not the tests' reader,
 * tests/read_file.h, which adds a NUL), so under ASan a target that reads
 * one byte past the input is caught. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *data = malloc(size > 0 ? (size_t)size : 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "%s: cannot read\n", path);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	replayed++;
	return 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	DIR *dir = opendir(path);
	if (!dir) {
		perror(path);
		return 1;
	}
	int errors = 0;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		size_t n = strlen(path) + strlen(entry->d_name) + 2;
		char *child = malloc(n);
		if (!child)
			return 1;
		snprintf(child, n, "%s/%s", path, entry->d_name);
		errors += replay_path(child);
		free(child);
	}
	closedir(dir);
	return errors;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '_');
	name = name ? name + 1 : argv[0];
	int errors = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			errors += replay_path(argv[i]);
	} else {
		char folder[512];
		snprintf(folder, sizeof folder, "fuzz/corpus/%s", name);
		errors += replay_path(folder);
	}
	printf("replay-%s: %ld passed, %d failed\n", name, replayed, errors);
	return errors ? 1 : 0;
}
