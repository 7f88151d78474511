// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: WAVE parsing into both laws, with its error contract. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wav.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse(const uint8_t *data, size_t size, enum g711_law law, uint8_t **out, size_t *len)
{
	char err[96];
	int ret;

	memset(err, 'x', sizeof(err));
	*out = NULL;
	*len = 0;
	ret = wav_parse(data, size, law, out, len, err, sizeof(err));
	if (ret == 0) {
		/* at least a byte a sample came from the buffer */
		if (!*out || *len == 0 || *len > size || *len > WAV_MAX_SAMPLES)
			abort();
	} else {
		if (ret != -EINVAL && ret != -ENOTSUP && ret != -EFBIG && ret != -ENOMEM)
			abort();
		if (*out || *len || !memchr(err, '\0', sizeof(err)) || err[0] == '\0')
			abort();
	}
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *a, *u;
	size_t alen, ulen;
	int ra, ru;

	ra = parse(data, size, G711_ALAW, &a, &alen);
	ru = parse(data, size, G711_ULAW, &u, &ulen);
	/* the law asked for changes the samples, never the verdict */
	if (ra != ru || alen != ulen)
		abort();
	free(a);
	free(u);
	return 0;
}
