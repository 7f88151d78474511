// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the signal-processing code: the RFC 3389 CN payload
 * parser (round trip through cng_build), and arbitrary audio through the
 * DTMF detector (events well formed: digits from the keypad, ends follow
 * their starts) and the PLC (any pattern of good and lost frames stays in
 * range, silence after 60 ms of loss).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cng.h"
#include "dtmf.h"
#include "plc.h"
#include "vbd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_cng(const uint8_t *data, size_t size)
{
	struct cng_params p;
	struct cng c;
	uint8_t buf[1 + CNG_ORDER_MAX];
	int16_t out[160];
	int ret = cng_parse(&p, data, size);

	if (ret) {
		if (ret != -EINVAL || (size && !(data[0] & 0x80)))
			abort();
		return;
	}
	if (p.level != data[0] || p.order > CNG_ORDER_MAX ||
	    p.order != (size - 1 < CNG_ORDER_MAX ? size - 1 : CNG_ORDER_MAX))
		abort();
	ret = cng_build(&p, buf, sizeof(buf));
	if (ret != 1 + p.order || buf[0] != data[0])
		abort();
	cng_init(&c);
	cng_set_params(&c, &p);
	cng_fill(&c, out, 160);
}

static void fuzz_dtmf(const int16_t *s, size_t n, size_t frame)
{
	struct dtmf_det d;
	struct dtmf_event ev[8];
	char cur = 0;
	size_t i;
	int k, j;

	dtmf_det_init(&d);
	for (i = 0; i < n; i += frame) {
		k = dtmf_det_process(&d, s + i, n - i < frame ? n - i : frame, ev, 8);
		if (k < 0 || k > 8)
			abort();
		for (j = 0; j < k; j++) {
			if (!strchr("0123456789*#ABCD", ev[j].digit) || !ev[j].digit)
				abort();
			if (ev[j].end ? ev[j].digit != cur : cur != 0)
				abort();
			cur = ev[j].end ? 0 : ev[j].digit;
		}
		if ((dtmf_det_digit(&d) != 0) != (cur != 0))
			abort();
	}
}

static void fuzz_plc(const int16_t *s, size_t n, uint8_t pattern)
{
	struct plc p;
	int16_t frame[80];
	size_t i, lost = 0;
	unsigned f = 0;

	plc_init(&p);
	for (i = 0; i + 80 <= n; i += 80, f++) {
		memcpy(frame, s + i, sizeof(frame));
		if (pattern & (1u << (f % 8))) {
			plc_conceal(&p, frame, 80);
			lost += 80;
			if (lost > 480)
				for (int j = 0; j < 80; j++)
					if (frame[j])
						abort();
		} else {
			plc_good(&p, frame, 80);
			lost = 0;
		}
	}
}

/* any samples, any framing: bounded events, only known signals */
static void fuzz_vbd(const int16_t *s, size_t n, size_t frame)
{
	struct vbd_det d;
	struct vbd_event ev[4];
	size_t i;
	int k, j;

	vbd_det_init(&d);
	for (i = 0; i < n; i += frame) {
		k = vbd_det_process(&d, s + i, n - i < frame ? n - i : frame, ev, 4);
		if (k < 0 || k > 4)
			abort();
		for (j = 0; j < k; j++)
			if (ev[j].sig <= VBD_NONE || ev[j].sig > VBD_V21)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int16_t s[16384];
	size_t n;

	if (size < 2)
		return 0;
	fuzz_cng(data + 1, size - 1);
	n = (size - 1) / 2 < 16384 ? (size - 1) / 2 : 16384;
	memcpy(s, data + 1, n * 2);
	fuzz_dtmf(s, n, 1 + data[0] % 200);
	fuzz_plc(s, n, data[0]);
	fuzz_vbd(s, n, 1 + data[0] % 320);
	return 0;
}
