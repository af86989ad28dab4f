/*
 * cmd-history.c: the audit trail read back. `history` lists who changed a
 * mark, an image or anything (by user), with what changed; `audit verify`
 * walks the hash chain; `audit stats` derives each analyst's working time
 * per day from the times of their changes.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/*
 * A JSON value as text: strings bare and whole, null as "-", numbers as
 * typed (the shortest form that reads back: -0.8, not
 * -0.80000000000000004; 100, not 100.0).
 */
static void
put_value(struct buf *b, json_t *v)
{
	char	*s, num[40];

	if (v == NULL || json_is_null(v))
		buf_puts(b, "-");
	else if (json_is_string(v))
		buf_puts(b, json_string_value(v));
	else if (json_is_real(v)) {
		num_format(num, sizeof num, json_real_value(v));
		buf_puts(b, num);
	} else if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) !=
	    NULL) {
		num_json_tidy(s, b);
		free(s);
	}
}

/* Bookkeeping every change moves: left out of the summary. */
static int
noise(const char *key)
{
	return strcmp(key, "version") == 0 || strcmp(key, "updated") == 0 ||
	    strcmp(key, "updated_by") == 0 || strcmp(key, "created") == 0;
}

/*
 * What a row changed, in a line: "name: - -> Angara; status: pending ->
 * approved", or the fields of what was created, or "deleted".
 */
static void
change_summary(const struct store_audit *a, struct buf *out)
{
	json_t		*before = NULL, *after = NULL, *v, *w;
	const char	*key;
	int		 n = 0;

	if (a->before != NULL)
		before = json_loads(a->before, 0, NULL);
	if (a->after != NULL)
		after = json_loads(a->after, 0, NULL);
	if (after == NULL) {
		buf_puts(out, before != NULL ? "removed" : "");
		goto done;
	}
	if (!json_is_object(after)) {
		put_value(out, after);
		goto done;
	}
	json_object_foreach(after, key, v) {
		if (noise(key))
			continue;
		/* what was created: the fields that say something */
		if (before == NULL && (json_is_null(v) || json_is_false(v) ||
		    (json_is_number(v) && json_number_value(v) == 0)))
			continue;
		w = before != NULL ? json_object_get(before, key) : NULL;
		if (before != NULL && w != NULL && json_equal(v, w))
			continue;
		if (before != NULL && w == NULL && json_is_null(v))
			continue;
		if (n++ > 0)
			buf_puts(out, "; ");
		buf_puts(out, key);
		if (before != NULL) {
			buf_puts(out, ": ");
			put_value(out, w);
			buf_puts(out, " -> ");
		} else
			buf_puts(out, "=");
		put_value(out, v);
	}
	if (n == 0 && before != NULL)
		buf_puts(out, "no visible change");
done:
	json_decref(before);
	json_decref(after);
}

struct history_ctx {
	enum cmd_format	 fmt;
	struct rows	*rows;
	json_t		*arr;
	size_t		 n;
};

static int
history_one(void *ctx, const struct store_audit *a)
{
	struct history_ctx	*h = ctx;
	struct buf		 sum;
	char			 id[24], eid[24];
	json_t			*o;

	h->n++;
	if (h->fmt == FORMAT_JSON) {
		o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s}",
		    "id", (json_int_t)a->id, "at", a->at, "user", a->user,
		    "action", a->action, "entity", a->entity,
		    "entity_id", a->entity_id ? json_integer(a->entity_id) :
		    json_null(),
		    "before", a->before ? json_loads(a->before, 0, NULL) :
		    json_null(),
		    "after", a->after ? json_loads(a->after, 0, NULL) :
		    json_null(), "hash", a->hash);
		if (o != NULL)
			json_array_append_new(h->arr, o);
		return 0;
	}
	buf_init(&sum);
	change_summary(a, &sum);
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(eid, sizeof eid, "%lld", (long long)a->entity_id);
	rows_add(h->rows, id, a->at, a->user, a->action, a->entity,
	    a->entity_id ? eid : NULL, sum.data ? sum.data : "");
	buf_free(&sum);
	return 0;
}

/* The rows as JSON, numbers as typed (see put_value). */
static void
print_json(json_t *arr)
{
	struct buf	 b;
	char		*s;

	s = json_dumps(arr, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER);
	buf_init(&b);
	if (s != NULL)
		num_json_tidy(s, &b);
	buf_putc(&b, '\n');
	cmd_write_data(stdout, b.data, b.len);
	buf_free(&b);
	free(s);
}

