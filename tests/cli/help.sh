#!/bin/sh
# Every command's --help matches its entry in the man page, and the man
# page is clean under groff's strictest warnings.
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
MAN="$T/man.txt"
groff -mandoc -Tutf8 -P-bcou -rLL=500n "$top/man/quaymark.1" 2>/dev/null |
    sed -n '/^COMMANDS/,/^[A-Z][A-Z ]*$/p' | sed 's/ \.\.\./.../g' > "$MAN"
[ -s "$MAN" ] || fail "man page has no COMMANDS section"
run groff -mandoc -ww -z "$top/man/quaymark.1"
eq "groff lint" "$ERR" ""

cmds=$("$QM" help | tail -n +2 | cut -c3-18 | sed 's/ *$//')
[ -n "$cmds" ] || fail "quaymark help lists no commands"
# The loop reads a here-document, not a pipe: a pipe would run it in a
# subshell, and its `fail`s would never reach the verdict (a usage that
# disagreed with the man page printed FAIL and still passed).
while IFS= read -r c; do
	# shellcheck disable=SC2086
	u=$("$QM" $c --help </dev/null | head -1 | sed 's/^usage: quaymark //; s/ \.\.\./.../g')
	[ -n "$u" ] || { fail "$c --help printed nothing"; continue; }
	grep -qF -- "     $u" "$MAN" ||
		fail "$c: usage [$u] not in the man page's COMMANDS"
	# shellcheck disable=SC2086
	"$QM" $c --help </dev/null >/dev/null || fail "$c --help exit status"
	CHECKS=$((CHECKS + 1))
done <<EOF
$cmds
EOF
[ "$CHECKS" -gt 20 ] || fail "only $CHECKS commands checked"
run "$QM" frobnicate
nok "unknown command" 2
has "unknown command message" "$ERR" "unknown command \"frobnicate\""
run "$QM" marks --bogus
nok "unknown option" 2
has "usage on stderr" "$ERR" "usage: quaymark marks"
run "$QM" --version
ok "version"
finish
