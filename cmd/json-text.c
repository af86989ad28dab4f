/*
 * json-text.c: text into JSON listings without losing a row. JSON strings
 * are Unicode, but file names (and site names typed on a command line) are
 * bytes, and a name that is not valid UTF-8 cannot be a JSON string:
 * jansson refuses it, and the row it belonged to used to vanish from
 * `images --format json` and `marks --format json`. Such a value is
 * written twice instead: KEY holds it with every byte that is not UTF-8
 * as the four characters \xNN (for people), and KEY_base64 holds its
 * exact bytes in base64 (RFC 4648, for programs). Valid text is written
 * once, as it is.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static char *
base64(const char *s)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i, o = 0;
	uint32_t		 v;
	char			*out;

	out = xmalloc((n + 2) / 3 * 4 + 1);
	for (i = 0; i < n; i += 3) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? abc[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* Invalid bytes as \xNN, the rest (control characters too) as it is. */
static char *
readable(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct buf		 b;
	uint32_t		 c;
	size_t			 n;

	buf_init(&b);
	while (*p != '\0') {
		if ((n = utf8_decode(p, &c)) == 0) {
			buf_printf(&b, "\\x%02x", *p++);
			continue;
		}
		buf_add(&b, p, n);
		p += n;
	}
	return buf_steal(&b);
}

/* Set o[key] to s (NULL: null), as the top of the file says. */
void
cmd_json_set_text(json_t *o, const char *key, const char *s)
{
	char	*r, *b, k[64];

	if (s == NULL) {
		json_object_set_new(o, key, json_null());
		return;
	}
	if (text_utf8_valid(s)) {
		json_object_set_new(o, key, json_string(s));
		return;
	}
	r = readable(s);
	b = base64(s);
	json_object_set_new(o, key, json_string(r));
	snprintf(k, sizeof k, "%s_base64", key);
	json_object_set_new(o, k, json_string(b));
	free(r);
	free(b);
}
