/* The digests WARC records carry (WARC 1.1 section 5.8-5.9:
 * WARC-Block-Digest, WARC-Payload-Digest): SHA-1 and SHA-256 as FIPS
 * 180-4 defines them, and the labelled forms "sha1:BASE32" (RFC 4648
 * base 32, as crawlers write them) or hex. */
#ifndef PITH_WARC_DIGEST_H
#define PITH_WARC_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PITH_SHA1_BYTES 20
#define PITH_SHA256_BYTES 32

/* A hash being computed: SHA-1 or SHA-256 (the same block and padding). */
typedef struct pith_sha {
	bool sha256;
	uint32_t state[8];
	uint64_t length; /* bytes hashed */
	unsigned char block[64];
	size_t filled;
} pith_sha;

void pith_sha_start(pith_sha *sha, bool sha256);
void pith_sha_add(pith_sha *sha, const void *data, size_t length);
/* Writes 20 (SHA-1) or 32 (SHA-256) bytes to out. */
void pith_sha_finish(pith_sha *sha, unsigned char *out);

/* A labelled digest value ("sha1:...", "sha256:...", label case-
 * insensitive, the value in base 32 or hex) parsed: *sha256 says which,
 * out gets its 20 or 32 bytes. false for another algorithm or a value
 * that does not decode to the digest's length. */
bool pith_digest_parse(const char *value, size_t length, bool *sha256, unsigned char *out);

#endif
