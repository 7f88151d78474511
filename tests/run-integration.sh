#!/bin/bash
# Run every integration test (tests/integration/test_*.sh) against the
# binaries in $1; each gets a time limit and must leave nothing behind.
set -u
B=${1:-build/default}
export B
fail=0
pass=0
for t in tests/integration/test_*.sh; do
	name=$(basename "$t" .sh)
	echo "  TEST    $name"
	if timeout -k 10 600 bash "$t" >"build/$name.log" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL: $name (log: build/$name.log)" >&2
		tail -40 "build/$name.log" >&2
		fail=$((fail + 1))
	fi
done
echo "integration: $pass passed, $fail failed"
[ "$fail" = 0 ]
