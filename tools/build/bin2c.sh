#!/bin/sh
# bin2c.sh FILE NAME OUT: FILE's bytes as "static const unsigned char NAME[]"
# in the header OUT (the BPF object the AF_XDP engine carries inside).
set -eu
in=$1
name=$2
out=$3
{
	echo "/* generated from $in by tools/build/bin2c.sh; do not edit */"
	echo "static const unsigned char ${name}[] __attribute__((aligned(8))) = {"
	od -An -v -tx1 "$in" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^/\t/'
	echo "};"
} >"$out.tmp"
mv "$out.tmp" "$out"
