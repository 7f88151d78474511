#!/bin/bash
# The media I/O engines in network namespaces: two namespaces joined by a
# veth pair, the relay (tests/tools/rtprelay: the media engine's packet
# path) on one side, rtpload's streams on the other.
#   - sockets and AF_XDP each relay every packet once, in order, byte-exact;
#   - with AF_XDP every RTP packet bypasses the kernel both ways, while
#     ping, UDP to other ports and to unused ports in the RTP range on the
#     same interface still reach the kernel; the program is gone after;
#   - AF_XDP refused (device missing, or another XDP program attached):
#     the engine says why and falls back to sockets;
#   - prigated itself with [media] engine = xdp on the veth, sipp and rtpcat
#     in the other namespace: a SIP -> PRI call's A-law audio echoed byte
#     for byte (wrong-source RTP dropped), SIP on the same interface; and
#     the same call when XDP is refused, on sockets, with the reason logged.
# Skipped, saying so, only when namespaces cannot be created here.
BASE=29000
. "$(dirname "$0")/lib.sh"

G=pgtg$$
P=pgtp$$
VG=vg$$
VP=vp$$
GW_IP=10.77.$((($$ >> 8) % 250)).1
PE_IP=${GW_IP%.1}.2
RBASE=$((BASE + 100))   # relay: in BASE+4i, out BASE+4i+2
TXP=$((BASE + 700))     # rtpload's send and receive ports
RXP=$((BASE + 702))
N=${NETNS_STREAMS:-20}

netns_cleanup() {
	ip netns del "$G" 2>/dev/null
	ip netns del "$P" 2>/dev/null
	cleanup
}
trap netns_cleanup EXIT

if ! ip netns add "$G" 2>"$T/netns.err"; then
	echo "skip - network namespaces unavailable here: $(cat "$T/netns.err")"
	exit 0
fi
ip netns add "$P" &&
	ip link add "$VG" netns "$G" type veth peer name "$VP" netns "$P" &&
	ip -n "$G" addr add "$GW_IP/24" dev "$VG" && ip -n "$P" addr add "$PE_IP/24" dev "$VP" &&
	ip -n "$G" link set lo up && ip -n "$P" link set lo up &&
	ip -n "$G" link set "$VG" up && ip -n "$P" link set "$VP" up || {
	not_ok "namespaces and veth set up"
	finish
	exit 1
}

gx() { ip netns exec "$G" "$@"; }
px() { ip netns exec "$P" "$@"; }

# start_relay NAME ARGS...: the relay in the gateway namespace, waits for "ready"
start_relay() {
	local name=$1
	shift
	ip netns exec "$G" "$B/tests/tools/rtprelay" -a "$GW_IP" -p "$RBASE" -n "$N" -P "$PE_IP:$RXP" "$@" \
		>"$T/$name.out" 2>"$T/$name.err" &
	RELAY=$!
	for _ in $(seq 1 50); do grep -q '^ready' "$T/$name.out" && return 0; sleep 0.1; done
	cat "$T/$name.err" >&2
	return 1
}

stop_relay() {
	kill -TERM "$RELAY" 2>/dev/null
	wait "$RELAY" 2>/dev/null
}

load() {
	px "$B/rtpload" -n "$N" -l "$PE_IP" -T "$TXP" -R "$RXP" -t "$GW_IP" -p "$RBASE" -d "${1:-3}" -x \
		>"$T/load.out" 2>&1
}

# field NAME FILE: the value of NAME=... in FILE's last counters line
field() { grep -o "$1=[0-9]*" "$2" | tail -1 | cut -d= -f2; }

# a UDP datagram from the peer namespace to the gateway's PORT reaches a kernel socket there
udp_reaches_kernel() {
	local port=$1
	gx timeout 5 python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('$GW_IP', $port)); s.settimeout(4)
print('ready', flush=True)
d = s.recvfrom(100)[0]
sys.exit(0 if d == b'not rtp' else 1)" >"$T/udp.out" 2>&1 &
	local srv=$!
	for _ in $(seq 1 30); do grep -q ready "$T/udp.out" && break; sleep 0.1; done
	px python3 -c "
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'not rtp', ('$GW_IP', $port))"
	wait $srv
}

px ping -c 1 -W 2 "$GW_IP" >/dev/null 2>&1   # the neighbours know each other

# 1. sockets
if start_relay sockets -e sockets; then
	load 3
	check "sockets: $N streams relayed, none lost, in order, byte-exact" test $? = 0
	cat "$T/load.out"
	stop_relay
	check "sockets: relay counted every packet in and out" \
		test "$(field rx "$T/sockets.out")" = "$(field sent "$T/load.out")" -a \
		"$(field tx "$T/sockets.out")" = "$(field sent "$T/load.out")"
else
	not_ok "sockets: relay started"
fi

