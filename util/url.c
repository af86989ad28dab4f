/*
 * url.c: image locations that are URLs (https://, s3://, gs://, az://)
 * rather than paths, and the one function that makes them safe to show.
 * A pre-signed URL carries its credential in the query string
 * (X-Amz-Signature, an Azure SAS "sig", a token) and a URL may carry a
 * password before its host; url_redact() hides both wherever a URL
 * appears in a text, so a message, listing or export can print catalog
 * paths and GDAL's own messages as they are otherwise.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define REDACTED "REDACTED"

/* The schemes quaymark reads through GDAL's virtual file systems. */
static const char *const schemes[] = { "https://", "http://", "s3://",
    "gs://", "az://" };

/* Is s a URL quaymark can read (not a local path)? */
int
url_is_remote(const char *s)
{
	size_t	 i;

	for (i = 0; i < QM_NELEM(schemes); i++)
		if (strncasecmp(s, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

/* Where a URL starting at s ends in a text: at white space or a quote. */
static size_t
url_span(const char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0' && !isspace((unsigned char)s[n]) && s[n] != '"' &&
	    s[n] != '\'' && s[n] != '<' && s[n] != '>')
		n++;
	/* "(see https://h/x.tif)." and "URL: reason": the punctuation is
	 * the text's */
	while (n > 0 && (s[n - 1] == ')' || s[n - 1] == ',' ||
	    s[n - 1] == '.' || s[n - 1] == ':' ||
	    s[n - 1] == ';'))
		n--;
	return n;
}

/*
 * Append the URL u[0..n) to out with its password and every query value
 * replaced. Parameter names stay: they say what kind of URL it was.
 */
static void
redact_one(struct buf *out, const char *u, size_t n)
{
	const char	*end = u + n, *auth, *host_end, *at, *colon, *q, *amp;
	const char	*eq;

	auth = strstr(u, "://");
	auth = auth != NULL && auth < end ? auth + 3 : u;
	for (host_end = auth; host_end < end && *host_end != '/' &&
	    *host_end != '?' && *host_end != '#'; host_end++)
		;
	at = memchr(auth, '@', (size_t)(host_end - auth));
	colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon != NULL) {		/* user:password@host */
		buf_add(out, u, (size_t)(colon - u) + 1);
		buf_puts(out, REDACTED);
		u = at;
	}
	for (q = u; q < end && *q != '?' && *q != '#'; q++)
		;
	buf_add(out, u, (size_t)(q - u));
	if (q == end || *q == '#') {
		buf_add(out, q, (size_t)(end - q));
		return;
	}
	buf_putc(out, '?');
	for (q++; q <= end; q = amp + 1) {
		for (amp = q; amp < end && *amp != '&' && *amp != '#'; amp++)
			;
		if ((eq = memchr(q, '=', (size_t)(amp - q))) != NULL) {
			buf_add(out, q, (size_t)(eq - q) + 1);
			buf_puts(out, REDACTED);
		} else if (amp > q)
			buf_puts(out, REDACTED);
		if (amp == end)
			break;
		if (*amp == '#') {	/* a fragment: never sent, kept */
			buf_add(out, amp, (size_t)(end - amp));
			break;
		}
		buf_putc(out, '&');
	}
}

/*
 * Append text to out with every URL in it redacted (see above). Text
 * that holds no URL is copied unchanged.
 */
void
url_redact(struct buf *out, const char *text)
{
	const char	*p = text, *hit, *best;
	size_t		 i, n;

	for (;;) {
		best = NULL;
		for (i = 0; i < QM_NELEM(schemes); i++) {
			hit = strcasestr(p, schemes[i]);
			if (hit != NULL && (best == NULL || hit < best))
				best = hit;
		}
		if (best == NULL) {
			buf_puts(out, p);
			return;
		}
		buf_add(out, p, (size_t)(best - p));
		n = url_span(best);
		redact_one(out, best, n);
		p = best + n;
	}
}

/* url_redact() into a new string; the caller frees it. */
char *
url_redacted(const char *text)
{
	struct buf	 b;

	buf_init(&b);
	url_redact(&b, text != NULL ? text : "");
	return buf_steal(&b);
}

/* url_redact() into a fixed buffer (cut short if it must be). */
void
url_redact_to(const char *text, char *out, size_t len)
{
	char	*s = url_redacted(text);

	snprintf(out, len, "%s", s);
	free(s);
}

/*
 * The object name of a URL: its last path segment, without the query
 * ("https://h/a/scene.tif?sig=x" gives "scene.tif"), into out.
 */
void
url_name(const char *url, char *out, size_t len)
{
	const char	*end, *p, *start;
	size_t		 n;

	end = url + strcspn(url, "?#");
	while (end > url && end[-1] == '/')
		end--;
	start = url;
	for (p = url; p < end; p++)
		if (*p == '/')
			start = p + 1;
	n = (size_t)(end - start);
	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(out, start, n);
	out[n] = '\0';
}
