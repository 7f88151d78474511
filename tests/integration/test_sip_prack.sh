#!/bin/bash
# RFC 3262 reliable provisional responses, both ways: the gateway's 183 to
# a 100rel INVITE comes with Require: 100rel and RSeq and waits for its
# PRACK (a wrong RAck gets 481); the gateway PRACKs a trunk's reliable 180;
# an extension it lacks in Require gets 420 with Unsupported.
BASE=28600
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp
start_all || exit 1

# 1. SIP -> PRI to 101 (rings with in-band ringback: a 183)
check "Supported: 100rel: reliable 183, 481 for a wrong RAck, 200 for PRACK, call answered" \
	sipp_uac "$S/uac_prack.xml" 101 -key rtpport 9 -key rel Supported
check "Require: 100rel: the same" sipp_uac "$S/uac_prack.xml" 101 -key rtpport 9 -key rel Require
check "Require: 100rel, foo: 420 Bad Extension with Unsupported: foo" \
	sipp_uac "$S/uac_require.xml" 100
check "no call or channel left" idle

# 2. PRI -> SIP: the trunk's reliable 180 is PRACKed with the right RAck
sipp -sf "$S/uas_prack.xml" -i 127.0.0.1 -p $TRUNK_PORT -m 1 -timeout 30s -timeout_error \
	-nostdin -trace_err -error_file "$T/uas_err.log" -rtp_echo -mp $((BASE + 700)) \
	>>"$T/uas.out" 2>&1 &
uas=$!
sleep 0.5
check "PRI -> SIP call to a trunk sending a reliable 180: answered" \
	bash -c "'$B/pbxsim' call --ctl '$T/pbx.ctl' --duration 1 5551234 >'$T/call.out' 2>&1"
check "the trunk saw Supported: 100rel and a PRACK with RAck 7 (sipp exit 0)" wait $uas
check "no call or channel left" idle
finish
