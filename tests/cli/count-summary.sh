#!/bin/sh
# The sighting summary (schema 6) that report, calls and stacks read: the
# triggers keep it equal to the live marks through every write path the
# command line has (add, set, rm, import, approve, reject, unreview,
# quality, quay set), an upgrade from schema 5 fills it, and the counts
# over it are the counts over the marks (QUAYMARK_COUNT_FROM=marks).
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || { skip "no sqlite3 shell"; finish; }

DB=$(demo_db)
D=$(demo_dir)
SITE="Rajin (demo)"

# What the summary must hold: the live, non-proposal marks, as the
# triggers write them.
PROJ="SELECT i.site_id, i.acquired, i.id, m.id, m.class_id,
  substr(m.status, 1, 1), substr(m.kind, 1, 1), i.blind, m.cx, m.cy, m.w,
  m.h, m.angle, m.name, m.track, m.count
  FROM mark m JOIN image i ON i.id = m.image_id
  WHERE m.deleted = 0 AND m.proposal = 0"
SUMM="SELECT site_id, acquired, image_id, mark_id, class_id, status, kind,
  blind, cx, cy, w, h, angle, name, track, count FROM sighting"

# same WHEN: the summary is the marks, and every count reads the same
# both ways.
same() {
	diff=$(sqlite3 "$DB" "SELECT count(*) FROM ($PROJ EXCEPT $SUMM);
	    SELECT count(*) FROM ($SUMM EXCEPT $PROJ);" | tr '\n' ' ')
	eq "summary is the marks after $1" "$diff" "0 0 "
	for c in "report --format json" "report --status approved --format json" \
	    "report --period week --format csv" "calls --format csv" \
	    "stacks --format csv"; do
		# shellcheck disable=SC2086
		"$QM" -d "$DB" $c > "$T/summ.out" 2>&1
		# shellcheck disable=SC2086
		QUAYMARK_COUNT_FROM=marks "$QM" -d "$DB" $c > "$T/marks.out" 2>&1
		cmp -s "$T/summ.out" "$T/marks.out" ||
			fail "$c after $1: the summary and the marks differ"
		CHECKS=$((CHECKS + 1))
	done
}

run "$QM" -d "$DB" import "$D/truth.csv"
ok "import truth"
n=$(sqlite3 "$DB" "SELECT count(*) FROM sighting")
[ "$n" -gt 100 ] || fail "import: only $n sightings"
same "import"

# verdicts, so that there are observations to count
tail -n +2 "$D/quality.csv" | while IFS=, read -r file date q; do
	id=$("$QM" -d "$DB" images --format csv | grep ",$D/$file," | cut -d, -f1)
	[ -n "$id" ] && "$QM" -d "$DB" quality "$id" "$q"
done
same "quality"

img=$("$QM" -d "$DB" images --format csv | sed -n 30p | cut -d, -f1)
run "$QM" -d "$DB" mark add --image "$img" --class ship --at 100,120 --name "Summary Test"
ok "mark add"
mid=$OUT
same "mark add"
eq "the new mark is summarised" "$(sqlite3 "$DB" \
    "SELECT name FROM sighting WHERE mark_id = $mid")" "Summary Test"

run "$QM" -d "$DB" mark set "$mid" at=110,130 name=Moved
ok "mark set (move, rename)"
same "mark set"
eq "the move is summarised" "$(sqlite3 "$DB" \
    "SELECT cx || ',' || name FROM sighting WHERE mark_id = $mid")" "110.0,Moved"

some=$(sqlite3 "$DB" "SELECT id FROM mark WHERE deleted = 0 AND \
    status = 'approved' ORDER BY id LIMIT 5")
pending=$(sqlite3 "$DB" "SELECT count(*) FROM sighting WHERE status = 'p'")
# shellcheck disable=SC2086
run "$QM" -d "$DB" unreview $some
ok "unreview"
same "unreview"
eq "unreviews are summarised" "$(sqlite3 "$DB" "SELECT count(*) FROM sighting \
    WHERE status = 'p'")" "$((pending + 5))"
# shellcheck disable=SC2086
run "$QM" -d "$DB" approve $some
ok "approve"
same "approve"
eq "approvals are summarised" "$(sqlite3 "$DB" "SELECT count(*) FROM sighting \
    WHERE status = 'p'")" "$pending"
first=$(echo "$some" | head -1)
run "$QM" -d "$DB" reject --reason "not a ship" "$first"
ok "reject"
same "reject"
run "$QM" -d "$DB" unreview "$first"
ok "unreview a rejection"
same "unreviewing a rejection"

run "$QM" -d "$DB" mark rm "$mid"
ok "mark rm"
same "mark rm"
eq "a deleted mark leaves the summary" "$(sqlite3 "$DB" \
    "SELECT count(*) FROM sighting WHERE mark_id = $mid")" 0

# an image's time moves its sightings (as a re-catalogue would)
sqlite3 "$DB" "UPDATE image SET acquired = '2024-12-31T23:00:00Z' WHERE id = $img"
same "an image's new time"

q=$("$QM" -d "$DB" quay list --format csv | sed -n 2p | cut -d, -f1)
run "$QM" -d "$DB" quay set --site "$SITE" --polygon "100 100, 900 100, 900 700, 100 700" "$q"
ok "quay set"
same "quay set"

# An upgrade from schema 5 fills the summary from the marks it has.
sqlite3 "$DB" "DROP TRIGGER sighting_mark_insert; DROP TRIGGER sighting_mark_update;
    DROP TRIGGER sighting_mark_delete; DROP TRIGGER sighting_image_update;
    DROP TRIGGER sighting_image_delete; DROP TABLE sighting;
    PRAGMA user_version = 5"
run "$QM" -d "$DB" report
ok "report after the upgrade"
eq "schema after the upgrade" "$(sqlite3 "$DB" "PRAGMA user_version")" 6
same "the upgrade from schema 5"

finish
