/* SHA-1 and SHA-256 (src/warc/digest.c) against the FIPS 180-4 example
 * vectors (NIST's "Examples with Intermediate Values": "abc", the 448-bit
 * message, one million "a"), fed whole and in uneven pieces; and the
 * labelled WARC digest values in base 32 and hex. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "warc/digest.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* The message hashed whole, and in pieces of every size 1 to 70. */
static void check_vector(bool sha256, const char *message, size_t repeat, const char *expected)
{
	const char *name = sha256 ? "sha256" : "sha1";
	size_t length = strlen(message), bytes = sha256 ? PITH_SHA256_BYTES : PITH_SHA1_BYTES;
	unsigned char digest[32];
	char text[65];
	pith_sha sha;
	pith_sha_start(&sha, sha256);
	for (size_t r = 0; r < repeat; r++)
		pith_sha_add(&sha, message, length);
	pith_sha_finish(&sha, digest);
	hex(digest, bytes, text);
	check(strcmp(text, expected) == 0, name, "%s x %zu: %s", message, repeat, text);
	if (repeat != 1)
		return;
	int wrong = 0;
	for (size_t piece = 1; piece <= 70; piece++) {
		pith_sha_start(&sha, sha256);
		for (size_t at = 0; at < length; at += piece)
			pith_sha_add(&sha, message + at, length - at < piece ? length - at : piece);
		pith_sha_finish(&sha, digest);
		hex(digest, bytes, text);
		wrong += strcmp(text, expected) != 0;
	}
	check(wrong == 0, name, "%s in pieces of 1 to 70 bytes", message);
}

int main(void)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check_vector(false, "abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_vector(false, two_blocks, 1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	check_vector(false, "a", 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	check_vector(false, "", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check_vector(true, "abc", 1,
	             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_vector(true, two_blocks, 1,
	             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_vector(true, "a", 1000000,
	             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	check_vector(true, "", 1,
	             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	/* sha1("abc") in WARC's base 32, and other spellings. */
	unsigned char out[32], abc1[20], abc256[32];
	bool sha256 = true;
	pith_sha sha;
	pith_sha_start(&sha, false);
	pith_sha_add(&sha, "abc", 3);
	pith_sha_finish(&sha, abc1);
	pith_sha_start(&sha, true);
	pith_sha_add(&sha, "abc", 3);
	pith_sha_finish(&sha, abc256);
	static const char b32[] = "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5";
	check(pith_digest_parse(b32, strlen(b32), &sha256, out) && !sha256 &&
	          memcmp(out, abc1, 20) == 0,
	      "parse", "sha1 in base 32");
	static const char b32_lower[] = "SHA1:vgmt4nsha2awvor6evyxqugcnsonbwe5";
	check(pith_digest_parse(b32_lower, strlen(b32_lower), &sha256, out) &&
	          memcmp(out, abc1, 20) == 0,
	      "parse", "label and letters in either case");
	static const char hex1[] = "sha1:a9993e364706816aba3e25717850c26c9cd0d89d";
	check(pith_digest_parse(hex1, strlen(hex1), &sha256, out) && memcmp(out, abc1, 20) == 0,
	      "parse", "sha1 in hex");
	static const char b32_256[] =
	    "sha256:XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====";
	check(pith_digest_parse(b32_256, strlen(b32_256), &sha256, out) && sha256 &&
	          memcmp(out, abc256, 32) == 0,
	      "parse", "sha256 in base 32 with padding");
	static const char hex256[] =
	    "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	check(pith_digest_parse(hex256, strlen(hex256), &sha256, out) && sha256 &&
	          memcmp(out, abc256, 32) == 0,
	      "parse", "sha256 in hex");
	static const char *const refused[] = {"md5:kAFQmDzST7DWlj99KOF/cg==",
	                                      "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE",
	                                      "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE1",
	                                      "sha1",
	                                      "sha1:",
	                                      "sha512:abc"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		check(!pith_digest_parse(refused[i], strlen(refused[i]), &sha256, out), "parse",
		      "refused: %s", refused[i]);
	printf("digest: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