static int
cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mark", required_argument, NULL, 'm' },
		{ "image", required_argument, NULL, 'i' },
		{ "user", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "#id", "at", "user", "action",
	    "entity", "#entity_id", "change" };
	const struct cmd_entry		*ce = &cmd_history_entry;
	struct store_audit_filter	 f;
	struct history_ctx		 h;
	struct store			*st;
	char				 err[CMD_ERRLEN];
	int				 c, rc = EXIT_OK, given = 0, stop;

	memset(&f, 0, sizeof f);
	memset(&h, 0, sizeof h);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'm':
			if (cmd_parse_id(optarg, &f.entity_id) != 0)
				return cmd_usage_error(ce, "--mark: \"%s\" is "
				    "not a mark id", optarg);
			f.entity = "mark";
			given++;
			break;
		case 'i':
			if (cmd_parse_id(optarg, &f.image_id) != 0)
				return cmd_usage_error(ce, "--image: \"%s\" is "
				    "not an image id", optarg);
			given++;
			break;
		case 'u':
			f.user = optarg;
			given++;
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &h.fmt)) >= 0)
				return stop;
			break;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if (given == 0)
		return cmd_usage_error(ce, "give --mark ID, --image ID or "
		    "--user NAME");
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	h.rows = rows_new((int)QM_NELEM(cols), cols);
	h.arr = json_array();
	if (store_audit_each(st, &f, history_one, &h, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else if (h.fmt == FORMAT_JSON)
		print_json(h.arr);
	else
		rows_print(h.rows, h.fmt, stdout);
	if (rc == EXIT_OK && h.n == 0 && f.entity != NULL)
		rc = cmd_error("no history for mark %lld (no such mark, or "
		    "not one you may see)", (long long)f.entity_id);
	json_decref(h.arr);
	rows_free(h.rows);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = "(--mark ID | --image ID | --user NAME) "
	    "[--format table|csv|json]",
	.summary = "who changed what, and when (the audit trail)",
	.exec = cmd_history,
};

static int
cmd_audit_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "head", required_argument, NULL, 'H' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_audit_verify_entry;
	struct store		*st;
	const char		*head = NULL, *colon;
	char			 err[CMD_ERRLEN], hash[SHA256_HEX_LEN];
	char			 num[24];
	int64_t			 rows, bad, hid = 0, last;
	int			 c, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'H')
			head = optarg;
		else if (c == 'h')
			return cmd_usage(ce, stdout);
		else
			return cmd_usage(ce, stderr);
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if (head != NULL) {
		colon = strchr(head, ':');
		if (colon == NULL || (size_t)(colon - head) >= sizeof num ||
		    strlen(colon + 1) != SHA256_HEX_LEN - 1)
			return cmd_usage_error(ce, "--head: \"%s\" is not "
			    "ROW:HASH as audit verify printed it", head);
		memcpy(num, head, (size_t)(colon - head));
		num[colon - head] = '\0';
		if (cmd_parse_id(num, &hid) != 0)
			return cmd_usage_error(ce, "--head: \"%s\" is not a "
			    "row number", num);
	}
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_audit_verify(st, &rows, &bad, err, sizeof err) != 0) {
		rc = cmd_error("audit chain broken: %s", err);
		goto out;
	}
	if (head != NULL) {
		/* rows cut from the end leave a valid chain: check against a
		 * head recorded earlier */
		if (store_audit_hash_of(st, hid, hash, err, sizeof err) != 0) {
			rc = cmd_error("%s", err);
			goto out;
		}
		if (hash[0] == '\0') {
			rc = cmd_error("audit chain cut: row %lld of the "
			    "recorded head is gone", (long long)hid);
			goto out;
		}
		if (strcmp(hash, strchr(head, ':') + 1) != 0) {
			rc = cmd_error("audit chain rewritten: row %lld no "
			    "longer has the recorded hash", (long long)hid);
			goto out;
		}
	}
	if (store_audit_head(st, &last, hash, err, sizeof err) != 0) {
		rc = cmd_error("%s", err);
		goto out;
	}
	printf("audit chain ok: %lld rows; head %lld:%s\n", (long long)rows,
	    (long long)last, hash);
out:
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_audit_verify_entry = {
	.name = "audit verify",
	.usage = "[--head ROW:HASH]",
	.summary = "check the audit trail's hash chain",
	.exec = cmd_audit_verify,
};

/* One user's day in the trail. */
struct day_stat {
	char	 user[64];
	char	 day[11];
	char	 first[32], last[32];
	int64_t	 prev;		/* the time of the previous change */
	int64_t	 actions, active_s;
	int64_t	 added, changed, deleted, reviews, verdicts;
};

struct stats_ctx {
	struct day_stat	*v;
	size_t		 n, cap;
	int64_t		 idle_s;
	int64_t		 from, to;
	int		 has_from, has_to;
};

static struct day_stat *
day_for(struct stats_ctx *s, const char *user, const char *day)
{
	size_t	 i;

	/* rows come in time order: a user's day is usually near the end */
	for (i = s->n; i-- > 0;)
		if (strcmp(s->v[i].day, day) == 0 &&
		    strcmp(s->v[i].user, user) == 0)
			return &s->v[i];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
	snprintf(s->v[s->n].user, sizeof s->v[s->n].user, "%s", user);
	snprintf(s->v[s->n].day, sizeof s->v[s->n].day, "%s", day);
	s->v[s->n].prev = -1;
	return &s->v[s->n++];
}

