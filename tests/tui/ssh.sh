#!/bin/sh
# Over a real SSH link: sshd on 127.0.0.1 (its own host key, a key made
# for the test), `ssh -t ... quaymark tui` in a tmux pane. Mark a ship,
# kill the ssh client (the link drops): the server-side quaymark gets
# SIGHUP and exits within a second, leaving no lock; the mark is stored;
# reconnecting resumes at the same image and zoom. Then the same with
# several terminals, TERM=dumb (refused) and a non-UTF-8 locale.
# Needs root and sshd; skipped with a message otherwise.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ] || [ ! -x /usr/sbin/sshd ] ||
    ! command -v ssh >/dev/null; then
	skip "needs root, /usr/sbin/sshd and ssh"
	finish
fi
S="$T/ssh"
mkdir -p "$S" /run/sshd
chmod 700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$S/id" || fail "client key"
cp "$S/id.pub" "$S/authorized_keys"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$S/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $S/host
AuthorizedKeysFile $S/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $S/sshd.pid
EOF
/usr/sbin/sshd -f "$S/sshd_config" -E "$S/sshd.log" || {
	skip "sshd would not start: $(tail -2 "$S/sshd.log")"
	finish
}
stop_sshd() {
	[ -f "$S/sshd.pid" ] && kill "$(cat "$S/sshd.pid")" 2>/dev/null
	lib_cleanup
}
trap stop_sshd EXIT

DB="$T/s.db"
run "$QM" -d "$DB" demo --scale 0.25 --seed 7 --labels none --no-open
ok "demo database"
N=$("$QM" -d "$DB" images --format csv | tail -n +2 | wc -l)
SSH="ssh -tt -p $PORT -i $S/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR root@127.0.0.1"
REMOTE="env QUAYMARK_CACHE=$QUAYMARK_CACHE ASAN_OPTIONS=${ASAN_OPTIONS:-} LSAN_OPTIONS=${LSAN_OPTIONS:-} $QM -d $DB tui"

tm_start 160 48
tm_keys "$SSH '$REMOTE'" Enter
see "over ssh: started" "? help  : command  q quit" 150
tm_keys ] ] +
see "over ssh: date 3" "| 3/$N |"
see "over ssh: zoomed" "| 1:2 |"
tm_keys 1 Enter
see "over ssh: a ship" "ship"
see "over ssh: saved" "saved"
sleep 0.3
# the link drops
pkill -9 -f "ssh -tt -p $PORT" || fail "no ssh client to kill"
i=0
while pgrep -f -- "-d $(db_target "$DB") tui" >/dev/null && [ $i -lt 20 ]; do
	sleep 0.1
	i=$((i + 1))
done
CHECKS=$((CHECKS + 1))
pgrep -f -- "-d $(db_target "$DB") tui" >/dev/null &&
    fail "the server-side quaymark still runs 2 s after the link dropped"
CHECKS=$((CHECKS + 1))
[ $i -le 10 ] || fail "quaymark took $((i * 100)) ms to go"
run "$QM" -d "$DB" marks --format csv
eq "the mark is stored" "$(printf '%s\n' "$OUT" | grep -c ',ship,')" 1
QUAYMARK_BUSY_MS=200 run "$QM" -d "$DB" quality "$("$QM" -d "$DB" images --format csv | sed -n 2p | cut -d, -f1)" clear
ok "no lock left behind"
# the killed client left the local terminal raw: Ctrl-J still ends a line
tm_keys "stty sane; clear" C-j
sleep 0.3
tm_keys "$SSH '$REMOTE'" Enter
see "reconnected: the status line" "? help  : command  q quit" 150
see "reconnected: the same date" "| 3/$N |" 150
see "reconnected: the same zoom" "| 1:2 |"
tm_keys q
tm_shell 150
# (markers are printed in capitals: the typed command is not the output)
tm_keys "clear; echo quit-ok | tr a-z A-Z" Enter
see "quit over ssh" "QUIT-OK" 150

# terminals
for term in xterm-256color tmux-256color xterm-direct vt100; do
	tm_keys "clear; TERM=$term $SSH '$REMOTE'; clear; echo done-$term | tr a-z A-Z" Enter
	see "TERM=$term starts" "? help  : command  q quit" 150
	tm_keys q
	tm_shell 150
	see "TERM=$term quits" "DONE-$(echo $term | tr a-z A-Z)" 150
done
tm_keys "clear; TERM=dumb $SSH '$REMOTE'; echo rc=\$?" Enter
see "TERM=dumb refused" "TERM=dumb cannot show images" 150
see "TERM=dumb exit status" "rc=1"
tm_keys "clear; $SSH 'env LC_ALL=C $REMOTE'; echo done-c | tr a-z A-Z" Enter
see "C locale starts" "? help  : command  q quit" 150
CHECKS=$((CHECKS + 1))
tm_screen | grep -q '▀\|│' && fail "UTF-8 drawing in a C locale"
tm_keys q
tm_shell 150
see "C locale quits" "DONE-C" 150
tm_stop
stop_sshd
finish
