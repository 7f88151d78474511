#!/bin/bash
# make bench: call set-up rate and media cost of prigated on the sim span,
# each beside a reference measured in the same run, printed as a table.
#   setup rate:  sipp -> prigated -> pbxsim (answer, BYE at once), against
#                sipp -> sipp uas (SIP alone, no gateway) on the same host
#   media cost:  CPU of prigated's media thread per channel per 1 ms frame
#                with 30 two-way G.711 calls, against the same thread idle
#   added delay: RTP in -> TDM out playout queue (prigatectl calls)
set -u
B=${1:-build/default}
export B
BASE=27000
. "$(dirname "$0")/../integration/lib.sh"
CALLS=${BENCH_CALLS:-300}
RATE=${BENCH_RATE:-100}
start_all || exit 1

rate_of() { # sipp stats file -> calls per second of successful calls
	awk -F';' 'NR==1 { for (i = 1; i <= NF; i++) { if ($i == "SuccessfulCall(C)") s = i; if ($i == "ElapsedTime(C)") e = i } }
		END { split($e, t, ":"); secs = t[1] * 3600 + t[2] * 60 + t[3]; printf "%.1f %d", $s / secs, $s }' "$1"
}

# 1. set-up rate through the gateway
sipp -sf "$ROOT/tests/sipp/uac_call.xml" -s 100 -i 127.0.0.1 -p $((BASE + 500)) -m $CALLS \
	-r $RATE -l 25 -key rtpport 9 -key pt 8 -key codec PCMA -d 0 -nostdin \
	-trace_stat -stf "$T/gw.csv" 127.0.0.1:$SIP_PORT >/dev/null 2>&1
read -r gw_cps gw_ok < <(rate_of "$T/gw.csv")

# the reference: SIP alone, sipp against sipp
sipp -sn uas -i 127.0.0.1 -p $((BASE + 600)) -nostdin >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.5
sipp -sn uac -s 100 -i 127.0.0.1 -p $((BASE + 501)) -m $CALLS -r $RATE -l 25 -d 0 -nostdin \
	-trace_stat -stf "$T/ref.csv" 127.0.0.1:$((BASE + 600)) >/dev/null 2>&1
read -r ref_cps ref_ok < <(rate_of "$T/ref.csv")

# 2. media cost: 30 calls with RTP both ways (sipp plays g711a.pcap, 100 echoes)
gwpid=${PIDS[0]}
mtid=$(grep -l prigate-media /proc/$gwpid/task/*/comm | head -1 | cut -d/ -f5)
cpu_ns() { awk '{print $1}' /proc/$gwpid/task/$mtid/schedstat; }
t0=$(cpu_ns); s0=$(date +%s%N); sleep 3; t1=$(cpu_ns); s1=$(date +%s%N)
idle_ns=$(( (t1 - t0) * 1000000 / (s1 - s0) ))   # CPU ns per 1 ms of wall time

ln -sfn /usr/share/sip-tester "$T/pcap"
( cd "$T" && sipp -sn uac_pcap -s 100 -i 127.0.0.1 -p $((BASE + 502)) -m 30 -l 30 -r 100 \
	-nostdin 127.0.0.1:$SIP_PORT >/dev/null 2>&1 ) &
sp=$!
for _ in $(seq 1 50); do [ "$(gwctl channels | grep -c busy)" = 30 ] && break; sleep 0.1; done
sleep 1
t0=$(cpu_ns); s0=$(date +%s%N); sleep 4; t1=$(cpu_ns); s1=$(date +%s%N)
busy_ns=$(( (t1 - t0) * 1000000 / (s1 - s0) ))
calls_json=$(gwctl --json calls)
wait $sp
q=$(echo "$calls_json" | grep -o '"tdm_queue_ms":[0-9]*' | cut -d: -f2 | sort -n)
n=$(echo "$q" | grep -c .)
qavg=$(echo "$q" | awk '{s += $1} END { if (NR) printf "%.1f", s / NR; else print "-" }')
qmax=$(echo "$q" | tail -1)
per_chan=$(( (busy_ns - idle_ns) / 30 ))

printf '\nprigate bench (sim E1 span, %s, %d cores)\n' "$(date -u +%F)" "$(nproc)"
printf '%-46s %12s %12s\n' "measure" "prigated" "reference"
printf '%-46s %12s %12s\n' "calls set up per second (sipp -r $RATE, $CALLS calls)" \
	"$gw_cps" "$ref_cps"
printf '%-46s %12s %12s\n' "  successful calls" "$gw_ok/$CALLS" "$ref_ok/$CALLS"
printf '%-46s %12s %12s\n' "media thread CPU ns per 1 ms frame, 30 calls" "$busy_ns" "$idle_ns (idle)"
printf '%-46s %12s %12s\n' "media ns per channel per 1 ms frame" "$per_chan" "-"
printf '%-46s %12s %12s\n' "RTP->TDM playout delay ms, avg/max ($n calls)" "$qavg/$qmax" "-"
echo "reference: setup = sipp uac against sipp uas directly (SIP alone, no gateway);"
echo "media = the same media thread with no call (tick and cable cost only)."
finish >/dev/null
