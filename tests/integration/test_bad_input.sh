#!/bin/bash
# Bad input gets a clear error or a protocol-correct answer: prigated -t on
# broken configs (exit 2, FILE: [section] key: problem), malformed and
# unknown SIP requests (400/501/405/481), and the daemon keeps working.
BASE=26000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp

# configuration: the sample is good, every broken variant is refused exactly
check "sample config passes -t" "$B/prigated" -t -c "$ROOT/conf/prigate.ini.sample"
check "demo config passes -t" "$B/prigated" -t -c "$ROOT/conf/prigate-demo.ini"
bad_conf() { # expected-message sed-expression
	sed -e "$2" "$ROOT/conf/prigate.ini.sample" >"$T/bad.ini"
	"$B/prigated" -t -c "$T/bad.ini" >"$T/out" 2>&1
	local rc=$?
	[ $rc = 2 ] && grep -qxF "$T/bad.ini: $1" "$T/out" || { echo "rc=$rc: $(cat "$T/out")"; false; }
}
check "bad port" bad_conf "[sip] port: 70000 is out of range (allowed: 1-65535)" 's/^port = 5060/port = 70000/'
check "bad law" bad_conf "[span 1] law: 'slaw' is not valid (allowed: alaw, ulaw)" 's/^law = alaw/law = slaw/'
check "unknown key" bad_conf "[span 1] colour: unknown key (allowed: backend, framing, law, signalling, switchtype, device, listen, hunt, trunk, debug, restart, echocancel, overlap, t302_ms, send_name)" 's/^law = alaw/colour = red/'
check "missing trunk" bad_conf "[span 1] trunk: 'nowhere' is not a [trunk NAME] section" 's/^trunk = itsp/trunk = nowhere/'
check "unknown section" bad_conf "[spam 1]: unknown section (allowed: general, sip, media, trunk NAME, span N, route.in NAME, route.out NAME, group NAME, causes NAME, numbering)" 's/^\[span 1\]/[spam 1]/'
check "route to a missing trunk" bad_conf "[route.in from-pbx] rule.default: target 'trunk:nowhere' is not a [trunk NAME] section" 's/^\(rule.default.*\)-> trunk:itsp$/\1-> trunk:nowhere/'
check "missing file: exit 2" bash -c "'$B/prigated' -t -c /nonexistent.ini; [ \$? = 2 ]"

start_all || exit 1

# SIP: each probe is sent from its own socket and the first answer read back
probe() { # expected-status-line message
	local out
	printf '%b' "$2" >"$T/probe"
	exec 3<>/dev/udp/127.0.0.1/$SIP_PORT
	cat "$T/probe" >&3 # one write, one datagram
	for _ in 1 2 3; do # the first final answer, past any 100 Trying
		out=$(timeout 2 dd bs=65536 count=1 2>/dev/null <&3 | head -1 | tr -d "\r")
		[[ "$out" == "SIP/2.0 1"* ]] || break
	done
	exec 3>&-
	[[ "$out" == "$1"* ]] || { echo "got: '$out'"; false; }
}
# (no CRLF at the end: $(...) would strip it)
hdrs='Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK%s;rport\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nMax-Forwards: 70'
check "no Call-ID: 400" probe "SIP/2.0 400" "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" a)\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
check "bad CSeq: 400" probe "SIP/2.0 400" "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" b)\r\nCall-ID: x1\r\nCSeq: x OPTIONS\r\nContent-Length: 0\r\n\r\n"
check "SIP/3.0: 505" probe "SIP/2.0 505" "OPTIONS sip:100@127.0.0.1 SIP/3.0\r\n$(printf "$hdrs" c)\r\nCall-ID: x2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
check "unknown method: 501" probe "SIP/2.0 501" "FROBNICATE sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" d)\r\nCall-ID: x3\r\nCSeq: 1 FROBNICATE\r\nContent-Length: 0\r\n\r\n"
check "REGISTER: 405" probe "SIP/2.0 405" "REGISTER sip:127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" e)\r\nCall-ID: x4\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n"
check "BYE outside a dialog: 481" probe "SIP/2.0 481" "BYE sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" f)\r\nCall-ID: x5\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n"
check "OPTIONS: 200" probe "SIP/2.0 200" "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" g)\r\nCall-ID: x6\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
check "INVITE without SDP: 488" probe "SIP/2.0 488" "INVITE sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" h)\r\nCall-ID: x7\r\nCSeq: 1 INVITE\r\nContact: <sip:a@127.0.0.1:9>\r\nContent-Length: 0\r\n\r\n"
check "Content-Length beyond the datagram: 400" probe "SIP/2.0 400" "OPTIONS sip:100@127.0.0.1 SIP/2.0\r\n$(printf "$hdrs" i)\r\nCall-ID: x8\r\nCSeq: 1 OPTIONS\r\nContent-Length: 500\r\n\r\nshort"
check "Max-Forwards 0: 483" probe "SIP/2.0 483" "INVITE sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKj\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:100@127.0.0.1>\r\nMax-Forwards: 0\r\nCall-ID: x9\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"
for i in $(seq 1 50); do head -c $((RANDOM % 1400 + 1)) /dev/urandom >/dev/udp/127.0.0.1/$SIP_PORT; done
check "after 50 random datagrams a call still works" sipp_uac "$S/uac_call.xml" 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 500
check "no call or channel left" idle
finish
