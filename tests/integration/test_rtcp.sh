#!/bin/bash
# RTCP (RFC 3550): the gateway sends its report (an SR once it has sent RTP)
# at the start of the media and every 2.5-7.5 s, reads the peer's RR, and
# shows the round-trip time, the peer's view of loss and jitter and its own
# jitter in prigatectl calls; on RTP port + 1, or on the RTP port with
# rtcp-mux (RFC 5761) when both sides agree.
BASE=22500
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
start_all || exit 1

stats() { gwctl --json calls | tr ',' '\n'; }
# one snapshot of the call's figures once its RTT is known, in $T/stats_$1
wait_rtt() {
	for _ in $(seq 1 50); do
		stats >"$T/stats_$1"
		grep -q '"rtt_ms":[0-9]' "$T/stats_$1" && return 0
		sleep 0.1
	done
	return 1
}

for mode in port+1 rtcp-mux; do
	sf=$S/uac_call.xml
	[ $mode = rtcp-mux ] && sf=$S/uac_call_mux.xml
	"$B/tests/tools/rtpcat" -l $RTP -R -t 5 2>"$T/rtpcat_$mode.log" &
	rp=$!
	sipp_uac "$sf" 100 -key rtpport $RTP -key pt 8 -key codec PCMA -d 3500 &
	sc=$!
	check "$mode: the peer's RR gives a round-trip time" wait_rtt $mode
	wait $sc
	check "$mode: the call ended normally" test $? = 0
	wait $rp
	check "$mode: rtpcat got the gateway's SR" grep -q "rtcp [1-9][0-9]* SR" "$T/rtpcat_$mode.log"
	check "$mode: a report received and one sent" \
		bash -c "grep -q '\"rtcp_rx\":[1-9]' '$T/stats_$mode' && grep -q '\"rtcp_tx\":[1-9]' '$T/stats_$mode'"
	check "$mode: the peer reported no loss" grep -q '"peer_lost":0' "$T/stats_$mode"
	check "$mode: no call or channel left" idle
done
finish
