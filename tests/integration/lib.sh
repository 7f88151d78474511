# Shared helpers for the integration tests: a private directory, prigated
# and pbxsim on a sim span with per-test sockets and ports, and cleanup
# that leaves no process or socket behind.
set -u
B=${B:-build/default}
B=$(cd "$B" && pwd)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T=$(mktemp -d /tmp/prigate-test.XXXXXX)
# ports: each test file picks its own base so tests could run side by side
BASE=${BASE:-21000}
# PORT_OFFSET moves every port, so several checkouts can test at once
BASE=$((BASE + ${PORT_OFFSET:-0}))
SIP_PORT=$((BASE + 60))
TRUNK_PORT=$((BASE + 80))
RTP_MIN=$((BASE + 100))
RTP_MAX=$((BASE + 400))
PIDS=()
# libpri 1.6 cannot free a span: its allocations are still held at exit
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
FAILS=0
PASSES=0

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ -n "${KEEP:-}" ] || [ "$FAILS" != 0 ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT

ok() { PASSES=$((PASSES + 1)); echo "ok - $*"; }
not_ok() { FAILS=$((FAILS + 1)); echo "not ok - $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
finish() {
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" = 0 ]
}

# The audio checks compare bytes, so by default the jitter buffer keeps its
# depth (jitter_mode = fixed): on a loaded machine the adaptive mode may
# drop or repeat a sample to follow the arrival jitter, which is right for
# a call and wrong for a byte comparison. The adaptive mode is tested in
# tests/unit/test_jb.c and end to end by test_dtmf.sh (JITTER_MODE=adaptive).
write_configs() {
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
jitter_ms = ${JITTER_MS:-120}
jitter_mode = ${JITTER_MODE:-fixed}
threads = ${MEDIA_THREADS:-2}
[trunk test]
address = 127.0.0.1
port = $TRUNK_PORT
[span 1]
backend = sim
device = $T/e1.sock
listen = yes
framing = e1
law = alaw
signalling = pri_net
switchtype = euroisdn
trunk = test
EOI
	sed -e "s|^cable *=.*|cable = $T/e1.sock|" -e "s|^control *=.*|control = $T/pbx.ctl|" \
		"$ROOT/conf/pbxsim-demo.ini" >"$T/pbx.ini"
}

start_gateway() {
	"$B/prigated" -f -c "$T/gw.ini" -v >"$T/prigated.log" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 1 50); do [ -S "$T/e1.sock" ] && break; sleep 0.1; done
}

start_pbx() {
	"$B/pbxsim" -f -c "$T/pbx.ini" >"$T/pbxsim.log" 2>&1 &
	PIDS+=($!)
}

wait_span_up() {
	for _ in $(seq 1 100); do
		if "$B/prigatectl" -s "$T/gw.ctl" spans 2>/dev/null | grep -q ' up '; then
			return 0
		fi
		sleep 0.1
	done
	echo "span did not come up" >&2
	cat "$T/prigated.log" "$T/pbxsim.log" >&2
	return 1
}

start_all() {
	write_configs
	start_gateway
	start_pbx
	wait_span_up
}

pbxctl() { "$B/pbxsim" "$@" --ctl "$T/pbx.ctl"; }
gwctl() { "$B/prigatectl" -s "$T/gw.ctl" "$@"; }

# sipp towards the gateway: sipp_uac SCENARIO SERVICE [extra args]
sipp_uac() {
	local sf=$1 service=$2
	shift 2
	sipp -sf "$sf" -s "$service" -i 127.0.0.1 -p "$((BASE + 1000 + RANDOM % 3000))" \
		-m 1 -l 1 -timeout 30s -timeout_error -nostdin -trace_err \
		-error_file "$T/sipp_err.log" "$@" "127.0.0.1:$SIP_PORT" \
		>>"$T/sipp.out" 2>&1
}

# a scenario made from a template with @CODE@/@CAUSE@ filled in
scenario() {
	local in=$1 code=$2 cause=$3 out="$T/$(basename "$1" .xml.in)_$2.xml"
	sed -e "s/@CODE@/$code/g" -e "s/@CAUSE@/$cause/g" "$in" >"$out"
	echo "$out"
}

# no calls, no busy channels left on the gateway
idle() {
	for _ in $(seq 1 50); do
		if ! gwctl channels | grep -q busy && [ "$(gwctl --json calls)" = "[]" ]; then
			return 0
		fi
		sleep 0.1
	done
	gwctl channels | grep busy >&2
	gwctl calls >&2
	return 1
}
