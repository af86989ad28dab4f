/*
 * report-evidence.c: `report --evidence DIR`, the evidence behind a
 * report's numbers, for an editor or a sceptical reader:
 *   crop-*.png        the quay on the observation before each call and
 *                     stack, at its first and last sighting, and on the
 *                     observation after, with the marks drawn (render/'s
 *                     snapshot path: what the analyst saw);
 *   crop-warning-*    each mark the count warned about, on its image;
 *   evidence.csv      one row per crop: period, quay, call, stack or
 *                     warning, date, source image and its SHA-256, marks
 *                     and versions, verdicts;
 *   observations.csv  every image of each period's quay, observed or not;
 *   warnings.csv      the marks the count could not use, or doubted;
 *   periods.csv       the numbers each sentence of summary.md states;
 *   chart.png         the report's chart;
 *   summary.md        one sentence per period, each number linked to its
 *                     rows;
 *   audit-head.txt    the audit chain's head when written, for
 *                     `audit verify --head`;
 *   SHA256SUMS        every file above, for `sha256sum -c`.
 * The set is written into a fresh folder beside DIR and renamed into place
 * only when whole, so a failure never leaves a set that looks complete.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../count/count.h"
#include "../render/render.h"
#include "../imagery/imagery.h"

#define CROP_SIDE	640	/* picture pixels on a crop's longer side */
#define CROP_MAX_SCALE	4	/* a tiny quay is enlarged at most this */
#define CROP_MARGIN	0.15	/* of the window's longer side, each way */

struct ev_writer {
	struct store		*st;
	const struct count_opts	*o;
	struct count_result	*res;
	struct count_evidence	 ev;
	const char		*dir;		/* without trailing slashes */
	char			 path[PATH_MAX];
	char			 part[PATH_MAX];
	char			 err[CMD_ERRLEN];
	int64_t			 head_id;
	char			 head[SHA256_HEX_LEN];
	/* per shot */
	char			**crop;		/* file name in the set */
	char			(*crop_sha)[SHA256_HEX_LEN];
	char			(*src_sha)[SHA256_HEX_LEN];
	int			*crop_w, *crop_h;
	/* lines in the CSV files (1: the header), per shot, day, period */
	size_t			*shot_line, *day_line, *period_line;
	size_t			*warn_line;
	struct buf		 sums;		/* SHA256SUMS */
};

/* Whether name in dir is anything but a regular file. */
static int
dir_scan(const char *dir, size_t *n, int *odd)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*d;
	int		 fd;

	*n = 0;
	*odd = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..")
		    == 0)
			continue;
		(*n)++;
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			*odd = 1;
	}
	closedir(d);
	return 0;
}

/* Remove dir and the regular files in it (our sets are flat). */
static int
dir_remove(const char *dir)
{
	struct dirent	*de;
	DIR		*d;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..")
		    == 0)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) != 0)
			rc = -1;
	}
	closedir(d);
	return rmdir(dir) != 0 ? -1 : rc;
}

/*
 * Before any work: DIR must be absent or empty, or --force given and DIR a
 * folder of plain files (a set written before). 0 or an exit status.
 */
int
cmd_evidence_check(const char *dir, int force)
{
	struct stat	 sb;
	char		*safe;
	size_t		 n;
	int		 odd, rc = 0;

	if (*dir == '\0')
		return cmd_error("--evidence: an empty folder name");
	if (stat(dir, &sb) != 0) {
		if (errno == ENOENT)
			return 0;
		safe = text_safe(dir);
		rc = cmd_error("--evidence: %s: %s", safe, strerror(errno));
		free(safe);
		return rc;
	}
	safe = text_safe(dir);
	if (!S_ISDIR(sb.st_mode))
		rc = cmd_error("--evidence: %s: not a folder", safe);
	else if (dir_scan(dir, &n, &odd) != 0)
		rc = cmd_error("--evidence: %s: %s", safe, strerror(errno));
	else if (n > 0 && !force)
		rc = cmd_error("--evidence: %s is not empty (--force replaces "
		    "it)", safe);
	else if (n > 0 && odd)
		rc = cmd_error("--evidence: %s holds more than files; not "
		    "replacing it", safe);
	free(safe);
	return rc;
}

/* path = part/name; -1 when too long. */
static int
part_path(const struct ev_writer *w, const char *name, char *path,
    size_t len)
{
	return xsnprintf(path, len, "%s/%s", w->part, name);
}

/* Write a whole file of the set and note its SHA-256 in SHA256SUMS. */
static int
put_file(struct ev_writer *w, const char *name, const void *data, size_t len)
{
	char	 path[PATH_MAX], sha[SHA256_HEX_LEN];

	if (part_path(w, name, path, sizeof path) != 0)
		return errf(w->err, sizeof w->err, "%s: path too long", name);
	if (file_write_whole(path, data, len, 0, w->err, sizeof w->err) != 0)
		return -1;
	sha256_hex(data, len, sha);
	buf_printf(&w->sums, "%s  %s\n", sha, name);
	return 0;
}

/* SHA-256 of a whole file, streamed (source scenes may be large). */
static int
file_sha256(const char *path, char *hex, char *err, size_t errlen)
{
	struct sha256	*h;
	char		 buf[1 << 16];
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	h = sha256_new();
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			errf(err, errlen, "%s: %s", path, strerror(errno));
			sha256_end(h, hex);
			close(fd);
			return -1;
		}
		sha256_add(h, buf, (size_t)n);
	}
	sha256_end(h, hex);
	close(fd);
	return 0;
}

