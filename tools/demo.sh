#!/bin/bash
# make run: start pbxsim (the legacy PBX) and prigated (the telco side) on
# a simulated E1 span, print how to try it, and stop both on Ctrl-C.
set -u
B=${1:-build/default}
PBX_CONF=conf/pbxsim-demo.ini
GW_CONF=conf/prigate-demo.ini

pids=()
cleanup() {
	trap - INT TERM EXIT
	echo
	echo "demo: stopping"
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -f /tmp/prigate-e1-1.sock
	exit 0
}
trap cleanup INT TERM EXIT

"$B/prigated" -f -c "$GW_CONF" &
pids+=($!)
sleep 0.3
"$B/pbxsim" -f -c "$PBX_CONF" &
pids+=($!)

for i in $(seq 1 50); do
	if "$B/prigatectl" spans 2>/dev/null | grep -q ' up '; then break; fi
	sleep 0.2
done
"$B/prigatectl" spans
cat <<EOM

prigate demo running: prigated (telco side, SIP on udp:127.0.0.1:5060)
  <-- simulated E1, EuroISDN, A-law, 30 B-channels -->  pbxsim (the PBX)

Try, in another terminal:
  SIP -> PBX, answered and echoed:   sipp -sn uac -s 100 127.0.0.1:5060 -m 1
  SIP -> PBX, busy (486):            sipp -sn uac -s 300 127.0.0.1:5060 -m 1
  PBX -> SIP trunk on :5080:         sipp -sn uas -p 5080 -m 1   (then)
                                     $B/pbxsim call 5551234
  gateway state:                     $B/prigatectl status | spans | calls

Dial plan of the PBX: 100 echo, 101 ring 2 s then echo, 200 milliwatt,
300 busy (cause 17), anything else unallocated (cause 1).
Ctrl-C stops everything.
EOM
wait -n "${pids[@]}"
echo "demo: a process exited" >&2
