// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ethernet II / IPv4 / UDP framing for the AF_XDP media engine, which
 * bypasses the kernel's stack and so writes and checks these headers
 * itself.
 */
#include <errno.h>
#include <string.h>

#include "netframe.h"

#define ETH_HLEN 14
#define ETHERTYPE_IPV4 0x0800
#define IPPROTO_UDP_ 17
#define IP_DF 0x4000
#define IP_MF_OFFSET 0x3fff

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint16_t netframe_csum(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t s = sum;

	while (len > 1) {
		s += get16(p);
		p += 2;
		len -= 2;
	}
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

int netframe_udp4_parse(uint8_t *frame, size_t len, struct netframe_udp4 *f)
{
	uint8_t *ip, *udp;
	size_t ihl, tot, ulen;

	if (len < ETH_HLEN)
		return -EBADMSG;
	if (get16(frame + 12) != ETHERTYPE_IPV4)
		return -EPROTONOSUPPORT;
	ip = frame + ETH_HLEN;
	if (len < ETH_HLEN + 20)
		return -EBADMSG;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	if (ip[0] >> 4 != 4 || ihl < 20 || len < ETH_HLEN + ihl)
		return -EBADMSG;
	if (ip[9] != IPPROTO_UDP_ || (get16(ip + 6) & IP_MF_OFFSET))
		return -EPROTONOSUPPORT;
	tot = get16(ip + 2);
	/* Ethernet may pad short frames: the IP length rules, never the frame's */
	if (tot < ihl + 8 || ETH_HLEN + tot > len)
		return -EBADMSG;
	if (netframe_csum(ip, ihl, 0) != 0xffff)
		return -EBADMSG;
	udp = ip + ihl;
	ulen = get16(udp + 4);
	if (ulen < 8 || ulen > tot - ihl)
		return -EBADMSG;
	f->src_mac = frame + 6;
	memcpy(&f->saddr, ip + 12, 4);
	memcpy(&f->daddr, ip + 16, 4);
	memcpy(&f->sport, udp, 2);
	memcpy(&f->dport, udp + 2, 2);
	f->payload = udp + 8;
	f->len = ulen - 8;
	return 0;
}

size_t netframe_udp4_build(uint8_t *frame, const uint8_t *src_mac, const uint8_t *dst_mac,
			   uint32_t saddr, uint32_t daddr, uint16_t sport, uint16_t dport,
			   size_t len, uint16_t ip_id, uint8_t tos)
{
	uint8_t *ip = frame + ETH_HLEN, *udp = ip + 20;
	uint32_t pseudo;
	uint16_t c;

	memcpy(frame, dst_mac, NETFRAME_ETH_ALEN);
	memcpy(frame + 6, src_mac, NETFRAME_ETH_ALEN);
	put16(frame + 12, ETHERTYPE_IPV4);

	ip[0] = 0x45;
	ip[1] = tos;
	put16(ip + 2, (uint16_t)(20 + 8 + len));
	put16(ip + 4, ip_id);
	put16(ip + 6, IP_DF);
	ip[8] = 64;
	ip[9] = IPPROTO_UDP_;
	put16(ip + 10, 0);
	memcpy(ip + 12, &saddr, 4);
	memcpy(ip + 16, &daddr, 4);
	put16(ip + 10, (uint16_t)~netframe_csum(ip, 20, 0));

	memcpy(udp, &sport, 2);
	memcpy(udp + 2, &dport, 2);
	put16(udp + 4, (uint16_t)(8 + len));
	put16(udp + 6, 0);
	/* pseudo header: addresses, protocol, UDP length */
	pseudo = netframe_csum(ip + 12, 8, IPPROTO_UDP_ + 8 + (uint32_t)len);
	c = (uint16_t)~netframe_csum(udp, 8 + len, pseudo);
	put16(udp + 6, c ? c : 0xffff);
	return NETFRAME_UDP4_HDR + len;
}