/*
 * The window a crop shows: the quay and the track's marks, with a margin,
 * inside the image. win is x, y, w, h in image pixels.
 */
static void
crop_window(struct ev_writer *w, const struct evidence_shot *s,
    const struct store_mark *m, size_t nm, double *win)
{
	double	*poly, bb[4], c[8], pad, side;
	size_t	 np, i, k, j;

	bb[0] = bb[1] = INFINITY;
	bb[2] = bb[3] = -INFINITY;
	if (quay_pixel_polygon(w->res->ql, &s->im, s->quay, &poly, &np) == 0)
		geom_bbox(poly, np, bb);
	for (i = 0; i < nm; i++)
		for (k = 0; k < s->nmarks; k++) {
			if (m[i].id != s->marks[k].id)
				continue;
			geom_corners(m[i].cx, m[i].cy, m[i].w, m[i].h,
			    m[i].kind == MARK_RBOX ? m[i].angle : 0, c);
			for (j = 0; j < 4; j++) {
				bb[0] = fmin(bb[0], c[2 * j]);
				bb[1] = fmin(bb[1], c[2 * j + 1]);
				bb[2] = fmax(bb[2], c[2 * j]);
				bb[3] = fmax(bb[3], c[2 * j + 1]);
			}
		}
	if (!(bb[2] > bb[0]) || !(bb[3] > bb[1])) {	/* nothing: all of it */
		bb[0] = bb[1] = 0;
		bb[2] = s->im.width;
		bb[3] = s->im.height;
	}
	side = fmax(bb[2] - bb[0], bb[3] - bb[1]);
	pad = fmax(16, CROP_MARGIN * side);
	win[0] = fmax(0, floor(bb[0] - pad));
	win[1] = fmax(0, floor(bb[1] - pad));
	win[2] = fmin(s->im.width, ceil(bb[2] + pad)) - win[0];
	win[3] = fmin(s->im.height, ceil(bb[3] + pad)) - win[1];
	if (!(win[2] >= 1) || !(win[3] >= 1)) {
		win[0] = win[1] = 0;
		win[2] = s->im.width;
		win[3] = s->im.height;
	}
}

/*
 * Shot i as a PNG: the quay dashed, every mark in its class colour, the
 * track's own sightings outlined again in white so a reader sees which.
 */
static int
crop_shot(struct ev_writer *w, size_t i)
{
	static const uint8_t	 quay_rgb[3] = { 120, 200, 255 };
	static const uint8_t	 own_rgb[3] = { 255, 255, 255 };
	const struct evidence_shot *s = &w->ev.shots[i];
	struct imagery		 im;
	struct picture		 pic;
	struct store_mark	*m = NULL;
	struct overlay_mark	*ov = NULL, hl;
	double			*poly, win[4], scale;
	char			 path[PATH_MAX];
	size_t			 nm = 0, np, k, j;
	int			 rc = -1;

	if (part_path(w, w->crop[i], path, sizeof path) != 0)
		return errf(w->err, sizeof w->err, "%s: path too long",
		    w->crop[i]);
	if (imagery_open(w->st, s->im.id, NULL, 0, &im, w->err,
	    sizeof w->err) != 0)
		return -1;
	memset(&pic, 0, sizeof pic);
	if (imagery_overlays(w->st, s->im.id, &m, &nm, &ov, w->err,
	    sizeof w->err) != 0)
		goto out;
	crop_window(w, s, m, nm, win);
	scale = fmin(CROP_MAX_SCALE, CROP_SIDE / fmax(win[2], win[3]));
	if (render_picture(im.r, win[0], win[1], win[2], win[3], scale,
	    &im.stretch, &pic, w->err, sizeof w->err) != 0)
		goto out;
	if (quay_pixel_polygon(w->res->ql, &s->im, s->quay, &poly, &np) == 0)
		picture_polygon(&pic, win[0], win[1], scale, poly, np,
		    quay_rgb);
	for (k = 0; k < nm; k++)
		picture_mark(&pic, win[0], win[1], scale, &ov[k]);
	for (k = 0; k < nm; k++)
		for (j = 0; j < s->nmarks; j++) {
			if (m[k].id != s->marks[j].id)
				continue;
			hl = ov[k];
			memcpy(hl.rgb, own_rgb, sizeof hl.rgb);
			hl.dashed = 0;
			if (hl.kind != SHAPE_POINT) {	/* just outside */
				hl.w += 10 / scale;
				hl.h += 10 / scale;
			}
			picture_mark(&pic, win[0], win[1], scale, &hl);
		}
	if (render_png_write(path, pic.w, pic.h, 3, pic.rgb, w->err,
	    sizeof w->err) != 0)
		goto out;
	w->crop_w[i] = pic.w;
	w->crop_h[i] = pic.h;
	rc = 0;
out:
	picture_free(&pic);
	free(ov);
	store_marks_free(m, nm);
	imagery_close(&im);
	return rc;
}

/* The crop's SHA-256, read back from the file written. */
static int
crop_sum(struct ev_writer *w, size_t i)
{
	char	 path[PATH_MAX], *data;
	size_t	 len;

	if (part_path(w, w->crop[i], path, sizeof path) != 0 ||
	    file_read_all(path, (size_t)1 << 30, &data, &len, w->err,
	    sizeof w->err) != 0)
		return -1;
	sha256_hex(data, len, w->crop_sha[i]);
	buf_printf(&w->sums, "%s  %s\n", w->crop_sha[i], w->crop[i]);
	free(data);
	return 0;
}

