/*
 * util.h: the small helpers every room may use: memory, growable buffers,
 * error strings, UTC dates, CSV, terminal-safe text, SHA-256 and paths.
 * Nothing here knows about SQLite, GDAL or curses.
 */
#ifndef QM_UTIL_H
#define QM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define QM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define QM_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* mem.c: allocation failure is handled here, once: print and abort. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
void	*xscratch(void *, size_t *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 size_mul(size_t, size_t, size_t *);
int	 size_mul3(size_t, size_t, size_t, size_t *);
void	 mem_on_oom(void (*)(void));

/* buf.c: a growable byte string, always NUL-terminated. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...) QM_PRINTF(2, 3);
void	 buf_vprintf(struct buf *, const char *, va_list) QM_PRINTF(2, 0);
char	*buf_steal(struct buf *);

/* errf.c: write a one-line reason into a caller's buffer; returns -1. */
int	 errf(char *, size_t, const char *, ...) QM_PRINTF(3, 4);
int	 xsnprintf(char *, size_t, const char *, ...) QM_PRINTF(3, 4);

/* date.c: times are seconds since the epoch, always UTC. */
#define DATE_ISO_LEN 21		/* "2025-01-14T03:10:00Z" + NUL */
#define DATE_DAY_LEN 11		/* "2025-01-14" + NUL */
int	 date_parse(const char *, int64_t *, int *);
int	 date_parse_range(const char *, int64_t *, int64_t *);
int	 date_from_name(const char *, int64_t *);
int	 date_valid_ymd(int, int, int);
int64_t	 date_from_ymd(int, int, int);
void	 date_to_ymd(int64_t, int *, int *, int *);
void	 date_format(int64_t, char *);
void	 date_format_day(int64_t, char *);
void	 date_now_iso_ms(char *, size_t);
int64_t	 date_now(void);
int64_t	 date_day_floor(int64_t);

/* csv.c: RFC 4180 reading from memory, writing into a buf. */
struct csv_reader {
	const char	*p;
	const char	*end;
	size_t		 line;		/* line the current row starts on */
	size_t		 next_line;
	struct buf	 storage;
	char		**fields;
	size_t		 nfields;
	size_t		 cap;
};
void	 csv_reader_init(struct csv_reader *, const char *, size_t);
void	 csv_reader_free(struct csv_reader *);
int	 csv_read_row(struct csv_reader *, char *, size_t);
void	 csv_put_field(struct buf *, const char *, int);
void	 csv_end_row(struct buf *);
int	 csv_is_formula(const char *);
const char	*csv_unneutralise(const char *);

/* text.c: text typed by others, made safe for a terminal. */
size_t	 utf8_decode(const unsigned char *, uint32_t *);
int	 text_next_line(const char **, const char *, char *, size_t,
	     size_t *);
void	 text_escape(struct buf *, const char *);
char	*text_safe(const char *);
int	 text_width(const char *);
void	 text_fit(struct buf *, const char *, int);
int	 text_utf8_valid(const char *);
int	 text_cp_dangerous(uint32_t);
void	 utf8_put(struct buf *, uint32_t);

/* sha256.c: OpenSSL's SHA-256, as lowercase hex. */
#define SHA256_HEX_LEN 65
struct sha256;
struct sha256	*sha256_new(void);
void		 sha256_add(struct sha256 *, const void *, size_t);
void		 sha256_end(struct sha256 *, char *);
void		 sha256_hex(const void *, size_t, char *);
int		 file_fingerprint(const char *, int64_t, char *);

/* path.c */
const char	*path_base(const char *);
int		 path_mkdirs(const char *, char *, size_t);
int		 path_cache_dir(char *, size_t, const char *, char *, size_t);
int		 path_config_dir(char *, size_t, char *, size_t);
int		 file_read_all(const char *, size_t, char **, size_t *, char *,
		     size_t);
int		 path_write_target(const char *, char *, size_t, char *, size_t);
int		 file_write_whole(const char *, const void *, size_t, int, char *,
		     size_t);
int		 file_write_all(const char *, const void *, size_t, char *,
		     size_t);
int		 path_absolute(const char *, char *, size_t);

/* num.c: numbers in and out, strictly. */
int	 num_parse_double(const char *, double *);
int	 num_parse_int64(const char *, int64_t *);
int	 num_parse_list(const char *, double *, int);
long	 num_parse_points(const char *, double **);
void	 num_format(char *, size_t, double);
void	 num_json_tidy(const char *, struct buf *);

/* geom.c: plane geometry in image pixels (y grows downwards). */
/* strmap.c: string keys to 64-bit values, without a scan per lookup. */
struct strmap {
	char		**keys;
	int64_t		 *vals;
	size_t		  n;
	size_t		  cap;	/* a power of two, or 0 */
};
void	 strmap_init(struct strmap *);
void	 strmap_free(struct strmap *);
int	 strmap_get(const struct strmap *, const char *, int64_t *);
void	 strmap_put(struct strmap *, const char *, int64_t);

#define GEOM_SANE_MULT	16	/* a mark's size: at most this many images */
int	 geom_check(double, double, double, double, double, int, int, char *,
	     size_t);
void	 geom_corners(double, double, double, double, double, double *);
void	 geom_rbox_from_quad(const double *, double *, double *, double *,
	     double *, double *);
int	 geom_point_in_polygon(double, double, const double *, size_t);
double	 geom_polygon_area(const double *, size_t);
double	 geom_clip_area(const double *, size_t, const double *, size_t);
double	 geom_rbox_iou(const double *, const double *);
double	 geom_rect_cover(const double *, size_t, double, double);
void	 geom_bbox(const double *, size_t, double *);
void	 geom_centroid(const double *, size_t, double *, double *);

/* url.c: images at URLs, and URLs shown without their secrets. */
int	 url_is_remote(const char *);
void	 url_redact(struct buf *, const char *);
char	*url_redacted(const char *);
void	 url_redact_to(const char *, char *, size_t);
void	 url_name(const char *, char *, size_t);

#endif
