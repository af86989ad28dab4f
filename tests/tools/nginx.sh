# nginx.sh: sourced by the remote tests (after lib.sh) and benchmarks
# (after setting T, a scratch folder). nginx_start ROOT
# [SERVER-LINES] runs nginx (Debian's nginx-light) on 127.0.0.1 at a free
# port, serving ROOT with HTTP range requests as object stores do, with
# SERVER-LINES (locations, say) added to its server block; it sets
# NGX_URL, NGX_PORT and NGX_LOG (the access log). nginx_stop stops it.
# Whatever way the script ends, nginx goes with it (the EXIT trap; a
# script with a trap of its own calls nginx_stop from it). nginx_need
# skips a test suite without nginx or gdal-bin (which makes what it serves).
# proxy_start [-p PORT] DELAY_MS [N:STATUS] puts tests/tools/delayproxy.py
# before nginx (on PORT, or a free port) and waits until it listens; it
# sets PROXY_PORT, PROXY_URL and PROXY_OUT (what the proxy printed).
# proxy_stop stops every proxy started; the EXIT trap does too.
# nginx_quiet [SECONDS] waits until nginx's log has not grown for SECONDS
# (1; longer than a proxy's delay), at most 60 s: what was asked is
# answered, however loaded the machine.

NGX_DIR="$T/nginx"
NGX_PID=""

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

nginx_stop() {
	[ -n "$NGX_PID" ] && kill "$NGX_PID" 2>/dev/null && wait "$NGX_PID" 2>/dev/null
	NGX_PID=""
	return 0
}

nginx_cleanup() {
	proxy_stop
	nginx_stop
	if command -v lib_cleanup >/dev/null 2>&1; then
		lib_cleanup
	fi
}
trap nginx_cleanup EXIT

nginx_need() {
	if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] ||
	    ! command -v gdal_translate >/dev/null; then
		skip "nginx or gdal-bin not installed (tests/deps.sh installs them)"
		finish
	fi
}

PROXY_PIDS=""
# this folder, from a test (tests/*/) or a benchmark (bench/)
for _d in "$(dirname "$0")/../tools" "$(dirname "$0")/../tests/tools"; do
	[ -f "$_d/delayproxy.py" ] && NGX_TOOLS=$_d
done

proxy_stop() {
	for _p in $PROXY_PIDS; do	# (no failure: benchmarks run set -e)
		kill "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null || :
	done
	PROXY_PIDS=""
	return 0
}

proxy_start() {
	PROXY_PORT=""
	if [ "$1" = -p ]; then
		PROXY_PORT=$2
		shift 2
	fi
	PROXY_PORT=${PROXY_PORT:-$(free_port)}
	PROXY_URL="http://127.0.0.1:$PROXY_PORT"
	PROXY_OUT="$T/proxy-$PROXY_PORT.out"
	rm -f "$PROXY_OUT"	# an earlier one's "ready" must not count
	python3 "$NGX_TOOLS/delayproxy.py" "$PROXY_PORT" "$NGX_PORT" "$@" \
	    > "$PROXY_OUT" 2>&1 &
	PROXY_PIDS="$PROXY_PIDS $!"
	_i=0
	until grep -qs ready "$PROXY_OUT" || [ $_i -ge 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ $_i -lt 100 ] && return 0
	if command -v fail >/dev/null 2>&1; then
		fail "the delaying proxy did not start: $(cat "$PROXY_OUT")"
	else
		echo "the delaying proxy did not start: $(cat "$PROXY_OUT")" >&2
	fi
	return 1
}

nginx_quiet() {
	_q=0; _i=0; _n=-1
	while [ $_q -lt $((${1:-1} * 10)) ] && [ $_i -lt 600 ]; do
		_m=$(wc -l < "$NGX_LOG")
		if [ "$_m" = "$_n" ]; then _q=$((_q + 1)); else _q=0; _n=$_m; fi
		sleep 0.1; _i=$((_i + 1))
	done
}

# nginx_start ROOT [SERVER-LINES]; the same port again when restarted.
nginx_start() {
	NGX=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$NGX" ] || return 1
	mkdir -p "$NGX_DIR/logs" "$NGX_DIR/tmp"
	NGX_PORT=${NGX_PORT:-$(free_port)}
	cat > "$NGX_DIR/nginx.conf" <<CONF
daemon off;
user root;
pid $NGX_DIR/nginx.pid;
error_log $NGX_DIR/logs/error.log;
events { worker_connections 256; }
http {
	# the combined format, with the range asked for at the end
	log_format ranges '\$remote_addr - \$remote_user [\$time_local] '
	    '"\$request" \$status \$body_bytes_sent "\$http_referer" '
	    '"\$http_user_agent" "\$http_range"';
	access_log $NGX_DIR/logs/access.log ranges;
	client_body_temp_path $NGX_DIR/tmp; proxy_temp_path $NGX_DIR/tmp;
	fastcgi_temp_path $NGX_DIR/tmp; uwsgi_temp_path $NGX_DIR/tmp;
	scgi_temp_path $NGX_DIR/tmp;
	types { image/tiff tif; application/json json; }
	server {
		listen 127.0.0.1:$NGX_PORT;
		root $1;
		${2:-}
	}
}
CONF
	"$NGX" -c "$NGX_DIR/nginx.conf" -p "$NGX_DIR" 2>"$NGX_DIR/start.err" &
	NGX_PID=$!
	NGX_URL="http://127.0.0.1:$NGX_PORT"
	NGX_LOG="$NGX_DIR/logs/access.log"
	_i=0
	until curl -s -o /dev/null "$NGX_URL/" || [ $_i -ge 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ $_i -lt 100 ] && return 0
	if command -v fail >/dev/null 2>&1; then
		fail "nginx did not start: $(cat "$NGX_DIR/start.err")"
	else
		echo "nginx did not start: $(cat "$NGX_DIR/start.err")" >&2
	fi
	return 1
}