static const char *const kind_name[] = {
	[EVIDENCE_CALL] = "call",
	[EVIDENCE_STACK] = "stack",
	[EVIDENCE_WARNING] = "warning",
};

/* The call or stack of a shot; NULL for a warning's. */
static const struct count_track *
shot_track(const struct ev_writer *w, const struct evidence_shot *s)
{
	if (s->kind == EVIDENCE_WARNING)
		return NULL;
	return s->kind == EVIDENCE_STACK ? &w->res->stacks[s->track] :
	    &w->res->calls[s->track];
}

/* Crops and hashes of every shot, with progress on a terminal. */
static int
write_crops(struct ev_writer *w)
{
	struct progress	*pr;
	const struct evidence_shot *s;
	char		 name[96];
	size_t		 i, n = w->ev.nshots, k;
	int		 rc = 0;

	w->crop = xcalloc(n ? n : 1, sizeof *w->crop);
	w->crop_sha = xcalloc(n ? n : 1, sizeof *w->crop_sha);
	w->src_sha = xcalloc(n ? n : 1, sizeof *w->src_sha);
	w->crop_w = xcalloc(n ? n : 1, sizeof *w->crop_w);
	w->crop_h = xcalloc(n ? n : 1, sizeof *w->crop_h);
	pr = progress_start("evidence", n);
	for (i = 0; i < n && rc == 0; i++) {
		s = &w->ev.shots[i];
		snprintf(name, sizeof name, "crop-%s-%04zu-%s.png",
		    kind_name[s->kind], s->track + 1,
		    evidence_role_name(s->role));
		w->crop[i] = xstrdup(name);
		progress_update(pr, i, name);
		/* a scene shared by shots is hashed once */
		for (k = 0; k < i; k++)
			if (w->ev.shots[k].im.id == s->im.id)
				break;
		if (k < i)
			memcpy(w->src_sha[i], w->src_sha[k], SHA256_HEX_LEN);
		else if (file_sha256(s->im.path, w->src_sha[i], w->err,
		    sizeof w->err) != 0) {
			rc = -1;
			break;
		}
		if (crop_shot(w, i) != 0 || crop_sum(w, i) != 0) {
			rc = -1;
			break;
		}
	}
	progress_update(pr, i, NULL);
	progress_done(pr);
	return rc;
}

/* v with dec decimals; an empty field when there is no value. */
static void
put_num(struct buf *b, int dec, double v)
{
	char	 s[48];

	if (isnan(v))
		s[0] = '\0';
	else
		snprintf(s, sizeof s, "%.*f", dec, v);
	csv_put_field(b, s, 0);
}

static void
put_i64(struct buf *b, int64_t v)
{
	char	 s[24];

	snprintf(s, sizeof s, "%lld", (long long)v);
	csv_put_field(b, s, 0);
}

/* evidence.csv: one row per crop. */
static int
write_evidence_csv(struct ev_writer *w)
{
	static const char *const head[] = { "period", "quay", "kind",
	    "identity", "arrival", "role", "date", "acquired", "image_id",
	    "image", "image_sha256", "image_verdict", "mark_ids",
	    "mark_versions", "mark_status", "crop", "crop_sha256",
	    "crop_width", "crop_height", "period_verdict" };
	const struct evidence_shot	*s;
	const struct count_track	*tr;
	const struct count_period	*p;
	struct buf			 b, ids, vers, sts;
	char				 day[DATE_DAY_LEN], iso[DATE_ISO_LEN];
	size_t				 i, k;
	int				 rc;

	buf_init(&b);
	buf_init(&ids);
	buf_init(&vers);
	buf_init(&sts);
	for (k = 0; k < QM_NELEM(head); k++)
		csv_put_field(&b, head[k], 0);
	csv_end_row(&b);
	w->shot_line = xcalloc(w->ev.nshots ? w->ev.nshots : 1,
	    sizeof *w->shot_line);
	for (i = 0; i < w->ev.nshots; i++) {
		s = &w->ev.shots[i];
		tr = shot_track(w, s);
		p = &w->res->periods[s->period];
		w->shot_line[i] = i + 2;
		csv_put_field(&b, p->label, 0);
		csv_put_field(&b, count_quay_name(w->res, p->quay), 1);
		csv_put_field(&b, kind_name[s->kind], 0);
		csv_put_field(&b, tr ? tr->identity :
		    w->res->warnings[s->track].identity, 1);
		date_format_day(tr ? tr->first : s->im.acquired, day);
		csv_put_field(&b, day, 0);
		csv_put_field(&b, evidence_role_name(s->role), 0);
		date_format_day(s->im.acquired, day);
		csv_put_field(&b, day, 0);
		date_format(s->im.acquired, iso);
		csv_put_field(&b, iso, 0);
		put_i64(&b, s->im.id);
		csv_put_field(&b, s->im.path, 1);
		csv_put_field(&b, w->src_sha[i], 0);
		csv_put_field(&b, quality_name(s->im.quality), 0);
		buf_reset(&ids);
		buf_reset(&vers);
		buf_reset(&sts);
		for (k = 0; k < s->nmarks; k++) {
			buf_printf(&ids, "%s%lld", k ? ";" : "",
			    (long long)s->marks[k].id);
			buf_printf(&vers, "%s%lld", k ? ";" : "",
			    (long long)s->marks[k].version);
			buf_printf(&sts, "%s%s", k ? ";" : "",
			    status_name(s->marks[k].status));
		}
		csv_put_field(&b, ids.data ? ids.data : "", 0);
		csv_put_field(&b, vers.data ? vers.data : "", 0);
		csv_put_field(&b, sts.data ? sts.data : "", 0);
		csv_put_field(&b, w->crop[i], 0);
		csv_put_field(&b, w->crop_sha[i], 0);
		put_i64(&b, w->crop_w[i]);
		put_i64(&b, w->crop_h[i]);
		csv_put_field(&b, p->verdict, 0);
		csv_end_row(&b);
	}
	rc = put_file(w, "evidence.csv", b.data ? b.data : "", b.len);
	buf_free(&b);
	buf_free(&ids);
	buf_free(&vers);
	buf_free(&sts);
	return rc;
}

