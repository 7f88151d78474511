#!/bin/bash
# SIP -> PRI through prigated on a sim span to pbxsim (the PBX), driven by
# sipp; audio checked byte for byte with rtpcat/audiocmp.
BASE=21000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
start_all || exit 1

sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 2 whitenoise vol 0.7
sox -R -n -r 8000 -c 1 -t ul "$T/noise.ul" synth 2 whitenoise vol 0.7

# 1. answered (100 echoes): A-law both ways, bit-exact, with bad input on the side
"$B/tests/tools/rtpcat" -l $RTP -s "$T/noise.al" -o "$T/echo.al" -t 5 -b $((RTP + 2)) &
rp=$!
( sleep 1; for i in 1 2 3; do
	printf 'garbage\r\n\r\n' >/dev/udp/127.0.0.1/$SIP_PORT
	printf 'OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx%d\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x@y>\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' $i >/dev/udp/127.0.0.1/$SIP_PORT
	sleep 0.3; done ) &
check "100: answered call (200 OK, BYE)" sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 4000
wait $rp
check "100: A-law audio echoed byte for byte, wrong-source RTP dropped" \
	"$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo.al"
check "gateway still answers after malformed SIP" gwctl status
check "malformed SIP counted" bash -c "'$B/prigatectl' -s '$T/gw.ctl' --json status | grep -q '\"sip_malformed\":[1-9]'"
check "100: no call or channel left" idle

# 2. mu-law only offer: transcoded with the G.711 tables both ways
"$B/tests/tools/rtpcat" -l $RTP -p 0 -s "$T/noise.ul" -o "$T/echo.ul" -t 5 &
rp=$!
check "100 PCMU: answered" sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 0 -key codec PCMU -d 4000
wait $rp
check "100 PCMU: audio through A-law and back exactly" \
	"$B/tests/tools/audiocmp" "$T/noise.ul" "$T/echo.ul" --via-alaw

# 3. 200: digital milliwatt from the PBX arrives untouched
"$B/tests/tools/rtpcat" -l $RTP -o "$T/mw.al" -t 4 &
rp=$!
check "200: answered" sipp_uac "$S/uac_call.xml" 200 -key rtpport $RTP -key pt 8 -key codec PCMA -d 3000
wait $rp
check "200: 2 s of A-law milliwatt received in phase" \
	"$B/tests/tools/audiocmp" --milliwatt alaw "$T/mw.al" 16000

# 4. 101: ALERTING (180) for 2 s, then answer
check "101: in-band ringback as 183 with SDP, then 200" sipp_uac "$S/uac_ring.xml" 101 -key rtpport $RTP -key pt 8 -key codec PCMA -d 500

# 5. rejections mapped with RFC 3398 and a Reason header
check "300: 486 with Reason cause 17" sipp_uac "$(scenario "$S/uac_reject.xml.in" 486 17)" 300
check "999: 404 with Reason cause 1" sipp_uac "$(scenario "$S/uac_reject.xml.in" 404 1)" 999

# 6. CANCEL before answer
check "101: CANCEL after 183 -> 200, 487" sipp_uac "$S/uac_cancel.xml" 101 -key rtpport $RTP -key pt 8 -key codec PCMA
check "CANCEL: no call or channel left" idle

# 7. the PBX hangs up: BYE with Reason cause 16
( sleep 1.5; pbxctl hangup >/dev/null ) &
check "100: BYE from the PRI side with Reason cause 16" sipp_uac "$S/uac_bye_recv.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA
check "BYE: no call or channel left" idle

# 8. 30 calls at once fill the span; the 31st gets 503 with cause 34
sipp -sf "$S/uac_call.xml" -s 100 -i 127.0.0.1 -p $((BASE + 500)) -m 30 -l 30 -r 30 \
	-key rtpport 9 -key pt 8 -key codec PCMA -d 6000 -timeout 40s -timeout_error \
	-nostdin -trace_err -error_file "$T/sipp30.err" 127.0.0.1:$SIP_PORT >"$T/sipp30.out" 2>&1 &
sp=$!
for _ in $(seq 1 60); do
	[ "$(gwctl channels | grep -c busy)" = 30 ] && break
	sleep 0.1
done
check "30 calls up at once, 30 B-channels busy" test "$(gwctl channels | grep -c busy)" = 30
check "31st call: 503 with Reason cause 34" sipp_uac "$(scenario "$S/uac_reject.xml.in" 503 34)" 100
check "all 30 calls completed" wait $sp
check "after 30 calls: no call or channel left" idle

finish
