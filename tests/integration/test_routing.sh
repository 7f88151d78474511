#!/bin/bash
# Routing (issue 5): route tables both ways, failover between two SIP
# trunks when the first answers 503, TON/NPI and presentation on the PRI,
# CLIR as Privacy: id + P-Asserted-Identity + anonymous From, per-rule
# limits, "prigatectl route test" output, reload during calls and reload
# of a broken file.
BASE=28500
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
TRUNK2_PORT=$((BASE + 81))

# gw_conf VARIANT: 1 the first rules, 2 after the reload, broken: a bad target
gw_conf() {
	local in_targets=trunk:itsp1,trunk:itsp2 out_prefix=+4930
	[ "$1" = 2 ] && in_targets=trunk:itsp2 && out_prefix=+4931
	[ "$1" = broken ] && in_targets=trunk:nope
	cat >"$T/gw.ini" <<EOI
[general]
control = $T/gw.ctl
log_level = info
[sip]
listen = 127.0.0.1
port = $SIP_PORT
t1_ms = 100
[media]
threads = 2
cpus = 0,1
rtp_address = 127.0.0.1
rtp_port_min = $RTP_MIN
rtp_port_max = $RTP_MAX
jitter_ms = 120
[numbering]
country = 49
area = 30
[trunk itsp1]
address = 127.0.0.1
port = $TRUNK_PORT
[trunk itsp2]
address = 127.0.0.1
port = $TRUNK2_PORT
emergency = no
causes = itsp2
redirecting = both
[causes itsp2]
sip.480 = 34
q850.34 = 486
[group pbx]
spans = 1
hunt = ascending
[span 1]
backend = sim
device = $T/e1.sock
listen = yes
[span 2]
backend = sim
device = $T/e2.sock
listen = yes
[route.in pbx]
rule.default = from_ton=international -> $in_targets
rule.emergency = match=112 emergency=yes -> trunk:itsp2,trunk:itsp1
[route.out itsp]
rule.pbx = match=$out_prefix ton=subscriber from_ton=national limit=1 -> group:pbx
rule.intl = match=_00X. prio=50 failover=503,cause:34 -> span:1
rule.two = match=+4932 strip=5 -> span:2,span:1
EOI
}

write_configs
gw_conf 1
start_gateway
start_pbx
# a second PBX on span 2 that has no circuit for 100
sed -e "s|^cable *=.*|cable = $T/e2.sock|" -e "s|^control *=.*|control = $T/pbx2.ctl|" \
	-e "s|^100 = echo|100 = reject 34|" "$ROOT/conf/pbxsim-demo.ini" >"$T/pbx2.ini"
"$B/pbxsim" -f -c "$T/pbx2.ini" >"$T/pbxsim2.log" 2>&1 &
PIDS+=($!)
wait_span_up || exit 1
for _ in $(seq 1 100); do [ "$(gwctl spans | grep -c ' up ')" = 2 ] && break; sleep 0.1; done

# a SIP trunk: uas NAME PORT SCENARIO [args]; messages in $T/NAME.msgs, pid in $NAME
uas() {
	local name=$1 port=$2 sf=$3
	shift 3
	sipp -sf "$sf" -i 127.0.0.1 -p "$port" -m 1 -timeout 30s -timeout_error -nostdin \
		-trace_err -error_file "$T/${name}_err.log" -trace_msg \
		-message_file "$T/$name.msgs" "$@" >>"$T/uas.out" 2>&1 &
	eval "$name=$!"
	sleep 0.5
}
pcall() { pbxctl call "$@" >"$T/call.out" 2>&1; }
# the INVITE sipp NAME received, one header per line
invite_of() { sed -n '/^INVITE /,/^$/p' "$T/$1.msgs" | tr -d '\r'; }
has() { grep -qxF -- "$2" <(invite_of "$1"); }

