#!/bin/bash
# Limits (issue 5): max_cps per trunk and per span group (token bucket:
# SIP gets 503 with Retry-After and Reason cause 42, the PRI cause 42),
# max_calls per trunk and group (overflow to the next target; none left:
# 503 with cause 34, or cause 34 to the PBX), and emergency rules, which
# pass every limit and never fail over to a trunk marked emergency = no.
BASE=30000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
TRUNK2_PORT=$((BASE + 81))
TRUNK3_PORT=$((BASE + 82))

cat >"$T/gw.ini" <<EOI
[general]
control = $T/gw.ctl
log_level = info
[sip]
listen = 127.0.0.1
port = $SIP_PORT
[media]
threads = 2
cpus = 0,1
rtp_address = 127.0.0.1
rtp_port_min = $RTP_MIN
rtp_port_max = $RTP_MAX
jitter_ms = 120
[trunk itsp1]
address = 127.0.0.1
port = $TRUNK_PORT
max_calls = 1
[trunk itsp2]
address = 127.0.0.1
port = $TRUNK2_PORT
max_calls = 1
emergency = no
[trunk itsp3]
address = 127.0.0.1
port = $TRUNK3_PORT
max_cps = 1
; SIP callers from 127.0.0.2: one new call a second
[trunk fast]
address = 127.0.0.2
max_cps = 1
[group g1]
spans = 1
max_calls = 1
[group g2]
spans = 2
max_calls = 1
[group g3]
spans = 2
max_cps = 1
[span 1]
backend = sim
device = $T/e1.sock
listen = yes
[span 2]
backend = sim
device = $T/e2.sock
listen = yes
; in no group: PRI -> SIP calls with only the trunks' limits
[span 3]
backend = sim
device = $T/e3.sock
listen = yes
[route.in pbx]
rule.emergency = match=_112 emergency=yes -> trunk:itsp2,trunk:itsp1
rule.cps = match=_7XX -> trunk:itsp3
rule.default = -> trunk:itsp1,trunk:itsp2
[route.out sip]
rule.emergency = match=_112 emergency=yes subst=/112/100/ -> group:g1
rule.overflow = match=+4930 strip=5 -> group:g1,group:g2
rule.cps = match=+4931 strip=5 -> group:g3
rule.fast = match=+4932 strip=5 -> span:1
EOI
write_pbx() {
	sed -e "s|^cable *=.*|cable = $T/e$1.sock|" -e "s|^control *=.*|control = $T/pbx$1.ctl|" \
		"$ROOT/conf/pbxsim-demo.ini" >"$T/pbx$1.ini"
	"$B/pbxsim" -f -c "$T/pbx$1.ini" >"$T/pbxsim$1.log" 2>&1 &
	PIDS+=($!)
}
start_gateway
write_pbx 1
write_pbx 2
write_pbx 3
for _ in $(seq 1 100); do [ "$(gwctl spans 2>/dev/null | grep -c ' up ')" = 3 ] && break; sleep 0.1; done
check "three spans up" test "$(gwctl spans | grep -c ' up ')" = 3

# sipp towards the gateway from IP: sip_from IP SCENARIO SERVICE [args]
sip_from() {
	local ip=$1 sf=$2 service=$3
	shift 3
	sipp -sf "$sf" -s "$service" -i "$ip" -p "$((BASE + 1000 + RANDOM % 3000))" \
		-m 1 -l 1 -timeout 30s -timeout_error -nostdin -trace_err \
		-error_file "$T/sipp_err.log" "$@" "127.0.0.1:$SIP_PORT" >>"$T/sipp.out" 2>&1
}
call_from() { sip_from "$1" "$S/uac_call.xml" "$2" -key rtpport $((BASE + 900 + RANDOM % 90 * 2)) \
	-key pt 8 -key codec PCMA "${@:3}"; }
