// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: RTP header parsing never reads past the packet, and
 * SRTP unprotect of any bytes fails cleanly (fuzz_jb drives the RFC 4733
 * receiver).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/media_srtp.h"
#include "media/rtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_srtp(const uint8_t *data, size_t size)
{
	static struct media_srtp *s;
	uint8_t buf[2048];
	size_t len = size;

	if (!s) {
		struct sdp_srtp_key k = {.suite = SDP_SRTP_AES_CM_128_HMAC_SHA1_80, .len = 30};

		if (media_srtp_alloc(&s, &k, &k))
			abort();
	}
	if (size > sizeof(buf))
		return;
	memcpy(buf, data, size);
	/* random bytes never authenticate */
	if (size > 12 && !media_srtp_unprotect(s, buf, &len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap copy of exactly size bytes, so ASan sees any overread */
	uint8_t *pkt = malloc(size ? size : 1);
	struct rtp_hdr h;

	if (!pkt)
		return 0;
	memcpy(pkt, data, size);
	if (!rtp_parse(&h, pkt, size)) {
		if (h.payload < pkt || h.payload + h.payload_len > pkt + size)
			abort();
		uint8_t out[RTP_HDR_LEN];

		rtp_build_hdr(out, h.pt, h.marker, h.seq, h.ts, h.ssrc);
		if (memcmp(out + 2, pkt + 2, 10) || (out[1] & 0x7f) != (pkt[1] & 0x7f))
			abort();
	}
	fuzz_srtp(data, size);
	free(pkt);
	return 0;
}
