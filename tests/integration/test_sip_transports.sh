#!/bin/bash
# SIP over TCP and TLS: sipp calls in over TCP (-t t1) and TLS (-t l1),
# prigated calls a TCP and a TLS trunk (sipp uas), IPv6 listening beside
# IPv4, CRLF keepalive answered, and a TLS client without a certificate
# from our CA refused. The CA and certificates are made here with openssl.
BASE=26000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
RTP=$((BASE + 900))
TLS_PORT=$((SIP_PORT + 1))
TCP_TRUNK=$((BASE + 84))   # BASE + 80 is the UDP trunk of lib.sh
TLS_TRUNK=$((BASE + 82))

# test CA, a certificate for the gateway and one for sipp (127.0.0.1 as IP SAN)
mkcert() {   # mkcert NAME
	openssl req -new -newkey rsa:2048 -nodes -keyout "$T/$1.key" -subj "/CN=$1" \
		-out "$T/$1.csr" 2>/dev/null &&
	openssl x509 -req -in "$T/$1.csr" -CA "$T/ca.crt" -CAkey "$T/ca.key" -CAcreateserial \
		-days 1 -out "$T/$1.crt" -extfile <(printf 'subjectAltName=IP:127.0.0.1,IP:::1\n') \
		2>/dev/null
}
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$T/ca.key" -out "$T/ca.crt" -days 1 \
	-subj "/CN=prigate test CA" 2>/dev/null
mkcert gw && mkcert peer || { echo "openssl failed"; exit 1; }
# a client certificate from another CA: must be refused
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$T/rogue.key" -out "$T/rogue.crt" \
	-days 1 -subj "/CN=rogue" 2>/dev/null

write_configs
sed -i -e "s|^\[sip\]$|[sip]\nlisten2 = ::1\ntransports = udp, tcp, tls\ntls_cert = $T/gw.crt\ntls_key = $T/gw.key\ntls_ca = $T/ca.crt|" \
	-e "s|^trunk = test$|trunk = tcp|" "$T/gw.ini"
cat >>"$T/gw.ini" <<EOI
[trunk tcp]
address = 127.0.0.1
port = $TCP_TRUNK
transport = tcp
[trunk tls]
address = 127.0.0.1
port = $TLS_TRUNK
transport = tls
EOI
check "config with transports, TLS and listen2 accepted" "$B/prigated" -t -c "$T/gw.ini"
start_gateway
start_pbx
wait_span_up || exit 1
sox -R -n -r 8000 -c 1 -t al "$T/noise.al" synth 2 whitenoise vol 0.7

sipp_tp() {   # sipp_tp SCENARIO SERVICE TRANSPORT ADDR:PORT [args]
	local sf=$1 service=$2 tp=$3 dst=$4
	shift 4
	sipp -sf "$sf" -s "$service" -t "$tp" -m 1 -l 1 -timeout 30s -timeout_error -nostdin \
		-trace_err -error_file "$T/sipp_err.log" "$@" "$dst" >>"$T/sipp.out" 2>&1
}

# 1. TCP in: answered call with echo, audio exact
"$B/tests/tools/rtpcat" -l $RTP -s "$T/noise.al" -o "$T/echo_tcp.al" -t 5 &
rp=$!
check "TCP: answered call (INVITE/200/ACK/BYE on one connection)" \
	sipp_tp "$S/uac_call.xml" 100 t1 127.0.0.1:$SIP_PORT -i 127.0.0.1 \
	-p $((BASE + 1001)) -key rtpport $RTP -key pt 8 -key codec PCMA -d 3000 \
	-trace_msg -message_file "$T/tcp_msgs.log"
wait $rp
check "TCP: A-law audio echoed byte for byte" "$B/tests/tools/audiocmp" "$T/noise.al" "$T/echo_tcp.al"
check "TCP: the gateway's 200 and Contact say TCP" \
	bash -c "grep -q 'Contact: <sip:prigate@127.0.0.1:$SIP_PORT;transport=tcp>' '$T/tcp_msgs.log' &&
	grep -q '^Via: SIP/2.0/TCP' '$T/tcp_msgs.log'"
check "TCP: no call or channel left" idle

