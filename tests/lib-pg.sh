# lib-pg.sh: a throwaway PostgreSQL cluster for tests and benchmarks.
# Source it (after tests/lib.sh in a test script, or alone in bench/),
# then:
#   pg_have            0 when PostgreSQL's server programs are installed
#   pg_start           initdb into a temporary folder and start the server
#                      on a unix socket there and a free 127.0.0.1 port;
#                      sets PG_BIN, PG_ROOT, PG_SOCK, PG_PORT, PG_DATA and
#                      PG_OWNER (a role that owns the database "qm";
#                      set it before pg_start to choose the name)
#   pg_url [ROLE] [DB] the libpq URL for ROLE (default PG_OWNER) over the
#                      unix socket
#   pg_psql [ROLE] ... psql as ROLE on database qm (ON_ERROR_STOP, quiet)
#   pg_createdb NAME   another empty database, owned by PG_OWNER
#   pg_crash           pg_ctl stop -m immediate (a kill -9 of the server:
#                      no checkpoint, recovery from the WAL on restart)
#   pg_restart         start the same cluster again
#   pg_stop            stop it and remove its folder (also run by the trap)
#   pg_test_start      for a test script: skip the suite without PostgreSQL,
#                      else pg_start owned by the account running the tests
#                      (on both engines the same name is quaymark's user)
#                      and set URL; a cluster that does not start fails it
#   pg_test_postgis    GIS=1 when PostGIS could be added (by a superuser,
#                      as a DBA would), else GIS=0 and a skip line
#   pg_log_statements, pg_tui_pid [ROLE], pg_statements PID: what a
#                      backend (a TUI's) sends, counted in the server's log
# The server runs as an unprivileged account (initdb refuses root): when
# root, as the account qmpgtest (made on first use). Every wait is bounded;
# however the script ends (finish, a failure, ^C, SIGTERM, SIGHUP, SIGPIPE),
# the server is stopped and its folder removed: no postgres process outlives
# it.
# Authentication is `trust` on the socket and the loopback port: tests pick
# the role in the URL; what is under test is the roles' authorisation.

PG_ROOT=""
PG_PID=""
PG_ACCOUNT=""

# The newest installed PostgreSQL's bin folder, or "".
pg_bindir() {
	if command -v pg_config >/dev/null 2>&1; then
		_b=$(pg_config --bindir 2>/dev/null)
		[ -x "$_b/initdb" ] && { echo "$_b"; return; }
	fi
	for _b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		[ -x "$_b/initdb" ] && [ -x "$_b/pg_ctl" ] && { echo "$_b"; return; }
	done
	echo ""
}
PG_BIN=${PG_BIN:-$(pg_bindir)}

pg_have() {
	[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] &&
	    [ -x "$PG_BIN/psql" ] && [ "$(id -u)" -ne 0 -o -x "$(command -v runuser)" ]
}

# pg_as CMD...: run CMD as the server's account.
pg_as() {
	if [ -n "$PG_ACCOUNT" ]; then
		runuser -u "$PG_ACCOUNT" -- "$@"
	else
		"$@"
	fi
}

# A TCP port on 127.0.0.1 nobody listens on now (pg_start retries if one
# is taken between this check and the server's bind).
pg_free_port() {
	_p=$(( ( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ) + 20000 ))
	while ss -Htln 2>/dev/null | awk '{print $4}' | grep -q ":$_p\$"; do
		_p=$((_p + 1))
	done
	echo "$_p"
}

# The postmaster's pid, from its pid file ("" when not running).
pg_postmaster_pid() {
	[ -f "$PG_DATA/postmaster.pid" ] && head -1 "$PG_DATA/postmaster.pid"
}

# pg_server_up: start the server in PG_DATA, waiting at most 60 s.
pg_server_up() {
	_try=0
	while [ "$_try" -lt 5 ]; do
		[ -n "${PG_PORT:-}" ] || PG_PORT=$(pg_free_port)
		if pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/log" -w -t 60 \
		    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK" \
		    start >/dev/null 2>&1; then
			PG_PID=$(pg_postmaster_pid)
			return 0
		fi
		# the port was taken after all, or a slow start: a new port
		grep -q "could not bind\|already in use" "$PG_ROOT/log" 2>/dev/null ||
			{ tail -5 "$PG_ROOT/log" >&2; return 1; }
		PG_PORT=""
		_try=$((_try + 1))
	done
	return 1
}

# A script that ends without pg_stop (kill -9, or a trap of its own that
# does not call lib_cleanup) still leaves no server: a watchdog stops it,
# and removes its folder, once the script's shell is gone.
# Started twice removed (init its parent), so the script's own `wait`
# does not wait for it.
pg_watchdog() {
	_owner=$$
	( trap - EXIT; (
		trap - EXIT
		trap '' HUP INT TERM PIPE
		while kill -0 "$_owner" 2>/dev/null; do
			sleep 1
		done
		# the script stopped it (the folder is gone), or not: then
		# the postmaster's pid now, never a pid kept from the start
		[ -d "$PG_DATA" ] || exit 0
		PG_PID=$(pg_postmaster_pid)
		pg_stop
	) </dev/null >/dev/null 2>&1 & )
}

