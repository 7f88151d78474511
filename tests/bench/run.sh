#!/bin/bash
# make bench: call set-up rate and media cost of prigated on the sim span,
# each beside a reference measured in the same run, printed as a table.
#   setup rate:  sipp -> prigated -> pbxsim (answer, BYE at once) at rising
#                offered rates (3 s each, 25 calls at most in progress),
#                against sipp -> sipp uas (SIP alone, no gateway)
#   media cost:  CPU of prigated's media thread per channel per 1 ms frame
#                with 30 two-way G.711 calls, against the same thread idle
#   added delay: RTP in -> TDM out jitter buffer depth (prigatectl calls)
#   jitter buffer: cost per frame, and underruns under a jitter profile
#                against the old fixed queue (tests/tools/jbbench.c)
#   DTMF:        hits, misses and talk-off false digits of codecs/dtmf.c
#                against a textbook Goertzel detector, on the same signals
#   media steps: ns per 20 ms packet of one channel for RTP, each SRTP
#                suite, transcoding and the detectors, beside a memcpy
#   SIP parser:  INVITEs parsed per second on one core by sip_msg_parse(),
#                against libosip2's osip_message_parse() (tests/bench/
#                sip_parse_bench.c, built here against the library)
#   RTP relay:   the media I/O engines (sockets, AF_XDP) against rtpengine
#                on the same streams, in network namespaces (relay.sh)
set -u
B=${1:-build/default}
export B
BASE=27000
. "$(dirname "$0")/../integration/lib.sh"
RATES=${BENCH_RATES:-100 500 1000}
export JITTER_MS=${JITTER_MS:-40}   # the shipped default, not the tests' deeper one
export JITTER_MODE=${JITTER_MODE:-adaptive}
export MEDIA_THREADS=${MEDIA_THREADS:-1} # one span: its thread is the one measured

# 0. parser throughput, before the gateway runs, pinned to one core
cc -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$B" -I"$ROOT/gateway" \
	-I"$ROOT/gateway/core" -o "$T/sip_parse_bench" "$ROOT/tests/bench/sip_parse_bench.c" \
	"$B/libprigate.a" -losip2 -losipparser2 || exit 1
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
parse=$($pin "$T/sip_parse_bench" "${BENCH_PARSE_SECS:-3}") || exit 1
p_ours=$(echo "$parse" | awk '$1 == "prigate" {print $2}')
p_osip=$(echo "$parse" | awk '$1 == "libosip2" {print $2}')

start_all || exit 1

# succ fail wall_s of a sipp run: run_rate STATFILE sipp-args...
run_rate() {
	local stf=$1 t0 t1
	shift
	t0=$(date +%s%N)
	sipp "$@" -nostdin -trace_stat -stf "$stf" >/dev/null 2>&1
	t1=$(date +%s%N)
	awk -F';' -v ns=$((t1 - t0)) 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "SuccessfulCall(C)") s = i; if ($i == "FailedCall(C)") f = i } }
		END { printf "%d %d %.2f", $s, $f, ns / 1e9 }' "$stf"
}

# 1. set-up rate through the gateway, and SIP alone (sipp against sipp uas)
sipp -sn uas -i 127.0.0.1 -p $((BASE + 600)) -nostdin >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.5
rows=()
for rate in $RATES; do
	n=$((rate * 3))
	read -r gs gf gt < <(run_rate "$T/gw$rate.csv" -sf "$ROOT/tests/sipp/uac_call.xml" -s 100 \
		-i 127.0.0.1 -p $((BASE + 500)) -m $n -r $rate -l 25 -key rtpport 9 -key pt 8 \
		-key codec PCMA -d 0 127.0.0.1:$SIP_PORT)
	read -r rs rf rt < <(run_rate "$T/ref$rate.csv" -sn uac -s 100 -i 127.0.0.1 \
		-p $((BASE + 501)) -m $n -r $rate -l 25 -d 0 127.0.0.1:$((BASE + 600)))
	rows+=("$(printf '%-46s %12s %12s' "calls/s offered $rate: answered/failed, secs" \
		"$gs/$gf ${gt}s" "$rs/$rf ${rt}s")")
	sleep 1
