/*
 * gdal-load.c: open libgdal on first use and fill the function table (see
 * gdal-api.h for why), size GDAL's block cache ourselves (its default is a
 * share of RAM, and quaymark promises memory that does not grow with the
 * image), and keep GDAL's messages instead of letting it print them.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

#ifndef QM_GDAL_SONAME
#define QM_GDAL_SONAME "libgdal.so"
#endif

#define GDAL_CACHE_BYTES (24 * 1024 * 1024)

struct qm_gdal	 qm_gdal;

static int	 loaded;
/* Per thread: ingest probes remote images from several at once. */
static _Thread_local char last_error[512];
static _Thread_local char context[1024];	/* the file being read, cut
						   from messages */
static _Thread_local int errors;	/* failures and corruption warnings
					   since reset */

/* Warnings that mean the file is damaged, not merely unusual. */
static int
warning_is_damage(const char *msg)
{
	static const char *const damage[] = { "orrupt", "Bogus", "Incorrect",
	    "ignored", "Invalid", "truncat", "Read error", "Cannot read",
	    "not enough", "Not enough" };
	size_t	 i;

	for (i = 0; i < QM_NELEM(damage); i++)
		if (strstr(msg, damage[i]) != NULL)
			return 1;
	return 0;
}

static void CPL_STDCALL
quiet_handler(CPLErr level, CPLErrorNum num, const char *msg)
{
	size_t	 n;

	(void)num;
	if (level == CE_Debug || level == CE_None)
		return;
	/* "path: reason" and "path:reason": the caller names the file. */
	n = strlen(context);
	while (n > 0 && strncmp(msg, context, n) == 0 && msg[n] == ':') {
		msg += n + 1;
		while (*msg == ' ')
			msg++;
	}
	if (level == CE_Warning && !warning_is_damage(msg))
		return;
	if (errors++ == 0)
		snprintf(last_error, sizeof last_error, "%s", msg);
}

/* The first failure GDAL reported since gdal_error_reset(). */
const char *
gdal_last_error(void)
{
	return errors ? last_error : "unknown GDAL error";
}

void
gdal_error_reset(void)
{
	errors = 0;
	last_error[0] = '\0';
}

/* Reset, and cut path from the front of GDAL's next messages. */
void
gdal_error_context(const char *path)
{
	gdal_error_reset();
	snprintf(context, sizeof context, "%s", path ? path : "");
}

int
gdal_error_count(void)
{
	return errors;
}

/* Load libgdal once; 0, or -1 with a reason. */
int
gdal_load(char *err, size_t errlen)
{
	void	*h;

	if (loaded)
		return 0;
	if ((h = dlopen(QM_GDAL_SONAME, RTLD_LAZY | RTLD_LOCAL)) == NULL &&
	    (h = dlopen("libgdal.so", RTLD_LAZY | RTLD_LOCAL)) == NULL)
		return errf(err, errlen, "cannot load GDAL (%s): %s; install "
		    "libgdal (make deps)", QM_GDAL_SONAME, dlerror());
#define QM_GDAL_RESOLVE(f) \
	if ((*(void **)&qm_gdal.f = dlsym(h, #f)) == NULL) \
		return errf(err, errlen, "GDAL lacks %s: too old?", #f);
	QM_GDAL_FUNCS(QM_GDAL_RESOLVE)
#undef QM_GDAL_RESOLVE
	G(CPLSetErrorHandler)(quiet_handler);
	G(GDALAllRegister)();
	G(GDALSetCacheMax64)(GDAL_CACHE_BYTES);
	/* PAM .aux.xml files must not appear beside the analysts' images. */
	G(CPLSetConfigOption)("GDAL_PAM_ENABLED", "NO");
	loaded = 1;
	return 0;
}

int
render_init(char *err, size_t errlen)
{
	return gdal_load(err, errlen);
}
