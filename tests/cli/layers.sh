#!/bin/sh
# The house's walls, read from the #include lines: which room may use
# which (README, "The house"), and which library sits behind which wall.
# A new include that crosses a wall fails here; so does an entry in the
# list of known crossings that no longer crosses (the list only shrinks).
. "$(dirname "$0")/../lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

# room: the rooms its files may include (besides its own).
may() {
	case $1 in
	util)	echo "" ;;
	store)	echo "util" ;;
	render)	echo "util" ;;
	geo)	echo "store render util" ;;
	imagery) echo "geo store render util" ;;
	count)	echo "geo store render util" ;;
	detect)	echo "imagery geo store render util" ;;
	export)	echo "geo store render util" ;;
	demo)	echo "export geo store render util" ;;
	tui)	echo "count detect export imagery geo store render util" ;;
	cmd)	echo "tui demo count detect export imagery geo store render util" ;;
	*)	echo "-" ;;
	esac
}

# Library headers and the only rooms (or files) that may include them.
# Each database engine's library stays in its engine's file (store/db.h).
wall() {
	case $1 in
	sqlite3.h)			echo "store/db-sqlite.c" ;;
	curses.h|ncurses.h|ncursesw/*|term.h) echo "tui" ;;
	gdal*.h|cpl_*.h|ogr_*.h|ogr*.h)	echo "render" ;;
	png.h)				echo "render" ;;
	cairo*.h|cairo/*)		echo "render" ;;
	libpq-fe.h|postgresql/*)	echo "store/db-pg.c store/db-pg-copy.c store/db-pg-int.h" ;;
	*)				echo "*" ;;
	esac
}

# Headers private to their room, and the files outside it that may use one.
private() {
	case $1 in
	render/gdal-api.h)	echo "render" ;;
	store/store-int.h)	echo "store" ;;
	demo/demo-int.h)	echo "demo" ;;
	tui/tui.h)		echo "tui cmd/cmd-tui.c cmd/cmd-help.c" ;;
	*)			echo "*" ;;
	esac
}

# Known crossings, each to be mended (issue 14, point 3); "FILE -> HEADER"
# ("FILE -> <HEADER>" for a library's).
KNOWN="export/ogr.c -> ../render/gdal-api.h"

known() { printf '%s\n' "$KNOWN" | grep -qxF -- "$1"; }

# crossings DIR SEEN: every include under DIR that crosses a wall, one
# line each; known ones go to the file SEEN instead. Prints the number
# of files read on the last line, after "files ".
crossings() {
	n=0
	for room in util store render geo imagery count detect export demo tui cmd; do
		[ -d "$1/$room" ] || continue
		for f in "$1/$room"/*.c "$1/$room"/*.h; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			rel=${f#"$1"/}
			grep -E '^[[:space:]]*#[[:space:]]*include' "$f" |
			    sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*//' |
			    while IFS= read -r inc; do
				crossing "$room" "$rel" "$inc" "$2"
			done
		done
	done
	echo "files $n"
}

