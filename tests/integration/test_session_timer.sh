#!/bin/bash
# RFC 4028 session timers end to end: a SIP caller that never refreshes
# is cleared after the interval with BYE and cause 102 on both sides; on
# calls to a trunk that makes the gateway the refresher, the gateway sends
# UPDATEs every half interval and clears the call with cause 102 when a
# refresh gets 481. [sip] min_se is lowered so the test takes seconds.
BASE=29800
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
write_configs
sed -i '/^\[sip\]$/a min_se = 2' "$T/gw.ini"
start_gateway
start_pbx
wait_span_up || exit 1

# 1. SIP -> PRI: the caller asks for 4 s and never refreshes: BYE at 4 - 4/3 s
check "SIP -> PRI: 200 with Session-Expires 4;refresher=uac, Require: timer; BYE cause 102" \
	sipp_uac "$S/uac_session_timer.xml" 100 -key rtpport $((BASE + 900)) -key pt 8 \
	-key codec PCMA -key se 4
check "SIP -> PRI: logged as an expired session" \
	grep -q "session expired (no refresh in 4 s), BYE" "$T/prigated.log"
check "SIP -> PRI: the PBX's call cleared with cause 102" \
	grep -q "incoming call 5550100 -> 100: .*cause 102" "$T/pbxsim.log"
check "SIP -> PRI: no call or channel left" idle

# 2. PRI -> SIP: the trunk makes us the refresher every 4 s: UPDATE at 2 s
#    (200), at 4 s (481): BYE cause 102, the PBX caller cleared with 102
sipp -sf "$S/uas_session_timer.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s \
	-timeout_error -nostdin -trace_err -error_file "$T/uas_err.log" -key se 4 \
	>>"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
pbxctl call --from 5550100 --duration 0 5551234 >"$T/call.out" 2>&1
check "PRI -> SIP: the PBX's call answered, then released with cause 102" \
	grep -q "cause 102" "$T/call.out"
check "PRI -> SIP: INVITE asked for 1800 s; UPDATE refreshed; 481 -> BYE cause 102" wait $uas
check "PRI -> SIP: logged" grep -q "session refresh got 481, BYE" "$T/prigated.log"
check "PRI -> SIP: no call or channel left" idle
finish
