/*
 * mem.c: allocation with failure handled in one place. Out of memory is
 * not a condition quaymark can recover from mid-action, so these abort
 * with a message; sizes that come from files are checked with size_mul()
 * before anything is allocated, and such buffers use plain malloc.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void	(*oom_hook)(void);

/*
 * Who must act before an out-of-memory abort (the TUI: give the terminal
 * back, so that the message is readable and the shell usable); NULL for
 * nobody. A hook, not a call: util/ knows nothing of the rooms above it.
 */
void
mem_on_oom(void (*fn)(void))
{
	oom_hook = fn;
}

static void
oom(size_t n)
{
	void	(*fn)(void) = oom_hook;

	oom_hook = NULL;	/* once: the hook itself may run out */
	if (fn != NULL)
		fn();
	fprintf(stderr, "quaymark: out of memory (%zu bytes)\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		oom(n * size);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	size_t	 total;
	void	*p;

	if (size_mul(n, size, &total) != 0)
		oom(SIZE_MAX);
	if ((p = realloc(old, total == 0 ? 1 : total)) == NULL)
		oom(total);
	return p;
}

/*
 * Scratch memory kept between uses: p (*cap elements of size) if it holds
 * want, else a new block of want (p freed, *cap set). The contents are
 * not kept: the caller fills it afresh each use.
 */
void *
xscratch(void *p, size_t *cap, size_t want, size_t size)
{
	if (*cap >= want)
		return p;
	free(p);
	*cap = want;
	return xreallocarray(NULL, want, size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Checked size product: 0 and *out set, or -1 on overflow. */
int
size_mul(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}

int
size_mul3(size_t a, size_t b, size_t c, size_t *out)
{
	size_t	 ab;

	if (size_mul(a, b, &ab) != 0)
		return -1;
	return size_mul(ab, c, out);
}
