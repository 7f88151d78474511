// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: RTP header parsing never reads past the packet. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/rtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	free(pkt);
	return 0;
}
