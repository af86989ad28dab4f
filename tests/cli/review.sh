#!/bin/sh
# Supervisors and analysts as real accounts on one database file: roles
# and policy, review (approve, reject with a reason, edits back to
# pending, corrections), accepted images, comments, history, the audit
# chain (and tampering with it), working time, blind assignments.
. "$(dirname "$0")/../lib.sh"

accounts qmsup qmana1 qmana2 qmnobody || finish
DB="$SHARE/r.db"
# root makes the database: its first supervisor
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
chmod 666 "$DB"
IMG1=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
IMG2=$("$QM" -d "$DB" images --format csv | sed -n 3p | cut -d, -f1)
IMG3=$("$QM" -d "$DB" images --format csv | sed -n 4p | cut -d, -f1)

# Roles and policy
run "$QM" -d "$DB" user list
has "creator is supervisor" "$OUT" "root  supervisor"
has "new databases are closed" "$OUT" "policy: closed"
run "$QM" -d "$DB" user add qmsup --role supervisor
ok "add a supervisor"
run "$QM" -d "$DB" user add qmana1 qmana2 --role analyst
ok "add analysts"
run "$QM" -d "$DB" user add qmana1
nok "role missing" 2
run "$QM" -d "$DB" user add --role boss qmana1
nok "unknown role" 2
run_as qmana1 -d "$DB" user add qmnobody --role analyst
nok "analysts do not manage users" 1
one_line "refusal is one line" "$ERR"
has "says who may" "$ERR" "only supervisors may manage users (qmana1 is analyst)"
run_as qmnobody -d "$DB" marks
ok "an unknown account may view"
run_as qmnobody -d "$DB" mark add --image "$IMG1" --class ship --at 5,5
nok "but not write" 1
one_line "view-only refusal is one line" "$ERR"
has "view-only says how" "$ERR" "quaymark user add qmnobody --role analyst"
run_as qmsup -d "$DB" user policy open
ok "supervisor opens the policy"
run_as qmnobody -d "$DB" mark add --image "$IMG1" --class ship --at 5,5
ok "open policy: anyone who can write the file may mark"
run_as qmnobody -d "$DB" approve 1
nok "but not review" 1
run "$QM" -d "$DB" user policy closed
ok "closed again"
run "$QM" -d "$DB" user policy
eq "policy shown" "$OUT" "closed"
run "$QM" -d "$DB" mark rm 1
run "$QM" -d "$DB" user rm qmsup
ok "remove a supervisor"
run "$QM" -d "$DB" user rm root
nok "not the last supervisor" 1
has "last supervisor" "$ERR" "root is the last supervisor"
run "$QM" -d "$DB" user add qmsup --role supervisor
run "$QM" -d "$DB" user list --format csv
nok "user list has no --format" 2

# Review
A1=$(as qmana1 -d "$DB" mark add --image "$IMG1" --class ship --rbox 100,90,40,10,5 --name Angara)
A2=$(as qmana1 -d "$DB" mark add --image "$IMG1" --class container_stack --box 200,80,220,95 --count 12)
[ -n "$A1" ] && [ -n "$A2" ] || fail "analyst's marks"
run_as qmana1 -d "$DB" approve "$A1"
nok "analysts do not approve" 1
has "approve refusal" "$ERR" "only supervisors may review marks"
run_as qmsup -d "$DB" approve "$A1"
ok "supervisor approves"
run_as qmsup -d "$DB" reject "$A2"
nok "a rejection needs a reason" 2
run_as qmsup -d "$DB" reject --reason "wrong name/count" "$A2"
ok "rejected with a reason"
run "$QM" -d "$DB" marks --status all --format csv
has "approved status" "$OUT" ",Angara,,,,,Arms quay,qmana1,approved,"
has "rejected with its reason" "$OUT" ",qmana1,rejected,wrong name/count"
run_as qmana1 -d "$DB" mark set "$A1" name=Angara-2
ok "the analyst edits the approved mark"
run "$QM" -d "$DB" marks --format csv
has "edited: pending again" "$OUT" ",Angara-2,,,,,Arms quay,qmana1,pending,"
run_as qmsup -d "$DB" mark set "$A1" name=Angara
ok "the supervisor corrects it"
run "$QM" -d "$DB" history --mark "$A1" --format csv
has "correction is the supervisor's" "$(echo "$OUT" | tail -1)" ",qmsup,update,mark,"
has "with the change" "$(echo "$OUT" | tail -1)" "name: Angara-2 -> Angara"
run_as qmsup -d "$DB" approve 99999
nok "approve an unknown mark" 1
has "names the mark" "$ERR" "mark 99999"
run_as qmsup -d "$DB" approve "$A1" 99998
nok "a bulk approval with one bad id" 1
has "says how many it acted on" "$ERR" "approve: 1 of 2 mark(s) approved"
run_as qmsup -d "$DB" unreview "$A2"
ok "back to pending"

