#!/bin/sh
# tests/mutants.sh [--dry-run | MUTANT...]: do the tests fail when the behaviour
# breaks? Plants small plausible bugs one at a time in a scratch copy of
# the checkout (its tracked files as they are now), rebuilds, runs only
# the tests meant for that behaviour, and reports which bugs they caught.
# Not part of `make check` (it rebuilds and reruns suites once per bug:
# 9 to 17 minutes on two shared cores). The README quotes its last line.
#
# Each bug: a name, a file, a sed script that must change the file, the
# tests meant to catch it (unit:test-NAME, cli:NAME, tui:NAME), and what
# it does. A sed script that no longer changes its file is reported as
# stale (exit 2): the code moved and the bug must be planted anew.
set -u
# Run from a copy: sh reads a script as it goes, and an edit to this file
# during the quarter hour it runs would be read half-way.
if [ -z "${QM_MUTANTS_TOP:-}" ]; then
	QM_MUTANTS_TOP=$(cd "$(dirname "$0")/.." && pwd)
	export QM_MUTANTS_TOP
	self=$(mktemp "${TMPDIR:-/tmp}/qm-mutants-sh.XXXXXX")
	cp "$0" "$self"
	sh "$self" "$@"
	rc=$?
	rm -f "$self"
	exit $rc
fi
top=$QM_MUTANTS_TOP
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/qm-mutants.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT INT TERM
ONLY="$*"
caught=0 total=0 stale=0
log="$SCRATCH/log"

# the tracked files, with any uncommitted edits, and no build output
(cd "$top" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) |
    (cd "$SCRATCH" && mkdir src && cd src && tar -xf -)
S="$SCRATCH/src"
export QM="$S/build/quaymark" BUILD="$S/build"
export SHARED="${QUAYMARK_SHARED:-$top/../shared/data}"
export TMPROOT="${TMPDIR:-/tmp}"

build() {
	# -Wno-error: a planted bug may leave a variable unused
	nice make -C "$S" -j2 check-build CFLAGS=-Wno-error >"$log" 2>&1
}

# runtests TESTS: 0 when every one passes; names the first that fails
runtests() {
	for t in $1; do
		case $t in
		unit:*) nice "$BUILD/tests/${t#unit:}" >"$log" 2>&1 ;;
		cli:* | tui:*) nice sh "$S/tests/${t%%:*}/${t#*:}.sh" >"$log" 2>&1 ;;
		esac || { echo "$t"; return 1; }
	done
	return 0
}

# mutant NAME FILE SED TESTS WHAT (with MODE=list: only note the tests)
MODE=list
WANTED=""
mutant() {
	if [ -n "$ONLY" ]; then
		case " $ONLY " in *" $1 "*) ;; *) return 0 ;; esac
	fi
	if [ "$MODE" = list ]; then
		WANTED="$WANTED $4"
		return 0
	fi
	cp "$S/$2" "$SCRATCH/orig"
	sed -i "$3" "$S/$2"
	if cmp -s "$S/$2" "$SCRATCH/orig"; then
		printf '%-24s STALE: the sed script no longer changes %s\n' "$1" "$2"
		stale=$((stale + 1))
		return 0
	fi
	total=$((total + 1))
	if [ -n "${DRY:-}" ]; then
		printf '%-24s plants\n' "$1"
		cp "$SCRATCH/orig" "$S/$2"
		return 0
	fi
	if ! build; then
		printf '%-24s did not build (%s)\n' "$1" "$(grep -m1 error "$log")"
		total=$((total - 1))
		stale=$((stale + 1))
	elif by=$(runtests "$4"); then
		printf '%-24s MISSED by %s: %s\n' "$1" "$4" "$5"
	else
		caught=$((caught + 1))
		printf '%-24s caught by %s: %s\n' "$1" "$by" "$5"
	fi
	cp "$SCRATCH/orig" "$S/$2"
}

