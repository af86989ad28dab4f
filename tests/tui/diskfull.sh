#!/bin/sh
# A full disk: the database on a tiny tmpfs, filled up. Writes fail with
# "disk full" (on stderr; in the TUI's status), nothing stored is lost,
# the TUI keeps running read-only and resumes when space returns.
# Needs root to mount the tmpfs; skipped with a message otherwise.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "needs root to mount a tmpfs"
	finish
fi
mkdir -p "$T/full"
if ! mount -t tmpfs -o size=2m tmpfs "$T/full" 2>/dev/null; then
	skip "cannot mount a tmpfs here (mount -t tmpfs refused)"
	finish
fi
cleanup() { umount "$T/full" 2>/dev/null; lib_cleanup; }
trap cleanup EXIT

DB="$T/full/q.db"
run "$QM" -d "$T/src.db" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
cp "$T/src.db" "$DB"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 40,40 --name Before
ok "a mark before"
N=$(sqlite3 "$DB" "SELECT count(*) FROM mark")

# the analyst is at work (the TUI holds the database open) when the
# disk fills
tm_start 160 48
tm_keys "$QM -d $DB tui" Enter
see "TUI up" "? help  : command  q quit"
dd if=/dev/zero of="$T/full/filler" bs=4k 2>/dev/null
tm_keys 1 Enter
see "the TUI says disk full" "disk full"
tm_keys l l 1
see "then read-only" "read-only until there is space again"
tm_keys Escape
# another process, meanwhile
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 41,41
nok "full: the command line refused" 1
one_line "full: one line" "$ERR"
has "full: says so" "$ERR" "disk full"
rm "$T/full/filler"
see "space again" "there is space again: marking resumes" 30
tm_keys l l 1 Enter
see "marking resumes" "saved"
tm_keys q
see "quit" "qm\$"
tm_stop
run "$QM" -d "$DB" marks --format csv
has "the first mark" "$OUT" ",Before,"
eq "nothing lost, the new one kept" "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" \
    "$((N + 1))"
eq "intact" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
# a full disk before anything is open: the message still says why
dd if=/dev/zero of="$T/full/filler" bs=4k 2>/dev/null
run "$QM" -d "$DB" mark add --image "$IMG" --class ship --at 42,42
nok "full at open: refused" 1
has "full at open: says so" "$ERR" "disk full"
rm "$T/full/filler"
eq "still intact" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" "ok"
cleanup
finish
