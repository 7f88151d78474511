// SPDX-License-Identifier: GPL-2.0-only
/*
 * RFC 4733 relay: event packets become exactly their duration of tone,
 * redundant ends and other events play nothing; a digit on the B-channel
 * becomes event packets (marker first, one timestamp, growing duration,
 * the end three times) and its audio is replaced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "dsp_signals.h"
#include "media/media_dtmf.h"

static void ev(uint8_t p[4], unsigned code, bool end, unsigned vol, unsigned dur)
{
	p[0] = (uint8_t)code;
	p[1] = (uint8_t)((end ? 0x80 : 0) | vol);
	p[2] = (uint8_t)(dur >> 8);
	p[3] = (uint8_t)dur;
}

struct rx_row {
	const char *name;
	unsigned code;
	bool end;
	unsigned dur;
	uint32_t ts;
	int want; /* samples of tone, or -EBADMSG */
	bool busy_after;
};

/* one digit '5' at ts 1000 sent every 20 ms, its end three times, then '#' */
static const struct rx_row rx_rows[] = {
	{"first packet: 20 ms", 5, false, 160, 1000, 160, true},
	{"update: 20 ms more", 5, false, 320, 1000, 160, true},
	{"a lost update: 40 ms catch up", 5, false, 640, 1000, 320, true},
	{"end: the last 20 ms", 5, true, 800, 1000, 160, false},
	{"end again: nothing", 5, true, 800, 1000, 0, false},
	{"end a third time: nothing", 5, true, 800, 1000, 0, false},
	{"new event '#': its first 20 ms", 11, false, 160, 1800, 160, true},
	{"'#' lost its end, '0' starts: cut short", 0, false, 160, 2800, 160, true},
	{"event 16 (flash) plays nothing", 16, false, 160, 3800, 0, true},
	{"'0' ends", 0, true, 400, 2800, 240, false},
};

static void test_rx(void **state)
{
	struct media_dtmf d;
	int16_t out[960];
	uint8_t p[4];
	size_t i;

	(void)state;
	media_dtmf_init(&d);
	for (i = 0; i < sizeof(rx_rows) / sizeof(rx_rows[0]); i++) {
		const struct rx_row *r = &rx_rows[i];
		int n;

		print_message("rx: %s\n", r->name);
		ev(p, r->code, r->end, 10, r->dur);
		n = media_dtmf_rx(&d, p, 4, r->ts, out, 960);
		assert_int_equal(n, r->want);
		assert_int_equal(media_dtmf_rx_busy(&d), r->busy_after);
	}
	assert_int_equal(media_dtmf_rx(&d, p, 3, 5000, out, 960), -EBADMSG);
	assert_int_equal(d.rx_events, 3);
}

/* the tone played is DTMF the detector reads back as the digit */
static void test_rx_tone(void **state)
{
	struct media_dtmf d;
	struct dtmf_det det;
	struct dtmf_event e[8];
	int16_t out[800];
	uint8_t p[4];
	int n, k;

	(void)state;
	media_dtmf_init(&d);
	dtmf_det_init(&det);
	ev(p, 9, true, 10, 800);
	n = media_dtmf_rx(&d, p, 4, 0, out, 800);
	assert_int_equal(n, 800);
	k = dtmf_det_process(&det, out, 800, e, 8);
	assert_true(k >= 1);
	assert_int_equal(e[0].digit, '9');
	assert_in_range(e[0].level_dbm0, -12, -8);
}

static void test_tx(void **state)
{
	static double acc[8000];
	static int16_t pcm[8000];
	struct media_dtmf d;
	uint8_t p[4];
	bool marker;
	uint32_t ts = 5000, ev_ts = 0, last_dur = 0, first_ts = 0;
	size_t i;
	int k, packets = 0, ends = 0, markers = 0;

	(void)state;
	memset(acc, 0, sizeof(acc));
	/* '7' (852 + 1209 Hz) from 200 ms for 120 ms */
	sig_dtmf(acc, 8000, 1600, 960, 852, 1209, -10, -8);
	sig_to16(acc, pcm, 8000);
	media_dtmf_init(&d);
	for (i = 0; i < 8000; i += 160, ts += 160) {
		k = media_dtmf_tx(&d, pcm + i, 160, ts, p, &marker, &ev_ts);
		if (!k)
			continue;
		assert_int_equal(p[0], 7);
		if (marker) {
			markers++;
			first_ts = ev_ts;
		}
		assert_int_equal(ev_ts, first_ts);
		if (p[1] & 0x80) {
			ends++;
			assert_int_equal(k, MEDIA_DTMF_END_COPIES);
		} else {
			packets++;
			assert_int_equal(k, 1);
		}
		assert_true(((uint32_t)p[2] << 8 | p[3]) >= last_dur);
		last_dur = (uint32_t)p[2] << 8 | p[3];
	}
	assert_int_equal(markers, 1);
	assert_int_equal(ends, 1);
	assert_in_range(packets, 3, 7);
	assert_int_equal(d.tx_events, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx),
		cmocka_unit_test(test_rx_tone),
		cmocka_unit_test(test_tx),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
