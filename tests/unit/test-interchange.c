/*
 * test-interchange.c: quaymark's CSV: export, import and export again gives
 * the same bytes, whatever the text; a bad file imports nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../export/export.h"
#include "../../store/store.h"
#include "../../util/util.h"
#include "tmpdir.h"

static char	 err[512];

/* A database with two catalogued images (no GDAL needed). */
static struct store *
make_db(const char *name)
{
	struct store		*st;
	struct store_image	 im;
	enum catalog_result	 res;
	char			 img[400], detail[256];
	int64_t			 site, id;
	int			 i;

	st = tmpdir_store(tmp_dir, name, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_site_ensure(st, "Rajin", &site, err,
	    sizeof err), 0);
	for (i = 0; i < 2; i++) {
		memset(&im, 0, sizeof im);
		tmpdir_path(img, sizeof img, tmp_dir, "%s-img%d.tif", name, i);
		im.site_id = site;
		im.path = img;
		im.name = (char *)(uintptr_t)(i ? "b.tif" : "a.tif");
		im.acquired = date_from_ymd(2025, 1, 13 + i) + 7800;
		im.date_source = (char *)(uintptr_t)"filename";
		im.width = 1600;
		im.height = 1000;
		im.bands = 3;
		im.data_type = (char *)(uintptr_t)"Byte";
		im.hash = (char *)(uintptr_t)(i ? "h1" : "h0");
		assert_int_equal(store_image_catalog(st, &im, &id, &res, detail,
		    sizeof detail, err, sizeof err), 0);
	}
	return st;
}

static int
collect(void *ctx, const struct store_mark *m)
{
	interchange_row(ctx, m, NULL);
	return 0;
}

static char *
export_all(struct store *st)
{
	struct buf	 b;

	buf_init(&b);
	interchange_header(&b);
	assert_int_equal(store_mark_each(st, NULL, collect, &b, err,
	    sizeof err), 0);
	return buf_steal(&b);
}

static void
add(struct store *st, int64_t image, int kind, double cx, double cy,
    double w, double h, double angle, const char *name, const char *note)
{
	struct store_mark	 m;

	store_mark_init(&m);
	m.image_id = image;
	m.class_name = (char *)(uintptr_t)(kind == MARK_BOX ?
	    "container_stack" : "ship");
	m.kind = kind;
	m.cx = cx;
	m.cy = cy;
	m.w = w;
	m.h = h;
	m.angle = angle;
	m.name = (char *)(uintptr_t)name;
	m.note = (char *)(uintptr_t)note;
	if (kind == MARK_BOX) {
		m.has_count = 1;
		m.count = 42;
	}
	m.has_track = 1;
	m.track = 7;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), 0);
}

static void
test_round_trip(void **state)
{
	struct store		*a, *b;
	struct import_items	 items;
	struct import_result	 res;
	char			*one, *two;

	(void)state;
	a = make_db("a.db");
	add(a, 1, MARK_RBOX, 330.123456789, 416, 150, 22, 12.345678, "Angara",
	    "=HYPERLINK(\"http://x\")");
	add(a, 1, MARK_BOX, 245, 341, 61, 14.7, 0, "'quoted",
	    "two\nlines, \"quotes\"");
	add(a, 2, MARK_POINT, 0.1, 1.0 / 3, 0, 0, 0, "Лэди Р", "-minus");
	add(a, 2, MARK_RBOX, 10, 10, 5, 5, -179.99, "@at", "+plus\ttab");
	one = export_all(a);

	b = make_db("b.db");
	memset(&items, 0, sizeof items);
	assert_int_equal(interchange_read("one.csv", one, strlen(one), &items,
	    err, sizeof err), 0);
	assert_int_equal(items.n, 4);
	assert_int_equal(import_commit(b, "one.csv", &items, NULL, &res, err,
	    sizeof err), 0);
	assert_int_equal(res.added, 4);
	import_items_free(&items);
	two = export_all(b);
	assert_string_equal(one, two);
	/* rotation to far better than 0.01 degree */
	assert_non_null(strstr(two, "12.345678"));
	/* formulas are neutralised in the file */
	assert_non_null(strstr(two, "'=HYPERLINK"));

	/* importing the same file again adds nothing */
	memset(&items, 0, sizeof items);
	assert_int_equal(interchange_read("one.csv", one, strlen(one), &items,
	    err, sizeof err), 0);
	assert_int_equal(import_commit(b, "one.csv", &items, NULL, &res, err,
	    sizeof err), 0);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.duplicates, 4);
	import_items_free(&items);
	free(one);
	free(two);
	store_close(a);
	store_close(b);
}