# Accepted images lock out analysts
run_as qmana1 -d "$DB" accept "$IMG1"
nok "analysts do not accept" 1
run_as qmsup -d "$DB" accept "$IMG1"
ok "accept"
run_as qmana1 -d "$DB" mark set "$A1" name=Lady_R
nok "accepted: the analyst cannot edit" 1
has "locked message" "$ERR" "accepted by a supervisor and locked"
run_as qmana1 -d "$DB" mark add --image "$IMG1" --class ship --at 50,50
nok "nor add" 1
run_as qmana1 -d "$DB" quality "$IMG1" cloudy
nok "nor change the verdict" 1
has "a bulk verdict says how many it set" "$ERR" "quality: 0 of 1 image(s) set to cloudy"
run_as qmsup -d "$DB" mark set "$A1" note=checked
ok "a supervisor still can"
run_as qmsup -d "$DB" reopen "$IMG1"
ok "reopen"
run_as qmana1 -d "$DB" mark set "$A1" note=again
ok "reopened: the analyst edits again"

# Comments
C=$(as qmsup -d "$DB" comment add --image "$IMG1" "missed a ship here")
[ -n "$C" ] || fail "comment id"
run_as qmsup -d "$DB" comment add --mark "$A2" "count again"
ok "comment on a mark"
run_as qmana1 -d "$DB" comment list --image "$IMG1"
has "the analyst sees it" "$OUT" "missed a ship here"
run_as qmana1 -d "$DB" comment resolve "$C"
ok "the analyst resolves it"
run_as qmana1 -d "$DB" comment resolve "$C"
nok "resolved twice" 1
run "$QM" -d "$DB" comment list --format json
hasnt "resolved ones hidden" "$OUT" "missed a ship here"
run "$QM" -d "$DB" comment list --all --format json
has "--all shows them" "$OUT" "\"resolved_by\": \"qmana1\""
run "$QM" -d "$DB" comment add "no target"
nok "a comment needs a target" 2

# History and working time
run "$QM" -d "$DB" history --user qmana1 --format csv
has "history by user" "$OUT" ",qmana1,create,mark,$A1,"
run "$QM" -d "$DB" history --image "$IMG1"
has "history of an image" "$OUT" "accept"
has "and its marks" "$OUT" "reject"
run "$QM" -d "$DB" history --format json --mark "$A2"
has "json history has before/after" "$OUT" "\"before\": {"
# regression: history_numbers_and_reasons: numbers as typed, text whole
A3=$(as qmana1 -d "$DB" mark add --image "$IMG1" --class ship --rbox 100,90,40,10,-0.8)
LONG="wrong name: the bow reads Angara-2 $(printf 'x%.0s' $(seq 1 450)) END-OF-REASON"
run_as qmsup -d "$DB" reject --reason "$LONG" "$A3"
run "$QM" -d "$DB" history --mark "$A3" --format csv
has "angle as typed" "$OUT" "angle=-0.8;"
has "a whole number without .0" "$OUT" "cx=100;"
hasnt "no binary noise" "$OUT" "0.80000000000000004"
has "the reason whole in CSV" "$OUT" "$LONG"
run "$QM" -d "$DB" history --mark "$A3" --format json
has "angle as typed in JSON" "$OUT" '"angle": -0.8,'
hasnt "no binary noise in JSON" "$OUT" "0.80000000000000004"
has "the reason whole in JSON" "$OUT" "END-OF-REASON"
run "$QM" -d "$DB" history
nok "history needs a target" 2
run "$QM" -d "$DB" audit stats --format csv
has "stats per user and day" "$OUT" "qmana1,$(date -u +%Y-%m-%d),"
has "stats header" "$OUT" "user,day,first,last,changes,active_minutes"