# 2. TLS in, with a client certificate from our CA (sipp here has no TLS:
#    tests/tools/sip_tls_peer.py is the peer)
TLSPEER="python3 $ROOT/tests/tools/sip_tls_peer.py"
check "TLS: OPTIONS, then a call answered (INVITE/200/ACK, BYE/200) over TLS 1.2+" \
	$TLSPEER uac 127.0.0.1 $TLS_PORT "$T/peer.crt" "$T/peer.key" "$T/ca.crt" 100
check "TLS: no call or channel left" idle

# 3. TLS client with a certificate of another CA: handshake refused
check "TLS: a client certificate from an unknown CA is refused" \
	bash -c "! $TLSPEER uac 127.0.0.1 $TLS_PORT '$T/rogue.crt' '$T/rogue.key' '$T/ca.crt' 100"
check "TLS: the refusal is logged with the certificate error" \
	grep -q "peer certificate\|certificate verify failed\|unknown ca" "$T/prigated.log"
check "TLS: openssl s_client verifies our certificate against the CA" \
	bash -c "echo | openssl s_client -connect 127.0.0.1:$TLS_PORT -CAfile '$T/ca.crt' \
	-verify_ip 127.0.0.1 -cert '$T/peer.crt' -key '$T/peer.key' -verify_return_error 2>&1 \
	| grep -q 'Verify return code: 0 (ok)'"
check "TLS: TLS 1.1 is refused" \
	bash -c "! (echo | openssl s_client -connect 127.0.0.1:$TLS_PORT -tls1_1 2>&1 | grep -q 'Cipher is [A-Z]')"

# 4. CRLF keepalive over TCP: a CRLFCRLF ping gets a CRLF pong (RFC 5626)
pong=$(python3 - "$SIP_PORT" <<'EOP'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3)
s.sendall(b"\r\n\r\n")
print(repr(s.recv(16)))
EOP
)
check "TCP: CRLFCRLF ping answered by CRLF ($pong)" test "$pong" = "b'\\r\\n'"

# 5. a message split across TCP segments, and two in one segment
resp=$(python3 - "$SIP_PORT" <<'EOP'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3)
def opt(b):
    return ("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK%s\r\n"
            "From: <sip:a@b>;tag=1\r\nTo: <sip:x@y>\r\nCall-ID: %s\r\nCSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n" % (b, b)).encode()
m = opt("a1")
s.sendall(m[:30]); time.sleep(0.2); s.sendall(m[30:] + opt("a2") + opt("a3"))
time.sleep(0.5)
print(s.recv(65536).decode().count("SIP/2.0 200 OK"))
EOP
)
check "TCP: stream framing by Content-Length (3 OPTIONS, 3 x 200, got $resp)" test "$resp" = 3

# 6. IPv6: OPTIONS over UDP and TCP to [::1] (listen2)
options6() { sipp -sf "$S/options.xml" -s 100 -t "$1" -m 1 -timeout 5s -timeout_error -nostdin \
	-i ::1 -p "$2" "[::1]:$SIP_PORT" >>"$T/sipp6.out" 2>&1; }
check "IPv6: OPTIONS over UDP to [::1] answered" options6 u1 $((BASE + 1004))
check "IPv6: OPTIONS over TCP to [::1] answered" options6 t1 $((BASE + 1005))

# 7. PRI -> SIP over a TCP trunk, then a TLS trunk (sipp uas)
sipp -sf "$S/uas_answer.xml" -t t1 -i 127.0.0.1 -p $TCP_TRUNK -m 1 -timeout 30s -timeout_error \
	-nostdin -trace_err -error_file "$T/uas_tcp.err" -rtp_echo -mp $((BASE + 700)) \
	>"$T/uas_tcp.out" 2>&1 &
uas=$!
sleep 0.5
check "PRI -> TCP trunk: answered" pbxctl call --from 5550100 --duration 2 5551234
check "PRI -> TCP trunk: sipp saw INVITE/ACK/BYE over TCP" wait $uas
sed -i "s|^trunk = tcp$|trunk = tls|" "$T/gw.ini"
check "reload: span now routes to the TLS trunk" gwctl reload
$TLSPEER uas $TLS_TRUNK "$T/peer.crt" "$T/peer.key" >"$T/uas_tls.out" 2>&1 &
uas=$!
sleep 0.5
check "PRI -> TLS trunk: answered, server certificate verified" \
	pbxctl call --from 5550100 --duration 2 5551234
check "PRI -> TLS trunk: the peer saw INVITE/ACK/BYE over TLS" wait $uas
check "trunks: no call or channel left" idle
finish
