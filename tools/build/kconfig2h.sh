#!/bin/sh
# .config -> config.h: CONFIG_FOO=y becomes "#define CONFIG_FOO 1",
# strings and numbers are kept as they are. Used by the top Makefile.
set -eu
in=$1
out=$2
{
	echo "/* generated from $in by tools/build/kconfig2h.sh; do not edit */"
	echo "#ifndef PRIGATE_CONFIG_H"
	echo "#define PRIGATE_CONFIG_H"
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=y$/#define \1 1/p' \
	       -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(".*"\)$/#define \1 \2/p' \
	       -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\([0-9x-][0-9a-fA-Fx]*\)$/#define \1 \2/p' "$in"
	cat <<'EOH'
/* IS_ENABLED(CONFIG_FOO): 1 if CONFIG_FOO is defined to 1, 0 otherwise */
#define __PG_ARG_PLACEHOLDER_1 0,
#define __pg_take_second_arg(__ignored, val, ...) val
#define __pg_is_defined(x) ___pg_is_defined(x)
#define ___pg_is_defined(val) ____pg_is_defined(__PG_ARG_PLACEHOLDER_##val)
#define ____pg_is_defined(arg1_or_junk) __pg_take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __pg_is_defined(option)
#endif
EOH
} > "$out.tmp"
mv "$out.tmp" "$out"