# The audit chain: intact, then edited around quaymark
run "$QM" -d "$DB" audit verify
ok "chain verifies"
HEAD=$(printf '%s\n' "$OUT" | sed 's/.*head //')
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_update; UPDATE audit SET user = 'mallory' WHERE id = 5;"
run "$QM" -d "$T/tamper.db" audit verify
nok "an edited row is found" 1
one_line "broken chain: one line" "$ERR"
has "names the row" "$ERR" "audit row 5 does not match its hash"
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 7;"
run "$QM" -d "$T/tamper.db" audit verify
nok "a deleted row is found" 1
has "missing row" "$ERR" "audit row 7 is missing"
cp "$DB" "$T/tamper.db"
last=${HEAD%%:*}
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= $((last - 1));"
run "$QM" -d "$T/tamper.db" audit verify
ok "a cut tail still chains..."
run "$QM" -d "$T/tamper.db" audit verify --head "$HEAD"
nok "...but not past a recorded head" 1
has "cut named" "$ERR" "audit chain cut"
run "$QM" -d "$DB" audit verify --head "$HEAD"
ok "the real database has its head"
run "$QM" -d "$DB" audit verify --head nonsense
nok "bad --head" 2
sqlite3 "$DB" "UPDATE audit SET user = 'x' WHERE id = 3" 2>"$T/sqlerr"
has "the trigger stops plain edits" "$(cat "$T/sqlerr")" "append-only"

