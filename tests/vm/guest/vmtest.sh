#!/bin/sh
# vspan guest tests. Every result is one console line:
#   VMTEST <name> PASS|FAIL <detail>
# and the run ends with "VMTEST DONE <n> passed, <m> failed".
# Timing numbers are reported as "VMBENCH <key> <value>", never asserted.
mode=${1:-check}
M=/lib/modules
V=/sys/class/vspan
P=$V/pair0
passed=0
failed=0
passes=10
[ "$mode" = bench ] && passes=${BENCH_PASSES:-30}

result() {	# name PASS|FAIL detail...
	name=$1 res=$2
	shift 2
	echo "VMTEST $name $res $*"
	if [ "$res" = PASS ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
}

check() {	# name detail command...: PASS when the command succeeds
	name=$1 detail=$2
	shift 2
	if out=$("$@" 2>&1); then
		result "$name" PASS "$detail"
	else
		result "$name" FAIL "$detail: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# Wait up to $1 tenths of a second for "$2" (a shell condition) to hold.
wait_for() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		eval "$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	eval "$@"
}

span_has() {	# spanno word: /proc/dahdi/<spanno> header line has word
	head -n 1 "/proc/dahdi/$1" 2>/dev/null | grep -q -- "$2"
}

span_clean() {	# spanno: no alarm words in the header line
	head -n 1 "/proc/dahdi/$1" 2>/dev/null | grep -q . &&
		! head -n 1 "/proc/dahdi/$1" | grep -qE 'RED|YELLOW|BLUE|NOTOPEN'
}

# dahdi_test on the pseudo channel: paced by whatever DAHDI's master is.
run_dahdi_test() {	# label
	out=$(timeout 120 dahdi_test -c "$passes" 2>&1)
	rc=$?
	avg=$(echo "$out" | sed -n 's/.*Average: \([0-9.]*\)%.*/\1/p')
	worst=$(echo "$out" | sed -n 's/.*Worst: \([0-9.]*\)%.*/\1/p')
	best=$(echo "$out" | sed -n 's/^Best: \([0-9.]*\)%.*/\1/p')
	cum=$(echo "$out" | sed -n 's/.*Cumulative Accuracy (not per pass): \([0-9.]*\).*/\1/p')
	echo "VMBENCH dahdi_test_$1 passes=$passes best=$best worst=$worst avg=$avg cumulative=$cum"
	if [ $rc -eq 0 ] && [ -n "$avg" ]; then
		result "dahdi_test_$1" PASS "avg=$avg% worst=$worst% ($passes passes, reported not asserted)"
	else
		result "dahdi_test_$1" FAIL "rc=$rc: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
}

timer_report() {	# label
	echo "VMBENCH timer_$1 ticks=$(cat $V/ticks) wakeups=$(cat $V/wakeups) missed=$(cat $V/missed_ticks) lost=$(cat $V/lost_ticks) max_ns=$(cat $V/lateness_max_ns) sum_ns=$(cat $V/lateness_sum_ns)"
	echo "VMBENCH hist_$1 bounds_us=$(cat $V/lateness_bounds_us | tr ' ' ',') counts=$(cat $V/lateness_hist | tr ' ' ',')"
}

if [ "$mode" = debug ]; then
	. /test/debug.sh
	exit 0
fi

echo "VMTEST START mode=$mode kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"

# ---- stage 1: vspan ----
# No udev here to run dahdi_span_assignments: let DAHDI number spans itself.
check load_dahdi "dahdi.ko auto_assign_spans=1" insmod $M/dahdi.ko auto_assign_spans=1
check load_vspan "vspan.ko pairs=1 framing=e1" insmod $M/vspan.ko pairs=1 framing=e1
check vspan_sysfs "pair0 under /sys/class/vspan" test -d $P/a -a -d $P/b
check load_mg2 "dahdi_echocan_mg2.ko" insmod $M/dahdi_echocan_mg2.ko
check dahdi_cfg "system.conf for spans 1+2" dahdi_cfg -c /etc/dahdi/system.conf
check spans_ok "spans 1 and 2 up, no alarms" \
	wait_for 50 'span_clean 1 && span_clean 2 && span_has 1 VSPAN/0/a && span_has 2 VSPAN/0/b'
check span_master "a vspan span is DAHDI's master" \
	sh -c 'grep -l MASTER /proc/dahdi/[0-9]* | head -n 1 | xargs head -n 1 | grep -q VSPAN/0/'
check span_channels "60 B + 2 hardhdlc channels" \
	sh -c '[ $(cat /proc/dahdi/1 /proc/dahdi/2 | grep -c " Clear") = 60 ] && [ $(cat /proc/dahdi/1 /proc/dahdi/2 | grep -c "HDLC") = 2 ]'

echo 1 > $V/stats_reset
run_dahdi_test vspan
timer_report vspan

check dchan_a_to_b "20 frames span 1 -> 2" dchan_test send 16 47 20
check dchan_b_to_a "20 frames span 2 -> 1" dchan_test send 47 16 20
echo 1 > $P/b/dchan_corrupt
check dchan_corrupt "one-shot corruption seen as BADFCS" dchan_test badfcs 16 47
check dchan_crc_counter "b/crc_errors = 1" test "$(cat $P/b/crc_errors)" = 1
echo 1 > $P/a/dchan_drop
check dchan_drop "one-shot drop" dchan_test drop 47 16
check dchan_drop_counter "a/frames_dropped = 1" test "$(cat $P/a/frames_dropped)" = 1

echo 1 > $P/a/red
check red_alarm "a red -> span 1 RED, span 2 YELLOW" \
	wait_for 50 'span_has 1 RED && span_has 2 YELLOW && [ "$(cat $P/b/alarms)" = YELLOW ]'
echo 0 > $P/a/red
check red_clear "alarms clear" wait_for 50 'span_clean 1 && span_clean 2'
echo 1 > $P/b/blue
check blue_alarm "b blue -> span 2 BLUE, span 1 YELLOW" \
	wait_for 50 'span_has 2 BLUE && span_has 1 YELLOW'
echo 0 > $P/b/blue
check blue_clear "alarms clear" wait_for 50 'span_clean 1 && span_clean 2'

echo drop > $P/b/slip
echo repeat > $P/b/slip
check slip_oneshot "two one-shot slips counted" wait_for 50 '[ "$(cat $P/b/slips)" = 2 ]'
echo 1000 > $P/clock_ppm
sleep 2
echo 0 > $P/clock_ppm
sa=$(cat $P/a/slips)
sb=$(cat $P/b/slips)
check clock_offset "1000 ppm for 2 s: slips a=$sa b=$sb, no store resyncs" \
	sh -c "[ $sa -ge 4 ] && [ $sb -ge 6 ] && [ \$(cat $P/a/resyncs) = 0 ] && [ \$(cat $P/b/resyncs) = 0 ]"
check dchan_after_slips "D-channel still intact" dchan_test send 16 47 5

# ---- stage 1b: the gateway itself on the vspan pair (dahdi backend) ----
. /test/gateway.sh

echo t1 > $V/create
check create_t1 "sysfs create t1 -> pair1, spans 3+4" \
	sh -c "[ \$(cat $V/pair1/framing) = t1 ] && [ \$(cat $V/pair1/a/spanno) = 3 ] && grep -q VSPAN/1/b /proc/dahdi/4"
echo pair1 > $V/destroy
check destroy_t1 "sysfs destroy pair1" sh -c "[ ! -e $V/pair1 ] && [ ! -e /proc/dahdi/3 ]"

timer_report vspan_all
check rmmod_vspan "rmmod with configured spans" rmmod vspan
check vspan_gone "class and spans gone" sh -c "[ ! -e $V ] && [ ! -e /proc/dahdi/1 ]"

# ---- stage 2: DAHDI's dynamic loc spans on the core timer ----
check load_loc "dahdi_dynamic + dahdi_dynamic_loc" \
	sh -c "insmod $M/dahdi_dynamic.ko && insmod $M/dahdi_dynamic_loc.ko"
check dahdi_cfg_loc "loc.conf for two loc spans" dahdi_cfg -c /etc/dahdi/loc.conf
check loc_spans "two DYN/loc spans" wait_for 50 'span_has 1 DYN/loc && span_has 2 DYN/loc'
run_dahdi_test coretimer

check rmmod_loc "rmmod dynamic drivers" \
	sh -c "rmmod dahdi_dynamic_loc && rmmod dahdi_dynamic && rmmod dahdi_echocan_mg2 && rmmod dahdi"

bad=$(dmesg | grep -cE 'Oops|WARNING:|BUG:|Call Trace')
if [ "$bad" = 0 ]; then
	result kernel_log PASS "no Oops/WARNING/BUG"
else
	result kernel_log FAIL "$bad suspicious lines"
	dmesg | tail -n 60
fi
if [ "$failed" != 0 ]; then
	echo "---- dmesg tail ----"
	dmesg | tail -n 40
fi
echo "VMTEST DONE $passed passed, $failed failed"
