#!/bin/sh
# remote-faults: how remote reads fail, against nginx on 127.0.0.1 (the
# other failures, 403, 404, timeouts and truncation, are in remote.sh).
# Each is one line naming the URL without its secrets and the status;
# 429 and 5xx are retried with growing delays (a server that recovers is
# read); a TLS certificate that is not trusted is refused, and is never
# taken for "the network is gone" (no cached copy stands in for it).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tools/nginx.sh"

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] ||
    ! command -v gdal_translate >/dev/null || ! command -v openssl >/dev/null; then
	skip "nginx, gdal-bin or openssl not installed (tests/deps.sh installs them)"
	finish
fi
D=$(demo_dir)
W="$T/www"
mkdir -p "$W"
gdal_translate -q -of COG "$(ls "$D"/*.tif | head -1)" "$W/a_2024-10-01.tif"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
TLSPORT=$(free_port)
nginx_start "$W" "location /busy/ { return 503; }
		location /slow/ { return 429; }
		location /oops/ { return 500; }
		listen 127.0.0.1:$TLSPORT ssl;
		ssl_certificate $T/cert.pem; ssl_certificate_key $T/key.pem;" || finish
U="$NGX_URL"
SECRET="s3cr3t-sig"
DB="$T/f.db"
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# --- 429 and 5xx: retried, then one line with the status --------------
for c in "busy 503 service unavailable" "slow 429 too many requests" "oops 500 server error"; do
	set -- $c
	: > "$NGX_LOG"
	t0=$(date +%s.%N)
	run "$QM" -d "$DB" ingest --site Rajin "$U/$1/x.tif?sig=$SECRET"
	t=$(since "$t0")
	nok "$2 refused" 1
	one_line "$2: one line" "$ERR"
	has "$2 named with its status" "$ERR" "$U/$1/x.tif?sig=REDACTED: HTTP $2 ($3"
	hasnt "$2 keeps the secret" "$ERR" "$SECRET"
	eq "$2 retried three times" "$(grep -c "/$1/x.tif" "$NGX_LOG")" 4
	CHECKS=$((CHECKS + 1))
	awk -v t="$t" 'BEGIN { exit !(t >= 1.5) }' ||
	    fail "$2: retries without backoff (all four in $t s)"
done
# a server that refuses twice with 503, then answers: read, not refused
proxy_start 0 2:503 || finish
P=$PROXY_PORT
run "$QM" -d "$DB" ingest --site Rajin "http://127.0.0.1:$P/a_2024-10-01.tif"
ok "retried_until_the_server_recovers"
has "catalogued after two 503s" "$OUT" "1 added"
eq "two refusals seen" "$(grep -c refused "$PROXY_OUT")" 2
proxy_start 0 2:429 || finish
P2=$PROXY_PORT
run "$QM" render "http://127.0.0.1:$P2/a_2024-10-01.tif" --size 20x5 --colors 256
ok "a view retried past two 429s"
proxy_stop

# --- TLS: a self-signed certificate ----------------------------------
TU="https://127.0.0.1:$TLSPORT/a_2024-10-01.tif"
run "$QM" -d "$DB" ingest --site Rajin "$TU?token=$SECRET"
nok "an untrusted certificate is refused" 1
one_line "TLS: one line" "$ERR"
has "TLS names the URL" "$ERR" "$TU?token=REDACTED: "
has "TLS says what" "$ERR" "TLS: server certificate verification failed"
hasnt "TLS keeps the secret" "$ERR" "$SECRET"
# trusted (checks turned off), the image is read and cached ...
run env GDAL_HTTP_UNSAFESSL=YES "$QM" render "$TU" --size 20x5 --colors 256
ok "with the certificate trusted, the image is read"
# ... and a failing certificate is still refused: not taken for offline
run "$QM" render "$TU" --size 20x5 --colors 256
nok "tls_failure_not_served_from_the_cache" 1
has "the cached copy does not stand in for a bad certificate" "$ERR" "certificate"
finish
