// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calling names between the Q.931 display IE (IA5 characters, Q.931
 * 4.5.16) and SIP display-names (UTF-8, RFC 3261 25.1): what may cross,
 * and the display-name of a P-Asserted-Identity value.
 */
#include <string.h>

#include "pl.h"
#include "route.h"
#include "sip/sip_msg.h"

/* copy printable characters, a '?' for each UTF-8 sequence beyond ASCII, no spaces at the ends */
static void name_copy(const char *in, size_t len, char *out, size_t size)
{
	size_t i, n = 0;

	if (!size)
		return;
	for (i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c >= 0x80) {
			/* a lead byte stands for its sequence; continuation bytes are skipped */
			if ((c & 0xc0) != 0x80)
				out[n++] = '?';
			continue;
		}
		if (c < 0x20 || c == 0x7f || (c == ' ' && !n))
			continue;
		out[n++] = (char)c;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

void route_name_from_isdn(const char *in, char *out, size_t size)
{
	name_copy(in, strlen(in), out, size);
}

void route_name_to_isdn(const char *in, char *out, size_t size)
{
	name_copy(in, strlen(in), out, size);
}

void route_name_from_hdr(const char *v, size_t len, char *out, size_t size)
{
	const char *end = v + len, *lt;
	char buf[128];

	out[0] = '\0';
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	lt = memchr(v, '<', (size_t)(end - v));
	if (!lt || lt == v)
		return; /* an addr-spec alone, or no display-name */
	if (*v == '"') {
		const char *q = v + 1;

		/* the closing quote: the first not escaped */
		while (q < lt && *q != '"')
			q += *q == '\\' && q + 1 < lt ? 2 : 1;
		if (q >= lt)
			return;
		if (sip_qstr_unescape(&(struct pl){v, (size_t)(q - v + 1)}, buf, sizeof(buf)))
			return;
		name_copy(buf, strlen(buf), out, size);
		return;
	}
	/* a token list: "Alice Smith <sip:...>" */
	name_copy(v, (size_t)(lt - v), out, size);
}
