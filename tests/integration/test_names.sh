#!/bin/bash
# Calling name (issue 5) both ways with exact strings: the Q.931 display IE
# <-> the SIP From display-name (and P-Asserted-Identity's), escaping,
# characters beyond IA5, presentation restricted; and "prigatectl route
# test --json" checked byte for byte.
BASE=30500
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp

cat >"$T/gw.ini" <<EOI
[general]
control = $T/gw.ctl
log_level = info
[sip]
listen = 127.0.0.1
port = $SIP_PORT
[media]
rtp_address = 127.0.0.1
rtp_port_min = $RTP_MIN
rtp_port_max = $RTP_MAX
[numbering]
country = 49
area = 30
[trunk itsp]
address = 127.0.0.1
port = $TRUNK_PORT
max_calls = 10
causes = itsp
[causes itsp]
sip.480 = 34
[group pbx]
spans = 1
max_cps = 5
[span 1]
backend = sim
device = $T/e1.sock
listen = yes
[route.in pbx]
rule.default = from_ton=international -> trunk:itsp
[route.out itsp]
rule.pbx = match=+4930 ton=subscriber -> group:pbx
EOI
start_gateway
sed -e "s|^cable *=.*|cable = $T/e1.sock|" -e "s|^control *=.*|control = $T/pbx.ctl|" \
	"$ROOT/conf/pbxsim-demo.ini" >"$T/pbx.ini"
start_pbx
wait_span_up || exit 1

uas() {
	rm -f "$T/uas.msgs"
	sipp -sf "$S/uas_answer.xml" -i 127.0.0.1 -p "$TRUNK_PORT" -m 1 -timeout 30s \
		-timeout_error -nostdin -trace_err -error_file "$T/uas_err.log" -trace_msg \
		-message_file "$T/uas.msgs" >>"$T/uas.out" 2>&1 &
	UAS=$!
	sleep 0.5
}
# the INVITE's header NAME, the tag cut off
hdr() { sed -n '/^INVITE /,/^\r\{0,1\}$/p' "$T/uas.msgs" | tr -d '\r' | sed -n "s/^$1: //p" |
	sed 's/;tag=.*//'; }
pbx_name() { grep -o 'SETUP calling name .*' "$T/pbxsim.log" | tail -1; }

# 1. PRI -> SIP: display IE -> From display-name and P-Asserted-Identity's
uas
check "PRI -> SIP name: answered" pbxctl call --from 0301234567 --name "Alice Smith" \
	--duration 0.5 5551234
wait $UAS
check "PRI -> SIP name: the gateway got the name" \
	grep -q "SETUP from '0301234567' to '5551234' .*, name 'Alice Smith'" "$T/prigated.log"
check "PRI -> SIP name: From" \
	test "$(hdr From)" = "\"Alice Smith\" <sip:+49301234567@127.0.0.1:$SIP_PORT>"
check "PRI -> SIP name: P-Asserted-Identity" \
	test "$(hdr P-Asserted-Identity)" = '"Alice Smith" <sip:+49301234567@127.0.0.1;user=phone>'

# 2. quotes and backslashes are escaped (RFC 3261 25.1 quoted-pair)
uas
check "PRI -> SIP escaped name: answered" pbxctl call --from 0301234567 \
	--name 'Bob "The" O\Neil' --duration 0.5 5551234
wait $UAS
check "PRI -> SIP escaped name: From" \
	test "$(hdr From)" = "\"Bob \\\"The\\\" O\\\\Neil\" <sip:+49301234567@127.0.0.1:$SIP_PORT>"

# 3. CLIR: the PBX restricts the name with the number, so no display IE
uas
check "PRI -> SIP CLIR name: answered" pbxctl call --clir --from 0301234567 \
	--name "Alice Smith" --duration 0.5 5551234
wait $UAS
check "PRI -> SIP CLIR name: From anonymous" \
	test "$(hdr From)" = '"Anonymous" <sip:anonymous@anonymous.invalid>'
check "PRI -> SIP CLIR name: the name was withheld on the PRI" bash -c \
	"tail -1 <(grep \"SETUP from '0301234567'\" '$T/prigated.log') | grep -qv ', name '"
check "PRI -> SIP CLIR name: P-Asserted-Identity without a name" \
	test "$(hdr P-Asserted-Identity)" = '<sip:+49301234567@127.0.0.1;user=phone>'
check "PRI -> SIP CLIR name: Privacy: id" test "$(hdr Privacy)" = "id"

