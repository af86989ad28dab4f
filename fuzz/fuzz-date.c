/*
 * fuzz-date.c: libFuzzer harness for date parsing: strings (metadata,
 * --from and --to) and file names. Invariants: no crash, and a parsed date
 * formats and parses back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*s, out[DATE_ISO_LEN];
	int64_t	 t, t2, lo, hi;
	int	 has_time;

	if (len > 256)
		return 0;
	s = xstrndup((const char *)data, len);
	if (date_parse(s, &t, &has_time) == 0) {
		date_format(t, out);
		if (date_parse(out, &t2, NULL) != 0 || t2 != t)
			abort();
	}
	if (date_parse_range(s, &lo, &hi) == 0 && lo > hi)
		abort();
	if (date_from_name(s, &t) == 0) {
		date_format(t, out);
		if (date_parse(out, &t2, NULL) != 0 || t2 != t)
			abort();
	}
	free(s);
	return 0;
}
