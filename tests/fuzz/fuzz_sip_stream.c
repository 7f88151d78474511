// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: SIP over a stream (the TCP/TLS framer, then the
 * parser on every framed message) and digest challenges (sip_auth.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sip/sip_auth.h"
#include "sip/sip_msg.h"
#include "sip/sip_ua_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sip_msg m;
	char *buf = malloc(size ? size : 1);
	size_t off = 0, skip;
	long n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	while (off < size && (n = sip_stream_frame(buf + off, size - off, &skip, 4096)) >= 0) {
		off += skip;
		if (!n)
			break;
		if (!sip_msg_parse(&m, buf + off, (size_t)n)) {
			struct sip_cred cred = {"u", "p", ""};
			struct sip_digest_chal ch;
			bool proxy;

			sip_digest_pick(&ch, &proxy, &m, &cred);
		}
		off += (size_t)n;
	}
	{
		struct pl in = pl_make(buf, size);
		struct sip_digest_chal ch;

		sip_digest_parse(&ch, &in);
	}
	free(buf);
	return 0;
}
