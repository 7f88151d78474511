// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: the AF_XDP engine's frame parser stays inside the frame. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "media/netframe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *frame = malloc(size ? size : 1);
	struct netframe_udp4 f;

	if (!frame)
		return 0;
	memcpy(frame, data, size);
	if (!netframe_udp4_parse(frame, size, &f) &&
	    (f.payload < frame + 42 || f.payload + f.len > frame + size))
		abort();
	free(frame);
	return 0;
}
