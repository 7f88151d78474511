// SPDX-License-Identifier: GPL-2.0-only
/*
 * RTCP reports: what rtcp_build writes rtcp_parse reads back exactly (SR
 * and RR, with and without a report block); RFC 5761 demultiplexing; the
 * A.8 round trip; malformed compound packets refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "media/rtcp.h"

static void test_roundtrip(void **state)
{
	static const struct {
		const char *name;
		bool sr, block;
	} rows[] = {
		{"SR with a report block", true, true},
		{"SR alone", true, false},
		{"RR with a report block", false, true},
		{"RR alone (nothing heard yet)", false, false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rtcp_report r = {
			.ssrc = 0xcafe0001, .sr = rows[i].sr, .ntp = 0x0123456789abcdefull,
			.rtp_ts = 160000, .pkts = 500, .octets = 80000, .have_block = rows[i].block,
			.cname = "prigate-1@192.0.2.1",
			.block = {.ssrc = 0x12345678, .fraction = 25, .cum_lost = -3,
				  .ext_max_seq = 0x10005, .jitter = 77, .lsr = 0x4567789a,
				  .dlsr = 0x8000},
		};
		struct rtcp_info in;
		uint8_t buf[RTCP_MAX_LEN];
		size_t n = rtcp_build(buf, sizeof(buf), &r);

		print_message("%s: %zu bytes\n", rows[i].name, n);
		assert_true(n > 0 && n <= RTCP_MAX_LEN && n % 4 == 0);
		assert_true(rtcp_is(buf, n));
		assert_int_equal(rtcp_parse(&in, buf, n, 0x12345678), 0);
		assert_int_equal(in.ssrc, 0xcafe0001);
		assert_int_equal(in.sr, rows[i].sr);
		if (rows[i].sr) {
			assert_int_equal(in.ntp_mid, 0x456789ab);
			assert_int_equal(in.pkts, 500);
			assert_int_equal(in.octets, 80000);
		}
		assert_int_equal(in.have_block, rows[i].block);
		if (rows[i].block) {
			assert_int_equal(in.block.fraction, 25);
			assert_int_equal(in.block.cum_lost, -3);
			assert_int_equal(in.block.ext_max_seq, 0x10005);
			assert_int_equal(in.block.jitter, 77);
			assert_int_equal(in.block.lsr, 0x4567789a);
			assert_int_equal(in.block.dlsr, 0x8000);
		}
		/* a block about another SSRC is not ours */
		assert_int_equal(rtcp_parse(&in, buf, n, 0x99), 0);
		assert_false(in.have_block);
	}
}

static void test_malformed(void **state)
{
	uint8_t buf[RTCP_MAX_LEN];
	struct rtcp_report r = {.ssrc = 1, .sr = true, .cname = "x"};
	struct rtcp_info in;
	size_t n = rtcp_build(buf, sizeof(buf), &r);

	(void)state;
	assert_int_equal(rtcp_parse(&in, buf, n - 1, 0), -EBADMSG);  /* cut short */
	assert_int_equal(rtcp_parse(&in, buf, n + 0, 0), 0);
	buf[0] ^= 0x40;						    /* version 3 */
	assert_int_equal(rtcp_parse(&in, buf, n, 0), -EBADMSG);
	buf[0] ^= 0x40;
	buf[1] = 202;						    /* SDES first */
	assert_int_equal(rtcp_parse(&in, buf, n, 0), -EBADMSG);
	buf[1] = 200;
	buf[0] |= 31;						    /* 31 blocks claimed */
	assert_int_equal(rtcp_parse(&in, buf, n, 0), -EBADMSG);
	assert_int_equal(rtcp_parse(&in, buf, 0, 0), -EBADMSG);
	assert_int_equal(rtcp_build(buf, 16, &r), 0);		    /* no room */
}

/* RFC 5761 4: RTP payload types 0-127 with or without the marker bit are not RTCP */
static void test_demux(void **state)
{
	uint8_t p[12] = {0x80, 0};
	int v;

	(void)state;
	for (v = 0; v < 256; v++) {
		p[1] = (uint8_t)v;
		assert_int_equal(rtcp_is(p, sizeof(p)), v >= 192 && v <= 223);
	}
	p[1] = 200;
	assert_false(rtcp_is(p, 4));
}

/* A.8: RTT = now - LSR - DLSR, in 1/65536 s */
static void test_rtt(void **state)
{
	struct rtcp_block b = {.lsr = 0x00010000, .dlsr = 0x00008000}; /* 1 s; 0.5 s */
	uint64_t now = (uint64_t)0x00019a00 << 16; /* 1.6015625 s */

	(void)state;
	assert_int_equal(rtcp_rtt_ms(&b, now), 101); /* 0x1a00 / 65536 s */
	b.lsr = 0;
	assert_int_equal(rtcp_rtt_ms(&b, now), -1);
	b.lsr = 0x00020000; /* from the future: nonsense */
	assert_int_equal(rtcp_rtt_ms(&b, now), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_demux),
		cmocka_unit_test(test_rtt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