# 1. route test: the dry run, exact
cat >"$T/rt_out.exp" <<EOE
direction  SIP -> PRI
rule       [route.out itsp] rule.pbx (prio 100)
called     +4930100 -> 100 (ton subscriber, npi isdn)
calling    0301234567 -> 301234567 (ton national, npi isdn)
identity   allowed
targets    1. span:1 (group pbx, ascending)
failover   408 500 503 504 cause:34 cause:38 cause:41 cause:42
limit      1 calls (0 active)
emergency  no
causes     trunk:itsp1: RFC 3398
EOE
check "route test SIP -> PRI: exact output" \
	diff -u "$T/rt_out.exp" <(gwctl route test --from 0301234567 --source trunk:itsp1 +4930100)
cat >"$T/rt_in.exp" <<EOE
direction  PRI -> SIP
rule       [route.in pbx] rule.default (prio 100)
called     5551234 -> 5551234 (ton unknown, npi unknown)
calling    0301234567 -> +49301234567 (ton international, npi isdn)
identity   allowed: P-Asserted-Identity
targets    1. trunk:itsp1 (127.0.0.1:$TRUNK_PORT) 2. trunk:itsp2 (127.0.0.1:$TRUNK2_PORT)
failover   408 500 503 504 cause:34 cause:38 cause:41 cause:42
limit      none (0 active)
emergency  no
causes     trunk:itsp1: RFC 3398
causes     trunk:itsp2: [causes itsp2] 480->cause 34 cause 34->486, else RFC 3398
EOE
check "route test PRI -> SIP: exact output, failover order" \
	diff -u "$T/rt_in.exp" <(gwctl route test --source span:1 --from 0301234567 5551234)
check "route test: emergency never goes to a non-emergency trunk" \
	grep -qx "targets    1. trunk:itsp1 (127.0.0.1:$TRUNK_PORT)" \
	<(gwctl route test --source span:1 112)
check "route test: no rule -> cause 3" \
	grep -qx "no rule matches: cause 3 (No route to destination), SIP 404" \
	<(gwctl route test 999 2>&1)

# 2. PRI -> SIP: itsp1 answers 503, the call goes on to itsp2 and is answered
sf503=$(scenario "$S/uas_reject.xml.in" 503 0)
sed -i '/^ *Reason:/d' "$sf503"
uas itsp1 $TRUNK_PORT "$sf503"
# itsp2 names the party that answered (RFC 3325): COLP towards the PBX
sed '/^ *SIP\/2.0 200 OK/,/^ *Content-Type/s|^\( *\)Content-Type|\1P-Asserted-Identity: <sip:+4930555@[local_ip];user=phone>\n\1Content-Type|' \
	"$S/uas_answer.xml" >"$T/uas_answer_pai.xml"
uas itsp2 $TRUNK2_PORT "$T/uas_answer_pai.xml"
check "failover: PBX call answered via itsp2" pcall --from 0301234567 --redirecting 0309999/1 \
	--duration 2 5551234
check "failover: itsp1 saw the INVITE and sent 503" wait $itsp1
check "failover: itsp2 answered, got BYE cause 16" wait $itsp2
check "COLP: the 200's P-Asserted-Identity is the CONNECT's connected number" \
	grep -qx "connected 4930555" "$T/call.out"
check "failover: logged" grep -q "trunk itsp1 answered 503, failed over to trunk itsp2" \
	"$T/prigated.log"
check "failover: INVITE to itsp2 with E.164 caller in From and P-Asserted-Identity" \
	has itsp2 "P-Asserted-Identity: <sip:+49301234567@127.0.0.1;user=phone>"
check "failover: INVITE to itsp2 for 5551234" grep -q "^INVITE sip:5551234@127.0.0.1" \
	<(invite_of itsp2)
no_privacy() { ! invite_of "$1" | grep -qi '^Privacy:'; }
check "failover: no Privacy header when presentation is allowed" no_privacy itsp2
check "redirected: Diversion to itsp1 (its default)" \
	has itsp1 "Diversion: <sip:0309999@127.0.0.1>;reason=user-busy;counter=1"
