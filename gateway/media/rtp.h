/* SPDX-License-Identifier: GPL-2.0-only */
/* RTP (RFC 3550) fixed header: parse and build. No allocation. */
#ifndef PRIGATE_RTP_H
#define PRIGATE_RTP_H

#include <stddef.h>
#include <stdint.h>

#define RTP_HDR_LEN 12
#define RTP_PT_PCMU 0
#define RTP_PT_PCMA 8
#define RTP_PT_CN 13

struct rtp_hdr {
	uint8_t pt;
	uint8_t marker;
	uint16_t seq;
	uint32_t ts;
	uint32_t ssrc;
	const uint8_t *payload;
	size_t payload_len;
};

/*
 * Parse a packet: version 2, CSRCs, header extension and padding are
 * accounted for. Returns 0 or -EBADMSG (never reads past len).
 */
int rtp_parse(struct rtp_hdr *h, const uint8_t *buf, size_t len);
/* write a 12-byte header; returns RTP_HDR_LEN */
size_t rtp_build_hdr(uint8_t *buf, uint8_t pt, int marker, uint16_t seq, uint32_t ts,
		     uint32_t ssrc);

/* RFC 3550 A.1 sequence arithmetic: a - b as a signed 16-bit distance */
static inline int16_t rtp_seq_diff(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b);
}

#endif
