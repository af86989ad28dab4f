# nginx.sh: sourced by the remote tests (after lib.sh) and benchmarks
# (after setting T, a scratch folder). nginx_start ROOT
# [SERVER-LINES] runs nginx (Debian's nginx-light) on 127.0.0.1 at a free
# port, serving ROOT with HTTP range requests as object stores do, with
# SERVER-LINES (locations, say) added to its server block; it sets
# NGX_URL, NGX_PORT and NGX_LOG (the access log). nginx_stop stops it.
# Whatever way the script ends, nginx goes with it (the EXIT trap; a
# script with a trap of its own calls nginx_stop from it). nginx_need
# skips a test suite without nginx or gdal-bin (which makes what it serves).

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
	access_log $NGX_DIR/logs/access.log;
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
