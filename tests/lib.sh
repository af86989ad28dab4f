# lib.sh: helpers for quaymark's command-line and terminal tests.
# A test script sources this, calls its checks, and ends with `finish`.
# Environment from run.sh: QM (the binary), BUILD, TMPROOT, SHARED.

set -u
: "${QM:?QM must name the quaymark binary}"
T=$(mktemp -d "${TMPROOT:-/tmp}/qmtest.XXXXXX")
export QUAYMARK_CACHE="$T/cache"
export XDG_CONFIG_HOME="$T/config"
export QUAYMARK_CHECK_REDRAW=1	# a stale part of a frame aborts the TUI
export HOME="$T/home"
mkdir -p "$HOME"
unset QUAYMARK_DB NO_COLOR COLORTERM
export LC_ALL=C.UTF-8
FAILS=0
CHECKS=0
NAME=$(basename "$0" .sh)
# Skips are written to a file, not counted in a variable: shared_data and
# friends run in $(...) subshells. run.sh reads them through QM_SKIPLOG.
SKIPFILE="$T/skips"
: > "$SKIPFILE"

fail() {
	echo "FAIL [$NAME] $*" >&2
	FAILS=$((FAILS + 1))
}

# run CMD...: runs it, keeping $OUT, $ERR and $RC.
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
	return 0
}

ok() {		# ok DESCRIPTION: the last `run` exited 0
	CHECKS=$((CHECKS + 1))
	[ "$RC" -eq 0 ] || fail "$1: exit $RC; stderr: $(echo "$ERR" | head -3)"
}

# skip REASON: a check (or the rest of a suite) not made here, and why.
# Counted apart from passes; in CI (CI=true) run.sh fails on any.
skip() {
	echo "SKIP [$NAME] $*" >&2
	printf '%s\n' "$*" >> "$SKIPFILE"
}

# crashed: did the last `run` die of a signal or a sanitizer report?
# A refusal is an exit status from quaymark itself, never one of these.
crashed() {
	[ "$RC" -ge 128 ] && return 0
	case "$ERR" in
	*"Sanitizer"* | *"runtime error:"* | *"Segmentation fault"*) return 0 ;;
	esac
	return 1
}

nok() {		# nok DESCRIPTION [STATUS]: the last `run` failed (with STATUS)
	CHECKS=$((CHECKS + 1))
	if crashed; then
		fail "$1: crashed (exit $RC): $(echo "$ERR" | grep -m3 .)"
	elif [ "$RC" -eq 0 ]; then
		fail "$1: succeeded, should have failed"
	elif [ $# -ge 2 ] && [ "$RC" -ne "$2" ]; then
		fail "$1: exit $RC, expected $2"
	fi
}

eq() {		# eq DESCRIPTION GOT WANT
	CHECKS=$((CHECKS + 1))
	[ "$2" = "$3" ] || fail "$1: got [$2], want [$3]"
}

has() {		# has DESCRIPTION HAYSTACK NEEDLE
	CHECKS=$((CHECKS + 1))
	case "$2" in
	*"$3"*) ;;
	*) fail "$1: [$3] not in [$(echo "$2" | head -5)]" ;;
	esac
}

hasnt() {	# hasnt DESCRIPTION HAYSTACK NEEDLE
	CHECKS=$((CHECKS + 1))
	case "$2" in
	*"$3"*) fail "$1: [$3] should not be in output" ;;
	esac
}

one_line() {	# one_line DESCRIPTION TEXT: an error is one line
	CHECKS=$((CHECKS + 1))
	[ "$(printf '%s\n' "$2" | grep -c .)" -eq 1 ] ||
		fail "$1: expected one line, got: $2"
}

# A small demo port shared by all tests of one build (made once).
demo_dir() {
	d="$BUILD/testdata/demo-s0.25"
	if [ ! -f "$d/truth.csv" ]; then
		mkdir -p "$BUILD/testdata"
		"$QM" demo --generate "$d.tmp" --scale 0.25 --seed 7 >/dev/null &&
			rm -rf "$d" && mv "$d.tmp" "$d"
	fi
	echo "$d"
}

