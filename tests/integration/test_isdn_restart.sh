#!/bin/bash
# Q.931 5.5 restart procedure: the gateway restarts every idle B-channel when
# the span comes up, so a channel the PBX still holds after the gateway was
# killed does not stay stuck; a span with restart = no sends none.
BASE=29500
. "$(dirname "$0")/lib.sh"
S=$ROOT/tests/sipp

restarts_received() { pbxctl status | sed -n 's/^restarts received \([0-9]*\).*/\1/p'; }
wait_for() { # tenths-of-a-second command...
	local n=$1
	shift
	for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
	return 1
}
received_30() { [ "$(restarts_received)" = 30 ]; }
pbx_calls() { [ "$(pbxctl status | sed -n 's/^calls //p')" = "$1" ]; }

start_all
check "span up: all 30 idle B-channels restarted, the PBX received 30 RESTARTs" \
	wait_for 100 received_30
check "every RESTART acknowledged" wait_for 50 \
	grep -q "idle B-channels restarted (30 acknowledged, 0 not)" "$T/prigated.log"
check "no channel left restarting" wait_for 50 sh -c "! $B/prigatectl -s $T/gw.ctl channels | grep -q restarting"

# a call up, then the gateway dies without clearing it: the PBX keeps its
# side (T309 runs) while the new gateway starts with every channel idle
sipp_uac "$S/uac_call.xml" 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 60000 &
SIPP=$!
check "a call is up on the PBX" wait_for 100 pbx_calls 1
{ kill -KILL "${PIDS[0]}" "$SIPP"; wait "${PIDS[0]}" "$SIPP"; } 2>/dev/null
mv "$T/prigated.log" "$T/prigated-1.log"
rm -f "$T/e1.sock"
start_gateway
check "the new gateway's span comes up" wait_span_up
check "its RESTART of the held channel clears the PBX's call" wait_for 100 pbx_calls 0
check "cleared by RESTART, not by T309" grep -q "cleared by RESTART" "$T/pbxsim.log"
check "60 RESTARTs received in all" wait_for 100 sh -c "[ \"\$($B/pbxsim status --ctl $T/pbx.ctl | sed -n 's/^restarts received \([0-9]*\).*/\1/p')\" = 60 ]"
check "a new call works after the restart" \
	sipp_uac "$S/uac_call.xml" 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 500
check "no call or channel left" idle

# restart = no: the span comes up without a RESTART
kill -TERM "${PIDS[-1]}"
wait "${PIDS[-1]}" 2>/dev/null
sed -i 's/^trunk = test$/trunk = test\nrestart = no/' "$T/gw.ini"
mv "$T/prigated.log" "$T/prigated-2.log"
rm -f "$T/e1.sock"
start_gateway
check "with restart = no the span comes up" wait_span_up
sleep 1
check "and no RESTART is sent" test "$(restarts_received)" = 60
finish
