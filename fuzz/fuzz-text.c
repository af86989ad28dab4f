/*
 * fuzz-text.c: libFuzzer harness for the path class of hostile input
 * (issue 12: file names and label-file content carrying escape sequences
 * reached the terminal; names that are not UTF-8 vanished from JSON). The
 * input is a name, any bytes. Invariants: text_escape's output has no
 * control character, no C1 code, no bidirectional override and is valid
 * UTF-8; the JSON listing's value for it (cmd_json_set_text) exists, and
 * its base64 twin, when there is one, decodes to the exact bytes.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../cmd/cmd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_escaped(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n;

	while (*p != '\0') {
		if ((n = utf8_decode(p, &c)) == 0 || text_cp_dangerous(c))
			abort();
		p += n;
	}
}

static size_t
unbase64(const char *in, unsigned char *out)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char	*q;
	uint32_t	 v = 0;
	size_t		 n = 0;
	int		 bits = 0;

	for (; *in != '\0' && *in != '='; in++) {
		if ((q = strchr(abc, *in)) == NULL)
			abort();
		v = v << 6 | (uint32_t)(q - abc);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(v >> bits);
		}
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf	 b;
	json_t		*o, *v, *b64;
	char		*s;
	unsigned char	*raw;
	size_t		 n;

	if (len > 4096)
		return 0;
	s = malloc(len + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, len);
	s[len] = '\0';
	buf_init(&b);
	text_escape(&b, s);
	check_escaped(b.data != NULL ? b.data : "");
	buf_free(&b);
	o = json_object();
	cmd_json_set_text(o, "name", s);
	if ((v = json_object_get(o, "name")) == NULL || !json_is_string(v))
		abort();
	if ((b64 = json_object_get(o, "name_base64")) != NULL) {
		raw = malloc(strlen(json_string_value(b64)) + 1);
		if (raw == NULL)
			abort();
		n = unbase64(json_string_value(b64), raw);
		if (n != strlen(s) || memcmp(raw, s, n) != 0)
			abort();
		free(raw);
	} else if (strcmp(json_string_value(v), s) != 0)
		abort();
	json_decref(o);
	free(s);
	return 0;
}
