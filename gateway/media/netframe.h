/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ethernet/IPv4/UDP frames for the AF_XDP engine: parse a received frame
 * down to its UDP payload, and write the 42 bytes of headers in front of
 * a payload to send. No allocation; the parser never reads past len.
 */
#ifndef PRIGATE_NETFRAME_H
#define PRIGATE_NETFRAME_H

#include <stddef.h>
#include <stdint.h>

#define NETFRAME_ETH_ALEN 6
#define NETFRAME_UDP4_HDR 42 /* Ethernet 14 + IPv4 20 + UDP 8 */

struct netframe_udp4 {
	const uint8_t *src_mac;
	uint32_t saddr, daddr; /* network byte order */
	uint16_t sport, dport; /* network byte order */
	uint8_t *payload;
	size_t len;
};

/*
 * An unfragmented IPv4 UDP packet in an Ethernet II frame: 0, or -EBADMSG
 * (truncated, lengths that disagree, a bad IPv4 header checksum) or
 * -EPROTONOSUPPORT (anything else: ARP, IPv6, VLAN, ICMP, fragments).
 * The UDP checksum is not verified (the XDP path leaves that to RTP/SRTP).
 */
int netframe_udp4_parse(uint8_t *frame, size_t len, struct netframe_udp4 *f);

/*
 * Write the headers into frame[0..41] for the len payload bytes that
 * follow them, with IPv4 and UDP checksums and the DF bit. Addresses and ports in
 * network byte order. Returns the frame length.
 */
size_t netframe_udp4_build(uint8_t *frame, const uint8_t *src_mac, const uint8_t *dst_mac,
			   uint32_t saddr, uint32_t daddr, uint16_t sport, uint16_t dport,
			   size_t len, uint16_t ip_id, uint8_t tos);

/* RFC 1071 one's complement sum, folded; the checksum is its complement */
uint16_t netframe_csum(const void *buf, size_t len, uint32_t sum);

#endif