/* A bad row anywhere refuses the whole file, with file:line. */
static void
test_all_or_nothing(void **state)
{
	static const struct {
		const char	*csv;
		const char	*want;
	} bad[] = {
		{ "file,class,kind,cx,cy\na.tif,ship,point,1,1\n"
		  "a.tif,boat,point,2,2\n", "bad.csv:3: unknown class \"boat\"" },
		{ "file,class,kind,cx,cy\na.tif,ship,point,1,1\n"
		  "nope.tif,ship,point,2,2\n", "bad.csv:3: no image named" },
		{ "file,class,kind,cx,cy\na.tif,ship,point,1,1\n"
		  "a.tif,ship,point,nan,2\n", "bad.csv:3: cx \"nan\"" },
		{ "file,class,kind,cx,cy,width,height\n"
		  "a.tif,ship,box,1,1,-4,3\n", "bad.csv:2:" },
		{ "file,class,kind,cx,cy\na.tif,ship,point,9999,2\n",
		  "bad.csv:2: mark centre" },
		{ "file,class,kind,cx,cy,colour\n", "bad.csv:1: unknown column" },
		{ "file,class,kind,cx,cy\na.tif,ship,point,1\n",
		  "bad.csv:2: 4 fields" },
		{ "file,class,kind,cx,cy\na.tif,ship,\"point,1,1\n",
		  "bad.csv:2: unterminated" },
		{ "", "bad.csv: empty file" },
	};
	struct store		*st;
	struct import_items	 items;
	struct import_result	 res;
	struct store_filter	 f;
	int64_t			 n;
	size_t			 i;
	int			 rc;

	(void)state;
	st = make_db("c.db");
	for (i = 0; i < QM_NELEM(bad); i++) {
		memset(&items, 0, sizeof items);
		rc = interchange_read("bad.csv", bad[i].csv,
		    strlen(bad[i].csv), &items, err, sizeof err);
		if (rc == 0)
			rc = import_commit(st, "bad.csv", &items, NULL, &res,
			    err, sizeof err);
		import_items_free(&items);
		assert_int_equal(rc, -1);
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err,
			    bad[i].want);
		memset(&f, 0, sizeof f);
		assert_int_equal(store_mark_count(st, &f, &n, err, sizeof err),
		    0);
		assert_int_equal(n, 0);
	}
	store_close(st);
}

/* A lean mark for the duplicates tests; strings owned by the mark. */
static void
dup_mark(struct store_mark *m, int64_t id, const char *author, int status,
    double cx, double angle)
{
	store_mark_init(m);
	m->id = id;
	m->class_id = 1;
	m->kind = MARK_RBOX;
	m->cx = cx;
	m->cy = 50;
	m->w = 40;
	m->h = 10;
	m->angle = angle;
	m->author = xstrdup(author);
	m->status = status;
}

/*
 * regression: export_two_boxes_per_object: two analysts' rotated boxes of
 * one ship are one object; first keeps the approved one, merge their mean
 * (angles 89 and -89 are 2 degrees apart, across the 90-degree seam);
 * the same analyst's two overlapping boxes stay two; keep keeps all.
 */
static void
test_duplicates(void **state)
{
	struct export_set	 s;
	struct export_image	 e;
	const char		*quay[4] = { NULL };
	int			 mode;

	(void)state;
	for (mode = EXPORT_DUP_FIRST; mode <= EXPORT_DUP_MERGE; mode++) {
		memset(&s, 0, sizeof s);
		memset(&e, 0, sizeof e);
		e.marks = xcalloc(4, sizeof *e.marks);
		e.quay = quay;
		dup_mark(&e.marks[0], 1, "ana", STATUS_PENDING, 100, 89);
		dup_mark(&e.marks[1], 2, "bob", STATUS_APPROVED, 101, -89);
		/* ana's second ship, moored alongside her first */
		dup_mark(&e.marks[2], 3, "ana", STATUS_PENDING, 102, 89);
		/* far away: another object */
		dup_mark(&e.marks[3], 4, "bob", STATUS_PENDING, 300, 0);
		e.nmarks = 4;
		s.v = &e;
		s.n = 1;
		s.nmarks = 4;
		export_duplicates(&s, mode);
		if (mode == EXPORT_DUP_KEEP) {
			assert_int_equal(e.nmarks, 4);
			assert_int_equal(s.left.duplicates, 0);
		} else {
			/* bob's approved box heads the group; ana's first
			 * joins it, her second has no partner left */
			assert_int_equal(e.nmarks, 3);
			assert_int_equal(s.nmarks, 3);
			assert_int_equal(s.left.duplicates, 1);
			assert_int_equal(e.marks[0].id, 2);
			assert_int_equal(e.marks[1].id, 3);
			assert_int_equal(e.marks[2].id, 4);
			if (mode == EXPORT_DUP_MERGE) {
				assert_true(e.marks[0].cx == 100.5);
				assert_true(e.marks[0].angle == -90);
			} else {
				assert_true(e.marks[0].cx == 101);
				assert_true(e.marks[0].angle == -89);
			}
		}
		store_marks_free(e.marks, e.nmarks);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tmpdir_unit_test(test_round_trip),
		cmocka_unit_test(test_duplicates),
		tmpdir_unit_test(test_all_or_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
