/*
 * cmd.c: the table of commands, lookup by one or two words ("marks",
 * "mark add"), and the usage and error printers every command uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_demo_entry,
	&cmd_tui_entry,
	&cmd_review_entry,
	&cmd_ingest_entry,
	&cmd_images_entry,
	&cmd_sites_entry,
	&cmd_quality_entry,
	&cmd_quay_add_entry,
	&cmd_quay_set_entry,
	&cmd_quay_rm_entry,
	&cmd_quay_list_entry,
	&cmd_class_add_entry,
	&cmd_class_list_entry,
	&cmd_mark_add_entry,
	&cmd_mark_set_entry,
	&cmd_mark_rm_entry,
	&cmd_marks_entry,
	&cmd_candidates_entry,
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_report_entry,
	&cmd_calls_entry,
	&cmd_stacks_entry,
	&cmd_approve_entry,
	&cmd_reject_entry,
	&cmd_unreview_entry,
	&cmd_accept_entry,
	&cmd_reopen_entry,
	&cmd_comment_add_entry,
	&cmd_comment_list_entry,
	&cmd_comment_resolve_entry,
	&cmd_assign_entry,
	&cmd_unassign_entry,
	&cmd_reveal_entry,
	&cmd_assignments_entry,
	&cmd_history_entry,
	&cmd_audit_verify_entry,
	&cmd_audit_stats_entry,
	&cmd_agreement_entry,
	&cmd_user_add_entry,
	&cmd_user_list_entry,
	&cmd_user_rm_entry,
	&cmd_user_policy_entry,
	&cmd_db_init_entry,
	&cmd_db_copy_entry,
	&cmd_render_entry,
	&cmd_snapshot_entry,
	&cmd_help_entry,
	&cmd_version_entry,
	NULL
};

/* The entry named by argv's first one or two words; *used says how many. */
const struct cmd_entry *
cmd_find(int argc, char **argv, int *used)
{
	const struct cmd_entry *const	*ce;
	char				 two[128];

	if (argc >= 2 && xsnprintf(two, sizeof two, "%s %s", argv[0],
	    argv[1]) == 0) {
		for (ce = cmd_table; *ce != NULL; ce++) {
			if (strcmp((*ce)->name, two) == 0) {
				*used = 2;
				return *ce;
			}
		}
	}
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (strcmp((*ce)->name, argv[0]) == 0) {
			*used = 1;
			return *ce;
		}
	}
	return NULL;
}

/*
 * A word that only starts commands ("quay" of "quay add", "quay list"):
 * the usage of each of them on fp (NULL: none printed); how many there
 * were (0: not a group).
 */
int
cmd_group_usage(const char *word, FILE *fp)
{
	const struct cmd_entry *const	*ce;
	size_t				 n = strlen(word);
	int				 k = 0;

	for (ce = cmd_table; *ce != NULL; ce++)
		if (strncmp((*ce)->name, word, n) == 0 && (*ce)->name[n] == ' ') {
			if (fp != NULL)
				fprintf(fp, "usage: quaymark %s%s%s\n",
				    (*ce)->name, (*ce)->usage[0] ? " " : "",
				    (*ce)->usage);
			k++;
		}
	return k;
}

int
cmd_usage(const struct cmd_entry *ce, FILE *fp)
{
	fprintf(fp, "usage: quaymark %s%s%s\n", ce->name,
	    ce->usage[0] ? " " : "", ce->usage);
	if (fp == stdout) {
		fprintf(fp, "%s\n", ce->summary);
		if (ce->help != NULL)
			ce->help(fp);
	}
	return fp == stdout ? EXIT_OK : EXIT_USAGE;
}

/*
 * The one way a line of text reaches a person: formatted, then every
 * control character, bidirectional override and invalid byte made a
 * visible escape (text_escape, as in tables), then a newline. File names,
 * catalogue paths and label-file content are other people's bytes; a
 * name such as "bad\e]0;pwned\a.tif" must print as those characters,
 * never act on the terminal. Formats written to files and pipes (CSV,
 * JSON, exports) do not come through here and keep their exact bytes.
 */
void
cmd_vsay(FILE *fp, const char *fmt, va_list ap)
{
	struct buf	 raw, safe;

	buf_init(&raw);
	buf_init(&safe);
	buf_vprintf(&raw, fmt, ap);
	text_escape(&safe, raw.data != NULL ? raw.data : "");
	if (safe.data != NULL)
		fputs(safe.data, fp);
	fputc('\n', fp);
	buf_free(&raw);
	buf_free(&safe);
}

void
cmd_say(FILE *fp, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cmd_vsay(fp, fmt, ap);
	va_end(ap);
}

/* "quaymark CMD: reason" and the usage line on stderr; returns 2. */
int
cmd_usage_error(const struct cmd_entry *ce, const char *fmt, ...)
{
	va_list	 ap;

	if (fmt != NULL) {
		fprintf(stderr, "quaymark %s: ", ce->name);
		va_start(ap, fmt);
		cmd_vsay(stderr, fmt, ap);
		va_end(ap);
	}
	return cmd_usage(ce, stderr);
}

/* "quaymark: reason" on stderr; returns 1. */
int
cmd_error(const char *fmt, ...)
{
	va_list	 ap;

	fputs("quaymark: ", stderr);
	va_start(ap, fmt);
	cmd_vsay(stderr, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

void
cmd_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cmd_vsay(stderr, fmt, ap);
	va_end(ap);
}
