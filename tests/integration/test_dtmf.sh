#!/bin/bash
# RFC 4733 telephone-event <-> in-band DTMF through prigated. rtpcat sends
# the digits as telephone-events to pbxsim's echo (100): pbxsim must detect
# exactly those digits in-band on the B-channel (SIP -> PRI), and the echoed
# tones must come back to rtpcat as exactly those telephone-events
# (PRI -> SIP, audio muted during the digits).
BASE=23000
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

finish
