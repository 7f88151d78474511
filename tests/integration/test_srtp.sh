#!/bin/bash
# SRTP with SDES keys (RFC 3711, RFC 4568) on SIP -> PRI calls: every suite
# on RTP/SAVP and best effort on RTP/AVP, audio echoed byte for byte through
# the PBX and decrypted by rtpcat (libsrtp2); forged and replayed packets
# dropped and counted while the call goes on; the trunk's policy refusing
# what it must (488).
BASE=29000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
write_configs
sed -i 's/^port = '"$TRUNK_PORT"'$/port = '"$TRUNK_PORT"'\nsrtp = optional/' "$T/gw.ini"
start_gateway
start_pbx
wait_span_up || exit 1

sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 2 whitenoise vol 0.7
# our master keys (key || salt), base64: 30 bytes for AES-CM, 28 and 44 for GCM
K30=$(head -c 30 /dev/urandom | base64 -w0)
K28=$(head -c 28 /dev/urandom | base64 -w0)
K44=$(head -c 44 /dev/urandom | base64 -w0)

srtp_call() { # PROTO SUITE KEY [rtpcat options]: echo call to 100, audio compared
	local proto=$1 suite=$2 key=$3
	shift 3
	rm -f "$T/gwkey" "$T/echo.al"
	"$B/tests/tools/rtpcat" -l $RTP -s "$T/noise.al" -o "$T/echo.al" -t 6 \
		-S "$suite" -k "$key" -K "$T/gwkey" "$@" 2>>"$T/rtpcat.log" &
	rp=$!
	sipp_uac "$S/uac_srtp.xml" 100 -key rtpport $RTP -key proto "$proto" -key suite "$suite" \
		-key key "$key" -key keyfile "$T/gwkey" -d 4500
	local rc=$?
	wait $rp
	return $rc
}

for sk in AES_CM_128_HMAC_SHA1_80:$K30 AES_CM_128_HMAC_SHA1_32:$K30 \
	AEAD_AES_128_GCM:$K28 AEAD_AES_256_GCM:$K44; do
	suite=${sk%%:*} key=${sk#*:}
	check "RTP/SAVP $suite: 200 with a crypto line" srtp_call RTP/SAVP "$suite" "$key"
	check "RTP/SAVP $suite: the gateway runs that suite on RTP/SAVP" \
		grep -q "SRTP $suite (RTP/SAVP)" "$T/prigated.log"
	check "RTP/SAVP $suite: audio through SRTP both ways, byte for byte" \
		"$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo.al"
done
check "best effort (RTP/AVP with a=crypto): SRTP on RTP/AVP" \
	srtp_call RTP/AVP AES_CM_128_HMAC_SHA1_80 "$K30"
check "best effort: audio byte for byte" "$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo.al"
check "best effort: the answer stays on RTP/AVP" \
	grep -q "SRTP AES_CM_128_HMAC_SHA1_80 (best effort)" "$T/prigated.log"
check "optional: a plain RTP offer still gets plain RTP" \
	sipp_uac "$S/uac_call.xml" 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 500

# forged (every 10th) and replayed (every 7th) packets: dropped, counted, call goes on
srtp_call RTP/SAVP AES_CM_128_HMAC_SHA1_80 "$K30" -x 10 -r 7 >"$T/tamper.out" 2>&1 &
tc=$!
stats() { gwctl --json calls | tr ',' '\n'; }
counted() { stats | grep -q "\"$1\":[1-9]"; }
for _ in $(seq 1 40); do counted rx_auth_fail && counted rx_replay && break; sleep 0.1; done
stats >"$T/tamper_stats"
check "forged packets counted as authentication failures" grep -q '"rx_auth_fail":[1-9]' "$T/tamper_stats"
check "replayed packets counted as replays" grep -q '"rx_replay":[1-9]' "$T/tamper_stats"
check "the call shows its suite" grep -q '"srtp":"AES_CM_128_HMAC_SHA1_80"' "$T/tamper_stats"
check "the tampered call still ends normally (BYE, 200)" wait $tc
check "no call or channel left" idle

# the policy refuses: mandatory takes no plain offer, off no RTP/SAVP
GW=${PIDS[0]}
restart_gw() { # POLICY
	kill -TERM "$GW"
	wait "$GW" 2>/dev/null
	sed -i "s/^srtp = .*/srtp = $1/" "$T/gw.ini"
	mv "$T/prigated.log" "$T/prigated-before-$1.log"
	start_gateway
	GW=${PIDS[-1]}
	wait_span_up && pbxctl wait-up 10 >/dev/null && sleep 0.5
}
check "gateway up with srtp = mandatory" restart_gw mandatory
check "mandatory: RTP/AVP without a usable key gets 488" \
	sipp_uac "$S/uac_srtp_reject.xml" 100 -key rtpport 9 -key proto RTP/AVP \
	-key suite NO_SUCH_SUITE -key key "$K30"
check "mandatory: RTP/SAVP is answered" srtp_call RTP/SAVP AEAD_AES_128_GCM "$K28"
check "mandatory: audio byte for byte" "$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo.al"
check "gateway up with srtp = off" restart_gw off
check "off: an RTP/SAVP-only offer gets 488" \
	sipp_uac "$S/uac_srtp_reject.xml" 100 -key rtpport 9 -key proto RTP/SAVP \
	-key suite AES_CM_128_HMAC_SHA1_80 -key key "$K30"
check "no call or channel left" idle
finish
