#!/bin/sh
# Odd terminals and hostile text: TERM=dumb is refused, an 8-colour and a
# non-UTF-8 terminal still work, escape sequences in a name never reach
# the terminal, SIGTERM restores it, and `demo` opens the app on a tty.
. "$(dirname "$0")/../lib.sh"

DB="$T/t.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
IMG=$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)
"$QM" -d "$DB" mark add --image "$IMG" --class ship --at 30,30 \
    --name "$(printf 'Evil\033]2;pwned\007\033[2J\033[31mred')" \
    --note "$(printf 'bell\007 and \302\233c8-bit CSI')" >/dev/null ||
    fail "mark add with escapes"

tm_start 160 48
tm_keys "TERM=dumb $QM -d $DB tui; echo rc=\$?" Enter
see "dumb refused" "TERM=dumb cannot show images"
see "dumb exit status" "rc=1"

# hostile text: the title stays, the screen is not cleared, shown escaped
tm select-pane -t t -T clean
tm_keys "clear; $QM -d $DB tui" Enter
see "starts" "| 1/$N |"
tm_keys Tab
see "the name, escaped" 'Evil\x1b]2;pwned\x07'
CHECKS=$((CHECKS + 1))
title=$(tm display-message -p -t t '#{pane_title}')
[ "$title" = clean ] || fail "a name changed the terminal title to [$title]"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q "| 1/$N |" || fail "a name cleared the screen"
tm_keys q
see "quit" "qm\$"
# listings on a terminal: tables and CSV alike come escaped
tm_keys "clear; $QM -d $DB marks; $QM -d $DB marks --format csv; echo listed" Enter
see "listings printed" "listed"
see "escaped in the listing" 'Evil\x1b]2;pwned\x07'
CHECKS=$((CHECKS + 1))
title=$(tm display-message -p -t t '#{pane_title}')
[ "$title" = clean ] || fail "a listing changed the terminal title to [$title]"

# SIGTERM: the terminal comes back, exit status 0, position saved
tm_keys "clear; $QM -d $DB tui; echo rc=\$?" Enter
see "started again" "| 1/$N |"
tm_keys ] ]
see "two dates on" "| 3/$N |"
pid=$(pgrep -f "quaymark -d $(db_target "$DB") tui" | head -1)
kill -TERM "$pid"
see "SIGTERM exits cleanly" "rc=0"
tm_keys "echo after-term" Enter
see "the shell works" "after-term"

# a plain 8-colour terminal without UTF-8
tm_keys "clear; TERM=xterm LC_ALL=C $QM -d $DB tui" Enter
see "8 colours, C locale" "| 3/$N |"
CHECKS=$((CHECKS + 1))
tm_screen | grep -q '▀' && fail "block characters in a C locale"
tm_keys q
see "quit 8-colour" "qm\$"

# make demo's last step: demo on a terminal opens the app
tm_keys "clear; $QM -d $T/d2.db demo --scale 0.25 --seed 3 --labels none" Enter
see "demo opens the app" "? help  : command  q quit" 300
tm_keys q
see "demo app quits" "qm\$"
tm_stop

# piped, demo does not try to open it
run "$QM" -d "$T/d3.db" demo --scale 0.25 --seed 3 --labels none
ok "demo piped"
has "demo says how to open" "$OUT" "tui"
finish