# A database with the small demo catalogued and its quays, no marks.
demo_db() {
	db=$(mktemp -u "$T/demo.XXXXXX").db
	d=$(demo_dir)
	"$QM" -d "$db" ingest --site "Rajin (demo)" "$d" >/dev/null
	tail -n +2 "$d/quays.csv" | while IFS= read -r line; do
		name=$(printf '%s' "$line" | sed 's/^"\{0,1\}\([^",]*\)"\{0,1\},.*/\1/')
		poly=$(printf '%s' "$line" | sed 's/^[^,]*,//; s/"//g')
		"$QM" -d "$db" quay add --site "Rajin (demo)" --polygon "$poly" \
		    "$name" >/dev/null
	done
	echo "$db"
}

shared_data() {	# shared_data SUBDIR: the path, or "" with a skip message
	if [ -d "$SHARED/$1" ]; then
		echo "$SHARED/$1"
	else
		skip "$SHARED/$1 absent (the shared test data beside the checkout)"
		echo ""
	fi
}

# Other analysts are other operating-system accounts (quaymark never takes
# a user name from the environment). accounts NAME...: make them when
# root; returns 1 (after a SKIP line) when that cannot be done here. Then
# `as NAME quaymark-args...` runs a copy of the binary as NAME, on files
# in $SHARE, a world-writable folder (the shared server's set-up).
accounts() {
	if [ "$(id -u)" -ne 0 ] || ! command -v runuser >/dev/null; then
		skip "needs root (and runuser) to make test accounts"
		return 1
	fi
	for a in "$@"; do
		id -u "$a" >/dev/null 2>&1 ||
			useradd -M -N -s /usr/sbin/nologin "$a" 2>/dev/null ||
			{ skip "useradd $a failed"; return 1; }
	done
	chmod 755 "$T"
	SHARE="$T/share"
	mkdir -p "$SHARE" "$T/bin"
	chmod 1777 "$SHARE"
	cp "$QM" "$T/bin/quaymark"
	chmod 755 "$T/bin" "$T/bin/quaymark"
	return 0
}
as() {
	_who=$1
	shift
	(cd "$SHARE" && runuser -u "$_who" -- env HOME="$SHARE" \
	    QUAYMARK_CACHE="$SHARE/cache" XDG_CONFIG_HOME="$SHARE/config-$_who" \
	    LSAN_OPTIONS="detect_leaks=0" "$T/bin/quaymark" "$@")
}
# run_as NAME ARGS...: `run`, as NAME.
run_as() {
	_who=$1
	shift
	as "$_who" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
	return 0
}

# finish: the suite's verdict. Skips are reported beside the passes (and
# passed on to run.sh), never silently folded into them.
finish() {
	_skips=$(grep -c . "$SKIPFILE" 2>/dev/null)
	[ -n "${QM_SKIPLOG:-}" ] && [ -f "$SKIPFILE" ] &&
	    sed "s/^/$NAME: /" "$SKIPFILE" >> "$QM_SKIPLOG"
	lib_cleanup
	if [ "$FAILS" -gt 0 ]; then
		echo "$NAME: $FAILS of $CHECKS checks failed, ${_skips:-0} skipped"
		exit 1
	fi
	if [ "${_skips:-0}" -gt 0 ]; then
		echo "$NAME: $CHECKS checks passed, $_skips skipped"
	else
		echo "$NAME: $CHECKS checks passed"
	fi
	exit 0
}

