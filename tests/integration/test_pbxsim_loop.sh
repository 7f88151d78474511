#!/bin/bash
# pbxsim against pbxsim: a user-side PBX (the demo dial plan's caller) calls
# a network-side pbxsim that runs the demo dial plan, over a sim E1 cable.
# Checks call outcomes, causes and B-channel audio byte for byte.
# Exit 0 pass, 1 fail. B defaults to build/default.
set -u
B=${B:-build/default}
B=$(cd "$B" && pwd)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
P=$B/pbxsim
T=$(mktemp -d /tmp/pbxsim-test.XXXXXX)
PIDS=()
FAILS=0
PASSES=0

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# sanitizer builds: libpri 1.6 has no destructor, so what it allocated
# inside struct pri is still there at exit; everything else must be freed
printf 'leak:libpri.so\n' >"$T/lsan.supp"
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$T/lsan.supp:print_suppressions=0}

ok() { PASSES=$((PASSES + 1)); echo "ok - $*"; }
not_ok() { FAILS=$((FAILS + 1)); echo "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# the network side answers with the demo's own [dialplan]
cat >"$T/net.ini" <<EOI
[pbxsim]
node = network
switchtype = euroisdn
framing = e1
law = alaw
cable = $T/e1.sock
listen = yes
control = $T/net.ctl

EOI
sed -n '/^\[dialplan\]/,$p' "$ROOT/conf/pbxsim-demo.ini" >>"$T/net.ini"
# the user side is the demo PBX itself, on this test's cable and socket
sed -e "s|^cable *=.*|cable = $T/e1.sock|" -e "s|^control *=.*|control = $T/user.ctl|" \
	"$ROOT/conf/pbxsim-demo.ini" >"$T/user.ini"

"$P" -f -c "$T/net.ini" >"$T/net.log" 2>&1 &
PIDS+=($!)
"$P" -f -c "$T/user.ini" >"$T/user.log" 2>&1 &
USER_PID=$!
PIDS+=($USER_PID)

ucall() { "$P" call --ctl "$T/user.ctl" "$@"; }
# the part of a WAV file after its "data" chunk header
wavdata() {
	python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
i = 12
while i + 8 <= len(b):
	sz = struct.unpack("<I", b[i + 4:i + 8])[0]
	if b[i:i + 4] == b"data":
		sys.stdout.buffer.write(b[i + 8:i + 8 + sz])
		break
	i += 8 + sz + (sz & 1)
' "$1"
}

check "D-channel up (wait-up)" "$P" wait-up 10 --ctl "$T/user.ctl"
if [ "$FAILS" != 0 ]; then
	cat "$T/net.log" "$T/user.log"
	exit 1
fi
check "status says up, no calls" bash -c "'$P' status --ctl '$T/user.ctl' >'$T/st' &&
	grep -qx 'dchan up' '$T/st' && grep -qx 'calls 0' '$T/st'"

# 1. 100 echoes: what we play comes back byte for byte after the idle bytes
sox -n -r 8000 -c 1 -e a-law "$T/tone.wav" synth 2 sine 440
check "100: answered, exit 0" bash -c "'$P' call --ctl '$T/user.ctl' --duration 4 \
	--play '$T/tone.wav' --record '$T/echo.wav' 100 >'$T/c100' 2>&1"
check "100: outcome lines" grep -qx "answered" "$T/c100"
check "100: cleared by us with cause 16" grep -q "^released: cause 16 " "$T/c100"
wavdata "$T/tone.wav" >"$T/tone.al"
wavdata "$T/echo.wav" >"$T/echo.al"
check "100: recorded echo holds the played bytes exactly" python3 -c '
import sys
t = open(sys.argv[1], "rb").read(); r = open(sys.argv[2], "rb").read()
i = r.find(t)
print("played %d bytes, recorded %d, found at %d" % (len(t), len(r), i))
sys.exit(0 if len(t) == 16000 and i >= 0 and set(r[:i]) <= {0xd5} else 1)
' "$T/tone.al" "$T/echo.al"

# 1b. DTMF in-band (Q.23 generator, 100 ms on/off, after answer): the
# network side logs every digit exactly once and in order; its echo brings
# them back to the caller, whose client prints them as "dtmf D" lines
DIGITS='1234567890*#ABCD'
n0=$(grep -c "DTMF '" "$T/net.log")
check "100 --dtmf: answered, exit 0" bash -c "'$P' call --ctl '$T/user.ctl' --duration 4.5 \
	--dtmf '$DIGITS' 100 >'$T/cdtmf' 2>&1"
got=$(grep "DTMF '" "$T/net.log" | tail -n +$((n0 + 1)) |
	sed -n "s/.*DTMF '\(.\)' on span 1 B-channel [0-9]*\$/\1/p" | tr -d '\n')
check "100 --dtmf: network side logged '$got', sent '$DIGITS'" test "$got" = "$DIGITS"
got=$(sed -n 's/^dtmf \(.\)$/\1/p' "$T/cdtmf" | tr -d '\n')
check "100 --dtmf: the caller's client heard the echo '$got'" test "$got" = "$DIGITS"
check "no DTMF detected in the other calls' audio" test "$n0" = 0
"$P" call --ctl "$T/user.ctl" --dtmf 12x 100 >"$T/cbad" 2>&1
check "--dtmf with a non-digit: refused" bash -c "[ $? = 1 ] && grep -q 'dtmf=0-9' '$T/cbad'"

# 2. rejections
ucall 300 >"$T/c300" 2>&1
check "300: exit 1" test $? = 1
check "300: rejected: cause 17" grep -q "^rejected: cause 17 " "$T/c300"
ucall 999 >"$T/c999" 2>&1
check "999: exit 1" test $? = 1
check "999: rejected: cause 1" grep -q "^rejected: cause 1 " "$T/c999"

# 3. 200: the digital milliwatt in A-law, exactly, from the first non-idle byte
check "200: answered" ucall --duration 2 --record "$T/mw.wav" 200 >/dev/null
wavdata "$T/mw.wav" >"$T/mw.al"
check "200: recorded bytes are the A-law milliwatt sequence" python3 -c '
import sys
r = open(sys.argv[1], "rb").read()
k = len(r) - len(r.lstrip(b"\xd5"))
body = r[k:]
seq = bytes([0x34, 0x21, 0x21, 0x34, 0xb4, 0xa1, 0xa1, 0xb4])
print("%d idle bytes, then %d bytes" % (k, len(body)))
sys.exit(0 if len(body) >= 15000 and body == (seq * (len(body) // 8 + 1))[:len(body)] else 1)
' "$T/mw.al"

# 4. 101 alerts with in-band ringback for 2 s, then answers and echoes
start=$(date +%s%N)
check "101: answered" ucall --duration 1 101 >"$T/c101" 2>&1
elapsed=$((($(date +%s%N) - start) / 1000000))
check "101: ALERTING with in-band indication" grep -qx "alerting inband" "$T/c101"
check "101: answered after ringing 2 s (took $elapsed ms)" test "$elapsed" -ge 2900

# 5. 30 calls fill the span; the 31st is refused with cause 34
pids=()
for i in $(seq 1 30); do
	ucall --duration 5 100 >"$T/m$i" 2>&1 &
	pids+=($!)
done
n=0
for _ in $(seq 1 100); do
	n=$("$P" status --ctl "$T/user.ctl" | grep -c ' answered ')
	[ "$n" = 30 ] && break
	sleep 0.1
done
check "30 simultaneous calls answered ($n)" test "$n" = 30
check "network side sees 30 calls" bash -c "'$P' status --ctl '$T/net.ctl' | grep -qx 'calls 30'"
ucall 100 >"$T/c31" 2>&1
check "31st call: exit 1" test $? = 1
check "31st call: rejected: cause 34" grep -q "^rejected: cause 34 " "$T/c31"
bad=0
for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
check "all 30 calls exited 0" test "$bad" = 0
check "all 30 cleared with cause 16" test "$(cat "$T"/m* | grep -c '^released: cause 16 ')" = 30
check "no call left on either side" bash -c "sleep 0.3;
	'$P' status --ctl '$T/user.ctl' | grep -qx 'calls 0' &&
	'$P' status --ctl '$T/net.ctl' | grep -qx 'calls 0'"

# 6. hangup from the control socket, and the client going away, clear calls
ucall --duration 0 100 >"$T/ch" 2>&1 &
cp=$!
for _ in $(seq 1 50); do grep -q answered "$T/ch" && break; sleep 0.1; done
check "hangup command clears the call" bash -c "'$P' hangup --ctl '$T/user.ctl' | grep -q '^1 call'"
wait $cp
rc=$?
check "held call (--duration 0) cleared by hangup: exit 0, cause 16" \
	bash -c "[ $rc = 0 ] && grep -q '^released: cause 16 ' '$T/ch'"
"$P" call --ctl "$T/user.ctl" --duration 0 100 >"$T/ck" 2>&1 &
cp=$!
for _ in $(seq 1 50); do grep -q answered "$T/ck" && break; sleep 0.1; done
kill -TERM $cp
wait $cp 2>/dev/null
check "a killed client's call is cleared" bash -c "for i in \$(seq 1 30); do
	'$P' status --ctl '$T/net.ctl' | grep -qx 'calls 0' && exit 0; sleep 0.1; done; exit 1"

# 7. bad configuration: file, section, key, what is allowed; exit 2
printf '[pbxsim]\nnode = martian\n' >"$T/bad.ini"
"$P" -f -c "$T/bad.ini" >"$T/bad.out" 2>&1
check "bad config: exit 2" test $? = 2
check "bad config: message names file, section, key and the allowed values" \
	grep -q "^$T/bad.ini: \[pbxsim\] node: 'martian' is not valid (allowed: user, network)" \
	"$T/bad.out"
printf '[dialplan]\n100 = dance\n' >"$T/bad2.ini"
"$P" -f -c "$T/bad2.ini" >"$T/bad2.out" 2>&1
rc=$?
check "bad dial plan action: exit 2 with the allowed actions" \
	bash -c "[ $rc = 2 ] && grep -q '^$T/bad2.ini: \[dialplan\] 100: .*allowed: echo \\[LOSS_DB\\], milliwatt' '$T/bad2.out'"

# no false DTMF in any other call's audio (440 Hz, milliwatt, ringback, echoes)
check "only the 16 digits sent were detected, on each side" bash -c "
	[ \$(grep -c \"DTMF '\" '$T/net.log') = 16 ] && [ \$(grep -c \"DTMF '\" '$T/user.log') = 16 ]"

printf '[pbxsim]\ntonezone = mars\n' >"$T/bad3.ini"
"$P" -f -c "$T/bad3.ini" >"$T/bad3.out" 2>&1
rc=$?
check "bad tonezone: exit 2 with the zones allowed" \
	bash -c "[ $rc = 2 ] && grep -q '^$T/bad3.ini: \[pbxsim\] tonezone: .mars. is not a tone zone (allowed: etsi, uk, us' '$T/bad3.out'"

# 8. SIGTERM: clean exit, control socket gone
kill -TERM $USER_PID
wait $USER_PID
check "SIGTERM: exit 0" test $? = 0
check "SIGTERM: control socket removed" test ! -e "$T/user.ctl"

echo "$PASSES passed, $FAILS failed"
if [ "$FAILS" != 0 ]; then
	echo "--- network side"; cat "$T/net.log"
	echo "--- user side"; cat "$T/user.log"
fi
[ "$FAILS" = 0 ]
