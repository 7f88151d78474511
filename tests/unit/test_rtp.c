// SPDX-License-Identifier: GPL-2.0-only
/* RTP fixed header (RFC 3550 5.1): a table of packets, parsed exactly. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "media/rtp.h"

struct row {
	const char *name;
	uint8_t pkt[40];
	size_t len;
	int err;
	uint8_t pt, marker;
	uint16_t seq;
	uint32_t ts, ssrc;
	size_t off, plen; /* payload offset and length */
};

#define HDR 0x80, 0x08, 0x12, 0x34, 0x00, 0x00, 0x00, 0xa0, 0xde, 0xad, 0xbe, 0xef

static const struct row rows[] = {
	{"5.1 minimal header, no payload", {HDR}, 12, 0, 8, 0, 0x1234, 0xa0, 0xdeadbeef, 12, 0},
	{"5.1 PCMA with 4 bytes", {HDR, 1, 2, 3, 4}, 16, 0, 8, 0, 0x1234, 0xa0, 0xdeadbeef, 12, 4},
	{"5.1 marker bit, PT 101",
	 {0x80, 0xe5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9},
	 13, 0, 101, 1, 1, 0, 1, 12, 1},
	{"5.1 CC=2: CSRCs skipped",
	 {0x82, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 7, 7},
	 22, 0, 0, 0, 1, 0, 1, 20, 2},
	{"5.3.1 header extension of one word",
	 {0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 5},
	 21, 0, 0, 0, 1, 0, 1, 20, 1},
	{"5.1 padding: last byte counts itself",
	 {0xa0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 6, 0, 0, 3},
	 17, 0, 0, 0, 1, 0, 1, 12, 2},
	{"5.1 version 1 refused", {0x40, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, 12, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 version 3 refused", {0xc0, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, 12, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 truncated header", {HDR}, 11, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 empty datagram", {0}, 0, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 CSRC list past the end", {0x83, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2}, 16,
	 -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.3.1 extension header past the end",
	 {0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde},
	 14, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.3.1 extension length past the end",
	 {0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 2, 1, 2, 3, 4},
	 20, -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 padding count 0 refused", {0xa0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0}, 14,
	 -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
	{"5.1 padding longer than payload", {0xa0, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5, 9}, 14,
	 -EBADMSG, 0, 0, 0, 0, 0, 0, 0},
};

static void test_parse_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct rtp_hdr h;
		int err = rtp_parse(&h, r->pkt, r->len);

		if (err != r->err)
			fail_msg("%s: returned %d, want %d", r->name, err, r->err);
		if (err)
			continue;
		if (h.pt != r->pt || h.marker != r->marker || h.seq != r->seq || h.ts != r->ts ||
		    h.ssrc != r->ssrc || h.payload != r->pkt + r->off || h.payload_len != r->plen)
			fail_msg("%s: pt %u m %u seq %u ts %u ssrc %x payload +%td/%zu", r->name, h.pt,
				 h.marker, h.seq, h.ts, h.ssrc, h.payload - r->pkt, h.payload_len);
	}
}

static void test_build_round_trip(void **state)
{
	uint8_t buf[RTP_HDR_LEN + 2] = {0};
	struct rtp_hdr h;

	assert_int_equal(rtp_build_hdr(buf, 0x7f, 1, 0xffff, 0xfffffff0u, 0x01020304u), RTP_HDR_LEN);
	assert_int_equal(rtp_parse(&h, buf, sizeof(buf)), 0);
	assert_int_equal(h.pt, 0x7f);
	assert_int_equal(h.marker, 1);
	assert_int_equal(h.seq, 0xffff);
	assert_int_equal(h.ts, 0xfffffff0u);
	assert_int_equal(h.ssrc, 0x01020304u);
	assert_int_equal(h.payload_len, 2);
}

/* RFC 3550 A.1: sequence numbers compare modulo 2^16 */
static void test_seq_diff(void **state)
{
	assert_int_equal(rtp_seq_diff(1, 0), 1);
	assert_int_equal(rtp_seq_diff(0, 1), -1);
	assert_int_equal(rtp_seq_diff(0, 0xffff), 1);
	assert_int_equal(rtp_seq_diff(0xffff, 0), -1);
	assert_int_equal(rtp_seq_diff(0x8000, 0), -32768);
	assert_int_equal(rtp_seq_diff(100, 90), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_build_round_trip),
		cmocka_unit_test(test_seq_diff),
	};

	return cmocka_run_group_tests_name("rtp", tests, NULL, NULL);
}
