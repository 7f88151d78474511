#!/bin/sh
# Install the Debian packages prigate's build, demo and tests need.
# Idempotent and non-interactive: does nothing when all are present.
set -eu
PKGS="build-essential pkg-config kconfig-frontends libpri-dev dahdi-source dahdi
libtonezone-dev libsrtp2-dev libssl-dev libiniparser-dev libcmocka-dev clang
libclang-rt-14-dev sip-tester sox iproute2 valgrind busybox-static cpio bzip2
qemu-system-x86 linux-headers-amd64 linux-image-amd64 procps psmisc libosip2-dev
python3 openssl libxdp-dev libbpf-dev xdp-tools rtpengine-daemon iputils-ping"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "deps: missing packages:$missing; run 'make deps' as root" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
