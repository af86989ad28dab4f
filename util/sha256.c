/*
 * sha256.c: SHA-256 from OpenSSL's libcrypto, as lowercase hex. Used for
 * file fingerprints and the audit hash chain.
 */
#include <openssl/evp.h>
#include <stdlib.h>

#include "util.h"

struct sha256 {
	EVP_MD_CTX	*ctx;
};

/* A new hashing context; sha256_end() finishes and frees it. */
struct sha256 *
sha256_new(void)
{
	struct sha256	*h;

	h = xmalloc(sizeof *h);
	if ((h->ctx = EVP_MD_CTX_new()) == NULL)
		xreallocarray(NULL, SIZE_MAX, 2);	/* out of memory */
	EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
	return h;
}

void
sha256_add(struct sha256 *h, const void *p, size_t n)
{
	EVP_DigestUpdate(h->ctx, p, n);
}

void
sha256_end(struct sha256 *h, char *hex)
{
	static const char	 xd[] = "0123456789abcdef";
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 n = 0, i;

	EVP_DigestFinal_ex(h->ctx, md, &n);
	for (i = 0; i < n && i < 32; i++) {
		hex[2 * i] = xd[md[i] >> 4];
		hex[2 * i + 1] = xd[md[i] & 15];
	}
	hex[2 * i] = '\0';
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void
sha256_hex(const void *p, size_t n, char *hex)
{
	struct sha256	*h;

	h = sha256_new();
	sha256_add(h, p, n);
	sha256_end(h, hex);
}