# refused: IP SERVICE CODE CAUSE; the response is kept in $T/refused.msgs
refused() {
	rm -f "$T/refused.msgs"
	sip_from "$1" "$(scenario "$S/uac_reject.xml.in" "$3" "$4")" "$2" -trace_msg \
		-message_file "$T/refused.msgs"
}
final_has() { sed -n "/^SIP\/2.0 $1 /,/^\r\{0,1\}$/p" "$T/refused.msgs" | tr -d '\r' | grep -qxF "$2"; }
no_retry_after() { ! sed -n "/^SIP\/2.0 503 /,/^\r\{0,1\}$/p" "$T/refused.msgs" | grep -qi '^Retry-After'; }
ncalls() { gwctl --json calls | grep -o '"state"' | wc -l; }
wait_calls() { for _ in $(seq 1 50); do [ "$(ncalls)" -ge "$1" ] && return 0; sleep 0.1; done; return 1; }
pbx() { local n=$1; shift; "$B/pbxsim" call "$@" --ctl "$T/pbx$n.ctl"; }
logged() { grep -qF -- "$1" "$T/prigated.log"; }
# a SIP trunk: uas NAME PORT SCENARIO CALLS
uas() {
	rm -f "$T/$1.msgs"
	sipp -sf "$3" -i 127.0.0.1 -p "$2" -m "$4" -timeout 30s -timeout_error -nostdin \
		-trace_err -error_file "$T/$1_err.log" -trace_msg -message_file "$T/$1.msgs" \
		>>"$T/uas.out" 2>&1 &
	eval "$1=$!"
	sleep 0.5
}

# 1. SIP -> PRI, trunk max_cps = 1: the second INVITE in the second gets 503
call_from 127.0.0.2 +4932100 -d 1500 &
first=$!
wait_calls 1
check "trunk max_cps: second call in the second: 503, cause 42" refused 127.0.0.2 +4932100 503 42
check "trunk max_cps: Retry-After: 1" final_has 503 "Retry-After: 1"
check "trunk max_cps: logged" logged "SIP INVITE to '+4932100': trunk fast at its max_cps"
check "trunk max_cps: emergency 112 passes the rate and the full group g1" \
	call_from 127.0.0.2 112 -d 300
check "trunk max_cps: the emergency call reached the PBX as 100" \
	grep -q "incoming call 5550100 -> 100: answered" "$T/pbxsim1.log"
check "trunk max_cps: the first call completes" wait $first
check "trunk max_cps: no call left" idle

# 2. SIP -> PRI, group max_calls = 1: overflow from g1 to g2, then 503 cause 34
call_from 127.0.0.3 +4930100 -d 3000 &
a=$!
wait_calls 1
call_from 127.0.0.3 +4930100 -d 2500 &
b=$!
wait_calls 2
check "group max_calls: g1 full, overflow to g2's span 2" \
	logged "group g1 at its max_calls, span 1 skipped"
check "group max_calls: span 2's PBX answered the second call" \
	grep -q "incoming call 5550100 -> 100: answered" "$T/pbxsim2.log"
check "group max_calls: both groups full: 503, cause 34" refused 127.0.0.3 +4930100 503 34
check "group max_calls: no Retry-After for a full group" no_retry_after
check "group max_calls: the first call completes" wait $a
check "group max_calls: the overflow call completes" wait $b
check "group max_calls: no call left" idle

# 3. SIP -> PRI, group max_cps = 1 (g3 = span 2)
call_from 127.0.0.3 +4931100 -d 300 &
a=$!
wait_calls 1
check "group max_cps: second call in the second: 503, cause 42" refused 127.0.0.3 +4931100 503 42
check "group max_cps: Retry-After: 1" final_has 503 "Retry-After: 1"
check "group max_cps: logged" logged "group g3 at its max_cps, span 2 skipped"
check "group max_cps: the first call completes" wait $a
check "group max_cps: no call left" idle

