#!/bin/sh
# XML external entities in VOC files: whatever a file declares, nothing of
# the files it names is read into the catalog. The check does not look
# for "root:" (the class-name sanitiser turns ':' into '_'): every stored
# field is dumped, letters and digits kept, and no line of the secret
# file (nor of /etc/passwd), however mangled, may appear in it. A control
# file with the same text written out literally shows where it would land.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null || { skip "no sqlite3 shell to dump the database"; finish; }
DB="$T/x.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMGNAME=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f2 |
    xargs basename)
SECRET="$T/secret.txt"
printf 'Qmsecret7f3a:x:0:0:Zebra Quokka:/nonexistent/zqhome:/bin/zqshell\n' \
    > "$SECRET"

# voc FILE NAME NOTE [PROLOGUE]: a VOC file with one object
voc() {
	cat > "$1" <<XML
<?xml version="1.0"?>
${4:-}
<annotation><filename>$IMGNAME</filename>
<object><name>$2</name>
<bndbox><xmin>10</xmin><ymin>10</ymin><xmax>20</xmax><ymax>20</ymax></bndbox>
<attributes><attribute><name>note</name><value>$3</value></attribute>
<attribute><name>name</name><value>$3</value></attribute></attributes>
</object></annotation>
XML
}
# squash: letters and digits only, lower case (what any sanitiser leaves)
squash() { tr -cd '[:alnum:]\n' | tr '[:upper:]' '[:lower:]'; }
# fragments FILE: its pieces, squashed: each line's "name:x:uid" and
# every field of 5 characters or more, less those already in the clean
# catalog ("cache", an account's name) so that only a leak matches
fragments() {
	{ cut -d: -f1-3 "$1"; tr ':/ ' '\n\n\n' < "$1"; } | squash |
	    grep -E '^.{5,}$' | sort -u | while IFS= read -r _f; do
		grep -q -F -- "$_f" "$T/base" || printf '%s\n' "$_f"
	done
}

cp "$DB" "$T/clean.db"
# The control: the secret's text written out, to see it would be found
voc "$T/control.xml" "Qmsecret7f3a" "Zebra Quokka /nonexistent/zqhome"
run "$QM" -d "$DB" import --format voc --new-classes "$T/control.xml"
ok "control imports"
sqlite3 "$DB" .dump | squash > "$T/dump"
CHECKS=$((CHECKS + 1))
grep -q qmsecret7f3a "$T/dump" && grep -q zebraquokka "$T/dump" ||
	fail "the control's text is not in the dump: the check below sees nothing"
cp "$T/clean.db" "$DB" 2>/dev/null
sqlite3 "$DB" .dump | squash > "$T/base"

n=0
for target in "$SECRET" /etc/passwd; do
	for how in name note dtd param xinclude; do
		n=$((n + 1))
		f="$T/xxe$n.xml"
		case $how in
		name) voc "$f" '&x;' plain "<!DOCTYPE annotation [<!ENTITY x SYSTEM \"file://$target\">]>" ;;
		note) voc "$f" ship '&x;' "<!DOCTYPE annotation [<!ENTITY x SYSTEM \"file://$target\">]>" ;;
		dtd) voc "$f" ship '&x;' "<!DOCTYPE annotation SYSTEM \"file://$target\">" ;;
		param) voc "$f" ship '&x;' "<!DOCTYPE annotation [<!ENTITY % p SYSTEM \"file://$target\"> %p; <!ENTITY x \"y\">]>" ;;
		xinclude) voc "$f" "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$target\" parse=\"text\"/>" plain ;;
		esac
		cp "$T/clean.db" "$DB"
		run "$QM" -d "$DB" import --format voc --new-classes "$f"
		CHECKS=$((CHECKS + 1))
		crashed && fail "$how ($target): import crashed: $ERR"
		sqlite3 "$DB" .dump | squash > "$T/dump"
		printf '%s\n%s\n' "$OUT" "$ERR" | squash >> "$T/dump"
		fragments "$target" | grep -F -f - "$T/dump" > "$T/leak" &&
			fail "$how entity ($target): read into the catalog or a message: $(head -3 "$T/leak" | tr '\n' ' ')"
	done
done
finish
