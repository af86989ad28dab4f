/*
 * fuzz-csv.c: libFuzzer harness for the CSV reader under the interchange
 * format: quotes, line ends, field counts. Invariants: no crash, rows
 * end, line numbers only grow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct csv_reader	 r;
	char			 err[256];
	size_t			 line = 0, rows = 0;
	int			 rc;

	if (len > (1 << 20))
		return 0;
	csv_reader_init(&r, (const char *)data, len);
	while ((rc = csv_read_row(&r, err, sizeof err)) == 1) {
		if (r.line < line || ++rows > len + 1)
			abort();
		line = r.line;
	}
	csv_reader_free(&r);
	return 0;
}