# 4. PRI -> SIP, trunk max_calls = 1: overflow itsp1 -> itsp2, then cause 34;
#    an emergency call passes the full itsp1 and never goes to itsp2
uas itsp1 "$TRUNK_PORT" "$S/uas_answer.xml" 2
uas itsp2 "$TRUNK2_PORT" "$S/uas_answer.xml" 1
pbx 3 --duration 3 5551234 >"$T/p1.out" 2>&1 &
a=$!
wait_calls 1
pbx 3 --duration 2.5 5551234 >"$T/p2.out" 2>&1 &
b=$!
wait_calls 2
check "trunk max_calls: itsp1 full, the second call overflowed to itsp2" \
	logged "trunk itsp1 at its max_calls, skipped"
pbx 3 5551234 >"$T/p3.out" 2>&1
check "trunk max_calls: both trunks full: cause 34" \
	grep -qx "rejected: cause 34 (Circuit/channel congestion)" "$T/p3.out"
check "trunk max_calls: emergency 112 answered by the full itsp1" \
	pbx 3 --duration 0.5 112 >"$T/p4.out" 2>&1
check "trunk max_calls: the first call completes" wait $a
check "trunk max_calls: the overflow call completes" wait $b
check "trunk max_calls: itsp1 got 5551234 then 112" \
	diff <(grep '^INVITE ' "$T/itsp1.msgs" | cut -d@ -f1) \
	<(printf 'INVITE sip:%s\n' 5551234 112)
check "trunk max_calls: itsp2 got the overflow call only" \
	diff <(grep '^INVITE ' "$T/itsp2.msgs" | cut -d@ -f1) <(echo "INVITE sip:5551234")
wait $itsp1 $itsp2
check "trunk max_calls: no call left" idle

# 5. emergency: itsp1 answers 503, itsp2 (emergency = no) is never tried
uas itsp1 "$TRUNK_PORT" "$(scenario "$S/uas_reject.xml.in" 503 34)" 1
uas itsp2 "$TRUNK2_PORT" "$S/uas_answer.xml" 1
pbx 3 112 >"$T/p5.out" 2>&1
check "emergency: cleared with itsp1's cause 34" \
	grep -qx "rejected: cause 34 (Circuit/channel congestion)" "$T/p5.out"
check "emergency: itsp1 got the INVITE" grep -q "^INVITE sip:112@" "$T/itsp1.msgs"
check "emergency: itsp2 got nothing" test ! -s "$T/itsp2.msgs"
kill "$itsp2" 2>/dev/null
wait "$itsp1" "$itsp2" 2>/dev/null

# 6. PRI -> SIP, trunk max_cps = 1 on itsp3: cause 42 to the PBX
uas itsp3 "$TRUNK3_PORT" "$S/uas_answer.xml" 1
pbx 3 --duration 0.3 700 >"$T/p6.out" 2>&1 &
a=$!
wait_calls 1
pbx 3 701 >"$T/p7.out" 2>&1
check "trunk max_cps: second PBX call in the second: cause 42" \
	grep -qx "rejected: cause 42 (Switching equipment congestion)" "$T/p7.out"
check "trunk max_cps: logged" logged "trunk itsp3 at its max_cps, skipped"
check "trunk max_cps: the first call completes" wait $a
wait "$itsp3"

# 7. PRI -> SIP from span 2: group g2 max_calls = 1 refuses the second SETUP
uas itsp1 "$TRUNK_PORT" "$S/uas_answer.xml" 1
sleep 1 # g3's token back
pbx 2 --duration 2 5551234 >"$T/p8.out" 2>&1 &
a=$!
wait_calls 1
pbx 2 5551234 >"$T/p9.out" 2>&1
check "group max_calls from a span: cause 34" \
	grep -qx "rejected: cause 34 (Circuit/channel congestion)" "$T/p9.out"
check "group max_calls from a span: logged" logged "SETUP to '5551234': group g2 at its max_calls"
check "group max_calls from a span: the first call completes" wait $a
wait "$itsp1"
check "end: no call or channel left" idle

finish
