/*
 * stretch.c: a stretch as the JSON kept in the store (computed once per
 * image, then reused by every session), parsed strictly.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "render.h"

/* Caller frees the returned string. */
char *
render_stretch_json(const struct stretch *s)
{
	json_t	*j, *bands, *lo, *hi;
	char	*out;
	int	 i;

	bands = json_array();
	lo = json_array();
	hi = json_array();
	for (i = 0; i < s->nbands && i < 3; i++) {
		json_array_append_new(bands, json_integer(s->band[i]));
		json_array_append_new(lo, json_real(s->lo[i]));
		json_array_append_new(hi, json_real(s->hi[i]));
	}
	j = json_pack("{s:o,s:o,s:o,s:f}", "bands", bands, "lo", lo, "hi", hi,
	    "gamma", s->gamma);
	out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17));
	json_decref(j);
	return out;
}

int
render_stretch_parse(const char *text, struct stretch *s)
{
	json_t		*j, *bands, *lo, *hi, *g;
	json_error_t	 e;
	size_t		 n, i;
	int		 rc = -1;

	if (text == NULL || (j = json_loads(text, 0, &e)) == NULL)
		return -1;
	bands = json_object_get(j, "bands");
	lo = json_object_get(j, "lo");
	hi = json_object_get(j, "hi");
	g = json_object_get(j, "gamma");
	n = json_array_size(bands);
	if ((n != 1 && n != 3) || json_array_size(lo) != n ||
	    json_array_size(hi) != n || !json_is_number(g))
		goto out;
	s->nbands = (int)n;
	s->gamma = json_number_value(g);
	if (!(s->gamma > 0.05 && s->gamma < 20))
		goto out;
	for (i = 0; i < n; i++) {
		if (!json_is_integer(json_array_get(bands, i)) ||
		    !json_is_number(json_array_get(lo, i)) ||
		    !json_is_number(json_array_get(hi, i)))
			goto out;
		s->band[i] = (int)json_integer_value(json_array_get(bands, i));
		s->lo[i] = json_number_value(json_array_get(lo, i));
		s->hi[i] = json_number_value(json_array_get(hi, i));
		if (!isfinite(s->lo[i]) || !isfinite(s->hi[i]) ||
		    s->hi[i] <= s->lo[i] || s->band[i] < 1)
			goto out;
	}
	rc = 0;
out:
	json_decref(j);
	return rc;
}