/* observations.csv: each image of each period's quay. */
static int
write_observations_csv(struct ev_writer *w)
{
	const struct evidence_day	*d;
	const struct count_period	*p;
	struct buf			 b;
	char				 day[DATE_DAY_LEN], iso[DATE_ISO_LEN];
	size_t				 i;
	int				 rc;

	buf_init(&b);
	buf_puts(&b, "period,quay,date,acquired,image_id,image,verdict,"
	    "quay_cover,observed\n");
	w->day_line = xcalloc(w->ev.ndays ? w->ev.ndays : 1,
	    sizeof *w->day_line);
	for (i = 0; i < w->ev.ndays; i++) {
		d = &w->ev.days[i];
		p = &w->res->periods[d->period];
		w->day_line[i] = i + 2;
		csv_put_field(&b, p->label, 0);
		csv_put_field(&b, count_quay_name(w->res, p->quay), 1);
		date_format_day(d->acquired, day);
		csv_put_field(&b, day, 0);
		date_format(d->acquired, iso);
		csv_put_field(&b, iso, 0);
		put_i64(&b, d->image_id);
		csv_put_field(&b, d->path, 1);
		csv_put_field(&b, quality_name(d->quality), 0);
		put_num(&b, 3, d->cover);
		csv_put_field(&b, d->observed ? "yes" : "no", 0);
		csv_end_row(&b);
	}
	rc = put_file(w, "observations.csv", b.data ? b.data : "", b.len);
	buf_free(&b);
	return rc;
}

/* An infinite ratio (no baseline calls) is left empty, as in JSON. */
static double
finite_or_nan(double v)
{
	return isinf(v) ? NAN : v;
}

/* Whether warning k falls in period i (its quay, its time). */
static int
warning_in(const struct ev_writer *w, size_t k, size_t i)
{
	const struct count_warning	*x = &w->res->warnings[k];
	const struct count_period	*p = &w->res->periods[i];

	return x->quay == p->quay && x->t >= p->start && x->t < p->end;
}

/* How many warnings period i has; their lines in warnings.csv. */
static size_t
period_warnings(const struct ev_writer *w, size_t i, size_t *lo, size_t *hi)
{
	size_t	 k, n = 0;

	for (k = 0; k < w->res->nwarnings; k++)
		if (warning_in(w, k, i)) {
			if (n++ == 0 && lo != NULL)
				*lo = w->warn_line[k];
			if (hi != NULL)
				*hi = w->warn_line[k];
		}
	return n;
}

/* warnings.csv: the marks the count could not use, or used with a doubt,
 * in the reported periods. */
static int
write_warnings_csv(struct ev_writer *w)
{
	static const char *const kinds[] = {
		[WARN_NOT_OBSERVED] = "not observed",
		[WARN_DUPLICATE] = "duplicate",
	};
	const struct count_warning	*x;
	struct buf			 b;
	char				 day[DATE_DAY_LEN], iso[DATE_ISO_LEN];
	size_t				 k, i;
	int				 rc;

	buf_init(&b);
	buf_puts(&b, "period,quay,kind,date,acquired,image_id,mark_id,"
	    "identity,reason,kept_mark_id\n");
	w->warn_line = xcalloc(w->res->nwarnings ? w->res->nwarnings : 1,
	    sizeof *w->warn_line);
	for (k = 0; k < w->res->nwarnings; k++) {
		x = &w->res->warnings[k];
		w->warn_line[k] = k + 2;
		for (i = 0; i < w->res->nperiods; i++)
			if (warning_in(w, k, i))
				break;
		csv_put_field(&b, i < w->res->nperiods ?
		    w->res->periods[i].label : "", 0);
		csv_put_field(&b, count_quay_name(w->res, x->quay), 1);
		csv_put_field(&b, x->kind >= 0 && (size_t)x->kind <
		    QM_NELEM(kinds) && kinds[x->kind] ? kinds[x->kind] : "?",
		    0);
		date_format_day(x->t, day);
		csv_put_field(&b, day, 0);
		date_format(x->t, iso);
		csv_put_field(&b, iso, 0);
		put_i64(&b, x->image_id);
		put_i64(&b, x->mark_id);
		csv_put_field(&b, x->identity, 1);
		csv_put_field(&b, x->reason, 0);
		if (x->kind == WARN_DUPLICATE)
			put_i64(&b, x->other_mark_id);
		else
			csv_put_field(&b, "", 0);
		csv_end_row(&b);
	}
	rc = put_file(w, "warnings.csv", b.data ? b.data : "", b.len);
	buf_free(&b);
	return rc;
}

/* The first period of the baseline before p (baseline periods back). */
static int64_t
baseline_start(const struct ev_writer *w, const struct count_period *p)
{
	int64_t	 t = p->start;
	int	 i;

	for (i = 0; i < w->o->baseline; i++)
		t = period_start(w->o->period, t - 1);
	return t;
}

