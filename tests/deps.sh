#!/bin/sh
# Install the Debian packages quaymark needs to build and test, when root;
# otherwise print the exact command to run. `make deps` runs this.
set -u

PKGS="build-essential pkg-config binutils libncurses-dev libgdal-dev gdal-bin
libpng-dev libdeflate-dev libsqlite3-dev sqlite3 libjansson-dev libcmocka-dev libssl-dev
libxml2-dev zlib1g-dev libsixel-bin xvfb xterm kitty mlterm x11-apps xdotool
libcairo2-dev fonts-dejavu-core
tmux groff-base python3 clang libclang-rt-14-dev openssh-server
openssh-client valgrind procps locales ncurses-term passwd util-linux file
time nginx-light curl openssl
postgresql-15 postgresql-15-postgis-3 libpq-dev"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# npm fetches the S3 test server (tests/cli/remote.sh); a Node.js from
# elsewhere that brings its own npm is left alone (Debian's npm would
# conflict with it).
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "quaymark needs these Debian packages:$missing" >&2
	echo "run:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null &&
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "apt-get install failed:$missing" >&2; exit 1; }