no_hi() { ! invite_of "$1" | grep -qi '^History-Info:'; }
check "redirected: no History-Info to itsp1" no_hi itsp1
check "redirected: Diversion to itsp2 (redirecting = both)" \
	has itsp2 "Diversion: <sip:0309999@127.0.0.1>;reason=user-busy;counter=1"
check "redirected: History-Info to itsp2, busy as cause=486 (RFC 4458)" \
	has itsp2 "History-Info: <sip:0309999@127.0.0.1>;index=1,<sip:5551234@127.0.0.1;cause=486>;index=1.1;mp=1"
check "failover: no call or channel left" idle

# 2b. itsp1 does not answer at all: timer B (64 x T1 = 6.4 s here), then itsp2
rm -f "$T/itsp2.msgs"
uas itsp2 $TRUNK2_PORT "$S/uas_answer.xml"
check "no answer: PBX call answered via itsp2" pcall --from 0301234567 --duration 1 5551234
check "no answer: itsp2 answered" wait $itsp2
check "no answer: logged as 408 and failed over" \
	grep -q "trunk itsp1 answered 408, failed over to trunk itsp2" "$T/prigated.log"
check "no answer: no call or channel left" idle

# 3. CLIR from the PBX: anonymous From, P-Asserted-Identity, Privacy: id
rm -f "$T/itsp1.msgs"
uas itsp1 $TRUNK_PORT "$S/uas_answer.xml"
check "CLIR: answered" pcall --clir --from 0301234567 --duration 1 5551234
wait $itsp1
check "CLIR: From is anonymous" \
	grep -q '^From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=' <(invite_of itsp1)
check "CLIR: P-Asserted-Identity carries the caller" \
	has itsp1 "P-Asserted-Identity: <sip:+49301234567@127.0.0.1;user=phone>"
check "CLIR: Privacy: id" has itsp1 "Privacy: id"
check "CLIR: no call or channel left" idle

# 4. SIP -> PRI: subscriber TON, national caller, restricted, redirecting from Diversion
check "SIP -> PRI +4930100: answered by the PBX's 100" \
	sipp_uac "$S/uac_call_ident.xml" +4930100 -key rtpport $((BASE + 900)) -key pt 8 \
	-key codec PCMA -d 1000 -trace_msg -message_file "$T/ident.msgs"
check "COLP: the PBX's connected number 100 in the 200 as P-Asserted-Identity" \
	grep -q "^P-Asserted-Identity: <sip:100@127.0.0.1>" <(sed -n '/^SIP\/2.0 200 OK/,/^\r\{0,1\}$/p' "$T/ident.msgs" | tr -d '\r')
check "SIP -> PRI: PBX got 100 (subscriber, ISDN), caller national restricted+screened, \
redirecting 4930999 busy" grep -q "SETUP numbers: called 100 plan 0x41, calling 301234567 \
plan 0x21 pres 0x21, redirecting 4930999 reason 1" "$T/pbxsim.log"
check "hunting: group pbx (ascending) took span 1's lowest B-channel" \
	grep -q "isdn span 1: SETUP to '100' from '301234567' on B-channel 1$" "$T/prigated.log"
check "SIP -> PRI: no call or channel left" idle

# 4a. SIP -> PRI: History-Info (RFC 7044) without Diversion: the entry retargeted with cause=408
sed 's|^ *Diversion: .*|      History-Info: <sip:+4930111@[local_ip]>;index=1,<sip:+4930100@[local_ip];cause=408>;index=1.1;mp=1|' \
	"$S/uac_call_ident.xml" >"$T/uac_call_hist.xml"
check "History-Info: answered" sipp_uac "$T/uac_call_hist.xml" +4930100 \
	-key rtpport $((BASE + 900)) -key pt 8 -key codec PCMA -d 500
check "History-Info: PBX got redirecting 4930111, reason 2 (no reply)" \
	grep -q "SETUP numbers: called 100 plan 0x41, calling 301234567 plan 0x21 pres 0x21, \
redirecting 4930111 reason 2" "$T/pbxsim.log"
check "History-Info: no call or channel left" idle

