# Sourced by vmtest.sh with the vspan pair up (spans 1 and 2): prigated on
# span 1 (network side, dahdi backend) and pbxsim on span 2 (user side),
# calls both ways with audio checked byte for byte, and a red alarm that
# must clear a call with cause 38, refuse new calls, and then recover.
G=/tmp/gw
mkdir -p $G
export TERM=dumb
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up

cat > $G/gw.ini <<EOF2
[general]
control = $G/gw.ctl
log_level = info
[sip]
listen = 127.0.0.1
port = 5060
[media]
rtp_address = 127.0.0.1
jitter_ms = 120
; audio is compared byte for byte: no sample dropped or repeated (TCG is noisy)
jitter_mode = fixed
[trunk sipp]
address = 127.0.0.1
port = 5080
[span 1]
backend = dahdi
device = 16
framing = e1
law = alaw
signalling = pri_net
trunk = sipp
EOF2
cat > $G/pbx.ini <<EOF2
[pbxsim]
node = user
backend = dahdi
cable = 47
control = $G/pbx.ctl
[dialplan]
100 = echo
; answers with silence: what comes back is vspan's hybrid echo
103 = answer
default = reject 1
EOF2

gwctl() { prigatectl -s $G/gw.ctl "$@"; }
gw_up() { gwctl spans 2>/dev/null | grep -q ' up '; }
no_calls() { [ "$(gwctl --json calls 2>/dev/null)" = "[]" ]; }
uac() {	# scenario service [args]: one sipp call to prigated
	sf=$1 svc=$2
	shift 2
	timeout 60 sipp -sf "$sf" -s "$svc" -i 127.0.0.1 -p 7000 -m 1 -timeout 40s \
		-timeout_error -nostdin -trace_err -error_file $G/sipp_err.log "$@" \
		127.0.0.1:5060 >> $G/sipp.log 2>&1
}

prigated -f -c $G/gw.ini > $G/gw.log 2>&1 &
gwpid=$!
pbxsim -f -c $G/pbx.ini > $G/pbx.log 2>&1 &
pbxpid=$!
check gw_dchan_up "prigated <-> pbxsim D-channel up over vspan" wait_for 300 gw_up
check gw_pbx_up "pbxsim sees its D-channel up too" pbxsim wait-up 30 --ctl $G/pbx.ctl
sleep 1 # both Q.931 sides settle (a SETUP in the first instant can meet cause 101)

head -c 16000 /dev/urandom > $G/noise.al
rtpcat -l 6000 -s $G/noise.al -o $G/echo.al -t 8 > $G/rtpcat.log 2>&1 &
rp=$!
check gw_sip_to_pri "sipp -> prigated -> span 1 -> span 2 -> pbxsim 100, answered" \
	uac /test/uac_call.xml 100 -key rtpport 6000 -key pt 8 -key codec PCMA -d 5000
wait $rp
check gw_audio "A-law echoed byte for byte across the vspan pair" audiocmp $G/noise.al $G/echo.al

timeout 60 sipp -sn uas -i 127.0.0.1 -p 5080 -m 1 -nostdin > $G/uas.log 2>&1 &
up=$!
sleep 1
check gw_pri_to_sip "pbxsim -> span 2 -> span 1 -> prigated -> sipp uas, answered" \
	pbxsim call --ctl $G/pbx.ctl --duration 2 5551234
wait $up

uac /test/uac_call.xml 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 30000 &
lc=$!
check gw_call_up "a long call is up" wait_for 100 '! no_calls'
echo 1 > $P/a/red
check gw_red_clears "red alarm on span 1 clears the call" wait_for 100 no_calls
check gw_red_cause "cleared with cause 38" grep -q "cleared with cause 38" $G/gw.log
wait $lc
check gw_red_refuses "new call during the alarm: 503 with Reason cause 38" \
	uac /test/uac_reject_503.xml 100
echo 0 > $P/a/red
check gw_recovers "D-channel up again after the alarm" wait_for 600 gw_up
check gw_restart "after recovery every idle B-channel is restarted and acknowledged" \
	wait_for 100 '[ $(grep -c "idle B-channels restarted (.* 0 not)" $G/gw.log) -ge 2 ]'
check gw_call_after "a call after recovery is answered" \
	uac /test/uac_call.xml 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 500
check gw_idle "no call left" wait_for 50 no_calls

# the whole span at once: 30 calls, every B-channel busy, all cleared after
timeout 120 sipp -sf /test/uac_call.xml -s 100 -i 127.0.0.1 -p 7001 -m 30 -l 30 -r 30 \
	-key rtpport 9 -key pt 8 -key codec PCMA -d 8000 -timeout 60s -timeout_error \
	-nostdin -trace_err -error_file $G/sipp30_err.log 127.0.0.1:5060 > $G/sipp30.log 2>&1 &
s30=$!
busy() { [ "$(gwctl channels | grep -c busy)" = "$1" ]; }
check gw_30_busy "30 simultaneous calls: 30 B-channels busy" wait_for 200 'busy 30'
check gw_30_dahdi "DAHDI has the same 30 B-channels in use (prigatectl channels)" \
	sh -c "[ \$(prigatectl -s $G/gw.ctl channels | grep -c ' busy .* in-use') = 30 ]"