/* periods.csv: the numbers summary.md states, one row per period. */
static int
write_periods_csv(struct ev_writer *w)
{
	const struct count_period	*p;
	struct buf			 b;
	char				 a[16], z[16], base[40];
	size_t				 i;
	int				 rc;

	buf_init(&b);
	buf_puts(&b, "period,quay,calls,at_least,stacks_appeared,"
	    "observed_days,days,expected,baseline,baseline_calls,"
	    "baseline_days,rate_ratio,rate_ratio_low,rate_ratio_high,"
	    "p_value,verdict,warnings\n");
	w->period_line = xcalloc(w->res->nperiods ? w->res->nperiods : 1,
	    sizeof *w->period_line);
	for (i = 0; i < w->res->nperiods; i++) {
		p = &w->res->periods[i];
		w->period_line[i] = i + 2;
		csv_put_field(&b, p->label, 0);
		csv_put_field(&b, count_quay_name(w->res, p->quay), 1);
		put_i64(&b, p->calls);
		csv_put_field(&b, p->unreviewed > 0 ? "1" : "0", 0);
		put_i64(&b, p->stacks_appeared);
		put_i64(&b, p->observed_days);
		put_i64(&b, (p->end - p->start + 43200) / 86400);
		put_num(&b, 3, p->has_expected ? p->expected : NAN);
		period_label(w->o->period, baseline_start(w, p), a, sizeof a);
		period_label(w->o->period, period_start(w->o->period,
		    p->start - 1), z, sizeof z);
		snprintf(base, sizeof base, "%s..%s", a, z);
		csv_put_field(&b, p->has_expected ? base : "", 0);
		put_num(&b, 0, p->has_expected ? p->base_calls : NAN);
		put_num(&b, 0, p->has_expected ? p->base_days : NAN);
		put_num(&b, 4, finite_or_nan(p->ratio));
		put_num(&b, 4, finite_or_nan(p->ratio_lo));
		put_num(&b, 4, finite_or_nan(p->ratio_hi));
		put_num(&b, 4, p->p_value);
		csv_put_field(&b, p->verdict, 0);
		put_i64(&b, (int64_t)period_warnings(w, i, NULL, NULL));
		csv_end_row(&b);
	}
	rc = put_file(w, "periods.csv", b.data ? b.data : "", b.len);
	buf_free(&b);
	return rc;
}

/* Markdown text: no control characters, punctuation that links or
 * emphasises escaped. */
