#!/bin/bash
# RFC 4733 telephone-event <-> in-band DTMF through prigated. rtpcat sends
# the digits as telephone-events to pbxsim's echo (100): pbxsim must detect
# exactly those digits in-band on the B-channel (SIP -> PRI), and the echoed
# tones must come back to rtpcat as exactly those telephone-events
# (PRI -> SIP). Then pbxsim calls out with in-band digits to a sipp trunk
# that echoes RTP: they must leave as events and come back as tones.
BASE=23000
JITTER_MODE=adaptive
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
DIGITS='159#*0ABCD2'
start_all || exit 1

digits_pbx() { grep -o "DTMF '.'" "$T/pbxsim.log" | cut -c7 | tr -d '\n'; }

"$B/tests/tools/rtpcat" -l $RTP -d "$DIGITS" -e "$T/events.txt" -t 6 &
rp=$!
check "100: answered" sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 8 \
	-key codec PCMA -d 5000
wait $rp
echo "pbxsim detected: $(digits_pbx); RFC 4733 received: $(cat "$T/events.txt")" >&2
check "SIP -> PRI: RFC 4733 events played as DTMF, pbxsim detected $DIGITS" \
	test "$(digits_pbx)" = "$DIGITS"
check "PRI -> SIP: in-band DTMF sent as RFC 4733 events, exactly $DIGITS" \
	test "$(cat "$T/events.txt")" = "$DIGITS"
check "100: no call or channel left" idle

# 2. PRI -> SIP -> PRI: pbxsim's in-band digits leave as RFC 4733 events,
# sipp echoes the RTP, the events come back as tones pbxsim detects
sipp -sf "$S/uas_answer_te.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
	-nostdin -rtp_echo -mp $((BASE + 700)) >>"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
pcall() { pbxctl call "$@" >"$T/call.out" 2>&1; }
check "5551234: answered" pcall --from 5550100 --duration 3 --dtmf 4821 5551234
check "5551234: sipp done" wait $uas
echo "pbxsim call: $(grep -o '^dtmf .' "$T/call.out" | cut -c6 | tr -d '\n')" >&2
check "PRI -> SIP -> PRI: 4821 as events and back as tones, exactly" \
	test "$(grep -o '^dtmf .' "$T/call.out" | cut -c6 | tr -d '\n')" = 4821
check "5551234: no call or channel left" idle

finish
