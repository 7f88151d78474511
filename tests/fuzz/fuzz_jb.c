// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the jitter buffer and the RFC 4733 receiver fed any
 * sequence of packets (SSRC, timestamp steps, marker, CN, telephone-events,
 * lengths) and playout pulls never read or write out of bounds, and the
 * buffer's depth stays within its ring.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/dtmf_relay.h"
#include "media/jb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct jb jb;
	static struct dtmf_relay_rx rx;
	int16_t tone[JB_MAX_GET];
	struct jb_conf conf = {.init_ms = 40, .min_ms = 0, .max_ms = 250, .law = G711_ALAW};
	uint8_t out[JB_MAX_GET];
	struct jb_stats st;
	uint32_t ts = 0;
	size_t i = 0;

	if (size < 1)
		return 0;
	conf.min_ms = data[0] % 64;
	jb_init(&jb, &conf);
	dtmf_relay_rx_init(&rx);
	i = 1;
	while (i + 4 <= size) {
		uint8_t op = data[i];
		size_t len = data[i + 1] * 2u;

		if (op & 1) {
			jb_get(&jb, out, len > JB_MAX_GET ? JB_MAX_GET : len);
			dtmf_relay_rx_fill(&rx, tone, len > JB_MAX_GET ? JB_MAX_GET : len);
			i += 2;
		} else {
			ts += (uint32_t)(int16_t)(data[i + 2] << 8 | data[i + 3]) * 8;
			i += 4;
			if (len > size - i)
				len = size - i;
			if (op & 16)
				dtmf_relay_rx_event(&rx, ts, data + i, len);
			else
				jb_put(&jb, op & 2 ? 0x1111 : 0x2222, ts, op & 4,
				       op & 8 ? JB_CN : JB_AUDIO, data + i, len);
			i += len;
		}
		jb_get_stats(&jb, &st);
		if (st.depth > JB_SIZE)
			abort();
	}
	return 0;
}