plant_all() {
mutant sync-off store/store.c \
    's/"PRAGMA synchronous=FULL"/"PRAGMA synchronous=OFF"/' \
    unit:test-store "PRAGMA synchronous=OFF instead of FULL"
mutant wal-off store/store.c \
    's/"PRAGMA journal_mode=WAL"/"PRAGMA journal_mode=DELETE"/' \
    unit:test-store "a rollback journal instead of WAL"
mutant foreign-keys-off store/store.c \
    's/"PRAGMA foreign_keys=ON"/"PRAGMA foreign_keys=OFF"/' \
    unit:test-store "foreign keys not enforced"
mutant busy-short store/store.c 's/return STORE_BUSY_MS;/return 50;/' \
    unit:test-store "a 50 ms lock wait instead of 10 s"
mutant audit-no-after store/audit.c \
    's/for (i = 0; i < 7; i++) {/for (i = 0; i < 6; i++) {/' \
    unit:test-store "the audit hash leaves out the after field"
mutant audit-no-at store/audit.c \
    's/for (i = 0; i < 7; i++) {/for (i = 1; i < 7; i++) {/' \
    unit:test-store "the audit hash leaves out the time"
mutant blind-export store/mark.c \
    's/MARK_VISIBLE " ORDER BY m.image_id, m.id"/"1 ORDER BY m.image_id, m.id"/' \
    cli:blind "no blind filter on the export path"
mutant blind-sightings store/sighting.c \
    's/"m.proposal = 0 AND m.class_id IN (?2, ?3) AND " MARK_VISIBLE;/"m.proposal = 0 AND m.class_id IN (?2, ?3) AND 1";/' \
    cli:blind "no blind filter on the count engine's sightings"
mutant blind-names store/mark.c \
    's/(?1 = 0 OR i.site_id = ?1) AND " MARK_VISIBLE$/(?1 = 0 OR i.site_id = ?1) AND 1"/' \
    cli:blind "no blind filter on TUI name completion"
mutant blind-image-list store/mark.c \
    's/"WHERE m.image_id = ? AND m.deleted = 0 AND " MARK_VISIBLE/"WHERE m.image_id = ? AND m.deleted = 0 AND 1"/' \
    "unit:test-store cli:blind" "no blind filter on an image's marks"
mutant coco-no-count export/coco.c \
    's/if (m->has_count) {/if (0 \&\& m->has_count) {/' \
    cli:export-truth "the COCO writer drops count"
mutant coco-no-name export/coco.c 's/^\tif (m->name) {/\tif (0 \&\& m->name) {/' \
    cli:export-truth "the COCO writer drops name"
mutant dota-unrotated export/dota.c \
    's/export_corners(&e->marks\[k\], q);/{ struct store_mark u_ = e->marks[k]; u_.angle = 0; export_corners(\&u_, q); }/' \
    cli:export-truth "the DOTA writer writes unrotated corners"
mutant yolo-obb-unrotated export/yolo.c \
    's/^\t\t\texport_corners(m, q);/\t\t\t{ struct store_mark u_ = *m; u_.angle = 0; export_corners(\&u_, q); }/' \
    cli:export-truth "the YOLO-OBB writer writes unrotated corners"
mutant export-rejected export/select.c \
    's/(f->status_mask != 0 \&\& !(f->status_mask \& STATUS_BIT(m->status)))/(0)/' \
    "cli:export-truth cli:export" "exports keep rejected marks"
mutant call-departure-month count/engine.c \
    '/t = &e->res->calls\[i\];/{n;s/t->first >= p->end/t->last >= p->end/;}' \
    "unit:test-count cli:count" "a call's month judged by its departure"
mutant gap-boundary count/engine.c \
    's/rep->day - last_day <= e->o->gap_days/rep->day - last_day < e->o->gap_days/' \
    "unit:test-count cli:count" "the gap rule's boundary: <= becomes <"
mutant report-status-ignored cmd/cmd-report.c \
    's/c->o.status_mask = sf.status_mask;/c->o.status_mask = 0;/' \
    "cli:outputs cli:count" "report --status approved counts pending marks"
mutant voc-xxe export/budget.c \
    's/XML_PARSE_NONET |$/XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_DTDLOAD |/' \
    "cli:xxe cli:labels" "the VOC reader expands entities and loads DTDs"
mutant usage-drift cmd/cmd-marks.c 's/\[--author USER\]/[--author NAME]/' \
    cli:help "a usage string no longer matches the man page"
mutant render-window cmd/cmd-render.c \
    's|view_center(&v, win\[0\] + win\[2\] / 2, win\[1\] + win\[3\] / 2);|view_center(\&v, win[0], win[1]);|' \
    "cli:outputs cli:render" "render --window centred on its corner"
mutant bands-ignored imagery/imagery.c 's/band\[i\] = (int)v\[i\];/band[i] = i + 1;/' \
    "cli:outputs cli:render" "--bands ignored"
mutant escape-esc util/text.c \
    's/if (text_cp_dangerous(c)) {/if (text_cp_dangerous(c) \&\& c != 0x1b) {/' \
    "unit:test-util tui:scripted" "ESC reaches the terminal raw"
mutant nok-passes-crash tests/lib.sh 's/^\t\[ "$RC" -ge 128 \] \&\& return 0$/\t:/' \
    cli:harness "nok takes a crash for a refusal"
mutant ci-allows-skips tests/run.sh 's/\[ "${CI:-}" = true \]/[ "${CI:-}" = never ]/' \
    cli:harness "a skip passes under CI=true"
}

if [ "${1:-}" = --dry-run ]; then	# do the sed scripts still apply?
	DRY=1 MODE=plant ONLY=""
	plant_all
	echo "mutants: $total plant, $stale stale"
	[ "$stale" -eq 0 ]
	exit
fi
echo "mutants: building a clean copy in $S"
build || { tail -20 "$log"; exit 1; }
plant_all
# Without a bug planted every test must pass, or a "catch" means nothing.
WANTED=$(printf '%s\n' $WANTED | sort -u)
if failed=$(runtests "$WANTED"); then
	echo "mutants: the clean copy passes $(echo $WANTED | wc -w) suites"
else
	echo "mutants: the clean copy fails $failed; fix that first:"
	tail -15 "$log"
	exit 1
fi
MODE=plant
plant_all

echo "mutants: $caught of $total planted bugs caught by the tests meant for them$([ "$stale" -gt 0 ] && echo ", $stale stale")"
[ "$stale" -eq 0 ] || exit 2
[ "$caught" -eq "$total" ]