# Blind assignments
run_as qmana1 -d "$DB" assign --analysts qmana1,qmana2 --blind "$IMG2"
nok "analysts do not assign" 1
run_as qmsup -d "$DB" assign --analysts qmana1,qmana2 --blind "$IMG2" "$IMG3"
ok "assign blind"
run_as qmsup -d "$DB" assign --analysts nosuchuser "$IMG2"
nok "assign to an unknown user" 1
run "$QM" -d "$DB" assignments --format csv
eq "four assignments" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 4
has "blind listed" "$OUT" ",qmana2,yes,"
B1=$(as qmana1 -d "$DB" mark add --image "$IMG2" --class ship --box 100,100,140,120 --name "$(printf 'Lady\033[2JR')")
B2=$(as qmana2 -d "$DB" mark add --image "$IMG2" --class ship --box 102,101,141,121)
run_as qmana2 -d "$DB" marks --image "$IMG2" --format csv
hasnt "blind: the other's mark is hidden" "$OUT" "qmana1"
has "blind: one's own shows" "$OUT" "qmana2"
run_as qmana2 -d "$DB" images --format csv
has "blind: counts hide it too" "$(printf '%s\n' "$OUT" | grep "^$IMG2,")" ",1,"
run_as qmana2 -d "$DB" mark set "$B1" name=Mine
nok "blind: cannot touch the other's mark" 1
run_as qmana2 -d "$DB" history --mark "$B1"
nok "blind: nor read its history" 1
run_as qmsup -d "$DB" marks --image "$IMG2" --format csv
has "the supervisor sees both" "$OUT" "qmana1"
has "the supervisor sees both (2)" "$OUT" "qmana2"
# Blind verdicts, comments and history (regression: blind_verdict_last_wins,
# blind_history_shows_other, blind_comments_shown)
run_as qmana1 -d "$DB" quality "$IMG2" clear
ok "blind: analyst 1's verdict"
run_as qmana2 -d "$DB" quality "$IMG2" cloudy
ok "blind: analyst 2's verdict"
run_as qmana1 -d "$DB" images --format csv
has "blind: analyst 1 sees their own verdict" "$(printf '%s\n' "$OUT" | grep "^$IMG2,")" ",clear,"
run_as qmana2 -d "$DB" images --format csv
has "blind: analyst 2 sees theirs" "$(printf '%s\n' "$OUT" | grep "^$IMG2,")" ",cloudy,"
run_as qmsup -d "$DB" images --format csv
has "blind: not settled by the last analyst" "$(printf '%s\n' "$OUT" | grep "^$IMG2,")" ",unreviewed,"
run_as qmsup -d "$DB" assignments --format csv
has "the supervisor sees analyst 1's verdict" "$OUT" ",qmana1,yes,clear,"
has "the supervisor sees analyst 2's verdict" "$OUT" ",qmana2,yes,cloudy,"
run_as qmana2 -d "$DB" assignments --format csv
has "blind: the other's verdict is hidden in assignments" "$(printf '%s\n' "$OUT" | grep "^$IMG2,.*,qmana1,")" ",hidden,"
run_as qmana1 -d "$DB" comment add --image "$IMG2" "haze over the north quay"
ok "blind: analyst 1 comments on the image"
run_as qmsup -d "$DB" comment add --mark "$B1" "box too loose"
ok "the supervisor comments on analyst 1's mark"
run_as qmsup -d "$DB" comment add --image "$IMG2" "for both of you"
run_as qmana2 -d "$DB" comment list --image "$IMG2"
hasnt "blind: the other analyst's comment is hidden" "$OUT" "haze over"
hasnt "blind: comments on the other's marks are hidden" "$OUT" "box too loose"
has "blind: the supervisor's own comment shows" "$OUT" "for both of you"
HC=$("$QM" -d "$DB" comment list --image "$IMG2" --format csv | grep "haze over" | cut -d, -f1)
run_as qmana2 -d "$DB" comment resolve "$HC"
nok "blind: nor can the other analyst resolve it" 1
run_as qmana2 -d "$DB" history --image "$IMG2" --format csv
hasnt "blind: the other's verdict is not in history" "$OUT" "clear"
hasnt "blind: nor their comment" "$OUT" "haze over"
hasnt "blind: nor comments on their mark" "$OUT" "box too loose"
has "blind: one's own verdict is" "$OUT" "cloudy"
run_as qmsup -d "$DB" history --image "$IMG2" --format csv
has "the supervisor's history has both verdicts" "$OUT" "clear"
run_as qmsup -d "$DB" reveal "$IMG2"
ok "reveal"
has "reveal says the verdicts differ" "$ERR" "verdicts differ (qmana1 clear, qmana2 cloudy)"
run_as qmana2 -d "$DB" history --image "$IMG2" --format csv
has "revealed: history shows the other's verdict" "$OUT" "clear"
run_as qmana2 -d "$DB" comment list --image "$IMG2"
has "revealed: comments show" "$OUT" "haze over"
run_as qmsup -d "$DB" quality "$IMG2" cloudy
ok "the supervisor settles the verdict"
run_as qmana1 -d "$DB" images --format csv
has "settled: everyone sees it" "$(printf '%s\n' "$OUT" | grep "^$IMG2,")" ",cloudy,"
run_as qmana2 -d "$DB" marks --image "$IMG2"
has "revealed: shown to the other" "$OUT" "qmana1"
has "escaped in tables" "$OUT" 'Lady\x1b[2JR'
hasnt "no raw escape" "$OUT" "$(printf '\033')"
run_as qmana2 -d "$DB" marks --image "$IMG2" --format json
has "escaped in JSON" "$OUT" 'Lady\u001B[2JR'
run_as qmsup -d "$DB" reveal "$IMG2"
nok "reveal twice" 1
run_as qmsup -d "$DB" unassign --analysts qmana2 "$IMG3"
ok "unassign"
run_as qmsup -d "$DB" reject --reason "$(printf 'bad\033]0;x\007')" "$B2"
run "$QM" -d "$DB" marks --status rejected --format csv
has "CSV to a file keeps the bytes (the round trip is exact)" "$OUT" \
    "$(printf 'bad\033]0;x\007')"
run "$QM" -d "$DB" history --mark "$B2"
hasnt "reasons: no raw escape in history" "$OUT" "$(printf '\033')"
has "reason shown escaped" "$OUT" 'bad\x1b]0;'
run "$QM" -d "$DB" marks --status rejected --format json
has "reason escaped in JSON" "$OUT" 'bad\u001B]0;x\u0007'
[ -n "$B1$B2" ] || fail "blind marks"
finish