pg_start() {
	pg_have || { echo "lib-pg: PostgreSQL server programs not found" >&2; return 1; }
	if [ "$(id -u)" -eq 0 ]; then
		PG_ACCOUNT=qmpgtest
		id -u "$PG_ACCOUNT" >/dev/null 2>&1 ||
			useradd -M -N -s /usr/sbin/nologin "$PG_ACCOUNT" 2>/dev/null ||
			id -u "$PG_ACCOUNT" >/dev/null 2>&1 ||
			{ echo "lib-pg: cannot make account $PG_ACCOUNT" >&2; return 1; }
	fi
	PG_ROOT=$(mktemp -d "${TMPROOT:-${TMPDIR:-/tmp}}/qmpg.XXXXXX") || return 1
	chmod 755 "$PG_ROOT"
	PG_DATA="$PG_ROOT/data"
	PG_SOCK="$PG_ROOT/sock"
	mkdir -p "$PG_SOCK"
	[ -n "$PG_ACCOUNT" ] && chown "$PG_ACCOUNT" "$PG_ROOT" "$PG_SOCK"
	PG_OWNER=${PG_OWNER:-qmowner}
	# initdb's superuser is "postgres"; the database belongs to a
	# non-superuser owner, as a team's would (row-level security binds
	# every role but superusers and the tables' owner).
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust \
	    -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_ROOT/initdb.log" 2>&1; then
		tail -5 "$PG_ROOT/initdb.log" >&2
		return 1
	fi
	{
		echo "fsync = on"
		echo "max_connections = 120"
		echo "shared_buffers = 64MB"
		echo "log_min_messages = warning"
		echo "unix_socket_permissions = 0777"
	} >> "$PG_DATA/postgresql.conf"
	pg_server_up || return 1
	pg_watchdog
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" \
	    -U postgres -d postgres >/dev/null <<-EOF || return 1
		CREATE ROLE "$PG_OWNER" LOGIN CREATEROLE;
		CREATE DATABASE qm OWNER "$PG_OWNER";
	EOF
	return 0
}

# pg_url [ROLE] [DB]: a URL over the unix socket (the folder is percent-
# encoded in host=).
pg_url() {
	_h=$(printf '%s' "$PG_SOCK" | sed 's|%|%25|g; s|/|%2F|g')
	echo "postgresql://${1:-$PG_OWNER}@$_h:$PG_PORT/${2:-qm}"
}

# pg_psql ROLE [psql args...]: psql as ROLE on qm, stopping at an error.
pg_psql() {
	_r=$1
	shift
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_SOCK" \
	    -p "$PG_PORT" -U "$_r" -d qm "$@"
}

# pg_createdb NAME: another empty database, owned by PG_OWNER.
pg_createdb() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" \
	    -U postgres -d postgres -c "CREATE DATABASE \"$1\" OWNER \"$PG_OWNER\"" \
	    >/dev/null
}

pg_crash() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop \
	    >/dev/null 2>&1
}

pg_restart() {
	pg_server_up
}

# pg_bounce PID FILE: the server crashed and started again while PID (a
# tool holding its connection, waiting for $T/go) was between reads or
# changes; then PID goes on, and its exit status and output (FILE) are
# RC, OUT and ERR for the checks that follow.
pg_bounce() {
	pg_crash
	pg_restart || fail "the server did not restart"
	touch "$T/go"
	wait "$1"
	RC=$?
	OUT=$(cat "$2")
	ERR=$OUT
}

# Stop the server (fast, then immediate, then SIGKILL by its pid) and
# remove the folder. Safe to call twice, and when nothing was started.
pg_stop() {
	[ -n "$PG_ROOT" ] || return 0
	if [ -d "$PG_DATA" ] && [ -n "$(pg_postmaster_pid)" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop \
		    >/dev/null 2>&1 ||
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 10 stop \
		    >/dev/null 2>&1
	fi
	# the pid the harness started: gone, or killed now
	if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
		kill -KILL "$PG_PID" 2>/dev/null
	fi
	rm -rf "$PG_ROOT"
	PG_ROOT=""
	PG_PID=""
}

# The suite's cluster (tests/lib.sh's skip, fail and finish).
pg_test_start() {
	if ! pg_have; then
		skip "PostgreSQL server programs not installed (postgresql-15)"
		finish
	fi
	PG_OWNER=$(id -un)
	if ! pg_start; then
		fail "the test cluster did not start"
		finish
	fi
	URL=$(pg_url)
}

pg_test_postgis() {
	GIS=0
	if pg_psql postgres -c "CREATE EXTENSION postgis" >/dev/null 2>&1; then
		GIS=1
	else
		skip "PostGIS not installed (postgresql-15-postgis-3): no geometry views checked"
	fi
}

# pg_log_statements: from now on the server logs every statement with
# its backend's pid, in $PG_LOG
pg_log_statements() {
	pg_psql postgres -c "ALTER SYSTEM SET log_statement = 'all'" >/dev/null
	pg_psql postgres -c "ALTER SYSTEM SET log_line_prefix = '[%p] '" >/dev/null
	pg_psql postgres -c "SELECT pg_reload_conf()" >/dev/null
	PG_LOG="$PG_ROOT/log"
}
# pg_tui_pid [ROLE]: the backend of the quaymark session on qm (of ROLE)
pg_tui_pid() {
	pg_psql postgres -c "SELECT pid FROM pg_stat_activity WHERE
	    application_name = 'quaymark' AND datname = 'qm' AND
	    ('${1:-}' = '' OR usename = '${1:-}')" | head -1
}
# pg_statements PID: how many statements backend PID has logged so far
pg_statements() {
	grep -c "^\[$1\] .*\(statement: \|execute \)" "$PG_LOG"
}

# Chain onto tests/lib.sh's cleanup when it is there.
pg_cleanup() {
	pg_stop
	if command -v lib_cleanup >/dev/null 2>&1; then
		lib_cleanup
	fi
}
trap pg_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# a reader that went away (`sh test.sh | head`) must not leave a server
trap 'exit 141' PIPE
