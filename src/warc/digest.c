/* SHA-1 and SHA-256 (FIPS 180-4 sections 6.1 and 6.2) for checking WARC
 * digests, and the labelled digest values crawlers write. Written from the
 * standard; tests/test_digest.c checks the FIPS example vectors. */
#include "warc/digest.h"

#include <string.h>
#include <strings.h>

static uint32_t rotate_left(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t rotate_right(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of
 * the cube roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* Section 6.1.2, steps 1 to 4. */
static void sha1_block(uint32_t *h, const unsigned char *block)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (int t = 16; t < 80; t++)
		w[t] = rotate_left(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20)
			f = (b & c) ^ (~b & d), k = 0x5a827999;
		else if (t < 40)
			f = b ^ c ^ d, k = 0x6ed9eba1;
		else if (t < 60)
			f = (b & c) ^ (b & d) ^ (c & d), k = 0x8f1bbcdc;
		else
			f = b ^ c ^ d, k = 0xca62c1d6;
		uint32_t temp = rotate_left(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rotate_left(b, 30);
		b = a;
		a = temp;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

/* Section 6.2.2, steps 1 to 4. */
static void sha256_block(uint32_t *h, const unsigned char *block)
{
	uint32_t w[64];
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (int t = 16; t < 64; t++) {
		uint32_t s0 =
		    rotate_right(w[t - 15], 7) ^ rotate_right(w[t - 15], 18) ^ (w[t - 15] >> 3);
		uint32_t s1 =
		    rotate_right(w[t - 2], 17) ^ rotate_right(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = s1 + w[t - 7] + s0 + w[t - 16];
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int t = 0; t < 64; t++) {
		uint32_t big_s1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
		uint32_t choose = (e & f) ^ (~e & g);
		uint32_t t1 = hh + big_s1 + choose + sha256_k[t] + w[t];
		uint32_t big_s0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
		uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = big_s0 + majority;
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void pith_sha_start(pith_sha *sha, bool sha256)
{
	/* Sections 5.3.1 and 5.3.3: the initial hash values. */
	static const uint32_t sha1_h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	                                   0xc3d2e1f0};
	static const uint32_t sha256_h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memset(sha, 0, sizeof *sha);
	sha->sha256 = sha256;
	if (sha256)
		memcpy(sha->state, sha256_h, sizeof sha256_h);
	else
		memcpy(sha->state, sha1_h, sizeof sha1_h);
}

static void sha_block(pith_sha *sha, const unsigned char *block)
{
	if (sha->sha256)
		sha256_block(sha->state, block);
	else
		sha1_block(sha->state, block);
}

void pith_sha_add(pith_sha *sha, const void *data, size_t length)
{
	const unsigned char *p = data;
	sha->length += length;
	if (sha->filled) {
		size_t n = 64 - sha->filled < length ? 64 - sha->filled : length;
		memcpy(sha->block + sha->filled, p, n);
		sha->filled += n, p += n, length -= n;
		if (sha->filled < 64)
			return;
		sha_block(sha, sha->block);
		sha->filled = 0;
	}
	for (; length >= 64; p += 64, length -= 64)
		sha_block(sha, p);
	memcpy(sha->block, p, length);
	sha->filled = length;
}

void pith_sha_finish(pith_sha *sha, unsigned char *out)
{
	/* Section 5.1.1: a 1 bit, zeros, the length in bits in 64 bits. */
	uint64_t bits = sha->length * 8;
	sha->block[sha->filled++] = 0x80;
	if (sha->filled > 56) {
		memset(sha->block + sha->filled, 0, 64 - sha->filled);
		sha_block(sha, sha->block);
		sha->filled = 0;
	}
	memset(sha->block + sha->filled, 0, 56 - sha->filled);
	for (int i = 0; i < 8; i++)
		sha->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_block(sha, sha->block);
	int words = sha->sha256 ? 8 : 5;
	for (int i = 0; i < words; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(sha->state[i] >> (24 - 8 * j));
}

/* RFC 4648 section 6 (padding optional, letters in either case), or hex:
 * exactly `bytes` bytes. */
static bool decode_value(const char *s, size_t n, unsigned char *out, size_t bytes)
{
	while (n && s[n - 1] == '=')
		n--;
	if (n == bytes * 2) {
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			int v = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                               : -1;
			if (v < 0)
				return false;
			if (i % 2 == 0)
				out[i / 2] = (unsigned char)(v << 4);
			else
				out[i / 2] |= (unsigned char)v;
		}
		return true;
	}
	if (n != (bytes * 8 + 4) / 5)
		return false;
	uint32_t bits = 0;
	int have = 0;
	size_t written = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int v = c >= 'A' && c <= 'Z'   ? c - 'A'
		        : c >= 'a' && c <= 'z' ? c - 'a'
		        : c >= '2' && c <= '7' ? c - '2' + 26
		                               : -1;
		if (v < 0)
			return false;
		bits = (bits << 5) | (uint32_t)v;
		have += 5;
		if (have >= 8) {
			have -= 8;
			if (written < bytes)
				out[written++] = (unsigned char)(bits >> have);
			bits &= (1u << have) - 1;
		}
	}
	return written == bytes && bits == 0;
}

bool pith_digest_parse(const char *value, size_t length, bool *sha256, unsigned char *out)
{
	const char *colon = memchr(value, ':', length);
	if (!colon)
		return false;
	size_t label = (size_t)(colon - value);
	const char *rest = colon + 1;
	size_t rest_length = length - label - 1;
	if (label == 4 && strncasecmp(value, "sha1", 4) == 0) {
		*sha256 = false;
		return decode_value(rest, rest_length, out, PITH_SHA1_BYTES);
	}
	if ((label == 6 && strncasecmp(value, "sha256", 6) == 0) ||
	    (label == 7 && strncasecmp(value, "sha-256", 7) == 0)) {
		*sha256 = true;
		return decode_value(rest, rest_length, out, PITH_SHA256_BYTES);
	}
	return false;
}