# Terminal tests: the real binary inside tmux, driven as a person would.
TMUX_SOCK="$T/tmux.sock"
tm() { tmux -S "$TMUX_SOCK" "$@"; }
# However a script ends (finish, a failed command, ^C, timeout's SIGTERM,
# a dropped link), its tmux server, the TUI inside it and $T go with it:
# a TUI left behind costs a core for hours. A script that sets a trap of
# its own calls lib_cleanup from it.
lib_cleanup() {
	[ -S "$TMUX_SOCK" ] && tmux -S "$TMUX_SOCK" kill-server 2>/dev/null
	# QUAYMARK_TEST_DB=pg's cluster, for scripts with traps of their own
	command -v pg_stop >/dev/null 2>&1 && pg_stop
	rm -rf "$T"
}
trap lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# tm_start COLS ROWS: a session running a plain shell, in $T.
tm_start() {
	tm kill-server 2>/dev/null
	tm new-session -d -s t -x "$1" -y "$2" -c "$T" \
	    "env PS1='qm\$ ' HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' QUAYMARK_CACHE='$QUAYMARK_CACHE' QUAYMARK_CHECK_REDRAW='${QUAYMARK_CHECK_REDRAW:-}' ASAN_OPTIONS='${ASAN_OPTIONS:-}' LSAN_OPTIONS='${LSAN_OPTIONS:-}' UBSAN_OPTIONS='${UBSAN_OPTIONS:-}' LC_ALL=C.UTF-8 TERM=tmux-256color sh"
	tm set-option -t t status off >/dev/null
	tm_wait 'qm$' 50
}
# angara_db: the small demo with the ship Angara marked on image 20 in
# $DB, and the ship class's colour as R,G,B in $SHIP: what the pixel tests
# look for in pictures and screenshots
angara_db() {
	DB=$(demo_db)
	"$QM" -d "$DB" mark add --image 20 --class ship \
	    --rbox 80,104,37,6,0 --name 'Angara' >/dev/null
	SHIP=$("$QM" -d "$DB" class list --format csv |
	    awk -F, '$2 == "ship" { print $3 }' |
	    sed 's/#\(..\)\(..\)\(..\)/0x\1 0x\2 0x\3/' | xargs printf '%d,%d,%d')
}
# xvfb_start: an X server on a free display (Xvfb picks it and writes its
# number), DISPLAY exported; it and the terminal the test starts in it
# (its pid in TPID) are killed on exit (x_cleanup, the EXIT trap); the
# test fails and finishes when it does not start
xvfb_start() {
	TPID=""
	trap x_cleanup EXIT
	Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp >"$T/display" \
	    2>"$T/xvfb.err" &
	XPID=$!
	_i=0
	while [ ! -s "$T/display" ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$T/display" ] ||
		{ fail "Xvfb did not start: $(head -3 "$T/xvfb.err")"; finish; }
	DISPLAY=":$(cat "$T/display")"
	export DISPLAY
}
x_cleanup() {
	[ -n "${TPID:-}" ] && kill "$TPID" 2>/dev/null
	[ -n "${XPID:-}" ] && kill "$XPID" 2>/dev/null
	wait 2>/dev/null
	lib_cleanup
}
# wait_shot MIN: until the screenshot's $PANE (gfxcheck $GC) has MIN ship
# pixels, or at most that many when MIN is 0 (the picture gone); 20 s at
# most; the count in $n
wait_shot() {
	_i=0
	while [ $_i -lt 100 ]; do
		xwd -root -silent > "$T/shot.xwd" 2>/dev/null
		n=$("$GC" xwd "$T/shot.xwd" "$PANE" "$SHIP" 0 0 2>/dev/null |
		    sed 's/.*: \([0-9]*\) pixels.*/\1/')
		if [ "$1" -gt 0 ] && [ "${n:-0}" -ge "$1" ]; then return 0; fi
		if [ "$1" -eq 0 ] && [ "${n:-1}" -eq 0 ]; then return 0; fi
		sleep 0.2
		_i=$((_i + 1))
	done
	return 1
}
# frames: lines (frames) in the TUI's --trace $T/trace so far
frames() { wc -l < "$T/trace" 2>/dev/null | tr -d ' '; }
# cursor_steps: llll typed (the test's typed), and the trace after says
# strips went out over the picture, never the pane again (over 40 kB);
# keys typed together may share a repaint
cursor_steps() {
	_n0=$(frames)
	typed llll
	_i=0
	while [ "$(grep -c 'key=l ' "$T/trace")" -lt 1 ] && [ $_i -lt 100 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	sleep 1
	CHECKS=$((CHECKS + 1))
	_big=$(tail -n +$((_n0 + 1)) "$T/trace" |
	    sed 's/.* bytes=\([0-9]*\).*/\1/' | awk '$1 > 40000' | wc -l)
	[ "$(grep -c 'key=l ' "$T/trace")" -ge 1 ] && [ "$_big" -eq 0 ] ||
	    fail "cursor steps: $(tail -4 "$T/trace")"
}
tm_screen() { tm capture-pane -p -t t; }
tm_keys() { tm send-keys -t t "$@"; }
# tm_wait TEXT [TENTHS]: until the pane shows TEXT (default 10 s).
tm_wait() {
	_i=0
	while [ "$_i" -lt "${2:-100}" ]; do
		tm_screen | grep -qF -- "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
# see DESCRIPTION TEXT [TENTHS]: a check that the pane shows TEXT.
see() {
	CHECKS=$((CHECKS + 1))
	tm_wait "$2" "${3:-100}" ||
		fail "$1: [$2] not on screen:
$(tm_screen | tail -6)"
}
tm_stop() { tm kill-server 2>/dev/null; }
# tm_shell [TENTHS]: until the pane's shell has the terminal again (what
# is typed next goes to it, not to a program still closing).
tm_shell() {
	_i=0
	while [ "$_i" -lt "${1:-100}" ]; do
		[ "$(tm display-message -p -t t '#{pane_current_command}')" = sh ] &&
		    return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# db_target PATH: what quaymark is given for the database PATH: PATH
# itself, or on PostgreSQL the URL the wrapper below turns it into (to
# find the TUI's process by its command line, say).
db_target() {
	if [ "${QUAYMARK_TEST_DB:-}" = pg ]; then
		QM_PG_MAP=$1 "$QM"
	else
		echo "$1"
	fi
}

# QUAYMARK_TEST_DB=pg runs the script on PostgreSQL: a throwaway cluster
# (tests/lib-pg.sh, stopped by its trap whatever happens), and $QM becomes
# a wrapper that turns each database path the script names (-d PATH,
# QUAYMARK_DB, ./quaymark.db) into a database of its own there, made on
# first use. Scripts whose first lines say "engines: sqlite pg" are run
# both ways by run.sh; they look at the database only through quaymark.
if [ "${QUAYMARK_TEST_DB:-}" = pg ]; then
	. "$(dirname "$0")/../lib-pg.sh"
	pg_test_start
	mkdir -p "$T/pgdbs"
	cat > "$T/qm-pg" <<-WRAP
	#!/bin/sh
	# a database path, as the URL of its own database (made once)
	map() {
		case "\$1" in
		postgres*|*=*) echo "\$1"; return ;;
		/*) _p="\$1" ;;
		*) _p="\$PWD/\$1" ;;
		esac
		_n=qm_\$(printf '%s' "\$_p" | md5sum | cut -c1-24)
		if mkdir "$T/pgdbs/\$_n" 2>/dev/null; then
			"$PG_BIN/psql" -X -q -h "$PG_SOCK" -p "$PG_PORT" -U postgres \\
			    -d postgres -c "CREATE DATABASE \$_n OWNER \\"$PG_OWNER\\"" \\
			    >/dev/null && touch "$T/pgdbs/\$_n/made"
		fi
		_i=0
		while [ ! -f "$T/pgdbs/\$_n/made" ] && [ "\$_i" -lt 300 ]; do
			sleep 0.1
			_i=\$((_i + 1))
		done
		echo "postgresql://$PG_OWNER@$(printf '%s' "$PG_SOCK" | sed 's|/|%2F|g'):$PG_PORT/\$_n"
	}
	# QM_PG_MAP=PATH: only say which URL PATH stands for (db_target)
	[ -z "\${QM_PG_MAP:-}" ] || { map "\$QM_PG_MAP"; exit 0; }
	n=\$#
	i=0
	nextd=0
	given=0
	while [ "\$i" -lt "\$n" ]; do
		a=\$1
		shift
		i=\$((i + 1))
		if [ "\$nextd" -eq 1 ]; then
			a=\$(map "\$a")
			nextd=0
		elif [ "\$a" = -d ] || [ "\$a" = --db ]; then
			nextd=1
			given=1
		fi
		set -- "\$@" "\$a"
	done
	[ "\$given" -eq 1 ] || QUAYMARK_DB=\$(map "\${QUAYMARK_DB:-quaymark.db}")
	export QUAYMARK_DB
	exec "$QM" "\$@"
	WRAP
	chmod 755 "$T/qm-pg"
	QM="$T/qm-pg"
fi
