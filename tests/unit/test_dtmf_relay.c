// SPDX-License-Identifier: GPL-2.0-only
/*
 * RFC 4733 relay: events in -> tones whose digits and durations the
 * detector confirms; tones in -> the event packet sequence of RFC 4733
 * 2.5 (marker on the first, one timestamp, growing duration, 3 ends).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "dtmf.h"
#include "media/dtmf_relay.h"

struct rx_case {
	const char *name;
	const char *digits;
	unsigned dur_ms;  /* event duration */
	unsigned ends;	  /* end packets sent (redundant) */
	bool reorder_end; /* an update arrives after the ends */
};

static const struct rx_case rx_cases[] = {
	{"RFC 4733 2.5.1: 1234567890*#ABCD, 100 ms, 3 ends", "1234567890*#ABCD", 100, 3, false},
	{"RFC 4733 2.5.1.4: one end packet", "159", 60, 1, false},
	{"RFC 4733 2.5.2.2: update after the ends ignored", "#0", 80, 3, true},
};

static int16_t line[8000 * 20];

static void put_ev(struct dtmf_relay_rx *r, uint32_t ts, char d, bool end, uint32_t dur)
{
	uint8_t pl[4] = {(uint8_t)dtmf_relay_event_code(d), (uint8_t)((end ? 0x80 : 0) | 10),
			 (uint8_t)(dur >> 8), (uint8_t)dur};

	assert_int_equal(dtmf_relay_rx_event(r, ts, pl, sizeof(pl)), 0);
}

static void test_rx(void **state)
{
	size_t c;

	for (c = 0; c < sizeof(rx_cases) / sizeof(rx_cases[0]); c++) {
		const struct rx_case *rc = &rx_cases[c];
		struct dtmf_relay_rx r;
		struct dtmf_det det;
		struct dtmf_event ev[8];
		char got[32] = "";
		size_t pos = 0, i, ng = 0;
		uint32_t ts = 1000;
		int n, k;

		dtmf_relay_rx_init(&r);
		memset(line, 0, sizeof(line));
		for (i = 0; rc->digits[i]; i++) {
			unsigned dur = rc->dur_ms * 8, t;

			/* packets every 20 ms, each 20 ms of output played between them */
			for (t = 160; t <= dur; t += 160) {
				put_ev(&r, ts, rc->digits[i], false, t);
				dtmf_relay_rx_fill(&r, line + pos, 160);
				pos += 160;
			}
			for (k = 0; k < (int)rc->ends; k++)
				put_ev(&r, ts, rc->digits[i], true, dur);
			if (rc->reorder_end)
				put_ev(&r, ts, rc->digits[i], false, dur - 160);
			while (dtmf_relay_rx_fill(&r, line + pos, 160))
				pos += 160;
			pos += 400; /* 50 ms pause */
			ts += dur + 400;
		}
		dtmf_det_init(&det);
		for (i = 0; i + 160 <= pos + 800; i += 160) {
			n = dtmf_det_process(&det, line + i, 160, ev, 8);
			for (k = 0; k < n; k++) {
				if (!ev[k].end) {
					got[ng++] = ev[k].digit;
					continue;
				}
				/* the tone lasts the event's duration, within a detector block */
				assert_true(ev[k].duration + 60 >= rc->dur_ms * 8 &&
					    ev[k].duration <= rc->dur_ms * 8 + 60);
			}
		}
		printf("%s: played %s\n", rc->name, got);
		assert_string_equal(got, rc->digits);
		assert_int_equal(r.events, strlen(rc->digits));
	}
}

static void test_tx(void **state)
{
	const char *digits = "0123456789*#ABCD";
	struct dtmf_relay_tx t;
	struct dtmf_relay_tx_pkt p[DTMF_RELAY_ENDS + 1];
	struct dtmf_gen g;
	int16_t frame[160];
	char got[32] = "";
	size_t ng = 0, f, i;
	uint32_t ts = 5000, ev_ts = 0, last_dur = 0;
	unsigned ends = 0;
	int n, k;

	dtmf_gen_init(&g);
	for (i = 0; digits[i]; i++)
		assert_int_equal(dtmf_gen_start(&g, digits[i], 100, 100, -10), 0);
	dtmf_relay_tx_init(&t);
	for (f = 0; f < 200; f++, ts += 160) {
		memset(frame, 0, sizeof(frame));
		dtmf_gen_fill(&g, frame, 160);
		n = dtmf_relay_tx_audio(&t, ts, frame, 160, p);
		for (k = 0; k < n; k++) {
			uint32_t dur = (uint32_t)p[k].pl[2] << 8 | p[k].pl[3];
			bool end = p[k].pl[1] & 0x80;

			if (p[k].marker) {
				/* RFC 4733 2.5.1.1: a new event, the previous one ended */
				assert_int_equal(ends, ng ? DTMF_RELAY_ENDS : 0);
				got[ng++] = dtmf_relay_event_digit(p[k].pl[0]);
				ev_ts = p[k].ts;
				ends = 0;
				last_dur = 0;
			}
			assert_int_equal(p[k].ts, ev_ts);
			assert_true(dur >= last_dur);
			last_dur = dur;
			if (end) {
				ends++;
				/* 100 ms tones, reported within a packet or two */
				assert_true(dur >= 640 && dur <= 1120);
			}
		}
	}
	printf("sent %s\n", got);
	assert_string_equal(got, digits);
	assert_int_equal(ends, DTMF_RELAY_ENDS);
}

static void test_bad_payloads(void **state)
{
	struct dtmf_relay_rx r;
	uint8_t pl[4] = {16, 0, 0, 160}; /* flash, not a DTMF digit */
	int16_t out[160];

	dtmf_relay_rx_init(&r);
	assert_int_equal(dtmf_relay_rx_event(&r, 0, pl, 4), -EINVAL);
	assert_int_equal(dtmf_relay_rx_event(&r, 0, pl, 3), -EINVAL);
	pl[0] = 255;
	assert_int_equal(dtmf_relay_rx_event(&r, 0, pl, 4), -EINVAL);
	assert_false(dtmf_relay_rx_fill(&r, out, 160));
	/* an end packet shorter than what was played already stops the tone at once */
	put_ev(&r, 800, '5', false, 160);
	for (int i = 0; i < 5; i++)
		assert_true(dtmf_relay_rx_fill(&r, out, 160));
	put_ev(&r, 800, '5', true, 320);
	assert_true(dtmf_relay_rx_fill(&r, out, 160));
	assert_false(dtmf_relay_rx_fill(&r, out, 160));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx),
		cmocka_unit_test(test_tx),
		cmocka_unit_test(test_bad_payloads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
