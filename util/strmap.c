/*
 * strmap.c: a string-keyed hash map (open addressing, FNV-1a) from a key
 * to a 64-bit value, for the lookups that must not cost a scan per row:
 * an import's image names and the marks already on its images, where a
 * scan per row made 100,000 annotations take minutes.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t
fnv1a(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void
strmap_free(struct strmap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t
slot(const struct strmap *m, const char *key)
{
	size_t	 i = (size_t)fnv1a(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* 1 and *val when key is in the map, else 0. */
int
strmap_get(const struct strmap *m, const char *key, int64_t *val)
{
	size_t	 i;

	if (m->cap == 0)
		return 0;
	i = slot(m, key);
	if (m->keys[i] == NULL)
		return 0;
	if (val != NULL)
		*val = m->vals[i];
	return 1;
}

static void
grow(struct strmap *m)
{
	struct strmap	 big;
	size_t		 i, j;

	big.cap = m->cap ? m->cap * 2 : 64;
	big.n = m->n;
	big.keys = xcalloc(big.cap, sizeof *big.keys);
	big.vals = xcalloc(big.cap, sizeof *big.vals);
	for (i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		j = slot(&big, m->keys[i]);
		big.keys[j] = m->keys[i];
		big.vals[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	*m = big;
}

/* Set key (copied) to val, replacing any value it had. */
void
strmap_put(struct strmap *m, const char *key, int64_t val)
{
	size_t	 i;

	if (2 * (m->n + 1) > m->cap)
		grow(m);
	i = slot(m, key);
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}