# 4b. SIP -> PRI failover between spans: span 2 clears with cause 34, span 1 answers
check "span failover: +4932100 answered" sipp_uac "$S/uac_call.xml" +4932100 \
	-key rtpport $((BASE + 904)) -key pt 8 -key codec PCMA -d 500
check "span failover: span 2's PBX refused with cause 34" \
	grep -q "incoming call 5550100 -> 100: rejected, cause 34" "$T/pbxsim2.log"
check "span failover: logged" grep -q "cause 34, failed over to span 1" "$T/prigated.log"
check "hunting: span 2 (descending, its default) took B-channel 31" \
	grep -q "isdn span 2: SETUP to '100' from '5550100' on B-channel 31$" "$T/prigated.log"
check "span failover: no call or channel left" idle

# 5. per-rule limit: rule.pbx takes one call at a time
sipp_uac "$S/uac_call.xml" +4930100 -key rtpport $((BASE + 902)) -key pt 8 -key codec PCMA \
	-d 4000 &
held=$!
for _ in $(seq 1 50); do gwctl calls | grep -q active && break; sleep 0.1; done
check "limit: second call on rule.pbx gets 503 with cause 34" \
	sipp_uac "$(scenario "$S/uac_reject.xml.in" 503 34)" +4930100
check "limit: the first call completes" wait $held
check "limit: no call or channel left" idle

# 6. reload during 10 calls: they all survive, new calls follow the new rules
uas itsp1 $TRUNK_PORT "$S/uas_answer.xml" -m 10 -l 10
longs=()
for i in $(seq 1 10); do
	pbxctl call --from 0301234567 --duration 6 5551234 >"$T/long_$i.out" 2>&1 &
	longs+=($!)
done
for _ in $(seq 1 100); do [ "$(gwctl calls | grep -c active)" = 10 ] && break; sleep 0.1; done
check "reload: 10 calls are active" test "$(gwctl calls | grep -c active)" = 10
gw_conf 2
check "reload: accepted" grep -qx "configuration reloaded" <(gwctl reload)
check "reload: new rule in force" grep -qx "targets    1. trunk:itsp2 (127.0.0.1:$TRUNK2_PORT)" \
	<(gwctl route test --source span:1 5551234)
rm -f "$T/itsp2.msgs"
uas itsp2 $TRUNK2_PORT "$S/uas_answer.xml"
check "reload: a new call goes to itsp2" bash -c "'$B/pbxsim' call --from 0301234567 \
--duration 1 --ctl '$T/pbx.ctl' 5551234 >'$T/call2.out' 2>&1"
check "reload: itsp2 answered it" wait $itsp2
long_ok() { local p; for p in "${longs[@]}"; do wait "$p" || return 1; done; }
check "reload: the 10 calls from before the reload ended normally (cause 16)" long_ok
check "reload: itsp1 got their BYEs with cause 16" wait $itsp1
check "reload: +4930 no longer routed out" grep -q "no rule matches" \
	<(gwctl route test --source trunk:itsp1 +4930100 2>&1)

# 7. reload of a broken file: refused with file, section, key; old rules kept
gwctl route test --source span:1 5551234 >"$T/rt_before"
gw_conf broken
gwctl reload >"$T/reload.out" 2>&1
rc=$?
check "broken reload: exit status 1" test $rc = 1
check "broken reload: error names file, section and key" grep -qxF \
	"reload refused, old configuration kept: $T/gw.ini: [route.in pbx] rule.default: target 'trunk:nope' is not a [trunk NAME] section" \
	"$T/reload.out"
check "broken reload: old rules still in force" \
	diff -u "$T/rt_before" <(gwctl route test --source span:1 5551234)
check "prigated -t on the broken file: status 2" bash -c \
	"'$B/prigated' -t -c '$T/gw.ini' >/dev/null 2>&1; test \$? = 2"
check "end: no call or channel left" idle

finish