done

# 2. media cost: 30 calls with RTP both ways (sipp plays g711a.pcap, 100 echoes)
gwpid=${PIDS[0]}
mtid=$(grep -lx prigate-media0 /proc/$gwpid/task/*/comm | head -1 | cut -d/ -f5)
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
q=$(echo "$calls_json" | grep -o '"jb_depth_ms":[0-9]*' | cut -d: -f2 | sort -n)
n=$(echo "$q" | grep -c .)
qavg=$(echo "$q" | awk '{s += $1} END { if (NR) printf "%.1f", s / NR; else print "-" }')
qmax=$(echo "$q" | tail -1)
per_chan=$(( (busy_ns - idle_ns) / 30 ))

printf '\nprigate bench (sim E1 span, %s, %d cores)\n' "$(date -u +%F)" "$(nproc)"
printf '%-46s %12s %12s\n' "measure" "prigated" "reference"
for r in "${rows[@]}"; do echo "$r"; done
printf '%-46s %12s %12s\n' "media thread CPU ns per 1 ms frame, 30 calls" "$busy_ns" "$idle_ns (idle)"
printf '%-46s %12s %12s\n' "media ns per channel per 1 ms frame" "$per_chan" "-"
printf '%-46s %12s %12s\n' "RTP->TDM jitter buffer depth, ms avg/max ($n)" "$qavg/$qmax" "-"
printf '%-46s %12s %12s\n' "SIP INVITE parsed per s, one core" "$p_ours" "$p_osip (libosip2)"
jbb=$("$B/tests/tools/jbbench")
jbrow() { echo "$jbb" | awk -v k="$1" '$1 == k {print $'"$2"'}'; }
printf '%-46s %12s %12s\n' "jitter buffer ns per 20 ms frame (put+20 gets)" \
	"$(jbrow jb_ns_per_frame 2)" "$(jbrow jb_ns_per_frame 3) (memcpy)"
printf '%-46s %12s %12s\n' "jitter profile 10 min: underruns, jb vs fixed" \
	"$(jbrow underruns 2)" "$(jbrow underruns 3) (fixed)"
printf '%-46s %12s %12s\n' "jitter profile: concealed/silence-filled ms" \
	"$(jbrow concealed_ms 2)" "$(jbrow concealed_ms 3) (fixed)"
printf '%-46s %12s %12s\n' "jitter profile: playout depth at the end, ms" \
	"$(jbrow depth_ms 2)" "$(jbrow depth_ms 3) (fixed)"
echo "(jitter_ms = $JITTER_MS is the initial depth; a 20 ms packet sits on top of it)"
echo "jitter profile: tests/tools/jbbench.c (seeded: 0-12 ms jitter, 120 ms stall"
echo "every 7 s, 3% bursty loss, +50 ppm drift); fixed = the queue media.c had before."
echo "reference: setup = sipp uac against sipp uas directly (SIP alone, no gateway);"
echo "media = the same media thread with no call (tick and cable cost only);"
echo "parser = libosip2 osip_message_parse() + free on the same 1 kB INVITE."
finish >/dev/null

# 3. DTMF detection table: codecs/dtmf.c beside a plain Goertzel detector
"$B/tests/tools/dtmfbench"

# 4. per-packet media work, each step alone (SRTP, transcoding, detectors)
cc -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$B" -I"$ROOT/gateway" \
	-I"$ROOT/gateway/core" -I"$ROOT/codecs" -I"$ROOT/drivers/tdm" -o "$T/media_bench" \
	"$ROOT/tests/bench/media_bench.c" "$B/libprigate.a" -lpri -liniparser -lsrtp2 -lssl \
	-lcrypto -lm || exit 1
echo
$pin "$T/media_bench" "${BENCH_MEDIA_ITERS:-200000}"

# 4. RTP relay: prigate's media I/O engines beside rtpengine
"$ROOT/tests/bench/relay.sh" "$B"
