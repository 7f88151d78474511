// SPDX-License-Identifier: GPL-2.0-only
/* RTP fixed-header parsing and building (RFC 3550 section 5.1). */
#include <errno.h>

#include "rtp.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int rtp_parse(struct rtp_hdr *h, const uint8_t *buf, size_t len)
{
	size_t off = RTP_HDR_LEN, end = len;
	unsigned cc;

	if (len < RTP_HDR_LEN || (buf[0] >> 6) != 2)
		return -EBADMSG;
	cc = buf[0] & 0x0f;
	h->marker = buf[1] >> 7;
	h->pt = buf[1] & 0x7f;
	h->seq = get16(buf + 2);
	h->ts = get32(buf + 4);
	h->ssrc = get32(buf + 8);
	off += 4 * cc;
	if (off > len)
		return -EBADMSG;
	if (buf[0] & 0x10) { /* header extension: 4-byte header + length words */
		if (off + 4 > len)
			return -EBADMSG;
		off += 4 + 4 * (size_t)get16(buf + off + 2);
		if (off > len)
			return -EBADMSG;
	}
	if (buf[0] & 0x20) { /* padding: last byte counts itself */
		uint8_t pad = buf[len - 1];

		if (pad == 0 || pad > end - off)
			return -EBADMSG;
		end -= pad;
	}
	h->payload = buf + off;
	h->payload_len = end - off;
	return 0;
}

size_t rtp_build_hdr(uint8_t *buf, uint8_t pt, int marker, uint16_t seq, uint32_t ts,
		     uint32_t ssrc)
{
	buf[0] = 0x80;
	buf[1] = (uint8_t)((marker ? 0x80 : 0) | (pt & 0x7f));
	buf[2] = (uint8_t)(seq >> 8);
	buf[3] = (uint8_t)seq;
	buf[4] = (uint8_t)(ts >> 24);
	buf[5] = (uint8_t)(ts >> 16);
	buf[6] = (uint8_t)(ts >> 8);
	buf[7] = (uint8_t)ts;
	buf[8] = (uint8_t)(ssrc >> 24);
	buf[9] = (uint8_t)(ssrc >> 16);
	buf[10] = (uint8_t)(ssrc >> 8);
	buf[11] = (uint8_t)ssrc;
	return RTP_HDR_LEN;
}
