/*
 * cmd.h: the command line. Each subcommand is one cmd-*.c file with one
 * struct cmd_entry; cmd.c lists them all in one table, which also feeds
 * `quaymark help` and is checked against the man page by the tests.
 */
#ifndef QM_CMD_H
#define QM_CMD_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "../util/util.h"

#define CMD_ERRLEN 512

struct cmd_entry {
	const char	*name;		/* "ingest", "mark add" */
	const char	*usage;		/* options and operands */
	const char	*summary;	/* one line */
	int		(*exec)(int, char **);
	void		(*help)(FILE *);	/* more for --help; may be NULL */
};

/* Exit statuses (EXIT STATUS in the man page). */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* an error, or something was skipped */
#define EXIT_USAGE	2

/* cmd.c */
extern const struct cmd_entry *const cmd_table[];
int		 cmd_group_usage(const char *, FILE *);
int		 cmd_usage(const struct cmd_entry *, FILE *);
int		 cmd_usage_error(const struct cmd_entry *, const char *, ...)
		     QM_PRINTF(2, 3);
int		 cmd_error(const char *, ...) QM_PRINTF(1, 2);
void		 cmd_warn(const char *, ...) QM_PRINTF(1, 2);
void		 cmd_say(FILE *, const char *, ...) QM_PRINTF(2, 3);
void		 cmd_vsay(FILE *, const char *, va_list) QM_PRINTF(2, 0);
const struct cmd_entry *cmd_find(int, char **, int *);

/* cmd-util.c: what many commands share. */
struct option;
int		 cmd_getopt(int, char **, const char *, const struct option *);
void		 cmd_set_db(const char *);
int		 cmd_db_given(void);
struct store	*cmd_open_store(int);
const char	*cmd_resolve_db(void);

struct cmd_filter {
	const char	*site;
	const char	*from;
	const char	*to;
	const char	*image;
	const char	*classes[32];
	int		 nclasses;
	const char	*status;	/* approved, pending, rejected, all */
	const char	*author;
	const char	*quality;
};
int		 cmd_filter_resolve(struct store *, const struct cmd_filter *,
		     struct store_filter *, int);
void		 cmd_filter_free(struct store_filter *);

/* Long options every listing shares; cmd_filter_opt() consumes them. */
enum {
	OPT_SITE = 1000, OPT_FROM, OPT_TO, OPT_IMAGE, OPT_CLASS, OPT_STATUS,
	OPT_AUTHOR, OPT_QUALITY, OPT_FORMAT, OPT_LAST
};
#define CMD_FILTER_OPTIONS \
	{ "site", required_argument, NULL, OPT_SITE }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "to", required_argument, NULL, OPT_TO }, \
	{ "image", required_argument, NULL, OPT_IMAGE }, \
	{ "class", required_argument, NULL, OPT_CLASS }, \
	{ "status", required_argument, NULL, OPT_STATUS }, \
	{ "author", required_argument, NULL, OPT_AUTHOR }, \
	{ "analyst", required_argument, NULL, OPT_AUTHOR }, \
	{ "quality", required_argument, NULL, OPT_QUALITY }
#define CMD_COMMON_OPTIONS \
	{ "db", required_argument, NULL, 'd' }, \
	{ "help", no_argument, NULL, 'h' }
int		 cmd_filter_opt(struct cmd_filter *, int, const char *);

enum cmd_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };
int		 cmd_parse_format(const char *, enum cmd_format *);
int		 cmd_format_opt(const struct cmd_entry *, const char *,
		     enum cmd_format *);
int		 cmd_list_opt(const struct cmd_entry *, int, const char *,
		     enum cmd_format *);
int		 cmd_list_options(const struct cmd_entry *, int, char **,
		     enum cmd_format *);
int		 cmd_parse_id(const char *, int64_t *);
int		 cmd_parse_status(const char *, int *);
int		 cmd_check_status(const char *);
void		 cmd_write_data(FILE *, const char *, size_t);

/* table.c: aligned, escaped text tables. */
struct table;
struct table	*table_new(int, const char *const *);
void		 table_add(struct table *, ...);
void		 table_addv(struct table *, const char *const *);
void		 table_print(struct table *, FILE *);
void		 table_free(struct table *);

/* rows.c: a listing printed as a table, CSV or JSON ("#n": a number). */
struct rows;
struct rows	*rows_new(int, const char *const *);
void		 rows_add(struct rows *, ...);
#define ROWS_IN(fmt)	(1u << (fmt))
void		 rows_only(struct rows *, int, unsigned);
void		 rows_json_flags(struct rows *, size_t);
void		 rows_csv(const struct rows *, struct buf *);
extern const char rows_absent[];
#define ROWS_ABSENT	rows_absent	/* a cell JSON leaves out */
size_t		 rows_count(const struct rows *);
void		 rows_print(const struct rows *, enum cmd_format, FILE *);
struct json_t;
struct json_t	*rows_json(const struct rows *);
void		 rows_free(struct rows *);

/* progress.c: a progress line on a terminal, silence in a pipe. */
struct progress;
struct progress	*progress_start(const char *, size_t);
void		 progress_update(struct progress *, size_t, const char *);
void		 progress_done(struct progress *);
void		 progress_cb(void *, size_t, size_t);