wait $s30
s30_rc=$?
check gw_30_done "all 30 calls answered and cleared normally" \
	sh -c "[ $s30_rc = 0 ] && grep -q '^ *200 <----------  E-RTD1 30 ' $G/sipp30.log"
check gw_30_idle "no call or busy channel left" wait_for 100 'no_calls && busy 0'
[ "$failed" = 0 ] || { echo "---- sipp 30 ----"; head -c 1500 $G/sipp30.log; head -c 1500 $G/sipp30_err.log; }

# D-channel loss (every frame dropped both ways): Q.921 notices it within
# T203 + N200*T200; a loss mended before T309 (6 s) keeps the active call,
# one that lasts longer clears it.
downs() { grep -c "isdn span 1: D-channel down" $G/gw.log; }
dchan_loss() {	# 1|0
	ppm=$(( $1 * 1000000 ))
	echo $ppm > $P/a/dchan_drop_ppm
	echo $ppm > $P/b/dchan_drop_ppm
}
uac /test/uac_call.xml 100 -key rtpport 9 -key pt 8 -key codec PCMA -d 90000 &
lc=$!
check gw_t309_call "a call is up" wait_for 100 '! no_calls'
d0=$(downs)
dchan_loss 1
check gw_t309_down "D-channel loss noticed" wait_for 300 '[ $(downs) -gt $d0 ]'
dchan_loss 0
check gw_t309_back "D-channel back before T309" wait_for 100 gw_up
sleep 3 # the far end's STATUS/clearing after re-establishment would come now
check gw_t309_kept "the active call survived the short loss" sh -c '! no_calls'
d0=$(downs)
dchan_loss 1
check gw_t309_down2 "D-channel loss noticed again" wait_for 300 '[ $(downs) -gt $d0 ]'
check gw_t309_cleared "a loss longer than T309 clears the call" wait_for 150 no_calls
dchan_loss 0
kill $lc 2>/dev/null
wait $lc 2>/dev/null
check gw_t309_recovers "D-channel up again" wait_for 300 gw_up

# echo cancellation: prigated again with DAHDI's canceller (mg2, attached
# by system.conf) enabled on each B-channel it opens. vspan plays a far-end
# hybrid on span 1's receiver (12 dB loss, 20 ms); pbxsim's 103 answers
# with silence, so all span 1 hears is its own echo.
audiocmp --noise -15 8 $G/noise8.al # -15 dBm0 white noise, longer than the call
ec_call() { # FILE: a 6 s call to 103 with noise, its echo recorded
	rtpcat -l 6000 -s $G/noise8.al -o $1 -t 8 > $G/rtpcat_ec.log 2>&1 &
	rp=$!
	uac /test/uac_call.xml 103 -key rtpport 6000 -key pt 8 -key codec PCMA -d 6000
	wait $rp
}
echo 12 > $P/a/echo_loss_db
echo 20 > $P/a/echo_delay_ms
ec_call $G/echo_line.al
check gw_ec_line "without a canceller the line echo comes back 12 dB down" \
	sh -c "audiocmp --erle $G/noise8.al $G/echo_line.al 11 && ! audiocmp --erle $G/noise8.al $G/echo_line.al 13"
audiocmp --erle $G/noise8.al $G/echo_line.al 11
kill $gwpid
wait $gwpid 2>/dev/null
sed 's/^trunk = sipp$/trunk = sipp\nechocancel = 256/' $G/gw.ini > $G/gw_ec.ini
prigated -f -c $G/gw_ec.ini > $G/gw_ec.log 2>&1 &
gwpid=$!
check gw_ec_up "prigated with echocancel = 256 up" wait_for 300 gw_up
ec_call $G/echo_ec.al &
ecc=$!
check gw_ec_active "DAHDI reports the canceller ACTIVE on the call's B-channel" \
	wait_for 100 'gwctl channels | grep -q " busy .* in-use+ec"'
wait $ecc
check gw_ec_erle "with the canceller the echo comes back more than 24 dB down (the line: 12)" \
	audiocmp --erle $G/noise8.al $G/echo_ec.al 24
audiocmp --erle $G/noise8.al $G/echo_ec.al 24
check gw_ec_off "the canceller is released with the channel" \
	wait_for 50 '! gwctl channels | grep -q "+ec"'
echo 0 > $P/a/echo_loss_db

kill $gwpid $pbxpid
wait $gwpid $pbxpid 2>/dev/null
if [ "$failed" != 0 ]; then
	echo "---- prigated log ----"; tail -n 150 $G/gw.log
	echo "---- pbxsim log ----"; tail -n 40 $G/pbx.log
	echo "---- sipp errors ----"; tail -n 40 $G/sipp_err.log
	echo "---- sipp ----"; grep -v "^ *|\|^---\|^  [A-Z]" $G/sipp.log | tail -n 30
	echo "---- prigated with echocancel ----"; tail -n 30 $G/gw_ec.log
fi