# 2. AF_XDP
if start_relay xdp -e xdp -i "$VG"; then
	check "xdp: program attached to $VG" sh -c "ip -n $G link show $VG | grep -q 'prog/xdp'"
	load 3 &
	lp=$!
	sleep 0.5
	check "xdp: ping to the gateway's address still answered" \
		px ping -c 3 -i 0.2 -W 2 "$GW_IP"
	check "xdp: UDP to another port still reaches the kernel" udp_reaches_kernel $((BASE + 650))
	check "xdp: UDP to an unused port in the RTP range reaches the kernel" \
		udp_reaches_kernel $((RBASE + 1))
	wait $lp
	check "xdp: $N streams relayed, none lost, in order, byte-exact" test $? = 0
	cat "$T/load.out"
	stop_relay
	cat "$T/xdp.err" "$T/xdp.out"
	check "xdp: every RTP packet in and out bypassed the kernel" \
		test "$(field rx_kernel "$T/xdp.out")" = 0 -a "$(field tx_kernel "$T/xdp.out")" = 0 -a \
		"$(field rx "$T/xdp.out")" = "$(field sent "$T/load.out")" -a \
		"$(field tx "$T/xdp.out")" = "$(field sent "$T/load.out")"
	check "xdp: program detached at exit" sh -c "! ip -n $G link show $VG | grep -q 'prog/xdp'"
else
	not_ok "xdp: relay started on $VG"
fi

# 3. AF_XDP refused: falls back to sockets and says why
if start_relay nodev -e xdp -i nosuchdev0 -F; then
	load 1
	check "fallback: no such device -> sockets, relayed byte-exact" test $? = 0
	stop_relay
	check "fallback: the reason is given" grep -q 'AF_XDP on nosuchdev0.*No such device.*using sockets' \
		"$T/nodev.err"
else
	not_ok "fallback: relay started without the device"
fi
# another XDP program on the interface: ours must not replace it
if gx sh -c "mount -t bpf bpf /sys/fs/bpf && xdp-filter load $VG --mode skb" >"$T/filter.out" 2>&1; then
	if start_relay busy -e xdp -i "$VG" -F; then
		load 1
		check "fallback: interface busy with another XDP program -> sockets, byte-exact" test $? = 0
		stop_relay
		check "fallback: the reason is given" grep -q "AF_XDP on $VG.*using sockets" "$T/busy.err"
	else
		not_ok "fallback: relay started on a busy interface"
	fi
	ip -n "$G" link set dev "$VG" xdpgeneric off
else
	echo "# xdp-filter could not load a program on $VG: $(tail -1 "$T/filter.out"); that case is not run"
fi

# 4. prigated: RTP on AF_XDP (and refused: sockets), SIP and pbxsim as in the skeleton tests
RTP=$((BASE + 900))
sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 2 whitenoise vol 0.7
for ifname in "$VG" nosuchdev0; do
	MEDIA_THREADS=1 write_configs # AF_XDP runs one media thread
	sed -i -e "s/^listen = 127.0.0.1/listen = $GW_IP/" \
		-e "s/^rtp_address = 127.0.0.1/rtp_address = $GW_IP/" \
		-e "s/^\[media\]/[media]\nengine = xdp\nxdp_interface = $ifname/" "$T/gw.ini"
	ip netns exec "$G" "$B/prigated" -f -c "$T/gw.ini" -v >"$T/prigated.log" 2>&1 &
	gwpid=$!
	PIDS+=($gwpid)
	for _ in $(seq 1 50); do [ -S "$T/e1.sock" ] && break; sleep 0.1; done
	start_pbx
	pbxpid=${PIDS[-1]}
	if ! wait_span_up; then
		not_ok "prigated ($ifname): span up"
		continue
	fi
	if [ "$ifname" = "$VG" ]; then
		check "prigated: AF_XDP engine on $VG" grep -q "media: AF_XDP on $VG queue 0" "$T/prigated.log"
		check "prigated: its XDP program is attached" sh -c "ip -n $G link show $VG | grep -q prog/xdp"
		what="xdp"
	else
		check "prigated: XDP refused, the reason logged, sockets used" \
			grep -q "AF_XDP on nosuchdev0 queue 0: No such device; using sockets" "$T/prigated.log"
		what="fallback to sockets"
	fi
	rm -f "$T/echo.al"
	px "$B/tests/tools/rtpcat" -a "$PE_IP" -l $RTP -s "$T/noise.al" -o "$T/echo.al" -t 5 \
		-b $((RTP + 2)) &
	rp=$!
	check "prigated ($what): call over SIP on the same interface answered" \
		px sipp -sf "$ROOT/tests/sipp/uac_call.xml" -s 100 -i "$PE_IP" -p $((BASE + 950)) \
		-m 1 -l 1 -timeout 30s -timeout_error -nostdin -key rtpport $RTP -key pt 8 \
		-key codec PCMA -d 4000 "$GW_IP:$SIP_PORT"
	wait $rp
	check "prigated ($what): A-law audio echoed byte for byte, wrong-source RTP dropped" \
		"$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo.al"
	check "prigated ($what): no call or channel left" idle
	kill -TERM "$gwpid" "$pbxpid"
	wait "$gwpid" "$pbxpid" 2>/dev/null
	check "prigated ($what): XDP program gone after exit" \
		sh -c "! ip -n $G link show $VG | grep -q prog/xdp"
done
finish
