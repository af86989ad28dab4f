#!/bin/sh
# The supervisor's review queue (quaymark review), replayed headless:
# approve, reject with a preset reason, skip, approve a whole image,
# filters by analyst, class and dates, comments seen and resolved by the
# analyst in the TUI, and the history view.
. "$(dirname "$0")/../lib.sh"

accounts qmana1 qmana2 || finish
DB="$SHARE/q.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
chmod 666 "$DB"
"$QM" -d "$DB" user add qmana1 qmana2 --role analyst
img() { "$QM" -d "$DB" images --format csv | sed -n "$(($1 + 1))p" | cut -d, -f1; }
I1=$(img 1) I2=$(img 2) I3=$(img 3)
M1=$(as qmana1 -d "$DB" mark add --image "$I1" --class ship --box 100,80,140,95 --name Angara)
M2=$(as qmana1 -d "$DB" mark add --image "$I1" --class container_stack --box 200,80,220,95 --count 7)
M3=$(as qmana1 -d "$DB" mark add --image "$I2" --class ship --at 60,60)
M4=$(as qmana2 -d "$DB" mark add --image "$I2" --class ship --at 90,90)
M5=$(as qmana2 -d "$DB" mark add --image "$I3" --class container_stack --at 70,70)
M6=$(as qmana2 -d "$DB" mark add --image "$I3" --class container_stack --at 75,75)
status_of() { "$QM" -d "$DB" marks --status all --format csv | awk -F, -v n="$1" 'NR > 1 && ++i == n { print $18 }'; }

play() {	# play KEYS [REVIEW OPTIONS...]: as root, the first supervisor
	printf '%s' "$1" > "$T/keys"
	shift
	run "$QM" -d "$DB" review --keys "$T/keys" --exit-after --size 120x40 "$@"
}

play ''
ok "review opens"
has "the queue starts at the first" "$OUT" "review 1/6: ship by qmana1"
play 'A'
has "approve moves on" "$OUT" "review 2/6"
eq "first approved" "$(status_of 1)" "approved"
play 'X<Tab><Tab><Enter>'
has "reject with a preset reason" "$OUT" "review 2/5"
run "$QM" -d "$DB" marks --status rejected --format csv
has "the preset reason stored" "$OUT" ",container_stack,"
has "reason text" "$OUT" "wrong position"
play 'X<Enter>'
has "a reason is required" "$OUT" "a rejection needs a reason"
play 'n'
has "skip" "$OUT" "review 2/4"
play '' --analyst qmana2
has "one analyst's queue" "$OUT" "review 1/3: ship by qmana2"
play '' --class container_stack
has "one class" "$OUT" "review 1/2: container_stack by qmana2"
play 'W' --class container_stack
has "approve the image" "$OUT" "approved 2"
eq "both stacks approved" "$("$QM" -d "$DB" marks --status approved --format csv | grep -c container_stack)" 2
# regression: approve_image_ignores_analyst_filter: W in one analyst's
# queue approves only that analyst's marks, and says so
play 'W' --analyst qmana2
has "W counts what it approved" "$OUT" "approved 1 mark(s) of this image, those the queue shows; 1 pending outside it left"
eq "the other analyst's mark stays pending" "$(status_of 3)" "pending"
eq "the queue's mark is approved" "$(status_of 4)" "approved"
play '' --from 2031-01-01
has "an empty queue" "$OUT" "review: nothing pending"
play '' --from nonsense
nok "a bad date" 1
one_line "bad date message" "$ERR"
# comments: the supervisor writes one in the queue (on the mark shown,
# on the second image), the analyst sees it there
play 'C'"missed a ship here"'<Enter>'
has "comment saved" "$OUT" "comment"
printf 'g]' > "$T/keys"
run_as qmana1 -d "$DB" tui --keys "$T/keys" --size 120x40
ok "the analyst's TUI"
has "open comment in the panel" "$OUT" "missed a ship here"
CID=$("$QM" -d "$DB" comment list --format csv | sed -n 2p | cut -d, -f1)
printf ':resolve %s<Enter>' "$CID" > "$T/keys"
run_as qmana1 -d "$DB" tui --keys "$T/keys" --size 120x40
ok "resolve in the TUI"
run "$QM" -d "$DB" comment list --format csv
eq "no open comments" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 0
# the history view of the image
printf 'gI' > "$T/keys"
run "$QM" -d "$DB" tui --keys "$T/keys" --size 120x40
has "history view" "$OUT" "History of"
has "history shows the approval" "$OUT" "approve"
# regression: history_cuts_reason: long lines are cut to the screen, and w
# shows them whole
LONG="wrong name: the hull number on the bow reads Angara-2, not Angara; the stern is cut by the image edge END-OF-REASON"
"$QM" -d "$DB" reject --reason "$LONG" "$M1"
printf 'gI' > "$T/keys"
run "$QM" -d "$DB" tui --keys "$T/keys" --size 120x40
hasnt "a long reason is cut to the screen" "$OUT" "END-OF-REASON"
printf 'gIw' > "$T/keys"
run "$QM" -d "$DB" tui --keys "$T/keys" --size 120x40
has "w shows it whole" "$OUT" "END-OF-REASON"
# regression: blind_verdict_last_wins, in the TUI: an analyst's F1 on a
# blind image is their own verdict; the other analyst and the image's
# settled verdict do not change
"$QM" -d "$DB" assign --analysts qmana1,qmana2 --blind "$I3"
D3=$("$QM" -d "$DB" images --format csv | grep "^$I3," | cut -d, -f4 | cut -c1-10)
printf ':goto %s<Enter><F3>' "$D3" > "$T/keys"
run_as qmana2 -d "$DB" tui --keys "$T/keys" --size 120x40
ok "analyst 2 says cloudy in the TUI"
printf ':goto %s<Enter><F1>' "$D3" > "$T/keys"
run_as qmana1 -d "$DB" tui --keys "$T/keys" --size 120x40
ok "analyst 1 says clear in the TUI"
run_as qmana2 -d "$DB" images --format csv
has "analyst 2 keeps their verdict" "$(printf '%s\n' "$OUT" | grep "^$I3,")" ",cloudy,"
run "$QM" -d "$DB" images --format csv
has "the image is not settled by the last" "$(printf '%s\n' "$OUT" | grep "^$I3,")" ",unreviewed,"
printf ':goto %s<Enter>' "$D3" > "$T/keys"
run_as qmana2 -d "$DB" tui --keys "$T/keys" --size 120x40
has "the TUI shows analyst 2 their own" "$OUT" "cloudy"
hasnt "and not the other's" "$OUT" "clear"
# analysts cannot open the queue
run_as qmana1 -d "$DB" review --keys "$T/keys"
nok "analysts do not review" 1
has "says so" "$ERR" "only supervisors review"
[ -n "$M1$M2$M3$M4$M5$M6" ] || fail "marks made"
finish
