/*
 * test-gfx.c: the terminal picture encoders' small parts: base64, tmux
 * wrapping, protocol names, sixel runs, bands and palettes, kitty chunks,
 * and the hand-built PNG read back by libpng.
 * Whole pictures are decoded by real decoders in tests/cli/graphics.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../render/render.h"
#include "../../util/util.h"

static void
test_base64(void **state)
{
	static const struct {
		const char	*in, *out;
	} v[] = {	/* RFC 4648 section 10 */
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b);
		gfx_base64(&b, (const uint8_t *)v[i].in, strlen(v[i].in));
		assert_string_equal(b.data ? b.data : "", v[i].out);
		buf_free(&b);
	}
}

static void
test_names_and_tmux(void **state)
{
	struct buf	 b;

	(void)state;
	assert_int_equal(gfx_parse("kitty"), GFX_KITTY);
	assert_int_equal(gfx_parse("sixel"), GFX_SIXEL);
	assert_int_equal(gfx_parse("iterm"), GFX_ITERM);
	assert_int_equal(gfx_parse("cells"), GFX_CELLS);
	assert_int_equal(gfx_parse("Sixel"), -1);
	assert_int_equal(gfx_parse(NULL), -1);
	assert_string_equal(gfx_name(GFX_SIXEL), "sixel");
	buf_init(&b);
	gfx_tmux_wrap(&b, "\033_Ga=d\033\\", 8);
	/* every ESC inside doubled, the whole in DCS tmux; ... ST */
	assert_string_equal(b.data, "\033Ptmux;\033\033_Ga=d\033\033\\\033\\");
	buf_free(&b);
}

static void
test_sixel_runs(void **state)
{
	uint8_t		 px[100 * 7 * 3];
	struct buf	 b;
	char		 err[256];

	(void)state;
	/* one colour, 100 x 6: one band, one register, one run */
	memset(px, 200, sizeof px);
	buf_init(&b);
	assert_int_equal(gfx_sixel(px, 100, 6, NULL, 0, 256, &b, err,
	    sizeof err), 0);
	assert_string_equal(b.data, "\033P0;1;0q\"1;1;100;6#0;2;78;78;78"
	    "#0!100~-\033\\");
	buf_free(&b);
	/* seven rows: two bands, the second only its top row */
	buf_init(&b);
	assert_int_equal(gfx_sixel(px, 100, 7, NULL, 0, 256, &b, err,
	    sizeof err), 0);
	assert_non_null(strstr(b.data, "#0!100~-#0!100@-\033\\"));
	buf_free(&b);
	/* a short run is written out, not counted */
	buf_init(&b);
	assert_int_equal(gfx_sixel(px, 3, 6, NULL, 0, 256, &b, err,
	    sizeof err), 0);
	assert_non_null(strstr(b.data, "#0~~~-"));
	buf_free(&b);
	assert_int_equal(gfx_sixel(px, 0, 6, NULL, 0, 256, &b, err,
	    sizeof err), -1);
}

static void
test_sixel_palette(void **state)
{
	uint8_t		*px;
	static const uint8_t red[3] = { 255, 0, 0 };
	struct buf	 b;
	char		 err[256], *p;
	int		 x, y, regs = 0;

	(void)state;
	/* a 64 x 64 gradient of 4096 colours with a red line through it */
	px = xcalloc(64 * 64, 3);
	for (y = 0; y < 64; y++)
		for (x = 0; x < 64; x++) {
			px[3 * (y * 64 + x)] = (uint8_t)(x * 4);
			px[3 * (y * 64 + x) + 1] = (uint8_t)(y * 4);
			px[3 * (y * 64 + x) + 2] = (uint8_t)(x == y ? 255 : 90);
		}
	for (x = 0; x < 64; x++)
		memcpy(px + 3 * (10 * 64 + x), red, 3);
	buf_init(&b);
	assert_int_equal(gfx_sixel(px, 64, 64, red, 1, 16, &b, err,
	    sizeof err), 0);
	/* the kept colour is register 0, exactly; 16 registers in all */
	assert_non_null(strstr(b.data, "#0;2;100;0;0"));
	for (p = b.data; (p = strstr(p, ";2;")) != NULL; p++)
		regs++;
	assert_int_equal(regs, 16);
	/* row 10 is band 1's fifth row (bit 4: '?' + 16 = 'O') in red */
	assert_non_null(strstr(b.data, "#0!64O"));
	buf_free(&b);
	free(px);
}

/* A palette fitted to one picture, reused for another: a colour the fit
 * never saw goes to the nearest fitted one; kept colours stay exact; the
 * buffers kept between pictures give the same bytes the second time. */
static void
test_sixel_cached_palette(void **state)
{
	static const uint8_t white[3] = { 255, 255, 255 };
	struct gfx_palette	*pal;
	struct gfx_work		 wk;
	uint8_t			 a[12 * 6 * 3], b[12 * 6 * 3];
	struct buf		 o1, o2;
	char			 err[256];
	int			 i;

	(void)state;
	for (i = 0; i < 12 * 6; i++) {
		a[3 * i] = i % 12 < 6 ? 100 : 0;
		a[3 * i + 1] = 0;
		a[3 * i + 2] = i % 12 < 6 ? 0 : 200;
		b[3 * i] = 110;		/* not in a: red's nearest */
		b[3 * i + 1] = 5;
		b[3 * i + 2] = 0;
	}
	memcpy(b, white, 3);
	pal = calloc(1, sizeof *pal);
	assert_non_null(pal);
	gfx_palette_fit(pal, a, 12, 6, 2, NULL, 0, 4);
	assert_int_equal(pal->n, 2);
	memset(&wk, 0, sizeof wk);
	buf_init(&o1);
	buf_init(&o2);
	assert_int_equal(gfx_sixel_pal(&wk, pal, b, 12, 6, white, 1, &o1,
	    err, sizeof err), 0);
	assert_string_equal(o1.data, "\033P0;1;0q\"1;1;12;6"
	    "#0;2;100;100;100#1;2;39;0;0#2;2;0;0;78#0@$#1}!11~-\033\\");
	assert_int_equal(gfx_sixel_pal(&wk, pal, b, 12, 6, white, 1, &o2,
	    err, sizeof err), 0);
	assert_string_equal(o1.data, o2.data);
	/* more kept colours than registers left */
	pal->n = 256;
	assert_int_equal(gfx_sixel_pal(&wk, pal, b, 12, 6, white, 1, &o2,
	    err, sizeof err), -1);
	gfx_work_free(&wk);
	buf_free(&o1);
	buf_free(&o2);
	free(pal);
}

