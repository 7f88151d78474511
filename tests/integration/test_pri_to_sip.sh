#!/bin/bash
# PRI -> SIP: pbxsim places calls through prigated to a sipp trunk; audio
# is played and recorded on the B-channel and must come back byte for byte
# through sipp's RTP echo.
BASE=24000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
start_all || exit 1

# sipp as the SIP trunk: uas_trunk SCENARIO [extra args]; runs in the background
uas_trunk() {
	local sf=$1
	shift
	sipp -sf "$sf" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error -nostdin \
		-trace_err -error_file "$T/uas_err.log" "$@" >>"$T/uas.out" 2>&1 &
	UAS=$!
	sleep 0.5
}

# pbxsim call ... ; prints its outcome lines into $T/call.out
pcall() {
	pbxctl call "$@" >"$T/call.out" 2>&1
	local rc=$?
	cat "$T/call.out"
	return $rc
}

sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 2 whitenoise vol 0.7
sox -t al -r 8000 -c 1 "$T/noise.al" "$T/noise.wav"

# 1. answered; A-law audio PBX -> RTP -> sipp echo -> RTP -> PBX, bit-exact
uas_trunk "$S/uas_answer.xml" -rtp_echo -mp $((BASE + 700))
check "5551234: answered (exit 0)" pcall --from 5550100 --duration 4 --play "$T/noise.wav" \
	--record "$T/rec.wav" 5551234
check "5551234: sipp saw INVITE/ACK/BYE with Reason cause 16" wait $UAS
sox "$T/rec.wav" -t al "$T/rec.al"
check "5551234: audio came back byte for byte" "$B/tests/tools/audiocmp" "$T/noise.al" "$T/rec.al"
check "answered: no call or channel left" idle

# 2. SIP failures become Q.850 causes (RFC 3398), Reason header first
reject() { # CODE EXPECTED_CAUSE [REASON_CAUSE]
	local sf
	sf=$(scenario "$S/uas_reject.xml.in" "$1" "${3:-0}")
	[ -n "${3:-}" ] || sed -i '/^ *Reason:/d' "$sf"
	uas_trunk "$sf"
	pcall 5551234
	grep -q "cause $2\b" "$T/call.out" && wait $UAS
}
check "486 -> cause 17" reject 486 17
check "404 -> cause 1" reject 404 1
check "480 -> cause 18" reject 480 18
check "503 -> cause 41" reject 503 41
check "480 with Reason: Q.850;cause=21 -> cause 21" reject 480 21 21
check "failures: no call or channel left" idle

# 3. the SIP side hangs up: the PBX sees cause 16
uas_trunk "$S/uas_bye.xml" -d 1000
check "BYE from SIP: call answered" pcall --duration 10 5551234
check "BYE from SIP: released with cause 16" grep -q "cause 16" "$T/call.out"
wait $UAS
check "BYE: no call or channel left" idle

finish
