#!/bin/bash
# Voice-band data (V.152): a fax answer tone (CED, 2100 Hz) from the SIP
# side and a calling tone (CNG, 1100 Hz 0.5 s / 3 s) from the PBX switch
# the call's media to passthrough; the tones cross unharmed, byte for byte;
# noise does not trigger it.
BASE=22000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
start_all || exit 1

sox -n -r 8000 -c 1 -t al "$T/ced.al" synth 3 sine 2100 vol 0.3
sox -n -r 8000 -c 1 "$T/cng_on.wav" synth 0.5 sine 1100 vol 0.3
sox -n -r 8000 -c 1 "$T/cng_off.wav" trim 0 3
sox "$T/cng_on.wav" "$T/cng_off.wav" "$T/cng_on.wav" -e a-law "$T/cng.wav"
sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 3 whitenoise vol 0.7

vbd_seen() { gwctl --json calls | grep -q "\"vbd\":\"$1\""; }
wait_vbd() { for _ in $(seq 1 40); do vbd_seen "$1" && return 0; sleep 0.1; done; return 1; }

# 1. SIP -> PRI to 100 (echo): CED from the SIP side
"$B/tests/tools/rtpcat" -l $RTP -s "$T/ced.al" -o "$T/ced_echo.al" -t 6 2>>"$T/rtpcat.log" &
rp=$!
sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 4500 &
sc=$!
check "CED from SIP: the call shows ANS (prigatectl calls --json)" wait_vbd ANS
wait $sc
check "the CED call ended normally" test $? = 0
wait $rp
check "logged: the media ran as passthrough" \
	grep -q "fax/modem signal ANS: the media ran as passthrough" "$T/prigated.log"
check "the tone came back byte for byte through the PBX's echo" \
	"$B/tests/tools/audiocmp" "$T/ced.al" "$T/ced_echo.al"

# 2. PRI -> SIP: CNG from the PBX to a trunk that echoes the RTP
sipp -sf "$S/uas_answer.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
	-nostdin -trace_err -error_file "$T/uas_err.log" -rtp_echo -mp $((BASE + 700)) \
	>>"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
check "CNG from the PBX: answered" bash -c "'$B/pbxsim' call --ctl '$T/pbx.ctl' --duration 5 \
	--play '$T/cng.wav' 5551234 >'$T/call.out' 2>&1"
wait $uas
check "logged: CNG, passthrough" grep -q "fax/modem signal CNG: the media ran as passthrough" \
	"$T/prigated.log"

# 3. noise is no fax
n0=$(grep -c "fax/modem" "$T/prigated.log")
"$B/tests/tools/rtpcat" -l $RTP -s "$T/noise.al" -o "$T/noise_echo.al" -t 5 2>>"$T/rtpcat.log" &
rp=$!
check "a call with white noise: answered" \
	sipp_uac "$S/uac_call.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 3500
wait $rp
check "no fax/modem signal in noise" test "$(grep -c "fax/modem" "$T/prigated.log")" = "$n0"
check "no call or channel left" idle
finish
