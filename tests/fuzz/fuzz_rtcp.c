// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: RTCP compound packets never read past len; a parsed block is sane. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/rtcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *pkt = malloc(size ? size : 1);
	struct rtcp_info in;
	int rtt;

	if (!pkt)
		return 0;
	memcpy(pkt, data, size);
	if (!rtcp_parse(&in, pkt, size, 0x12345678)) {
		if (!rtcp_is(pkt, size) || (in.have_block && in.block.ssrc != 0x12345678))
			abort();
		rtt = rtcp_rtt_ms(&in.block, rtcp_ntp_now());
		if (rtt < -1 || rtt > 60000)
			abort();
	}
	free(pkt);
	return 0;
}
