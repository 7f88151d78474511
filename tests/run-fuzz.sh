#!/bin/sh
# Run each libFuzzer harness for $1 seconds over its seed corpus
# (tests/fuzz/corpus/<name>/) plus a scratch corpus; fail on any crash.
set -u
secs=$1
shift
fail=0
for f in "$@"; do
	name=$(basename "$f")
	seeds=tests/fuzz/corpus/$name
	work=build/fuzz/work/$name
	mkdir -p "$work" "$seeds"
	echo "  FUZZ    $name (${secs}s)"
	if ! "$f" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
		-artifact_prefix=build/fuzz/ "$work" "$seeds" >build/fuzz/$name.log 2>&1; then
		echo "FAIL: $name, see build/fuzz/$name.log" >&2
		tail -30 build/fuzz/$name.log >&2
		fail=1
	fi
done
exit $fail
