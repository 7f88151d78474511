// SPDX-License-Identifier: GPL-2.0-only
/* RTCP reports (RFC 3550 6.4, 6.5): build ours, read the peer's (see rtcp.h). */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "rtcp.h"

#define PT_SR 200
#define PT_RR 201
#define PT_SDES 202
#define NTP_UNIX_OFFSET 2208988800ull

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

bool rtcp_is(const uint8_t *buf, size_t len)
{
	return len >= 8 && (buf[0] >> 6) == 2 && buf[1] >= 192 && buf[1] <= 223;
}

static void block_read(struct rtcp_block *b, const uint8_t *p)
{
	uint32_t l = get32(p + 4) & 0xffffff;

	b->ssrc = get32(p);
	b->fraction = p[4];
	b->cum_lost = (int32_t)(l & 0x800000 ? l | 0xff000000u : l);
	b->ext_max_seq = get32(p + 8);
	b->jitter = get32(p + 12);
	b->lsr = get32(p + 16);
	b->dlsr = get32(p + 20);
}

int rtcp_parse(struct rtcp_info *info, const uint8_t *buf, size_t len, uint32_t our_ssrc)
{
	size_t off = 0;
	bool first = true;

	memset(info, 0, sizeof(*info));
	while (off + 4 <= len) {
		const uint8_t *p = buf + off;
		size_t plen = ((size_t)(p[2] << 8 | p[3]) + 1) * 4, rc = p[0] & 31, hdr, i;

		if ((p[0] >> 6) != 2 || off + plen > len)
			return -EBADMSG;
		/* 6.1: a compound packet starts with an SR or an RR */
		if (first && p[1] != PT_SR && p[1] != PT_RR)
			return -EBADMSG;
		if (p[1] == PT_SR || p[1] == PT_RR) {
			hdr = p[1] == PT_SR ? 28 : 8;
			if (plen < hdr + rc * 24)
				return -EBADMSG;
			if (first) {
				info->ssrc = get32(p + 4);
				if (p[1] == PT_SR) {
					info->sr = true;
					info->ntp_mid = get32(p + 10);
					info->pkts = get32(p + 20);
					info->octets = get32(p + 24);
				}
			}
			for (i = 0; i < rc; i++) {
				if (get32(p + hdr + i * 24) != our_ssrc)
					continue;
				block_read(&info->block, p + hdr + i * 24);
				info->have_block = true;
			}
		}
		first = false;
		off += plen;
	}
	return off == len && !first ? 0 : -EBADMSG;
}

size_t rtcp_build(uint8_t *buf, size_t size, const struct rtcp_report *r)
{
	size_t n = 0, cname = r->cname ? strlen(r->cname) : 0, sdes, words;
	uint8_t *p = buf;

	if (cname > 40)
		cname = 40;
	/* SDES: header, SSRC, CNAME item (type, length, text), end, padding to 32 bits */
	sdes = (8 + 2 + cname + 1 + 3) & ~(size_t)3;
	if (size < 28 + 24 + sdes || size < RTCP_MAX_LEN)
		return 0;
	words = (r->sr ? 28 : 8) + (r->have_block ? 24 : 0);
	p[0] = (uint8_t)(0x80 | (r->have_block ? 1 : 0));
	p[1] = r->sr ? PT_SR : PT_RR;
	p[2] = (uint8_t)((words / 4 - 1) >> 8);
	p[3] = (uint8_t)(words / 4 - 1);
	put32(p + 4, r->ssrc);
	n = 8;
	if (r->sr) {
		put32(p + 8, (uint32_t)(r->ntp >> 32));
		put32(p + 12, (uint32_t)r->ntp);
		put32(p + 16, r->rtp_ts);
		put32(p + 20, r->pkts);
		put32(p + 24, r->octets);
		n = 28;
	}
	if (r->have_block) {
		const struct rtcp_block *b = &r->block;

		put32(p + n, b->ssrc);
		put32(p + n + 4, (uint32_t)b->fraction << 24 | ((uint32_t)b->cum_lost & 0xffffff));
		put32(p + n + 8, b->ext_max_seq);
		put32(p + n + 12, b->jitter);
		put32(p + n + 16, b->lsr);
		put32(p + n + 20, b->dlsr);
		n += 24;
	}
	p = buf + n;
	memset(p, 0, sdes);
	p[0] = 0x81;
	p[1] = PT_SDES;
	p[2] = (uint8_t)((sdes / 4 - 1) >> 8);
	p[3] = (uint8_t)(sdes / 4 - 1);
	put32(p + 4, r->ssrc);
	p[8] = 1; /* CNAME */
	p[9] = (uint8_t)cname;
	memcpy(p + 10, r->cname ? r->cname : "", cname);
	return n + sdes;
}

int rtcp_rtt_ms(const struct rtcp_block *b, uint64_t ntp_now)
{
	uint32_t now = (uint32_t)(ntp_now >> 16), rtt;

	if (!b->lsr)
		return -1;
	rtt = now - b->lsr - b->dlsr; /* 1/65536 s, mod 2^32 */
	if (rtt > 65536u * 60) /* more than a minute: clocks or a stale LSR */
		return -1;
	return (int)((uint64_t)rtt * 1000 / 65536);
}

uint64_t rtcp_ntp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + NTP_UNIX_OFFSET) << 32 |
	       (uint64_t)(((uint64_t)ts.tv_nsec << 32) / 1000000000ull);
}