/* cmd-export.c: the table of dataset formats, for --help and the man page. */
void		 cmd_formats_help(FILE *, int);
void		 cmd_formats_mdoc(FILE *);

/* json-text.c: any bytes into a JSON listing, losing nothing. */
struct json_t;
void		 cmd_json_set_text(struct json_t *, const char *,
		     const char *);

/* cmd-marks.c */
struct json_t	*cmd_mark_json(const struct store_mark *, const char *);

/* cmd-ingest.c */
struct ingest_counts {
	size_t	 added, unchanged, updated, moved, skipped;
	int64_t	 site_id;
};
int		 cmd_ingest_run(struct store *, const char *, int, int64_t,
		     char **, int, struct ingest_counts *);
struct ingest_item {		/* a STAC asset to catalog */
	char		*href;	/* its URL or path */
	int		 has_when;
	int64_t		 when;	/* the item's datetime */
	struct store_stac stac;
};
int		 cmd_ingest_items(struct store *, const char *, int, int64_t,
		     char **, int, const struct ingest_item *, size_t,
		     struct ingest_counts *);

/* report-plot.c: report --plot */
struct count_opts;
struct count_result;
int		 report_plot_write(struct store *, const struct count_opts *,
		     const struct count_result *, const char *);

/* ingest-prefetch.c: remote images probed in parallel. */
enum { FACTS_NONE, FACTS_READY, FACTS_FAILED };
struct remote_facts {
	int			 state;
	struct render_info	*ri;	/* READY: taken over by ingest */
	int64_t			 size, mtime;
	char			 hash[SHA256_HEX_LEN];
	char			*err;	/* FAILED: the reason */
};
struct remote_facts *ingest_prefetch(const char *const *, size_t);
void		 ingest_prefetch_free(struct remote_facts *, size_t);

/* ingest-stac.c */
int		 cmd_ingest_stac(struct store *, const char *, int, int64_t,
		     const char *, const char *, char **, int,
		     struct ingest_counts *);

/* cmd-report.c: `export --format counts` runs the report with these. */
struct cmd_counts_args {
	const char	*site, *quay, *cls, *from, *to, *status;
	const char	*by;		/* day, week, month; NULL: report's */
};
int		 cmd_report_counts(const struct cmd_entry *,
		     const struct cmd_counts_args *, struct buf *);

/* report-evidence.c: `report --evidence DIR`. */
struct count_opts;
struct count_result;
int		 cmd_evidence_check(const char *, int);
int		 cmd_evidence_write(struct store *, const struct count_opts *,
		     struct count_result *, const char *, int,
		     int (*)(void *, const char *), void *);

/* cmd-tui.c */
int		 cmd_open_tui(void);

/* cmd-quay.c */
int		 cmd_quay_sync(struct store *, int64_t, char *, size_t);

/* The commands, one per file. */
extern const struct cmd_entry cmd_ingest_entry;
extern const struct cmd_entry cmd_images_entry;
extern const struct cmd_entry cmd_sites_entry;
extern const struct cmd_entry cmd_quay_add_entry;
extern const struct cmd_entry cmd_quay_list_entry;
extern const struct cmd_entry cmd_quay_set_entry;
extern const struct cmd_entry cmd_quay_rm_entry;
extern const struct cmd_entry cmd_class_add_entry;
extern const struct cmd_entry cmd_class_list_entry;
extern const struct cmd_entry cmd_mark_add_entry;
extern const struct cmd_entry cmd_mark_set_entry;
extern const struct cmd_entry cmd_mark_rm_entry;
extern const struct cmd_entry cmd_marks_entry;
extern const struct cmd_entry cmd_candidates_entry;
extern const struct cmd_entry cmd_quality_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_demo_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_calls_entry;
extern const struct cmd_entry cmd_stacks_entry;
extern const struct cmd_entry cmd_tui_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_render_entry;
extern const struct cmd_entry cmd_snapshot_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_user_add_entry;
extern const struct cmd_entry cmd_user_rm_entry;
extern const struct cmd_entry cmd_user_list_entry;
extern const struct cmd_entry cmd_user_policy_entry;
/* cmd-db.c */
extern const struct cmd_entry cmd_db_init_entry;
extern const struct cmd_entry cmd_db_copy_entry;
extern const struct cmd_entry cmd_approve_entry;
extern const struct cmd_entry cmd_reject_entry;
extern const struct cmd_entry cmd_unreview_entry;
extern const struct cmd_entry cmd_accept_entry;
extern const struct cmd_entry cmd_reopen_entry;
extern const struct cmd_entry cmd_comment_add_entry;
extern const struct cmd_entry cmd_comment_list_entry;
extern const struct cmd_entry cmd_comment_resolve_entry;
extern const struct cmd_entry cmd_assign_entry;
extern const struct cmd_entry cmd_unassign_entry;
extern const struct cmd_entry cmd_reveal_entry;
extern const struct cmd_entry cmd_assignments_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_audit_verify_entry;
extern const struct cmd_entry cmd_audit_stats_entry;
extern const struct cmd_entry cmd_agreement_entry;
extern const struct cmd_entry cmd_export_entry;

#endif
