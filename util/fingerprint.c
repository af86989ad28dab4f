/*
 * fingerprint.c: a file's content fingerprint for the catalog: SHA-256 of
 * its size and, for files up to 4 MiB, all of it; for larger ones its
 * first, middle and last MiB. Reading whole 2 GB scenes at every ingest
 * would make re-ingesting a folder slow for no gain: a change that leaves
 * size and those three MiB identical is not something sensors do.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define FP_WHOLE	(4 << 20)
#define FP_CHUNK	(1 << 20)

static int
hash_range(struct sha256 *h, int fd, off_t off, size_t len, char *buf)
{
	ssize_t	 n;
	size_t	 got = 0;

	while (got < len) {
		n = pread(fd, buf, len - got > FP_CHUNK ? FP_CHUNK : len - got,
		    off + (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		sha256_add(h, buf, (size_t)n);
		got += (size_t)n;
	}
	return 0;
}

/* hex gets the fingerprint of a file of `size` bytes; 0 or -1 with errno. */
int
file_fingerprint(const char *path, int64_t size, char *hex)
{
	struct sha256	*h;
	char		*buf, head[32];
	struct stat	 sb;
	int		 fd, rc = 0;

	/* never block on a FIFO put where a file was */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC))
	    == -1)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	buf = xmalloc(FP_CHUNK);
	h = sha256_new();
	snprintf(head, sizeof head, "%lld\n", (long long)size);
	sha256_add(h, head, strlen(head));
	if (size <= FP_WHOLE)
		rc = hash_range(h, fd, 0, (size_t)size, buf);
	else if (hash_range(h, fd, 0, FP_CHUNK, buf) != 0 ||
	    hash_range(h, fd, (off_t)(size / 2), FP_CHUNK, buf) != 0 ||
	    hash_range(h, fd, (off_t)(size - FP_CHUNK), FP_CHUNK, buf) != 0)
		rc = -1;
	sha256_end(h, hex);
	free(buf);
	close(fd);
	return rc;
}
