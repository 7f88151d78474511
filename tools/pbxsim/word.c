// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim control protocol words: percent-encoding of values (space, %, controls). */
#include <errno.h>
#include <stddef.h>

#include "pbxsim.h"

int pbx_word_encode(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch <= ' ' || ch == '%' || ch == 0x7f) {
			if (o + 3 >= size)
				return -ENOSPC;
			buf[o++] = '%';
			buf[o++] = hex[ch >> 4];
			buf[o++] = hex[ch & 15];
		} else {
			if (o + 1 >= size)
				return -ENOSPC;
			buf[o++] = (char)ch;
		}
	}
	if (o >= size)
		return -ENOSPC;
	buf[o] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int pbx_word_decode(char *s)
{
	char *o = s;
	int hi, lo;

	for (; *s; s++) {
		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		hi = hexval(s[1]);
		lo = hi < 0 ? -1 : hexval(s[2]);
		if (lo < 0 || (!hi && !lo))
			return -EINVAL;
		*o++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*o = '\0';
	return 0;
}
