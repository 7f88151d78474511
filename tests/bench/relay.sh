#!/bin/bash
# RTP relay benchmark: the same G.711 streams through prigate's media I/O
# engines (sockets, AF_XDP) and through rtpengine (userspace forwarding),
# at rising stream counts, printed as one table. Run by tests/bench/run.sh,
# or alone: tests/bench/relay.sh [BUILD_DIR]
#
# Topology: two network namespaces joined by a veth pair, made and removed
# here. The relay under test runs alone in one (rtprelay: the media
# thread's packet path over struct media_io_ops; or rtpengine with its own
# ng-controlled calls), rtpload in the other sends STREAMS x 50 packets/s
# (160-byte PCMA, 20 ms) and checks what comes back: loss, order, bytes,
# one-way delay through the relay.
#
# CPU is the relay process's utime+stime (/proc/PID/stat, every thread)
# over the send window. The kernel charges a packet's receive processing
# (veth -> IP -> UDP, or veth -> XDP -> XSK) to whoever sends it, so each
# relay's figure holds its own work plus the delivery of what it sends to
# rtpload, and the same holds for all three.
#   BENCH_STREAMS="100 500 1000"  BENCH_SECS=5  BENCH_ENGINES="sockets xdp rtpengine"
set -u
B=${1:-${B:-build/default}}
B=$(cd "$B" && pwd)
STREAMS=${BENCH_STREAMS:-100 500 1000}
SECS=${BENCH_SECS:-5}
ENGINES=${BENCH_ENGINES:-sockets xdp rtpengine}
G=pgbg$$
P=pgbp$$
VG=vbg$$
GW_IP=10.78.$((($$ >> 8) % 250)).1
PE_IP=${GW_IP%.1}.2
RBASE=20000
NGPORT=2223
T=$(mktemp -d /tmp/prigate-bench.XXXXXX)
RELAY=

cleanup() {
	[ -n "$RELAY" ] && kill -TERM "$RELAY" 2>/dev/null && wait "$RELAY" 2>/dev/null
	ip netns del "$G" 2>/dev/null
	ip netns del "$P" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

if ! ip netns add "$G" 2>"$T/err"; then
	echo "relay bench: skipped, network namespaces unavailable: $(cat "$T/err")"
	exit 0
fi
ip netns add "$P"
ip link add "$VG" netns "$G" type veth peer name vbp$$ netns "$P"
ip -n "$G" addr add "$GW_IP/24" dev "$VG"
ip -n "$P" addr add "$PE_IP/24" dev vbp$$
for ns in "$G" "$P"; do ip -n "$ns" link set lo up; done
ip -n "$G" link set "$VG" up
ip -n "$P" link set vbp$$ up
ip netns exec "$P" ping -c 1 -W 2 "$GW_IP" >/dev/null 2>&1

# start ENGINE N: the relay for N streams in the gateway namespace, pid in RELAY
start() {
	local e=$1 n=$2
	case $e in
	sockets | xdp)
		ip netns exec "$G" "$B/tests/tools/rtprelay" -e "$e" -i "$VG" -a "$GW_IP" -p $RBASE \
			-n "$n" -P "$PE_IP:40002" >"$T/relay.out" 2>"$T/relay.err" &
		RELAY=$!
		for _ in $(seq 1 100); do grep -q '^ready' "$T/relay.out" && return 0; sleep 0.1; done
		;;
	rtpengine)
		ip netns exec "$G" rtpengine --config-file=none --foreground --log-stderr -L 3 \
			--table=-1 --interface="$GW_IP" --listen-ng="$GW_IP:$NGPORT" \
			--port-min=30000 --port-max=60000 >"$T/relay.out" 2>"$T/relay.err" &
		RELAY=$!
		for _ in $(seq 1 100); do
			ip netns exec "$G" ss -Hlun "sport = :$NGPORT" 2>/dev/null | grep -q . && return 0
			sleep 0.1
		done
		;;
	esac
	cat "$T/relay.err" >&2
	return 1
}

