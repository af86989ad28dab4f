#!/bin/sh
# What the command line says when it refuses: one line (or a usage) that
# ends in a newline, and exit 2 for every bad command line, --status too
# (it exited 1, unlike every other bad option). `help quay` and a bare
# `quay` list the quay commands instead of "no command".
. "$(dirname "$0")/../lib.sh"

DB="$T/m.db"
D=$(demo_dir)
"$QM" -d "$DB" ingest --site "Rajin (demo)" "$D" >/dev/null 2>&1 ||
	fail "ingest"

# ends_nl DESCRIPTION FILE: the file is not empty and ends in a newline
ends_nl() {
	CHECKS=$((CHECKS + 1))
	[ -s "$2" ] || { fail "$1: nothing said"; return; }
	[ "$(tail -c 1 "$2" | od -An -c | tr -d ' ')" = '\n' ] ||
		fail "$1: does not end with a newline: $(tail -c 40 "$2")"
}

# A site without quays: the counting commands say so, each on its line.
for c in report calls stacks; do
	run "$QM" -d "$DB" $c
	nok "$c without quays" 1
	has "$c without quays: why" "$ERR" "the site has no quays to count at"
	one_line "$c without quays: one line" "$ERR"
	ends_nl "$c without quays: newline" "$T/err"
done

# regression: a bad --status exited 1 where every bad option exits 2
for c in marks images report calls stacks; do
	run "$QM" -d "$DB" $c --status bogus
	nok "$c --status bogus" 2
	has "$c --status bogus: why" "$ERR" '--status: "bogus" is not'
	ends_nl "$c --status bogus: newline" "$T/err"
done
run "$QM" -d "$DB" export --format csv --status bogus "$T/x.csv"
nok "export --status bogus" 2
[ ! -e "$T/x.csv" ] || fail "export wrote a file despite a bad --status"
CHECKS=$((CHECKS + 1))
run "$QM" -d "$DB" marks --status rejected
ok "--status rejected is still good"

# regression: `help quay` said "no command" (quay is only a first word)
run "$QM" help quay
ok "help quay"
has "help quay: quay add" "$OUT" "usage: quaymark quay add"
has "help quay: quay list" "$OUT" "usage: quaymark quay list"
ends_nl "help quay: newline" "$T/out"
run "$QM" quay
nok "bare quay" 2
has "bare quay: which" "$ERR" "usage: quaymark quay add"
ends_nl "bare quay: newline" "$T/err"
run "$QM" quay frobnicate
nok "quay frobnicate" 2
has "quay frobnicate: named" "$ERR" '"frobnicate"'
run "$QM" quay --help
ok "quay --help"
has "quay --help" "$OUT" "usage: quaymark quay list"
run "$QM" help nosuchthing
nok "help of nothing" 2
one_line "help of nothing: one line" "$ERR"
ends_nl "help of nothing: newline" "$T/err"
run "$QM" nosuchthing
nok "unknown command" 2
ends_nl "unknown command: newline" "$T/err"

finish
