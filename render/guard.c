/*
 * guard.c: what a file must be before GDAL is given its name. GDAL opens
 * what it is told to: a FIFO or a terminal device in place of an image
 * blocks open() forever, and a 57-byte PNG whose text chunk declares two
 * gigabytes makes libpng (inside GDAL's PNG driver) allocate them before
 * it notices the file is short. So every path is opened here first,
 * without blocking, and refused unless it is a regular file; a PNG's
 * chunk lengths are checked against the file's size.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "gdal-api.h"
#include "render.h"

#define PNG_CHUNKS_MAX	100000	/* more than any real PNG; bounds the walk */

static const char *
kind_of(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISDIR(m))
		return "a folder";
	return "not a plain file";
}

/*
 * A regular file, found without blocking: O_NONBLOCK makes open() of a
 * FIFO with no writer return at once, and fstat() then says what it is.
 */
static int
guard_regular(const char *path, char *err, size_t errlen)
{
	struct stat	 sb;
	int		 fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (!S_ISREG(sb.st_mode))
		return errf(err, errlen, "%s: %s, not an image file", path,
		    kind_of(sb.st_mode));
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Every chunk of a PNG must fit in the file: its declared length is what
 * libpng allocates for it. Stops at IEND. 0, or -1 with the reason.
 */
static int
guard_png(VSILFILE *fp, const char *path, vsi_l_offset size, char *err,
    size_t errlen)
{
	unsigned char	 h[8];
	vsi_l_offset	 off = 8;
	uint32_t	 len;
	char		 type[5];
	int		 n, i;

	for (n = 0; n < PNG_CHUNKS_MAX && off < size; n++) {
		if (G(VSIFSeekL)(fp, off, SEEK_SET) != 0 ||
		    G(VSIFReadL)(h, 1, sizeof h, fp) != sizeof h)
			return errf(err, errlen, "%s: PNG cut short in a chunk "
			    "header at byte %llu", path, (unsigned long long)off);
		len = be32(h);
		for (i = 0; i < 4; i++)
			type[i] = (h[4 + i] >= 'A' && h[4 + i] <= 'Z') ||
			    (h[4 + i] >= 'a' && h[4 + i] <= 'z') ?
			    (char)h[4 + i] : '?';
		type[4] = '\0';
		/* 12: the length, type and CRC around the data */
		if (len > 0x7fffffffu || (vsi_l_offset)len + 12 > size - off)
			return errf(err, errlen, "%s: PNG chunk %s at byte %llu "
			    "declares %lu bytes, more than the file's %llu",
			    path, type, (unsigned long long)off,
			    (unsigned long)len, (unsigned long long)size);
		if (memcmp(h + 4, "IEND", 4) == 0)
			return 0;
		off += (vsi_l_offset)len + 12;
	}
	if (n == PNG_CHUNKS_MAX)
		return errf(err, errlen, "%s: more than %d PNG chunks", path,
		    PNG_CHUNKS_MAX);
	return 0;
}

/*
 * May GDAL open path? Real paths must name regular files; PNGs (real or
 * GDAL in-memory files) must hold the chunks they declare. 0, or -1 with
 * "path: reason".
 */
int
render_guard(const char *path, char *err, size_t errlen)
{
	VSIStatBufL	 vsb;
	VSILFILE	*fp;
	unsigned char	 sig[8];
	int		 rc = 0;

	if (strncmp(path, "/vsi", 4) != 0 &&
	    guard_regular(path, err, errlen) != 0)
		return -1;
	if (G(VSIStatL)(path, &vsb) != 0)
		return errf(err, errlen, "%s: cannot read its size", path);
	if ((fp = G(VSIFOpenL)(path, "rb")) == NULL)
		return errf(err, errlen, "%s: cannot open it", path);
	if (G(VSIFReadL)(sig, 1, sizeof sig, fp) == sizeof sig &&
	    memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0)
		rc = guard_png(fp, path, (vsi_l_offset)vsb.st_size, err,
		    errlen);
	G(VSIFCloseL)(fp);
	return rc;
}
