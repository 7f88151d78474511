#!/bin/bash
# DTMF relay, RFC 4733 <-> in-band (Q.23/Q.24): digits sent as RTP events
# are played on the B-channel, where the PBX must hear them, and digits
# sounding on the B-channel leave as RTP events, with their audio muted.
BASE=29200
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
start_all || exit 1

pbx_digits() { # the digits the PBX side logged since line $1
	tail -n +$(($1 + 1)) "$T/pbxsim.log" | sed -n "s/.*DTMF '\(.\)' on span 1 B-channel [0-9]*\$/\1/p" |
		tr -d '\n'
}

# 1. SIP -> PRI to 100 (echo): events from rtpcat become tones the PBX hears;
# the PBX echoes them, and the gateway sends them back as events
DIGITS="159#*0D"
n0=$(wc -l <"$T/pbxsim.log")
"$B/tests/tools/rtpcat" -l $RTP -e "$DIGITS" -E "$T/events" -o "$T/rx.al" -t 6 2>"$T/rtpcat.log" &
rp=$!
check "SIP -> PRI call with telephone-event: answered" \
	sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 4500
wait $rp
got=$(pbx_digits "$n0")
check "RFC 4733 -> in-band: the PBX heard '$got', sent '$DIGITS'" test "$got" = "$DIGITS"
check "in-band -> RFC 4733: the echoed tones came back as events '$(cat "$T/events")'" \
	test "$(cat "$T/events")" = "$DIGITS"
check "the gateway counted 7 events each way" \
	grep -q "DTMF events in 7 out 7" "$T/prigated.log"

# 2. PRI -> SIP: in-band digits from the PBX leave as events; sipp echoes
# the RTP, and the events come back as tones the calling PBX detects
DIGITS2="2468"
sipp -sf "$S/uas_answer_te.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
	-nostdin -trace_err -error_file "$T/uas_err.log" -rtp_echo -mp $((BASE + 700)) \
	>>"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
check "PRI -> SIP call with --dtmf: answered" \
	bash -c "'$B/pbxsim' call --ctl '$T/pbx.ctl' --duration 4 --dtmf '$DIGITS2' 5551234 >'$T/call.out' 2>&1"
wait $uas
got=$(sed -n 's/^dtmf \(.\)$/\1/p' "$T/call.out" | tr -d '\n')
check "in-band -> RFC 4733 -> echo -> in-band: the caller heard '$got', sent '$DIGITS2'" \
	test "$got" = "$DIGITS2"
check "the gateway counted 4 events each way" \
	grep -q "DTMF events in 4 out 4" "$T/prigated.log"
check "no call or channel left" idle
finish
