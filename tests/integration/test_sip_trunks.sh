#!/bin/bash
# SIP trunks: registration with digest against a registrar (sipp checking
# the credentials with verifyauth), an INVITE challenged with 407 and sent
# again with credentials, OPTIONS keepalive marking a dead trunk down, and
# `prigatectl trunks`; credentials never appear in the log.
BASE=28000
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
REG_PORT=$((BASE + 84))
DEAD_PORT=$((BASE + 86))
write_configs
sed -i -e 's/^\[sip\]$/[sip]\nt1_ms = 50/' "$T/gw.ini"
sed -i -e "/^\[trunk test\]$/a username = carol\npassword = Tr0ub4dor-3\nrealm = prigate.test" "$T/gw.ini"
cat >>"$T/gw.ini" <<EOI
[trunk reg]
address = 127.0.0.1
port = $REG_PORT
username = alice
password = c0rrect-h0rse
register = yes
expires = 3600
[trunk dead]
address = 127.0.0.1
port = $DEAD_PORT
keepalive = 1
EOI

# the registrar first, so the gateway's first REGISTER finds it
sipp -sf "$S/uas_register_auth.xml" -i 127.0.0.1 -p $REG_PORT -m 1 -timeout 20s -timeout_error \
	-nostdin -trace_err -error_file "$T/reg.err" -key user alice -key password c0rrect-h0rse \
	-key expires 1800 >"$T/reg.out" 2>&1 &
reg=$!
sleep 0.3
# debug logging (-v -v): the passwords must not show even there
"$B/prigated" -f -c "$T/gw.ini" -v -v >"$T/prigated.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$T/e1.sock" ] && break; sleep 0.1; done
start_pbx
wait_span_up || exit 1

check "registrar: REGISTER challenged, then accepted with valid MD5 credentials" wait $reg
trunk_json() { gwctl --json trunks | grep -o "{\"name\":\"$1\"[^}]*}"; }
for _ in $(seq 1 50); do trunk_json dead | grep -q '"up":false' && break; sleep 0.1; done
echo "trunks:"; gwctl trunks
trunk_is() { trunk_json "$1" | grep -q "$2"; }
check "trunks: reg registered, 1800 s granted, refresh scheduled before expiry" \
	trunk_is reg '"state":"registered","up":true,"last_status":200,"expires_s":1800,"next_s":17[0-9][0-9]'
check "trunks: dead marked down after timer F (OPTIONS unanswered)" \
	trunk_is dead '"state":"down","up":false,"last_status":408'
check "trunks: test (no keepalive) is static and up" trunk_is test '"state":"static","up":true'

# PRI -> SIP to a trunk that challenges the INVITE with 407
sipp -sf "$S/uas_answer_auth.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
	-nostdin -trace_err -error_file "$T/uas.err" -key user carol -key password Tr0ub4dor-3 \
	-mp $((BASE + 700)) >"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
check "PRI -> SIP: 401, INVITE again with Authorization, answered" \
	pbxctl call --from 5550100 --duration 2 5551234
check "trunk: sipp verified the credentials, saw ACK/BYE" wait $uas
check "passwords never in the log (debug level)" \
	bash -c "! grep -q 'c0rrect-h0rse\|Tr0ub4dor-3' '$T/prigated.log'"
check "digest answers were sent (seen in the debug log)" \
	grep -q "^Authorization: Digest username=\"carol\", realm=\"prigate.test\"" "$T/prigated.log"
check "trunks: no call or channel left" idle
finish