static int
count(const char *s, const char *needle)
{
	int	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s++;
	}
	return n;
}

static void
test_kitty_chunks(void **state)
{
	uint8_t		*png;
	struct buf	 b;

	(void)state;
	png = xcalloc(3 * 4096 + 1, 1);
	/* 3072 bytes are 4096 base64 characters: one chunk exactly */
	buf_init(&b);
	gfx_kitty_send(&b, png, 3072, 7, 20, 10, 1, 0);
	assert_int_equal(count(b.data, "\033_G"), 1);
	assert_non_null(strstr(b.data, "a=T,f=100,i=7,c=20,r=10,C=1,q=2,m=0;"));
	buf_free(&b);
	/* one more byte: a second chunk, the first saying more follow */
	buf_init(&b);
	gfx_kitty_send(&b, png, 3073, 7, 20, 10, 0, 0);
	assert_int_equal(count(b.data, "\033_G"), 2);
	assert_non_null(strstr(b.data, "a=t,f=100,i=7,q=2,m=1;"));
	assert_non_null(strstr(b.data, "\033_Gm=0;AA==\033\\"));
	buf_free(&b);
	/* inside tmux, each chunk is its own passthrough */
	buf_init(&b);
	gfx_kitty_send(&b, png, 3 * 3072, 7, 20, 10, 0, 1);
	assert_int_equal(count(b.data, "\033Ptmux;"), 3);
	buf_free(&b);
	/* a strip lies over the picture: z=1 */
	buf_init(&b);
	gfx_kitty_strip(&b, png, 30, 9, 20, 2, 0);
	assert_non_null(strstr(b.data, "a=T,f=100,i=9,c=20,r=2,C=1,z=1,q=2,"
	    "m=0;"));
	buf_free(&b);
	buf_init(&b);
	gfx_kitty_place(&b, 7, 20, 10, 0);
	gfx_kitty_delete(&b, 7, 0);
	assert_string_equal(b.data, "\033_Ga=p,i=7,p=1,c=20,r=10,C=1,q=2"
	    "\033\\\033_Ga=d,d=I,i=7,q=2\033\\");
	buf_free(&b);
	free(png);
}

static void
test_png_and_iterm(void **state)
{
	uint8_t		 px[4 * 3 * 3];
	struct buf	 png, b;
	char		 err[256];

	(void)state;
	memset(px, 7, sizeof px);
	buf_init(&png);
	assert_int_equal(gfx_png(px, 4, 3, &png, err, sizeof err), 0);
	assert_memory_equal(png.data, "\211PNG\r\n\032\n", 8);
	buf_init(&b);
	gfx_iterm(&b, (uint8_t *)png.data, png.len, 5, 2, 0);
	assert_memory_equal(b.data, "\033]1337;File=inline=1;size=", 26);
	assert_non_null(strstr(b.data, ";width=5;height=2;"));
	assert_int_equal(b.data[b.len - 1], '\a');
	buf_free(&b);
	buf_free(&png);
	assert_int_equal(gfx_png(px, 0, 3, &png, err, sizeof err), -1);
}

/* The PNG written by hand (libdeflate, not libpng) reads back through
 * libpng (render_png_read) as the same pixels, twice over one gfx_work. */
static void
test_png_decodes(void **state)
{
	struct gfx_work	 wk;
	struct buf	 png;
	uint8_t		 px[37 * 5 * 3], *back;
	char		 err[256], path[] = "/tmp/qm-test-gfx-XXXXXX";
	int		 w, h, fd, round, i;

	(void)state;
	for (i = 0; i < (int)sizeof px; i++)
		px[i] = (uint8_t)(i * 7 + i / 111);
	memset(&wk, 0, sizeof wk);
	for (round = 0; round < 2; round++) {
		buf_init(&png);
		assert_int_equal(gfx_png_work(&wk, px, 37, 5, &png, err,
		    sizeof err), 0);
		assert_int_not_equal(fd = mkstemp(path), -1);
		assert_int_equal(write(fd, png.data, png.len),
		    (ssize_t)png.len);
		close(fd);
		assert_int_equal(render_png_read(path, &w, &h, &back, err,
		    sizeof err), 0);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
		assert_int_equal(w, 37);
		assert_int_equal(h, 5);
		assert_memory_equal(back, px, sizeof px);
		free(back);
		buf_free(&png);
	}
	gfx_work_free(&wk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_names_and_tmux),
		cmocka_unit_test(test_sixel_runs),
		cmocka_unit_test(test_sixel_palette),
		cmocka_unit_test(test_sixel_cached_palette),
		cmocka_unit_test(test_kitty_chunks),
		cmocka_unit_test(test_png_and_iterm),
		cmocka_unit_test(test_png_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