static int
stats_one(void *ctx, const struct store_audit *a)
{
	struct stats_ctx	*s = ctx;
	struct day_stat		*d;
	char			 day[11];
	int64_t			 t;

	if (date_parse(a->at, &t, NULL) != 0)
		return 0;
	if ((s->has_from && t < s->from) || (s->has_to && t > s->to))
		return 0;
	snprintf(day, sizeof day, "%.10s", a->at);
	d = day_for(s, a->user, day);
	if (d->actions == 0)
		snprintf(d->first, sizeof d->first, "%.19s", a->at);
	snprintf(d->last, sizeof d->last, "%.19s", a->at);
	/* a gap longer than idle is a break: it counts as idle minutes */
	if (d->prev >= 0)
		d->active_s += t - d->prev < s->idle_s ? t - d->prev :
		    s->idle_s;
	d->prev = t;
	d->actions++;
	if (strcmp(a->entity, "mark") == 0) {
		if (strcmp(a->action, "create") == 0)
			d->added++;
		else if (strcmp(a->action, "update") == 0 ||
		    strcmp(a->action, "restore") == 0)
			d->changed++;
		else if (strcmp(a->action, "delete") == 0)
			d->deleted++;
		else
			d->reviews++;
	} else if (strcmp(a->entity, "image") == 0 &&
	    (strcmp(a->action, "quality") == 0 ||
	    strcmp(a->action, "reviewed") == 0))
		d->verdicts++;
	return 0;
}

static int
cmp_day_stat(const void *x, const void *y)
{
	const struct day_stat	*a = x, *b = y;
	int			 c;

	if ((c = strcmp(a->user, b->user)) != 0)
		return c;
	return strcmp(a->day, b->day);
}

static int
cmd_audit_stats(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "idle", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "user", "day", "first", "last",
	    "#changes", "#active_minutes", "#marks_added", "#marks_changed",
	    "#marks_deleted", "#reviews", "#verdicts" };
	const struct cmd_entry		*ce = &cmd_audit_stats_entry;
	struct store_audit_filter	 f;
	struct stats_ctx		 s;
	enum cmd_format			 fmt = FORMAT_TABLE;
	struct store			*st;
	struct rows			*r;
	char				 err[CMD_ERRLEN], n[7][24];
	int64_t				 t0, t1, idle_min = 10;
	size_t				 i;
	int				 c, rc = EXIT_OK, stop;

	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'u':
			f.user = optarg;
			break;
		case 'F':
		case 'T':
			if (date_parse_range(optarg, &t0, &t1) != 0)
				return cmd_usage_error(ce, "--%s: \"%s\" is not "
				    "a date", c == 'F' ? "from" : "to", optarg);
			if (c == 'F') {
				s.from = t0;
				s.has_from = 1;
			} else {
				s.to = t1;
				s.has_to = 1;
			}
			break;
		case 'i':
			if (num_parse_int64(optarg, &idle_min) != 0 ||
			    idle_min < 1 || idle_min > 240)
				return cmd_usage_error(ce, "--idle: \"%s\" is "
				    "not 1 to 240 minutes", optarg);
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &fmt)) >= 0)
				return stop;
			break;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	s.idle_s = idle_min * 60;
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_audit_each(st, &f, stats_one, &s, err, sizeof err) != 0) {
		free(s.v);
		store_close(st);
		return cmd_error("%s", err);
	}
	if (s.n > 0)
		qsort(s.v, s.n, sizeof *s.v, cmp_day_stat);
	r = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < s.n; i++) {
		snprintf(n[0], sizeof n[0], "%lld", (long long)s.v[i].actions);
		snprintf(n[1], sizeof n[1], "%lld",
		    (long long)((s.v[i].active_s + 30) / 60));
		snprintf(n[2], sizeof n[2], "%lld", (long long)s.v[i].added);
		snprintf(n[3], sizeof n[3], "%lld", (long long)s.v[i].changed);
		snprintf(n[4], sizeof n[4], "%lld", (long long)s.v[i].deleted);
		snprintf(n[5], sizeof n[5], "%lld", (long long)s.v[i].reviews);
		snprintf(n[6], sizeof n[6], "%lld", (long long)s.v[i].verdicts);
		rows_add(r, s.v[i].user, s.v[i].day, s.v[i].first + 11,
		    s.v[i].last + 11, n[0], n[1], n[2], n[3], n[4], n[5],
		    n[6]);
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
	free(s.v);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_audit_stats_entry = {
	.name = "audit stats",
	.usage = "[--user NAME] [--from DATE] [--to DATE] [--idle MINUTES] "
	    "[--format table|csv|json]",
	.summary = "working time and changes per user per day, from the trail",
	.exec = cmd_audit_stats,
};
