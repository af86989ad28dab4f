/*
 * test-remote.c: URLs shown without their secrets (util/url.c); the
 * bound of the cache of remote images (render/cache.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../export/export.h"
#include "../../render/render.h"
#include "../../util/util.h"

static void
check_redact(const char *in, const char *want)
{
	char	*got = url_redacted(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_presigned_signature_hidden(void **state)
{
	(void)state;
	check_redact("https://b.s3.amazonaws.com/x/scene.tif?X-Amz-Algorithm="
	    "AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F2025&"
	    "X-Amz-Signature=deadbeef",
	    "https://b.s3.amazonaws.com/x/scene.tif?X-Amz-Algorithm=REDACTED&"
	    "X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED");
	/* Azure SAS, a bare token, an empty value, a fragment kept */
	check_redact("https://a.blob.core.windows.net/c/s.tif?sv=2020&sig=abc"
	    "%3D&se=2025", "https://a.blob.core.windows.net/c/s.tif?"
	    "sv=REDACTED&sig=REDACTED&se=REDACTED");
	check_redact("http://h/s.tif?tok3n", "http://h/s.tif?REDACTED");
	check_redact("http://h/s.tif?a=&b=1#part",
	    "http://h/s.tif?a=REDACTED&b=REDACTED#part");
}

static void
test_password_hidden(void **state)
{
	(void)state;
	check_redact("https://ann:hunter2@h.example/s.tif",
	    "https://ann:REDACTED@h.example/s.tif");
	check_redact("https://ann@h.example/s.tif",
	    "https://ann@h.example/s.tif");
}

static void
test_urls_inside_text(void **state)
{
	(void)state;
	/* GDAL's messages name the URL in the middle of a sentence */
	check_redact("/vsicurl/http://127.0.0.1:8/a.tif?token=s3cr3t: HTTP "
	    "response code: 403 (see https://x/y?k=v).",
	    "/vsicurl/http://127.0.0.1:8/a.tif?token=REDACTED: HTTP "
	    "response code: 403 (see https://x/y?k=REDACTED).");
	check_redact("s3://bucket/a.tif and gs://b/c.tif?x=1 and AZ://c/d?e=f",
	    "s3://bucket/a.tif and gs://b/c.tif?x=REDACTED and "
	    "AZ://c/d?e=REDACTED");
	check_redact("no url here? a=b", "no url here? a=b");
	check_redact("", "");
}

static void
test_url_kinds_and_names(void **state)
{
	char	 name[64];

	(void)state;
	assert_true(url_is_remote("https://h/a.tif"));
	assert_true(url_is_remote("S3://b/p/"));
	assert_true(url_is_remote("gs://b/p"));
	assert_true(url_is_remote("az://c/p"));
	assert_false(url_is_remote("/data/a.tif"));
	assert_false(url_is_remote("ftp://h/a.tif"));
	assert_false(url_is_remote("https:/h"));
	url_name("https://h/a/b/scene_2025-01-02.tif?sig=x", name, sizeof name);
	assert_string_equal(name, "scene_2025-01-02.tif");
	url_name("s3://bucket/prefix/", name, sizeof name);
	assert_string_equal(name, "prefix");
	url_name("https://h/a/long-name.tif", name, 5);
	assert_string_equal(name, "long");
}

static void
check_resolve(const char *base, const char *href, const char *want)
{
	char	*got = export_stac_resolve(base, href);

	assert_string_equal(got, want);
	free(got);
}

/* STAC links are relative to the document they are in. */
static void
test_stac_links_resolved(void **state)
{
	(void)state;
	check_resolve("https://h/stac/catalog.json", "./col/collection.json",
	    "https://h/stac/col/collection.json");
	check_resolve("https://h/stac/col/items/i1.json", "../../../cogs/a.tif",
	    "https://h/cogs/a.tif");
	/* never above the host's root */
	check_resolve("https://h/a.json", "../../x.tif", "https://h/x.tif");
	check_resolve("s3://b/p/item.json", "a.tif", "s3://b/p/a.tif");
	check_resolve("/data/stac/item.json", "../a.tif", "/data/a.tif");
	check_resolve("item.json", "a.tif", "a.tif");
	check_resolve("https://h/x/item.json", "s3://b/a.tif", "s3://b/a.tif");
	/* an absolute path is the host's, or a local one */
	check_resolve("https://h:8/x/item.json", "/abs/a.tif",
	    "https://h:8/abs/a.tif");
	check_resolve("/data/item.json", "/abs/a.tif", "/abs/a.tif");
}

/* QUAYMARK_CACHE_MAX: bytes with K, M, G, T; 0 off; nonsense refused. */
static void
test_cache_bound_parsed(void **state)
{
	static const struct {
		const char	*in;
		int64_t		 want;	/* -1: refused */
	} cases[] = {
		{ NULL, 2LL << 30 },
		{ "", 2LL << 30 },
		{ "0", 0 },
		{ "1048576", 1048576 },
		{ "512K", 512LL << 10 },
		{ "1.5G", 3LL << 29 },
		{ "20MB", 20LL << 20 },
		{ "2t", 2LL << 40 },
		{ "lots", -1 },
		{ "-5G", -1 },
		{ "5X", -1 },
		{ "1e30", -1 },
		{ "nan", -1 },
	};
	char	 err[256];
	int64_t	 max;
	size_t	 i;
	int	 rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].in == NULL)
			unsetenv("QUAYMARK_CACHE_MAX");
		else
			setenv("QUAYMARK_CACHE_MAX", cases[i].in, 1);
		err[0] = '\0';
		rc = render_cache_max(&max, err, sizeof err);
		if (cases[i].want < 0) {
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err, "QUAYMARK_CACHE_MAX"));
		} else {
			assert_int_equal(rc, 0);
			assert_true(max == cases[i].want);
		}
	}
	unsetenv("QUAYMARK_CACHE_MAX");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presigned_signature_hidden),
		cmocka_unit_test(test_password_hidden),
		cmocka_unit_test(test_urls_inside_text),
		cmocka_unit_test(test_url_kinds_and_names),
		cmocka_unit_test(test_stac_links_resolved),
		cmocka_unit_test(test_cache_bound_parsed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