static void
md_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			continue;
		if (strchr("\\`*_[]()<>!|~", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/* An anchor id for a period: "arms-quay-2025-01". */
static void
md_anchor(struct buf *b, const char *quay, const char *label)
{
	const char	*s;
	int		 dash = 0;

	for (s = quay; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			buf_putc(b, *s);
		else if (*s >= 'A' && *s <= 'Z')
			buf_putc(b, *s - 'A' + 'a');
		else {
			if (!dash && b->len > 0)
				buf_putc(b, '-');
			dash = 1;
			continue;
		}
		dash = 0;
	}
	if (!dash)
		buf_putc(b, '-');
	buf_puts(b, label);
}

static const char *const month_name[12] = { "January", "February",
    "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" };

/*
 * How a period reads: "January 2025", or short ("Oct", with_year: "Dec
 * 2024"), "week 2025-W03", "2025-01-14".
 */
enum { WORDS_LONG, WORDS_SHORT, WORDS_SHORT_YEAR };
static void
period_words(const struct ev_writer *w, int64_t t, int how, char *out,
    size_t len)
{
	char	 label[16];
	int	 y, m, d;

	date_to_ymd(t, &y, &m, &d);
	if (w->o->period == PERIOD_MONTH && how == WORDS_SHORT)
		snprintf(out, len, "%.3s", month_name[m - 1]);
	else if (w->o->period == PERIOD_MONTH && how == WORDS_SHORT_YEAR)
		snprintf(out, len, "%.3s %d", month_name[m - 1], y);
	else if (w->o->period == PERIOD_MONTH)
		snprintf(out, len, "%s %d", month_name[m - 1], y);
	else {
		period_label(w->o->period, t, label, sizeof label);
		snprintf(out, len, "%s%s", w->o->period == PERIOD_WEEK &&
		    how == WORDS_LONG ? "week " : "", label);
	}
}

/* "14–15 Jan", "14 Jan", "30 Jan–2 Feb": a stay in words. */
static void
stay_words(int64_t a, int64_t z, char *out, size_t len)
{
	int	 ya, ma, da, yz, mz, dz;

	date_to_ymd(a, &ya, &ma, &da);
	date_to_ymd(z, &yz, &mz, &dz);
	if (ya == yz && ma == mz && da == dz)
		snprintf(out, len, "%d %.3s", da, month_name[ma - 1]);
	else if (ya == yz && ma == mz)
		snprintf(out, len, "%d\u2013%d %.3s", da, dz,
		    month_name[ma - 1]);
	else
		snprintf(out, len, "%d %.3s\u2013%d %.3s", da,
		    month_name[ma - 1], dz, month_name[mz - 1]);
}

/* A link to lines lo..hi of file ("" range: the number alone). */
static void
md_link(struct buf *b, const char *text, const char *file, size_t lo,
    size_t hi)
{
	if (lo == 0) {
		buf_puts(b, text);
		return;
	}
	if (hi > lo)
		buf_printf(b, "[%s](%s#L%zu-L%zu)", text, file, lo, hi);
	else
		buf_printf(b, "[%s](%s#L%zu)", text, file, lo);
}

/* What a verdict means, in words, by whether calls fell below expected. */
static const struct {
	const char	*verdict;
	const char	*below, *above;
} verdict_words[] = {
	{ "no change", "no evidence of a drop", "no evidence of a surge" },
	{ "drop", "evidence of a drop", "evidence of a drop" },
	{ "surge", "evidence of a surge", "evidence of a surge" },
	{ "insufficient imagery", "too few observed days to judge",
	    "too few observed days to judge" },
	{ "no baseline", "no earlier periods to compare with",
	    "no earlier periods to compare with" },
};

static const char *
verdict_text(const struct count_period *p)
{
	size_t	 i;

	for (i = 0; i < QM_NELEM(verdict_words); i++)
		if (strcmp(verdict_words[i].verdict, p->verdict) == 0)
			return p->has_expected && p->calls > p->expected ?
			    verdict_words[i].above : verdict_words[i].below;
	return p->verdict;
}

/* Lines of evidence.csv for period i's shots of one kind. */
static void
shot_lines(const struct ev_writer *w, size_t period, int kind, size_t *lo,
    size_t *hi)
{
	size_t	 k;

	*lo = *hi = 0;
	for (k = 0; k < w->ev.nshots; k++)
		if (w->ev.shots[k].period == period &&
		    w->ev.shots[k].kind == kind) {
			if (*lo == 0)
				*lo = w->shot_line[k];
			*hi = w->shot_line[k];
		}
}

/* The calls of period i by name and stay, each linked to its crops. */
static void
sentence_calls(const struct ev_writer *w, size_t i, struct buf *b)
{
	const struct count_track	*tr;
	char				 stay[48];
	size_t				 k, n = 0;

	for (k = 0; k < w->ev.nshots; k++) {
		const struct evidence_shot *s = &w->ev.shots[k];

		if (s->period != i || s->kind != EVIDENCE_CALL ||
		    s->role != EVIDENCE_FIRST)
			continue;
		tr = shot_track(w, s);
		buf_puts(b, n++ ? "; " : " (");
		buf_puts(b, "[");
		md_text(b, tr->identity);
		stay_words(tr->first, tr->last, stay, sizeof stay);
		buf_printf(b, ", %s](%s)", stay, w->crop[k]);
	}
	if (n > 0)
		buf_puts(b, ")");
}

/* The warnings of period i by name and day, each linked to its crop. */
static void
warning_crops(const struct ev_writer *w, size_t i, struct buf *b)
{
	const struct count_warning	*x;
	char				 day[48];
	size_t				 k, n = 0;

	for (k = 0; k < w->ev.nshots; k++) {
		const struct evidence_shot *s = &w->ev.shots[k];

		if (s->period != i || s->kind != EVIDENCE_WARNING)
			continue;
		x = &w->res->warnings[s->track];
		buf_puts(b, n++ ? "; " : " (");
		buf_puts(b, "[");
		md_text(b, x->identity);
		stay_words(x->t, x->t, day, sizeof day);
		buf_printf(b, ", %s](%s)", day, w->crop[k]);
	}
	if (n > 0)
		buf_puts(b, ")");
}

/* The sentence of period i. */
static void
sentence(const struct ev_writer *w, size_t i, struct buf *b)
{
	const struct count_period	*p = &w->res->periods[i];
	char				 num[96], words[40], a[16], z[16];
	size_t				 lo, hi, k, bl, bh, nb;
	int64_t				 bs, be;
	int				 ya, yz, m, d;

	buf_puts(b, "- <a id=\"");
	md_anchor(b, count_quay_name(w->res, p->quay), p->label);
	buf_puts(b, "\"></a>");
	snprintf(num, sizeof num, "%s%d call%s", p->unreviewed > 0 ?
	    "at least " : "", p->calls, p->calls == 1 ? "" : "s");
	shot_lines(w, i, EVIDENCE_CALL, &lo, &hi);
	md_link(b, num, "evidence.csv", lo, hi);
	period_words(w, p->start, WORDS_LONG, words, sizeof words);
	buf_printf(b, " in %s", words);
	sentence_calls(w, i, b);
	lo = hi = 0;
	for (k = 0; k < w->ev.ndays; k++)
		if (w->ev.days[k].period == i) {
			if (lo == 0)
				lo = w->day_line[k];
			hi = w->day_line[k];
		}
	snprintf(num, sizeof num, "%d of %lld days observable",
	    p->observed_days, (long long)((p->end - p->start + 43200) / 86400));
	buf_puts(b, "; ");
	md_link(b, num, "observations.csv", lo, hi);
	if (p->has_expected) {
		/* the baseline's rows when they are in the set, else ours */
		bs = baseline_start(w, p);
		bl = bh = 0;
		nb = 0;
		for (k = 0; k < w->res->nperiods; k++)
			if (w->res->periods[k].quay == p->quay &&
			    w->res->periods[k].start >= bs &&
			    w->res->periods[k].start < p->start) {
				if (nb++ == 0)
					bl = w->period_line[k];
				bh = w->period_line[k];
			}
		if (nb != (size_t)w->o->baseline)
			bl = bh = w->period_line[i];
		snprintf(num, sizeof num, "%.1f expected", p->expected);
		buf_puts(b, "; ");
		md_link(b, num, "periods.csv", bl, bh);
		be = period_start(w->o->period, p->start - 1);
		date_to_ymd(bs, &ya, &m, &d);
		date_to_ymd(be, &yz, &m, &d);
		period_words(w, bs, ya == yz ? WORDS_SHORT : WORDS_SHORT_YEAR,
		    a, sizeof a);
		period_words(w, be, WORDS_SHORT_YEAR, z, sizeof z);
		buf_printf(b, " from %s\u2013%s (%d call%s in %d observed "
		    "day%s)", a, z, p->base_calls, p->base_calls == 1 ? "" :
		    "s", p->base_days, p->base_days == 1 ? "" : "s");
	}
	if (!isnan(p->p_value)) {
		if (p->p_value < 0.001)
			snprintf(num, sizeof num, "p < 0.001");
		else if (p->p_value < 0.01)
			snprintf(num, sizeof num, "p = %.3f", p->p_value);
		else
			snprintf(num, sizeof num, "p = %.2f", p->p_value);
		buf_puts(b, "; ");
		md_link(b, num, "periods.csv", w->period_line[i],
		    w->period_line[i]);
		if (!isnan(p->ratio) && !isinf(p->ratio) &&
		    !isnan(p->ratio_lo)) {
			if (isinf(p->ratio_hi))
				snprintf(num, sizeof num, "rate ratio %.2f "
				    "(95%% CI %.2f\u2013\u221e)", p->ratio,
				    p->ratio_lo);
			else
				snprintf(num, sizeof num, "rate ratio %.2f "
				    "(95%% CI %.2f\u2013%.2f)", p->ratio,
				    p->ratio_lo, p->ratio_hi);
			buf_puts(b, ", ");
			md_link(b, num, "periods.csv", w->period_line[i],
			    w->period_line[i]);
		}
	}
	buf_printf(b, " \u2014 %s.", verdict_text(p));
	if (p->stacks_appeared > 0) {
		shot_lines(w, i, EVIDENCE_STACK, &lo, &hi);
		snprintf(num, sizeof num, "%d stack%s", p->stacks_appeared,
		    p->stacks_appeared == 1 ? "" : "s");
		buf_puts(b, " ");
		md_link(b, num, "evidence.csv", lo, hi);
		buf_puts(b, " appeared.");
	}
	if ((nb = period_warnings(w, i, &lo, &hi)) > 0) {
		snprintf(num, sizeof num, "%zu mark%s", nb, nb == 1 ? "" : "s");
		buf_puts(b, " ");
		md_link(b, num, "warnings.csv", lo, hi);
		warning_crops(w, i, b);
		buf_printf(b, " %s not counted or %s in doubt.",
		    nb == 1 ? "was" : "were", nb == 1 ? "is" : "are");
	}
	buf_putc(b, '\n');
}

static int
write_summary(struct ev_writer *w)
{
	const char	*quay = NULL;
	struct buf	 b;
	char		 now[DATE_ISO_LEN], *db;
	size_t		 i;
	int		 rc;

	buf_init(&b);
	date_format(date_now(), now);
	buf_puts(&b, "# Evidence\n\n");
	db = xstrdup(store_path(w->st) ? store_path(w->st) : "");
	buf_printf(&b, "Written %s by quaymark %s from ", now, QM_VERSION);
	md_text(&b, path_base(db));
	free(db);
	if (w->head_id > 0)
		buf_printf(&b, ". The audit chain's head was row %lld, hash "
		    "`%s` ([audit-head.txt](audit-head.txt)): `quaymark audit "
		    "verify --head %lld:%s` shows that nothing recorded up to "
		    "then has been changed or removed since.\n",
		    (long long)w->head_id, w->head, (long long)w->head_id,
		    w->head);
	else
		buf_puts(&b, ". The audit chain was empty.\n");
	buf_puts(&b, "\n![The report's chart](chart.png)\n");
	for (i = 0; i < w->res->nperiods; i++) {
		const char *q = count_quay_name(w->res, w->res->periods[i].quay);

		if (quay == NULL || strcmp(q, quay) != 0) {
			buf_puts(&b, "\n## ");
			md_text(&b, q);
			buf_puts(&b, "\n\n");
			quay = q;
		}
		sentence(w, i, &b);
	}
	buf_puts(&b, "\nEach crop shows the quay (dashed), every mark, and "
	    "the call's or stack's own sightings outlined in white; "
	    "[SHA256SUMS](SHA256SUMS) lists every file of this set.\n");
	rc = put_file(w, "summary.md", b.data, b.len);
	buf_free(&b);
	return rc;
}

/* Put the finished set at w->dir, replacing an old set under --force. */
static int
put_in_place(struct ev_writer *w, int force)
{
	char	 old[PATH_MAX];
	size_t	 n;
	int	 odd;

	if (dir_scan(w->dir, &n, &odd) != 0) {
		if (errno != ENOENT)
			return errf(w->err, sizeof w->err, "%s", strerror(
			    errno));
		if (rename(w->part, w->dir) != 0)
			return errf(w->err, sizeof w->err, "%s", strerror(
			    errno));
		return 0;
	}
	if (n > 0 && (!force || odd))
		return errf(w->err, sizeof w->err, "it filled up meanwhile; "
		    "not replacing it");
	if (xsnprintf(old, sizeof old, "%s.old.XXXXXX", w->dir) != 0 ||
	    mkdtemp(old) == NULL)
		return errf(w->err, sizeof w->err, "%s", strerror(errno));
	/* the old set steps aside whole, then the new one takes its name */
	if (rename(w->dir, old) != 0) {
		rmdir(old);
		return errf(w->err, sizeof w->err, "%s", strerror(errno));
	}
	if (rename(w->part, w->dir) != 0) {
		errf(w->err, sizeof w->err, "%s", strerror(errno));
		rename(old, w->dir);
		return -1;
	}
	if (dir_remove(old) != 0) {
		char *safe = text_safe(old);

		cmd_warn("quaymark: --evidence: the old set is left in %s",
		    safe);
		free(safe);
	}
	return 0;
}

static void
writer_free(struct ev_writer *w)
{
	size_t	 i;

	if (w->crop != NULL)
		for (i = 0; i < w->ev.nshots; i++)
			free(w->crop[i]);
	free(w->crop);
	free(w->crop_sha);
	free(w->src_sha);
	free(w->crop_w);
	free(w->crop_h);
	free(w->shot_line);
	free(w->day_line);
	free(w->period_line);
	free(w->warn_line);
	buf_free(&w->sums);
	count_evidence_free(&w->ev);
}

/* Every file of the set, into w->part. */
static int
write_set(struct ev_writer *w, int (*chart)(void *, const char *), void *arg)
{
	char	 path[PATH_MAX], line[128];
	int	 n;

	if (count_evidence_collect(w->st, w->o, w->res, &w->ev, w->err,
	    sizeof w->err) != 0 || render_init(w->err, sizeof w->err) != 0 ||
	    write_crops(w) != 0 || write_evidence_csv(w) != 0 ||
	    write_observations_csv(w) != 0 || write_warnings_csv(w) != 0 ||
	    write_periods_csv(w) != 0)
		return -1;
	n = w->head_id > 0 ? snprintf(line, sizeof line, "%lld:%s\n",
	    (long long)w->head_id, w->head) : snprintf(line, sizeof line,
	    "none\n");
	if (put_file(w, "audit-head.txt", line, (size_t)n) != 0)
		return -1;
	if (w->res->nperiods > 0) {
		if (part_path(w, "chart.png", path, sizeof path) != 0)
			return errf(w->err, sizeof w->err, "path too long");
		if (chart(arg, path) != 0)
			return errf(w->err, sizeof w->err, "the chart failed");
		if (file_sha256(path, line, w->err, sizeof w->err) != 0)
			return -1;
		buf_printf(&w->sums, "%s  chart.png\n", line);
	}
	if (write_summary(w) != 0)
		return -1;
	return part_path(w, "SHA256SUMS", path, sizeof path) != 0 ||
	    file_write_whole(path, w->sums.data ? w->sums.data : "",
	    w->sums.len, 1, w->err, sizeof w->err) != 0 ? -1 : 0;
}

/*
 * Write the evidence of res (count_run's result for options o) to dir;
 * chart(arg, path) draws the report's chart. cmd_evidence_check passed
 * before the engine ran. Returns the exit status.
 */
int
cmd_evidence_write(struct store *st, const struct count_opts *o,
    struct count_result *res, const char *dir, int force,
    int (*chart)(void *, const char *), void *arg)
{
	struct ev_writer	 w;
	char			*safe, head2[SHA256_HEX_LEN];
	int64_t			 v1 = 0, v2 = 0, id2;
	size_t			 n;
	int			 rc = EXIT_OK;

	memset(&w, 0, sizeof w);
	w.st = st;
	w.o = o;
	w.res = res;
	/* "set/" names the folder set: the new one is made beside it */
	if (xsnprintf(w.path, sizeof w.path, "%s", dir) != 0) {
		safe = text_safe(dir);
		rc = cmd_error("--evidence: %s: path too long", safe);
		free(safe);
		return rc;
	}
	for (n = strlen(w.path); n > 1 && w.path[n - 1] == '/'; n--)
		w.path[n - 1] = '\0';
	w.dir = dir = w.path;
	buf_init(&w.sums);
	safe = text_safe(dir);
	if (store_audit_head(st, &w.head_id, w.head, w.err, sizeof w.err)
	    != 0 || store_data_version(st, &v1) != 0) {
		rc = cmd_error("--evidence: %s", w.err);
		goto out;
	}
	if (xsnprintf(w.part, sizeof w.part, "%s.part.XXXXXX", dir) != 0 ||
	    mkdtemp(w.part) == NULL) {
		rc = cmd_error("--evidence: %s: %s", safe, strerror(errno));
		goto out;
	}
	if (write_set(&w, chart, arg) != 0) {
		char *e = text_safe(w.err);

		rc = cmd_error("--evidence: %s: %s; nothing written", safe, e);
		free(e);
		dir_remove(w.part);
		goto out;
	}
	/* A commit by someone else while we wrote: the rows and the head
	 * would not match the data. */
	if (store_audit_head(st, &id2, head2, w.err, sizeof w.err) != 0 ||
	    store_data_version(st, &v2) != 0 || id2 != w.head_id || v1 != v2) {
		rc = cmd_error("--evidence: %s: the database changed while the "
		    "evidence was written; nothing written (run again)", safe);
		dir_remove(w.part);
		goto out;
	}
	if (put_in_place(&w, force) != 0) {
		char *e = text_safe(w.err);

		rc = cmd_error("--evidence: %s: %s; nothing written", safe, e);
		free(e);
		dir_remove(w.part);
		goto out;
	}
	if (w.head_id > 0)
		cmd_warn("evidence: %s: %zu crop%s, %zu period%s; audit head "
		    "%lld:%s", safe, w.ev.nshots, w.ev.nshots == 1 ? "" : "s",
		    res->nperiods, res->nperiods == 1 ? "" : "s",
		    (long long)w.head_id, w.head);
	else
		cmd_warn("evidence: %s: %zu crop%s, %zu period%s; audit chain "
		    "empty", safe, w.ev.nshots, w.ev.nshots == 1 ? "" : "s",
		    res->nperiods, res->nperiods == 1 ? "" : "s");
out:
	free(safe);
	writer_free(&w);
	return rc;
}
