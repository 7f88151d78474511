#!/bin/sh
# vspan qemu rig (host side).
#
#   tests/vm/vm.sh build            DAHDI modules, vspan.ko, dchan_test
#   tests/vm/vm.sh initrd           initramfs with modules, tools, tests
#   tests/vm/vm.sh run check|bench  boot it, parse VMTEST lines
#
# Everything generated goes to $VM (default build/vm). Exits non-zero on a
# failed test, a missing "VMTEST DONE", a kernel Oops/WARNING/BUG on the
# console, or a timeout.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VM=${VM:-$ROOT/build/vm}
case "$VM" in /*) ;; *) VM=$ROOT/$VM ;; esac
QEMU_TIMEOUT=${QEMU_TIMEOUT:-300}
JOBS=${JOBS:-$(nproc)}

die() { echo "vm.sh: $*" >&2; exit 1; }

# The newest kernel that has both headers and a bootable image.
pick_kernel() {
	for h in $(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -rV); do
		v=${h#/usr/src/linux-headers-}
		if [ -r "/boot/vmlinuz-$v" ]; then
			echo "$v"
			return 0
		fi
	done
	die "no /usr/src/linux-headers-*-amd64 with a matching /boot/vmlinuz-*"
}

KVER=${KVER:-$(pick_kernel)}
KDIR=/usr/src/linux-headers-$KVER
DAHDI=$VM/modules/dahdi

do_build() {
	mkdir -p "$VM"
	if [ ! -f "$DAHDI/drivers/dahdi/Module.symvers" ] ||
		[ ! -f "$DAHDI/drivers/dahdi/dahdi_echocan_mg2.ko" ]; then
		[ -r /usr/src/dahdi.tar.bz2 ] || die "/usr/src/dahdi.tar.bz2 missing (apt-get install dahdi-source)"
		rm -rf "$VM/modules"
		tar xjf /usr/src/dahdi.tar.bz2 -C "$VM"
		echo "  DAHDI   $DAHDI ($KVER)"
		make -s -C "$KDIR" M="$DAHDI/drivers/dahdi" -j"$JOBS" \
			DAHDI_INCLUDE="$DAHDI/include" CONFIG_DAHDI=m \
			CONFIG_DAHDI_DYNAMIC=m CONFIG_DAHDI_DYNAMIC_LOC=m \
			CONFIG_DAHDI_ECHOCAN_MG2=m modules \
			> "$VM/dahdi-build.log" 2>&1 ||
			{ tail -n 30 "$VM/dahdi-build.log"; die "DAHDI build failed"; }
	fi
	# Build vspan from a copy so the source tree stays clean.
	mkdir -p "$VM/vspan"
	cp "$ROOT"/drivers/vspan/*.c "$ROOT"/drivers/vspan/*.h \
		"$ROOT"/drivers/vspan/Kbuild "$ROOT"/drivers/vspan/Makefile \
		"$VM/vspan/"
	echo "  VSPAN   $VM/vspan/vspan.ko"
	make -s -C "$VM/vspan" KDIR="$KDIR" DAHDI="$DAHDI" -j"$JOBS" \
		> "$VM/vspan-build.log" 2>&1 ||
		{ cat "$VM/vspan-build.log"; die "vspan build failed"; }
	if grep -E 'warning:|error:' "$VM/vspan-build.log"; then
		die "vspan build has warnings"
	fi
	echo "  CC      $VM/dchan_test"
	gcc -static -O2 -Wall -Wextra -Werror -I"$DAHDI/include" \
		-o "$VM/dchan_test" "$ROOT/tests/vm/dchan_test.c"
}

# Copy a dynamically linked binary and the libraries ldd lists.
copy_bin() {
	bin=$1 dest=$2
	cp "$bin" "$dest/usr/sbin/"
	for lib in $(ldd "$bin" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
		mkdir -p "$dest$(dirname "$lib")"
		cp -L "$lib" "$dest$lib"
	done
}

do_initrd() {
	r=$VM/root
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/usr/sbin" "$r/lib/modules" "$r/etc/dahdi" \
		"$r/test" "$r/proc" "$r/sys" "$r/dev" "$r/tmp"
	cp /bin/busybox "$r/bin/busybox"
	ln -s busybox "$r/bin/sh"
	cp "$DAHDI/drivers/dahdi/dahdi.ko" \
		"$DAHDI/drivers/dahdi/dahdi_dynamic.ko" \
		"$DAHDI/drivers/dahdi/dahdi_dynamic_loc.ko" \
		"$DAHDI/drivers/dahdi/dahdi_echocan_mg2.ko" \
		"$VM/vspan/vspan.ko" "$r/lib/modules/"
	for t in dahdi_cfg dahdi_test; do
		p=$(command -v $t || true)
		[ -n "$p" ] || p=/usr/sbin/$t
		[ -x "$p" ] || die "$t missing (apt-get install dahdi)"
		copy_bin "$p" "$r"
	done
	cp "$VM/dchan_test" "$r/usr/sbin/"
	# the gateway over vspan: prigated, pbxsim, sipp and the audio tools
	B=${B:-build/default}
	case "$B" in /*) ;; *) B=$ROOT/$B ;; esac
	for t in prigated pbxsim prigatectl tests/tools/rtpcat tests/tools/audiocmp; do
		[ -x "$B/$t" ] || die "$B/$t missing (make all and the test tools first)"
		copy_bin "$B/$t" "$r"
	done
	copy_bin "$(command -v sipp)" "$r"
	mkdir -p "$r/usr/share/terminfo/d"
	cp /usr/share/terminfo/d/dumb "$r/usr/share/terminfo/d/" 2>/dev/null ||
		cp /lib/terminfo/d/dumb "$r/usr/share/terminfo/d/"
	cp "$ROOT/tests/sipp/uac_call.xml" "$r/test/"
	sed -e 's/@CODE@/503/g' -e 's/@CAUSE@/38/g' "$ROOT/tests/sipp/uac_reject.xml.in" \
		>"$r/test/uac_reject_503.xml"
	cp "$ROOT/tests/vm/guest/gateway.sh" "$r/test/gateway.sh"
	cp "$ROOT/tests/vm/guest/vspan.conf" "$r/etc/dahdi/system.conf"
	cp "$ROOT/tests/vm/guest/loc.conf" "$r/etc/dahdi/loc.conf"
	cp "$ROOT/tests/vm/guest/vmtest.sh" "$r/test/vmtest.sh"
	cp "$ROOT/tests/vm/guest/init" "$r/init"
	# Ad-hoc guest commands for debugging: VM_DEBUG=file, boot vmtest=debug.
	[ -z "${VM_DEBUG:-}" ] || cp "$VM_DEBUG" "$r/test/debug.sh"
	chmod 755 "$r/init"
	(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) > "$VM/initrd.gz"
	echo "  INITRD  $VM/initrd.gz ($(du -k "$VM/initrd.gz" | cut -f1) KiB)"
}

do_run() {
	mode=$1
	log=$VM/console-$mode.log
	[ -r "$VM/initrd.gz" ] || die "no initrd; run '$0 initrd' first"
	echo "  QEMU    $KVER, TCG, 2 CPUs, mode=$mode (log: $log)"
	start=$(date +%s)
	rc=0
	timeout --kill-after=10 "$QEMU_TIMEOUT" \
		qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp 2 \
		-m 1024 -nographic -no-reboot -nic none \
		-kernel "/boot/vmlinuz-$KVER" -initrd "$VM/initrd.gz" \
		-append "console=ttyS0 loglevel=5 panic=-1 oops=panic vmtest=$mode ${VM_APPEND:-}" \
		< /dev/null > "$log" 2>&1 || rc=$?
	secs=$(($(date +%s) - start))
	tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"

	grep -E '^VMTEST |^VMBENCH ' "$log" || true
	fail=0
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "vm.sh: qemu timed out after ${QEMU_TIMEOUT}s" >&2
		fail=1
	elif [ $rc -ne 0 ]; then
		echo "vm.sh: qemu exited with $rc" >&2
		fail=1
	fi
	if grep -v '^VMTEST ' "$log" |
		grep -nE 'Oops|WARNING:|BUG:|Kernel panic|Call Trace' >&2; then
		echo "vm.sh: kernel trouble on the console (see $log)" >&2
		fail=1
	fi
	if grep -q '^VMTEST .* FAIL' "$log"; then
		echo "vm.sh: guest test(s) failed (see $log)" >&2
		fail=1
	fi
	done_line=$(grep '^VMTEST DONE ' "$log" || true)
	if [ -z "$done_line" ]; then
		echo "vm.sh: no 'VMTEST DONE' line (see $log)" >&2
		fail=1
	elif ! echo "$done_line" | grep -q ' 0 failed$'; then
		fail=1
	fi
	[ "$mode" = bench ] && bench_table "$log"
	echo "  VM      $mode: ${done_line#VMTEST DONE } in ${secs}s"
	return $fail
}

# vspan vs core timer, plus tick lateness percentiles from the histogram.
bench_table() {
	awk '
	/^VMBENCH dahdi_test_/ {
		name = $2; sub("dahdi_test_", "", name)
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[name, kv[1]] = kv[2] }
		names[++n] = name
	}
	/^VMBENCH hist_vspan / {
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "bounds_us") nb = split(kv[2], bounds, ",")
			if (kv[1] == "counts") split(kv[2], counts, ",")
		}
	}
	/^VMBENCH timer_vspan / {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] }
	}
	function pct(p,   tot, acc, i) {
		tot = 0; for (i = 1; i <= nb; i++) tot += counts[i]
		if (!tot) return "-"
		acc = 0
		for (i = 1; i <= nb; i++) {
			acc += counts[i]
			if (acc >= p * tot) return (bounds[i] == "inf" ? ">" bounds[i-1] : "<" bounds[i]) " us"
		}
	}
	END {
		printf "\n%-34s %10s %10s %10s %12s\n", "timing source (dahdi_test)", "passes", "average%", "worst%", "cumulative%"
		for (i = 1; i <= n; i++) {
			k = names[i]
			label = (k == "vspan") ? "vspan hrtimer (vspan span master)" : (k == "coretimer") ? "DAHDI core timer (loc spans)" : k
			printf "%-34s %10s %10s %10s %12s\n", label, v[k, "passes"], v[k, "avg"], v[k, "worst"], v[k, "cumulative"]
		}
		if (nb) {
			printf "\nvspan tick lateness during its dahdi_test: %d wakeups, %d ticks, %d missed (caught up), %d lost\n", t["wakeups"], t["ticks"], t["missed"], t["lost"]
			printf "  p50 %s   p99 %s   p99.9 %s   max %.1f us   mean %.1f us\n", pct(0.5), pct(0.99), pct(0.999), t["max_ns"] / 1000, (t["wakeups"] ? t["sum_ns"] / t["wakeups"] / 1000 : 0)
			printf "  histogram (upper bound us: count):"
			for (i = 1; i <= nb; i++) printf " %s:%s", bounds[i], counts[i]
			printf "\n"
		}
	}' "$1"
}

case "${1:-}" in
build) do_build ;;
initrd) do_initrd ;;
run) do_run "${2:-check}" ;;
*) die "usage: $0 build|initrd|run check|bench" ;;
esac
