#!/bin/bash
# Overlap dialling (Q.931 5.1.3, 5.2.4): a PBX that sends its number digit
# by digit in INFORMATION messages gets SETUP ACKNOWLEDGE; the gateway sends
# the INVITE when T302 runs out after the last digit, or at once when a
# fixed-length routing rule has all its digits; an incomplete number is
# released with cause 28. SIP -> PRI calls go en-bloc with Sending Complete.
BASE=28800
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
write_configs
sed -i 's/^trunk = test$/trunk = test\noverlap = yes\nt302_ms = 2000/' "$T/gw.ini"
start_gateway
start_pbx
wait_span_up || exit 1

uas() { # answer one INVITE on the trunk
	sipp -sf "$S/uas_answer.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
		-nostdin -trace_err -error_file "$T/uas_err.log" -rtp_echo -mp $((BASE + 700)) \
		>>"$T/uas.out" 2>&1 &
	UAS=$!
	sleep 0.5
}
ocall() { # OVERLAP NUMBER: pbxsim dials NUMBER, the first OVERLAP digits in the SETUP
	"$B/pbxsim" call --ctl "$T/pbx.ctl" --duration 1 --overlap "$1" "$2" >"$T/call.out" 2>&1
}
trunk_got() { grep -q "SIP trunk test '$1'" "$T/prigated.log"; }

# 1. no routing rules: the number is complete when T302 (2 s) runs out
uas
check "overlap 55 + 51234: answered" ocall 2 5551234
wait $UAS
check "SETUP ACKNOWLEDGE came back to the PBX" grep -q "setup acknowledged" "$T/call.out"
check "T302 expired with all seven digits" grep -q "T302 expired with '5551234'" "$T/prigated.log"
check "the INVITE went to 5551234" trunk_got 5551234
check "no call or channel left" idle

# 2. routing rules: a fixed-length pattern ends the collection at once
cat >>"$T/gw.ini" <<EOI
[route.in pbx]
rule.seven = match=_555XXXX -> trunk:test
rule.long = match=_9X. -> trunk:test
EOI
check "reload with [route.in] rules" gwctl reload
n0=$(grep -c "T302 expired" "$T/prigated.log")
uas
check "overlap 5 + 551000 to a _555XXXX rule: answered" ocall 1 5551000
wait $UAS
check "sent on the seventh digit, without waiting for T302" \
	test "$(grep -c "T302 expired" "$T/prigated.log")" = "$n0"
check "the INVITE went to 5551000" trunk_got 5551000
uas
check "a variable-length rule (_9X.) waits for T302: answered" ocall 1 9012
wait $UAS
check "T302 expired with '9012'" grep -q "T302 expired with '9012'" "$T/prigated.log"
check "the INVITE went to 9012" trunk_got 9012

# 3. digits no rule takes, then silence: cause 28
check "incomplete 5559: not answered" bash -c "! '$B/pbxsim' call --ctl '$T/pbx.ctl' --overlap 2 5559 >'$T/call.out' 2>&1"
check "released with cause 28 (invalid number format)" grep -q "cause 28" "$T/call.out"
check "no call or channel left" idle

# 4. SIP -> PRI is en-bloc: the whole number and Sending Complete in the SETUP
check "SIP -> PRI call answered" sipp_uac "$S/uac_call.xml" 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 500
check "the PBX saw Sending Complete in the SETUP" \
	grep -q "SETUP received from 5550100 to 100 (sending complete)" "$T/pbxsim.log"
finish
