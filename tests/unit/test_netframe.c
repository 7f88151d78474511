// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ethernet II / IPv4 (RFC 791) / UDP (RFC 768) framing of the AF_XDP
 * engine: a table of received frames, parsed exactly, and built frames
 * checked against independently computed checksums.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "media/netframe.h"

/* 10.0.0.2:5004 -> 10.0.0.1:20000, 4 payload bytes, IPv4 checksum 0x66ca */
#define ETH 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00
#define IP(tot_lo, frag, proto, csum_hi, csum_lo)                                                  \
	0x45, 0, 0, tot_lo, 0, 1, frag, 0, 64, proto, csum_hi, csum_lo, 10, 0, 0, 2, 10, 0, 0, 1
#define UDP(len_lo) 0x13, 0x8c, 0x4e, 0x20, 0, len_lo, 0, 0

struct row {
	const char *name;
	uint8_t frame[80];
	size_t len;
	int err;
	size_t plen;
};

static const struct row rows[] = {
	{"RFC 768 UDP in IPv4 in Ethernet II",
	 {ETH, IP(32, 0, 17, 0x66, 0xca), UDP(12), 1, 2, 3, 4},
	 46,
	 0,
	 4},
	{"802.3 minimum frame padding is not payload",
	 {ETH,	   IP(32, 0, 17, 0x66, 0xca),
	  UDP(12), 1,
	  2,	   3,
	  4,	   0,
	  0,	   0,
	  0,	   0,
	  0,	   0,
	  0,	   0,
	  0,	   0,
	  0,	   0,
	  0},
	 60,
	 0,
	 4},
	{"RFC 768 UDP length shorter than IP's: UDP's rules",
	 {ETH, IP(32, 0, 17, 0x66, 0xca), UDP(10), 1, 2, 3, 4},
	 46,
	 0,
	 2},
	{"RFC 791 header checksum wrong",
	 {ETH, IP(32, 0, 17, 0x66, 0xcb), UDP(12), 1, 2, 3, 4},
	 46,
	 -EBADMSG,
	 0},
	{"RFC 791 total length past the frame",
	 {ETH, IP(40, 0, 17, 0x66, 0xc2), UDP(12), 1, 2, 3, 4},
	 46,
	 -EBADMSG,
	 0},
	{"RFC 768 UDP length past the IP packet",
	 {ETH, IP(32, 0, 17, 0x66, 0xca), UDP(13), 1, 2, 3, 4},
	 46,
	 -EBADMSG,
	 0},
	{"RFC 768 UDP length below its header",
	 {ETH, IP(32, 0, 17, 0x66, 0xca), UDP(7), 1, 2, 3, 4},
	 46,
	 -EBADMSG,
	 0},
	{"RFC 791 more fragments: left to the kernel",
	 {ETH, IP(32, 0x20, 17, 0x46, 0xca), UDP(12), 1, 2, 3, 4},
	 46,
	 -EPROTONOSUPPORT,
	 0},
	{"RFC 791 ICMP: left to the kernel",
	 {ETH, IP(32, 0, 1, 0x66, 0xda), UDP(12), 1, 2, 3, 4},
	 46,
	 -EPROTONOSUPPORT,
	 0},
	{"ARP ethertype: left to the kernel",
	 {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x06},
	 14,
	 -EPROTONOSUPPORT,
	 0},
	{"truncated Ethernet header", {ETH}, 13, -EBADMSG, 0},
	{"truncated IPv4 header", {ETH, IP(32, 0, 17, 0x66, 0xca)}, 33, -EBADMSG, 0},
	{"RFC 791 IHL below 5", {ETH, 0x44, 0, 0, 32}, 34, -EBADMSG, 0},
};

static void test_parse_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		uint8_t frame[80];
		struct netframe_udp4 f;
		int err;

		memcpy(frame, r->frame, sizeof(frame));
		err = netframe_udp4_parse(frame, r->len, &f);
		if (err != r->err)
			fail_msg("%s: returned %d, want %d", r->name, err, r->err);
		if (err)
			continue;
		if (f.len != r->plen || f.payload != frame + 42 || f.saddr != htonl(0x0a000002) ||
		    f.daddr != htonl(0x0a000001) || f.sport != htons(5004) ||
		    f.dport != htons(20000) || f.src_mac != frame + 6)
			fail_msg("%s: payload +%td/%zu", r->name, f.payload - frame, f.len);
	}
}

/* RFC 1071 4.1's example: the sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2 */
static void test_csum_rfc1071(void **state)
{
	static const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};

	assert_int_equal(netframe_csum(b, sizeof(b), 0), 0xddf2);
	/* an odd length pads with a zero byte */
	assert_int_equal(netframe_csum(b, 3, 0), 0xf201);
}

static void test_build_round_trip(void **state)
{
	static const uint8_t src[6] = {2, 0, 0, 0, 0, 1}, dst[6] = {2, 0, 0, 0, 0, 2};
	uint8_t frame[NETFRAME_UDP4_HDR + 5] = {0}, pseudo[12 + 8 + 5];
	struct netframe_udp4 f;
	size_t n;

	memcpy(frame + NETFRAME_UDP4_HDR, "\x80\x08\x00\x01\x02", 5);
	n = netframe_udp4_build(frame, src, dst, htonl(0x0a000001), htonl(0x0a000002), htons(20000),
				htons(5004), 5, 7, 0xb8);
	assert_int_equal(n, sizeof(frame));
	assert_memory_equal(frame, dst, 6);
	assert_memory_equal(frame + 6, src, 6);
	assert_int_equal(frame[15], 0xb8);     /* TOS as given */
	assert_int_equal(frame[14 + 6], 0x40); /* DF */
	assert_int_equal(netframe_udp4_parse(frame, n, &f), 0);
	assert_int_equal(f.len, 5);
	assert_int_equal(f.sport, htons(20000));
	/* the UDP checksum over the pseudo header and datagram folds to ffff */
	memcpy(pseudo, frame + 26, 8);
	pseudo[8] = 0;
	pseudo[9] = 17;
	pseudo[10] = 0;
	pseudo[11] = 13;
	memcpy(pseudo + 12, frame + 34, 13);
	assert_int_equal(netframe_csum(pseudo, sizeof(pseudo), 0), 0xffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_csum_rfc1071),
		cmocka_unit_test(test_build_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