stop() {
	kill -TERM "$RELAY" 2>/dev/null
	wait "$RELAY" 2>/dev/null
	RELAY=
}

# field NAME: from rtpload's RESULT line
field() { grep -o " $1=[0-9]*" "$T/load.out" | cut -d= -f2; }

rows=()
for e in $ENGINES; do
	if [ "$e" = rtpengine ] && ! command -v rtpengine >/dev/null; then
		rows+=("$(printf '%-10s %s' rtpengine 'not installed (Debian rtpengine-daemon)')")
		continue
	fi
	for n in $STREAMS; do
		if ! start "$e" "$n"; then
			rows+=("$(printf '%-10s %7s  %s' "$e" "$n" "did not start: $(tail -1 "$T/relay.err")")")
			continue
		fi
		if [ "$e" = rtpengine ]; then
			target=(-g "$GW_IP:$NGPORT")
		else
			target=(-t "$GW_IP" -p $RBASE)
		fi
		ip netns exec "$P" "$B/rtpload" -n "$n" -l "$PE_IP" -T 40000 -R 40002 "${target[@]}" \
			-d "$SECS" -C "$RELAY" >"$T/load.out" 2>&1
		stop
		if ! grep -q '^RESULT' "$T/load.out"; then
			rows+=("$(printf '%-10s %7s  %s' "$e" "$n" "load failed: $(tail -1 "$T/load.out")")")
			continue
		fi
		sent=$(field sent) lost=$(field lost) win=$(field window_ms) cpu=$(field cpu_ms)
		self=$(field self_cpu_ms) rss=$(field rss_kb)
		rows+=("$(awk -v e="$e" -v n="$n" -v sent="$sent" -v lost="$lost" -v win="$win" \
			-v cpu="$cpu" -v self="$self" -v rss="$rss" -v late="$(field late)" \
			-v p50="$(field p50_us)" -v p99="$(field p99_us)" -v p999="$(field p999_us)" \
			-v max="$(field max_us)" 'BEGIN {
			pct = win ? 100 * cpu / win : 0          # % of one core
			nspp = sent ? cpu * 1e6 / sent : 0       # CPU ns per packet relayed
			us_ss = n && win ? cpu * 1e6 / n / win : 0 # CPU us per stream per second
			cap = pct > 0 ? int(n * 100 / pct) : 0   # streams one core at this cost
			printf "%-10s %7d %7.1f %8.0f %8.1f %9d %8.3f %6d %7d %7d %7d %8d %6.0f %6.0f",
				e, n, pct, nspp, us_ss, cap, sent ? 100 * lost / sent : 0, late,
				p50, p99, p999, max, rss / 1024, win ? 100 * self / win : 0 }')")
	done
done

printf '\nRTP relay bench (veth between two netns, %s s per run, %d cores, %s)\n' "$SECS" "$(nproc)" \
	"$(date -u +%FT%TZ)"
printf '%-10s %7s %7s %8s %8s %9s %8s %6s %7s %7s %7s %8s %6s %6s\n' engine streams 'cpu%' \
	'ns/pkt' 'us/st/s' 'st/core*' 'loss%' late 'p50us' 'p99us' 'p99.9us' 'max us' 'RSS MB' 'load%'
for r in "${rows[@]}"; do echo "$r"; done
echo "cpu% = the relay process's utime+stime over the send window, % of one core;"
echo "ns/pkt = that CPU per packet relayed; us/st/s = CPU us per stream per second;"
echo "st/core* = streams one core would carry at that cost (extrapolated, not measured);"
echo "late = one-way delay > 20 ms; delays through the relay, sender to receiver (rtpload);"
echo "RSS = the relay's resident memory at the end; load% = rtpload's own CPU (same work each run)."
echo "sockets/xdp: tests/tools/rtprelay over media_io_ops; rtpengine $(rtpengine --version 2>&1 |
	awk '/Version/ {print $2}') userspace (--table=-1), calls set up over ng."