# 4. no name: no display-name
uas
check "PRI -> SIP no name: answered" pbxctl call --from 0301234567 --duration 0.5 5551234
wait $UAS
check "PRI -> SIP no name: From without display-name" \
	test "$(hdr From)" = "<sip:+49301234567@127.0.0.1:$SIP_PORT>"

# 5. SIP -> PRI: From display-name -> display IE
call_name() { sipp_uac "$S/uac_call_name.xml" +4930100 -key rtpport $((BASE + 900)) \
	-key pt 8 -key codec PCMA -key dname "$1" -d 300; }
check "SIP -> PRI name: answered" call_name '"Test Caller"'
check "SIP -> PRI name: PBX got the display IE" test "$(pbx_name)" = 'SETUP calling name "Test Caller"'
check "SIP -> PRI token name: answered" call_name 'Carol  Jones'
check "SIP -> PRI token name: as a token list" \
	test "$(pbx_name)" = 'SETUP calling name "Carol  Jones"'
check "SIP -> PRI UTF-8 escaped name: answered" call_name '"Jürgen \"J\" Müller"'
check "SIP -> PRI UTF-8 escaped name: unescaped, IA5 ('?' beyond ASCII)" \
	test "$(pbx_name)" = 'SETUP calling name "J?rgen "J" M?ller"'
n=$(grep -c 'SETUP calling name' "$T/pbxsim.log")

# 6. SIP -> PRI with Privacy: id: the asserted name is restricted, no display IE
check "SIP -> PRI restricted: answered" sipp_uac "$S/uac_call_ident.xml" +4930100 \
	-key rtpport $((BASE + 902)) -key pt 8 -key codec PCMA -d 300
check "SIP -> PRI restricted: no name sent" test "$(grep -c 'SETUP calling name' "$T/pbxsim.log")" = "$n"
check "names: no call or channel left" idle

# 7. route test --json, exact
cat >"$T/rt_out.json" <<EOE
{"direction":"sip-to-pri","matched":true,"rule":{"table":"itsp","name":"pbx","prio":100},"called":{"in":"+4930100","out":"100","ton":"subscriber","npi":"isdn"},"calling":{"in":"0301234567","out":"0301234567","ton":"unknown","npi":"unknown"},"identity":{"presentation":"allowed","name":"Test\\"C\\"","redirecting":""},"targets":[{"type":"span","span":1,"group":"pbx","hunt":"ascending","max_calls":0,"max_cps":5,"calls":0}],"failover":{"sip":[408,500,503,504],"causes":[34,38,41,42]},"limit":0,"active":0,"emergency":false,"source_trunk":"itsp","causes":{"table":"itsp","sip":{"480":34},"q850":{}}}
EOE
check "route test --json SIP -> PRI: exact" diff -u "$T/rt_out.json" \
	<(gwctl route test --json --from 0301234567 --name 'Test"C"' --source trunk:itsp +4930100)
cat >"$T/rt_in.json" <<EOE
{"direction":"pri-to-sip","matched":true,"rule":{"table":"pbx","name":"default","prio":100},"called":{"in":"5551234","out":"5551234","ton":"unknown","npi":"unknown"},"calling":{"in":"0301234567","out":"+49301234567","ton":"international","npi":"isdn"},"identity":{"presentation":"allowed","name":"Alice","redirecting":""},"targets":[{"type":"trunk","name":"itsp","address":"127.0.0.1","port":$TRUNK_PORT,"emergency":true,"max_calls":10,"max_cps":0,"calls":0,"causes":{"table":"itsp","sip":{"480":34},"q850":{}}}],"failover":{"sip":[408,500,503,504],"causes":[34,38,41,42]},"limit":0,"active":0,"emergency":false}
EOE
check "route test --json PRI -> SIP: exact (the option after the command too)" diff -u \
	"$T/rt_in.json" <(gwctl route test --source span:1 --from 0301234567 --name Alice --json 5551234)
check "route test --json, no rule: exact, status 1" bash -c "diff <('$B/prigatectl' -s '$T/gw.ctl' \
--json route test 999 2>&1) - <<<'{\"direction\":\"sip-to-pri\",\"matched\":false,\"cause\":3,\
\"cause_text\":\"No route to destination\",\"sip\":404}' && ! '$B/prigatectl' -s '$T/gw.ctl' \
--json route test 999 >/dev/null 2>&1"
check "route test --json is JSON" python3 -c "import json,sys; json.load(open('$T/rt_in.json'))"

finish
