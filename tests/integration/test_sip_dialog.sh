#!/bin/bash
# SIP dialogs through prigated: hold and resume by re-INVITE and UPDATE
# (the answer's direction, RTP stopped while held), in-dialog OPTIONS and
# INFO, 481 for unknown dialogs, and max_cps overload (503 + Retry-After).
BASE=25000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
write_configs
sed -i 's/^\[sip\]$/[sip]\nmax_cps = 5\nt1_ms = 250/' "$T/gw.ini"
start_gateway
start_pbx
wait_span_up || exit 1

sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 14 whitenoise vol 0.7

tx_packets() { gwctl --json calls | grep -o '"tx_packets":[0-9]*' | head -1 | cut -d: -f2; }

# 1. hold/resume: every phase lasts 2 s; RTP out counted in the hold and the resumed phase
"$B/tests/tools/rtpcat" -l $RTP -s "$T/noise.al" -o "$T/echo.al" -t 14 &
rp=$!
sipp_uac "$S/uac_hold.xml" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 2000 &
sp=$!
sleep 2.8; a=$(tx_packets); sleep 0.8; b=$(tx_packets)     # held (we answered recvonly)
sleep 1.2; c=$(tx_packets); sleep 0.8; d=$(tx_packets)     # resumed (sendrecv)
sleep 1.2; e=$(tx_packets); sleep 0.8; f=$(tx_packets)     # inactive (UPDATE)
echo "tx packets: held $a..$b resumed $c..$d inactive $e..$f"
check "hold: re-INVITE sendonly -> recvonly, sendrecv -> sendrecv, UPDATE inactive -> inactive, OPTIONS/INFO 200" wait $sp
wait $rp
check "hold: no RTP sent while held" test "${a:-x}" = "${b:-y}"
check "resume: RTP sent again (about 40 packets in 0.8 s)" test $(( ${d:-0} - ${c:-0} )) -ge 30
check "inactive: no RTP sent" test "${e:-x}" = "${f:-y}"
# the peer held us with a=recvonly (10-12 s): we still send, but the B-channel
# hears silence, so the PBX's echo brings back A-law idle (0xd5) for ~2 s
longest_idle() { python3 -c "import re,sys; d=open(sys.argv[1],'rb').read(); print(max([len(m) for m in re.findall(rb'\\xd5+', d)] or [0]))" "$1"; }
idle_run=$(longest_idle "$T/echo.al")
echo "longest run of A-law idle in the echo: $idle_run bytes"
check "hold (recvonly): B-channel silence echoed, at least 1.5 s of idle" test "$idle_run" -ge 12000
check "hold: the call was logged with its new directions" \
	grep -q "new offer, media recvonly" "$T/prigated.log"
check "hold: no call or channel left" idle

# 2. requests for dialogs that do not exist
check "BYE and INFO outside any dialog: 481" sipp_uac "$S/uac_unknown_dialog.xml" 100

# 3. overload: 20 INVITEs in one burst at max_cps = 5: beyond 5 a second, 503 + Retry-After
sipp -sf "$S/uac_overload.xml" -s 300 -i 127.0.0.1 -p $((BASE + 500)) -m 20 -l 20 -r 200 \
	-timeout 20s -nostdin -trace_stat -stf "$T/cps.csv" 127.0.0.1:$SIP_PORT >"$T/cps.out" 2>&1
ok503=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") c = i } END { print $c }' "$T/cps.csv")
ovl=$(gwctl --json status | grep -o '"sip_overload":[0-9]*' | cut -d: -f2)
echo "503 with Retry-After: $ok503, overload counter: $ovl"
check "max_cps: at least 10 of 20 refused with 503 + Retry-After" test "${ok503:-0}" -ge 10
check "max_cps: every 503 counted" test "${ok503:-0}" = "${ovl:-x}"
check "max_cps: no call or channel left" idle
finish