# crossing ROOM FILE INCLUDE SEEN: says whether one include crosses.
crossing() {
	case $3 in
	\"*)	h=${3#\"}; h=${h%%\"*}
		case $h in
		../*/*)	to=${h#../}; to=${to%%/*}; hp=${h#../} ;;
		*)	to=$1; hp=$1/$h ;;
		esac
		p=$(private "$hp")
		if [ "$p" != "*" ]; then
			case " $p " in
			*" $1 "*|*" $2 "*) ;;
			*)	known "$2 -> $h" && { echo "$2 -> $h" >> "$4"; return; }
				echo "$2: includes $h, private to $to/"; return ;;
			esac
		fi
		[ "$to" = "$1" ] && return
		case " $(may "$1") " in
		*" $to "*) return ;;
		esac
		known "$2 -> $h" && { echo "$2 -> $h" >> "$4"; return; }
		echo "$2: includes $h: $1/ may not use $to/" ;;
	\<*)	h=${3#<}; h=${h%%>*}
		w=$(wall "$h")
		[ "$w" = "*" ] || [ "$w" = "$1" ] && return
		case " $w " in
		*" $2 "*) return ;;
		esac
		known "$2 -> <$h>" && { echo "$2 -> <$h>" >> "$4"; return; }
		case $w in
		*.[ch]) echo "$2: includes <$h>: only $(echo "$w" |
			    sed 's/ /, /g') may" ;;
		*)	echo "$2: includes <$h>: only $w/ may" ;;
		esac ;;
	esac
}

seen="$T/seen"
: > "$seen"
crossings "$top" "$seen" > "$T/crossings"
files=$(sed -n 's/^files //p' "$T/crossings")
sed -i '/^files /d' "$T/crossings"

CHECKS=$((CHECKS + 1))
[ "$files" -gt 100 ] || fail "read only $files source files"
CHECKS=$((CHECKS + 1))
[ -s "$T/crossings" ] && fail "walls crossed:
$(cat "$T/crossings")"
printf '%s\n' "$KNOWN" | while IFS= read -r k; do
	[ -n "$k" ] || continue
	grep -qxF -- "$k" "$seen" || echo "$k"
done > "$T/mended"
CHECKS=$((CHECKS + 1))
[ -s "$T/mended" ] && fail "no longer crossed, drop from KNOWN:
$(cat "$T/mended")"

# Drawing composes from memory (issue 14, point 1): no function reachable
# from draw_screen or pixels_frame calls store_* (freeing or clearing rows
# aside); the loop loads first (app_load, app_load_frame, report_refresh).
# draw_reads DIR: "FILE: FUNC calls store_X (drawing: ROOT > ... > FUNC)"
# for each such call, read from the function bodies of DIR's rooms.
draw_reads() {
	for room in tui geo imagery count detect export render util; do
		for f in "$1/$room"/*.c; do
			[ -f "$f" ] && printf '%s\n' "$f"
		done
	done > "$T/draw-files"
	[ -s "$T/draw-files" ] || return 0
	# shellcheck disable=SC2046
	awk -v roots="draw_screen pixels_frame" '
FNR == 1 { infn = ""; incomment = 0 }
{
	line = $0
	gsub(/"([^"\\]|\\.)*"/, "\"\"", line)	# strings
	gsub(/\/\*.*\*\//, "", line)
	if (incomment) {
		if (line ~ /\*\//) { sub(/.*\*\//, "", line); incomment = 0 }
		else next
	}
	if (line ~ /\/\*/) { sub(/\/\*.*/, "", line); incomment = 1 }
	if (infn == "" && line ~ /^[a-z_][a-z0-9_]*\(/) {
		infn = line; sub(/\(.*/, "", infn)
		file[infn] = FILENAME
		next
	}
	if (infn != "" && line ~ /^}/) { infn = ""; next }
	if (infn == "") next
	while (match(line, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		c = substr(line, RSTART, RLENGTH)
		sub(/[ \t]*\($/, "", c)
		calls[infn] = calls[infn] " " c
		line = substr(line, RSTART + RLENGTH)
	}
}
END {
	n = split(roots, q, " ")
	for (i = 1; i <= n; i++) { seen[q[i]] = 1; via[q[i]] = q[i] }
	for (i = 1; i <= n; i++) {
		f = q[i]
		m = split(calls[f], cs, " ")
		for (j = 1; j <= m; j++) {
			c = cs[j]
			if (c ~ /^store_/ && c !~ /_(free|clear|init)$/) {
				print file[f] ": " f " calls " c " (drawing: " via[f] ")"
				continue
			}
			if (c in file && !(c in seen)) {
				seen[c] = 1
				via[c] = via[f] " > " c
				q[++n] = c
			}
		}
	}
}
	' $(cat "$T/draw-files")
}
draw_reads "$top" | sed "s|$top/||" > "$T/draw-reads"
CHECKS=$((CHECKS + 1))
[ -s "$T/draw-reads" ] && fail "drawing queries the store (load it in the loop):
$(cat "$T/draw-reads")"

# The same reading finds planted crossings of each kind in a scratch tree.
mkdir -p "$T/plant/store" "$T/plant/count" "$T/plant/util"
printf '#include "../count/count.h"\n#include <curses.h>\n#include <sqlite3.h>\n#include <libpq-fe.h>\n' > "$T/plant/store/x.c"
printf '#include <sqlite3.h>\n#include "db.h"\n' > "$T/plant/store/db-sqlite.c"
printf '#include <libpq-fe.h>\n#include <sqlite3.h>\n' > "$T/plant/store/db-pg.c"
printf '#include "../render/gdal-api.h"\n#include <sqlite3.h>\n' > "$T/plant/count/y.c"
printf '#include "util.h"\n#include <stdio.h>\n' > "$T/plant/util/z.c"
crossings "$T/plant" "$T/plant-seen" > "$T/planted"
eq "planted crossings found" "$(grep -vc '^files ' "$T/planted")" 7
has "names file and header" "$(cat "$T/planted")" \
    "store/x.c: includes ../count/count.h: store/ may not use count/"
has "sqlite3.h only in the SQLite engine" "$(cat "$T/planted")" \
    "store/x.c: includes <sqlite3.h>: only store/db-sqlite.c may"
has "libpq only in the PostgreSQL engine" "$(cat "$T/planted")" \
    "store/x.c: includes <libpq-fe.h>: only store/db-pg.c, store/db-pg-copy.c, store/db-pg-int.h may"
has "no engine reaches for the other's library" "$(cat "$T/planted")" \
    "store/db-pg.c: includes <sqlite3.h>: only store/db-sqlite.c may"
has "names the private header" "$(cat "$T/planted")" \
    "count/y.c: includes ../render/gdal-api.h, private to render/"
# ... and a store query two calls below draw_screen, and none in a loader.
mkdir -p "$T/plant2/tui"
cat > "$T/plant2/tui/draw.c" <<'C'
void
draw_screen(struct app *a, int r)
{
	draw_panel(a);	/* store_not_a_call() in a comment */
	puts("store_mark_get(a string)");
}
static void
draw_panel(struct app *a)
{
	store_marks_free(a->marks, a->nmarks);
	row_of(a);
}
static void
row_of(struct app *a)
{
	store_mark_get(a->st, 1, &m, NULL, 0);
}
int
app_load(struct app *a)
{
	return store_mark_list_image(a->st, 1, &a->marks, &a->nmarks, NULL, 0);
}
C
draw_reads "$T/plant2" | sed "s|$T/plant2/||" > "$T/planted2"
eq "planted drawing query found" "$(cat "$T/planted2")" \
    "tui/draw.c: row_of calls store_mark_get (drawing: draw_screen > draw_panel > row_of)"
finish
